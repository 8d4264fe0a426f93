"""Stacking layers: two linear layers collapse into one, and an activation's gradient flow through depth.

What an activation of :mod:`core.activations` does inside a network: without one, stacked linear
layers are a single linear layer (:func:`collapse_linear`); with one, the backward pass multiplies
by its derivative once per layer (:func:`gradient_flow`), so the gradient may vanish or explode.
"""

from __future__ import annotations

import math

import numpy as np

from core.activations import lookup

# ---------------------------------------------------------------- why non-linear


def collapse_linear(w1, b1, w2, b2) -> tuple[np.ndarray, np.ndarray]:
    """The single linear layer equal to ``x ↦ W2 (W1 x + b1) + b2``: (W2 W1, W2 b1 + b2).

    Shapes: w1 (h, d), b1 (h,), w2 (m, h), b2 (m,) → (m, d), (m,).
    """
    w1, b1, w2, b2 = (np.asarray(a, dtype=np.float64) for a in (w1, b1, w2, b2))
    if w2.shape[1] != w1.shape[0]:
        raise ValueError(f"w2 has {w2.shape[1]} inputs but w1 has {w1.shape[0]} outputs")
    return w2 @ w1, w2 @ b1 + b2


def two_layers(x, w1, b1, w2, b2, *, activation: str | None = None, **params) -> np.ndarray:
    """``act(x W1ᵀ + b1) W2ᵀ + b2`` for rows x of shape (N, d) → (N, m); ``activation=None`` is the identity."""
    x = np.asarray(x, dtype=np.float64)
    h = x @ np.asarray(w1).T + b1  # (N, h)
    if activation is not None:
        h = lookup(activation)(h, **params)
    return h @ np.asarray(w2).T + b2  # (N, m)


def collapse_gap(x, w1, b1, w2, b2) -> float:
    """Largest difference, over rows ``x`` (N, d), between the two linear layers and :func:`collapse_linear`'s one.

    0 up to rounding: stacking linear layers adds nothing.
    """
    w, b = collapse_linear(w1, b1, w2, b2)
    x = np.asarray(x, dtype=np.float64)
    return float(np.abs(two_layers(x, w1, b1, w2, b2) - (x @ w.T + b)).max())


def affine_fit_residual(x, y) -> float:
    """Largest error of the least-squares affine fit ``y ≈ x A + c``; 0 (up to rounding) iff y is affine in x.

    Shapes: x (N, d), y (N, m).
    """
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    design = np.hstack([x, np.ones((len(x), 1))])  # (N, d + 1): the column of ones fits the bias
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    return float(np.abs(design @ coef - y).max())


# ---------------------------------------------------------------- gradient flow


INITS = ("xavier", "he")


def init_std(fan_in: int, fan_out: int, *, init: str) -> float:
    """Standard deviation of a normal init: Xavier/Glorot √(2/(fan_in+fan_out)) or He/Kaiming √(2/fan_in)."""
    if init == "xavier":
        return math.sqrt(2.0 / (fan_in + fan_out))
    if init == "he":
        return math.sqrt(2.0 / fan_in)
    raise ValueError(f"init must be one of {INITS}, got {init!r}")


def mlp_weights(*, depth: int, width: int, init: str, seed: int) -> list[np.ndarray]:
    """``depth`` square weight matrices (width, width), normal with :func:`init_std`; biases are zero."""
    std = init_std(width, width, init=init)
    rng = np.random.default_rng(seed)
    return [rng.normal(0.0, std, size=(width, width)) for _ in range(depth)]


def mlp_data(*, width: int, batch: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Random inputs and regression targets, both (batch, width), N(0, 1)."""
    rng = np.random.default_rng([seed, 1])  # independent of the weight stream
    return rng.standard_normal((batch, width)), rng.standard_normal((batch, width))


def gradient_flow(
    name: str,
    *,
    depth: int,
    width: int = 64,
    init: str = "he",
    seed: int = 0,
    batch: int = 128,
    params: dict[str, float] | None = None,
) -> np.ndarray:
    """Per-layer weight-gradient norms of a deep MLP after one forward and one backward pass.

    The network is ``depth`` Linear(width, width) layers (zero bias) with activation ``name``
    after every layer but the last, trained on nothing: one batch of N(0,1) inputs and targets,
    mean-squared-error loss (as ``torch.nn.MSELoss``). Pure NumPy.

    Returns
    -------
    ndarray of shape (depth,)
        Frobenius norm of dL/dW for each layer, first layer first.
    """
    act = lookup(name)
    params = dict(params or {})
    for label, value, hi in (("depth", depth, 200), ("width", width, 1024), ("batch", batch, 4096)):
        if int(value) != value or not 1 <= value <= hi:
            raise ValueError(f"{label} must be an integer in [1, {hi}], got {value}")
    weights = mlp_weights(depth=depth, width=width, init=init, seed=seed)
    x, y = mlp_data(width=width, batch=batch, seed=seed)

    inputs, pre = [], []  # layer inputs h_{l-1} and pre-activations z_l, kept for backward
    h = x
    for i, w in enumerate(weights):
        inputs.append(h)
        z = h @ w.T  # (N, width)
        pre.append(z)
        h = act(z, **params) if i < depth - 1 else z

    g = 2.0 * (h - y) / h.size  # dL/d(out) for the mean over all elements
    norms = np.empty(depth)
    for i in reversed(range(depth)):
        norms[i] = np.linalg.norm(g.T @ inputs[i])  # dL/dW_i = gᵀ h_{i-1}, (width, width)
        if i > 0:
            g = (g @ weights[i]) * act.derivative(pre[i - 1], **params)  # through W_i, then act'
    return norms


def gradient_ratio(norms) -> float:
    """First layer's gradient norm over the last layer's, for :func:`gradient_flow`'s ``norms`` (depth,).

    Far below 1: the gradient vanishes on its way to the input; far above 1: it explodes.
    ``inf`` when only the last norm is 0, ``nan`` when both are.
    """
    norms = np.asarray(norms, dtype=np.float64)
    if norms.ndim != 1 or norms.size == 0:
        raise ValueError(f"norms must be a non-empty 1-D array, got shape {norms.shape}")
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(norms[0] / norms[-1])


def most_vanishing(norms_by_name) -> str:
    """The activation whose gradient shrinks most on its way to the first layer.

    ``norms_by_name`` maps names to :func:`gradient_flow` norms (depth,); the winner has the smallest
    :func:`gradient_ratio`. A ratio of NaN (first and last norm both 0: no gradient at all) counts as 0;
    ties go to the first name.

    >>> most_vanishing({"relu": [0.5, 1.0], "sigmoid": [1e-9, 1.0]})
    'sigmoid'
    """
    if not norms_by_name:
        raise ValueError("norms_by_name must name at least one activation")
    ratios = {name: gradient_ratio(norms) for name, norms in norms_by_name.items()}
    return min(ratios, key=lambda name: 0.0 if math.isnan(ratios[name]) else ratios[name])
