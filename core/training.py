"""A small CNN trained live: config, model, layer table and a chunked, seeded trainer.

The network is ``[conv → activation → pool]`` once per entry of ``channels``, then ``flatten → linear``; softmax and
cross-entropy live in the loss. Torch is imported here (and in ``core/travel.py``, ``core/datasets.py``) only, so
the light pages never load it.

Example
-------
>>> from core.datasets import digits                      # doctest: +SKIP
>>> trainer = Trainer(CNNConfig(), digits(), seed=0)     # doctest: +SKIP
>>> while trainer.status == "ready":                     # doctest: +SKIP
...     progress = trainer.step(50)
>>> trainer.evaluate()                                   # doctest: +SKIP
0.98...
"""

from __future__ import annotations

import io
import json
import math
import time
from dataclasses import asdict, dataclass, field

import numpy as np
import torch
from torch import nn

from core.activations import ACTIVATIONS
from core.errors import CoreError
from core.layer import output_size
from core.trainer_args import OPTIMIZERS, check_images, check_trainer_args
from core.travel import restore_data, without_data

LOSSES = ("cross_entropy", "mse")  # mse: squared error between softmax(logits) and the one-hot target
POOLINGS = ("max", "avg")
MAX_BLOCKS = 3
POOL_SIZE = 2  # 2×2 window at stride 2: halves height and width
_EVAL_CHUNK = 1024  # evaluation batch: bounds memory for large validation sets
# A loss this many times the uniform guess (ln K) means the weights have blown up even if it is finite.
_DIVERGED_FACTOR = 100.0

# The same module with the same default parameters as core.activations (leaky_relu slope 0.1, elu alpha 1).
_TORCH_ACTIVATIONS = {
    "sigmoid": lambda: nn.Sigmoid(),
    "tanh": lambda: nn.Tanh(),
    "relu": lambda: nn.ReLU(),
    "leaky_relu": lambda: nn.LeakyReLU(negative_slope=0.1),
    "elu": lambda: nn.ELU(alpha=1.0),
    "gelu": lambda: nn.GELU(),
    "silu": lambda: nn.SiLU(),
    "softplus": lambda: nn.Softplus(),
}


def activation_names() -> list[str]:
    """Activation names a CNN can use: the Activations registry entries that have a torch module."""
    return [name for name in ACTIVATIONS if name in _TORCH_ACTIVATIONS]


class ConfigError(CoreError):
    """A mini-CNN that cannot be built.

    Codes (``params``):

    - ``channels``, ``kernel_size``, ``padding``, ``activation``, ``pooling``, ``input_shape``, ``n_classes``:
      that argument of ``CNNConfig`` is invalid (``value``)
    - ``too_small``: the input is too small for the stack, so a layer's output would be empty (``layer``;
      ``h``, ``w`` = that layer's input size)

    Each is also a ``ValueError`` whose message names the argument or the layer.
    """


@dataclass(frozen=True)
class CNNConfig:
    """Architecture of the mini-CNN; the defaults are the page's defaults for the 8×8 digits.

    Parameters
    ----------
    channels : tuple of int
        Output channels of each ``conv → activation → pool`` block, one entry per block (1 to ``MAX_BLOCKS``).
    kernel_size, padding : int
        Square convolution kernel and zero padding (stride 1).
    activation : str
        Name from the Activations registry (``activation_names()``).
    pooling : {"max", "avg"}
        2×2 pooling at stride 2 after each activation.
    input_shape : tuple (C, H, W)
    n_classes : int

    Raises ``ConfigError`` (a ``ValueError``) naming the argument that describes no network. Whether the
    input is large enough for the stack is ``describe``'s question.

    >>> CNNConfig(channels=(8, 16)).n_blocks
    2
    """

    channels: tuple[int, ...] = (16, 32)
    kernel_size: int = 3
    padding: int = 1
    activation: str = "relu"
    pooling: str = "max"
    input_shape: tuple[int, int, int] = (1, 8, 8)
    n_classes: int = 10

    def __post_init__(self) -> None:
        # Lists (from JSON or widgets) become tuples: configs compare equal and stay hashable.
        object.__setattr__(self, "channels", tuple(self.channels))
        object.__setattr__(self, "input_shape", tuple(self.input_shape))
        _check_config(self)

    @property
    def n_blocks(self) -> int:
        """Number of ``conv → activation → pool`` blocks."""
        return len(self.channels)


