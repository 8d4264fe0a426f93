"""Plain Vega-Lite chart specs (dicts) and the one call that draws them.

Altair built the same specs through objects and validated each one against the Vega-Lite JSON schema on every
rerun: most of a page's drawing cost. A dict costs nothing to build; Vega-Lite in the browser checks it anyway.

Colours are safe for colour-vision deficiencies: Okabe–Ito for categories, blue–orange for signed values, a
one-hue ramp for counts. Where a category matters (train vs validation), stroke dash and point shape differ too.

Stable specs (issue 21): the browser keys a chart on its spec's JSON. If that string is the same as on the last
rerun and only the data changed, the chart is updated in place (``view.data``, ~10 ms of the student's CPU);
if any character differs, the whole chart is embedded again (compile, parse, dataflow: ~25–40 ms each). So:

- ``show(spec, description=..., summary=...)``: ``description`` is a FIXED sentence saying what the chart shows
  (the SVG's accessible name; it is part of the spec, so no numbers that follow the controls). The numbers a
  screen reader needs go to ``summary``: plain text (a string or a list of sentences) drawn as a caption under the
  chart, escaped here with ``ui.common.safe.escape_md`` (user text in it is safe). Or put them in the table behind
  the chart, where there is one, and leave ``summary`` out.
- Data goes where Streamlit takes it out of the spec string: the top-level ``data`` (``chart(rows, ...)``), or,
  for a layered chart whose layers need different rows, named datasets: ``chart(layer=[...],
  datasets={"bars": rows_a, "dots": rows_b})`` with ``{"data": named("bars"), ...}`` in each layer. Inline
  ``data.values`` inside a layer stays in the spec and defeats this.
- Nothing else in the spec may depend on numbers that change with the controls: no titles with values, no scale
  domains, tick counts or widths computed in Python from the data. Pin a domain (``[0, 1]``) or let Vega compute
  it (``"domain": {"unionWith": [0, 1]}``, ``"nice": True``).

tests/test_charts.py ``spec_json`` rebuilds the string the browser keys on; page tests compare specs across settings.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import streamlit as st

from ui.common.safe import escape_md

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
# The order series take them in: strong colours first, yellow (faint on white) last.
CATEGORY = [OKABE_ITO[c] for c in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue")]
CATEGORY += [OKABE_ITO["black"], OKABE_ITO["yellow"]]
GREY = "#999999"  # "none" / "other": outside the categories
NEGATIVE, POSITIVE = OKABE_ITO["blue"], OKABE_ITO["vermillion"]  # signed values: blue below 0, orange above
DIVERGING_SCHEME = "blueorange"  # Vega's continuous blue–orange scheme, for signed values on a colour scale
SEQUENTIAL_SCHEME = "blues"  # counts: one hue, lightness only
DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [1, 3], [10, 4], [4, 2, 1, 2], [12, 3, 2, 3, 2, 3]]
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "triangle-right", "wedge"]
DESCRIBED = 12  # items named in a description before "…"
# Thousands of line vertices draw far faster on a canvas than as SVG paths; the chart's description stays its
# accessible name (on the chart's container), which is what a screen reader gets from a dense chart anyway.
CANVAS = {"embedOptions": {"renderer": "canvas"}}


# ---------------------------------------------------------------- encodings


def quant(field: str, title: str | None, **extra) -> dict:
    """A quantitative channel: ``quant("p", "Probability", scale={"domain": [0, 1]})``."""
    return {"field": field, "type": "quantitative", "title": title, **extra}


def nominal(field: str, title: str | None, **extra) -> dict:
    return {"field": field, "type": "nominal", "title": title, **extra}


def tip(field: str, title: str, *, kind: str = "quantitative", fmt: str | None = None) -> dict:
    """A tooltip field, always titled (a raw field name is English in both languages)."""
    out = {"field": field, "type": kind, "title": title}
    if fmt:
        out["format"] = fmt
    return out


def legend(*, orient: str = "bottom", columns: int | None = None, title: str | None = None) -> dict:
    """A legend under the plot (the plot keeps the width), labels never cut off."""
    out = {"orient": orient, "title": title, "labelLimit": 0}
    if columns:
        out["columns"] = columns
    return out


def series(
    field: str,
    keys: Sequence[str],
    *,
    title: str | None = None,
    colors: Sequence[str] | None = None,
    legend_spec: dict | None | bool = True,
) -> dict:
    """Colour per series, fixed: ``keys[i]`` always gets ``colors[i]`` whatever the labels' sort order."""
    colors = list(colors or CATEGORY)
    if len(colors) < len(keys):
        colors = [colors[i % len(colors)] for i in range(len(keys))]
    out = nominal(field, title, scale={"domain": list(keys), "range": colors[: len(keys)]}, sort=list(keys))
    if legend_spec is not True:
        out["legend"] = legend_spec if legend_spec else None
    else:
        out["legend"] = legend(title=title)
    return out


