"""Softmax, its log, and the cross-entropy loss it feeds.

softmax(z)_j = exp(z_j / T) / sum_k exp(z_k / T) turns a vector of scores (logits) into a
probability distribution. Cross-entropy of a one-hot target is -log p_target, and its
gradient with respect to the logits is softmax(z) - one_hot(target) (divided by T).

Everything here is pure NumPy; PyTorch is only the reference in the tests.

Examples
--------
>>> import numpy as np
>>> softmax(np.array([0.0, 0.0]))
array([0.5, 0.5])
>>> float(cross_entropy_loss(np.array([0.0, 0.0]), 0))  # log 2
0.6931471805599453
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.activations import sigmoid
from core.entropy import entropy

_REDUCTIONS = ("mean", "sum", "none")
# exp overflows float64 just above 709.78; below this the raw exponentials can be shown as they are.
_EXP_SAFE = 700.0


# ---------------------------------------------------------------------------------------------
# argument checks
# ---------------------------------------------------------------------------------------------


def _check_logits(z, *, name: str = "z", ndim: tuple[int, ...] | None = None) -> np.ndarray:
    """Float array of finite logits (float32 stays float32; ints and lists become float64)."""
    arr = np.asarray(z)
    if arr.dtype == np.bool_ or not (np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)):
        raise ValueError(f"{name} must be a real-valued array, got dtype {arr.dtype}")
    if not np.issubdtype(arr.dtype, np.floating) or arr.dtype == np.float16:
        arr = arr.astype(np.float64)
    if arr.ndim == 0 or arr.shape[-1] == 0:
        raise ValueError(f"{name} must have at least one class along the last axis, got shape {arr.shape}")
    if ndim is not None and arr.ndim not in ndim:
        raise ValueError(f"{name} must have {' or '.join(map(str, ndim))} dimensions, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf)")
    return arr


def _check_temperature(temperature) -> float:
    try:
        value = float(temperature)
    except (TypeError, ValueError):
        raise ValueError(f"temperature must be a number, got {temperature!r}") from None
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"temperature must be finite and > 0, got {temperature!r}")
    return value


def _check_axis(axis, ndim: int) -> int:
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool) or not -ndim <= axis < ndim:
        raise ValueError(f"axis must be an int in [-{ndim}, {ndim}), got {axis!r}")
    return int(axis)


def _check_target(target, logits: np.ndarray) -> np.ndarray:
    """Integer class indices: a scalar for 1-D logits (C,), shape (N,) for batched logits (N, C)."""
    arr = np.asarray(target)
    if arr.dtype == np.bool_ or not np.issubdtype(arr.dtype, np.integer):
        raise ValueError(f"target must hold integer class indices, got dtype {arr.dtype}")
    expected = () if logits.ndim == 1 else logits.shape[:1]
    if arr.shape != expected:
        raise ValueError(f"target must have shape {expected} for logits of shape {logits.shape}, got {arr.shape}")
    n_classes = logits.shape[-1]
    if np.any(arr < 0) or np.any(arr >= n_classes):
        raise ValueError(f"target must be in [0, {n_classes}), got {arr.tolist()}")
    return arr.astype(np.int64)


def _check_reduction(reduction) -> str:
    if reduction not in _REDUCTIONS:
        raise ValueError(f"reduction must be one of {_REDUCTIONS}, got {reduction!r}")
    return reduction


def _scaled(z, temperature, *, name: str = "z", ndim=None) -> np.ndarray:
    """z / T, checked: a tiny T can push finite logits to inf, which must not pass silently."""
    arr = _check_logits(z, name=name, ndim=ndim)
    with np.errstate(over="ignore", divide="ignore"):
        out = arr / arr.dtype.type(_check_temperature(temperature))
    if not np.all(np.isfinite(out)):
        raise ValueError(f"{name} / temperature overflows; use a larger temperature or smaller logits")
    return out


# ---------------------------------------------------------------------------------------------
# softmax and log-softmax
# ---------------------------------------------------------------------------------------------


def softmax(z, *, temperature: float = 1.0, axis: int = -1) -> np.ndarray:
    """Probabilities exp(z_j / T) / sum_k exp(z_k / T) along ``axis``.

    Parameters
    ----------
    z : array-like of shape (..., C)
        Finite logits (any number of leading dimensions).
    temperature : float, default 1.0
        T > 0. Small T sharpens towards one-hot on the argmax; large T flattens towards uniform.
    axis : int, default -1
        The class axis.

    Returns
    -------
    ndarray of the same shape as ``z``; float32 stays float32, everything else is float64.
    """
    s = _scaled(z, temperature)
    axis = _check_axis(axis, s.ndim)
    # subtract the max so the largest exponent is e^0 = 1: exp never overflows, the sum is >= 1
    e = np.exp(s - s.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(z, *, temperature: float = 1.0, axis: int = -1) -> np.ndarray:
    """log softmax(z / T) along ``axis``, computed without ever forming a tiny probability.

    Parameters
    ----------
    z : array-like of shape (..., C)
    temperature : float, default 1.0
    axis : int, default -1

    Returns
    -------
    ndarray of the same shape as ``z`` (all entries <= 0).
    """
    s = _scaled(z, temperature)
    axis = _check_axis(axis, s.ndim)
    # log-sum-exp trick: log sum e^s = m + log sum e^(s - m), with m the max (no overflow, no log 0)
    shifted = s - s.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def naive_softmax(z, *, temperature: float = 1.0) -> np.ndarray:
    """The textbook formula e^z / sum e^z with no max subtraction — for showing why that fails.

    Large logits overflow e^z to inf (inf / inf = NaN); very negative ones underflow every
    term to 0 (0 / 0 = NaN). Returns those NaNs instead of raising.
    """
    s = _scaled(z, temperature)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        e = np.exp(s)
        return e / e.sum(axis=-1, keepdims=True)


@dataclass(frozen=True)
class SoftmaxParts:
    """The pieces of the softmax formula for one vector of logits (all arrays of shape (C,))."""

    scaled: np.ndarray  # z / T
    shift: float  # subtracted from ``scaled`` before exp (0 unless e^(z/T) would overflow)
    exps: np.ndarray  # e^(z/T - shift)
    total: float  # sum of ``exps``
    probs: np.ndarray  # exps / total


def softmax_parts(z, *, temperature: float = 1.0) -> SoftmaxParts:
    """Exponentials, their sum and the probabilities of a 1-D logit vector, for display.

    The raw e^(z/T) are kept when they fit in float64; otherwise the max is subtracted first
    (the probabilities are the same either way) and ``shift`` says by how much.
    """
    s = _scaled(z, temperature, ndim=(1,))
    shift = float(s.max()) if np.abs(s).max() > _EXP_SAFE else 0.0
    exps = np.exp(s - shift)
    total = float(exps.sum())
    return SoftmaxParts(scaled=s, shift=shift, exps=exps, total=total, probs=exps / total)


# ---------------------------------------------------------------------------------------------
# cross-entropy loss and its gradient
# ---------------------------------------------------------------------------------------------


def one_hot(target, n_classes: int, *, dtype=np.float64) -> np.ndarray:
    """One-hot rows: shape () -> (C,), shape (N,) -> (N, C)."""
    target = np.asarray(target)
    return (np.arange(n_classes) == target[..., None]).astype(dtype)


def cross_entropy_loss(logits, target, *, temperature: float = 1.0, reduction: str = "mean") -> np.ndarray:
    """-log softmax(logits / T)[target], like ``torch.nn.functional.cross_entropy`` (natural log).

    Parameters
    ----------
    logits : array-like of shape (C,) or (N, C)
        Finite scores.
    target : int or array-like of int of shape (N,)
        True class index (a scalar for 1-D logits), each in [0, C).
    temperature : float, default 1.0
        Divides the logits first; 1.0 is exactly PyTorch's ``F.cross_entropy``.
    reduction : {"mean", "sum", "none"}, default "mean"
        How batched losses are combined; "none" returns shape (N,).

    Returns
    -------
    ndarray of shape () (or (N,) with reduction="none"), >= 0, dtype of ``logits``.
    """
    reduction = _check_reduction(reduction)
    logp = log_softmax(_check_logits(logits, name="logits", ndim=(1, 2)), temperature=temperature)
    y = _check_target(target, logp)
    picked = np.take_along_axis(logp, y[..., None], axis=-1)[..., 0]  # (N,) or ()
    losses = 0.0 - picked  # not -picked: a certain class (log p = 0) must give +0.0, never -0.0
    if reduction == "none" or losses.ndim == 0:
        return np.asarray(losses)
    return np.asarray(losses.mean() if reduction == "mean" else losses.sum())


def cross_entropy_grad(logits, target, *, temperature: float = 1.0, reduction: str = "mean") -> np.ndarray:
    """d loss / d logits = (softmax(logits / T) - one_hot(target)) / T.

    Parameters
    ----------
    logits, target, temperature, reduction
        As in :func:`cross_entropy_loss`. With batched logits and reduction="mean" every row is
        also divided by N; "sum" and "none" give each row the gradient of its own loss.

    Returns
    -------
    ndarray of the same shape and dtype as ``logits``.
    """
    reduction = _check_reduction(reduction)
    arr = _check_logits(logits, name="logits", ndim=(1, 2))
    p = softmax(arr, temperature=temperature)
    y = _check_target(target, p)
    grad = (p - one_hot(y, p.shape[-1], dtype=p.dtype)) / p.dtype.type(temperature)
    if grad.ndim == 2 and reduction == "mean":
        grad = grad / p.dtype.type(grad.shape[0])
    return grad


def gradient_step(logits, target, *, lr: float, temperature: float = 1.0) -> np.ndarray:
    """One step of gradient descent on the logits: z - lr * d loss / d z."""
    lr = float(lr)
    if not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"lr must be finite and > 0, got {lr!r}")
    z = _check_logits(logits, name="logits", ndim=(1, 2))
    return z - lr * cross_entropy_grad(z, target, temperature=temperature)


# ---------------------------------------------------------------------------------------------
# the squared error on the probabilities: why it learns slowly from a confident mistake
# ---------------------------------------------------------------------------------------------


def mse_loss(logits, target, *, temperature: float = 1.0, reduction: str = "mean") -> np.ndarray:
    """(softmax(logits / T) - one_hot(target))², like ``F.mse_loss(F.softmax(z / T, -1), F.one_hot(y, K).float())``.

    ``reduction`` as in ``F.mse_loss``: "mean" over every entry (N·C of them), "sum", or "none" (the
    squared errors, same shape as ``logits``).
    """
    reduction = _check_reduction(reduction)
    p = softmax(_check_logits(logits, name="logits", ndim=(1, 2)), temperature=temperature)
    sq = (p - one_hot(_check_target(target, p), p.shape[-1], dtype=p.dtype)) ** 2
    if reduction == "none":
        return sq
    return np.asarray(sq.mean() if reduction == "mean" else sq.sum())


def mse_grad(logits, target, *, temperature: float = 1.0, reduction: str = "mean") -> np.ndarray:
    """d :func:`mse_loss` / d logits; "none" gives the gradient of the summed squared errors of each row.

    With g = dL/dp = 2 (p - one_hot) (divided by N·C for "mean"), the softmax's Jacobian gives
    dL/dz_j = p_j (g_j - sum_k g_k p_k) / T. The factor p_j is why: a true class with p → 0 gets no push.
    """
    reduction = _check_reduction(reduction)
    arr = _check_logits(logits, name="logits", ndim=(1, 2))
    p = softmax(arr, temperature=temperature)
    g = 2 * (p - one_hot(_check_target(target, p), p.shape[-1], dtype=p.dtype))
    if reduction == "mean":
        g = g / p.dtype.type(p.size)
    return p * (g - (g * p).sum(axis=-1, keepdims=True)) / p.dtype.type(temperature)


# ---------------------------------------------------------------------------------------------
# links to the neighbouring pages: entropy and sigmoid
# ---------------------------------------------------------------------------------------------


def entropy_vs_temperature(z, temperatures) -> np.ndarray:
    """Entropy (bits) of softmax(z / T) for each T in ``temperatures``.

    Parameters
    ----------
    z : array-like of shape (C,)
    temperatures : array-like of shape (M,), each > 0

    Returns
    -------
    ndarray of shape (M,), each in [0, log2 C].
    """
    z = _check_logits(z, ndim=(1,))
    temps = np.asarray(temperatures, dtype=np.float64).reshape(-1)
    return np.array([entropy(softmax(z, temperature=t), base=2) for t in temps])


def two_class_as_sigmoid(z, *, temperature: float = 1.0) -> float:
    """P(class 0) of a 2-class softmax, written as sigmoid((z_0 - z_1) / T).

    Dividing numerator and denominator by e^(z_0/T) shows softmax([z_0, z_1])_0 = σ((z_0 - z_1) / T).
    """
    z = _check_logits(z, ndim=(1,))
    if z.shape != (2,):
        raise ValueError(f"z must hold exactly 2 logits, got shape {z.shape}")
    return float(sigmoid((z[0] - z[1]) / _check_temperature(temperature)))


@dataclass(frozen=True)
class TwoClassParts:
    """Two logits seen both ways: softmax's first probability and the sigmoid of the scaled difference."""

    softmax: float  # softmax([z_0, z_1] / T)_0
    scaled_diff: float  # (z_0 - z_1) / T
    sigmoid: float  # sigmoid(scaled_diff): the same number up to rounding

    @property
    def mismatch(self) -> float:
        """|softmax - sigmoid|: rounding only."""
        return abs(self.softmax - self.sigmoid)


