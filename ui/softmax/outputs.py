"""Everything the temperature changes, drawn in one ``st.fragment`` (issue 21: what a click costs the browser).

A temperature move reruns only this fragment: the logits' widgets above it (class count, K rows of name, slider
and box, the all-logits box, the true class) are not sent again. Every number that follows the temperature is
in here, so no sentence outside describes an old temperature.

The gradient steps (``steps``) are drawn outside, beside the logits they move: nothing in them follows the
temperature. A control in here that changes what the part outside shows ("confidently wrong" moves the logits; a
setter queues an error message, shown at the top) makes the whole page rerun: ``_outside_is_stale``.
"""

from __future__ import annotations

import numpy as np
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

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
from ui.common.safe import escape_md
from ui.softmax import controls as C
from ui.softmax import state as S
from ui.softmax import view as V
from ui.softmax import why as W
from ui.softmax.quiz import quiz_section


def steps() -> None:
    """Gradient descent on the logits: the learning rate, the step buttons and the loss so far.

    Drawn outside the fragment (with the logits it moves): a temperature move changes none of it."""
    st.subheader(t("softmax.h.steps"))
    C.step_controls()
    hist = st.session_state["sm_hist"]
    if hist:
        V.loss_chart(hist, t("softmax.steps_note", n=len(hist), max=S.MAX_HISTORY))
    else:
        st.info(t("softmax.steps_empty"), icon=":material/touch_app:")


DRAWN = "sm_drawn"  # what the part outside the fragment last showed: (logits, names, true class)


def _shown_outside() -> tuple:
    ss = st.session_state
    return tuple(ss["sm_z"]), tuple(S.names()), ss["sm_y"]


def mark_outside_drawn() -> None:
    """Called by the page after drawing the logits' widgets (which show these values)."""
    st.session_state[DRAWN] = _shown_outside()


def _outside_is_stale() -> bool:
    ss = st.session_state
    return ss.get(DRAWN) != _shown_outside() or bool(ss.get("sm_msgs"))


@st.fragment
def outputs() -> None:
    if _outside_is_stale():  # a control in here moved the logits or queued a message: redraw the whole page
        st.rerun()
    ss = st.session_state
    z, labels, T, y = S.logits(), S.names(), ss["sm_T"], ss["sm_y"]
    C.temperature_slider()
    st.caption(t("softmax.temperature_note"))
    try:
        parts = softmax_parts(z, temperature=T)
        loss = float(cross_entropy_loss(z, y, temperature=T))
        grad = cross_entropy_grad(z, y, temperature=T)
        mse, mse_g = float(mse_loss(z, y, temperature=T)), mse_grad(z, y, temperature=T)
        sweep = true_logit_sweep(z, y, temperature=T)
    except ValueError as err:  # the inputs are validated on entry; this is the last line of defence
        st.error(t("softmax.err.compute", detail=str(err)))
        return
    p = parts.probs

    st.header(t("softmax.h.probs"))
    left, right = st.columns(2, gap="large")
    with left:
        V.probability_chart(labels, p, y)
    with right:
        V.formula(labels, z, parts, y)

    st.header(t("softmax.h.loss"))
    left, right = st.columns(2, gap="large")
    with left:
        change = last_step_change(ss["sm_hist"], loss)
        delta = f"{change:+.4f}" if abs(change) >= 5e-5 else None  # no red "+0.0000" arrow for no change
        st.metric(t("softmax.loss_label", name=escape_md(labels[y])), f"{loss:.4f}", delta=delta, delta_color="inverse")
        V.loss_formula(y, p[y], loss, nats_to_bits(loss))
        bits = t("softmax.why.bits", name=labels[y], p=f"{p[y]:.4f}", bits=f"{nats_to_bits(loss):.4f}")
        st.caption(f"{t('softmax.loss_note')} {escape_md(bits)}")
        st.page_link("pages/entropy.py", label=t("softmax.link.ce_entropy"), icon=":material/casino:")
    with right:
        st.subheader(t("softmax.h.grad"))
        V.gradient_chart(labels, grad, T)

    lower = tabs()  # lazy: only the open tab's body runs and is sent (issue 21)
    with lower["why"]:
        if lower["why"].open:
            st.header(t("softmax.h.why"))
            st.write(t("softmax.why.intro"))
            W.side_by_side(labels, p, y, loss, mse, grad, mse_g)
            W.lesson(labels[y], float(p[y]), T, float(grad[y]), float(mse_g[y]))
            W.saturation_chart(sweep, float(p[y]), float(grad[y]), float(mse_g[y]), T)
            st.page_link("pages/train.py", label=t("softmax.link.train_losses"), icon=":material/model_training:")
    with lower["stability"]:
        if lower["stability"].open:
            _stability(z, labels, T)
    with lower["entropy"]:
        if lower["entropy"].open:
            _entropy(z, T)
    with lower["sigmoid"]:
        if lower["sigmoid"].open:
            _sigmoid(z, labels, T)

    quiz_section(z, labels, T)
    S.publish_settings()  # the URL follows a fragment rerun too


