"""Rendering of the entropy page: metrics, formula, Vega-Lite charts and tables. Every number comes from core."""

from __future__ import annotations

import math

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
from ui.common import charts as ch
from ui.common.i18n import t
from ui.common.safe import escape_md
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


def _symbol_axis(labels) -> dict:
    """Upright labels when they fit (a sideways Korean syllable is hard to read); overlapping ones are hidden."""
    labels = [str(s) for s in labels]
    if len(labels) <= 12 or max(map(len, labels)) <= 2:
        return {"labelAngle": 0, "labelOverlap": True}
    return {"labelAngle": -90, "labelOverlap": False, "labelFontSize": 9}


def _bits_top(finite: list[float], *, infinite: bool) -> tuple[float, float]:
    """(where ∞ is drawn, the axis' end): at least 0–1 (all zeros would collapse it), ∞ above every finite value
    and room above it for its "∞" label."""
    top = max([1.0, *finite])
    return (top * 1.25, top * 1.45) if infinite else (top, top)


def _inf_marks(present: bool, *, offset: str | None = None) -> list[dict]:
    """An upward arrow at the top of the axis labelled "∞", for the rows whose value is infinite.

    No layers at all when no value is infinite: an empty mark group has no accessible name (axe: svg-img-alt).
    """
    if not present:
        return []
    enc = {"xOffset": {"field": offset, "type": "nominal"}} if offset else {}
    arrow = {"mark": {"type": "point", "shape": "triangle-up", "filled": True, "size": 90, "color": ch.POSITIVE}}
    label = {"mark": {"type": "text", "text": "∞", "dy": -12, "fontSize": 15, "fontWeight": "bold"}}
    return [{**m, "transform": [{"filter": "datum.inf"}], "encoding": enc} for m in (arrow, label)]


def charts(table: pd.DataFrame) -> None:
    """Probability bars with surprisal; Huffman codeword length next to surprisal (∞ drawn as an arrow on top)."""
    data = _top(table)
    s = data["surprisal"].to_numpy(float)
    finite = [float(v) for v in s if np.isfinite(v)]
    infinite = bool(np.isinf(s).any())
    top, axis_end = _bits_top(finite, infinite=infinite)
    rows = [
        {
            "symbol": str(sym),
            "p": float(p),
            "s": min(float(v), top),
            "s_text": fmt(float(v), 3),
            "inf": bool(np.isinf(v)),
        }
        | {"huffman": code, "len": int(n)}
        for sym, p, v, code, n in zip(data["symbol"], data["p"], s, data["huffman"], data["huffman_len"])
    ]
    symbols = [r["symbol"] for r in rows]
    x = ch.nominal("symbol", t("entropy.col.label"), sort=symbols, axis=_symbol_axis(symbols))
    tips = [
        ch.tip("symbol", t("entropy.col.label"), kind="nominal"),
        ch.tip("p", "p", fmt=".4f"),
        ch.tip("s_text", t("entropy.col.surprisal"), kind="nominal"),
        ch.tip("huffman", t("entropy.col.huffman"), kind="nominal"),
    ]
    blue, orange = ch.OKABE_ITO["blue"], ch.POSITIVE
    bars = {
        "mark": {"type": "bar", "color": blue},
        "encoding": {"y": ch.quant("p", t("entropy.chart.p"), axis={"titleColor": blue})},
    }
    s_axis = {"titleColor": orange, "orient": "right"}
    line = {
        "mark": {"type": "line", "color": orange, "point": {"color": orange}},
        "transform": [{"filter": "!datum.inf"}],
    }
    surprisal = {
        "encoding": {"y": ch.quant("s", t("entropy.chart.surprisal"), scale={"domain": [0, axis_end]}, axis=s_axis)},
        "layer": [line, *_inf_marks(infinite)],
    }
    left_spec = ch.chart(
        rows, encoding={"x": x, "tooltip": tips}, layer=[bars, surprisal], resolve={"scale": {"y": "independent"}}
    )
    items = [t("entropy.desc.p_item", symbol=r["symbol"], p=ch.num(r["p"]), s=r["s_text"]) for r in rows]
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('entropy.chart.p_title')}**")
        summary = t("entropy.sum.p_bars", n=len(rows), items=ch.listing(items))
        ch.show(left_spec, description=t("entropy.desc.p_bars"), summary=summary)
    order = [t("entropy.col.huffman_len"), t("entropy.col.surprisal")]
    cap, axis_end = _bits_top([*finite, *(float(r["len"]) for r in rows)], infinite=infinite)
    long = [
        {**r, "measure": order[0], "bits": float(r["len"]), "bits_text": str(r["len"]), "inf": False} for r in rows
    ] + [{**r, "measure": order[1], "bits": cap if r["inf"] else r["s"], "bits_text": r["s_text"]} for r in rows]
    grouped = ch.chart(
        long,
        encoding={
            "x": x,
            "xOffset": ch.nominal("measure", None, sort=order),
            "y": ch.quant("bits", t("entropy.chart.bits"), scale={"domain": [0, axis_end]}),
            "tooltip": [
                *tips,
                ch.tip("measure", t("entropy.tip.measure"), kind="nominal"),
                ch.tip("bits_text", t("entropy.chart.bits"), kind="nominal"),
            ],
        },
        layer=[
            {"mark": "bar", "encoding": {"color": ch.series("measure", order, colors=[blue, orange])}},
            *_inf_marks(infinite, offset="measure"),
        ],
    )
    items = [t("entropy.desc.len_item", symbol=r["symbol"], n=r["len"], s=r["s_text"]) for r in rows]
    with right:
        st.markdown(f"**{t('entropy.chart.len_title')}**")
        summary = t("entropy.sum.lengths", n=len(rows), items=ch.listing(items))
        ch.show(grouped, description=t("entropy.desc.lengths"), summary=summary)


