"""Activation functions, their derivatives, their measured properties, Maxout, and the checks of their settings.

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

from core.errors import CoreError

_SQRT1_2 = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


# ---------------------------------------------------------------- checks


class ActivationError(CoreError):
    """A setting of this module is out of its range. Codes and their ``params``:

    - ``"x_range"``: ``lo``, ``hi`` (the allowed interval), ``x_min``, ``x_max``;
    - ``"param_range"``: ``name``, ``param``, ``lo``, ``hi``, ``value``;
    - ``"maxout_count"``: ``k``, ``lo``, ``hi`` (``hi`` is None without a limit);
    - ``"maxout_finite"``: no values.
    """


X_LIMIT = 1000.0  # curves are drawn on x-ranges inside [-X_LIMIT, X_LIMIT]; properties() probes ±1000 as "∞"


def check_x_range(x_min: float, x_max: float, *, limit: float = X_LIMIT) -> tuple[float, float]:
    """``(x_min, x_max)`` as floats if finite, ordered ``x_min < x_max`` and inside ``[-limit, limit]``.

    >>> check_x_range(-3, 6)
    (-3.0, 6.0)
    """
    x_min, x_max = float(x_min), float(x_max)
    if not (-limit <= x_min < x_max <= limit):  # False for NaN too
        raise ActivationError(
            "x_range",
            f"need -{limit:g} <= x_min < x_max <= {limit:g}, got [{x_min}, {x_max}]",
            lo=-limit,
            hi=limit,
            x_min=x_min,
            x_max=x_max,
        )
    return x_min, x_max


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
    """One activation: ``fn(x, **params)``, its derivative ``grad(x, **params)``, its formula and parameters.

    ``ranges`` bounds the parameters a student may set (see :func:`check_param`); the functions
    themselves accept any finite value, as PyTorch does.
    """

    name: str
    fn: Callable[..., np.ndarray]
    grad: Callable[..., np.ndarray]
    latex: str
    params: dict[str, float] = field(default_factory=dict)
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)

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
            {"negative_slope": (0.0, 1.0)},  # above 1 the "leaky" side would be the steeper one
        ),
        Activation(
            "elu",
            elu,
            elu_grad,
            r"\mathrm{ELU}(x) = " + _CASES.format(neg=r"\alpha\,(e^{x} - 1)"),
            {"alpha": 1.0},
            {"alpha": (0.01, 10.0)},  # α ≤ 0 would flip or flatten the negative side
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


def lookup(name: str) -> Activation:
    """The registry's entry for ``name``; a ValueError naming the choices otherwise."""
    if name not in ACTIVATIONS:
        raise ValueError(f"name must be one of {sorted(ACTIVATIONS)}, got {name!r}")
    return ACTIVATIONS[name]


def check_param(name: str, param: str, value: float) -> float:
    """``value`` as a float if it lies in the range activation ``name`` allows for ``param``.

    >>> check_param("elu", "alpha", 2)
    2.0
    """
    act = lookup(name)
    if param not in act.params:
        raise ValueError(f"{name} has no parameter {param!r}; it has {sorted(act.params)}")
    lo, hi = act.ranges.get(param, (-math.inf, math.inf))
    value = float(value)
    if not (math.isfinite(value) and lo <= value <= hi):
        raise ActivationError(
            "param_range",
            f"{param} of {name} must be finite and in [{lo}, {hi}], got {value}",
            name=name,
            param=param,
            lo=lo,
            hi=hi,
            value=value,
        )
    return value


# ---------------------------------------------------------------- Maxout


def check_maxout_pieces(weights, biases, *, max_pieces: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Maxout's pieces as float64 arrays, if there are 2 to ``max_pieces`` of them and all are finite.

    ``weights`` has shape (k,) or (k, n_features), ``biases`` shape (k,).

    >>> check_maxout_pieces([1.0, 0.0], [0.0, 0.0])[0].tolist()
    [1.0, 0.0]
    """
    w = np.asarray(weights, dtype=np.float64)
    b = np.asarray(biases, dtype=np.float64)
    if w.ndim not in (1, 2):
        raise ValueError(f"weights must have shape (k,) or (k, n_features), got {w.shape}")
    k = w.shape[0]
    if k < 2 or (max_pieces is not None and k > max_pieces):
        most = "" if max_pieces is None else f" and <= {max_pieces}"
        raise ActivationError(
            "maxout_count", f"weights must hold k >= 2{most} pieces, got {k}", k=k, lo=2, hi=max_pieces
        )
    if b.shape != (k,):
        raise ValueError(f"biases must have shape ({k},), got {b.shape}")
    if not (np.isfinite(w).all() and np.isfinite(b).all()):
        raise ActivationError("maxout_finite", "weights and biases must be finite")
    return w, b


def _check_maxout(x, weights, biases) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    x = _check_x(x)
    w, b = check_maxout_pieces(weights, biases)
    scalar_features = x.ndim == 1
    if scalar_features:
        x = x[:, None]  # (N, 1)
    if w.ndim == 1:
        w = w[:, None]  # (k, 1)
    if x.ndim != 2:
        raise ValueError(f"x must be (n_samples, n_features) or (n_samples,); got {x.shape}")
    if w.shape[1] != x.shape[1]:
        raise ValueError(f"weights has {w.shape[1]} features but x has {x.shape[1]}")
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


# ---------------------------------------------------------------- properties


@dataclass(frozen=True)
class Properties:
    """Measured properties of an activation (sampled, not looked up).

    ``lower``/``upper`` are ±inf when f grows without bound; ``*_open`` is True when the bound
    is only approached (an asymptote), not reached. ``saturates_left/right``: f' → 0 as x → ∓∞.
    ``dead_region``: the sampled x-interval where f' is exactly 0, or None; an end is ∓inf when f' is
    still 0 at the grid's end and at ∓``far`` (ReLU's is (−inf, 0)).
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
    act = lookup(name)
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
    dead_region = None
    if dead.size:
        lo, hi = float(dead.min()), float(dead.max())
        # zero up to the grid's end and far beyond it: the region runs on to infinity
        dead_region = (
            -math.inf if lo == xs[0] and df_far[0] == 0 else lo,
            math.inf if hi == xs[-1] and df_far[1] == 0 else hi,
        )
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
        dead_region=dead_region,
        monotonic=bool((dys >= 0).all() or (dys <= 0).all()),
    )
