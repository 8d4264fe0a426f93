"""Widgets of the activations page: they read, validate and publish settings, and return plain values.

Bad input keeps the last valid value: the page shows an error, draws with the last valid settings,
and the URL carries them (never the bad ones), so a shared link always opens a working page.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from core.activations import ACTIVATIONS, X_LIMIT, ActivationError, check_maxout_pieces, check_param, check_x_range
from core.stacking import INITS
from ui.common.binding import Setting
from ui.common.i18n import t
from ui.common.urlstate import parse_floats, publish

DEPTH_RANGE = (2, 30)
MAXOUT_KMAX = 6
DEFAULT_NAMES = ("sigmoid", "tanh", "relu")
DEFAULT_PIECES = (1.0, 0.0, 0.2, 0.0, -1.0, -3.0)  # (w, b) pairs, flattened as in the URL
RELU_PIECES = [1.0, 0.0, 0.0, 0.0]


def parse_names(raw: str) -> list[str]:
    """``"relu, tanh,relu"`` → ["relu", "tanh"] (``FNS`` then accepts them only if all are known)."""
    return list(dict.fromkeys(n.strip() for n in raw.split(",") if n.strip()))


def parse_pieces(raw: str) -> list[float]:
    """``"w1,b1,w2,b2,..."``: (w, b) pairs that core accepts as 2..KMAX Maxout pieces (ValueError otherwise)."""
    values = parse_floats(raw)
    if len(values) % 2:
        raise ValueError("need (w, b) pairs")
    check_maxout_pieces(values[0::2], values[1::2], max_pieces=MAXOUT_KMAX)
    return values


def _accepted(check, *args) -> bool:
    """Does core's ``check`` accept ``args``? (a URL value is only taken if it does)"""
    try:
        check(*args)
    except ActivationError:
        return False
    return True


# The page's settings; each key is also its URL parameter (shared links depend on these names).
FNS = Setting(
    "act_fns",
    DEFAULT_NAMES,
    options=tuple(ACTIVATIONS),
    labels="activations.fn.",
    parse=parse_names,
    valid=lambda names: bool(names) and set(names) <= set(ACTIVATIONS),
)
X_MIN = Setting("act_xmin", -6.0, valid=lambda v: _accepted(check_x_range, v, X_LIMIT))
X_MAX = Setting("act_xmax", 6.0, valid=lambda v: _accepted(check_x_range, -X_LIMIT, v))
SLOPE = Setting("act_slope", 0.1, valid=lambda v: _accepted(check_param, "leaky_relu", "negative_slope", v))
ALPHA = Setting("act_alpha", 1.0, valid=lambda v: _accepted(check_param, "elu", "alpha", v))
DEPTH = Setting("act_depth", 20, valid=lambda v: DEPTH_RANGE[0] <= v <= DEPTH_RANGE[1])
INIT = Setting("act_init", "he", options=INITS, labels="activations.flow.init.")
PIECES = Setting("act_mo", DEFAULT_PIECES, parse=parse_pieces)  # drawn by a data editor: see maxout_pieces()


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


def _last() -> dict:
    """Per-session memory of the last valid inputs."""
    first = {"range": (X_MIN.default, X_MAX.default), "slope": SLOPE.default, "alpha": ALPHA.default}
    return st.session_state.setdefault("act_last", first)


def _number(setting: Setting, draw, label: str, **kwargs) -> float:
    """``setting.widget`` without its URL write: these inputs publish their last *valid* value instead."""
    setting.seed()
    return draw(label, key=setting.key, persist_state="session", **kwargs)


