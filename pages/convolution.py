"""Convolution, padding and pooling on the student's own images, the notes' grids or bundled samples."""

import streamlit as st

from core.activations import relu
from core.conv import relu_zeroed_share
from ui.common.i18n import t
from ui.common.shell import page_start
from ui.convolution import controls, sections
from ui.convolution.params import layer_error_text, layer_problem
from ui.convolution.source import source_controls
from ui.convolution.view import convolve, downloads, kernel_key, show_histogram, show_pair

page_start()
st.title(t("nav.convolution"))
st.write(t("convolution.intro"))

# 1. input -----------------------------------------------------------------------------------
st.header(t("convolution.section.input"))
source = source_controls()
if source is None:
    st.stop()
is_grid = source.kind == "grid"

# 2. kernel and layer ----------------------------------------------------------------------------
st.header(t("convolution.section.kernel"))
kernel, normalised, preset = controls.kernel_controls()
colour = controls.colour_control(is_grid)
st.header(t("convolution.section.layer"))
layer = controls.layer_controls()
x = source.tensor(colour)  # (H, W) grey or (3, H, W) colour, float32
problem = layer_problem(x.shape[-2:], kernel.shape, layer)
controls.show_formula(x.shape, kernel.shape, layer, ok=problem is None)
if problem:
    st.error(layer_error_text(problem), icon=":material/error:")
    last = st.session_state.get("cv_last_layer")
    if last is None or layer_problem(x.shape[-2:], kernel.shape, last):
        st.stop()
    st.caption(t("convolution.error.showing_last"))
    layer = last
else:
    st.session_state["cv_last_layer"] = layer
try:
    feature = convolve(f"{source.ident}:{colour}", x, kernel_key(kernel), layer)
except ValueError as exc:  # anything the checks above did not foresee: say it, do not crash
    st.error(t("convolution.error.generic", detail=str(exc)))
    st.stop()

# 3. output ----------------------------------------------------------------------------------
st.header(t("convolution.section.output"))
use_relu = controls.relu_control()
activated = relu(feature) if use_relu else feature
shown, legend = show_pair(
    x, activated, is_grid=is_grid, titles=(t("convolution.output.input"), t("convolution.output.feature"))
)
if legend.signed:
    st.caption(t("convolution.legend.signed_note"))
if use_relu:
    st.caption(t("convolution.relu.zeroed", share=f"{relu_zeroed_share(feature):.0%}"))
st.markdown(f"**{t('convolution.hist.title')}**")
show_histogram(activated, relu=use_relu, log=not is_grid)
downloads(shown, kernel, layer=layer, normalised=normalised, preset=preset)

# 5.–7. step-through, pooling, PyTorch check and the quiz: nested fragments (a piece, pooling or step control reruns
# only what it feeds, never the pictures above)
sections.after_output(source, colour, x, kernel, layer, activated, use_relu)
