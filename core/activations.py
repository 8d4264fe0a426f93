"""Activation functions, their derivatives, Maxout, and a measured gradient flow.

Every function takes an array-like ``x`` of any shape and returns an array of the same
shape and floating dtype (integers become float64). Formulas and the derivative at a kink
follow PyTorch's definitions and autograd conventions, e.g. ReLU'(0) = 0,
LeakyReLU'(0) = negative_slope, ELU'(0) = alpha.

>>> import numpy as np
>>> from core.activations import ACTIVATIONS
>>> act = ACTIVATIONS["leaky_relu"]
>>> act.fn(np.array([-2.0, 0.0, 3.0]), **act.params).tolist()
[-0.2, 0.0, 3.0]
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

_SQRT1_2 = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


# ---------------------------------------------------------------- checks


def _check_x(x) -> np.ndarray:
    """``x`` as a floating array (float32 stays float32, integers become float64)."""
    x = np.asarray(x)
    if x.dtype.kind == "c" or x.dtype.kind not in "biuf":
        raise ValueError(f"x must be a real numeric array, got dtype {x.dtype}")
    return x if x.dtype.kind == "f" else x.astype(np.float64)


def _check_param(name: str, value: float) -> float:
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


# ---------------------------------------------------------------- the functions


def sigmoid(x) -> np.ndarray:
    """Logistic sigmoid 1 / (1 + e^-x), element-wise; output in (0, 1)."""
    x = _check_x(x)
    # exp(-|x|) never overflows; pick the algebraically equal form per sign.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)


def sigmoid_grad(x) -> np.ndarray:
    """σ'(x) = σ(x)(1 − σ(x)), element-wise."""
    s = sigmoid(x)
    return s * (1 - s)


def tanh(x) -> np.ndarray:
    """Hyperbolic tangent, element-wise; output in (−1, 1)."""
    return np.tanh(_check_x(x))


def tanh_grad(x) -> np.ndarray:
    """tanh'(x) = 1 − tanh²(x)."""
    y = tanh(x)
    return 1 - y * y


def relu(x) -> np.ndarray:
    """max(0, x), element-wise."""
    x = _check_x(x)
    return np.maximum(x, x.dtype.type(0))  # maximum (not where) so NaN propagates, as in torch


def relu_grad(x) -> np.ndarray:
    """1 where x > 0, else 0 (PyTorch: ReLU'(0) = 0)."""
    x = _check_x(x)
    return (x > 0).astype(x.dtype)


def leaky_relu(x, *, negative_slope: float = 0.1) -> np.ndarray:
    """x for x > 0, ``negative_slope``·x otherwise (the notes' max(0.1x, x) for slope 0.1)."""
    x = _check_x(x)
    s = _check_param("negative_slope", negative_slope)
    return np.where(x > 0, x, x * s).astype(x.dtype, copy=False)


def leaky_relu_grad(x, *, negative_slope: float = 0.1) -> np.ndarray:
    """1 for x > 0, ``negative_slope`` for x ≤ 0 (PyTorch's value at the kink)."""
    x = _check_x(x)
    s = _check_param("negative_slope", negative_slope)
    return np.where(x > 0, 1.0, s).astype(x.dtype)


def elu(x, *, alpha: float = 1.0) -> np.ndarray:
    """x for x > 0, α(eˣ − 1) otherwise."""
    x = _check_x(x)
    a = _check_param("alpha", alpha)
    # expm1 on min(x, 0): accurate near 0 and no overflow for large positive x.
    neg = a * np.expm1(np.minimum(x, 0))
    return np.where(x > 0, x, neg).astype(x.dtype, copy=False)


def elu_grad(x, *, alpha: float = 1.0) -> np.ndarray:
    """1 for x > 0, α·eˣ for x ≤ 0 (PyTorch: ELU'(0) = α)."""
    x = _check_x(x)
    a = _check_param("alpha", alpha)
    neg = a * np.exp(np.minimum(x, 0))
    return np.where(x > 0, 1.0, neg).astype(x.dtype, copy=False)


