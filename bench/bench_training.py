"""Speed of the /train page's Trainer against a plain PyTorch loop, and time to 97 % on digits.

Run: ``python bench/bench_training.py`` (from anywhere). Prints

1. samples/s of ``Trainer.step`` ÷ samples/s of a hand-written loop training the same model
   (same init, same data tensors, same optimizer, same batches) in this process — goal ≥ 0.9;
2. wall time of the default digits run (``Trainer(CNNConfig(), digits())``, stepped in page-sized
   chunks) until validation accuracy ≥ 97 % — goal ≤ 20 s.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from core.datasets import digits  # noqa: E402
from core.training import CNNConfig, Trainer, build_model, make_optimizer  # noqa: E402

torch.set_num_threads(1)
EPOCHS = 4
REPEATS = 5


def plain_loop(ds, *, epochs: int, lr: float, batch_size: int, seed: int) -> float:
    """Seconds for ``epochs`` epochs of the textbook loop (no history, no evaluation)."""
    model = build_model(CNNConfig(), seed=seed)
    opt = make_optimizer("adam", model.parameters(), lr=lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    x, y = torch.from_numpy(ds.x_train), torch.from_numpy(ds.y_train)
    gen = torch.Generator().manual_seed(seed)
    start = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(len(y), generator=gen)
        for i in range(0, len(y), batch_size):
            idx = perm[i : i + batch_size]
            loss = loss_fn(model(x[idx]), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
    return time.perf_counter() - start


def trainer_loop(ds, *, epochs: int, lr: float, batch_size: int, seed: int, chunk: int = 16) -> float:
    """Seconds for the same epochs through ``Trainer.step`` (history + per-epoch validation included)."""
    trainer = Trainer(CNNConfig(), ds, lr=lr, batch_size=batch_size, epochs=epochs, seed=seed)
    start = time.perf_counter()
    while trainer.status == "ready":
        trainer.step(chunk)
    return time.perf_counter() - start


def time_to_97(ds, *, chunk: int = 16, limit_s: float = 120.0) -> tuple[float, int, float]:
    start = time.perf_counter()
    trainer = Trainer(CNNConfig(), ds, epochs=50)  # the page's defaults, run until 97 %
    seen_epochs = 0
    while trainer.status == "ready" and time.perf_counter() - start < limit_s:
        trainer.step(chunk)
        if trainer.epoch > seen_epochs:
            seen_epochs = trainer.epoch
            if trainer.history.val_acc[-1] >= 0.97:
                break
    return time.perf_counter() - start, trainer.epoch, trainer.history.val_acc[-1]


def main() -> None:
    t0 = time.perf_counter()
    ds = digits(seed=0)
    load_s = time.perf_counter() - t0
    defaults = Trainer(CNNConfig(), ds)
    kw = dict(epochs=EPOCHS, lr=defaults.lr, batch_size=defaults.batch_size, seed=0)
    n = EPOCHS * len(ds.y_train)
    plain_loop(ds, **{**kw, "epochs": 1})  # warm-up
    plain, ours = [], []
    for _ in range(REPEATS):  # interleaved, best of each: the machine is shared and noisy
        plain.append(plain_loop(ds, **kw))
        ours.append(trainer_loop(ds, **kw))
    plain_sps, ours_sps = n / min(plain), n / min(ours)
    print(f"torch threads: {torch.get_num_threads()}, digits load: {load_s:.2f} s")
    print(f"plain loop : {plain_sps:9.0f} samples/s (best of {REPEATS} × {EPOCHS} epochs)")
    print(f"Trainer    : {ours_sps:9.0f} samples/s (includes history and per-epoch validation)")
    print(f"ratio      : {ours_sps / plain_sps:.2f}   (goal >= 0.9)")
    wall, epochs, acc = time_to_97(ds)
    print(f"default digits run: {acc:.1%} validation accuracy after {epochs} epochs in {wall:.2f} s (goal <= 20 s)")


if __name__ == "__main__":
    main()