def two_class_parts(z, *, temperature: float = 1.0) -> TwoClassParts:
    """Both sides of softmax([z_0, z_1])_0 = sigmoid((z_0 - z_1) / T), for display.

    Examples
    --------
    >>> two_class_parts([1.0, 1.0]).sigmoid
    0.5
    """
    s = _scaled(z, temperature, ndim=(1,))
    if s.shape != (2,):
        raise ValueError(f"z must hold exactly 2 logits, got shape {s.shape}")
    return TwoClassParts(
        softmax=float(softmax(z, temperature=temperature)[0]),
        scaled_diff=float(s[0] - s[1]),
        sigmoid=two_class_as_sigmoid(z, temperature=temperature),
    )


def nats_to_bits(x):
    """A quantity in nats (natural log, as the loss is measured) in bits: x / ln 2."""
    return x / math.log(2)


# ---------------------------------------------------------------------------------------------
# shift invariance: softmax(z + c) = softmax(z), and the naive formula that forgets it
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShiftCheck:
    """softmax(z) next to the stable and the naive formula at z + c (arrays of shape (C,))."""

    probs: np.ndarray  # softmax(z / T)
    stable: np.ndarray  # softmax((z + c) / T): the same probabilities
    naive: np.ndarray  # e^((z+c)/T) / sum e^((z+c)/T): NaN once every term overflows or underflows
    stable_gap: float  # max |stable - probs|: rounding only
    naive_gap: float  # max |naive - probs| (NaN when the naive formula failed)
    largest_exponent: float  # max |z + c| / T: the biggest exponent the naive formula has to evaluate

    @property
    def naive_failed(self) -> bool:
        return bool(np.isnan(self.naive).any())