TABS = ("why", "stability", "entropy", "sigmoid")  # in order; label: softmax.tab.<name>
TABS_KEY = "sm_tab"  # the tabs widget: its value is the open tab's label, in the page's language
_OPEN_KEY = "sm_tab_open"  # the open tab's name: kept across a language switch


def tabs() -> dict[str, DeltaGenerator]:
    """The lower sections as tabs by name; each one's ``.open`` says whether the student has it open.

    ``on_change="rerun"``: a tab click reruns the fragment, which fills only the open tab, so a temperature move
    computes and sends one section instead of four. Streamlit keeps the open tab as its label; after a language
    switch that label names no tab, so the open tab is remembered by name and its label set again.
    """
    labels = {name: t(f"softmax.tab.{name}") for name in TABS}
    clicked = st.session_state.get(TABS_KEY)
    name = next((n for n, label in labels.items() if label == clicked), None)
    if name is None:
        name = st.session_state.get(_OPEN_KEY)
        name = name if name in labels else TABS[0]
        st.session_state[TABS_KEY] = labels[name]
    st.session_state[_OPEN_KEY] = name
    return dict(zip(TABS, st.tabs(list(labels.values()), key=TABS_KEY, on_change="rerun"), strict=True))


def _entropy(z: np.ndarray, T: float) -> None:
    st.header(t("softmax.h.entropy"))
    temps = np.geomspace(S.TEMPS[0], S.TEMPS[-1], 121)
    current, ceiling = float(entropy_vs_temperature(z, [T])[0]), max_entropy(len(z))
    V.entropy_chart(temps, entropy_vs_temperature(z, temps), T, current, ceiling, len(z))
    st.page_link("pages/entropy.py", label=t("softmax.link.entropy"), icon=":material/casino:")


def _sigmoid(z: np.ndarray, labels: list[str], T: float) -> None:
    st.header(t("softmax.h.sigmoid"))
    pair = two_class_parts(z[:2], temperature=T)
    names = (escape_md(labels[0]), escape_md(labels[1]))
    st.write(t("softmax.sigmoid_intro", a=names[0], b=names[1]) if len(z) > 2 else t("softmax.sigmoid_intro2"))
    V.sigmoid_formula(pair)
    st.caption(t("softmax.sigmoid_note", diff=f"{pair.mismatch:.1e}"))
    st.page_link("pages/activations.py", label=t("softmax.link.activations"), icon=":material/show_chart:")


def _stability(z: np.ndarray, labels: list[str], T: float) -> None:
    """Shift invariance and numerical stability: the naive softmax next to the stable one."""
    st.header(t("softmax.h.stability"))
    st.write(t("softmax.stability_intro"))
    c = C.shift_input()
    check = shift_check(z, c, temperature=T)
    V.stability_table(labels, check)
    if check.naive_failed:
        st.warning(t("softmax.naive_nan", x=f"{check.largest_exponent:.4g}"), icon=":material/warning:")
    else:
        up, down = breaking_shifts(z, temperature=T, limit=S.C_MAX)  # shifts that do break it, at this T
        shown = [f"{v:g}".replace("-", "−") for v in (up, down) if v is not None]
        if len(shown) == 2:
            hint = t("softmax.naive_try_both", up=shown[0], down=shown[1])
        elif shown:
            hint = t("softmax.naive_try_one", c=shown[0])
        else:
            hint = t("softmax.naive_unbreakable", T=f"{T:g}", limit=f"{S.C_MAX:g}")
        st.success(f"{t('softmax.naive_ok', gap=f'{check.naive_gap:.1e}')} {hint}", icon=":material/check:")
    st.caption(t("softmax.shift_note", c=f"{c:g}", gap=f"{check.stable_gap:.1e}"))
