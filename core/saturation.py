"""Cross-entropy against the squared error when the model is confidently wrong: the gradient on the true logit.

As p_y → 0 the cross-entropy gradient (p_y - 1) / T tends to -1/T, while the MSE gradient carries the factor
p_y (the softmax's slope) and fades to 0. Pure NumPy, built on ``core.softmax``; PyTorch checks it in the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.softmax import _check_logits, _check_target, _check_temperature, cross_entropy_grad, mse_grad, softmax


@dataclass(frozen=True)
class TrueLogitSweep:
    """Both losses' gradients on the true logit while that logit alone moves (arrays of shape (M,))."""

    true_logit: np.ndarray  # z_y, the others fixed
    p_true: np.ndarray  # softmax(z / T)_y
    ce_grad: np.ndarray  # d cross-entropy / d z_y = (p_y - 1) / T: tends to -1/T as p_y -> 0
    mse_grad: np.ndarray  # d MSE / d z_y: tends to 0 as p_y -> 0 (the softmax saturates)


def true_logit_sweep(z, target: int, *, temperature: float = 1.0, num: int = 121) -> TrueLogitSweep:
    """Move the true class's logit from far below to far above the others (p_y from ~1e-6 to ~1 - 1e-6).

    Examples
    --------
    >>> s = true_logit_sweep([0.0, 0.0], 0)
    >>> round(float(s.ce_grad[0]), 3), round(float(s.mse_grad[0]), 3)
    (-1.0, -0.0)
    """
    z = _check_logits(z, ndim=(1,)).astype(np.float64)
    y = int(_check_target(target, z))
    temperature = _check_temperature(temperature)
    others = np.delete(z, y)
    # log-sum-exp of the other classes / T: p_y = sigmoid(z_y / T - lse), so p_y is spread evenly in logit space
    lse = float(np.logaddexp.reduce(others / temperature))
    span = 14.0  # sigmoid(±14) ≈ 1e-6 and 1 - 1e-6
    true_logit = (lse + np.linspace(-span, span, int(num))) * temperature
    rows = np.repeat(z[None], len(true_logit), axis=0)
    rows[:, y] = true_logit
    targets = np.full(len(rows), y)
    return TrueLogitSweep(
        true_logit=true_logit,
        p_true=softmax(rows, temperature=temperature)[:, y],
        ce_grad=cross_entropy_grad(rows, targets, temperature=temperature, reduction="sum")[:, y],
        mse_grad=mse_grad(rows, targets, temperature=temperature, reduction="none")[:, y] / len(z),
    )


def confidently_wrong(z, target: int, *, temperature: float = 1.0, margin: float = 10.0) -> np.ndarray:
    """The logits with the true class pushed ``margin``·T below the largest other one (p_y < e^-margin)."""
    z = _check_logits(z, ndim=(1,)).astype(np.float64).copy()
    y = int(_check_target(target, z))
    z[y] = float(np.delete(z, y).max()) - margin * _check_temperature(temperature)
    return z
