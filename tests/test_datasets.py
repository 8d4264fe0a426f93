"""core.datasets: the Dataset, the stratified split, the digits, and the one error shape of datasets."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.datasets import Dataset, DatasetError, digits, stratified_split
from core.errors import CoreError
from core.preprocess import preprocess_image
from core.shapes import shapes


@pytest.fixture(scope="module")
def digits_data() -> Dataset:
    return digits()


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


# --- Dataset ----------------------------------------------------------------------------------


def _dark_bar_on_white(h=120, w=80) -> np.ndarray:
    img = np.full((h, w, 3), 255, np.uint8)
    img[30:90, 30:50] = 0
    return img


def test_dataset_preprocess_matches_its_options(digits_data):
    img = _dark_bar_on_white()
    np.testing.assert_array_equal(digits_data.preprocess(img), preprocess_image(img, input_shape=(1, 8, 8)))
    assert shapes(40, size=20, seed=3).preprocess(img).shape == (1, 20, 20)


def test_dataset_error_is_a_core_error_and_survives_pickling():
    err = pickle.loads(pickle.dumps(DatasetError("bomb", "boom", name="a.png", reason="ratio")))
    assert isinstance(err, DatasetError) and isinstance(err, CoreError) and isinstance(err, ValueError)
    assert (err.code, err.params, str(err)) == ("bomb", {"name": "a.png", "reason": "ratio"}, "boom")
