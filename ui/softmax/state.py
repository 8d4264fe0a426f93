"""Per-session values of the softmax page: the settings (declared once, seeded from the URL), their setters, history.

The page's values live in plain session keys (``sm_z``, ``sm_T``, ...), never in widget keys: the widgets
(``controls.py``) show a copy and hand a changed value to a setter here, which keeps it or queues a message.
So a gradient step can move the sliders, a bad value is rejected and the last valid state stays, and
nothing is lost when a page switch drops widget state.
"""

from __future__ import annotations

import math
from types import MappingProxyType

import numpy as np
import streamlit as st

from core.saturation import confidently_wrong
from core.softmax import cross_entropy_loss, gradient_step
from ui.common.binding import Setting
from ui.common.i18n import t
from ui.common.safe import escape_md
from ui.common.urlstate import parse_floats, publish

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


def _parse_temperature(raw: str) -> float:
    """``?sm_T=0.33`` -> 0.3 (the nearest slider stop); outside the slider's range is junk."""
    value = float(raw)
    if not TEMPS[0] <= value <= TEMPS[-1]:  # also false for NaN
        raise ValueError(f"temperature {raw!r} out of range")
    return nearest_temperature(value)


def _valid_logits(z: list[float]) -> bool:
    return K_MIN <= len(z) <= K_MAX and all(abs(v) <= Z_MAX for v in z)


def parse_names(raw: str) -> dict[int, str]:
    """``"dog,,bird"`` -> {0: "dog", 2: "bird"}: an empty entry keeps that class's default name."""
    parts = raw.split(",")  # a typed name never contains a comma
    typed = {j: part.strip()[:NAME_MAX] for j, part in enumerate(parts) if part.strip()}
    if len(parts) > K_MAX or len(set(typed.values())) < len(typed):
        raise ValueError("too many or repeated class names")
    return typed


# The defaults are immutable: a Setting's default object is shared by every session, so setters
# below always store a new value instead of changing the session's one in place.
Z = Setting("sm_z", DEFAULT_Z, parse=parse_floats, valid=_valid_logits)
T = Setting("sm_T", 1.0, options=TEMPS, parse=_parse_temperature)
Y = Setting("sm_y", 0, valid=lambda v: 0 <= v < len(st.session_state["sm_z"]))  # after Z: depends on it
LR = Setting("sm_lr", 1.0, options=LRS)
NAMES = Setting("sm_names", MappingProxyType({}), parse=parse_names)  # {class index: name the user typed}
SHIFT = Setting("sm_c", 1000.0, url=False)
SETTINGS = (Z, T, Y, LR, NAMES, SHIFT)


def init() -> None:
    """Seed the page's values once per session from the URL (junk in the URL falls back to the defaults)."""
    for setting in SETTINGS:
        setting.seed()
    st.session_state["sm_z"] = list(st.session_state["sm_z"])  # the default is a tuple
    st.session_state.setdefault("sm_hist", [])  # [(step, loss)]
    st.session_state.setdefault("sm_steps", 0)
    st.session_state.setdefault("sm_msgs", [])


def publish_settings() -> None:
    for setting in (Z, T, Y, LR):
        setting.publish()
    # names are a dict in the session; the URL gets only the typed ones, by position ("dog,,bird"),
    # and no parameter at all while every class has its default name
    ss = st.session_state
    typed = {j: name for j, name in ss["sm_names"].items() if j < len(ss["sm_z"])}
    if typed:
        publish(sm_names=[typed.get(j, "") for j in range(max(typed) + 1)])
    elif "sm_names" in st.query_params:
        del st.query_params["sm_names"]


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


def _say(key: str, **values: object) -> None:
    """Queue an error for this run (callbacks run before the script, so it shows right away)."""
    st.session_state.setdefault("sm_msgs", []).append((key, values))


def take_messages() -> list[tuple[str, dict]]:
    """This run's queued errors as (i18n key, values); the queue starts empty again."""
    messages, st.session_state["sm_msgs"] = st.session_state["sm_msgs"], []
    return messages


# ---------------------------------------------------------------------------------------------
# setters: a new value from a widget -> the page value (or a message, keeping the last valid one)
# ---------------------------------------------------------------------------------------------


def _within(value: float | None, limit: float) -> bool:
    return value is not None and math.isfinite(value) and abs(value) <= limit


def _set_logits(z: list[float]) -> None:
    ss = st.session_state
    if len(z) != len(ss["sm_z"]):
        ss["sm_hist"] = []  # a different problem: the old loss curve no longer applies
    ss["sm_z"] = [float(v) for v in z]
    if ss["sm_y"] >= len(z):
        ss["sm_y"] = 0


def _set_logit(j: int, value: float) -> None:
    z = list(st.session_state["sm_z"])
    z[j] = float(value)
    st.session_state["sm_z"] = z


def set_class_count(k: int) -> None:
    z = list(st.session_state["sm_z"])
    _set_logits(z[:k] + [0.0] * (k - len(z)))


def set_slider_logit(j: int, value: float) -> None:
    _set_logit(j, round(float(value), 4))


def set_exact_logit(j: int, value: float | None) -> None:
    if _within(value, Z_MAX):
        _set_logit(j, value)
    else:
        _say("softmax.err.logit_range", n=j + 1, limit=f"{Z_MAX:g}")


def set_all_logits(raw: str) -> None:
    try:
        z = parse_floats(raw)
    except ValueError:
        _say("softmax.err.parse", text=escape_md(raw[:40]))  # quoted in Markdown: shown as typed
        return
    if not K_MIN <= len(z) <= K_MAX:
        _say("softmax.err.count", n=len(z), lo=K_MIN, hi=K_MAX)
    elif not _valid_logits(z):
        _say("softmax.err.all_range", limit=f"{Z_MAX:g}")
    else:
        _set_logits(z)


def set_name(j: int, raw: str) -> None:
    name = raw.strip()[:NAME_MAX]
    others = [n for i, n in enumerate(names()) if i != j]
    if not name or "," in name:
        _say("softmax.err.name_empty", n=j + 1)
    elif name in others:
        _say("softmax.err.name_dup", name=escape_md(name))
    else:
        st.session_state["sm_names"] = {**st.session_state["sm_names"], j: name}


def set_temperature(value: float) -> None:
    st.session_state["sm_T"] = float(value)


def set_target(value: int) -> None:
    st.session_state["sm_y"] = int(value)
    st.session_state["sm_hist"] = []  # a new true class starts a new loss curve


def set_lr(value: float) -> None:
    st.session_state["sm_lr"] = float(value)


def set_shift(value: float | None) -> None:
    if _within(value, C_MAX):
        st.session_state["sm_c"] = float(value)
    else:
        _say("softmax.err.shift_range", limit=f"{C_MAX:g}")


def make_confidently_wrong() -> None:
    """Push the true class's logit far below the others: the model is sure of a wrong answer."""
    ss = st.session_state
    z = confidently_wrong(logits(), ss["sm_y"], temperature=ss["sm_T"])
    _set_logits([round(float(v), 4) for v in np.clip(z, -Z_MAX, Z_MAX)])


# ---------------------------------------------------------------------------------------------
# gradient steps and their loss history
# ---------------------------------------------------------------------------------------------


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
