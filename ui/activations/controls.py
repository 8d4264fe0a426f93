"""Widgets of the activations page: they read, validate and publish settings, and return plain values."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from core.activations import ACTIVATIONS, INITS
from ui.common.i18n import relabel_choices, t
from ui.common.urlstate import parse_floats, publish, seed

X_LIMIT = 1000.0
SLOPE_RANGE = (0.0, 1.0)
ALPHA_RANGE = (0.01, 10.0)
DEPTH_RANGE = (2, 30)
MAXOUT_KMAX = 6
DEFAULT_NAMES = ["sigmoid", "tanh", "relu"]
DEFAULT_PIECES = [1.0, 0.0, 0.2, 0.0, -1.0, -3.0]  # (w, b) pairs, flattened as in the URL
RELU_PIECES = [1.0, 0.0, 0.0, 0.0]


@dataclass(frozen=True)
class Settings:
    """The page's validated settings (the last valid ones if the current input is bad)."""

    names: list[str]
    x_min: float
    x_max: float
    slope: float
    alpha: float

    def params(self, name: str) -> dict[str, float]:
        """The parameters the user set for activation ``name`` (others keep their defaults)."""
        return {"leaky_relu": {"negative_slope": self.slope}, "elu": {"alpha": self.alpha}}.get(name, {})


def fn_label(name: str) -> str:
    return t(f"activations.fn.{name}")


def parse_names(raw: str) -> list[str]:
    """``"relu,tanh"`` → ["relu", "tanh"]; unknown names raise ValueError."""
    names = list(dict.fromkeys(n.strip() for n in raw.split(",") if n.strip()))
    if not names or any(n not in ACTIVATIONS for n in names):
        raise ValueError(f"unknown activation in {raw!r}")
    return names


def range_ok(x_min: float, x_max: float) -> bool:
    return all(math.isfinite(v) and abs(v) <= X_LIMIT for v in (x_min, x_max)) and x_min < x_max


def in_range(value: float, bounds: tuple[float, float]) -> bool:
    return math.isfinite(value) and bounds[0] <= value <= bounds[1]


def _last() -> dict:
    """Per-session memory of the last valid inputs."""
    return st.session_state.setdefault("act_last", {"range": (-6.0, 6.0), "slope": 0.1, "alpha": 1.0})


def settings() -> Settings:
    """The function picker, x-range and parameters; bad input shows an error and keeps the last valid value."""
    seed("act_fns", list(DEFAULT_NAMES), parse=parse_names)
    seed("act_xmin", -6.0, parse=float, valid=lambda v: range_ok(v, X_LIMIT))
    seed("act_xmax", 6.0, parse=float, valid=lambda v: range_ok(-X_LIMIT, v))
    seed("act_slope", 0.1, parse=float, valid=lambda v: in_range(v, SLOPE_RANGE))
    seed("act_alpha", 1.0, parse=float, valid=lambda v: in_range(v, ALPHA_RANGE))
    relabel_choices("act_fns", "act_init")
    last = _last()

    cols = st.columns([3, 1, 1, 1, 1])
    # format_func: a lookup built now, in the session's language (not a t() call made later)
    labels = {n: fn_label(n) for n in ACTIVATIONS}
    names = cols[0].multiselect(
        t("activations.pick"), list(ACTIVATIONS), key="act_fns", persist_state="session", format_func=labels.__getitem__
    )
    x_min = cols[1].number_input(t("activations.xmin"), key="act_xmin", persist_state="session", step=1.0)
    x_max = cols[2].number_input(t("activations.xmax"), key="act_xmax", persist_state="session", step=1.0)
    slope = cols[3].number_input(
        t("activations.slope"), key="act_slope", persist_state="session", step=0.05, format="%.3f"
    )
    alpha = cols[4].number_input(
        t("activations.alpha"), key="act_alpha", persist_state="session", step=0.1, format="%.3f"
    )

    if range_ok(x_min, x_max):
        last["range"] = (float(x_min), float(x_max))
    else:
        a, b = last["range"]
        st.error(t("activations.err.range", lo=f"{-X_LIMIT:g}", hi=f"{X_LIMIT:g}", a=f"{a:g}", b=f"{b:g}"))
    for key, value, bounds, label in (
        ("slope", slope, SLOPE_RANGE, t("activations.slope")),
        ("alpha", alpha, ALPHA_RANGE, t("activations.alpha")),
    ):
        if in_range(value, bounds):
            last[key] = float(value)
        else:
            st.error(t("activations.err.param", name=label, lo=bounds[0], hi=bounds[1], value=last[key]))

    publish(act_fns=names or DEFAULT_NAMES, act_xmin=last["range"][0], act_xmax=last["range"][1])
    publish(act_slope=last["slope"], act_alpha=last["alpha"])
    return Settings(list(names), *last["range"], last["slope"], last["alpha"])