def _erf(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf  # lazy: exact, vectorised, keeps float32

    return erf(x)


def gelu(x) -> np.ndarray:
    """Exact GELU x·Φ(x) = x/2 · (1 + erf(x/√2)) (PyTorch's default, not the tanh approximation)."""
    x = _check_x(x)
    return (0.5 * x * (1 + _erf(x * x.dtype.type(_SQRT1_2)))).astype(x.dtype, copy=False)


def gelu_grad(x) -> np.ndarray:
    """GELU'(x) = Φ(x) + x·φ(x)."""
    x = _check_x(x)
    cdf = 0.5 * (1 + _erf(x * x.dtype.type(_SQRT1_2)))
    # exp(-x²/2) only underflows to 0 for large |x|, which is the right limit.
    pdf = np.exp(-0.5 * x * x) * _INV_SQRT_2PI
    return (cdf + x * pdf).astype(x.dtype, copy=False)


def silu(x) -> np.ndarray:
    """SiLU (swish) x·σ(x)."""
    x = _check_x(x)
    return x * sigmoid(x)


def silu_grad(x) -> np.ndarray:
    """SiLU'(x) = σ(x)(1 + x(1 − σ(x)))."""
    x = _check_x(x)
    s = sigmoid(x)
    return s * (1 + x * (1 - s))


def softplus(x, *, beta: float = 1.0, threshold: float = 20.0) -> np.ndarray:
    """(1/β)·log(1 + e^{βx}), and x itself where βx > ``threshold`` (PyTorch's defaults β=1, threshold=20)."""
    x = _check_x(x)
    b = _check_param("beta", beta)
    th = _check_param("threshold", threshold)
    if b == 0:
        raise ValueError("beta must be non-zero")
    bx = x * b
    # Clip before exp: above the threshold the linear branch is used, so exp never overflows.
    soft = np.log1p(np.exp(np.minimum(bx, th))) / b
    return np.where(bx > th, x, soft).astype(x.dtype, copy=False)


def softplus_grad(x, *, beta: float = 1.0, threshold: float = 20.0) -> np.ndarray:
    """σ(βx), and 1 where βx > ``threshold``."""
    x = _check_x(x)
    b = _check_param("beta", beta)
    th = _check_param("threshold", threshold)
    bx = x * b
    return np.where(bx > th, 1.0, sigmoid(bx)).astype(x.dtype, copy=False)


# ---------------------------------------------------------------- the registry


@dataclass(frozen=True)
class Activation:
    """One activation: ``fn(x, **params)``, its derivative ``grad(x, **params)``, its formula and parameters."""

    name: str
    fn: Callable[..., np.ndarray]
    grad: Callable[..., np.ndarray]
    latex: str
    params: dict[str, float] = field(default_factory=dict)

    def __call__(self, x, **params) -> np.ndarray:
        return self.fn(x, **{**self.params, **params})

    def derivative(self, x, **params) -> np.ndarray:
        return self.grad(x, **{**self.params, **params})


_CASES = r"\begin{{cases}} x & x > 0 \\ {neg} & x \le 0 \end{{cases}}"

ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("sigmoid", sigmoid, sigmoid_grad, r"\sigma(x) = \dfrac{1}{1 + e^{-x}}"),
        Activation("tanh", tanh, tanh_grad, r"\tanh(x) = \dfrac{e^{x} - e^{-x}}{e^{x} + e^{-x}}"),
        Activation("relu", relu, relu_grad, r"\mathrm{ReLU}(x) = \max(0,\, x)"),
        Activation(
            "leaky_relu",
            leaky_relu,
            leaky_relu_grad,
            r"\mathrm{LeakyReLU}(x) = " + _CASES.format(neg=r"s\,x"),
            {"negative_slope": 0.1},
        ),
        Activation(
            "elu", elu, elu_grad, r"\mathrm{ELU}(x) = " + _CASES.format(neg=r"\alpha\,(e^{x} - 1)"), {"alpha": 1.0}
        ),
        Activation(
            "gelu",
            gelu,
            gelu_grad,
            r"\mathrm{GELU}(x) = x\,\Phi(x) = \dfrac{x}{2}\left(1 + \operatorname{erf}\dfrac{x}{\sqrt{2}}\right)",
        ),
        Activation("silu", silu, silu_grad, r"\mathrm{SiLU}(x) = x\,\sigma(x)"),
        Activation(
            "softplus",
            softplus,
            softplus_grad,
            r"\mathrm{softplus}(x) = \dfrac{1}{\beta}\log\left(1 + e^{\beta x}\right)",
            {"beta": 1.0, "threshold": 20.0},
        ),
    )
}


def _check_name(name: str) -> Activation:
    if name not in ACTIVATIONS:
        raise ValueError(f"name must be one of {sorted(ACTIVATIONS)}, got {name!r}")
    return ACTIVATIONS[name]


# ---------------------------------------------------------------- Maxout


def _check_maxout(x, weights, biases) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    x = _check_x(x)
    w = np.asarray(weights, dtype=np.float64)
    b = np.asarray(biases, dtype=np.float64)
    scalar_features = x.ndim == 1
    if scalar_features:
        x = x[:, None]  # (N, 1)
    if w.ndim == 1:
        w = w[:, None]  # (k, 1)
    if x.ndim != 2 or w.ndim != 2:
        raise ValueError(f"x must be (n_samples, n_features) and weights (k, n_features); got {x.shape}, {w.shape}")
    if w.shape[1] != x.shape[1]:
        raise ValueError(f"weights has {w.shape[1]} features but x has {x.shape[1]}")
    if w.shape[0] < 2:
        raise ValueError(f"weights must hold k >= 2 pieces, got {w.shape[0]}")
    if b.shape != (w.shape[0],):
        raise ValueError(f"biases must have shape ({w.shape[0]},), got {b.shape}")
    if not (np.isfinite(w).all() and np.isfinite(b).all()):
        raise ValueError("weights and biases must be finite")
    return x, w.astype(x.dtype), b.astype(x.dtype), scalar_features


