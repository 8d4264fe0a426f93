"""Computations (cached, pure) and Vega-Lite charts for the activations page."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st

from core.activations import ACTIVATIONS, maxout_active, maxout_pieces, properties
from core.stacking import gradient_flow
from ui.common import charts as ch
from ui.common.i18n import t

N_POINTS = 801
HOVER_STEP = 4  # the hover points use every 4th point of a curve
# One colour and one dash per function on every chart of the page (Okabe–Ito); grey for "no activation".
_ORDER = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "silu", "softplus")
PALETTE = dict(zip(_ORDER, ch.CATEGORY))
DASH = dict(zip(_ORDER, ch.DASHES))
NO_ACTIVATION, NO_DASH = ch.GREY, [2, 4]
PIECE_COLORS = ch.CATEGORY[:6]  # one per Maxout piece
FLOW_WIDTH = 64
FLOW_SEED = 0


# ---------------------------------------------------------------- cached numbers (plain, hashable arguments)


@st.cache_data(max_entries=256, show_spinner=False)
def curve(name: str, x_min: float, x_max: float, params: tuple[tuple[str, float], ...]) -> pd.DataFrame:
    x = np.linspace(x_min, x_max, N_POINTS)
    if x_min < 0 < x_max:  # put the kink at 0 on the grid so f'(0) is shown as autograd defines it
        x = np.unique(np.append(x, 0.0))
    act = ACTIVATIONS[name]
    return pd.DataFrame({"x": x, "f": act(x, **dict(params)), "df": act.derivative(x, **dict(params))})


@st.cache_data(max_entries=256, show_spinner=False)
def measured_properties(name: str, params: tuple[tuple[str, float], ...]):
    return properties(name, **dict(params))


@st.cache_data(max_entries=256, show_spinner=False)
def flow(name: str, depth: int, init: str, params: tuple[tuple[str, float], ...]) -> np.ndarray:
    return gradient_flow(name, depth=depth, width=FLOW_WIDTH, init=init, seed=FLOW_SEED, params=dict(params))


def _key(params: dict[str, float]) -> tuple[tuple[str, float], ...]:
    return tuple(sorted(params.items()))


# ---------------------------------------------------------------- a line chart with a hover rule


def colors(names: list[str]) -> dict[str, str]:
    """Translated label → colour, in the order of ``names``."""
    return {t(f"activations.fn.{n}"): PALETTE[n] for n in names}


def _dash_of(names: list[str]) -> list[list[int]]:
    return [DASH[n] for n in names]


def hover_lines(
    data,
    *,
    x: str,
    y: str,
    x_title: str,
    y_title: str,
    palette: dict[str, str],
    dash: list[list[int]] | None = None,
    log: bool = False,
) -> dict:
    """Lines coloured (and dashed) by ``fn``; hovering shows a rule and the exact values at that x.

    ``data``: rows with x, y, ``fn`` and ``h`` (True on the thinned grid the hover points use: a few hundred
    points per line are enough to aim at, and the browser draws and searches thousands fewer).
    """
    keys = list(palette)
    color = ch.series("fn", keys, title=t("activations.chart.fn"), colors=list(palette.values()))
    color["legend"] = ch.legend(columns=ch.legend_columns(keys), title=None)
    stroke = ch.nominal("fn", t("activations.chart.fn"), sort=keys, legend=None)
    stroke["scale"] = {"domain": keys, "range": dash or [ch.DASHES[0]] * len(keys)}
    y_scale = {"type": "log"} if log else {"zero": False}
    fmt = ".3e" if log else ".6g"
    hover = {"filter": "datum.h"}
    lines = {
        "mark": {"type": "line", "point": log, "strokeWidth": 2},
        "encoding": {"color": color, "strokeDash": stroke},
    }
    points = {
        "params": [{"name": "hover", "select": {"type": "point", "fields": [x], "nearest": True, "on": "pointerover"}}],
        "transform": [hover],
        "mark": {"type": "point", "filled": True, "size": 60},
        "encoding": {
            "color": {**color, "legend": None},
            "opacity": {"condition": {"param": "hover", "value": 1.0, "empty": False}, "value": 0.0},
            "tooltip": [
                ch.tip("fn", t("activations.chart.fn"), kind="nominal"),
                ch.tip(x, x_title, fmt=".6g"),
                ch.tip(y, y_title, fmt=fmt),
            ],
        },
    }
    rule = {
        "transform": [hover, {"filter": {"param": "hover", "empty": False}}],
        "mark": {"type": "rule", "color": "gray"},
        "encoding": {"x": ch.quant(x, None)},
    }
    enc = {"x": ch.quant(x, x_title), "y": ch.quant(y, y_title, scale=y_scale)}
    return ch.chart(data, encoding=enc, layer=[lines, points, rule], height=320, usermeta=ch.CANVAS)


def _thin(n: int) -> np.ndarray:
    """Every ``HOVER_STEP``-th point (and the last) of a line of ``n`` points."""
    keep = np.arange(n) % HOVER_STEP == 0
    keep[-1] = True
    return keep


@st.cache_resource(max_entries=64, show_spinner=False)
def _curves(labelled: tuple[tuple[str, str, tuple], ...], x_min: float, x_max: float) -> tuple:
    """The f and f′ charts' data as Arrow tables, and each chart's described values.

    Cached as a resource: Arrow tables are immutable (shared read-only, keyed on every input, never per-user
    state), and go to the browser as they are: no DataFrame, no 6 000-row conversion on each rerun.
    """
    xs = [x_min, 0.0, x_max] if x_min < 0 < x_max else [x_min, x_max]
    parts, items = [], {"f": [], "df": []}
    for name, label, params in labelled:
        frame = curve(name, x_min, x_max, params)
        x = frame["x"].to_numpy()
        parts.append((x, frame["f"].to_numpy(), frame["df"].to_numpy(), [label] * len(x), _thin(len(x))))
        at = [int(np.abs(x - v).argmin()) for v in xs]
        for column, sym in (("f", "f"), ("df", "f′")):
            values = frame[column].to_numpy()
            items[column].append(
                f"{label}: " + ", ".join(f"{sym}({ch.num(v)}) = {ch.num(values[i])}" for v, i in zip(xs, at))
            )
    x, f, df, fn, h = (np.concatenate([p[k] for p in parts]) for k in range(5))
    tables = {"f": pa.table({"x": x, "f": f, "fn": fn, "h": h}), "df": pa.table({"x": x, "df": df, "fn": fn, "h": h})}
    return tables, {k: "; ".join(v) for k, v in items.items()}


def curves_charts(names: list[str], x_min: float, x_max: float, params_of) -> tuple[dict, dict]:
    """f(x) and f'(x) of every selected function, overlaid."""
    labelled = tuple((n, t(f"activations.fn.{n}"), _key(params_of(n))) for n in names)
    tables, _ = _curves(labelled, x_min, x_max)
    style = {"palette": colors(names), "dash": _dash_of(names)}
    f = hover_lines(tables["f"], x="x", y="f", x_title="x", y_title=t("activations.chart.f"), **style)
    d = hover_lines(tables["df"], x="x", y="df", x_title="x", y_title=t("activations.chart.df"), **style)
    return f, d


