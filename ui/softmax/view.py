"""Charts, formulas and tables of the softmax page (altair, with tooltips)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from core.softmax import ShiftCheck, SoftmaxParts, TwoClassParts
from ui.common.i18n import t

ACCENT, MUTED, GOOD, BAD = "#e4572e", "#8aa1b1", "#2e86ab", "#e4572e"


def _num(v: float) -> str:
    """Compact number for formulas: 4 significant digits, plain when short."""
    return f"{v:.4g}".replace("e+", "e")


def _tex_num(v: float) -> str:
    text = f"{v:.4g}"
    if "e" in text:
        mant, exp = text.split("e")
        return rf"{mant}\times 10^{{{int(exp)}}}"
    return text


def _prob(v: float) -> str:
    return "NaN" if np.isnan(v) else f"{v:.4f}"


def messages(queued: list[tuple[str, dict]]) -> None:
    """The errors the widgets' setters queued (i18n key, values)."""
    for key, values in queued:
        st.error(t(key, **values), icon=":material/error:")


def loss_formula(target: int, p_target: float, loss: float, bits: float) -> None:
    """L = -ln p_y, in nats and in bits."""
    nats_bits = rf"{loss:.4f}\ \text{{nats}} = {bits:.4f}\ \text{{bits}}"
    st.latex(rf"\begin{{aligned}} L &= -\ln p_{{{target + 1}}} = -\ln {p_target:.4f} \\ &= {nats_bits} \end{{aligned}}")


def probability_chart(labels: list[str], p: np.ndarray, target: int) -> None:
    """Bars of the probabilities with their values; the argmax is highlighted, the true class marked."""
    top = int(np.argmax(p))
    df = pd.DataFrame(
        {
            "class": labels,
            "p": p,
            "label": [f"{v:.3f}" for v in p],
            "kind": [t("softmax.bar.argmax") if j == top else t("softmax.bar.other") for j in range(len(p))],
            "true": [j == target for j in range(len(p))],
        }
    )
    x = alt.X("class:N", sort=labels, title=None, axis=alt.Axis(labelAngle=0))
    color = alt.Color(
        "kind:N",
        scale=alt.Scale(domain=[t("softmax.bar.argmax"), t("softmax.bar.other")], range=[ACCENT, MUTED]),
        legend=alt.Legend(title=None, orient="top", symbolStrokeWidth=0),
    )
    tips = [
        alt.Tooltip("class:N", title=t("softmax.col.name")),
        alt.Tooltip("p:Q", title="p", format=".4f"),
        alt.Tooltip("true:N", title=t("softmax.bar.true")),
    ]
    bars = (
        alt.Chart(df)
        .mark_bar(stroke="black")
        .encode(
            x=x,
            y=alt.Y("p:Q", scale=alt.Scale(domain=[0, 1]), title="p"),
            color=color,
            strokeWidth=alt.condition(alt.datum.true, alt.value(3), alt.value(0)),  # the true class is outlined
            tooltip=tips,
        )
    )
    text = alt.Chart(df).mark_text(dy=-7, color="gray").encode(x=x, y="p:Q", text="label:N")
    st.altair_chart(bars + text, width="stretch")


