"""The "why non-linear at all" section: two linear layers collapse into one; an activation stops that."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.stacking import affine_fit_residual, collapse_gap, collapse_linear, two_layers
from ui.activations.view import bend_chart
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

    w1, b1, w2, b2 = _layers(1, 8, 1, integer=False)
    xs = np.linspace(-3, 3, 301)[:, None]  # (N, 1)
    frames = [
        pd.DataFrame({"x": xs[:, 0], "out": two_layers(xs, w1, b1, w2, b2)[:, 0], "fn": t("activations.linear.none")})
    ]
    for name in names:
        out = two_layers(xs, w1, b1, w2, b2, activation=name, **params_of(name))[:, 0]
        frames.append(pd.DataFrame({"x": xs[:, 0], "out": out, "fn": t(f"activations.fn.{name}")}))
    st.caption(t("activations.linear.chart"))
    st.altair_chart(bend_chart(pd.concat(frames, ignore_index=True), names), key="act_bend_chart")