def show_curves(names: list[str], x_min: float, x_max: float, params_of) -> None:
    """The two curve charts side by side, each with its fixed description and its numbers as text under it."""
    f, d = curves_charts(names, x_min, x_max, params_of)
    _, items = _curves(tuple((n, t(f"activations.fn.{n}"), _key(params_of(n))) for n in names), x_min, x_max)
    lo, hi = ch.num(x_min), ch.num(x_max)
    left, right = st.columns(2)
    for where, spec, column, key in ((left, f, "f", "act_f_chart"), (right, d, "df", "act_df_chart")):
        summary = t(f"activations.desc.{column}", n=len(names), lo=lo, hi=hi, items=items[column])
        ch.show(spec, description=t(f"activations.about.{column}"), summary=summary, key=key, where=where)


# ---------------------------------------------------------------- properties table


def _num(v: float) -> str:
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    return f"{v:.3g}".replace("-", "−")


def _interval(lo: float, hi: float) -> str:
    """[lo, hi], written x ≤ hi or x ≥ lo when one end is infinite."""
    if math.isinf(lo):
        return f"x ≤ {_num(hi)}"
    if math.isinf(hi):
        return f"x ≥ {_num(lo)}"
    return f"[{_num(lo)}, {_num(hi)}]"


def properties_table(names: list[str], params_of) -> pd.DataFrame:
    yes, no = t("activations.yes"), t("activations.no")
    rows = []
    for name in names:
        p = measured_properties(name, _key(params_of(name)))
        span = f"{'(' if p.lower_open else '['}{_num(p.lower)}, {_num(p.upper)}{')' if p.upper_open else ']'}"
        sat = {(True, True): "both", (True, False): "left", (False, True): "right"}.get(
            (p.saturates_left, p.saturates_right)
        )
        dead = t("activations.none") if p.dead_region is None else _interval(*p.dead_region)
        rows.append(
            {
                t("activations.props.fn"): t(f"activations.fn.{name}"),
                t("activations.props.range"): span,
                t("activations.props.mean"): f"{p.mean_normal:.3f}".replace("-", "−"),
                t("activations.props.zero"): yes if p.zero_centred else no,
                t("activations.props.saturating"): t(f"activations.sat.{sat}") if sat else t("activations.none"),
                t("activations.props.maxgrad"): f"{p.max_abs_grad:.4g}",
                t("activations.props.dead"): dead,
                t("activations.props.monotonic"): yes if p.monotonic else no,
            }
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- Maxout


@st.cache_resource(max_entries=64, show_spinner=False)
def _maxout_table(weights: tuple, biases: tuple, x_min: float, x_max: float, label: tuple) -> pa.Table:
    """The dashed pieces (``top`` False) and the thick maximum, one segment per winning stretch (immutable, cached)."""
    w, b = np.array(weights), np.array(biases)
    x = np.linspace(x_min, x_max, N_POINTS)
    z = maxout_pieces(x, w, b)  # (N, k)
    active = maxout_active(x, w, b)  # (N,)
    pieces = pd.DataFrame(
        {"x": np.repeat(x, len(w)), "y": z.ravel(), "fn": np.tile(label, len(x))}  # row-major (N, k)
    )
    runs = np.concatenate([[0], np.cumsum(active[1:] != active[:-1])])  # id of each winning stretch
    # Repeat each stretch's first point as the last point of the previous one, so the thick curve has no gaps.
    starts = np.flatnonzero(np.diff(runs)) + 1
    idx = np.concatenate([np.arange(len(x)), starts])
    who = np.concatenate([active, active[starts - 1]])
    top = pd.DataFrame(
        {
            "x": x[idx],
            "y": z.max(axis=1)[idx],
            "fn": [label[i] for i in who],
            "seg": np.concatenate([runs, runs[starts - 1]]),
            "top": True,
        }
    ).sort_values(["seg", "x"])
    data = pd.concat([pieces.assign(seg=-1, top=False), top], ignore_index=True)
    return pa.Table.from_pandas(data, preserve_index=False)


def maxout_chart(weights: np.ndarray, biases: np.ndarray, x_min: float, x_max: float) -> dict:
    """Dashed pieces wᵢx + bᵢ and their maximum, the maximum coloured by the winning piece."""
    label = [f"{t('activations.maxout.piece')} {i + 1}" for i in range(len(weights))]
    w, b = tuple(float(v) for v in weights), tuple(float(v) for v in biases)
    data = _maxout_table(w, b, float(x_min), float(x_max), tuple(label))
    color = ch.series("fn", label, title=t("activations.maxout.piece"), colors=PIECE_COLORS[: len(label)])
    color["legend"] = ch.legend(columns=ch.legend_columns(label, width=600, most=6), title=None)
    dashed = {
        "transform": [{"filter": "!datum.top"}],
        "mark": {"type": "line", "strokeDash": [4, 4], "opacity": 0.7},
        "encoding": {"x": ch.quant("x", "x"), "y": ch.quant("y", "y"), "color": color},
    }
    thick = {
        "transform": [{"filter": "datum.top"}],
        "mark": {"type": "line", "strokeWidth": 4},
        "encoding": {
            "x": ch.quant("x", "x"),
            "y": ch.quant("y", "y"),
            "color": color,
            "detail": {"field": "seg", "type": "nominal"},
            "tooltip": [
                ch.tip("fn", t("activations.maxout.max"), kind="nominal"),
                ch.tip("x", "x", fmt=".6g"),
                ch.tip("y", "y", fmt=".6g"),
            ],
        },
    }
    return ch.chart(data, layer=[dashed, thick], height=320, usermeta=ch.CANVAS)


def maxout_description(weights: np.ndarray, biases: np.ndarray, x_min: float, x_max: float) -> str:
    piece = t("activations.maxout.piece")
    items = [f"{piece} {i + 1}: y = {ch.num(w)}x + {ch.num(b)}" for i, (w, b) in enumerate(zip(weights, biases))]
    ends = [float(maxout_pieces(np.array([v]), weights, biases).max()) for v in (x_min, x_max)]
    return t(
        "activations.desc.maxout",
        k=len(weights),
        lo=ch.num(x_min),
        hi=ch.num(x_max),
        items="; ".join(items),
        y_lo=ch.num(ends[0]),
        y_hi=ch.num(ends[1]),
    )


# ---------------------------------------------------------------- gradient flow


def flow_norms(names: list[str], depth: int, init: str, params_of) -> dict[str, np.ndarray]:
    """Each function's per-layer gradient norms, (depth,), first layer first."""
    return {name: flow(name, depth, init, _key(params_of(name))) for name in names}


def show_maxout(weights: np.ndarray, biases: np.ndarray, x_min: float, x_max: float, *, where=None) -> None:
    spec = maxout_chart(weights, biases, x_min, x_max)
    summary = maxout_description(weights, biases, x_min, x_max)
    ch.show(spec, description=t("activations.about.maxout"), summary=summary, key="act_maxout_chart", where=where)


def flow_frame(norms: dict[str, np.ndarray]) -> list[dict]:
    rows = []
    for name, values in norms.items():
        values = np.maximum(values, np.finfo(float).tiny)  # a log axis cannot show an exact 0
        label = t(f"activations.fn.{name}")
        rows += [{"layer": i + 1, "norm": float(v), "fn": label, "h": True} for i, v in enumerate(values)]
    return rows


def flow_chart(rows: list[dict], names: list[str]) -> dict:
    x_title, y_title = t("activations.flow.layer"), t("activations.flow.norm")
    style = {"palette": colors(names), "dash": _dash_of(names)}
    return hover_lines(rows, x="layer", y="norm", x_title=x_title, y_title=y_title, log=True, **style)


def show_flow(norms: dict[str, np.ndarray], names: list[str]) -> None:
    """The flow chart; its numbers (first and last layer, ratio) are the lines the page writes under it."""
    ch.show(flow_chart(flow_frame(norms), names), description=t("activations.about.flow"), key="act_flow_chart")


# ---------------------------------------------------------------- why non-linear


def bend_chart(df, names: list[str]) -> dict:
    palette = {t("activations.linear.none"): NO_ACTIVATION, **colors(names)}
    dash = [NO_DASH, *_dash_of(names)]
    return hover_lines(df, x="x", y="out", x_title="x", y_title=t("activations.linear.out"), palette=palette, dash=dash)