def maxout_pieces(x, weights, biases) -> np.ndarray:
    """The k linear pieces wᵢᵀx + bᵢ.

    Parameters
    ----------
    x : array-like of shape (n_samples, n_features) or (n_samples,)
    weights : array-like of shape (k, n_features) or (k,) for 1-D ``x``; k >= 2
    biases : array-like of shape (k,)

    Returns
    -------
    ndarray of shape (n_samples, k)
    """
    x, w, b, _ = _check_maxout(x, weights, biases)
    return x @ w.T + b  # (N, k)


def maxout(x, weights, biases) -> np.ndarray:
    """Maxout maxᵢ (wᵢᵀx + bᵢ), shape (n_samples,); see :func:`maxout_pieces` for shapes.

    >>> maxout(np.array([-1.0, 2.0]), [1.0, -1.0], [0.0, 0.0]).tolist()  # |x|
    [1.0, 2.0]
    """
    return maxout_pieces(x, weights, biases).max(axis=1)


def maxout_active(x, weights, biases) -> np.ndarray:
    """Index of the winning piece per sample, shape (n_samples,) (first one on a tie)."""
    return maxout_pieces(x, weights, biases).argmax(axis=1)


def maxout_grad(x, weights, biases) -> np.ndarray:
    """d maxout / dx: the active piece's weight vector; same shape as ``x``."""
    x_, w, _, scalar_features = _check_maxout(x, weights, biases)
    g = w[maxout_active(x, weights, biases)]  # (N, n_features)
    return g[:, 0] if scalar_features else g


# ---------------------------------------------------------------- properties


@dataclass(frozen=True)
class Properties:
    """Measured properties of an activation (sampled, not looked up).

    ``lower``/``upper`` are ±inf when f grows without bound; ``*_open`` is True when the bound
    is only approached (an asymptote), not reached. ``saturates_left/right``: f' → 0 as x → ∓∞.
    ``dead_region``: the sampled x-interval where f' is exactly 0, or None.
    """

    lower: float
    upper: float
    lower_open: bool
    upper_open: bool
    mean_normal: float  # E[f(x)] for x ~ N(0, 1)
    zero_centred: bool
    saturates_left: bool
    saturates_right: bool
    max_abs_grad: float
    dead_region: tuple[float, float] | None
    monotonic: bool


PROPERTY_GRID = 8.0  # properties() samples [-8, 8] densely: wide enough for every extremum and kink


def properties(name: str, *, far: float = 1e3, near: float = PROPERTY_GRID, n: int = 16001, **params) -> Properties:
    """Sample activation ``name`` on grids and measure its range, shape and derivative.

    ``far`` probes the limits x → ±∞; the dense grid on [−``near``, ``near``] (which contains 0)
    finds extrema, kinks and where the derivative vanishes.
    """
    act = _check_name(name)
    f = lambda x: act(x, **params)  # noqa: E731
    df = lambda x: act.derivative(x, **params)  # noqa: E731
    xs = np.linspace(-near, near, n)  # odd n: 0 is on the grid
    ys, dys = f(xs), df(xs)
    ends = np.array([-far, far])
    f_far, df_far = f(ends), df(ends)
    tiny = 1e-6

    lo_vals = [float(ys.min())]
    hi_vals = [float(ys.max())]
    for side in (0, 1):
        slope = df_far[side]
        direction = 1 if side == 1 else -1  # x → +∞ or x → −∞
        trend = slope * direction  # > 0: f grows going outward
        if trend > tiny:
            hi_vals.append(math.inf)
        elif trend < -tiny:
            lo_vals.append(-math.inf)
        else:
            lo_vals.append(float(f_far[side]))
            hi_vals.append(float(f_far[side]))
    lower, upper = min(lo_vals), max(hi_vals)
    # An asymptote: the sampled values never reach the limit.
    lower_open = math.isinf(lower) or float(ys.min()) > lower
    upper_open = math.isinf(upper) or float(ys.max()) < upper

    # E[f(x)] for x ~ N(0, 1) by the trapezoid rule (a kink spoils Gauss–Hermite; a fine grid does not).
    gx = np.linspace(-12.0, 12.0, 24001)
    mean = float(np.trapezoid(f(gx) * np.exp(-0.5 * gx * gx) * _INV_SQRT_2PI, gx))

    dead = xs[dys == 0]
    return Properties(
        lower=lower,
        upper=upper,
        lower_open=lower_open,
        upper_open=upper_open,
        mean_normal=mean,
        zero_centred=abs(mean) < 0.05 and float(ys.min()) < 0 < float(ys.max()),
        saturates_left=abs(float(df_far[0])) < tiny,
        saturates_right=abs(float(df_far[1])) < tiny,
        max_abs_grad=float(np.abs(dys).max()),
        dead_region=(float(dead.min()), float(dead.max())) if dead.size else None,
        monotonic=bool((dys >= 0).all() or (dys <= 0).all()),
    )


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
        h = _check_name(activation)(h, **params)
    return h @ np.asarray(w2).T + b2  # (N, m)


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
    act = _check_name(name)
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
