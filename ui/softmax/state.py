"""Per-session state of the softmax page: the logits and settings, their widgets, the URL.

The page's values live in plain session keys (``sm_z``, ``sm_T``, ...), never in widget
keys. Each run first copies them *into* the widget keys (before any widget renders, which
Streamlit allows), and every widget's ``on_change`` callback copies a valid new value *back*.
So a gradient step can move the sliders, a bad value is rejected with a message and the
last valid state stays, and nothing is lost when a page switch drops widget state.
"""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

from core.softmax import cross_entropy_loss, gradient_step
from ui.common.i18n import t
from ui.common.urlstate import parse_floats, publish, seed

K_MIN, K_MAX = 2, 10
Z_SLIDER = 10.0  # slider range; the number box beside it takes anything up to Z_MAX
Z_MAX = 1e4
C_MAX = 1e4  # the shift constant of the stability demo
NAME_MAX = 16
MAX_HISTORY = 200  # loss-history points kept per session
DEFAULT_Z = (2.0, 1.0, 0.1)
# roughly log-spaced round numbers (a preferred-number series), so the slider moves on a log scale
_DECADE = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0)
TEMPS = tuple(float(f"{m * 10.0**e:.3g}") for e in (-2, -1, 0, 1) for m in _DECADE if 0.05 <= m * 10.0**e <= 20)
LRS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


def nearest_temperature(value: float) -> float:
    """Snap a temperature to the slider's log-spaced grid."""
    return min(TEMPS, key=lambda x: abs(math.log(x) - math.log(value)))


def _valid_logits(z: list[float]) -> bool:
    return K_MIN <= len(z) <= K_MAX and all(abs(v) <= Z_MAX for v in z)


def _say(key: str, **values: object) -> None:
    """Queue an error for this run (callbacks run before the script, so it shows right away)."""
    st.session_state.setdefault("sm_msgs", []).append((key, values))


def init() -> None:
    """Seed the page's values once per session from the URL (junk in the URL falls back to defaults)."""
    seed("sm_z", list(DEFAULT_Z), parse=parse_floats, valid=_valid_logits)
    seed("sm_T", 1.0, parse=float, valid=lambda v: TEMPS[0] <= v <= TEMPS[-1])
    seed("sm_y", 0, parse=int, valid=lambda v: 0 <= v < len(st.session_state["sm_z"]))
    seed("sm_lr", 1.0, parse=float, valid=lambda v: v in LRS)
    st.session_state["sm_T"] = nearest_temperature(st.session_state["sm_T"])
    st.session_state.setdefault("sm_c", 1000.0)
    seed("sm_names", {}, parse=parse_names)  # {class index: name the user typed}
    st.session_state.setdefault("sm_hist", [])  # [(step, loss)]
    st.session_state.setdefault("sm_steps", 0)
    st.session_state.setdefault("sm_msgs", [])


def logits() -> np.ndarray:
    return np.array(st.session_state["sm_z"], dtype=np.float64)


def names() -> list[str]:
    """Class names: the typed ones, else the defaults; never two alike (charts would merge their bars)."""
    defaults = t("softmax.default_names").split(",")
    k = len(st.session_state["sm_z"])
    typed = {j: name for j, name in st.session_state["sm_names"].items() if j < k}
    out: list[str] = []
    for j in range(k):
        name = typed.get(j, defaults[j])
        # a name typed in the other language (or for a class dropped and re-added) can equal this one
        if name in out or (j not in typed and name in typed.values()):
            name = f"{name} ({j + 1})"
        out.append(name)
    return out


def show_messages() -> None:
    for key, values in st.session_state["sm_msgs"]:
        st.error(t(key, **values), icon=":material/error:")
    st.session_state["sm_msgs"] = []


def parse_names(raw: str) -> dict[int, str]:
    """``"dog,,bird"`` -> {0: "dog", 2: "bird"}: an empty entry keeps that class's default name."""
    parts = raw.split(",")  # a typed name never contains a comma
    typed = {j: part.strip()[:NAME_MAX] for j, part in enumerate(parts) if part.strip()}
    if len(parts) > K_MAX or len(set(typed.values())) < len(typed):
        raise ValueError("too many or repeated class names")
    return typed