@dataclass(frozen=True)
class LayerInfo:
    """One row of the layer table: output shape without the batch axis, and learnable parameters."""

    name: str
    kind: str  # "input", "conv", "activation", "pool", "flatten", "linear"
    shape: tuple[int, ...]
    params: int


def _is_count(value, minimum: int) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value >= minimum


def _check_config(cfg: CNNConfig) -> None:
    def fail(code: str, rule: str, value) -> None:
        raise ConfigError(code, f"{code} must be {rule}, got {value!r}", value=value)

    if not 1 <= len(cfg.channels) <= MAX_BLOCKS or not all(_is_count(c, 1) for c in cfg.channels):
        fail("channels", f"1 to {MAX_BLOCKS} positive channel counts, one per block", cfg.channels)
    if not _is_count(cfg.kernel_size, 1):
        fail("kernel_size", "an integer >= 1", cfg.kernel_size)
    if not _is_count(cfg.padding, 0):
        fail("padding", "an integer >= 0", cfg.padding)
    if cfg.activation not in _TORCH_ACTIVATIONS:
        fail("activation", f"one of {sorted(_TORCH_ACTIVATIONS)}", cfg.activation)
    if cfg.pooling not in POOLINGS:
        fail("pooling", f"one of {POOLINGS}", cfg.pooling)
    if len(cfg.input_shape) != 3 or not all(_is_count(n, 1) for n in cfg.input_shape):
        fail("input_shape", "(C, H, W) with positive sizes", cfg.input_shape)
    if not _is_count(cfg.n_classes, 2):
        fail("n_classes", "an integer >= 2", cfg.n_classes)


def describe(cfg: CNNConfig, *, with_pooling: bool = True) -> list[LayerInfo]:
    """Per layer: output shape (C, H, W) and parameter count, computed with ``core.layer.output_size``.

    ``with_pooling=False`` describes the same stack with every pooling layer replaced by the
    identity (maps keep their size), to show what pooling saves in the layers after it.
    Raises ``ConfigError("too_small")`` naming the layer whose output would be empty (input too small
    for the stack).
    """
    c, h, w = cfg.input_shape
    rows = [LayerInfo("input", "input", (c, h, w), 0)]
    for b, c_out in enumerate(cfg.channels, start=1):
        h, w = _out_hw(f"conv{b}", h, w, cfg.kernel_size, stride=1, padding=cfg.padding)
        params = c_out * c * cfg.kernel_size**2 + c_out  # weights + one bias per output channel
        rows.append(LayerInfo(f"conv{b}", "conv", (c_out, h, w), params))
        rows.append(LayerInfo(f"act{b}", "activation", (c_out, h, w), 0))
        if with_pooling:
            h, w = _out_hw(f"pool{b}", h, w, POOL_SIZE, stride=POOL_SIZE, padding=0)
        rows.append(LayerInfo(f"pool{b}", "pool", (c_out, h, w), 0))  # no weights, same channels
        c = c_out
    features = c * h * w
    rows.append(LayerInfo("flatten", "flatten", (features,), 0))
    rows.append(LayerInfo("fc", "linear", (cfg.n_classes,), features * cfg.n_classes + cfg.n_classes))
    return rows


def _out_hw(layer: str, h: int, w: int, k: int, *, stride: int, padding: int) -> tuple[int, int]:
    try:
        return output_size(h, k, stride=stride, padding=padding), output_size(w, k, stride=stride, padding=padding)
    except ValueError as err:
        raise ConfigError(
            "too_small", f"{layer} output would be empty: its {h}×{w} input is too small ({err})", layer=layer, h=h, w=w
        ) from None


