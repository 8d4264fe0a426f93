"""Padding an image's borders like ``torch.nn.Conv2d`` does: zeros, reflect, replicate, circular.

``pad2d`` pads a whole array (the step-through view shows the padded grid). ``conv2d`` and ``pool2d``
never pad a whole photo: ``_BandReader`` hands out one horizontal band of the padded input at a time,
small enough to stay in the CPU cache. How much to pad, and the limits of each mode, are rules of the
layer (:mod:`core.layer`).
"""

from __future__ import annotations

import numpy as np

from core.layer import _check_mode_padding, _check_padding_mode, _check_pair, _is_int

__all__ = ["pad2d"]

# Bytes of input rows per band: a band of input, output and scratch stays within a 1 MB L2 cache.
_BAND_BYTES = 1 << 18


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
    """Output rows per band so that a band's bytes stay near :data:`_BAND_BYTES` (at least one row)."""
    return int(max(1, min(out_h, _BAND_BYTES // max(1, bytes_per_out_row))))


def _windows(grid, pads, mode, fill, kernel, stride, dilation, out_hw):
    """All windows (H_out, W_out, kH, kW) of a small grid, their padding mask and padded-grid coordinates."""
    padded = pad2d(grid, pads, padding_mode=mode, value=fill)
    mask = pad2d(np.zeros(grid.shape, dtype=bool), pads, padding_mode="zeros", value=True)
    rows = np.arange(out_hw[0])[:, None] * stride[0] + np.arange(kernel[0])[None, :] * dilation[0]  # (H_out, kH)
    cols = np.arange(out_hw[1])[:, None] * stride[1] + np.arange(kernel[1])[None, :] * dilation[1]  # (W_out, kW)
    ix = (rows[:, None, :, None], cols[None, :, None, :])  # broadcast to (H_out, W_out, kH, kW)
    return padded[ix], mask[ix], rows, cols
