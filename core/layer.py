"""The rules of a convolution or pooling layer: its arguments, its padding, whether the kernel fits, the output size.

One place for each rule (like scikit-learn's ``utils/validation.py``): ``conv2d``, ``conv_steps``,
``pool2d``, ``pad2d`` and the convolution page all ask here, so the page accepts exactly the settings
conv2d runs, and its message names the rule conv2d would break.

A layer that cannot run on its input raises :class:`ConvError` with a code and the values involved (ui
translates them). A malformed argument (a float stride, a negative padding, a string kernel) raises a
plain ``ValueError`` naming the argument: that is a programming error, not a setting to explain.
"""

from __future__ import annotations

import numbers

import numpy as np

from core.errors import CoreError

__all__ = ["MAX_STEP_CELLS", "PADDING_MODES", "ConvError", "check_layer", "output_hw", "output_size", "resolve_padding"]

PADDING_MODES = ("zeros", "reflect", "replicate", "circular")
# The step-through view only walks small grids (the notes' 5x5/7x7, a zoomed crop of a photo).
MAX_STEP_CELLS = 64 * 64


class ConvError(CoreError):
    """A convolution or pooling layer that cannot run on this input.

    Codes (``params``):

    - ``same_stride``: ``padding="same"`` with a stride other than 1 (``stride``)
    - ``padding_mode``: an unknown padding mode (``mode``)
    - ``reflect_too_big``: reflect padding not smaller than the input (``pad``, ``size`` = (H, W))
    - ``circular_too_big``: circular padding larger than the input (``pad``, ``size`` = (H, W))
    - ``kernel_too_big``: the (dilated) kernel is larger than the padded input (``span`` = (kH', kW'),
      ``padded`` = (H + pads, W + pads))

    Each is also a ``ValueError`` whose message names the argument.
    """


# ----------------------------------------------------------------------------------------------
# argument checks


def _is_int(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _check_pair(value, name: str, *, minimum: int) -> tuple[int, int]:
    """An int or a pair of ints, each >= minimum, as a (height, width) pair."""
    pair = (value, value) if _is_int(value) else value
    if not (isinstance(pair, tuple | list) and len(pair) == 2 and all(_is_int(v) for v in pair)):
        raise ValueError(f"{name} must be an int or a pair of ints, got {value!r}")
    if min(pair) < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value!r}")
    return int(pair[0]), int(pair[1])


def _check_padding_mode(padding_mode) -> str:
    if padding_mode not in PADDING_MODES:
        raise ConvError(
            "padding_mode", f"padding_mode must be one of {PADDING_MODES}, got {padding_mode!r}", mode=padding_mode
        )
    return padding_mode


def _compute_dtype(dtype: np.dtype) -> np.dtype:
    if dtype == np.float16:
        return np.dtype(np.float32)
    if np.issubdtype(dtype, np.floating):
        return np.dtype(dtype)
    return np.dtype(np.float64)


def _check_image(x, name: str = "x") -> tuple[np.ndarray, int]:
    """Return x as a float array of shape (N, C, H, W) and its original number of dimensions."""
    x = np.asarray(x)
    if x.dtype == object or not (np.issubdtype(x.dtype, np.number) or x.dtype == np.bool_):
        raise ValueError(f"{name} must be a numeric array, got dtype {x.dtype}")
    if np.issubdtype(x.dtype, np.complexfloating):
        raise ValueError(f"{name} must be real, got dtype {x.dtype}")
    if x.ndim not in (2, 3, 4):
        raise ValueError(f"{name} must have shape (H, W), (C, H, W) or (N, C, H, W), got shape {x.shape}")
    if x.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {x.shape}")
    ndim = x.ndim
    x4 = x.reshape((1,) * (4 - ndim) + x.shape)  # (N, C, H, W)
    return np.ascontiguousarray(x4, dtype=_compute_dtype(x.dtype)), ndim


def _check_grid(x, name: str) -> np.ndarray:
    """A small 2-D grid for the step-through records, as a float array (H, W)."""
    x4, ndim = _check_image(x, name)
    if ndim != 2:
        raise ValueError(f"{name} must be a 2-D grid (H, W), got shape {np.asarray(x).shape}")
    if x4.shape[2] * x4.shape[3] > MAX_STEP_CELLS:
        raise ValueError(
            f"{name} is too large for the step-through ({x4.shape[2]}x{x4.shape[3]} cells, "
            f"at most {MAX_STEP_CELLS}); use a smaller crop"
        )
    return x4[0, 0]


# ----------------------------------------------------------------------------------------------
# padding amounts, their limits, the output size


def resolve_padding(kernel_size, padding=0, *, stride=1, dilation=1) -> tuple[int, int, int, int]:
    """Padding amounts ``(top, bottom, left, right)`` for an int, a pair, ``"same"`` or ``"valid"``.

    ``"same"`` (stride 1 only, else :class:`ConvError` ``same_stride``) pads ``dilation * (k - 1)`` in
    total, the odd one extra at the bottom/right, like PyTorch.

    >>> resolve_padding(3, "same")
    (1, 1, 1, 1)
    >>> resolve_padding((2, 4), "same")
    (0, 1, 1, 2)
    """
    kh, kw = _check_pair(kernel_size, "kernel_size", minimum=1)
    sh, sw = _check_pair(stride, "stride", minimum=1)
    dh, dw = _check_pair(dilation, "dilation", minimum=1)
    if isinstance(padding, str):
        if padding == "valid":
            return 0, 0, 0, 0
        if padding != "same":
            raise ValueError(f"padding must be an int, a pair of ints, 'same' or 'valid', got {padding!r}")
        if (sh, sw) != (1, 1):
            raise ConvError("same_stride", f"padding='same' needs stride 1, got stride {stride!r}", stride=stride)
        th, tw = dh * (kh - 1), dw * (kw - 1)
        return th // 2, th - th // 2, tw // 2, tw - tw // 2
    ph, pw = _check_pair(padding, "padding", minimum=0)
    return ph, ph, pw, pw


