"""2-D convolution in NumPy with PyTorch semantics, the kernel presets, and the window-by-window story.

Cross-correlation (no kernel flip), NCHW layout and floor division in the output size, exactly like
``torch.nn.functional.conv2d`` and the padding modes of ``torch.nn.Conv2d`` (zeros, reflect, replicate,
circular). The layer's rules (padding amounts and limits, whether the kernel fits, the output size,
:class:`~core.layer.ConvError`) live in :mod:`core.layer`; padding in :mod:`core.padding`; pooling in
:mod:`core.pool`.

Speed: no Python loop over pixels. The output is computed in bands of rows small enough to
stay in the CPU cache; inside a band the loop runs over the kernel taps only, and each tap
adds ``w[i, j] * (shifted slice of the input)`` to the band (a "shifted-slices" accumulation).

Dtypes: float32 stays float32 and float64 stays float64 (the kernel is cast to the input's
dtype). float16 is computed in float32. Integer and bool inputs are computed in float64, which is
exact for the small integer grids of the step-through view; pass float32 for whole photos.

:func:`conv_steps` gives the window-by-window story for the step-through view and refuses grids
larger than :data:`core.layer.MAX_STEP_CELLS` cells.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from core.layer import _check_grid, _check_image, _check_pair, _is_int, check_layer, resolve_padding
from core.padding import _band_rows, _BandReader, _windows
from core.pool import pool2d

__all__ = [
    "KERNELS",
    "ZERO_SUM",
    "ConvStep",
    "can_normalize",
    "conv2d",
    "conv_steps",
    "normalize_kernel",
    "relu_zeroed_share",
    "torch_reference",
]


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
# argument checks of the weights


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
    ConvError
        A layer that cannot run on this input (:func:`core.layer.check_layer`: ``same_stride``,
        ``padding_mode``, ``reflect_too_big``, ``circular_too_big``, ``kernel_too_big``).
    ValueError
        Naming the bad argument: shapes, channel counts, non-finite kernel, stride/dilation < 1, bad padding.

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
    opts = dict(stride=stride, padding=padding, dilation=dilation, padding_mode=padding_mode)
    pads, (out_h, out_w) = check_layer((h, wd), (kh, kw), **opts)

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


def conv_steps(x, w, *, stride=1, padding=0, dilation=1, padding_mode="zeros", bias=0.0) -> list[ConvStep]:
    """Every kernel position of ``conv2d(x, w, ...)`` on a small 2-D grid, row by row.

    Parameters
    ----------
    x : array-like of shape (H, W), at most :data:`core.layer.MAX_STEP_CELLS` cells
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
    kh, kw = w.shape
    opts = dict(stride=stride, padding=padding, dilation=dilation, padding_mode=padding_mode)
    pads, out_hw = check_layer(grid.shape, (kh, kw), **opts)
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


# ----------------------------------------------------------------------------------------------
# helpers for the page


ZERO_SUM = 1e-12
"""A kernel whose weights add up to at most this (in magnitude) sums to zero: nothing to normalise."""


def can_normalize(w) -> bool:
    """True if :func:`normalize_kernel` divides ``w`` by its sum; False for (nearly) zero-sum kernels.

    Edge detectors (Sobel, Laplacian) sum to zero: dividing by their sum would blow up.

    >>> can_normalize(np.ones((3, 3))), can_normalize([[-1, 0, 1]])
    (True, False)
    """
    return bool(abs(_check_kernel(w, np.dtype(np.float64)).sum()) > ZERO_SUM)


def normalize_kernel(w) -> np.ndarray:
    """Divide a kernel by its sum so a flat region keeps its brightness.

    Kernels summing to (almost) zero (:func:`can_normalize` is False) are returned unchanged.
    """
    w = _check_kernel(w, np.dtype(np.float64))
    return w / w.sum() if can_normalize(w) else w.copy()


def relu_zeroed_share(feature) -> float:
    """Share of a feature map's cells that ReLU changes to zero: the negative ones (NaN counts as kept).

    >>> relu_zeroed_share([[-1.0, 0.0], [2.0, -3.0]])
    0.5
    """
    feature = np.asarray(feature)
    if feature.size == 0:
        raise ValueError("feature must not be empty")
    return float(np.count_nonzero(feature < 0) / feature.size)


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
    conv2d(x, w, b, **options)  # same validation, same error messages
    x4, x_ndim = _check_image(x)
    wn = np.asarray(w, dtype=x4.dtype)
    groups = options.get("groups", 1)
    if wn.ndim == 2:
        groups = x4.shape[1]
        wn = np.broadcast_to(wn, (groups, 1) + wn.shape)  # (C, 1, kH, kW)
    c_out, _, kh, kw = wn.shape
    stride, dilation = options.get("stride", 1), options.get("dilation", 1)
    mode = options.get("padding_mode", "zeros")
    pads = resolve_padding((kh, kw), options.get("padding", 0), stride=stride, dilation=dilation)  # torch pads
    xt = torch.from_numpy(x4)
    if any(pads):
        torch_mode = {"zeros": "constant", "replicate": "replicate", "reflect": "reflect", "circular": "circular"}
        xt = F.pad(xt, (pads[2], pads[3], pads[0], pads[1]), mode=torch_mode[mode])
    bt = None if b is None else torch.from_numpy(np.asarray(b, dtype=x4.dtype).reshape(c_out))
    wt = torch.from_numpy(np.array(wn, copy=True))  # writable, as torch wants
    out = F.conv2d(xt, wt, bt, stride=stride, dilation=dilation, groups=groups).numpy()  # (N, C_out, H_out, W_out)
    if x_ndim == 4:
        return out
    return out[0, 0] if x_ndim == 2 and np.ndim(w) == 2 else out[0]  # conv2d's rule for the leading axes