def build_model(cfg: CNNConfig, *, seed: int = 0) -> nn.Sequential:
    """The torch model of ``cfg``, initialised from its own ``torch.Generator(seed)``.

    The init is PyTorch's default for conv/linear (uniform in ±1/√fan_in for weights and biases),
    drawn from a private generator so that concurrent sessions never touch the global RNG.
    """
    layers = describe(cfg)  # validates and gives the flatten size
    c = cfg.input_shape[0]
    modules: dict[str, nn.Module] = {}
    pool = nn.MaxPool2d if cfg.pooling == "max" else nn.AvgPool2d
    for b, c_out in enumerate(cfg.channels, start=1):
        modules[f"conv{b}"] = nn.Conv2d(c, c_out, cfg.kernel_size, padding=cfg.padding)
        modules[f"act{b}"] = _TORCH_ACTIVATIONS[cfg.activation]()
        modules[f"pool{b}"] = pool(POOL_SIZE, stride=POOL_SIZE)
        c = c_out
    modules["flatten"] = nn.Flatten()
    modules["fc"] = nn.Linear(layers[-2].shape[0], cfg.n_classes)
    model = nn.Sequential()
    for name, module in modules.items():
        model.add_module(name, module)
    _init_parameters(model, torch.Generator().manual_seed(int(seed)))
    return model


def _init_parameters(model: nn.Module, generator: torch.Generator) -> None:
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, (nn.Conv2d, nn.Linear)):
                fan_in = module.weight[0].numel()
                bound = 1.0 / math.sqrt(fan_in)
                module.weight.uniform_(-bound, bound, generator=generator)
                module.bias.uniform_(-bound, bound, generator=generator)


def make_optimizer(name: str, params, *, lr: float) -> torch.optim.Optimizer:
    """``"sgd"``, ``"momentum"`` (SGD with momentum 0.9) or ``"adam"``."""
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr)
    raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {name!r}")


