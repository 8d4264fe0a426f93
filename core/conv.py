"""2-D convolution, padding and pooling in NumPy with PyTorch semantics.

Cross-correlation (no kernel flip), NCHW layout and floor division in the output size,
exactly like ``torch.nn.functional.conv2d`` / ``max_pool2d`` / ``avg_pool2d`` and the padding
modes of ``torch.nn.Conv2d`` (zeros, reflect, replicate, circular).

Speed: no Python loop over pixels. The output is computed in bands of rows small enough to
stay in the CPU cache; inside a band the loop runs over the kernel taps only, and each tap
adds ``w[i, j] * (shifted slice of the input)`` to the band (a "shifted-slices" accumulation).

Dtypes: float32 stays float32 and float64 stays float64 (the kernel is cast to the input's
dtype). float16 is computed in float32. Integer and bool inputs are computed in float64, which is
exact for the small integer grids of the step-through view; pass float32 for whole photos.

The ``*_steps`` functions give the window-by-window story for the step-through view and refuse
grids larger than :data:`MAX_STEP_CELLS` cells.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

__all__ = [
    "KERNELS",
    "MAX_STEP_CELLS",
    "PADDING_MODES",
    "POOL_MODES",
    "ConvStep",
    "PoolStep",
    "conv2d",
    "conv_steps",
    "normalize_kernel",
    "output_size",
    "pad2d",
    "pool2d",
    "pool_steps",
    "resolve_padding",
    "torch_reference",
]

PADDING_MODES = ("zeros", "reflect", "replicate", "circular")
POOL_MODES = ("max", "avg")
# The step-through view only walks small grids (the notes' 5x5/7x7, a zoomed crop of a photo).
MAX_STEP_CELLS = 64 * 64
# Bytes of input rows per band: a band of input, output and scratch stays within a 1 MB L2 cache.
_BAND_BYTES = 1 << 18


def _preset(rows) -> np.ndarray:
    arr = np.array(rows, dtype=np.float64)
    arr.setflags(write=False)  # shared by every session: nobody may edit a preset in place
    return arr


_GAUSS5 = np.array([1.0, 4.0, 6.0, 4.0, 1.0])

KERNELS: dict[str, np.ndarray] = {
    "identity": _preset([[0, 0, 0], [0, 1, 0], [0, 0, 0]]),
    "box_blur_3": _preset(np.full((3, 3), 1 / 9)),
    "box_blur_5": _preset(np.full((5, 5), 1 / 25)),
    "gaussian_3": _preset(np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16),
    "gaussian_5": _preset(np.outer(_GAUSS5, _GAUSS5) / 256),
    "sharpen": _preset([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
    "laplacian": _preset([[0, 1, 0], [1, -4, 1], [0, 1, 0]]),
    "sobel_x": _preset([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]),
    "sobel_y": _preset([[-1, -2, -1], [0, 0, 0], [1, 2, 1]]),
    "emboss": _preset([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]]),
    "outline": _preset([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]),
}
"""Named kernel presets, each a read-only float64 array of shape (kH, kW)."""


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
        raise ValueError(f"padding_mode must be one of {PADDING_MODES}, got {padding_mode!r}")
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


def _check_kernel(w, dtype: np.dtype) -> np.ndarray:
    w = np.asarray(w)
    if w.dtype == object or not (np.issubdtype(w.dtype, np.number) or w.dtype == np.bool_):
        raise ValueError(f"w must be a numeric array, got dtype {w.dtype}")
    if np.issubdtype(w.dtype, np.complexfloating):
        raise ValueError(f"w must be real, got dtype {w.dtype}")
    if w.ndim not in (2, 4):
        raise ValueError(f"w must have shape (kH, kW) or (C_out, C_in, kH, kW), got shape {w.shape}")
    if w.size == 0:
        raise ValueError(f"w must not be empty, got shape {w.shape}")
    if not np.all(np.isfinite(w)):
        raise ValueError("w must be finite (it contains NaN or infinity)")
    return np.asarray(w, dtype=dtype)


def _check_bias(b, c_out: int, dtype: np.dtype) -> np.ndarray | None:
    if b is None:
        return None
    b = np.asarray(b)
    if b.ndim == 0:
        b = b.reshape(1)
    if b.shape != (c_out,) or not (np.issubdtype(b.dtype, np.number) or b.dtype == np.bool_):
        raise ValueError(f"b must be a numeric array of shape ({c_out},) (one per output channel), got {b.shape}")
    if np.issubdtype(b.dtype, np.complexfloating) or not np.all(np.isfinite(b)):
        raise ValueError("b must be real and finite")
    return b.astype(dtype)


def resolve_padding(kernel_size, padding=0, *, stride=1, dilation=1) -> tuple[int, int, int, int]:
    """Padding amounts ``(top, bottom, left, right)`` for an int, a pair, ``"same"`` or ``"valid"``.

    ``"same"`` (stride 1 only) pads ``dilation * (k - 1)`` in total, the odd one extra at the
    bottom/right, like PyTorch.

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
            raise ValueError(f"padding='same' needs stride 1, got stride {stride!r}")
        th, tw = dh * (kh - 1), dw * (kw - 1)
        return th // 2, th - th // 2, tw // 2, tw - tw // 2
    ph, pw = _check_pair(padding, "padding", minimum=0)
    return ph, ph, pw, pw


