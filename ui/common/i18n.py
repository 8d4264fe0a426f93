"""The one door to user-facing text: ``t("page.key", **values)`` in the session's language.

Korean mode names technical terms in both languages, e.g. "합성곱 (convolution)".
A missing key raises ``KeyError`` (tests catch it) rather than rendering a raw key.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from collections.abc import Callable

import streamlit as st

LANGS = ("ko", "en")
DEFAULT_LANG = "en"
LANG_NAMES = {"ko": "한국어", "en": "English"}


def load_tables() -> dict[str, dict[str, dict[str, str]]]:
    """``{package: TEXT}`` for every ``ui/<package>/text.py``: each page's table lives beside its code.

    Keys start with the package's name (``entropy.title`` in ``ui/entropy/text.py``); the shared
    shell's table (``ui/common/text.py``) holds the menu titles (``nav.*``) and the sidebar (``shell.*``).
    Tables are discovered: adding a page's package needs no edit here.
    """
    import ui

    tables = {}
    for info in pkgutil.iter_modules(ui.__path__):
        if info.ispkg and importlib.util.find_spec(f"ui.{info.name}.text") is not None:
            tables[info.name] = importlib.import_module(f"ui.{info.name}.text").TEXT
    return tables


TABLES = load_tables()
TEXT: dict[str, dict[str, str]] = {k: v for table in TABLES.values() for k, v in table.items()}


def get_lang() -> str:
    """The session's language code ("ko" or "en")."""
    lang = st.session_state.get("lang", DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, **values: object) -> str:
    """Translate ``key`` into the session's language, filling ``{placeholders}``.

    Values are inserted as given: most are numbers or formulas, and a sentence may go to a plain-text sink
    (a chart title) as well as to Markdown. A value the user controls (a class name from a link or a zip, a
    typed or quoted cell, a file name) going to a Markdown sink (st.markdown/caption/info/error, widget
    labels, radio options, metric labels, st.table cells) is passed as ``escape_md(value)``
    (``ui.common.safe``); tests/test_injection.py checks every page for it.
    """
    entry = TEXT[key]  # KeyError on purpose: a raw key must never reach the page
    text = entry[get_lang()]
    return text.format(**values) if values else text


def option_labels(prefix: str, options) -> Callable[[object], str]:
    """A widget ``format_func`` showing ``t(prefix + str(option))`` for each option.

    The labels are translated now, while the script runs: AppTest (and Streamlit's
    serialisation) may call ``format_func`` outside the run, where no language is known.
    """
    return {option: t(f"{prefix}{option}") for option in options}.__getitem__


def relabel_choices(*keys: str) -> None:
    """Call before drawing choice widgets whose option labels are translated (``option_labels``).

    Streamlit keeps a radio's, select box's or multiselect's value as its displayed label. After a
    language switch the browser sends back a label of the old language that matches no option: the
    choice falls back to the first option, or the stale label becomes the value (a crash later).
    Setting each key again, once per switch, makes the widget send the new language's label.
    """
    lang = get_lang()
    seen = st.session_state.setdefault("_choice_lang", {})  # key -> language its label was drawn in
    for key in keys:
        if seen.get(key, lang) != lang and key in st.session_state:
            st.session_state[key] = st.session_state[key]
        seen[key] = lang


def parse_lang(value: object) -> str | None:
    """A language code from a URL or locale string, or None if it names no known language."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower()[:2]
    return code if code in LANGS else None
