"""The generated shapes dataset: light shapes on a dark background, drawn with NumPy alone.

Each shape is a few polygons filled with the even-odd rule and anti-aliased by supersampling, at a
random position, radius, rotation and brightness, plus Gaussian pixel noise.

>>> d = shapes(40, size=12, seed=0)
>>> d.class_names, d.input_shape
(['circle', 'square', 'triangle', 'cross'], (1, 12, 12))
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from core.datasets import DARK_BACKGROUND, Dataset, check_val_fraction, split_dataset

SHAPE_NAMES = ("circle", "square", "triangle", "cross", "star", "ring")


def _regular_polygon(k: int, radius: float, phase: float = np.pi / 2) -> np.ndarray:
    angles = phase + 2 * np.pi * np.arange(k) / k
    return radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)  # (k, 2)


def _star(points: int = 5, outer: float = 1.0, inner: float = 0.42) -> np.ndarray:
    radii = np.where(np.arange(2 * points) % 2 == 0, outer, inner)
    angles = np.pi / 2 + np.pi * np.arange(2 * points) / points
    return radii[:, None] * np.stack([np.cos(angles), np.sin(angles)], axis=1)  # (2 * points, 2)


def _cross(arm: float = 1.0, half_width: float = 0.3) -> np.ndarray:
    a, w = arm, half_width
    return np.array([(w, w), (w, a), (-w, a), (-w, w), (-a, w), (-a, -w),
                     (-w, -w), (-w, -a), (w, -a), (w, -w), (a, -w), (a, w)])  # fmt: skip


# Each shape is a list of closed polygons in unit coordinates (radius about 1), filled with the
# even-odd rule so that a ring is its outer circle minus its inner circle.
_SHAPE_POLYGONS = {
    "circle": [_regular_polygon(48, 0.9)],
    "square": [_regular_polygon(4, 1.0, phase=np.pi / 4)],
    "triangle": [_regular_polygon(3, 1.0)],
    "cross": [_cross()],
    "star": [_star()],
    "ring": [_regular_polygon(48, 0.95), _regular_polygon(48, 0.55)],
}


def _inside_even_odd(points: np.ndarray, polygons: list[np.ndarray]) -> np.ndarray:
    """Whether each point of ``points`` (P, 2) lies inside ``polygons`` under the even-odd rule."""
    px, py = points[:, 0], points[:, 1]
    inside = np.zeros(len(points), dtype=bool)
    for poly in polygons:
        x0, y0 = poly[:, 0], poly[:, 1]
        x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
        for ax, ay, bx, by in zip(x0, y0, x1, y1):
            crosses = (ay > py) != (by > py)  # the edge spans the horizontal ray's height
            with np.errstate(divide="ignore", invalid="ignore"):
                x_at = ax + (py - ay) * (bx - ax) / (by - ay)
            inside ^= crosses & (px < x_at)
    return inside


def _draw_shape(polygons, *, size: int, center, scale: float, angle: float, supersample: int = 3) -> np.ndarray:
    """Coverage in [0, 1] of one shape on a ``(size, size)`` grid, anti-aliased by supersampling."""
    n = size * supersample
    coords = (np.arange(n) + 0.5) / supersample  # sub-pixel centres in pixel units
    gx, gy = np.meshgrid(coords, coords)
    # map pixels back to the shape's unit frame: translate, rotate by -angle, scale
    dx, dy = gx.ravel() - center[0], gy.ravel() - center[1]
    c, s = np.cos(angle), np.sin(angle)
    local = np.stack([c * dx + s * dy, -s * dx + c * dy], axis=1) / scale  # (P, 2)
    local[:, 1] *= -1  # image rows grow downward; the polygons are drawn with y up
    hit = _inside_even_odd(local, polygons).reshape(size, supersample, size, supersample)
    return hit.mean(axis=(1, 3))  # (size, size)


def shapes(
    n: int = 1200,
    *,
    size: int = 28,
    seed: int = 0,
    val_fraction: float = 0.2,
    classes: Sequence[str] = ("circle", "square", "triangle", "cross"),
    noise: float = 0.08,
) -> Dataset:
    """Generated light shapes on a dark background, one class per shape.

    Every image draws one shape at a random position, radius (22-45 % of ``size``), rotation and
    brightness, then adds Gaussian pixel noise. Classes are balanced (counts differ by at most one).
    The same ``seed`` always gives the same images.

    Parameters
    ----------
    n : int
        Total number of images, at least ``2 * len(classes)``.
    size : int
        Image side in pixels, 8..128.
    classes : sequence of str
        Names from ``SHAPE_NAMES`` (at least 2, no repeats).
    noise : float
        Standard deviation of the pixel noise, 0..0.5.

    Returns
    -------
    Dataset
        ``x`` of shape (n, 1, size, size) float32 in [0, 1].
    """
    classes = list(classes)
    unknown = [c for c in classes if c not in _SHAPE_POLYGONS]
    if unknown or len(classes) < 2 or len(set(classes)) != len(classes):
        raise ValueError(f"classes must be at least 2 distinct names from {SHAPE_NAMES}, got {classes}")
    if not (isinstance(n, int | np.integer) and 2 * len(classes) <= n <= 100_000):
        raise ValueError(f"n must be an integer in [{2 * len(classes)}, 100000], got {n!r}")
    if not (isinstance(size, int | np.integer) and 8 <= size <= 128):
        raise ValueError(f"size must be an integer in [8, 128], got {size!r}")
    if not 0.0 <= noise <= 0.5:
        raise ValueError(f"noise must be in [0, 0.5], got {noise!r}")
    check_val_fraction(val_fraction)

    rng = np.random.default_rng(seed)
    y = rng.permutation(np.arange(n) % len(classes)).astype(np.int64)
    x = np.empty((n, 1, size, size), dtype=np.float32)
    for i, label in enumerate(y):
        radius = rng.uniform(0.22, 0.45) * size
        center = rng.uniform(radius, size - radius, size=2)
        angle = rng.uniform(0.0, 2 * np.pi)
        brightness = rng.uniform(0.7, 1.0)
        shape = _draw_shape(_SHAPE_POLYGONS[classes[label]], size=size, center=center, scale=radius, angle=angle)
        pixels = brightness * shape + rng.normal(0.0, noise, size=(size, size))
        x[i, 0] = np.clip(pixels, 0.0, 1.0)
    return split_dataset(
        "shapes", classes, x, y, val_fraction=val_fraction, seed=seed, preprocess_options=dict(DARK_BACKGROUND)
    )