def _check_fits(shape_hw, pads, eff_kernel) -> tuple[int, int]:
    """Output (H_out, W_out); the (dilated) kernel must fit inside the padded input."""
    h, w = shape_hw
    top, bottom, left, right = pads
    hp, wp = h + top + bottom, w + left + right
    if eff_kernel[0] > hp or eff_kernel[1] > wp:
        raise ValueError(
            f"kernel_size: the kernel covers {eff_kernel[0]}x{eff_kernel[1]} cells (with dilation), "
            f"larger than the padded input {hp}x{wp}"
        )
    return hp, wp


def _check_mode_padding(shape_hw, pads, padding_mode: str) -> None:
    """reflect needs padding < size and circular padding <= size (same limits as torch)."""
    h, w = shape_hw
    top, bottom, left, right = pads
    if padding_mode == "reflect" and (max(top, bottom) >= h or max(left, right) >= w):
        raise ValueError(f"padding: reflect padding must be smaller than the input size {h}x{w}")
    if padding_mode == "circular" and (max(top, bottom) > h or max(left, right) > w):
        raise ValueError(f"padding: circular padding must be at most the input size {h}x{w}")


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
        If an argument is invalid or the kernel does not fit in the padded input.

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
    top, bottom, _, _ = resolve_padding(kernel_size, padding, stride=stride, dilation=dilation)
    span = dilation * (kernel_size - 1) + 1
    _check_fits((n, n), (top, bottom, top, bottom), (span, span))
    return (n + top + bottom - span) // stride + 1


# ----------------------------------------------------------------------------------------------
# padding


def _source_index(n: int, before: int, after: int, padding_mode: str) -> np.ndarray:
    """For each padded coordinate, the input coordinate it copies (-1: a zero cell)."""
    src = np.arange(-before, n + after)
    if padding_mode == "zeros":
        return np.where((src >= 0) & (src < n), src, -1)
    if padding_mode == "replicate":
        return np.clip(src, 0, n - 1)
    if padding_mode == "circular":
        return src % n
    # reflect about the edge cell without repeating it: -1 -> 1, n -> n - 2
    src = np.abs(src)
    return np.where(src > n - 1, 2 * (n - 1) - src, src)


