"""Softmax: drive the logits and the temperature; watch the probabilities, the loss and its gradient."""

import numpy as np
import streamlit as st

from core.entropy import max_entropy
from core.saturation import true_logit_sweep
from core.softmax import (
    breaking_shifts,
    cross_entropy_grad,
    cross_entropy_loss,
    entropy_vs_temperature,
    last_step_change,
    mse_grad,
    mse_loss,
    nats_to_bits,
    shift_check,
    softmax_parts,
    two_class_parts,
)
from ui.common.i18n import t
from ui.common.shell import page_start
from ui.softmax import controls as C
from ui.softmax import state as S
from ui.softmax import view as V
from ui.softmax import why as W
from ui.softmax.quiz import quiz_section

page_start()
st.title(t("nav.softmax"))
S.init()
st.write(t("softmax.intro"))
V.messages(S.take_messages())

ss = st.session_state
z, labels, T, y = S.logits(), S.names(), ss["sm_T"], ss["sm_y"]

# --- inputs -----------------------------------------------------------------------------------
st.header(t("softmax.h.logits"))
left, right = st.columns([3, 2], gap="large")
with left:
    C.class_count()
    C.logit_rows()
    C.all_logits_box()
with right:
    C.temperature_slider()
    C.target_select()
    st.caption(t("softmax.temperature_note"))

try:
    parts = softmax_parts(z, temperature=T)
    loss = float(cross_entropy_loss(z, y, temperature=T))
    grad = cross_entropy_grad(z, y, temperature=T)
    mse, mse_g = float(mse_loss(z, y, temperature=T)), mse_grad(z, y, temperature=T)
    sweep = true_logit_sweep(z, y, temperature=T)
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
    change = last_step_change(hist, loss)
    delta = f"{change:+.4f}" if abs(change) >= 5e-5 else None  # no red "+0.0000" arrow for no change
    st.metric(t("softmax.loss_label", name=labels[y]), f"{loss:.4f}", delta=delta, delta_color="inverse")
    V.loss_formula(y, p[y], loss, nats_to_bits(loss))
    st.caption(t("softmax.loss_note"))
    st.caption(t("softmax.why.bits", name=labels[y], p=f"{p[y]:.4f}", bits=f"{nats_to_bits(loss):.4f}"))
    st.page_link("pages/entropy.py", label=t("softmax.link.ce_entropy"), icon=":material/casino:")
    st.subheader(t("softmax.h.grad"))
    V.gradient_chart(labels, grad)
    st.caption(t("softmax.grad_note", T=f"{T:g}"))
with right:
    st.subheader(t("softmax.h.steps"))
    C.step_controls()
    if hist:
        V.loss_chart(hist)
        st.caption(t("softmax.steps_note", n=len(hist), max=S.MAX_HISTORY))
    else:
        st.info(t("softmax.steps_empty"), icon=":material/touch_app:")

# --- why cross-entropy and not the squared error ----------------------------------------------
st.header(t("softmax.h.why"))
st.write(t("softmax.why.intro"))
W.side_by_side(labels, p, y, loss, mse, grad, mse_g)
W.lesson(labels[y], float(p[y]), T, float(grad[y]), float(mse_g[y]))
W.saturation_chart(sweep, float(p[y]), float(grad[y]), float(mse_g[y]), T)
st.caption(t("softmax.why.chart_note"))
st.page_link("pages/train.py", label=t("softmax.link.train_losses"), icon=":material/model_training:")

# --- shift invariance and numerical stability -------------------------------------------------
st.header(t("softmax.h.stability"))
st.write(t("softmax.stability_intro"))
c = C.shift_input()
check = shift_check(z, c, temperature=T)
V.stability_table(labels, check)
if check.naive_failed:
    st.warning(t("softmax.naive_nan", x=f"{check.largest_exponent:.4g}"), icon=":material/warning:")
else:
    up, down = breaking_shifts(z, temperature=T, limit=S.C_MAX)  # the hint names shifts that do break it, at this T
    shown = [f"{v:g}".replace("-", "−") for v in (up, down) if v is not None]
    if len(shown) == 2:
        hint = t("softmax.naive_try_both", up=shown[0], down=shown[1])
    elif shown:
        hint = t("softmax.naive_try_one", c=shown[0])
    else:
        hint = t("softmax.naive_unbreakable", T=f"{T:g}", limit=f"{S.C_MAX:g}")
    st.success(f"{t('softmax.naive_ok', gap=f'{check.naive_gap:.1e}')} {hint}", icon=":material/check:")
st.caption(t("softmax.shift_note", c=f"{c:g}", gap=f"{check.stable_gap:.1e}"))

# --- entropy vs temperature -------------------------------------------------------------------
st.header(t("softmax.h.entropy"))
temps = np.geomspace(S.TEMPS[0], S.TEMPS[-1], 121)
current, ceiling = float(entropy_vs_temperature(z, [T])[0]), max_entropy(len(z))
V.entropy_chart(temps, entropy_vs_temperature(z, temps), T, current, ceiling)
st.caption(t("softmax.entropy_note", T=f"{T:g}", h=f"{current:.3f}", hmax=f"{ceiling:.3f}", k=len(z)))
st.page_link("pages/entropy.py", label=t("softmax.link.entropy"), icon=":material/casino:")

# --- two classes = sigmoid --------------------------------------------------------------------
st.header(t("softmax.h.sigmoid"))
pair = two_class_parts(z[:2], temperature=T)
st.write(t("softmax.sigmoid_intro", a=labels[0], b=labels[1]) if len(z) > 2 else t("softmax.sigmoid_intro2"))
V.sigmoid_formula(pair)
st.caption(t("softmax.sigmoid_note", diff=f"{pair.mismatch:.1e}"))
st.page_link("pages/activations.py", label=t("softmax.link.activations"), icon=":material/show_chart:")

quiz_section(z, labels, T)
S.publish_settings()
