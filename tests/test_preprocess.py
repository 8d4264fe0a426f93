"""core.preprocess: what a model sees of one photo (inversion, ink crop, centre crop, resize)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.preprocess import preprocess_image


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


@pytest.mark.parametrize("channels", [1, 3])
def test_auto_invert_judges_the_border_by_its_luma_whatever_the_channels(channels):
    """Bright green paper (luma 0.59, channel mean 0.33) is light: inverted for grey and RGB alike.

    Before one grey conversion served both, RGB inputs judged the border by the plain channel mean.
    """
    paper = np.zeros((40, 40, 3), np.uint8)
    paper[..., 1] = 255
    paper[15:25, 15:25] = 0  # a black mark
    shape = (channels, 8, 8)
    auto = preprocess_image(paper, input_shape=shape, invert="auto", fit="center")
    np.testing.assert_array_equal(auto, preprocess_image(paper, input_shape=shape, invert=True, fit="center"))
    paper_after = [1 - 0.587] if channels == 1 else [1.0, 0.0, 1.0]  # grey 0.59 or green, inverted
    np.testing.assert_allclose(auto[:, 0, 0], paper_after, atol=1 / 255 + 1e-6)
    assert auto[:, 3:5, 3:5].mean() > auto[:, 0, 0].mean() + 0.2  # the black mark became the light ink


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


@given(
    h=st.integers(1, 70),
    w=st.integers(1, 70),
    shape=st.sampled_from([(1, 8, 8), (1, 28, 28), (3, 16, 16), (3, 5, 9)]),
    invert=st.sampled_from(["auto", True, False]),
    fit=st.sampled_from(["auto", "center", "ink"]),
    seed=st.integers(0, 1000),
)
def test_preprocess_output_is_always_a_valid_model_input(h, w, shape, invert, fit, seed):
    rng = np.random.default_rng(seed)
    image = rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)
    if fit == "ink" and shape[0] == 3:
        fit = "center"
    out = preprocess_image(image, input_shape=shape, invert=invert, fit=fit)
    assert out.shape == shape and out.dtype == np.float32
    assert np.isfinite(out).all() and 0.0 <= out.min() and out.max() <= 1.0
    if fit == "center" and isinstance(invert, bool):  # inverting is 1 - p, up to two uint8 roundings
        flipped = preprocess_image(image, input_shape=shape, invert=not invert, fit="center")
        np.testing.assert_allclose(out + flipped, 1.0, atol=2 / 255 + 1e-6)


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