def publish_settings() -> None:
    ss = st.session_state
    publish(sm_z=[round(v, 4) for v in ss["sm_z"]], sm_T=ss["sm_T"], sm_y=ss["sm_y"], sm_lr=ss["sm_lr"])
    typed = {j: name for j, name in ss["sm_names"].items() if j < len(ss["sm_z"])}
    if typed:  # the names the student typed travel with the link too
        publish(sm_names=[typed.get(j, "") for j in range(max(typed) + 1)])
    elif "sm_names" in st.query_params:
        del st.query_params["sm_names"]


# ---------------------------------------------------------------------------------------------
# callbacks: widget value -> page value (or a message)
# ---------------------------------------------------------------------------------------------


def _set_logits(z: list[float]) -> None:
    ss = st.session_state
    if len(z) != len(ss["sm_z"]):
        ss["sm_hist"] = []  # a different problem: the old loss curve no longer applies
    ss["sm_z"] = [float(v) for v in z]
    if ss["sm_y"] >= len(z):
        ss["sm_y"] = 0


def _on_classes() -> None:
    k = int(st.session_state["sm_n_classes"])
    z = list(st.session_state["sm_z"])
    _set_logits(z[:k] + [0.0] * (k - len(z)))


def _on_slider(j: int) -> None:
    st.session_state["sm_z"][j] = round(float(st.session_state[f"sm_logit_{j}"]), 4)


def _on_exact(j: int) -> None:
    value = st.session_state[f"sm_exact_{j}"]
    if value is None or not math.isfinite(value) or abs(value) > Z_MAX:
        _say("softmax.err.logit_range", n=j + 1, limit=f"{Z_MAX:g}")
    else:
        st.session_state["sm_z"][j] = float(value)


def _on_all() -> None:
    raw = st.session_state["sm_all"]
    try:
        z = parse_floats(raw)
    except ValueError:
        _say("softmax.err.parse", text=raw[:40])
        return
    if not K_MIN <= len(z) <= K_MAX:
        _say("softmax.err.count", n=len(z), lo=K_MIN, hi=K_MAX)
    elif not _valid_logits(z):
        _say("softmax.err.all_range", limit=f"{Z_MAX:g}")
    else:
        _set_logits(z)


def _on_name(j: int) -> None:
    name = st.session_state[f"sm_name_{j}"].strip()[:NAME_MAX]
    others = [n for i, n in enumerate(names()) if i != j]
    if not name or "," in name:
        _say("softmax.err.name_empty", n=j + 1)
    elif name in others:
        _say("softmax.err.name_dup", name=name)
    else:
        st.session_state["sm_names"][j] = name


def _on_temperature() -> None:
    st.session_state["sm_T"] = float(st.session_state["sm_temperature"])


def _on_target() -> None:
    st.session_state["sm_y"] = int(st.session_state["sm_target"])
    st.session_state["sm_hist"] = []  # a new true class starts a new loss curve


def _on_lr() -> None:
    st.session_state["sm_lr"] = float(st.session_state["sm_learning_rate"])


def _on_shift() -> None:
    value = st.session_state["sm_shift"]
    if value is None or not math.isfinite(value) or abs(value) > C_MAX:
        _say("softmax.err.shift_range", limit=f"{C_MAX:g}")
    else:
        st.session_state["sm_c"] = float(value)


def take_steps(n: int) -> None:
    """``n`` gradient-descent steps on the logits, recording the loss after each (bounded history)."""
    ss = st.session_state
    z, y, temperature = logits(), ss["sm_y"], ss["sm_T"]
    hist = ss["sm_hist"]
    if not hist:
        hist.append((ss["sm_steps"], float(cross_entropy_loss(z, y, temperature=temperature))))
    for _ in range(n):
        # clip: a huge learning rate must not walk the logits out of the range every widget accepts
        z = np.clip(gradient_step(z, y, lr=ss["sm_lr"], temperature=temperature), -Z_MAX, Z_MAX)
        ss["sm_steps"] += 1
        hist.append((ss["sm_steps"], float(cross_entropy_loss(z, y, temperature=temperature))))
    ss["sm_z"] = [float(v) for v in z]
    ss["sm_hist"] = hist[-MAX_HISTORY:]


def reset_history() -> None:
    st.session_state["sm_hist"] = []
    st.session_state["sm_steps"] = 0


