"""core.shapes: the generated shapes dataset (balanced, deterministic, the right areas)."""

from __future__ import annotations

import numpy as np
import pytest

from core import shapes as sh
from core.datasets import Dataset
from core.shapes import shapes


@pytest.fixture(scope="module")
def shapes_data() -> Dataset:
    return shapes(240, size=20, seed=3)


def test_shapes_are_deterministic_per_seed(shapes_data):
    again = shapes(240, size=20, seed=3)
    other = shapes(240, size=20, seed=4)
    np.testing.assert_array_equal(shapes_data.x_train, again.x_train)
    np.testing.assert_array_equal(shapes_data.y_val, again.y_val)
    assert not np.array_equal(shapes_data.x_train, other.x_train)


def test_shapes_balance_range_and_shape(shapes_data):
    s = shapes_data
    assert s.name == "shapes" and s.class_names == ["circle", "square", "triangle", "cross"]
    assert s.input_shape == (1, 20, 20)
    assert set(s.class_counts().values()) == {60}
    np.testing.assert_array_equal(np.bincount(s.y_val), [12, 12, 12, 12])
    for x in (s.x_train, s.x_val):
        assert x.dtype == np.float32 and 0.0 <= x.min() and x.max() <= 1.0


def test_shapes_balance_with_remainder_and_all_names():
    s = shapes(62, size=12, classes=sh.SHAPE_NAMES, noise=0.0, seed=0)
    counts = list(s.class_counts().values())
    assert sum(counts) == 62 and max(counts) - min(counts) <= 1
    assert s.n_classes == len(sh.SHAPE_NAMES)


def test_shapes_differ_by_class_without_noise():
    """Mean ink per class follows the unit areas (radius 1): circle 2.54 > square 2.0 > triangle 1.30."""
    s = shapes(400, size=24, noise=0.0, seed=0)
    x = np.concatenate([s.x_train, s.x_val])[:, 0]
    y = np.concatenate([s.y_train, s.y_val])
    ink = {name: float(np.mean(x[y == k].sum(axis=(1, 2)))) for k, name in enumerate(s.class_names)}
    assert ink["circle"] > ink["square"] > ink["triangle"] > 0


def test_shape_polygons_fill_with_the_right_area():
    """Supersampled coverage of an unrotated shape equals its exact polygon area."""
    size, scale = 64, 20.0
    for name, polys in sh._SHAPE_POLYGONS.items():
        img = sh._draw_shape(polys, size=size, center=(32, 32), scale=scale, angle=0.3, supersample=4)
        areas = [
            0.5 * abs(np.dot(p[:, 0], np.roll(p[:, 1], -1)) - np.dot(p[:, 1], np.roll(p[:, 0], -1))) for p in polys
        ]
        exact = (areas[0] - sum(areas[1:])) * scale**2  # the ring is outer minus inner
        assert img.sum() == pytest.approx(exact, rel=0.02), name


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"classes": ("circle",)}, "classes"),
        ({"classes": ("circle", "blob")}, "classes"),
        ({"classes": ("circle", "circle")}, "classes"),
        ({"n": 3}, "n must"),
        ({"size": 4}, "size"),
        ({"noise": -1.0}, "noise"),
        ({"val_fraction": 0.0}, "val_fraction"),
    ],
)
def test_shapes_reject_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        shapes(**{"n": 40, **kwargs})
