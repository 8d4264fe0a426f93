"""Page settings that travel in the URL, so a shared link reopens the same state.

Pattern for a page::

    seed("T", 1.0, parse=float, valid=lambda v: 0.05 <= v <= 20)   # once per session
    st.slider("temperature", 0.05, 20.0, key="T", persist_state="session")  # widget owns the key
    publish(T=st.session_state["T"])                                 # write back to ?T=...

A value in the URL that does not parse or is out of range is ignored (the default
is used): a hand-edited link can never crash a page. ``persist_state="session"`` keeps
the widget's value when the student visits another page and comes back (Streamlit
otherwise drops the state of widgets that a run did not draw).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st


def seed(
    key: str, default: Any, *, parse: Callable[[str], Any] | None = None, valid: Callable[[Any], bool] | None = None
) -> None:
    """Set ``st.session_state[key]`` from ``?key=`` (or ``default``) unless the session has it."""
    if key in st.session_state:
        return
    value = default
    raw = st.query_params.get(key)
    if raw is not None:
        try:
            parsed = (parse or type(default))(raw)
            if valid is None or valid(parsed):
                value = parsed
        except (TypeError, ValueError, KeyError, IndexError):
            pass
    st.session_state[key] = value


def publish(**values: Any) -> None:
    """Write page settings to the URL (the language parameter is kept), in one message, on every run.

    Even when ``st.query_params`` already holds the value: Streamlit fills it at the start of each run from the
    URL the browser had when it asked for that run (``ScriptRunContext.reset``), and a browser asks for a run
    before the previous run's URL update has reached it whenever a student moves a slider again while the
    session is busy. Skipping the write then left that older update as the browser's last word: the page showed
    T = 1 and the URL said 1.2 (issue 22.8; with fragment reruns, which send no other URL message). The browser
    ignores an update that names the URL it already has (no history entry).
    """
    st.query_params.update({key: _text(value) for key, value in values.items()})


def _text(value: Any) -> str:
    return ",".join(map(_fmt, value)) if isinstance(value, (list, tuple)) else _fmt(value)


def parse_floats(raw: str) -> list[float]:
    """Parse ``"1.5,-2,0"`` into floats (raises ValueError on junk or non-finite values)."""
    import math

    values = [float(v) for v in raw.split(",") if v.strip()]
    if not all(math.isfinite(v) for v in values):
        raise ValueError("non-finite value")
    return values


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)