# ---------------------------------------------------------------------------------------------
# widgets: page value -> widget key, then the widget
# ---------------------------------------------------------------------------------------------


def _push(**values: object) -> None:
    for key, value in values.items():
        st.session_state[key] = value


def class_count() -> None:
    _push(sm_n_classes=len(st.session_state["sm_z"]))
    st.slider(t("softmax.classes"), K_MIN, K_MAX, key="sm_n_classes", persist_state="session", on_change=_on_classes)


def logit_rows() -> None:
    """One row per class: its name, a slider for z_j and a number box for values beyond the slider."""
    z, labels = st.session_state["sm_z"], names()
    head = st.columns([2, 5, 2])
    head[0].caption(t("softmax.col.name"))
    head[1].caption(t("softmax.col.slider", lim=f"{Z_SLIDER:g}"))
    head[2].caption(t("softmax.col.exact"))
    for j, (value, name) in enumerate(zip(z, labels)):
        _push(**{f"sm_name_{j}": name, f"sm_logit_{j}": min(max(value, -Z_SLIDER), Z_SLIDER), f"sm_exact_{j}": value})
        col = st.columns([2, 5, 2], vertical_alignment="center")
        col[0].text_input(
            t("softmax.name_label", n=j + 1),
            key=f"sm_name_{j}",
            persist_state="session",
            max_chars=NAME_MAX,
            on_change=_on_name,
            args=(j,),
            label_visibility="collapsed",
        )
        col[1].slider(
            t("softmax.logit_label", name=name),
            -Z_SLIDER,
            Z_SLIDER,
            step=0.1,
            key=f"sm_logit_{j}",
            persist_state="session",
            on_change=_on_slider,
            args=(j,),
            label_visibility="collapsed",
        )
        col[2].number_input(
            t("softmax.exact_label", name=name),
            step=0.1,
            format="%.4g",
            key=f"sm_exact_{j}",
            persist_state="session",
            on_change=_on_exact,
            args=(j,),
            label_visibility="collapsed",
        )
    if any(abs(v) > Z_SLIDER for v in z):
        st.caption(t("softmax.beyond_slider", lim=f"{Z_SLIDER:g}"))


def all_logits_box() -> None:
    _push(sm_all=", ".join(f"{v:g}" for v in st.session_state["sm_z"]))
    st.text_input(
        t("softmax.all_label"),
        key="sm_all",
        persist_state="session",
        on_change=_on_all,
        help=t("softmax.all_help"),
        max_chars=400,
    )


def temperature_slider() -> None:
    _push(sm_temperature=st.session_state["sm_T"])
    st.select_slider(
        t("softmax.temperature"),
        options=TEMPS,
        key="sm_temperature",
        persist_state="session",
        on_change=_on_temperature,
        format_func=lambda v: f"{v:g}",
        help=t("softmax.temperature_help"),
    )


def target_select() -> None:
    labels = names()
    _push(sm_target=st.session_state["sm_y"])
    st.selectbox(
        t("softmax.target"),
        range(len(labels)),
        key="sm_target",
        persist_state="session",
        format_func=labels.__getitem__,
        on_change=_on_target,
    )


def step_controls() -> None:
    _push(sm_learning_rate=st.session_state["sm_lr"])
    st.select_slider(
        t("softmax.lr"),
        options=LRS,
        key="sm_learning_rate",
        persist_state="session",
        on_change=_on_lr,
        format_func=lambda v: f"{v:g}",
    )
    cols = st.columns([3, 2, 2])
    cols[0].button(
        t("softmax.step"),
        key="sm_step",
        on_click=take_steps,
        args=(1,),
        icon=":material/south:",
        help=t("softmax.step_help"),
        type="primary",
        width="stretch",
    )
    cols[1].button(
        t("softmax.step10"),
        key="sm_step10",
        on_click=take_steps,
        args=(10,),
        icon=":material/keyboard_double_arrow_down:",
        width="stretch",
    )
    cols[2].button(
        t("softmax.reset"), key="sm_reset", on_click=reset_history, icon=":material/restart_alt:", width="stretch"
    )


def shift_input() -> float:
    _push(sm_shift=st.session_state["sm_c"])
    st.number_input(
        t("softmax.shift"), step=100.0, format="%g", key="sm_shift", persist_state="session", on_change=_on_shift
    )
    return st.session_state["sm_c"]
