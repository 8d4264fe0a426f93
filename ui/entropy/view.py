"""Rendering of the entropy page: metrics, formula, altair charts and tables. Every number comes from core."""

from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from core.entropy import (
    average_code_length,
    binary_entropy,
    block_huffman_length,
    cross_entropy,
    entropy,
    entropy_parts,
    fixed_length_bits,
    fixed_length_code,
    huffman_code,
    kl_divergence,
    max_entropy,
    message_bits,
    surprisal,
    two_stage_code,
)
from ui.common.i18n import t
from ui.entropy.parse import Dist

CHART_MAX = 40  # bars per chart; text mode can have hundreds of characters
NOTES_H_ALPHABET = "2.72"  # the value printed in the course notes (wrong), quoted, never used
NOTES_TERMS = ("−1.04", "−0.85")  # the notes' two terms (A–D, the 36 others), quoted to trace the slip
GAP_MAX_SYMBOLS = 6  # block-code note: at most 6³ = 216 joint symbols for triples


def fmt(x: float, digits: int = 4) -> str:
    return "∞" if math.isinf(x) else f"{x:.{digits}f}"


def code_table(dist: Dist) -> pd.DataFrame:
    """One row per symbol: p, surprisal, Huffman and fixed-length codewords."""
    huff = huffman_code(dist.p)
    return pd.DataFrame(
        {
            "symbol": dist.labels,
            "p": dist.p,
            "surprisal": surprisal(dist.p),
            "huffman": huff,
            "huffman_len": [len(c) for c in huff],
            "fixed": fixed_length_code(len(dist.p)),
        }
    )


def summary(dist: Dist, table: pd.DataFrame) -> None:
    n = len(dist.p)
    cols = st.columns(5)
    cols[0].metric(t("entropy.m.h_bits"), fmt(entropy(dist.p)))
    cols[1].metric(t("entropy.m.h_nats"), fmt(entropy(dist.p, base=math.e)))
    cols[2].metric(t("entropy.m.max", n=n), fmt(max_entropy(n)))
    cols[3].metric(t("entropy.m.fixed"), fixed_length_bits(n))
    cols[4].metric(t("entropy.m.huffman"), fmt(average_code_length(dist.p, table["huffman"])))
    st.caption(t("entropy.m.explain", factor=fmt(1 / math.log(2), 3)))
    if n == 1:
        st.caption(t("entropy.m.single"))
    elif dist.kind not in ("days", "text") and n <= GAP_MAX_SYMBOLS:
        h, l1 = entropy(dist.p), average_code_length(dist.p, table["huffman"])
        if l1 - h > 1e-9:  # not a power-of-½ distribution: say why Huffman stays above H
            lengths = {f"l{b}": fmt(block_huffman_length(dist.p, b), 3) for b in (2, 3)}
            st.info(t("entropy.gap.blocks", h=fmt(h, 3), l1=fmt(l1, 3), **lengths))


def _num(x: float) -> str:
    return f"{x:.4g}"


def formula(p: np.ndarray) -> None:
    """H(p) with the actual terms (≤ 8 symbols, 4 per line), grouped equal terms, or the plain sum."""
    h = fmt(entropy(p))
    values, counts = np.unique(p, return_counts=True)
    if len(p) <= 8:
        terms = [rf"{_num(v)}\log_2 {_num(v)}" for v in p]
    elif len(values) <= 4:
        terms = [rf"{c}\cdot {_num(v)}\log_2 {_num(v)}" for v, c in zip(values[::-1], counts[::-1])]
    else:
        st.latex(rf"H(p) = -\sum_{{i=1}}^{{{len(p)}}} p_i \log_2 p_i = {h}\ \text{{bits}}")
        return
    lines = [" + ".join(terms[i : i + 4]) for i in range(0, len(terms), 4)]
    body = r" \\ &\quad + ".join(lines)
    st.latex(rf"\begin{{aligned}} H(p) &= -\big({body}\big) \\ &= {h}\ \text{{bits}} \end{{aligned}}")


def _top(table: pd.DataFrame) -> pd.DataFrame:
    if len(table) > CHART_MAX:
        st.caption(t("entropy.chart.top", k=CHART_MAX, n=len(table)))
        return table.nlargest(CHART_MAX, "p", keep="first")
    return table


