"""Drive the real app (``app.py`` + ``st.navigation``) with Streamlit's AppTest."""

from __future__ import annotations

import re
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
KEY_PATTERN = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)+$")


def open_page(script: str, lang: str = "en", *, query: dict[str, str] | None = None, timeout: float = 60) -> AppTest:
    """Open ``app.py`` in ``lang`` and switch to ``script`` (e.g. "pages/entropy.py") through the navigation."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.query_params["lang"] = lang
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if script != "pages/home.py":
        at.switch_page(script)
        at.run()
    return at


def rerun_until(at: AppTest, done, *, timeout_s: float = 180.0, pause_s: float = 0.05) -> AppTest:
    """Rerun ``at`` until ``done(at)`` holds. A run trains in a worker process (serve.worker) between reruns, as
    it does between a browser's fragment ticks; the bound only stops a hang (it is not a timing assertion)."""
    deadline = time.monotonic() + timeout_s
    while not done(at):
        assert time.monotonic() < deadline, f"not reached within {timeout_s} s"
        time.sleep(pause_s)
        at.run()
    return at


def rendered_text(at: AppTest) -> list[str]:
    """Every text-bearing value the page rendered (for the raw-key check)."""
    texts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success", "text"):
        texts.extend(str(el.value) for el in getattr(at, kind))
    for kind in (
        "button",
        "slider",
        "selectbox",
        "radio",
        "checkbox",
        "toggle",
        "number_input",
        "text_input",
        "text_area",
        "multiselect",
        "select_slider",
    ):
        texts.extend(str(el.label) for el in getattr(at, kind))
    return texts


def raw_keys(at: AppTest) -> list[str]:
    """Strings on the page that look like untranslated i18n keys ("entropy.title")."""
    from ui.common.i18n import TEXT

    return [s for s in rendered_text(at) if s.strip() in TEXT or KEY_PATTERN.match(s.strip())]


def chart_tooltip_titles(at: AppTest) -> list[str | None]:
    """The title of every tooltip field of every Vega-Lite chart on the page (None: no title, the raw field name)."""
    import json

    def nodes(node):
        for child in getattr(node, "children", {}).values():
            yield child
            yield from nodes(child)

    def tooltips(spec):
        if isinstance(spec, dict):
            for key, value in spec.items():
                if key == "tooltip":
                    yield from value if isinstance(value, list) else [value]
                else:
                    yield from tooltips(value)
        elif isinstance(spec, list):
            for item in spec:
                yield from tooltips(item)

    titles = []
    for el in nodes(at._tree):
        if getattr(el, "type", "") == "vega_lite_chart":
            titles += [tip.get("title") for tip in tooltips(json.loads(el.proto.spec)) if isinstance(tip, dict)]
    return titles
