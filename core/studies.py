"""Small training experiments the /train page runs on demand: one epoch at several batch sizes.

Each study trains a fresh ``Trainer`` per setting and reports what happened; the page draws the numbers.

Example
-------
>>> from core.datasets import digits                                        # doctest: +SKIP
>>> rows = batch_size_study(CNNConfig(), digits(), [8, 32, None], lr=0.1)   # doctest: +SKIP
>>> [r.iterations for r in rows]                                            # doctest: +SKIP
[100, 25, 1]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from core.training import CNNConfig, Trainer

# Batch 1 over the full digits set is ~1,400 updates; this many training images keep a whole study
# (batch 1, 8, 32, 128 and the full set, one epoch) to about two seconds on a shared 2-core server.
STUDY_MAX_TRAIN = 800


@dataclass(frozen=True)
class BatchRow:
    """One batch size trained for ``epochs`` epochs from the same initial weights."""

    batch_size: int
    iterations: int  # ⌈n_train / batch_size⌉ × epochs: one weight update each
    seconds: float  # wall time of the training steps (validation excluded)
    samples_per_s: float
    val_acc: float  # after the last epoch, on the whole validation set
    loss: list[float]  # per iteration (one entry per update)
    n_train: int  # training images used (fewer than the dataset's when it was subsampled)
    subsampled: bool


def batch_size_study(
    cfg: CNNConfig,
    dataset,
    batch_sizes: Sequence[int | None],
    *,
    epochs: int = 1,
    optimizer: str = "sgd",
    lr: float = 0.1,
    seed: int = 0,
    loss: str = "cross_entropy",
    max_train: int | None = STUDY_MAX_TRAIN,
) -> list[BatchRow]:
    """Train the same network (same seed, same data) once per batch size; ``None`` is the whole training set.

    The training set is cut to its first ``max_train`` images (``None``: no cap) so the study stays short;
    each row says how many were used. Validation always uses the whole validation set.
    """
    if epochs < 1:
        raise ValueError(f"epochs must be >= 1, got {epochs}")
    if max_train is not None and max_train < 1:
        raise ValueError(f"max_train must be >= 1 or None, got {max_train}")
    n_all = len(dataset.y_train)
    n = n_all if max_train is None else min(n_all, int(max_train))
    data = (
        dataset
        if n == n_all
        else dataclasses.replace(dataset, x_train=dataset.x_train[:n], y_train=dataset.y_train[:n])
    )
    rows = []
    for b in batch_sizes:
        if b is not None and int(b) < 1:
            raise ValueError(f"batch sizes must be >= 1, got {b}")
        batch = n if b is None else min(int(b), n)  # a batch larger than the set is the whole set
        trainer = Trainer(cfg, data, optimizer=optimizer, lr=lr, batch_size=batch, epochs=epochs, seed=seed, loss=loss)
        while trainer.status == "ready":
            trainer.step(trainer.iters_per_epoch)
        rows.append(
            BatchRow(
                batch_size=batch,
                iterations=trainer.iteration,
                seconds=trainer.train_seconds,
                samples_per_s=trainer.samples_seen / trainer.train_seconds if trainer.train_seconds > 0 else 0.0,
                val_acc=trainer.evaluate(),
                loss=list(trainer.history.loss),
                n_train=n,
                subsampled=n < n_all,
            )
        )
    return rows
