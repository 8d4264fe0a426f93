"""Widgets of the entropy page: each reads user input and returns plain values (``Dist``, arrays).

Every setting is one :class:`~ui.common.binding.Setting` below. A bad distribution is reported by
:func:`distribution`, a bad q by :func:`q_input`; both keep the last valid one on screen.
:func:`publish_state`, called last, keeps the URL to what rebuilds the current view.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.entropy import normalize
from ui.common import urlstate
from ui.common.binding import Setting
from ui.common.i18n import get_lang, relabel_choices, t
from ui.entropy.parse import (
    MAX_SYMBOLS,
    MAX_TEXT,
    MODES,
    PRESETS,
    URL_TEXT_MAX,
    Dist,
    InputError,
    binary_dist,
    decode_rows,
    dist_from_rows,
    encode_rows,
    parse_q_weights,
    parse_rows,
    preset_rows,
    text_dist,
)

DEFAULT_ROWS = [("A", 4.0), ("B", 2.0), ("C", 1.0), ("D", 1.0)]
Q_KINDS = ("uniform", "same", "custom")


def _shareable(text: str) -> bool:
    return 0 < len(text) <= URL_TEXT_MAX  # a longer text is not put in the URL (the link shows the default)


MODE = Setting("ent_mode", "preset", options=MODES, labels="entropy.mode.")
PRESET = Setting("ent_preset", "alphabet", options=PRESETS, labels="entropy.preset.")
ROWS = Setting("ent_d", DEFAULT_ROWS, parse=decode_rows)  # the table's last valid rows; no widget of its own
BINARY_P = Setting("ent_bp", 0.11, parse=float, valid=lambda v: 0.0 <= v <= 1.0)
Q_KIND = Setting("ent_qk", "uniform", options=Q_KINDS, labels="entropy.ce.q.")
Q_WEIGHTS = Setting(  # the last valid custom q (a link's q is used when the q editor is first built)
    "ent_q", None, parse=urlstate.parse_floats, valid=lambda w: 0 < len(w) <= MAX_SYMBOLS and min(w) >= 0 < sum(w)
)
TRUE_CLASS = Setting("ent_true", -1, parse=int, valid=lambda v: -1 <= v < MAX_SYMBOLS)  # -1: p is not one-hot
ONE_HOT = Setting("ent_onehot", False, url=False)  # travels as ent_true ≥ 0


def text_setting() -> Setting:
    """The text-mode setting; declared per run because its default is in the reader's language."""
    return Setting("ent_text", t("entropy.text.default"), parse=str, valid=_shareable)


def _language_changed(editor_key: str) -> bool:
    """True once after a language switch (the editor's column titles, hence its identity, change)."""
    marker = f"{editor_key}_lang"
    changed = st.session_state.get(marker, get_lang()) != get_lang()
    st.session_state[marker] = get_lang()
    return changed


def _load_table(rows) -> None:
    """Callback: put rows into the editor (dropping its edits) and switch to table mode."""
    st.session_state["ent_d"] = list(rows)
    st.session_state.pop("ent_table", None)
    st.session_state["ent_mode"] = "table"


def preset_input() -> Dist:
    name = PRESET.widget(st.selectbox, t("entropy.preset.label"))
    rows = preset_rows(name)
    st.button(t("entropy.preset.edit"), key="ent_to_table", icon=":material/edit:", on_click=_load_table, args=(rows,))
    return dist_from_rows(rows, name)


def table_input() -> Dist:
    """The editable table; the normalized probabilities are shown beside it."""
    rows = ROWS.value
    if _language_changed("ent_table"):  # new column titles make a new editor: carry the last valid rows over
        st.session_state.pop("ent_table", None)
    if "ent_table" not in st.session_state:  # no edits pending: the editor starts from the last valid rows
        st.session_state["ent_table_base"] = rows
    base = st.session_state["ent_table_base"]
    frame = pd.DataFrame({"label": [r[0] for r in base], "weight": [f"{r[1]:.8g}" for r in base]})
    left, right = st.columns([3, 2])
    with left:
        st.caption(t("entropy.table.help", max=MAX_SYMBOLS))
        edited = st.data_editor(
            frame,
            key="ent_table",
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            column_config={
                "label": st.column_config.TextColumn(t("entropy.col.label")),
                "weight": st.column_config.TextColumn(t("entropy.col.weight")),
            },
        )
        st.button(t("entropy.table.reset"), key="ent_table_reset", on_click=_load_table, args=(DEFAULT_ROWS,))
    parsed = parse_rows(zip(edited["label"].tolist(), edited["weight"].tolist()))
    st.session_state["ent_d"] = parsed
    dist = dist_from_rows(parsed, "table")
    with right:
        st.caption(t("entropy.table.normalized"))
        shown = pd.DataFrame({t("entropy.col.label"): dist.labels, "p": dist.p})
        st.dataframe(
            shown, hide_index=True, width="stretch", column_config={"p": st.column_config.NumberColumn(format="%.4f")}
        )
    return dist


def binary_input() -> Dist:
    return binary_dist(float(BINARY_P.widget(st.slider, t("entropy.binary.label"), 0.0, 1.0, step=0.01)))