def pad2d(x, padding, *, padding_mode="zeros", value=0.0) -> np.ndarray:
    """Pad the last two axes of ``x`` like ``torch.nn.Conv2d`` pads before convolving.

    Parameters
    ----------
    x : array-like of shape (..., H, W)
    padding : int, pair (ph, pw) or 4-tuple (top, bottom, left, right)
    padding_mode : {"zeros", "reflect", "replicate", "circular"}
    value : float
        Fill value of the ``"zeros"`` mode (pooling pads max with -inf).

    Returns
    -------
    ndarray of shape (..., H + top + bottom, W + left + right)
    """
    x = np.asarray(x)
    if x.ndim < 2 or x.size == 0:
        raise ValueError(f"x must have at least 2 non-empty dimensions, got shape {x.shape}")
    if isinstance(padding, tuple | list) and len(padding) == 4 and all(_is_int(p) and p >= 0 for p in padding):
        pads = tuple(int(p) for p in padding)
    else:
        ph, pw = _check_pair(padding, "padding", minimum=0)
        pads = (ph, ph, pw, pw)
    _check_padding_mode(padding_mode)
    _check_mode_padding(x.shape[-2:], pads, padding_mode)
    rows = _source_index(x.shape[-2], pads[0], pads[1], padding_mode)
    cols = _source_index(x.shape[-1], pads[2], pads[3], padding_mode)
    out = x[..., np.maximum(rows, 0)[:, None], np.maximum(cols, 0)[None, :]]
    if padding_mode == "zeros":
        out = out.astype(np.result_type(out.dtype, np.min_scalar_type(value)), copy=False)
        out[..., (rows < 0)[:, None] | (cols < 0)[None, :]] = value
    return out


class _BandReader:
    """Hands out horizontal bands of the padded input without padding the whole image."""

    def __init__(self, x: np.ndarray, pads, padding_mode: str, fill: float, max_rows: int):
        self.x = x  # (N, C, H, W)
        n, c, h, w = x.shape
        top, bottom, left, right = pads
        self.no_pad = not any(pads)
        self.rows = _source_index(h, top, bottom, padding_mode)
        self.left, self.w = left, w
        self.cols = _source_index(w, left, right, padding_mode)
        self.mode = padding_mode
        self.fill = fill
        if not self.no_pad:
            self.buf = np.full((n, c, max_rows, w + left + right), fill, dtype=x.dtype)  # (N, C, rows, Wp)
            self.edge_cols = np.concatenate([np.arange(left), np.arange(left + w, w + left + right)])
            self.edge_src = left + self.cols[self.edge_cols]

    def band(self, start: int, stop: int) -> np.ndarray:
        """Padded rows [start, stop) as an array of shape (N, C, stop - start, Wp)."""
        if self.no_pad:
            return self.x[:, :, start:stop]
        idx = self.rows[start:stop]
        out = self.buf[:, :, : stop - start]
        centre = out[..., self.left : self.left + self.w]
        valid = idx >= 0
        if valid.all() and idx[-1] - idx[0] == len(idx) - 1 and np.all(np.diff(idx) == 1):
            centre[...] = self.x[:, :, idx[0] : idx[-1] + 1]
        else:
            centre[...] = self.x[:, :, np.maximum(idx, 0)]
            centre[:, :, ~valid] = self.fill
        if self.mode != "zeros" and len(self.edge_cols):
            out[..., self.edge_cols] = out[..., self.edge_src]
        return out


