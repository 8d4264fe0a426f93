"""Widgets of the convolution page that set the kernel, the layer and the pooling (they return plain values)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.conv import KERNELS, PADDING_MODES, POOL_MODES, normalize_kernel, resolve_padding
from ui.common.i18n import option_labels, t
from ui.common.urlstate import parse_floats, publish, seed
from ui.convolution.params import (
    MAX_WEIGHT,
    PADDINGS,
    Layer,
    Pool,
    check_numbers,
    formula_latex,
    output_hw,
    parse_padding,
    resize_kernel,
)

PRESETS = (*KERNELS, "custom")
# Widgets whose option labels are translated. The browser remembers a choice by its label: after a language
# switch a radio would show no choice (then fall back to the first one) and a select box the old language.
TRANSLATED_CHOICES = ("cv_src", "cv_sample", "cv_preset", "cv_color", "cv_pmode", "cv_pool")
_BOOL = {"True": True, "False": False, "1": True, "0": False, "true": True, "false": False}


def _parse_bool(text: str) -> bool:
    return _BOOL[text]


# ----------------------------------------------------------------------------- kernel


def kernel_controls() -> tuple[np.ndarray, bool, str]:
    """Preset, size, editable grid and normalise toggle; returns (kernel used, normalised?, preset)."""
    _init_kernel()
    left, mid, right = st.columns([3, 2, 2])
    preset = left.selectbox(
        t("convolution.kernel.preset"),
        PRESETS,
        key="cv_preset",
        persist_state="session",
        format_func=option_labels("convolution.preset.", PRESETS),
        on_change=_on_preset,
    )
    size = mid.number_input(
        t("convolution.kernel.size"), 1, 7, step=1, key="cv_ks", persist_state="session", on_change=_on_size
    )
    seed("cv_norm", False, parse=_parse_bool)
    normalise = right.toggle(
        t("convolution.kernel.normalise"),
        key="cv_norm",
        persist_state="session",
        help=t("convolution.kernel.normalise_help"),
    )
    columns = [str(i + 1) for i in range(size)]
    editor_key = f"cv_kedit{st.session_state['cv_kver']}"
    if editor_key not in st.session_state:  # fresh editor (first run, or back from another page)
        st.session_state["cv_kbase"] = st.session_state["cv_klast"]
    frame = pd.DataFrame(st.session_state["cv_kbase"], columns=columns, dtype=float)
    edited = st.data_editor(
        frame,
        key=editor_key,
        num_rows="fixed",
        hide_index=True,
        width=72 * size,
        on_change=_on_edit,
        column_config={c: st.column_config.NumberColumn(c, format="%.4g") for c in columns},
    )
    kernel = edited.to_numpy(dtype=float, na_value=np.nan)
    if kernel.shape == (size, size) and check_numbers(kernel, MAX_WEIGHT):
        st.session_state["cv_klast"] = kernel
    else:
        st.error(t("convolution.kernel.invalid", limit=f"{MAX_WEIGHT:g}"))
        kernel = st.session_state["cv_klast"]
    publish(cv_preset=preset, cv_ks=kernel.shape[0], cv_k=[float(v) for v in kernel.ravel()], cv_norm=normalise)
    total = float(kernel.sum())
    if normalise and abs(total) > 1e-12:
        st.caption(t("convolution.kernel.normalised", total=f"{total:.4g}"))
        return normalize_kernel(kernel), True, preset
    if normalise:
        st.caption(t("convolution.kernel.zero_sum"))
    else:
        st.caption(t("convolution.kernel.sum", total=f"{total:.4g}"))
    return kernel, False, preset


def _init_kernel() -> None:
    """Once per session: the kernel from the URL (``cv_k``), else the preset's."""
    if "cv_kbase" in st.session_state:
        # the size box must always describe the kernel kept in the session
        st.session_state.setdefault("cv_ks", st.session_state["cv_klast"].shape[0])
        return
    seed("cv_preset", "sobel_x", valid=lambda v: v in PRESETS)
    preset = st.session_state["cv_preset"]
    try:
        size = int(st.query_params.get("cv_ks", "0"))
        values = np.array(parse_floats(st.query_params.get("cv_k", "")), dtype=float)
    except ValueError:
        size, values = 0, np.zeros(0)
    if 1 <= size <= 7 and values.size == size * size and check_numbers(values, MAX_WEIGHT):
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
    seed("cv_color", "gray", valid=lambda v: v in ("gray", "rgb"))
    if is_grid:
        return "gray"
    colour = st.radio(
        t("convolution.colour.label"),
        ("gray", "rgb"),
        key="cv_color",
        persist_state="session",
        format_func=option_labels("convolution.colour.", ("gray", "rgb")),
        horizontal=True,
        help=t("convolution.colour.help"),
    )
    publish(cv_color=colour)
    return colour


def layer_controls() -> Layer:
    seed("cv_stride", 1, parse=int, valid=lambda v: 1 <= v <= 6)
    seed("cv_pad", "0", valid=lambda v: v in PADDINGS)
    seed("cv_pmode", "zeros", valid=lambda v: v in PADDING_MODES)
    seed("cv_dil", 1, parse=int, valid=lambda v: 1 <= v <= 4)
    cols = st.columns(4)
    stride = cols[0].number_input(t("convolution.layer.stride"), 1, 6, step=1, key="cv_stride", persist_state="session")
    padding = cols[1].selectbox(
        t("convolution.layer.padding"),
        PADDINGS,
        key="cv_pad",
        persist_state="session",
        help=t("convolution.layer.padding_help"),
    )
    mode = cols[2].selectbox(
        t("convolution.layer.padding_mode"),
        PADDING_MODES,
        key="cv_pmode",
        persist_state="session",
        format_func=option_labels("convolution.pmode.", PADDING_MODES),
    )
    dilation = cols[3].number_input(
        t("convolution.layer.dilation"), 1, 4, step=1, key="cv_dil", persist_state="session"
    )
    publish(cv_stride=stride, cv_pad=padding, cv_pmode=mode, cv_dil=dilation)
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
    out = output_hw(hw, kernel_shape, layer) if ok else (None, None)
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
    seed("cv_relu", False, parse=_parse_bool)
    left, right = st.columns([2, 3])
    relu = left.toggle(
        t("convolution.relu.label"), key="cv_relu", persist_state="session", help=t("convolution.relu.help")
    )
    right.page_link("pages/activations.py", label=t("convolution.relu.link"), icon=":material/show_chart:")
    publish(cv_relu=relu)
    return relu


def pool_controls() -> Pool:
    seed("cv_pool", "max", valid=lambda v: v in POOL_MODES)
    seed("cv_pk", 2, parse=int, valid=lambda v: 2 <= v <= 4)
    seed("cv_ps", 2, parse=int, valid=lambda v: 1 <= v <= 4)
    cols = st.columns(3)
    mode = cols[0].radio(
        t("convolution.pool.mode"),
        POOL_MODES,
        key="cv_pool",
        persist_state="session",
        format_func=option_labels("convolution.pool.", POOL_MODES),
        horizontal=True,
    )
    size = cols[1].select_slider(t("convolution.pool.kernel"), options=[2, 3, 4], key="cv_pk", persist_state="session")
    stride = cols[2].select_slider(
        t("convolution.pool.stride"), options=[1, 2, 3, 4], key="cv_ps", persist_state="session"
    )
    publish(cv_pool=mode, cv_pk=size, cv_ps=stride)
    return Pool(mode=mode, kernel_size=int(size), stride=int(stride))