SURPRISAL_EXAMPLE = 0.25  # the note halves this p once


def surprisal_curves() -> None:
    """−log₂ p next to 1/p on (0, 1]: the notes call surprisal "inversely proportional" to p; it is logarithmic."""
    grid = np.linspace(0.05, 1.0, 96)
    names = ["−log₂ p", "1/p"]
    rows = [{"p": float(p), "value": float(v), "curve": names[0]} for p, v in zip(grid, surprisal(grid))]
    rows += [{"p": float(p), "value": float(1.0 / p), "curve": names[1]} for p in grid]
    value = t("entropy.surprisal.value")
    spec = ch.chart(
        rows,
        mark="line",
        encoding={
            "x": ch.quant("p", "p"),
            "y": ch.quant("value", value),
            "color": ch.series("curve", names),
            "strokeDash": ch.dashes("curve", names),
            "tooltip": [
                ch.tip("curve", t("entropy.surprisal.curve"), kind="nominal"),
                ch.tip("p", "p", fmt=".3f"),
                ch.tip("value", value, fmt=".3f"),
            ],
        },
    )
    p1, p2 = SURPRISAL_EXAMPLE, SURPRISAL_EXAMPLE / 2
    s1, s2, s0 = (float(v) for v in surprisal([p1, p2, 1.0]))
    st.markdown(f"**{t('entropy.surprisal.title')}**")
    numbers = {
        "p1": f"{p1:g}",
        "p2": f"{p2:g}",
        "s1": f"{s1:g}",
        "s2": f"{s2:g}",
        "r1": f"{1 / p1:g}",
        "r2": f"{1 / p2:g}",
    }
    ch.show(spec, description=t("entropy.desc.surprisal", lo=f"{grid[0]:g}", **numbers))
    st.caption(t("entropy.surprisal.note", **numbers, s0=f"{abs(s0):g}", r0=f"{1 / 1.0:g}"))


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
    spec = ch.chart(
        [{"code": name, "bits": float(bits)} for name, bits in rows],
        mark={"type": "bar", "color": ch.OKABE_ITO["blue"]},
        encoding={
            "y": ch.nominal("code", None, sort=[name for name, _ in rows], axis={"labelLimit": 300}),
            "x": ch.quant("bits", x_title),
            "tooltip": [
                ch.tip("code", t("entropy.tip.code"), kind="nominal"),
                ch.tip("bits", t("entropy.chart.bits"), fmt=tip),
            ],
        },
    )
    ch.show(spec, description=t("entropy.desc.codes", title=x_title))  # the numbers: the metrics above


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
    h = float(binary_entropy([p])[0])
    tips = [ch.tip("p", "p", fmt=".2f"), ch.tip("H", t("entropy.tip.h_bits"), fmt=".4f")]
    enc = {"x": ch.quant("p", "p", scale={"domain": [0, 1]}), "y": ch.quant("H", "H(p)", scale={"domain": [0, 1]})}
    line = {
        "data": ch.named("curve"),
        "mark": {"type": "line", "color": ch.OKABE_ITO["blue"]},
        "encoding": {**enc, "tooltip": tips},
    }
    dot = {
        "data": ch.named("dot"),
        "mark": {"type": "point", "size": 150, "filled": True, "color": ch.POSITIVE, "clip": False},
        "encoding": {**enc, "tooltip": tips},
    }
    st.markdown(f"**{t('entropy.binary.curve')}**")
    datasets = {
        "curve": [{"p": float(g), "H": float(v)} for g, v in zip(grid, binary_entropy(grid))],
        "dot": [{"p": float(p), "H": h}],
    }
    summary = t("entropy.sum.binary", p=f"{p:.2f}", h=fmt(h, 3))
    ch.show(ch.chart(layer=[line, dot], datasets=datasets), description=t("entropy.desc.binary"), summary=summary)


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