def text_input() -> Dist:
    # Drawn by hand, not with Setting.widget: the URL gets the text only while it is short (publish_state).
    text_setting().seed()
    text = st.text_area(
        t("entropy.text.label"), key="ent_text", persist_state="session", max_chars=MAX_TEXT, height=120
    )
    return text_dist(text)


READERS = {"preset": preset_input, "table": table_input, "binary": binary_input, "text": text_input}


def distribution(mode: str) -> Dist:
    """The distribution of the chosen mode; on bad input, the error and the last valid distribution."""
    try:
        dist = READERS[mode]()
    except InputError as err:
        st.error(err.message(), icon=":material/error:")
        st.caption(t("entropy.err.kept"))
        return st.session_state.get("ent_last") or dist_from_rows(preset_rows("alphabet"), "alphabet")
    st.session_state["ent_last"] = dist
    return dist


def q_input(dist: Dist) -> tuple[np.ndarray, np.ndarray, int]:
    """p (possibly one-hot), the model's q, and the true class index (-1 if p is not one-hot)."""
    n = len(dist.labels)
    st.session_state.setdefault(ONE_HOT.key, TRUE_CLASS.value >= 0)  # on a first run, a link's ent_true turns it on
    if not 0 <= st.session_state["ent_true"] < n:
        st.session_state["ent_true"] = 0
    # The true class is drawn by hand, not with Setting.widget: its labels are p's symbols (not an i18n
    # prefix) and it goes into the URL only while one-hot is on (publish_state).
    relabel_choices(TRUE_CLASS.key)  # the days preset's symbols are translated
    c1, c2 = st.columns(2)
    with c1:
        onehot = ONE_HOT.widget(st.toggle, t("entropy.ce.onehot"))
        true = st.selectbox(
            t("entropy.ce.true"),
            range(n),
            key="ent_true",
            persist_state="session",
            format_func=dist.labels.__getitem__,
            disabled=not onehot,
        )
    with c2:
        kind = Q_KIND.widget(st.radio, t("entropy.ce.q_kind"), horizontal=True)
    p = np.eye(n)[true] if onehot else dist.p
    if kind == "uniform":
        return p, np.full(n, 1 / n), true if onehot else -1
    if kind == "same":
        return p, dist.p, true if onehot else -1
    if n > MAX_SYMBOLS:  # too many rows to edit by hand: say so and fall back to uniform
        st.error(t("entropy.err.q_too_many", max=MAX_SYMBOLS), icon=":material/error:")
        return p, np.full(n, 1 / n), true if onehot else -1
    return p, _q_table(dist), true if onehot else -1


def _q_table(dist: Dist) -> np.ndarray:
    """Editor for q's weights, one row per symbol of p; rebuilt when p's symbols change."""
    labels = dist.labels
    if st.session_state.get("ent_q_labels") != labels:
        url_q = Q_WEIGHTS.value if "ent_q_labels" not in st.session_state else None  # only the first table
        weights = url_q if url_q is not None and len(url_q) == len(labels) else [1.0] * len(labels)
        st.session_state["ent_q_labels"] = labels
        st.session_state["ent_q"] = weights
        st.session_state.pop("ent_qtable", None)
    if _language_changed("ent_qtable"):
        st.session_state.pop("ent_qtable", None)
    if "ent_qtable" not in st.session_state:
        st.session_state["ent_q_base"] = st.session_state["ent_q"]
    frame = pd.DataFrame({"label": list(labels), "weight": [f"{w:.8g}" for w in st.session_state["ent_q_base"]]})
    st.caption(t("entropy.ce.q_help"))
    edited = st.data_editor(
        frame,
        key="ent_qtable",
        hide_index=True,
        disabled=["label"],
        column_config={
            "label": st.column_config.TextColumn(t("entropy.col.label")),
            "weight": st.column_config.TextColumn(t("entropy.col.q_weight")),
        },
    )
    try:
        q = parse_q_weights(edited["weight"].tolist(), len(labels))
    except InputError as err:  # keep the last valid q on screen
        st.error(err.message(), icon=":material/error:")
        return normalize(st.session_state["ent_q"])
    st.session_state["ent_q"] = [float(w) for w in q]
    return q


MODE_KEYS = {"preset": "ent_preset", "table": "ent_d", "binary": "ent_bp", "text": "ent_text"}  # each mode's input


def publish_state(mode: str) -> None:
    """Keep the URL to what rebuilds this view: the mode, its input and the q settings in use.

    The widgets drawn with ``Setting.widget`` wrote their own values; here go the ones that travel
    only sometimes (or in another form), and the rest is dropped from the URL.
    """
    ss = st.session_state
    shared = {MODE_KEYS[mode]}
    if mode == "table":
        urlstate.publish(ent_d=encode_rows(ss["ent_d"]))  # as "label:weight,...", not the raw tuples
    elif mode == "text":
        text = text_setting()
        if text.accepts(ss[text.key]):
            text.publish()
        else:
            shared.clear()
    if ss[Q_KIND.key] == "custom" and ss.get(Q_WEIGHTS.key) is not None:
        Q_WEIGHTS.publish()
        shared.add(Q_WEIGHTS.key)
    if ss[ONE_HOT.key]:
        TRUE_CLASS.publish()
        shared.add(TRUE_CLASS.key)
    for key in (*MODE_KEYS.values(), Q_WEIGHTS.key, TRUE_CLASS.key):
        if key not in shared and key in st.query_params:
            del st.query_params[key]