def _band_rows(bytes_per_out_row: int, out_h: int) -> int:
    return int(max(1, min(out_h, _BAND_BYTES // max(1, bytes_per_out_row))))


# ----------------------------------------------------------------------------------------------
# convolution


def conv2d(x, w, b=None, *, stride=1, padding=0, dilation=1, padding_mode="zeros", groups=1) -> np.ndarray:
    """2-D cross-correlation, the ``conv2d`` of PyTorch (``torch.nn.Conv2d`` for the padding modes).

    ``out[n, o, i, j] = b[o] + sum_{c, p, q} w[o, c, p, q] * xpad[n, g*C_in/groups + c, i*sh + p*dh, j*sw + q*dw]``

    Parameters
    ----------
    x : array-like of shape (N, C_in, H, W), (C_in, H, W) or (H, W)
    w : array-like of shape (C_out, C_in / groups, kH, kW) or (kH, kW)
        A 2-D kernel is applied to every input channel on its own (depthwise, the same kernel on R,
        G and B); with a 2-D kernel ``groups`` must be 1 or C_in.
    b : array-like of shape (C_out,), optional
    stride, dilation : int or (int, int), >= 1
    padding : int, (int, int), "same" (stride 1 only) or "valid"
    padding_mode : {"zeros", "reflect", "replicate", "circular"}
    groups : int
        Input and output channels are split into ``groups`` independent groups (as in PyTorch).

    Returns
    -------
    ndarray of shape (N, C_out, H_out, W_out); (C_out, H_out, W_out) for a 3-D x or a 2-D x with a
    4-D kernel; (H_out, W_out) when x and w are both 2-D. Float dtype of x (see the module notes).

    Raises
    ------
    ValueError
        Naming the bad argument: shapes, channel counts, non-finite kernel, stride/dilation < 1,
        bad padding or padding_mode, a kernel larger than the padded input.

    Examples
    --------
    >>> x = np.arange(25.0).reshape(5, 5)
    >>> conv2d(x, np.ones((3, 3))).shape
    (3, 3)
    """
    x4, x_ndim = _check_image(x)
    w = _check_kernel(w, x4.dtype)
    n, c_in, h, wd = x4.shape
    if not _is_int(groups) or groups < 1:
        raise ValueError(f"groups must be a positive int, got {groups!r}")
    w_ndim = w.ndim
    if w_ndim == 2:
        if groups not in (1, c_in):
            raise ValueError(f"groups must be 1 or C_in={c_in} with a 2-D kernel, got {groups}")
        groups = c_in
        w = np.broadcast_to(w, (c_in, 1) + w.shape)  # (C_out=C_in, 1, kH, kW)
    c_out, cin_g, kh, kw = w.shape
    if c_in % groups or c_out % groups:
        raise ValueError(f"groups={groups} must divide C_in={c_in} and C_out={c_out}")
    if cin_g * groups != c_in:
        raise ValueError(
            f"w: kernel expects {cin_g * groups} input channels (C_in/groups={cin_g}, groups={groups}), x has {c_in}"
        )
    b = _check_bias(b, c_out, x4.dtype)
    sh, sw = _check_pair(stride, "stride", minimum=1)
    dh, dw = _check_pair(dilation, "dilation", minimum=1)
    _check_padding_mode(padding_mode)
    pads = resolve_padding((kh, kw), padding, stride=(sh, sw), dilation=(dh, dw))
    _check_mode_padding((h, wd), pads, padding_mode)
    hp, wp = _check_fits((h, wd), pads, (dh * (kh - 1) + 1, dw * (kw - 1) + 1))
    out_h, out_w = (hp - dh * (kh - 1) - 1) // sh + 1, (wp - dw * (kw - 1) - 1) // sw + 1

    out = _conv_bands(x4, w, b, (sh, sw), (dh, dw), pads, padding_mode, groups, (out_h, out_w))
    if x_ndim == 4:
        return out
    if x_ndim == 2 and w_ndim == 2:
        return out[0, 0]
    return out[0]


def _conv_bands(x4, w, b, stride, dilation, pads, padding_mode, groups, out_hw) -> np.ndarray:
    """Shifted-slices accumulation over cache-sized bands of output rows."""
    n, c_in, _, wd = x4.shape
    c_out, cin_g, kh, kw = w.shape
    (sh, sw), (dh, dw), (out_h, out_w) = stride, dilation, out_hw
    cout_g = c_out // groups
    out = np.empty((n, groups, cout_g, out_h, out_w), dtype=x4.dtype)  # (N, G, C_out/G, H_out, W_out)
    w5 = w.reshape(groups, cout_g, cin_g, kh, kw)  # (G, C_out/G, C_in/G, kH, kW)
    taps = w5.transpose(2, 3, 4, 0, 1)[..., None, None][:, :, :, None]  # (C_in/G, kH, kW, 1, G, C_out/G, 1, 1)

    wp = wd + pads[2] + pads[3]
    row_bytes = x4.itemsize * n * max(c_in * wp * sh, c_out * out_w)
    rows = _band_rows(row_bytes, out_h)
    reader = _BandReader(x4, pads, padding_mode, 0.0, (rows - 1) * sh + dh * (kh - 1) + 1)
    scratch = np.empty((n, groups, cout_g, rows, out_w), dtype=x4.dtype)
    for r0 in range(0, out_h, rows):
        r1 = min(out_h, r0 + rows)
        nr = r1 - r0
        band = reader.band(r0 * sh, (r1 - 1) * sh + dh * (kh - 1) + 1)
        band5 = band.reshape(n, groups, cin_g, 1, band.shape[2], wp)  # (N, G, C_in/G, 1, rows, Wp)
        acc = out[:, :, :, r0:r1]
        tmp = scratch[:, :, :, :nr]
        first = True
        for ci in range(cin_g):
            for i in range(kh):
                for j in range(kw):
                    shifted = band5[
                        :,
                        :,
                        ci,
                        :,
                        i * dh : i * dh + sh * (nr - 1) + 1 : sh,
                        j * dw : j * dw + sw * (out_w - 1) + 1 : sw,
                    ]
                    if first:
                        np.multiply(shifted, taps[ci, i, j], out=acc)
                        first = False
                    else:
                        np.multiply(shifted, taps[ci, i, j], out=tmp)
                        acc += tmp
        if b is not None:
            acc += b.reshape(1, groups, cout_g, 1, 1)
    return out.reshape(n, c_out, out_h, out_w)


# ----------------------------------------------------------------------------------------------
# pooling


def _check_pool_args(x4, kernel_size, stride, padding, mode):
    if mode not in POOL_MODES:
        raise ValueError(f"mode must be one of {POOL_MODES}, got {mode!r}")
    kh, kw = _check_pair(kernel_size, "kernel_size", minimum=1)
    sh, sw = (kh, kw) if stride is None else _check_pair(stride, "stride", minimum=1)
    ph, pw = _check_pair(padding, "padding", minimum=0)
    if ph > kh // 2 or pw > kw // 2:
        raise ValueError(f"padding must be at most half the kernel size {kh}x{kw} (as in PyTorch), got {padding!r}")
    h, wd = x4.shape[-2:]
    _check_fits((h, wd), (ph, ph, pw, pw), (kh, kw))
    out_hw = ((h + 2 * ph - kh) // sh + 1, (wd + 2 * pw - kw) // sw + 1)
    return (kh, kw), (sh, sw), (ph, ph, pw, pw), out_hw


def pool2d(x, *, kernel_size, stride=None, padding=0, mode="max") -> np.ndarray:
    """Max or average pooling, ``torch.nn.functional.max_pool2d`` / ``avg_pool2d``.

    Max pooling pads with -inf; average pooling pads with zeros and divides by the full window
    size (``count_include_pad=True``, ``ceil_mode=False``, PyTorch's defaults). No learnable
    weights; the channel count is unchanged.

    Parameters
    ----------
    x : array-like of shape (N, C, H, W), (C, H, W) or (H, W)
    kernel_size : int or (int, int)
    stride : int or (int, int), optional
        Defaults to ``kernel_size``.
    padding : int or (int, int)
        At most half of the kernel size (PyTorch's rule).
    mode : {"max", "avg"}

    Returns
    -------
    ndarray with the leading axes of x and (H_out, W_out) last; float dtype of x.

    >>> pool2d(np.arange(16.0).reshape(4, 4), kernel_size=2)
    array([[ 5.,  7.],
           [13., 15.]])
    """
    x4, x_ndim = _check_image(x)
    (kh, kw), (sh, sw), pads, (out_h, out_w) = _check_pool_args(x4, kernel_size, stride, padding, mode)
    n, c, _, wd = x4.shape
    out = np.empty((n, c, out_h, out_w), dtype=x4.dtype)  # (N, C, H_out, W_out)
    wp = wd + pads[2] + pads[3]
    rows = _band_rows(x4.itemsize * n * c * max(wp * sh, out_w), out_h)
    fill = -np.inf if mode == "max" else 0.0
    reader = _BandReader(x4, pads, "zeros", fill, (rows - 1) * sh + kh)
    # separable: reduce the window's rows first (contiguous, fast), then its columns (strided)
    combine = np.maximum if mode == "max" else np.add  # np.maximum propagates NaN, as torch does
    scratch = np.empty((n, c, rows, wp), dtype=x4.dtype)  # (N, C, rows, Wp)
    for r0 in range(0, out_h, rows):
        r1 = min(out_h, r0 + rows)
        nr = r1 - r0
        band = reader.band(r0 * sh, (r1 - 1) * sh + kh)
        cols = scratch[:, :, :nr]
        np.copyto(cols, band[:, :, 0 : sh * (nr - 1) + 1 : sh])
        for i in range(1, kh):
            combine(cols, band[:, :, i : i + sh * (nr - 1) + 1 : sh], out=cols)
        acc = out[:, :, r0:r1]
        np.copyto(acc, cols[..., 0 : sw * (out_w - 1) + 1 : sw])
        for j in range(1, kw):
            combine(acc, cols[..., j : j + sw * (out_w - 1) + 1 : sw], out=acc)
        if mode == "avg":
            acc /= kh * kw
    return out.reshape(np.asarray(x).shape[:-2] + (out_h, out_w))


# ----------------------------------------------------------------------------------------------
# step-through records


@dataclass(frozen=True)
class ConvStep:
    """One kernel position of a 2-D convolution.

    Attributes
    ----------
    index : (int, int)
        Output cell (row, col) this window fills.
    rows, cols : tuple of int
        Coordinates of the window's cells in the *padded* grid (``pad2d`` output), (kH,) and (kW,).
    window : ndarray of shape (kH, kW)
        Input values under the kernel (padding values filled in by the padding mode).
    padded : ndarray of bool, shape (kH, kW)
        True where the cell lies in the padding, outside the original input.
    products : ndarray of shape (kH, kW)
        ``window * w`` element-wise.
    total : float
        ``products.sum() + bias``: the output value.
    """

    index: tuple[int, int]
    rows: tuple[int, ...]
    cols: tuple[int, ...]
    window: np.ndarray
    padded: np.ndarray
    products: np.ndarray
    total: float


@dataclass(frozen=True)
class PoolStep:
    """One window of a pooling layer.

    Attributes
    ----------
    index : (int, int)
        Output cell (row, col).
    rows, cols : tuple of int
        Window coordinates in the padded grid.
    window : ndarray of shape (kH, kW)
        Values in the window; padded cells hold -inf (max) or 0 (avg).
    padded : ndarray of bool, shape (kH, kW)
        True for padding cells.
    value : float
        The window's maximum or mean (mean over the whole window, padding included).
    winner : (int, int) or None
        Position inside the window of the maximum (first one on ties); None for "avg".
    """

    index: tuple[int, int]
    rows: tuple[int, ...]
    cols: tuple[int, ...]
    window: np.ndarray
    padded: np.ndarray
    value: float
    winner: tuple[int, int] | None


def _check_grid(x, name: str) -> np.ndarray:
    x4, ndim = _check_image(x, name)
    if ndim != 2:
        raise ValueError(f"{name} must be a 2-D grid (H, W), got shape {np.asarray(x).shape}")
    if x4.shape[2] * x4.shape[3] > MAX_STEP_CELLS:
        raise ValueError(
            f"{name} is too large for the step-through ({x4.shape[2]}x{x4.shape[3]} cells, "
            f"at most {MAX_STEP_CELLS}); use a smaller crop"
        )
    return x4[0, 0]


def _windows(grid, pads, mode, fill, kernel, stride, dilation, out_hw):
    """All windows (H_out, W_out, kH, kW), their padding mask and padded-grid coordinates."""
    padded = pad2d(grid, pads, padding_mode=mode, value=fill)
    mask = pad2d(np.zeros(grid.shape, dtype=bool), pads, padding_mode="zeros", value=True)
    rows = np.arange(out_hw[0])[:, None] * stride[0] + np.arange(kernel[0])[None, :] * dilation[0]  # (H_out, kH)
    cols = np.arange(out_hw[1])[:, None] * stride[1] + np.arange(kernel[1])[None, :] * dilation[1]  # (W_out, kW)
    ix = (rows[:, None, :, None], cols[None, :, None, :])  # broadcast to (H_out, W_out, kH, kW)
    return padded[ix], mask[ix], rows, cols


def conv_steps(x, w, *, stride=1, padding=0, dilation=1, padding_mode="zeros", bias=0.0) -> list[ConvStep]:
    """Every kernel position of ``conv2d(x, w, ...)`` on a small 2-D grid, row by row.

    Parameters
    ----------
    x : array-like of shape (H, W), at most :data:`MAX_STEP_CELLS` cells
    w : array-like of shape (kH, kW)
    stride, padding, dilation, padding_mode
        As in :func:`conv2d`.
    bias : float
        Added to every sum.

    Returns
    -------
    list of ConvStep, H_out * W_out records in row-major order.
    """
    grid = _check_grid(x, "x")
    w = _check_kernel(w, grid.dtype)
    if w.ndim != 2:
        raise ValueError(f"w must be a 2-D kernel (kH, kW) for the step-through, got shape {w.shape}")
    if not isinstance(bias, numbers.Real) or not np.isfinite(bias):
        raise ValueError(f"bias must be a finite number, got {bias!r}")
    sh, sw = _check_pair(stride, "stride", minimum=1)
    dh, dw = _check_pair(dilation, "dilation", minimum=1)
    _check_padding_mode(padding_mode)
    kh, kw = w.shape
    pads = resolve_padding((kh, kw), padding, stride=(sh, sw), dilation=(dh, dw))
    _check_mode_padding(grid.shape, pads, padding_mode)
    hp, wp = _check_fits(grid.shape, pads, (dh * (kh - 1) + 1, dw * (kw - 1) + 1))
    out_hw = ((hp - dh * (kh - 1) - 1) // sh + 1, (wp - dw * (kw - 1) - 1) // sw + 1)
    windows, masks, rows, cols = _windows(grid, pads, padding_mode, 0.0, (kh, kw), (sh, sw), (dh, dw), out_hw)
    products = windows * w  # (H_out, W_out, kH, kW)
    totals = products.sum(axis=(2, 3)) + bias
    return [
        ConvStep(
            index=(r, c),
            rows=tuple(int(v) for v in rows[r]),
            cols=tuple(int(v) for v in cols[c]),
            window=windows[r, c],
            padded=masks[r, c],
            products=products[r, c],
            total=float(totals[r, c]),
        )
        for r in range(out_hw[0])
        for c in range(out_hw[1])
    ]


def pool_steps(x, *, kernel_size, stride=None, padding=0, mode="max") -> list[PoolStep]:
    """Every window of ``pool2d(x, ...)`` on a small 2-D grid, row by row.

    Parameters
    ----------
    x : array-like of shape (H, W), at most :data:`MAX_STEP_CELLS` cells
    kernel_size, stride, padding, mode
        As in :func:`pool2d`.

    Returns
    -------
    list of PoolStep, H_out * W_out records in row-major order.
    """
    grid = _check_grid(x, "x")
    kernel, strides, pads, out_hw = _check_pool_args(grid[None, None], kernel_size, stride, padding, mode)
    fill = -np.inf if mode == "max" else 0.0
    windows, masks, rows, cols = _windows(grid, pads, "zeros", fill, kernel, strides, (1, 1), out_hw)
    if mode == "max":
        values = windows.max(axis=(2, 3))
        flat = windows.reshape(out_hw + (-1,)).argmax(axis=-1)  # (H_out, W_out)
    else:
        values = windows.sum(axis=(2, 3)) / (kernel[0] * kernel[1])
    steps = []
    for r in range(out_hw[0]):
        for c in range(out_hw[1]):
            winner = tuple(int(v) for v in np.unravel_index(flat[r, c], kernel)) if mode == "max" else None
            steps.append(
                PoolStep(
                    index=(r, c),
                    rows=tuple(int(v) for v in rows[r]),
                    cols=tuple(int(v) for v in cols[c]),
                    window=windows[r, c],
                    padded=masks[r, c],
                    value=float(values[r, c]),
                    winner=winner,
                )
            )
    return steps


# ----------------------------------------------------------------------------------------------
# helpers for the page


def normalize_kernel(w) -> np.ndarray:
    """Divide a kernel by its sum so a flat region keeps its brightness.

    Kernels summing to (almost) zero, such as edge detectors, are returned unchanged.
    """
    w = _check_kernel(w, np.dtype(np.float64))
    total = w.sum()
    # a zero-sum kernel (edges) has nothing to normalise; dividing would blow up
    return w / total if abs(total) > 1e-12 else w.copy()


def torch_reference(op, x, w=None, b=None, **options) -> np.ndarray:
    """The same computation in PyTorch, for the page's "Check with PyTorch" button.

    ``torch_reference("conv2d", x, w, b, stride=..., padding=..., dilation=..., padding_mode=...,
    groups=...)`` or ``torch_reference("pool2d", x, kernel_size=..., stride=..., padding=...,
    mode="max")``, with the shapes and conventions of :func:`conv2d` / :func:`pool2d`.
    torch is imported here, lazily.
    """
    import torch
    import torch.nn.functional as F

    if op == "pool2d":
        pool2d(x, **options)  # same validation, same error messages
        xt = torch.from_numpy(np.ascontiguousarray(_check_image(x)[0]))
        kernel = options["kernel_size"]
        stride = options.get("stride") or kernel
        padding = options.get("padding", 0)
        fn = F.max_pool2d if options.get("mode", "max") == "max" else F.avg_pool2d
        out = fn(xt, kernel, stride=stride, padding=padding).numpy()
        return out.reshape(np.asarray(x).shape[:-2] + out.shape[-2:])
    if op != "conv2d":
        raise ValueError(f"op must be 'conv2d' or 'pool2d', got {op!r}")
    ours = conv2d(x, w, b, **options)  # validates and fixes the output shape
    x4, x_ndim = _check_image(x)
    wn = np.asarray(w, dtype=x4.dtype)
    groups = options.get("groups", 1)
    if wn.ndim == 2:
        groups = x4.shape[1]
        wn = np.broadcast_to(wn, (groups, 1) + wn.shape)  # (C, 1, kH, kW)
    c_out, _, kh, kw = wn.shape
    stride, dilation = options.get("stride", 1), options.get("dilation", 1)
    mode = options.get("padding_mode", "zeros")
    pads = resolve_padding((kh, kw), options.get("padding", 0), stride=stride, dilation=dilation)
    xt = torch.from_numpy(x4)
    if any(pads):
        torch_mode = {"zeros": "constant", "replicate": "replicate", "reflect": "reflect", "circular": "circular"}
        xt = F.pad(xt, (pads[2], pads[3], pads[0], pads[1]), mode=torch_mode[mode])
    bt = None if b is None else torch.from_numpy(np.asarray(b, dtype=x4.dtype).reshape(c_out))
    wt = torch.from_numpy(np.array(wn, copy=True))  # writable, as torch wants
    out = F.conv2d(xt, wt, bt, stride=stride, dilation=dilation, groups=groups).numpy()
    return out.reshape(ours.shape)
