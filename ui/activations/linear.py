"""The "why non-linear at all" section: two linear layers collapse into one; an activation stops that."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import streamlit as st

from core.stacking import affine_fit_residual, collapse_gap, collapse_linear, two_layers
from ui.activations.view import bend_chart
from ui.common import charts as ch
from ui.common.i18n import t

SEED = 4


def _layers(d_in: int, hidden: int, d_out: int, *, integer: bool) -> tuple[np.ndarray, ...]:
    """Seeded W1 (hidden, d_in), b1 (hidden,), W2 (d_out, hidden), b2 (d_out,)."""
    rng = np.random.default_rng([SEED, d_in, hidden])
    draw = (lambda *s: rng.integers(-2, 3, size=s).astype(float)) if integer else (lambda *s: rng.normal(size=s))
    return draw(hidden, d_in), draw(hidden), draw(d_out, hidden), draw(d_out)


def _pmatrix(a: np.ndarray) -> str:
    a = np.atleast_2d(a)
    rows = r" \\ ".join(" & ".join(f"{v:g}" for v in row) for row in a)
    return r"\begin{pmatrix}" + rows + r"\end{pmatrix}"


@st.cache_resource(max_entries=64, show_spinner=False)
def _bend(none: str, labelled: tuple[tuple[str, str, tuple], ...]) -> tuple[pa.Table, str]:
    """A seeded 1-D network's output on [−3, 3] without and with each activation (an immutable Arrow table), and
    the described points (x, output) at −3, 0 and 3."""
    w1, b1, w2, b2 = _layers(1, 8, 1, integer=False)
    xs = np.linspace(-3, 3, 301)[:, None]  # (N, 1)
    outs = {none: two_layers(xs, w1, b1, w2, b2)[:, 0]}
    for name, label, params in labelled:
        outs[label] = two_layers(xs, w1, b1, w2, b2, activation=name, **dict(params))[:, 0]
    n = len(xs)
    table = pa.table(
        {
            "x": np.tile(xs[:, 0], len(outs)),
            "out": np.concatenate(list(outs.values())),
            "fn": [label for label in outs for _ in range(n)],
            "h": np.tile(np.arange(n) % 2 == 0, len(outs)),  # the hover points: every other x
        }
    )
    at = {v: int(np.abs(xs[:, 0] - v).argmin()) for v in (-3.0, 0.0, 3.0)}
    items = "; ".join(
        f"{label}: " + ", ".join(f"({ch.num(v)}, {ch.num(float(out[i]))})" for v, i in at.items())
        for label, out in outs.items()
    )
    return table, items


def render(names: list[str], params_of) -> None:
    """Show the product matrix, the measured gaps, and a 1-D network with and without each activation."""
    act = names[0] if names else "relu"
    label = t(f"activations.fn.{act}")
    st.write(t("activations.linear.intro", name=label))

    w1, b1, w2, b2 = _layers(2, 3, 2, integer=True)
    w, b = collapse_linear(w1, b1, w2, b2)
    st.latex(
        rf"W_2 W_1 = {_pmatrix(w2)}{_pmatrix(w1)} = {_pmatrix(w)}, \quad "
        rf"W_2 b_1 + b_2 = {_pmatrix(b[:, None])}"
    )
    x = np.random.default_rng(SEED).normal(size=(500, 2))  # (N, 2)
    bent = two_layers(x, w1, b1, w2, b2, activation=act, **params_of(act))
    st.success(t("activations.linear.gap_lin", gap=f"{collapse_gap(x, w1, b1, w2, b2):.1e}"))
    st.warning(t("activations.linear.gap_act", name=label, gap=f"{affine_fit_residual(x, bent):.3g}"))

    labelled = tuple((name, t(f"activations.fn.{name}"), tuple(sorted(params_of(name).items()))) for name in names)
    table, items = _bend(t("activations.linear.none"), labelled)
    st.caption(t("activations.linear.chart"))
    summary = t("activations.desc.bend", items=items)
    ch.show(bend_chart(table, names), description=t("activations.about.bend"), summary=summary, key="act_bend_chart")
