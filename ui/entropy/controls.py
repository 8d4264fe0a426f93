"""Widgets of the entropy page: they read user input and return plain values (``Dist``, arrays).

A bad distribution raises :class:`ui.entropy.inputs.InputError`; the page shows it and keeps the
last valid one. A bad q is reported here and the last valid q is used. Settings are seeded
from and published to the URL.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.entropy import normalize
from ui.common import urlstate
from ui.common.i18n import get_lang, option_labels, relabel_choices, t
from ui.entropy.inputs import (
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


CHOICE_KEYS = ("ent_mode", "ent_preset", "ent_true", "ent_qk")  # widgets whose options show translated labels


def seed_state() -> None:
    """Session values from the URL (a bad value falls back to the default)."""
    relabel_choices(*CHOICE_KEYS)
    urlstate.seed("ent_mode", "preset", valid=MODES.__contains__)
    urlstate.seed("ent_preset", "alphabet", valid=PRESETS.__contains__)
    urlstate.seed("ent_d", DEFAULT_ROWS, parse=decode_rows)  # the last valid table rows
    urlstate.seed("ent_bp", 0.11, parse=float, valid=lambda v: 0.0 <= v <= 1.0)
    urlstate.seed("ent_text", t("entropy.text.default"), parse=str, valid=lambda s: 0 < len(s) <= URL_TEXT_MAX)
    urlstate.seed("ent_qk", "uniform", valid=Q_KINDS.__contains__)
    urlstate.seed("ent_true", -1, parse=int, valid=lambda v: -1 <= v < MAX_SYMBOLS)
    st.session_state.setdefault("ent_onehot", st.session_state["ent_true"] >= 0)  # the URL's ent_true says it
    urlstate.seed(  # a shared custom q, used when the q editor is first built
        "ent_q", None, parse=urlstate.parse_floats, valid=lambda w: 0 < len(w) <= MAX_SYMBOLS and min(w) >= 0 < sum(w)
    )


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
    name = st.selectbox(
        t("entropy.preset.label"),
        PRESETS,
        key="ent_preset",
        persist_state="session",
        format_func=option_labels("entropy.preset.", PRESETS),
    )
    rows = preset_rows(name)
    st.button(t("entropy.preset.edit"), key="ent_to_table", icon=":material/edit:", on_click=_load_table, args=(rows,))
    return dist_from_rows(rows, name)


def table_input() -> Dist:
    """The editable table; the normalized probabilities are shown beside it."""
    rows = st.session_state["ent_d"]
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
    p = st.slider(t("entropy.binary.label"), 0.0, 1.0, step=0.01, key="ent_bp", persist_state="session")
    return binary_dist(float(p))


def text_input() -> Dist:
    text = st.text_area(
        t("entropy.text.label"), key="ent_text", persist_state="session", max_chars=MAX_TEXT, height=120
    )
    return text_dist(text)


READERS = {"preset": preset_input, "table": table_input, "binary": binary_input, "text": text_input}


def q_input(dist: Dist) -> tuple[np.ndarray, np.ndarray, int]:
    """p (possibly one-hot), the model's q, and the true class index (-1 if p is not one-hot)."""
    n = len(dist.labels)
    if not 0 <= st.session_state.get("ent_true", 0) < n:
        st.session_state["ent_true"] = 0
    c1, c2 = st.columns(2)
    with c1:
        onehot = st.toggle(t("entropy.ce.onehot"), key="ent_onehot", persist_state="session")
        true = st.selectbox(
            t("entropy.ce.true"),
            range(n),
            key="ent_true",
            persist_state="session",
            format_func=dist.labels.__getitem__,
            disabled=not onehot,
        )
    with c2:
        kind = st.radio(
            t("entropy.ce.q_kind"),
            Q_KINDS,
            key="ent_qk",
            persist_state="session",
            format_func=option_labels("entropy.ce.q.", Q_KINDS),
            horizontal=True,
        )
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
        url_q = st.session_state["ent_q"] if "ent_q_labels" not in st.session_state else None
        weights = url_q if url_q is not None and len(url_q) == len(labels) else [1.0] * len(labels)
        st.session_state["ent_q_labels"] = labels
        st.session_state["ent_q_valid"] = weights
        st.session_state.pop("ent_qtable", None)
    if _language_changed("ent_qtable"):
        st.session_state.pop("ent_qtable", None)
    if "ent_qtable" not in st.session_state:
        st.session_state["ent_q_base"] = st.session_state["ent_q_valid"]
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
        st.error(t(err.key, **err.values), icon=":material/error:")
        return normalize(st.session_state["ent_q_valid"])
    st.session_state["ent_q_valid"] = [float(w) for w in q]
    return q


URL_KEYS = ("ent_mode", "ent_preset", "ent_d", "ent_bp", "ent_text", "ent_qk", "ent_q", "ent_true")


def publish_state() -> None:
    """Write only what rebuilds this view into the URL (mode, its input, the q settings)."""
    ss = st.session_state
    mode = ss["ent_mode"]
    values: dict[str, object] = {"ent_mode": mode}
    if mode == "preset":
        values["ent_preset"] = ss["ent_preset"]
    elif mode == "table":
        values["ent_d"] = encode_rows(ss["ent_d"])
    elif mode == "binary":
        values["ent_bp"] = float(ss["ent_bp"])
    elif 0 < len(ss.get("ent_text", "")) <= URL_TEXT_MAX:  # a longer text is not shared: the link shows the default
        values["ent_text"] = ss["ent_text"]
    if ss["ent_qk"] != "uniform":
        values["ent_qk"] = ss["ent_qk"]
    if ss["ent_qk"] == "custom" and "ent_q_valid" in ss:
        values["ent_q"] = [float(w) for w in ss["ent_q_valid"]]
    if ss.get("ent_onehot"):
        values["ent_true"] = ss["ent_true"]
    for key in URL_KEYS:
        if key not in values and key in st.query_params:
            del st.query_params[key]
    urlstate.publish(**values)
