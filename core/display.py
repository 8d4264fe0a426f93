"""Numbers into pictures: feature maps as grey or blue - white - red images, long curves cut down for charts.

>>> import numpy as np
>>> from core.display import to_display
>>> image, legend = to_display(np.array([[-2.0, 0.0, 4.0]]))
>>> image.shape, legend.kind, (legend.vmin, legend.vmax)
((1, 3, 3), 'diverging', (-4.0, 4.0))
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# Diverging scale for signed feature maps: blue (negative) - white (zero) - red (positive).
NEGATIVE_RGB = (33, 102, 172)
ZERO_RGB = (255, 255, 255)
POSITIVE_RGB = (178, 24, 43)


@dataclass(frozen=True)
class DisplayLegend:
    """How a feature map was coloured: values ``vmin``…``vmax`` span the colour scale.

    ``kind`` is "gray" (0 → black, vmax → white), "diverging" (−vmax blue, 0 white, +vmax red),
    "rgb" (each channel 0…vmax) or "rgb_signed" (each channel −vmax…vmax, mid-grey = 0).
    """

    vmin: float
    vmax: float
    signed: bool
    kind: str


def to_display(
    feature_map: np.ndarray, *, vmax: float | None = None, signed: bool | None = None
) -> tuple[np.ndarray, DisplayLegend]:
    """Colour a feature map for ``st.image``: grayscale if it has no negative values, else diverging.

    Parameters
    ----------
    feature_map : ndarray of shape (H, W) or (H, W, 3), real
        One map, or three per-channel maps shown as colour.
    vmax : float or None
        Value drawn at full intensity; default: the largest (absolute) value in the map.
    signed : bool or None
        Force the diverging (True) or the unsigned (False) scale; default: signed if any value is
        negative. Pass the same ``vmax`` and ``signed`` to show two maps on one scale.

    Returns
    -------
    image : ndarray of shape (H, W, 3), uint8
    legend : DisplayLegend
        The value range the colours span (signed maps are symmetric around 0).
    """
    values = _check_feature_map(feature_map)
    signed = bool(values.min() < 0) if signed is None else bool(signed)
    top = float(np.abs(values).max()) if vmax is None else float(vmax)
    if not (math.isfinite(top) and top >= 0):
        raise ValueError(f"vmax must be a finite non-negative number, got {vmax!r}")
    scale = top if top > 0 else 1.0  # an all-zero map: avoid 0/0, draw it as zero
    if values.ndim == 3:
        if signed:
            unit = np.clip(values / scale, -1, 1)  # (H, W, 3) in [-1, 1]
            image = np.rint(127.5 + 127.5 * unit).astype(np.uint8)  # mid-grey = 0
            return image, DisplayLegend(-top, top, True, "rgb_signed")
        image = np.rint(np.clip(values / scale, 0, 1) * 255).astype(np.uint8)
        return image, DisplayLegend(0.0, top, False, "rgb")
    if signed:
        return _diverging(np.clip(values / scale, -1, 1)), DisplayLegend(-top, top, True, "diverging")
    gray = np.rint(np.clip(values / scale, 0, 1) * 255).astype(np.uint8)
    return np.repeat(gray[:, :, None], 3, axis=2), DisplayLegend(0.0, top, False, "gray")  # (H, W, 3)


def _diverging_table(levels: int) -> np.ndarray:
    """Colours of ``2 * levels + 1`` evenly spaced values in [-1, 1]: blue - white - red, linear to each end."""
    unit = np.linspace(-1.0, 1.0, 2 * levels + 1)
    strength = np.abs(unit)[:, None]  # (L, 1)
    end = np.where(unit[:, None] < 0, np.array(NEGATIVE_RGB, float), np.array(POSITIVE_RGB, float))
    return np.rint(np.array(ZERO_RGB, float) * (1 - strength) + end * strength).astype(np.uint8)  # (L, 3)


_DIVERGING_LEVELS = 510  # 1021 colours: finer than the 8-bit output can show
_DIVERGING_TABLE = _diverging_table(_DIVERGING_LEVELS)


def _diverging(unit: np.ndarray) -> np.ndarray:
    """Map values in [-1, 1] to blue - white - red (a lookup table: ~5× faster than blending per pixel)."""
    index = np.rint((unit + 1.0) * _DIVERGING_LEVELS).astype(np.intp)  # (H, W) in 0..1020
    return _DIVERGING_TABLE[index]  # (H, W, 3)


def _check_feature_map(feature_map: object) -> np.ndarray:
    values = np.asarray(feature_map)
    if values.ndim not in (2, 3) or (values.ndim == 3 and values.shape[2] != 3) or 0 in values.shape:
        raise ValueError(f"feature_map must have shape (H, W) or (H, W, 3), got {values.shape}")
    if not np.issubdtype(values.dtype, np.number) or np.iscomplexobj(values):
        raise ValueError(f"feature_map must be real numbers, got dtype {values.dtype}")
    # float32 stays float32 (half the memory traffic on a photo); anything else is computed in float64
    values = values.astype(np.float32 if values.dtype == np.float32 else np.float64, copy=False)
    if not np.isfinite(values).all():
        raise ValueError("feature_map contains NaN or infinite values")
    return values


def downsample(values, *, max_points: int = 400) -> tuple[np.ndarray, np.ndarray]:
    """Bucket means of a long curve: at most ``max_points`` (x, y) pairs, x = bucket's mean index.

    Keeps chart payloads bounded however long a run lasts. Non-finite values are dropped first.
    """
    y = np.asarray(values, dtype=np.float64)
    x = np.arange(len(y), dtype=np.float64)
    keep = np.isfinite(y)
    x, y = x[keep], y[keep]
    if len(y) <= max_points:
        return x, y
    edges = np.linspace(0, len(y), max_points + 1).astype(int)
    xs = np.add.reduceat(x, edges[:-1]) / np.diff(edges)
    ys = np.add.reduceat(y, edges[:-1]) / np.diff(edges)
    return xs, ys