def dashes(field: str, keys: Sequence[str], *, title: str | None = None) -> dict:
    """Stroke dash per series (the second cue besides colour); same field and title merge into one legend."""
    rng = [DASHES[i % len(DASHES)] for i in range(len(keys))]
    return nominal(field, title, scale={"domain": list(keys), "range": rng}, sort=list(keys), legend=None)


def shapes(field: str, keys: Sequence[str], *, title: str | None = None) -> dict:
    rng = [SHAPES[i % len(SHAPES)] for i in range(len(keys))]
    return nominal(field, title, scale={"domain": list(keys), "range": rng}, sort=list(keys), legend=None)


# ---------------------------------------------------------------- specs


def chart(
    data: object = None,
    *,
    mark: dict | str | None = None,
    encoding: dict | None = None,
    layer: list[dict] | None = None,
    title: str | None = None,
    height: int | None = None,
    **extra,
) -> dict:
    """A Vega-Lite spec; ``data``: a list of row dicts (or a frame for thousands of rows)."""
    spec: dict = {}  # no "$schema": the page's Vega-Lite (v6) reads these v5-style specs as they are
    if title:
        spec["title"] = title
    if data is not None:
        spec["data"] = {"values": data}
    if mark is not None:
        spec["mark"] = {"type": mark} if isinstance(mark, str) else mark
    if encoding is not None:
        spec["encoding"] = encoding
    if layer is not None:
        spec["layer"] = layer
    if height is not None:
        spec["height"] = height
    spec.update(extra)
    return spec


def named(name: str) -> dict:
    """A layer's ``data``: the named dataset ``name`` from ``chart(..., datasets={name: rows})``."""
    return {"name": name}


def show(
    spec: dict,
    *,
    description: str,
    summary: str | Sequence[str] | None = None,
    key: str | None = None,
    where=None,
    width: str | int = "stretch",
) -> None:
    """Draw ``spec`` (in ``where``, a column, or the page) with its fixed ``description`` for screen readers.

    ``summary``: the chart's current numbers as plain text (one string or several sentences), drawn as a caption
    under the chart, Markdown-escaped here.
    """
    if not description or not description.strip():
        raise ValueError("every chart needs a description")
    target = where or st
    target.vega_lite_chart({**spec, "description": description}, width=width, key=key)
    if summary:
        text = summary if isinstance(summary, str) else " ".join(s for s in summary if s)
        target.caption(escape_md(text))


# ---------------------------------------------------------------- numbers in summaries


def num(v: float, digits: int = 3) -> str:
    """``digits`` significant digits, "∞" for infinity, a real minus sign."""
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    return f"{v:.{digits}g}".replace("-", "−")


def listing(items: Iterable[str], *, limit: int = DESCRIBED) -> str:
    """``a, b, c, …``: the first ``limit`` items (the sentence around it says how many there are)."""
    items = list(items)
    shown = ", ".join(items[:limit])
    return shown + (", …" if len(items) > limit else "")


def legend_columns(labels: Sequence[str], *, width: float = 380, most: int = 4) -> int:
    """How many legend columns fit in ``width`` pixels (a legend wider than its chart is cut off, not wrapped)."""
    per_column = max(text_width(label) for label in labels) + 40  # the symbol, the gap and some padding
    return max(1, min(most, len(labels), int(width // per_column)))


def text_width(label: str, *, font_px: float = 11) -> float:
    """Rough rendered width in pixels: Hangul and other wide characters count about twice a Latin letter."""
    return sum(font_px * (1.0 if ord(c) >= 0x1100 else 0.6) for c in str(label))