def _symbol_axis(labels) -> alt.Axis:
    """Upright labels when they fit (a sideways Korean syllable is hard to read); overlapping ones are hidden."""
    labels = [str(s) for s in labels]
    if len(labels) <= 12 or max(map(len, labels)) <= 2:
        return alt.Axis(labelAngle=0, labelOverlap=True)
    return alt.Axis(labelAngle=-90, labelOverlap=False, labelFontSize=9)


def charts(table: pd.DataFrame) -> None:
    """Probability bars with surprisal; Huffman codeword length next to surprisal."""
    data = _top(table).assign(surprisal=lambda d: d["surprisal"].replace(np.inf, np.nan))
    x = alt.X("symbol:N", sort=None, title=t("entropy.col.label"), axis=_symbol_axis(data["symbol"]))
    tips = [
        alt.Tooltip("symbol:N", title=t("entropy.col.label")),
        alt.Tooltip("p:Q", title="p", format=".4f"),
        alt.Tooltip("surprisal:Q", title=t("entropy.col.surprisal"), format=".3f"),
        alt.Tooltip("huffman:N", title=t("entropy.col.huffman")),
    ]
    bars = alt.Chart(data).mark_bar().encode(x=x, y=alt.Y("p:Q", title=t("entropy.chart.p")), tooltip=tips)
    line = (
        alt.Chart(data)
        .mark_line(color="#e45756", point=alt.OverlayMarkDef(color="#e45756"))
        .encode(x=x, y=alt.Y("surprisal:Q", title=t("entropy.chart.surprisal")), tooltip=tips)
    )
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('entropy.chart.p_title')}**")
        st.altair_chart(alt.layer(bars, line).resolve_scale(y="independent"), width="stretch")
    order = [t("entropy.col.huffman_len"), t("entropy.col.surprisal")]
    long = pd.concat(
        [data.assign(measure=order[0], bits=data["huffman_len"]), data.assign(measure=order[1], bits=data["surprisal"])]
    )
    grouped = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=x,
            xOffset="measure:N",
            y=alt.Y("bits:Q", title=t("entropy.chart.bits")),
            color=alt.Color("measure:N", title=None, sort=order, legend=alt.Legend(orient="bottom")),
            tooltip=[
                *tips,
                alt.Tooltip("measure:N", title=t("entropy.tip.measure")),
                alt.Tooltip("bits:Q", title=t("entropy.chart.bits"), format=".3f"),
            ],
        )
    )
    with right:
        st.markdown(f"**{t('entropy.chart.len_title')}**")
        st.altair_chart(grouped, width="stretch")


SURPRISAL_EXAMPLE = 0.25  # the note halves this p once


def surprisal_curves() -> None:
    """−log₂ p next to 1/p on (0, 1]: the notes call surprisal "inversely proportional" to p; it is logarithmic."""
    grid = np.linspace(0.05, 1.0, 96)
    curves = pd.concat(
        [
            pd.DataFrame({"p": grid, "value": surprisal(grid), "curve": "−log₂ p"}),
            pd.DataFrame({"p": grid, "value": 1.0 / grid, "curve": "1/p"}),
        ]
    )
    value = t("entropy.surprisal.value")
    chart = (
        alt.Chart(curves)
        .mark_line()
        .encode(
            x=alt.X("p:Q", title="p"),
            y=alt.Y("value:Q", title=value),
            color=alt.Color("curve:N", title=None, legend=alt.Legend(orient="top")),
            tooltip=[
                alt.Tooltip("curve:N", title=t("entropy.surprisal.curve")),
                alt.Tooltip("p:Q", title="p", format=".3f"),
                alt.Tooltip("value:Q", title=value, format=".3f"),
            ],
        )
    )
    st.markdown(f"**{t('entropy.surprisal.title')}**")
    st.altair_chart(chart, width="stretch")
    p1, p2 = SURPRISAL_EXAMPLE, SURPRISAL_EXAMPLE / 2
    s1, s2, s0 = (float(v) for v in surprisal([p1, p2, 1.0]))
    st.caption(
        t(
            "entropy.surprisal.note",
            p1=f"{p1:g}",
            p2=f"{p2:g}",
            s1=f"{s1:g}",
            s2=f"{s2:g}",
            r1=f"{1 / p1:g}",
            r2=f"{1 / p2:g}",
            s0=f"{abs(s0):g}",
            r0=f"{1 / 1.0:g}",
        )
    )


