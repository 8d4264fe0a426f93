"""Widgets of the convolution page that set the kernel, the layer and the pooling (they return plain values)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.conv import KERNELS, can_normalize, normalize_kernel
from core.layer import PADDING_MODES, output_hw, resolve_padding
from core.pool import POOL_MODES
from ui.common.binding import Setting
from ui.common.i18n import t
from ui.common.urlstate import parse_floats
from ui.convolution.params import (
    MAX_WEIGHT,
    PADDINGS,
    Layer,
    Pool,
    check_numbers,
    formula_latex,
    parse_padding,
    resize_kernel,
)

PRESETS = (*KERNELS, "custom")
_BOOL = {"True": True, "False": False, "1": True, "0": False, "true": True, "false": False}


def _parse_bool(text: str) -> bool:
    return _BOOL[text]


# The kernel: a preset, its size, its weights (a data_editor, see kernel_controls), normalised or not.
PRESET = Setting("cv_preset", "sobel_x", options=PRESETS, labels="convolution.preset.")
KERNEL_SIZE = Setting("cv_ks", 3, valid=lambda v: 1 <= v <= 7)
WEIGHTS = Setting("cv_k", (), parse=parse_floats)  # the weights row by row; only read from a link at start
NORMALISE = Setting("cv_norm", False, parse=_parse_bool)
# The channels, the layer, ReLU and pooling.
COLOUR = Setting("cv_color", "gray", options=("gray", "rgb"), labels="convolution.colour.")
STRIDE = Setting("cv_stride", 1, valid=lambda v: 1 <= v <= 6)
PADDING = Setting("cv_pad", "0", options=PADDINGS)
PADDING_MODE = Setting("cv_pmode", "zeros", options=PADDING_MODES, labels="convolution.pmode.")
DILATION = Setting("cv_dil", 1, valid=lambda v: 1 <= v <= 4)
RELU = Setting("cv_relu", False, parse=_parse_bool)
POOL_MODE = Setting("cv_pool", "max", options=POOL_MODES, labels="convolution.pool.")
POOL_SIZE = Setting("cv_pk", 2, options=(2, 3, 4))
POOL_STRIDE = Setting("cv_ps", 2, options=(1, 2, 3, 4))


# ----------------------------------------------------------------------------- kernel


def kernel_controls() -> tuple[np.ndarray, bool, str]:
    """Preset, size, editable grid and normalise toggle; returns (kernel used, normalised?, preset)."""
    _init_kernel()
    left, mid, right = st.columns([3, 2, 2])
    preset = PRESET.widget(left.selectbox, t("convolution.kernel.preset"), on_change=_on_preset)
    size = KERNEL_SIZE.widget(mid.number_input, t("convolution.kernel.size"), 1, 7, step=1, on_change=_on_size)
    normalise = NORMALISE.widget(
        right.toggle, t("convolution.kernel.normalise"), help=t("convolution.kernel.normalise_help")
    )
    # The weights are a data_editor, not a Setting widget: its value is a list of edits, not the kernel. The
    # editor starts from cv_kbase; a new preset or size starts a new editor (cv_kver); cv_klast is the last
    # valid kernel, and WEIGHTS mirrors it into the URL.
    editor_key = f"cv_kedit{st.session_state['cv_kver']}"
    if editor_key not in st.session_state:  # fresh editor (first run, or back from another page)
        st.session_state["cv_kbase"] = st.session_state["cv_klast"]
    kernel = number_grid(st.session_state["cv_kbase"], key=editor_key, fmt="%.4g", on_change=_on_edit)
    if kernel.shape == (size, size) and check_numbers(kernel, MAX_WEIGHT):
        st.session_state["cv_klast"] = kernel
    else:
        st.error(t("convolution.kernel.invalid", limit=f"{MAX_WEIGHT:g}"))
        kernel = st.session_state["cv_klast"]
    st.session_state[WEIGHTS.key] = [float(v) for v in kernel.ravel()]
    WEIGHTS.publish()
    total = f"{float(kernel.sum()):.4g}"
    if not normalise:
        st.caption(t("convolution.kernel.sum", total=total))
    elif can_normalize(kernel):
        st.caption(t("convolution.kernel.normalised", total=total))
        return normalize_kernel(kernel), True, preset
    else:
        st.caption(t("convolution.kernel.zero_sum"))
    return kernel, False, preset


def number_grid(values: np.ndarray, *, key: str, fmt: str, on_change=None) -> np.ndarray:
    """A square table of numbers to edit (columns 1…n); empty cells come back as NaN."""
    columns = [str(i + 1) for i in range(values.shape[1])]
    edited = st.data_editor(
        pd.DataFrame(values, columns=columns, dtype=float),
        key=key,
        num_rows="fixed",
        hide_index=True,
        width=72 * values.shape[1],
        on_change=on_change,
        column_config={c: st.column_config.NumberColumn(c, format=fmt) for c in columns},
    )
    return edited.to_numpy(dtype=float, na_value=np.nan)


def _init_kernel() -> None:
    """Once per session: the kernel from the URL (``cv_ks`` and ``cv_k``), else the preset's."""
    if "cv_kbase" in st.session_state:
        # the size box must always describe the kernel kept in the session
        st.session_state.setdefault(KERNEL_SIZE.key, st.session_state["cv_klast"].shape[0])
        return
    preset, size, values = PRESET.value, KERNEL_SIZE.value, np.array(WEIGHTS.value, dtype=float)
    if values.size == size * size and check_numbers(values, MAX_WEIGHT):
        base = values.reshape(size, size)
    elif preset in KERNELS:
        base = np.array(KERNELS[preset], dtype=float)
    else:
        base = np.array(KERNELS["identity"], dtype=float)
    st.session_state.update(cv_kbase=base, cv_klast=base, cv_ks=base.shape[0], cv_kver=0)