def flow_controls() -> tuple[int, str]:
    """Depth slider and initialisation radio for the gradient-flow section."""
    seed("act_depth", 20, parse=int, valid=lambda v: DEPTH_RANGE[0] <= v <= DEPTH_RANGE[1])
    seed("act_init", "he", parse=str, valid=lambda v: v in INITS)
    left, right = st.columns(2)
    depth = left.slider(t("activations.flow.depth"), *DEPTH_RANGE, key="act_depth", persist_state="session")
    labels = {v: t(f"activations.flow.init.{v}") for v in INITS}
    init = right.radio(
        t("activations.flow.init"), INITS, key="act_init", persist_state="session", format_func=labels.__getitem__
    )
    publish(act_depth=depth, act_init=init)
    return depth, init


# ---------------------------------------------------------------- Maxout pieces


def parse_pieces(raw: str) -> list[float]:
    """``"w1,b1,w2,b2,..."`` with 2..KMAX finite pairs (raises ValueError otherwise)."""
    values = parse_floats(raw)
    if len(values) % 2 or not 2 <= len(values) // 2 <= MAXOUT_KMAX:
        raise ValueError("need 2..KMAX (w, b) pairs")
    return values


def _reset_pieces() -> None:
    st.session_state["act_mo"] = list(RELU_PIECES)
    _last()["pieces"] = list(RELU_PIECES)
    st.session_state.pop("act_mo_editor", None)


def maxout_pieces() -> tuple[np.ndarray, np.ndarray]:
    """An editable table of (w, b) pieces; returns the last valid (weights, biases), each (k,)."""
    seed("act_mo", list(DEFAULT_PIECES), parse=parse_pieces)
    last = _last()
    last.setdefault("pieces", list(st.session_state["act_mo"]))
    if "act_mo_editor" not in st.session_state:  # no edits pending (first run, back from another page)
        st.session_state["act_mo"] = list(last["pieces"])
    flat = np.asarray(st.session_state["act_mo"], dtype=float).reshape(-1, 2)  # (k, 2): the editor's base table
    edited = st.data_editor(
        pd.DataFrame(flat, columns=["w", "b"]),
        key="act_mo_editor",
        num_rows="dynamic",
        hide_index=True,
        column_config={c: st.column_config.NumberColumn(c, format="%.3f") for c in ("w", "b")},
    )
    values = edited[["w", "b"]].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)  # (k, 2)
    values = values[~np.isnan(values).all(axis=1)]  # a row just added with "+" and still blank is no error yet
    if 2 <= len(values) <= MAXOUT_KMAX and np.isfinite(values).all():
        last["pieces"] = values.ravel().tolist()
    else:
        st.error(t("activations.maxout.err", kmax=MAXOUT_KMAX))
    st.button(t("activations.maxout.reset"), key="act_mo_reset", on_click=_reset_pieces)
    publish(act_mo=last["pieces"])
    pieces = np.asarray(last["pieces"]).reshape(-1, 2)  # (k, 2)
    return pieces[:, 0], pieces[:, 1]