def shift_check(z, c: float, *, temperature: float = 1.0) -> ShiftCheck:
    """Add ``c`` to every logit: the stable softmax does not move, the naive formula may break.

    Examples
    --------
    >>> shift_check([0.0, 1.0], 1000.0).naive_failed  # e^1000 overflows: inf / inf
    True
    """
    z = _check_logits(z, ndim=(1,))
    try:
        c = float(c)
    except (TypeError, ValueError):
        raise ValueError(f"c must be a number, got {c!r}") from None
    if not math.isfinite(c):
        raise ValueError(f"c must be finite, got {c!r}")
    probs = softmax(z, temperature=temperature)
    shifted = _scaled(z + c, temperature)  # checks that (z + c) / T is finite
    stable = softmax(z + c, temperature=temperature)
    naive = naive_softmax(z + c, temperature=temperature)
    return ShiftCheck(
        probs=probs,
        stable=stable,
        naive=naive,
        stable_gap=float(np.max(np.abs(stable - probs))),
        naive_gap=float(np.max(np.abs(naive - probs))),
        largest_exponent=float(np.max(np.abs(shifted))),
    )


def breaking_shifts(
    z, *, temperature: float = 1.0, limit: float = 1e4, step: float = 100.0
) -> tuple[float | None, float | None]:
    """The positive and the negative shift c closest to 0 at which the naive formula fails at this temperature.

    Both are multiples of ``step`` with |c| ≤ ``limit`` (None on a side with no such c). A positive c makes
    the largest exponent (z + c) / T overflow e^x; a negative one makes every exponent underflow to 0. The
    answer is checked with :func:`shift_check` itself, so it holds for the dtype the page computes in.

    Examples
    --------
    >>> breaking_shifts([0.0, 1.0], temperature=2.0)  # e^(1500/2) overflows, e^(1400/2) does not
    (1500.0, -1500.0)
    """
    z = _check_logits(z, ndim=(1,))
    temperature = _check_temperature(temperature)
    info = np.finfo(z.dtype)
    top = float(np.max(z))
    # e^x overflows above ln(max) and rounds to 0 below ln(smallest subnormal): the first guess, then checked
    guesses = (
        max(step, math.ceil((temperature * math.log(info.max) - top) / step) * step),
        min(-step, math.floor((temperature * math.log(info.smallest_subnormal) - top) / step) * step),
    )
    return tuple(_nearest_failing(z, c, temperature, limit, step) for c in guesses)