def settings() -> Settings:
    """The function picker, x-range and parameters; bad input shows an error and keeps the last valid value."""
    last = _last()
    # The picker has a row of its own: in a column, eight chosen functions (Korean names are long) shrank to
    # two visible chips and a "+6".
    names = FNS.widget(st.multiselect, t("activations.pick"))
    cols = st.columns(4)
    x_min = _number(X_MIN, cols[0].number_input, t("activations.xmin"), step=1.0)
    x_max = _number(X_MAX, cols[1].number_input, t("activations.xmax"), step=1.0)
    slope = _number(SLOPE, cols[2].number_input, t("activations.slope"), step=0.05, format="%.3f")
    alpha = _number(ALPHA, cols[3].number_input, t("activations.alpha"), step=0.1, format="%.3f")

    try:
        last["range"] = check_x_range(x_min, x_max)
    except ActivationError as err:
        lo, hi, (a, b) = err.params["lo"], err.params["hi"], last["range"]
        st.error(t("activations.err.range", lo=f"{lo:g}", hi=f"{hi:g}", a=f"{a:g}", b=f"{b:g}"))
    for slot, value, (name, param), label in (
        ("slope", slope, ("leaky_relu", "negative_slope"), t("activations.slope")),
        ("alpha", alpha, ("elu", "alpha"), t("activations.alpha")),
    ):
        try:
            last[slot] = check_param(name, param, value)
        except ActivationError as err:
            st.error(t("activations.err.param", name=label, lo=err.params["lo"], hi=err.params["hi"], value=last[slot]))

    (a, b), slope, alpha = last["range"], last["slope"], last["alpha"]
    publish(**{X_MIN.key: a, X_MAX.key: b, SLOPE.key: slope, ALPHA.key: alpha})
    return Settings(list(names), a, b, slope, alpha)


def flow_controls() -> tuple[int, str]:
    """Depth slider and initialisation radio for the gradient-flow section."""
    left, right = st.columns(2)
    depth = DEPTH.widget(left.slider, t("activations.flow.depth"), *DEPTH_RANGE)
    init = INIT.widget(right.radio, t("activations.flow.init"))
    return depth, init


# ---------------------------------------------------------------- Maxout pieces


def _reset_pieces() -> None:
    st.session_state[PIECES.key] = list(RELU_PIECES)
    _last()["pieces"] = list(RELU_PIECES)
    st.session_state.pop("act_mo_editor", None)


def maxout_pieces() -> tuple[np.ndarray, np.ndarray]:
    """An editable table of (w, b) pieces; returns the last valid (weights, biases), each (k,).

    A data editor's value is its edits, not a table: the pieces live in ``act_mo`` (seeded and published
    through ``PIECES``) and the editor, keyed ``act_mo_editor``, starts from them.
    """
    last = _last()
    last.setdefault("pieces", list(PIECES.value))
    if "act_mo_editor" not in st.session_state:  # no edits pending (first run, back from another page)
        st.session_state[PIECES.key] = list(last["pieces"])
    flat = np.asarray(st.session_state[PIECES.key], dtype=float).reshape(-1, 2)  # (k, 2): the editor's base table
    edited = st.data_editor(
        pd.DataFrame(flat, columns=["w", "b"]),
        key="act_mo_editor",
        num_rows="dynamic",
        hide_index=True,
        column_config={c: st.column_config.NumberColumn(c, format="%.3f") for c in ("w", "b")},
    )
    values = edited[["w", "b"]].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)  # (k, 2)
    values = values[~np.isnan(values).all(axis=1)]  # a row just added with "+" and still blank is no error yet
    try:
        check_maxout_pieces(values[:, 0], values[:, 1], max_pieces=MAXOUT_KMAX)
        last["pieces"] = values.ravel().tolist()
    except ActivationError:
        st.error(t("activations.maxout.err", kmax=MAXOUT_KMAX))
    st.button(t("activations.maxout.reset"), key="act_mo_reset", on_click=_reset_pieces)
    publish(**{PIECES.key: last["pieces"]})  # the last valid pieces, as for the number inputs
    pieces = np.asarray(last["pieces"]).reshape(-1, 2)  # (k, 2)
    return pieces[:, 0], pieces[:, 1]