def table_view(table: pd.DataFrame) -> None:
    shown = table.rename(
        columns={
            "symbol": t("entropy.col.label"),
            "surprisal": t("entropy.col.surprisal"),
            "huffman": t("entropy.col.huffman"),
            "huffman_len": t("entropy.col.huffman_len"),
            "fixed": t("entropy.col.fixed"),
        }
    )
    fmt4 = st.column_config.NumberColumn(format="%.4f")
    st.dataframe(shown, hide_index=True, width="stretch", column_config={"p": fmt4, t("entropy.col.surprisal"): fmt4})


def compare_codes(rows: list[tuple[str, float]], *, x_title: str, shown: str, tip: str) -> None:
    """Codes side by side: one metric each, then horizontal bars."""
    for col, (name, bits) in zip(st.columns(len(rows)), rows):
        col.metric(name, shown.format(bits))
    chart = (
        alt.Chart(pd.DataFrame(rows, columns=["code", "bits"]))
        .mark_bar()
        .encode(
            y=alt.Y("code:N", sort=None, title=None, axis=alt.Axis(labelLimit=300)),
            x=alt.X("bits:Q", title=x_title),
            tooltip=[
                alt.Tooltip("code:N", title=t("entropy.tip.code")),
                alt.Tooltip("bits:Q", title=t("entropy.chart.bits"), format=tip),
            ],
        )
    )
    st.altair_chart(chart, width="stretch")


def days_view(dist: Dist) -> None:
    n = len(dist.p)
    huff = huffman_code(dist.p)
    lengths = [len(c) for c in huff]
    st.info(
        t(
            "entropy.days.explain",
            n=n,
            log=fmt(max_entropy(n), 3),
            bits=fixed_length_bits(n),
            huffman=fmt(average_code_length(dist.p, huff), 3),
            short=min(lengths),
            long=max(lengths),
        )
    )


def alphabet_view(dist: Dist, table: pd.DataFrame) -> None:
    """The notes' four ways to send the 40 symbols, side by side."""
    p = dist.p
    h = entropy(p)
    rows = [
        (t("entropy.alpha.fixed"), float(fixed_length_bits(len(p)))),
        (t("entropy.alpha.two_stage"), average_code_length(p, two_stage_code(4, len(p) - 4))),
        (t("entropy.alpha.huffman"), average_code_length(p, table["huffman"])),
        (t("entropy.alpha.bound"), h),
    ]
    compare_codes(rows, x_title=t("entropy.chart.bits_per_symbol"), shown="{:.3f}", tip=".4f")
    frequent, rare = entropy_parts(p, split=4)  # the bits H spends on A–D and on the 36 rare symbols
    st.caption(
        t(
            "entropy.alpha.two_stage_explain",
            n_rare=len(p) - 4,
            rare_bits=fixed_length_bits(len(p) - 4),
            frequent_bits=fixed_length_bits(4),
        )
    )
    st.warning(
        t(
            "entropy.alpha.notes_slip",
            notes=NOTES_H_ALPHABET,
            notes_ad=NOTES_TERMS[0],
            notes_rare=NOTES_TERMS[1],
            notes_sum=f"{-sum(float(v.replace('−', '-')) for v in NOTES_TERMS):.2f}",
            pa=f"{p[0]:g}",
            pa4=f"{4 * p[0]:g}",
            ad=fmt(-frequent, 3).replace("-", "−"),
            h=fmt(h, 3),
            frequent=fmt(frequent, 3),
            rare=fmt(rare, 3),
            q=f"{p[-1]:.5f}",
        )
    )