def _nearest_failing(z: np.ndarray, c: float, temperature: float, limit: float, step: float) -> float | None:
    """From a guess ``c``, the failing shift of the same sign closest to 0 (None beyond ``limit``)."""

    def fails(shift: float) -> bool:
        try:
            return abs(shift) <= limit and shift_check(z, shift, temperature=temperature).naive_failed
        except ValueError:  # (z + c) / T is not finite
            return False

    sign = 1.0 if c > 0 else -1.0
    for _ in range(4):  # the guess is off by a step at most: walk outwards until it fails ...
        if fails(c) or abs(c) > limit:
            break
        c += sign * step
    if not fails(c):
        return None
    while abs(c) > step and fails(c - sign * step):  # ... and inwards while a smaller shift fails too
        c -= sign * step
    return float(c)


# ---------------------------------------------------------------------------------------------
# gradient-descent history
# ---------------------------------------------------------------------------------------------


def last_step_change(history: Sequence[tuple[int, float]], loss: float, *, tol: float = 1e-9) -> float:
    """How much the last gradient step changed the loss: ``loss`` minus the loss one step before.

    Parameters
    ----------
    history : sequence of (step, loss) pairs, oldest first
    loss : float
        The current loss. When it is not the last recorded one (the logits moved since the last step),
        or fewer than two losses are recorded, there is no step to speak of and the change is 0.0.
    tol : float, default 1e-9
        How close ``loss`` must be to the last recorded loss to count as that loss.
    """
    if len(history) < 2 or abs(history[-1][1] - loss) >= tol:
        return 0.0
    return float(loss - history[-2][1])
