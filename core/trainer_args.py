"""The checks of ``core.training.Trainer``'s arguments: scikit-learn style, a ``ValueError`` naming the argument."""

from __future__ import annotations

import math

import numpy as np

OPTIMIZERS = ("sgd", "momentum", "adam")


def check_trainer_args(cfg, dataset, *, optimizer: str, lr: float, batch_size: int, epochs: int) -> None:
    """``Trainer``'s arguments, beyond ``cfg`` itself (``describe`` checks that): each ``ValueError`` names one."""
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {optimizer!r}")
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive finite number, got {lr}")
    if batch_size < 1 or epochs < 1:
        raise ValueError(f"batch_size and epochs must be >= 1, got {batch_size}, {epochs}")
    shape = tuple(np.shape(dataset.x_train)[1:])
    if shape != tuple(cfg.input_shape):
        raise ValueError(f"cfg.input_shape {cfg.input_shape} does not match the dataset's images {shape}")
    if len(dataset.y_train) == 0:
        raise ValueError("dataset has no training images")
    if int(np.max(dataset.y_train)) >= cfg.n_classes:
        raise ValueError(f"cfg.n_classes={cfg.n_classes} is smaller than the dataset's labels")


def check_images(images: np.ndarray, input_shape: tuple[int, int, int]) -> np.ndarray:
    """Images for ``Trainer.predict``: (N, C, H, W) or one (C, H, W), as contiguous float32."""
    x = np.asarray(images, dtype=np.float32)
    if x.ndim == 3:
        x = x[None]  # (1, C, H, W)
    if x.ndim != 4 or x.shape[1:] != tuple(input_shape):
        raise ValueError(f"images must have shape (N, {', '.join(map(str, input_shape))}), got {np.shape(images)}")
    return np.ascontiguousarray(x)
