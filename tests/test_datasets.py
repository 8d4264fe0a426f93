"""core.datasets: digits, generated shapes, stratified split, preprocessing, and the user's zip."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import datasets as ds
from core.datasets import Dataset, digits, preprocess_image, shapes, stratified_split


@pytest.fixture(scope="module")
def digits_data() -> Dataset:
    return digits()


@pytest.fixture(scope="module")
def shapes_data() -> Dataset:
    return shapes(240, size=20, seed=3)


# --- stratified split -----------------------------------------------------------------------


@given(
    counts=st.lists(st.integers(1, 40), min_size=1, max_size=6),
    val_fraction=st.floats(0.05, 0.95),
    seed=st.integers(0, 2**32 - 1),
)
def test_stratified_split_partitions_and_keeps_proportions(counts, val_fraction, seed):
    y = np.repeat(np.arange(len(counts)), counts)
    y = np.random.default_rng(seed).permutation(y)
    tr, va = stratified_split(y, val_fraction=val_fraction, seed=seed)
    assert tr.dtype == va.dtype == np.int64
    np.testing.assert_array_equal(np.sort(np.concatenate([tr, va])), np.arange(len(y)))
    for label, n in enumerate(counts):
        n_val = int(np.sum(y[va] == label))
        if n == 1:
            assert n_val == 0
        else:
            assert 1 <= n_val <= n - 1
            assert abs(n_val - n * val_fraction) <= 1.0  # rounding, clamped to [1, n - 1]


def test_stratified_split_is_deterministic_per_seed():
    y = np.arange(100) % 4
    a = stratified_split(y, val_fraction=0.3, seed=1)
    b = stratified_split(y, val_fraction=0.3, seed=1)
    c = stratified_split(y, val_fraction=0.3, seed=2)
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[1], c[1])


@pytest.mark.parametrize("bad", [0, 1, -0.1, 1.5, "0.2", None])
def test_stratified_split_rejects_bad_fraction(bad):
    with pytest.raises(ValueError, match="val_fraction"):
        stratified_split([0, 0, 1, 1], val_fraction=bad, seed=0)


# --- digits -----------------------------------------------------------------------------------


def test_digits_shapes_ranges_and_counts(digits_data):
    d = digits_data
    assert d.name == "digits"
    assert d.class_names == [str(k) for k in range(10)]
    assert d.input_shape == (1, 8, 8) and d.n_classes == 10
    assert d.x_train.dtype == d.x_val.dtype == np.float32
    assert d.y_train.dtype == d.y_val.dtype == np.int64
    assert len(d.x_train) + len(d.x_val) == 1797
    assert sum(d.class_counts().values()) == 1797
    for x in (d.x_train, d.x_val):
        assert x.min() == 0.0 and x.max() == 1.0  # 0..16 scaled by 1/16
        np.testing.assert_allclose(x * 16, np.round(x * 16), atol=1e-5)


def test_digits_match_sklearn_and_split_is_stratified(digits_data):
    from sklearn.datasets import load_digits

    bunch = load_digits()
    d = digits_data
    counts = np.bincount(bunch.target, minlength=10)
    assert list(d.class_counts().values()) == counts.tolist()
    val_counts = np.bincount(d.y_val, minlength=10)
    np.testing.assert_array_less(np.abs(val_counts - 0.2 * counts), 1.0)
    # every validation image is a real digit with its true label
    first = d.x_val[0, 0] * 16
    matches = np.flatnonzero(np.all(np.abs(bunch.images - first) < 1e-4, axis=(1, 2)))
    assert matches.size and d.y_val[0] in bunch.target[matches]


def test_digits_seed_changes_split_not_content():
    a, b = digits(seed=0), digits(seed=1, val_fraction=0.5)
    assert len(b.x_val) in range(890, 905)
    assert not np.array_equal(a.y_val[:50], b.y_val[:50])
    assert np.isclose(a.x_train.sum() + a.x_val.sum(), b.x_train.sum() + b.x_val.sum(), rtol=1e-6)


# --- shapes -----------------------------------------------------------------------------------


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
    s = shapes(62, size=12, classes=ds.SHAPE_NAMES, noise=0.0, seed=0)
    counts = list(s.class_counts().values())
    assert sum(counts) == 62 and max(counts) - min(counts) <= 1
    assert s.n_classes == len(ds.SHAPE_NAMES)


def test_shapes_differ_by_class_without_noise():
    """Mean ink coverage ranks as geometry says: a filled circle covers more than a cross or a triangle."""
    s = shapes(400, size=24, noise=0.0, seed=0)
    x = np.concatenate([s.x_train, s.x_val])[:, 0]
    y = np.concatenate([s.y_train, s.y_val])
    radius_free = {}
    for k, name in enumerate(s.class_names):
        # coverage / radius^2 is scale-free: estimate radius^2 from the image's ink extent
        radius_free[name] = float(np.mean(x[y == k].sum(axis=(1, 2))))
    assert all(v > 0 for v in radius_free.values())
    assert radius_free["circle"] > radius_free["triangle"]
    assert radius_free["square"] > radius_free["triangle"]


def test_shape_polygons_fill_with_the_right_area():
    """Supersampled coverage of an unrotated shape equals its exact polygon area."""
    size, scale = 64, 20.0
    for name, polys in ds._SHAPE_POLYGONS.items():
        img = ds._draw_shape(polys, size=size, center=(32, 32), scale=scale, angle=0.3, supersample=4)
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


# --- preprocess_image ---------------------------------------------------------------------------


def _dark_bar_on_white(h=120, w=80) -> np.ndarray:
    img = np.full((h, w, 3), 255, np.uint8)
    img[30:90, 30:50] = 0  # a dark vertical stroke: a "1" written with a thick pen
    return img


def test_preprocess_inverts_a_pen_on_paper_photo_for_digit_models():
    out = preprocess_image(_dark_bar_on_white(), input_shape=(1, 8, 8), invert="auto")
    assert out.shape == (1, 8, 8) and out.dtype == np.float32
    assert 0.0 <= out.min() and out.max() <= 1.0
    # background dark (like the digits), the stroke bright, in the middle columns
    assert out[0, :, [0, -1]].max() < 0.05
    assert out[0, 2:6, 3:5].mean() > 0.7
    # the ink is cropped with a margin, so the stroke spans most of the height
    assert (out[0, :, 3:5].max(axis=1) > 0.5).sum() >= 5


def test_preprocess_invert_options():
    light = _dark_bar_on_white()
    never = preprocess_image(light, input_shape=(1, 8, 8), invert=False, fit="center")
    always = preprocess_image(light, input_shape=(1, 8, 8), invert=True, fit="center")
    np.testing.assert_allclose(never + always, 1.0, atol=1 / 255 + 1e-6)
    assert never[0, 0, 0] > 0.95  # white paper kept white
    dark = 255 - light  # already light-on-dark: "auto" leaves it alone
    auto = preprocess_image(dark, input_shape=(1, 8, 8), invert="auto", fit="center")
    np.testing.assert_array_equal(auto, preprocess_image(dark, input_shape=(1, 8, 8), invert=False, fit="center"))
    np.testing.assert_allclose(auto, always, atol=1 / 255 + 1e-6)


def test_preprocess_rgb_center_crop_keeps_colors():
    img = np.zeros((40, 80, 3), np.uint8)
    img[:, :20] = (255, 0, 0)  # red strip on the left, cropped away by the centred square
    img[:, 20:60] = (0, 0, 255)
    out = preprocess_image(img, input_shape=(3, 10, 10), invert=False)
    assert out.shape == (3, 10, 10)
    np.testing.assert_allclose(out[2], 1.0)
    np.testing.assert_allclose(out[:2], 0.0)


def test_preprocess_large_and_flat_images():
    big = np.full((3000, 2000, 3), 200, np.uint8)
    out = preprocess_image(big, input_shape=(1, 28, 28))
    assert out.shape == (1, 28, 28)
    np.testing.assert_allclose(out, 1 - 200 / 255, atol=1 / 255)  # light background inverted, nothing cropped
    tiny = preprocess_image(np.zeros((1, 1, 3), np.uint8), input_shape=(3, 32, 32), invert=False)
    assert tiny.shape == (3, 32, 32) and tiny.max() == 0.0


def test_dataset_preprocess_matches_its_options(digits_data, shapes_data):
    img = _dark_bar_on_white()
    np.testing.assert_array_equal(digits_data.preprocess(img), preprocess_image(img, input_shape=(1, 8, 8)))
    assert shapes_data.preprocess(img).shape == (1, 20, 20)


@pytest.mark.parametrize(
    "image, kwargs, match",
    [
        (np.zeros((4, 4), np.uint8), {}, "image"),
        (np.zeros((4, 4, 3), np.float32), {}, "image"),
        (np.zeros((4, 4, 4), np.uint8), {}, "image"),
        (np.zeros((4, 4, 3), np.uint8), {"input_shape": (2, 8, 8)}, "input_shape"),
        (np.zeros((4, 4, 3), np.uint8), {"input_shape": (1, 0, 8)}, "input_shape"),
        (np.zeros((4, 4, 3), np.uint8), {"invert": "yes"}, "invert"),
        (np.zeros((4, 4, 3), np.uint8), {"fit": "stretch"}, "fit"),
        (np.zeros((4, 4, 3), np.uint8), {"input_shape": (3, 8, 8), "fit": "ink"}, "ink"),
    ],
)
def test_preprocess_rejects_bad_arguments(image, kwargs, match):
    with pytest.raises(ValueError, match=match):
        preprocess_image(image, **kwargs)