def _on_preset() -> None:
    preset = st.session_state["cv_preset"]
    if preset in KERNELS:
        base = np.array(KERNELS[preset], dtype=float)
    else:  # "custom": keep what is on screen, editable
        base = st.session_state["cv_klast"]
    st.session_state.update(cv_kbase=base, cv_klast=base, cv_ks=base.shape[0], cv_kver=st.session_state["cv_kver"] + 1)


def _on_size() -> None:
    base = resize_kernel(st.session_state["cv_klast"], int(st.session_state["cv_ks"]))
    st.session_state.update(cv_kbase=base, cv_klast=base, cv_preset="custom", cv_kver=st.session_state["cv_kver"] + 1)


def _on_edit() -> None:
    st.session_state["cv_preset"] = "custom"


# ----------------------------------------------------------------------------- channels and layer


def colour_control(is_grid: bool) -> str:
    """ "gray" (one channel) or "rgb" (the kernel on R, G and B separately)."""
    if is_grid:  # a grid has one channel; the choice waits for the next picture
        COLOUR.seed()
        return "gray"
    return COLOUR.widget(st.radio, t("convolution.colour.label"), horizontal=True, help=t("convolution.colour.help"))


def layer_controls() -> Layer:
    cols = st.columns(4)
    stride = STRIDE.widget(cols[0].number_input, t("convolution.layer.stride"), 1, 6, step=1)
    padding = PADDING.widget(
        cols[1].selectbox, t("convolution.layer.padding"), help=t("convolution.layer.padding_help")
    )
    mode = PADDING_MODE.widget(cols[2].selectbox, t("convolution.layer.padding_mode"))
    dilation = DILATION.widget(cols[3].number_input, t("convolution.layer.dilation"), 1, 4, step=1)
    return Layer(stride=int(stride), padding=parse_padding(padding), dilation=int(dilation), padding_mode=mode)


def show_formula(shape: tuple[int, ...], kernel_shape: tuple[int, int], layer: Layer, ok: bool) -> None:
    """The output-size formula with this input's numbers, and the resulting shape."""
    hw = shape[-2:]
    channels = 1 if len(shape) == 2 else shape[0]
    try:
        top, bottom, left, right = resolve_padding(
            kernel_shape, layer.padding, stride=layer.stride, dilation=layer.dilation
        )
    except ValueError:
        return
    out = output_hw(hw, kernel_shape, **layer.kwargs()) if ok else (None, None)
    st.latex(formula_latex("H", hw[0], kernel_shape[0], (top, bottom), layer, out[0]))
    st.latex(formula_latex("W", hw[1], kernel_shape[1], (left, right), layer, out[1]))
    if ok:
        st.caption(
            t(
                "convolution.shape.result",
                before=f"{channels}×{hw[0]}×{hw[1]}",
                after=f"{channels}×{out[0]}×{out[1]}",
            )
        )


def relu_control() -> bool:
    left, right = st.columns([2, 3])
    relu = RELU.widget(left.toggle, t("convolution.relu.label"), help=t("convolution.relu.help"))
    right.page_link("pages/activations.py", label=t("convolution.relu.link"), icon=":material/show_chart:")
    return relu


def pool_controls() -> Pool:
    cols = st.columns(3)
    mode = POOL_MODE.widget(cols[0].radio, t("convolution.pool.mode"), horizontal=True)
    size = POOL_SIZE.widget(cols[1].select_slider, t("convolution.pool.kernel"))
    stride = POOL_STRIDE.widget(cols[2].select_slider, t("convolution.pool.stride"))
    return Pool(mode=mode, kernel_size=int(size), stride=int(stride))
