"""Softmax: drive the logits and the temperature; watch the probabilities, the loss and its gradient."""

import numpy as np
import streamlit as st

from core.softmax import (
    cross_entropy_grad,
    cross_entropy_loss,
    entropy_vs_temperature,
    naive_softmax,
    softmax,
    softmax_parts,
    two_class_as_sigmoid,
)
from ui.common.i18n import t
from ui.common.shell import page_start
from ui.softmax import state as S
from ui.softmax import view as V

page_start()
st.title(t("nav.softmax"))
S.init()
st.write(t("softmax.intro"))
S.show_messages()

ss = st.session_state
z, labels, T, y = S.logits(), S.names(), ss["sm_T"], ss["sm_y"]

# --- inputs -----------------------------------------------------------------------------------
st.header(t("softmax.h.logits"))
left, right = st.columns([3, 2], gap="large")
with left:
    S.class_count()
    S.logit_rows()
    S.all_logits_box()
with right:
    S.temperature_slider()
    S.target_select()
    st.caption(t("softmax.temperature_note"))

try:
    parts = softmax_parts(z, temperature=T)
    loss = float(cross_entropy_loss(z, y, temperature=T))
    grad = cross_entropy_grad(z, y, temperature=T)
except ValueError as err:  # the inputs are validated on entry; this is the last line of defence
    st.error(t("softmax.err.compute", detail=str(err)))
    st.stop()
p = parts.probs

# --- probabilities ----------------------------------------------------------------------------
st.header(t("softmax.h.probs"))
left, right = st.columns(2, gap="large")
with left:
    V.probability_chart(labels, p, y)
    top = int(np.argmax(p))
    st.caption(t("softmax.argmax_note", name=labels[top], p=f"{p[top]:.3f}", true=labels[y]))
with right:
    V.formula(labels, z, parts, y)

# --- loss, gradient, gradient steps -----------------------------------------------------------
st.header(t("softmax.h.loss"))
hist = ss["sm_hist"]
left, right = st.columns(2, gap="large")
with left:
    change = loss - hist[-2][1] if len(hist) >= 2 and abs(hist[-1][1] - loss) < 1e-9 else 0.0
    delta = f"{change:+.4f}" if abs(change) >= 5e-5 else None  # no red "+0.0000" arrow for no change
    st.metric(t("softmax.loss_label", name=labels[y]), f"{loss:.4f}", delta=delta, delta_color="inverse")
    nats_bits = rf"{loss:.4f}\ \text{{nats}} = {loss / np.log(2):.4f}\ \text{{bits}}"
    st.latex(rf"\begin{{aligned}} L &= -\ln p_{{{y + 1}}} = -\ln {p[y]:.4f} \\ &= {nats_bits} \end{{aligned}}")
    st.caption(t("softmax.loss_note"))
    st.subheader(t("softmax.h.grad"))
    V.gradient_chart(labels, grad)
    st.caption(t("softmax.grad_note", T=f"{T:g}"))
with right:
    st.subheader(t("softmax.h.steps"))
    S.step_controls()
    if hist:
        V.loss_chart(hist)
        st.caption(t("softmax.steps_note", n=len(hist), max=S.MAX_HISTORY))
    else:
        st.info(t("softmax.steps_empty"), icon=":material/touch_app:")

# --- shift invariance and numerical stability -------------------------------------------------
st.header(t("softmax.h.stability"))
st.write(t("softmax.stability_intro"))
c = S.shift_input()
p_shift = softmax(z + c, temperature=T)
p_naive = naive_softmax(z + c, temperature=T)
V.stability_table(labels, p, p_shift, p_naive)
gap = float(np.max(np.abs(p_shift - p)))
if np.isnan(p_naive).any():
    biggest = float(np.max(np.abs(z + c)) / T)
    st.warning(t("softmax.naive_nan", x=f"{biggest:.4g}"), icon=":material/warning:")
else:
    st.success(t("softmax.naive_ok", gap=f"{float(np.max(np.abs(p_naive - p))):.1e}"), icon=":material/check:")
st.caption(t("softmax.shift_note", c=f"{c:g}", gap=f"{gap:.1e}"))

# --- entropy vs temperature -------------------------------------------------------------------
st.header(t("softmax.h.entropy"))
temps = np.geomspace(S.TEMPS[0], S.TEMPS[-1], 121)
bits = entropy_vs_temperature(z, temps)
current = float(entropy_vs_temperature(z, [T])[0])
V.entropy_chart(temps, bits, T, current, len(z))
st.caption(t("softmax.entropy_note", T=f"{T:g}", h=f"{current:.3f}", hmax=f"{np.log2(len(z)):.3f}", k=len(z)))
st.page_link("pages/entropy.py", label=t("softmax.link.entropy"), icon=":material/casino:")

# --- two classes = sigmoid --------------------------------------------------------------------
st.header(t("softmax.h.sigmoid"))
pair = z[:2]
p_pair = softmax(pair, temperature=T)[0]
sig = two_class_as_sigmoid(pair, temperature=T)
st.write(t("softmax.sigmoid_intro", a=labels[0], b=labels[1]) if len(z) > 2 else t("softmax.sigmoid_intro2"))
V.sigmoid_formula(p_pair, (pair[0] - pair[1]) / T, sig)
st.caption(t("softmax.sigmoid_note", diff=f"{abs(p_pair - sig):.1e}"))
st.page_link("pages/activations.py", label=t("softmax.link.activations"), icon=":material/show_chart:")

S.publish_settings()
