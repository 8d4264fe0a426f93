"""The convolution page's lower sections as fragments: a control reruns only the part of the page it feeds.

- ``step_through``: the piece of the photo (or the grid itself), its convolution walk-through, and below it the
  pooling section; a move of the piece's size or centre reruns this (the pooling walk-through walks the piece's
  feature map), never the input, kernel, formula, feature map and histogram above.
- ``conv_walk`` (inside it): a step of the convolution walk-through reruns only that walk-through.
- ``pooling`` (inside it, after the convolution walk): the pooling controls, the pooled map, the pooling
  walk-through, the PyTorch check and the quiz. The pooling controls feed all of them (the pooled map, the
  walk-through, the check, the pooled-size question) and nothing above, so a pooling move reruns this alone.
- ``pool_walk`` (inside that): a step of the pooling walk-through reruns only that walk-through.
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


def after_output(
    source: Source, colour: str, x: np.ndarray, kernel: np.ndarray, layer: Layer, activated: np.ndarray, use_relu: bool
) -> None:
    """Sections 5–7 and the quiz."""
    step_through(source, colour, x, kernel, layer, activated, use_relu)


@st.fragment
def step_through(
    source: Source, colour: str, x: np.ndarray, kernel: np.ndarray, layer: Layer, activated: np.ndarray, use_relu: bool
) -> None:
    """The piece to walk through (the grid itself, or a crop of the photo), its convolution walk, then pooling."""
    is_grid = source.kind == "grid"
    st.header(t("convolution.section.steps"))
    st.caption(t("convolution.steps.grid_intro" if is_grid else "convolution.steps.crop_intro"))
    small = source.grid if is_grid else crop_controls(x, source.image, colour)
    small_feature = conv_walk(small, kernel, layer, photo=not is_grid)
    small_activated = None if small_feature is None else relu(small_feature) if use_relu else small_feature
    pooling(x, kernel, layer, activated, small_activated, is_grid=is_grid)


@st.fragment
def conv_walk(small: np.ndarray, kernel: np.ndarray, layer: Layer, *, photo: bool) -> np.ndarray | None:
    return conv_step_view(small, kernel, layer, photo=photo)


@st.fragment
def pooling(
    x: np.ndarray,
    kernel: np.ndarray,
    layer: Layer,
    activated: np.ndarray,
    small_feature: np.ndarray | None,
    *,
    is_grid: bool,
) -> None:
    """Section 6 (pooling, with its walk over the step-through's feature map), 7 (PyTorch check) and the quiz."""
    st.header(t("convolution.section.pool"))
    st.caption(t("convolution.pool.intro"))
    pool = controls.pool_controls()
    show_pooling(activated, pool, is_grid=is_grid, weights=kernel.size)
    st.subheader(t("convolution.pool.walk_title"))
    if small_feature is None:
        st.info(t("convolution.steps.pool_needs_conv"))
    else:
        pool_walk(small_feature, pool)

    st.header(t("convolution.section.torch"))
    torch_check(x, kernel, layer, activated, pool)
    quiz_section(x.shape, kernel.shape, layer, pool)


@st.fragment
def pool_walk(feature: np.ndarray, pool: Pool) -> None:
    pool_step_view(feature, pool)
