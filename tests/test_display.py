"""core.display: feature maps as pictures (grey from zero, or blue - white - red around zero)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from core.display import NEGATIVE_RGB, POSITIVE_RGB, ZERO_RGB, to_display


def test_signed_map_uses_symmetric_diverging_colours():
    image, legend = to_display(np.array([[-2.0, 0.0, 4.0, -4.0]]))
    assert legend.signed and legend.kind == "diverging" and (legend.vmin, legend.vmax) == (-4.0, 4.0)
    assert tuple(image[0, 1]) == ZERO_RGB
    assert tuple(image[0, 2]) == POSITIVE_RGB and tuple(image[0, 3]) == NEGATIVE_RGB
    halfway = np.rint((np.array(ZERO_RGB) + np.array(NEGATIVE_RGB)) / 2)
    np.testing.assert_array_equal(image[0, 0], halfway)


def test_unsigned_map_is_grayscale_from_zero():
    image, legend = to_display(np.array([[0.0, 50.0], [100.0, 25.0]]))
    assert not legend.signed and legend.kind == "gray" and (legend.vmin, legend.vmax) == (0.0, 100.0)
    np.testing.assert_array_equal(image[..., 0], [[0, 128], [255, 64]])
    np.testing.assert_array_equal(image[..., 0], image[..., 2])


def test_colour_maps():
    rgb, legend = to_display(np.array([[[0.0, 255.0, 510.0]]]))
    assert legend.kind == "rgb" and legend.vmax == 510
    np.testing.assert_array_equal(rgb[0, 0], [0, 128, 255])
    signed, legend = to_display(np.array([[[-1.0, 0.0, 1.0]]]))
    assert legend.kind == "rgb_signed" and (legend.vmin, legend.vmax) == (-1.0, 1.0)
    np.testing.assert_array_equal(signed[0, 0], [0, 128, 255])


def test_shared_scale_for_two_maps():
    before, legend = to_display(np.array([[-4.0, 2.0]]))
    after, same = to_display(np.array([[2.0]]), vmax=legend.vmax, signed=legend.signed)
    assert same.kind == "diverging" and same.vmax == 4.0
    np.testing.assert_array_equal(after[0, 0], before[0, 1])  # the same value gets the same colour


def test_all_zero_map_and_bad_maps():
    image, legend = to_display(np.zeros((2, 2)))
    assert legend.vmax == 0 and image.max() == 0
    with pytest.raises(ValueError, match="feature_map"):
        to_display(np.array([[np.nan, 1.0]]))
    with pytest.raises(ValueError, match="feature_map"):
        to_display(np.zeros(5))


@given(arrays(np.float64, (3, 4), elements=st.floats(-1e6, 1e6)))
def test_display_of_negated_map_mirrors_colours(values):
    image, legend = to_display(values)
    assert image.dtype == np.uint8 and image.shape == (3, 4, 3)
    if legend.signed:
        flipped, _ = to_display(-values)
        # red ↔ blue swap: each pixel's colour is the same distance from white towards the other end
        towards_pos = (255 - image.astype(int)) / (255 - np.array(POSITIVE_RGB))
        towards_neg = (255 - flipped.astype(int)) / (255 - np.array(NEGATIVE_RGB))
        red_side = values > 0
        np.testing.assert_allclose(towards_pos[red_side][:, 1], towards_neg[red_side][:, 1], atol=0.02)