def _ce_chart(labels: tuple[str, ...], p: np.ndarray, q: np.ndarray) -> None:
    """p and q side by side for each symbol (the CHART_MAX likeliest under p)."""
    order = np.argsort(-p, kind="stable")[:CHART_MAX] if len(p) > CHART_MAX else np.arange(len(p))
    symbols = [str(labels[i]) for i in order]
    rows = [
        {"symbol": symbols[k], "dist": d, "prob": float(v[i])}
        for k, i in enumerate(order)
        for d, v in (("p", p), ("q", q))
    ]
    spec = ch.chart(
        rows,
        mark="bar",
        encoding={
            "x": ch.nominal("symbol", t("entropy.col.label"), sort=symbols, axis=_symbol_axis(symbols)),
            "xOffset": ch.nominal("dist", None, sort=["p", "q"]),
            "y": ch.quant("prob", t("entropy.chart.p")),
            "color": ch.series("dist", ["p", "q"]),
            "tooltip": [
                ch.tip("symbol", t("entropy.col.label"), kind="nominal"),
                ch.tip("dist", t("entropy.tip.dist"), kind="nominal"),
                ch.tip("prob", t("entropy.chart.p"), fmt=".4f"),
            ],
        },
    )
    items = [f"{symbols[k]} p {ch.num(float(p[i]))} q {ch.num(float(q[i]))}" for k, i in enumerate(order)]
    ch.show(spec, description=t("entropy.desc.ce"), summary=t("entropy.sum.ce", n=len(order), items=ch.listing(items)))


def cross_entropy_view(labels: tuple[str, ...], p: np.ndarray, q: np.ndarray, true: int) -> None:
    h, ce, kl = entropy(p), cross_entropy(p, q), kl_divergence(p, q)
    nats = [entropy(p, base=math.e), cross_entropy(p, q, base=math.e), kl_divergence(p, q, base=math.e)]
    frame = pd.DataFrame(  # st.table: cheaper in the browser than st.dataframe; its cells are Markdown
        {
            escape_md(t("entropy.ce.quantity")): [escape_md(v) for v in ("H(p)", "H(p, q)", "KL(p‖q)")],
            escape_md(t("entropy.ce.bits")): [escape_md(fmt(v)) for v in (h, ce, kl)],
            escape_md(t("entropy.ce.nats")): [escape_md(fmt(v)) for v in nats],
        }
    )
    left, right = st.columns([2, 3])
    with left:
        st.table(frame, hide_index=True)
    with right:
        _ce_chart(labels, p, q)
    if math.isinf(ce):
        st.warning(t("entropy.ce.inf"))
    else:
        st.latex(rf"\mathrm{{KL}}(p\,\|\,q) = H(p,q) - H(p) = {fmt(ce)} - {fmt(h)} = {fmt(kl)}\ \text{{bits}}")
    if true >= 0:
        bits, nats = float(surprisal(q)[true]), float(surprisal(q, base=math.e)[true])  # the one-hot loss
        st.success(
            t(
                "entropy.ce.onehot_explain",
                label=escape_md(str(labels[true])),
                q=f"{q[true]:.4f}",
                bits=fmt(bits),
                nats=fmt(nats),
            )
        )
    st.page_link("pages/softmax.py", label=t("entropy.ce.softmax_link"), icon=":material/arrow_forward:")
