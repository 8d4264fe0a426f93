"""Computations (cached, pure) and altair charts for the activations page."""

from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from core.activations import ACTIVATIONS, maxout_active, maxout_pieces, properties
from core.stacking import gradient_flow
from ui.common.i18n import t

N_POINTS = 801
# One colour per function on every chart of the page (Tableau 10); grey for "no activation".
PALETTE = {
    "sigmoid": "#1f77b4",
    "tanh": "#ff7f0e",
    "relu": "#d62728",
    "leaky_relu": "#2ca02c",
    "elu": "#9467bd",
    "gelu": "#8c564b",
    "silu": "#e377c2",
    "softplus": "#17becf",
}
NO_ACTIVATION = "#7f7f7f"
PIECE_COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2"]  # one per Maxout piece
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


def hover_lines(
    df: pd.DataFrame, *, x: str, y: str, x_title: str, y_title: str, palette: dict[str, str], log: bool = False
) -> alt.Chart:
    """Lines coloured by ``fn`` (``palette``: label → colour); hovering shows a rule and the exact values at that x."""
    nearest = alt.selection_point(nearest=True, on="pointerover", fields=[x], empty=False)
    y_scale = alt.Scale(type="log") if log else alt.Scale(zero=False)
    fmt = ".3e" if log else ".6g"
    scale = alt.Scale(domain=list(palette), range=list(palette.values()))
    color = alt.Color("fn:N", title=t("activations.chart.fn"), scale=scale, sort=list(palette))
    base = alt.Chart(df).encode(x=alt.X(f"{x}:Q", title=x_title), y=alt.Y(f"{y}:Q", title=y_title, scale=y_scale))
    lines = base.mark_line(point=log).encode(color=color)
    points = base.mark_point(filled=True, size=60).encode(
        color=color,
        opacity=alt.condition(nearest, alt.value(1.0), alt.value(0.0)),
        tooltip=[
            alt.Tooltip("fn:N", title=t("activations.chart.fn")),
            alt.Tooltip(f"{x}:Q", title=x_title, format=".6g"),
            alt.Tooltip(f"{y}:Q", title=y_title, format=fmt),
        ],
    )
    rule = alt.Chart(df).mark_rule(color="gray").encode(x=f"{x}:Q").transform_filter(nearest)
    return (lines + points.add_params(nearest) + rule).properties(height=320)


def curves_charts(names: list[str], x_min: float, x_max: float, params_of) -> tuple[alt.Chart, alt.Chart]:
    """f(x) and f'(x) of every selected function, overlaid."""
    frames = [curve(n, x_min, x_max, _key(params_of(n))).assign(fn=t(f"activations.fn.{n}")) for n in names]
    df = pd.concat(frames, ignore_index=True)
    f = hover_lines(df, x="x", y="f", x_title="x", y_title=t("activations.chart.f"), palette=colors(names))
    d = hover_lines(df, x="x", y="df", x_title="x", y_title=t("activations.chart.df"), palette=colors(names))
    return f, d


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


def maxout_chart(weights: np.ndarray, biases: np.ndarray, x_min: float, x_max: float) -> alt.Chart:
    """Dashed pieces wᵢx + bᵢ and their maximum, the maximum coloured by the winning piece."""
    x = np.linspace(x_min, x_max, N_POINTS)
    z = maxout_pieces(x, weights, biases)  # (N, k)
    active = maxout_active(x, weights, biases)  # (N,)
    label = [f"{t('activations.maxout.piece')} {i + 1}" for i in range(len(weights))]
    pieces = pd.DataFrame(
        {"x": np.repeat(x, len(weights)), "y": z.ravel(), "fn": np.tile(label, len(x))}  # row-major (N, k)
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
        }
    ).sort_values(["seg", "x"])
    scale = alt.Scale(domain=label, range=PIECE_COLORS[: len(label)])
    color = alt.Color("fn:N", title=t("activations.maxout.piece"), scale=scale, sort=label)
    dashed = (
        alt.Chart(pieces)
        .mark_line(strokeDash=[4, 4], opacity=0.6)
        .encode(x="x:Q", y=alt.Y("y:Q", title="y"), color=color)
    )
    thick = (
        alt.Chart(top)
        .mark_line(strokeWidth=4)
        .encode(
            x="x:Q",
            y="y:Q",
            color=color,
            detail="seg:N",
            tooltip=[
                alt.Tooltip("fn:N", title=t("activations.maxout.max")),
                alt.Tooltip("x:Q", format=".6g"),
                alt.Tooltip("y:Q", format=".6g"),
            ],
        )
    )
    return (dashed + thick).properties(height=320)


# ---------------------------------------------------------------- gradient flow


def flow_norms(names: list[str], depth: int, init: str, params_of) -> dict[str, np.ndarray]:
    """Each function's per-layer gradient norms, (depth,), first layer first."""
    return {name: flow(name, depth, init, _key(params_of(name))) for name in names}


def flow_frame(norms: dict[str, np.ndarray]) -> pd.DataFrame:
    frames = []
    for name, values in norms.items():
        values = np.maximum(values, np.finfo(float).tiny)  # a log axis cannot show an exact 0
        layers = np.arange(1, len(values) + 1)
        frames.append(pd.DataFrame({"layer": layers, "norm": values, "fn": t(f"activations.fn.{name}")}))
    return pd.concat(frames, ignore_index=True)


def flow_chart(df: pd.DataFrame, names: list[str]) -> alt.Chart:
    x_title, y_title = t("activations.flow.layer"), t("activations.flow.norm")
    return hover_lines(df, x="layer", y="norm", x_title=x_title, y_title=y_title, palette=colors(names), log=True)


# ---------------------------------------------------------------- why non-linear


def bend_chart(df: pd.DataFrame, names: list[str]) -> alt.Chart:
    palette = {t("activations.linear.none"): NO_ACTIVATION, **colors(names)}
    return hover_lines(df, x="x", y="out", x_title="x", y_title=t("activations.linear.out"), palette=palette)