def formula(labels: list[str], z: np.ndarray, parts: SoftmaxParts, target: int) -> None:
    """The softmax formula, then the same formula with this run's numbers for the true class."""
    st.latex(r"p_j = \frac{e^{z_j / T}}{\sum_k e^{z_k / T}}")
    shift = parts.shift
    exp_head = "e^(z/T)" if shift == 0 else f"e^(z/T − {_num(shift)})"
    table = pd.DataFrame(
        {
            "j": range(1, len(labels) + 1),
            t("softmax.col.name"): labels,
            "z": [_num(v) for v in z],
            "z / T": [_num(v) for v in parts.scaled],
            exp_head: [_num(v) for v in parts.exps],
            "p": [f"{v:.4f}" for v in parts.probs],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    terms = [_tex_num(v) for v in parts.exps]
    rows = [" + ".join(terms[i : i + 4]) for i in range(0, len(terms), 4)]  # 4 terms per line: no overflow
    e_sym = r"e^{z_k/T}" if shift == 0 else rf"e^{{z_k/T - {_tex_num(shift)}}}"
    lines = [rf"\textstyle\sum_k {e_sym} &= {rows[0]}"] + [rf"&\quad + {row}" for row in rows[1:]]
    lines += [
        rf"&= {_tex_num(parts.total)}",
        rf"p_{{{target + 1}}} &= \frac{{{terms[target]}}}{{{_tex_num(parts.total)}}}",
    ]
    lines[-1] += rf" = {parts.probs[target]:.4f}"
    st.latex(r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}")
    if shift:
        st.caption(t("softmax.formula_shifted", m=_num(shift)))


def gradient_chart(labels: list[str], grad: np.ndarray) -> None:
    """Bars of dL/dz: positive bars go down under a step, the negative (true-class) bar goes up."""
    move = [t("softmax.grad.down") if g > 0 else t("softmax.grad.up") if g < 0 else "·" for g in grad]
    df = pd.DataFrame({"class": labels, "grad": grad, "label": [f"{g:+.3f}" for g in grad], "move": move})
    bars = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("class:N", sort=labels, title=None, axis=alt.Axis(labelAngle=0)),
            # ~g: a gradient of 1e-200 reads "1e-200", not a row of zeros cut off at the axis
            y=alt.Y("grad:Q", title="∂L/∂z", axis=alt.Axis(format="~g")),
            color=alt.condition(alt.datum.grad > 0, alt.value(BAD), alt.value(GOOD)),
            tooltip=[
                alt.Tooltip("class:N", title=t("softmax.col.name")),
                alt.Tooltip("grad:Q", format="+.4f", title="∂L/∂z"),
                alt.Tooltip("move:N", title=t("softmax.grad.move")),
            ],
        )
    )
    text = alt.Chart(df).encode(x=alt.X("class:N", sort=labels), y="grad:Q", text="label:N")
    above = text.transform_filter(alt.datum.grad >= 0).mark_text(dy=-7, color="gray")
    below = text.transform_filter(alt.datum.grad < 0).mark_text(dy=9, color="gray")
    st.altair_chart(bars + above + below, width="stretch")


def sigmoid_formula(pair: TwoClassParts) -> None:
    """Two classes: softmax's first probability next to sigmoid((z_1 - z_2) / T)."""
    st.latex(
        rf"\frac{{e^{{z_1/T}}}}{{e^{{z_1/T}} + e^{{z_2/T}}}} = {pair.softmax:.6f}"
        rf"\qquad \sigma\!\left(\frac{{z_1 - z_2}}{{T}}\right) = \sigma\!\left({_tex_num(pair.scaled_diff)}\right)"
        rf" = {pair.sigmoid:.6f}"
    )


def loss_chart(history: list[tuple[int, float]]) -> None:
    df = pd.DataFrame(history, columns=["step", "loss"])
    chart = (
        alt.Chart(df)
        .mark_line(point=True, color=GOOD)
        .encode(
            x=alt.X("step:Q", title=t("softmax.axis.step"), axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("loss:Q", title=t("softmax.axis.loss"), scale=alt.Scale(zero=True)),
            tooltip=[
                alt.Tooltip("step:Q", title=t("softmax.axis.step")),
                alt.Tooltip("loss:Q", format=".4f", title=t("softmax.axis.loss")),
            ],
        )
    )
    st.altair_chart(chart, width="stretch")


def stability_table(labels: list[str], check: ShiftCheck) -> None:
    table = pd.DataFrame(
        {
            t("softmax.col.name"): labels,
            t("softmax.stab.original"): [_prob(v) for v in check.probs],
            t("softmax.stab.stable"): [_prob(v) for v in check.stable],
            t("softmax.stab.naive"): [_prob(v) for v in check.naive],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")


def entropy_chart(temps: np.ndarray, bits: np.ndarray, temperature: float, current: float, ceiling: float) -> None:
    """Entropy of the softmax output against T (log axis), the current T marked, ``ceiling`` = log2 K dashed."""
    df = pd.DataFrame({"T": temps, "H": bits})
    x = alt.X(
        "T:Q",
        scale=alt.Scale(type="log", domain=[float(temps[0]), float(temps[-1])], nice=False),
        title=t("softmax.axis.temperature"),
    )
    y = alt.Y("H:Q", title=t("softmax.axis.entropy"), scale=alt.Scale(domain=[0, ceiling * 1.05]))
    tips = [
        alt.Tooltip("T:Q", title="T", format=".3g"),
        alt.Tooltip("H:Q", format=".3f", title=t("softmax.tip.entropy")),
    ]
    line = alt.Chart(df).mark_line(color=GOOD).encode(x=x, y=y, tooltip=tips)
    rule = alt.Chart(pd.DataFrame({"H": [ceiling]})).mark_rule(strokeDash=[4, 4], color=MUTED)
    rule = rule.encode(y="H:Q", tooltip=[alt.Tooltip("H:Q", format=".3f", title="log2 K")])
    point_df = pd.DataFrame({"T": [temperature], "H": [current]})
    point = alt.Chart(point_df).mark_point(size=120, filled=True, color=ACCENT).encode(x=x, y=y, tooltip=tips)
    st.altair_chart(line + rule + point, width="stretch")
