"""The convolution page's lower sections as fragments: a control reruns only the part of the page it feeds.

- ``after_output``: pooling, the step-through, the PyTorch check and the quiz. The pooling controls feed all four
  (the pooled map, the pooling walk-through, the check, the pooled-size question), so they rerun together; the
  input, the kernel, the formula, the feature map and its histogram above are not sent or drawn again.
- ``step_through`` (inside it): the piece of the photo and both walk-throughs; a move of the piece's size or
  centre reruns this alone.
- ``conv_walk`` and ``pool_walk`` (inside that): a step of either walk-through reruns only that walk-through,
  not the photo with the piece's frame.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.activations import relu
from ui.common.i18n import t
from ui.convolution import controls
from ui.convolution.params import Layer, Pool
from ui.convolution.quiz import quiz_section
from ui.convolution.source import Source
from ui.convolution.steps import conv_step_view, crop_controls, pool_step_view
from ui.convolution.view import show_pooling, torch_check


@st.fragment
def after_output(
    source: Source, colour: str, x: np.ndarray, kernel: np.ndarray, layer: Layer, activated: np.ndarray, use_relu: bool
) -> None:
    """Sections 4–6 and the quiz: everything the pooling settings change."""
    is_grid = source.kind == "grid"
    st.header(t("convolution.section.pool"))
    st.caption(t("convolution.pool.intro"))
    pool = controls.pool_controls()
    show_pooling(activated, pool, is_grid=is_grid, weights=kernel.size)

    st.header(t("convolution.section.steps"))
    st.caption(t("convolution.steps.grid_intro" if is_grid else "convolution.steps.crop_intro"))
    step_through(source, colour, x, kernel, layer, pool, use_relu)

    st.header(t("convolution.section.torch"))
    torch_check(x, kernel, layer, activated, pool)
    quiz_section(x.shape, kernel.shape, layer, pool)


@st.fragment
def step_through(
    source: Source, colour: str, x: np.ndarray, kernel: np.ndarray, layer: Layer, pool: Pool, use_relu: bool
) -> None:
    """The piece to walk through (the grid itself, or a crop of the photo) and the two walk-throughs."""
    is_grid = source.kind == "grid"
    small = source.grid if is_grid else crop_controls(x, source.image, colour)
    conv_tab, pool_tab = st.tabs([t("convolution.steps.conv_tab"), t("convolution.steps.pool_tab")])
    with conv_tab:
        small_feature = conv_walk(small, kernel, layer, photo=not is_grid)
    with pool_tab:
        if small_feature is None:
            st.info(t("convolution.steps.pool_needs_conv"))
        else:
            pool_walk(relu(small_feature) if use_relu else small_feature, pool)


@st.fragment
def conv_walk(small: np.ndarray, kernel: np.ndarray, layer: Layer, *, photo: bool) -> np.ndarray | None:
    return conv_step_view(small, kernel, layer, photo=photo)


@st.fragment
def pool_walk(feature: np.ndarray, pool: Pool) -> None:
    pool_step_view(feature, pool)
