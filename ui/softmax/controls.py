"""Widgets of the softmax page. Each shows a copy of a page value (``state.py``) and hands a change to a setter.

The copy is pushed into the widget's key before the widget is drawn (Streamlit allows that), so code
such as a gradient step can move a slider; the widget never owns the value (see ``state.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import streamlit as st

from ui.common.i18n import t
from ui.common.safe import escape_md
from ui.softmax import state as S


def _mirror(draw: Callable[..., Any], label: str, *args: Any, key: str, value: Any, accept: Callable, **kwargs: Any):
    """Draw a widget showing ``value``; a value the student changes goes to ``accept(new_value)``.

    Setting's ``widget`` can't serve here: the page value lives in another key than the widget's, and
    ``accept`` may refuse a value (keeping the last valid one) instead of taking it.
    """
    st.session_state[key] = value
    return draw(label, *args, key=key, persist_state="session", on_change=_changed, args=(key, accept), **kwargs)


def _changed(key: str, accept: Callable) -> None:
    accept(st.session_state[key])


def _g(v: float) -> str:
    return f"{v:g}"


def class_count() -> None:
    k = len(st.session_state["sm_z"])
    _mirror(st.slider, t("softmax.classes"), S.K_MIN, S.K_MAX, key="sm_n_classes", value=k, accept=S.set_class_count)


def logit_rows() -> None:
    """One row per class: its name, a slider for z_j and a number box for values beyond the slider."""
    z, labels, lim = st.session_state["sm_z"], S.names(), S.Z_SLIDER
    head = st.columns([2, 5, 2])
    head[0].caption(t("softmax.col.name"))
    head[1].caption(t("softmax.col.slider", lim=_g(lim)))
    head[2].caption(t("softmax.col.exact"))
    hidden = {"label_visibility": "collapsed"}  # the column heads above say what each widget is
    for j, (value, name) in enumerate(zip(z, labels)):
        col = st.columns([2, 5, 2], vertical_alignment="center")
        _mirror(
            col[0].text_input,
            t("softmax.name_label", n=j + 1),
            key=f"sm_name_{j}",
            value=name,
            accept=partial(S.set_name, j),
            max_chars=S.NAME_MAX,
            **hidden,
        )
        _mirror(
            col[1].slider,
            t("softmax.logit_label", name=escape_md(name)),
            -lim,
            lim,
            step=0.1,
            key=f"sm_logit_{j}",
            value=min(max(value, -lim), lim),
            accept=partial(S.set_slider_logit, j),
            **hidden,
        )
        _mirror(
            col[2].number_input,
            t("softmax.exact_label", name=escape_md(name)),
            step=0.1,
            format="%.4g",
            key=f"sm_exact_{j}",
            value=value,
            accept=partial(S.set_exact_logit, j),
            **hidden,
        )
    if any(abs(v) > lim for v in z):
        st.caption(t("softmax.beyond_slider", lim=_g(lim)))


def all_logits_box() -> None:
    _mirror(
        st.text_input,
        t("softmax.all_label"),
        key="sm_all",
        value=", ".join(map(_g, st.session_state["sm_z"])),
        accept=S.set_all_logits,
        help=t("softmax.all_help"),
        max_chars=400,
    )


def temperature_slider() -> None:
    _mirror(
        st.select_slider,
        t("softmax.temperature"),
        options=S.TEMPS,
        key="sm_temperature",
        value=st.session_state["sm_T"],
        accept=S.set_temperature,
        format_func=_g,
        help=t("softmax.temperature_help"),
    )


def target_select() -> None:
    labels = S.names()
    _mirror(
        st.selectbox,
        t("softmax.target"),
        range(len(labels)),
        key="sm_target",
        value=st.session_state["sm_y"],
        accept=S.set_target,
        format_func=labels.__getitem__,
    )


def step_controls() -> None:
    """The learning rate and the step buttons (which move the logits, and so the sliders above)."""
    lr = st.session_state["sm_lr"]
    _mirror(
        st.select_slider,
        t("softmax.lr"),
        options=S.LRS,
        key="sm_learning_rate",
        value=lr,
        accept=S.set_lr,
        format_func=_g,
    )
    cols = st.columns([3, 2, 2])
    cols[0].button(
        t("softmax.step"),
        key="sm_step",
        on_click=S.take_steps,
        args=(1,),
        icon=":material/south:",
        help=t("softmax.step_help"),
        width="stretch",
    )
    cols[1].button(
        t("softmax.step10"),
        key="sm_step10",
        on_click=S.take_steps,
        args=(10,),
        icon=":material/keyboard_double_arrow_down:",
        width="stretch",
    )
    cols[2].button(
        t("softmax.reset"), key="sm_reset", on_click=S.reset_history, icon=":material/restart_alt:", width="stretch"
    )


def shift_input() -> float:
    c = st.session_state["sm_c"]
    _mirror(st.number_input, t("softmax.shift"), step=100.0, format="%g", key="sm_shift", value=c, accept=S.set_shift)
    return st.session_state["sm_c"]
