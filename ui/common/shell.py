"""The app shell: page list, language switch and the legacy-menu guard.

``app.py`` calls :func:`run_app`; every page script starts with :func:`page_start`.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

import streamlit as st

from ui.common.i18n import DEFAULT_LANG, LANG_NAMES, LANGS, get_lang, parse_lang, t

# A process-wide choice, made at start-up before anything loads torch: one intra-op thread. All sessions
# share this process; with 2 threads torch ran 30-70x slower whenever anything else used a core.
# torch reads the variable when it is first imported (lazily, by the pages that need it).
os.environ.setdefault("OMP_NUM_THREADS", "1")


@dataclass(frozen=True)
class PageSpec:
    """One page of the app: its script, URL path and i18n keys."""

    script: str  # relative to app.py
    url_path: str  # "" for the home page
    name: str  # i18n prefix: nav.<name>, home.card.<name>
    icon: str


PAGES = (
    PageSpec("pages/home.py", "", "home", ":material/home:"),
    PageSpec("pages/entropy.py", "entropy", "entropy", ":material/casino:"),
    PageSpec("pages/activations.py", "activations", "activations", ":material/show_chart:"),
    PageSpec("pages/softmax.py", "softmax", "softmax", ":material/tune:"),
    PageSpec("pages/convolution.py", "convolution", "convolution", ":material/grid_on:"),
    PageSpec("pages/train.py", "train", "train", ":material/model_training:"),
)


_RUN = threading.local()  # .via_shell is True while run_app() is running a page in this script thread


def page_start() -> None:
    """First call of every page script.

    With a ``pages/`` folder beside ``app.py``, Streamlit 1.67 runs a deep link's page script on
    its own, under the legacy file-name menu, until ``st.navigation`` has been called once in the
    process. A page script that was not started by :func:`run_app` calls ``st.navigation`` (public
    API: it switches the process off the legacy menu for good) and reruns: the rerun goes through
    ``app.py`` (shared sidebar, real menu) and lands on the same page, because both modes find a
    page by its URL path.
    """
    if getattr(_RUN, "via_shell", False):
        return
    st.navigation(_pages(), position="hidden")
    st.rerun()


def _pages() -> list:
    return [
        st.Page(p.script, title=t(f"nav.{p.name}"), icon=p.icon, url_path=p.url_path or None, default=not p.url_path)
        for p in PAGES
    ]


def _init_lang() -> None:
    """Pick the language once per session: URL ``?lang=``, then the browser locale."""
    if "lang" in st.session_state:
        return
    lang = parse_lang(st.query_params.get("lang"))
    if lang is None:
        try:
            lang = parse_lang(st.context.locale)
        except Exception:  # no browser context (tests, bare runs)
            lang = None
    st.session_state["lang"] = lang or DEFAULT_LANG


# A multiselect's chips are white text on the accent colour. Dark mode's accent must be light (it is also text
# on the dark background: slider values, the chosen segment), which leaves white chip text at 2.5:1. The chips
# get their own dark blue in both modes instead: white on #1d4ed8 is 6.7:1 (WCAG AA asks 4.5:1).
_CHIP_STYLE = "<style>[data-testid='stMultiSelect'] [data-tag] { background-color: #1d4ed8 !important; }</style>"


def _sidebar() -> None:
    with st.sidebar:
        st.radio(
            ":material/language: 언어 · Language",
            LANGS,
            key="lang",
            format_func=LANG_NAMES.__getitem__,
            horizontal=True,
        )
        st.caption(t("shell.sidebar.tagline"))
    st.query_params["lang"] = get_lang()  # the choice travels in the URL


def run_app() -> None:
    """Entry point used by ``app.py``: config, language, navigation, then the page."""
    _init_lang()
    # A language switch reruns the whole app, so page titles follow it.
    page = st.navigation(_pages(), position="sidebar")
    st.set_page_config(page_title=f"{page.title} · ML Explorer", page_icon=page.icon, layout="wide")
    _sidebar()
    st.html(_CHIP_STYLE)  # style only: Streamlit applies it without taking space on the page
    _RUN.via_shell = True
    try:
        page.run()
    finally:
        _RUN.via_shell = False