def iterations_per_epoch(n_train: int, batch_size: int) -> int:
    """⌈N_train / batch_size⌉: the last, smaller batch still counts as one iteration."""
    return -(-int(n_train) // int(batch_size))


@dataclass
class History:
    """Loss per iteration; train/validation accuracy per epoch (train accuracy is over that epoch's batches)."""

    loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Progress:
    """What ``Trainer.step`` reports."""

    iteration: int
    epoch: int  # completed epochs
    epochs: int
    iters_per_epoch: int
    total_iterations: int
    samples_per_s: float  # over training time only (the page's ETA counts wall time: see ui/train/state.py)
    status: str  # "ready", "done", "diverged"

    @property
    def fraction(self) -> float:
        return min(1.0, self.iteration / max(1, self.total_iterations))


class Trainer:
    """Trains ``build_model(cfg, seed=seed)`` on ``dataset`` a few batches at a time.

    Shuffling draws ``torch.randperm(N_train, generator=torch.Generator().manual_seed(seed))`` at the
    start of each epoch from one generator kept for the whole run, so a seed fixes the whole history.

    Parameters
    ----------
    cfg : CNNConfig
        ``input_shape`` and ``n_classes`` must match the dataset.
    dataset : core.datasets.Dataset
        ``x_train`` (N, C, H, W) float32, ``y_train`` (N,) int64, and the validation pair.
    optimizer : {"sgd", "momentum", "adam"}
    lr : float
    batch_size : int
    epochs : int
        Length of the run; ``step`` stops at the end of the last epoch.
    seed : int
    loss : {"cross_entropy", "mse"}
        ``F.cross_entropy(logits, y)`` or ``F.mse_loss(softmax(logits), one_hot(y))`` (see ``core.softmax.mse_loss``).
    """

    def __init__(
        self,
        cfg: CNNConfig,
        dataset,
        *,
        optimizer: str = "adam",
        lr: float = 1e-2,
        batch_size: int = 32,
        epochs: int = 15,
        seed: int = 0,
        loss: str = "cross_entropy",
    ) -> None:
        describe(cfg)
        check_trainer_args(cfg, dataset, optimizer=optimizer, lr=lr, batch_size=batch_size, epochs=epochs)
        if loss not in LOSSES:
            raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
        self.loss_name = loss
        self.cfg, self.dataset = cfg, dataset
        self.optimizer_name, self.lr, self.batch_size, self.epochs, self.seed = (
            optimizer,
            float(lr),
            int(batch_size),
            int(epochs),
            int(seed),
        )
        # Tensors made once: no NumPy → torch conversion of the data per step.
        self._x_train = torch.as_tensor(np.ascontiguousarray(dataset.x_train, dtype=np.float32))
        self._y_train = torch.as_tensor(np.asarray(dataset.y_train, dtype=np.int64))
        self._x_val = torch.as_tensor(np.ascontiguousarray(dataset.x_val, dtype=np.float32))
        self._y_val = torch.as_tensor(np.asarray(dataset.y_val, dtype=np.int64))
        self.model = build_model(cfg, seed=self.seed)
        self._opt: torch.optim.Optimizer | None = None  # made at the first batch: torch's first costs ~1 CPU-s
        self._loss_fn = nn.CrossEntropyLoss() if loss == "cross_entropy" else _softmax_mse
        self._shuffle = torch.Generator().manual_seed(self.seed)
        self.n_train = len(self._y_train)
        self.iters_per_epoch = iterations_per_epoch(self.n_train, self.batch_size)
        self.history = History()
        self.iteration = 0  # batches done in total
        self.status = "ready"
        self.train_seconds = 0.0
        self._order: torch.Tensor | None = None
        self._epoch_correct = 0
        self._val_cache: tuple[int, np.ndarray] | None = None

    # -- travel (pickling: serve/worker.py sends a run to a worker and back) -----------------------
    def __getstate__(self) -> dict:
        """Everything, the data once (core.travel: the data tensors are rebuilt from the dataset's arrays)."""
        return without_data(self.__dict__, self.dataset)

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        restore_data(self.__dict__, self.dataset)

    # -- training ---------------------------------------------------------------------------------
    @property
    def epoch(self) -> int:
        """Completed epochs."""
        return len(self.history.val_acc)

    @property
    def total_iterations(self) -> int:
        return self.epochs * self.iters_per_epoch

    @property
    def samples_seen(self) -> int:
        full, part = divmod(self.iteration, self.iters_per_epoch)
        return full * self.n_train + min(part * self.batch_size, self.n_train)

    def step(self, n_batches: int = 1) -> Progress:
        """Train on up to ``n_batches`` mini-batches (stops early at the end of the run or on divergence)."""
        if n_batches < 1:
            raise ValueError(f"n_batches must be >= 1, got {n_batches}")
        start = time.perf_counter()
        for _ in range(int(n_batches)):
            if self.status != "ready":
                break
            self._train_batch()
        self.train_seconds += time.perf_counter() - start
        return self.progress()

    def _train_batch(self) -> None:
        within = self.iteration % self.iters_per_epoch
        if within == 0:
            self._order = torch.randperm(self.n_train, generator=self._shuffle)
            self._epoch_correct = 0
        idx = self._order[within * self.batch_size : (within + 1) * self.batch_size]
        xb, yb = self._x_train[idx], self._y_train[idx]  # (B, C, H, W), (B,)
        logits = self.model(xb)  # (B, K)
        loss = self._loss_fn(logits, yb)
        value = loss.item()
        if not math.isfinite(value) or value > _DIVERGED_FACTOR * math.log(self.cfg.n_classes):
            self.history.loss.append(value)
            self.status = "diverged"  # the update is not applied: the weights stay the last finite ones
            return
        if self._opt is None:  # (it imports torch._dynamo), which a run built here and trained in a worker skips
            self._opt = make_optimizer(self.optimizer_name, self.model.parameters(), lr=self.lr)
        self._opt.zero_grad(set_to_none=True)
        loss.backward()
        self._opt.step()
        self._epoch_correct += int((logits.argmax(1) == yb).sum())
        self.history.loss.append(value)
        self.iteration += 1
        self._val_cache = None
        if self.iteration % self.iters_per_epoch == 0:
            self.history.train_acc.append(self._epoch_correct / self.n_train)
            self.history.val_acc.append(self.evaluate())
            if self.epoch >= self.epochs:
                self.status = "done"

    def progress(self) -> Progress:
        rate = self.samples_seen / self.train_seconds if self.train_seconds > 0 else 0.0
        return Progress(
            iteration=self.iteration,
            epoch=self.epoch,
            epochs=self.epochs,
            iters_per_epoch=self.iters_per_epoch,
            total_iterations=self.total_iterations,
            samples_per_s=rate,
            status=self.status,
        )

    # -- inspection --------------------------------------------------------------------------------
    def _logits(self, x: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            return torch.cat([self.model(x[i : i + _EVAL_CHUNK]) for i in range(0, len(x), _EVAL_CHUNK)])

    def _val_pred(self) -> np.ndarray:
        if self._val_cache is None or self._val_cache[0] != self.iteration:
            self._val_cache = (self.iteration, self._logits(self._x_val).argmax(1).numpy())
        return self._val_cache[1]

    def evaluate(self) -> float:
        """Validation accuracy in [0, 1]."""
        if len(self._y_val) == 0:
            return 0.0
        return float((self._val_pred() == self._y_val.numpy()).mean())

    def predict(self, images: np.ndarray) -> np.ndarray:
        """Softmax probabilities (N, K) for images (N, C, H, W) (or one image (C, H, W) → (1, K))."""
        x = check_images(images, self.cfg.input_shape)
        return torch.softmax(self._logits(torch.as_tensor(x)), dim=1).numpy()

    def filters(self) -> np.ndarray:
        """First-layer kernels, shape (C_out, C_in, k, k)."""
        return self.model.conv1.weight.detach().numpy().copy()

    def feature_maps(self, image: np.ndarray) -> list[tuple[str, np.ndarray]]:
        """``(layer name, output (C, H, W))`` after every conv, activation and pool layer for one image."""
        x = torch.as_tensor(check_images(image, self.cfg.input_shape)[:1])  # (1, C, H, W)
        maps = []
        with torch.no_grad():
            for name, module in self.model.named_children():
                if name == "flatten":
                    break
                x = module(x)
                maps.append((name, x[0].numpy().copy()))
        return maps

    def confusion_matrix(self) -> np.ndarray:
        """(K, K) counts on the validation set; rows are true classes, columns predictions."""
        k = self.cfg.n_classes
        cm = np.zeros((k, k), dtype=np.int64)
        np.add.at(cm, (self._y_val.numpy(), self._val_pred()), 1)
        return cm

    def misclassified(self, i: int, j: int) -> np.ndarray:
        """Indices into the validation set of true class ``i`` predicted as ``j`` (i == j: the hits)."""
        return np.flatnonzero((self._y_val.numpy() == i) & (self._val_pred() == j))

    # -- export ------------------------------------------------------------------------------------
    def state_dict(self) -> dict[str, torch.Tensor]:
        """A detached copy of the weights."""
        return {k: v.detach().clone() for k, v in self.model.state_dict().items()}

    def weights_bytes(self) -> bytes:
        """``torch.save(state_dict)`` into memory, for a download button."""
        buf = io.BytesIO()
        torch.save(self.state_dict(), buf)
        return buf.getvalue()

    def settings(self) -> dict:
        """Config and hyperparameters as plain JSON-able values."""
        return {
            "config": asdict(self.cfg),
            "optimizer": self.optimizer_name,
            "lr": self.lr,
            "batch_size": self.batch_size,
            "epochs": self.epochs,
            "seed": self.seed,
            "loss": self.loss_name,
            "dataset": getattr(self.dataset, "name", ""),
            "class_names": list(getattr(self.dataset, "class_names", [])),
        }

    def settings_json(self) -> str:
        return json.dumps(self.settings(), ensure_ascii=False, indent=2)


def _softmax_mse(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return nn.functional.mse_loss(torch.softmax(logits, dim=1), nn.functional.one_hot(y, logits.shape[1]).float())
