"""Max and average pooling in NumPy with PyTorch semantics, and its window-by-window story.

Like ``torch.nn.functional.max_pool2d`` / ``avg_pool2d`` with their defaults: max pads with -inf,
average pads with zeros and divides by the whole window (``count_include_pad=True``), the output size
is floored (``ceil_mode=False``). A window larger than the padded input raises
:class:`core.layer.ConvError` (``kernel_too_big``), as a convolution's kernel does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.layer import _check_grid, _check_image, _check_pair, _fit
from core.padding import _band_rows, _BandReader, _windows

__all__ = ["POOL_MODES", "PoolStep", "pool2d", "pool_steps"]

POOL_MODES = ("max", "avg")


def _check_pool_args(x4, kernel_size, stride, padding, mode):
    if mode not in POOL_MODES:
        raise ValueError(f"mode must be one of {POOL_MODES}, got {mode!r}")
    kh, kw = _check_pair(kernel_size, "kernel_size", minimum=1)
    sh, sw = (kh, kw) if stride is None else _check_pair(stride, "stride", minimum=1)
    ph, pw = _check_pair(padding, "padding", minimum=0)
    if ph > kh // 2 or pw > kw // 2:
        raise ValueError(f"padding must be at most half the kernel size {kh}x{kw} (as in PyTorch), got {padding!r}")
    pads = (ph, ph, pw, pw)
    out_hw = _fit(x4.shape[-2:], pads, (kh, kw), (sh, sw))
    return (kh, kw), (sh, sw), pads, out_hw


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


def pool_steps(x, *, kernel_size, stride=None, padding=0, mode="max") -> list[PoolStep]:
    """Every window of ``pool2d(x, ...)`` on a small 2-D grid, row by row.

    Parameters
    ----------
    x : array-like of shape (H, W), at most :data:`core.layer.MAX_STEP_CELLS` cells
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