def binary_curve(p: float) -> None:
    grid = np.linspace(0, 1, 201)
    curve = pd.DataFrame({"p": grid, "H": binary_entropy(grid)})
    point = pd.DataFrame({"p": [p], "H": binary_entropy([p])})
    tips = [
        alt.Tooltip("p:Q", title="p", format=".2f"),
        alt.Tooltip("H:Q", title=t("entropy.tip.h_bits"), format=".4f"),
    ]
    line = alt.Chart(curve).mark_line().encode(x=alt.X("p:Q", title="p"), y=alt.Y("H:Q", title="H(p)"), tooltip=tips)
    dot = alt.Chart(point).mark_point(size=150, filled=True, color="#e45756").encode(x="p:Q", y="H:Q", tooltip=tips)
    st.markdown(f"**{t('entropy.binary.curve')}**")
    st.altair_chart(line + dot, width="stretch")


def text_view(dist: Dist, table: pd.DataFrame) -> None:
    """Total bits for the whole text: entropy bound, Huffman, fixed length, UTF-8."""
    n_chars = int(sum(dist.counts))
    h = entropy(dist.p)
    rows = [
        (t("entropy.text.optimal"), h * n_chars),  # H bits per character, at best
        (t("entropy.text.huffman"), float(message_bits(dist.counts, table["huffman"]))),
        (t("entropy.text.fixed"), float(message_bits(dist.counts, fixed_length_code(len(dist.p))))),
        (t("entropy.text.utf8"), float(dist.utf8_bits)),
    ]
    st.markdown(t("entropy.text.stats", n=n_chars, k=len(dist.p), h=fmt(h, 3)))
    compare_codes(rows, x_title=t("entropy.chart.bits_total"), shown="{:,.0f}", tip=",.1f")


def cross_entropy_view(labels: tuple[str, ...], p: np.ndarray, q: np.ndarray, true: int) -> None:
    h, ce, kl = entropy(p), cross_entropy(p, q), kl_divergence(p, q)
    nats = [entropy(p, base=math.e), cross_entropy(p, q, base=math.e), kl_divergence(p, q, base=math.e)]
    frame = pd.DataFrame(
        {
            t("entropy.ce.quantity"): ["H(p)", "H(p, q)", "KL(p‖q)"],
            t("entropy.ce.bits"): [h, ce, kl],
            t("entropy.ce.nats"): nats,
        }
    )
    left, right = st.columns([2, 3])
    with left:
        fmt4 = st.column_config.NumberColumn(format="%.4f")
        config = {t("entropy.ce.bits"): fmt4, t("entropy.ce.nats"): fmt4}
        st.dataframe(frame, hide_index=True, width="stretch", column_config=config)
    with right:
        data = pd.DataFrame({"symbol": labels, "p": p, "q": q})
        data = data.nlargest(CHART_MAX, "p", keep="first") if len(data) > CHART_MAX else data
        long = data.melt("symbol", var_name="dist", value_name="prob")
        chart = (
            alt.Chart(long)
            .mark_bar()
            .encode(
                x=alt.X("symbol:N", sort=None, title=t("entropy.col.label"), axis=_symbol_axis(data["symbol"])),
                xOffset="dist:N",
                y=alt.Y("prob:Q", title=t("entropy.chart.p")),
                color=alt.Color("dist:N", title=None, legend=alt.Legend(orient="bottom")),
                tooltip=[
                    alt.Tooltip("symbol:N", title=t("entropy.col.label")),
                    alt.Tooltip("dist:N", title=t("entropy.tip.dist")),
                    alt.Tooltip("prob:Q", title=t("entropy.chart.p"), format=".4f"),
                ],
            )
        )
        st.altair_chart(chart, width="stretch")
    if math.isinf(ce):
        st.warning(t("entropy.ce.inf"))
    else:
        st.latex(rf"\mathrm{{KL}}(p\,\|\,q) = H(p,q) - H(p) = {fmt(ce)} - {fmt(h)} = {fmt(kl)}\ \text{{bits}}")
    if true >= 0:
        bits, nats = float(surprisal(q)[true]), float(surprisal(q, base=math.e)[true])  # the one-hot loss
        st.success(
            t("entropy.ce.onehot_explain", label=labels[true], q=f"{q[true]:.4f}", bits=fmt(bits), nats=fmt(nats))
        )
    st.page_link("pages/softmax.py", label=t("entropy.ce.softmax_link"), icon=":material/arrow_forward:")