def _check_mode_padding(shape_hw, pads, padding_mode: str) -> None:
    """reflect needs padding < size and circular padding <= size (same limits as torch)."""
    h, w = shape_hw
    top, bottom, left, right = pads
    pad = max(pads)
    if padding_mode == "reflect" and (max(top, bottom) >= h or max(left, right) >= w):
        message = f"padding: reflect padding must be smaller than the input size {h}x{w}"
        raise ConvError("reflect_too_big", message, pad=pad, size=(h, w))
    if padding_mode == "circular" and (max(top, bottom) > h or max(left, right) > w):
        message = f"padding: circular padding must be at most the input size {h}x{w}"
        raise ConvError("circular_too_big", message, pad=pad, size=(h, w))


def _fit(shape_hw, pads, span, stride) -> tuple[int, int]:
    """Output (H_out, W_out) of a window spanning ``span`` cells; it must fit inside the padded input.

    Per axis ``floor((n + pad_before + pad_after - span) / stride) + 1``, with ``span = d * (k - 1) + 1``
    (PyTorch's floor rule; the notes write it ``floor((n + 2p - d(k - 1) - 1) / s) + 1``).
    """
    h, w = shape_hw
    top, bottom, left, right = pads
    hp, wp = h + top + bottom, w + left + right
    if span[0] > hp or span[1] > wp:
        message = (
            f"kernel_size: the kernel covers {span[0]}x{span[1]} cells (with dilation), "
            f"larger than the padded input {hp}x{wp}"
        )
        raise ConvError("kernel_too_big", message, span=tuple(span), padded=(hp, wp))
    return (hp - span[0]) // stride[0] + 1, (wp - span[1]) // stride[1] + 1


def check_layer(
    hw, kernel_shape, *, stride=1, padding=0, dilation=1, padding_mode="zeros"
) -> tuple[tuple[int, int, int, int], tuple[int, int]]:
    """Can a convolution with these settings run on an input of ``hw`` = (H, W) cells?

    Parameters
    ----------
    hw : (int, int)
        Input height and width.
    kernel_shape : (int, int)
        Kernel height and width (before dilation).
    stride, padding, dilation, padding_mode
        As in :func:`core.conv.conv2d`.

    Returns
    -------
    pads : (top, bottom, left, right)
    out_hw : (H_out, W_out)

    Raises
    ------
    ConvError
        ``same_stride``, ``padding_mode``, ``reflect_too_big``, ``circular_too_big`` or ``kernel_too_big``.
    ValueError
        A malformed argument (named in the message).

    >>> check_layer((5, 5), (3, 3), padding=1)
    ((1, 1, 1, 1), (5, 5))
    """
    h, w = _check_pair(hw, "hw", minimum=1)
    kh, kw = _check_pair(kernel_shape, "kernel_shape", minimum=1)
    sh, sw = _check_pair(stride, "stride", minimum=1)
    dh, dw = _check_pair(dilation, "dilation", minimum=1)
    _check_padding_mode(padding_mode)
    pads = resolve_padding((kh, kw), padding, stride=stride, dilation=(dh, dw))
    _check_mode_padding((h, w), pads, padding_mode)
    out_hw = _fit((h, w), pads, (dh * (kh - 1) + 1, dw * (kw - 1) + 1), (sh, sw))
    return pads, out_hw


def output_hw(hw, kernel_shape, *, stride=1, padding=0, dilation=1, padding_mode="zeros") -> tuple[int, int]:
    """(H_out, W_out) of a convolution on an (H, W) input; raises like :func:`check_layer`.

    >>> output_hw((480, 640), (3, 3), stride=2)
    (239, 319)
    """
    opts = dict(stride=stride, padding=padding, dilation=dilation, padding_mode=padding_mode)
    return check_layer(hw, kernel_shape, **opts)[1]


def output_size(n, kernel_size, *, stride=1, padding=0, dilation=1) -> int:
    """Length of a convolution/pooling output along one axis (floor, like PyTorch).

    ``floor((n + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1``

    Parameters
    ----------
    n : int
        Input length (height or width).
    kernel_size, stride, dilation : int
    padding : int or "same" or "valid"

    Raises
    ------
    ValueError
        If an argument is invalid or the kernel does not fit in the padded input (:class:`ConvError`).

    >>> output_size(5, 3)
    3
    >>> output_size(4, 2, stride=2)
    2
    """
    if not _is_int(n) or n < 1:
        raise ValueError(f"n must be a positive int, got {n!r}")
    for name, value in (("kernel_size", kernel_size), ("stride", stride), ("dilation", dilation)):
        if not _is_int(value) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    if not isinstance(padding, str) and not _is_int(padding):
        raise ValueError(f"padding must be an int, 'same' or 'valid', got {padding!r}")
    return output_hw((n, n), (kernel_size, kernel_size), stride=stride, padding=padding, dilation=dilation)[0]
