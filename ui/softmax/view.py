"""Charts (plain Vega-Lite, with tooltips), formulas and tables of the softmax page."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.softmax import ShiftCheck, SoftmaxParts, TwoClassParts
from ui.common import charts as ch
from ui.common.i18n import t
from ui.common.safe import escape_md

ACCENT, MUTED, GOOD = ch.POSITIVE, ch.GREY, ch.NEGATIVE  # Okabe–Ito vermillion, grey, blue


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
    kinds = [t("softmax.bar.argmax"), t("softmax.bar.other")]
    rows = [
        {
            "class": name,
            "p": float(v),
            "label": f"{v:.3f}",
            "kind": kinds[0] if j == top else kinds[1],
            "true": j == target,
            "true_text": t("softmax.bar.yes") if j == target else t("softmax.bar.no"),
        }
        for j, (name, v) in enumerate(zip(labels, p))
    ]
    x = ch.nominal("class", None, sort=list(labels), axis={"labelAngle": 0, "labelLimit": 200})
    color = ch.series("kind", kinds, colors=[ACCENT, MUTED], legend_spec=ch.legend(orient="top"))
    color["legend"]["symbolStrokeWidth"] = 0
    bars = {
        "mark": {"type": "bar", "stroke": "black"},
        "encoding": {
            "y": ch.quant("p", "p", scale={"domain": [0, 1]}),
            "color": color,
            "strokeWidth": {"condition": {"test": "datum.true", "value": 3}, "value": 0},  # the true class outlined
            "tooltip": [
                ch.tip("class", t("softmax.col.name"), kind="nominal"),
                ch.tip("p", "p", fmt=".4f"),
                ch.tip("true_text", t("softmax.bar.true"), kind="nominal"),
            ],
        },
    }
    text = {
        "mark": {"type": "text", "dy": -7, "color": "gray"},
        "encoding": {"y": {"field": "p", "type": "quantitative"}, "text": {"field": "label"}},
    }
    spec = ch.chart(rows, encoding={"x": x}, layer=[bars, text])
    items = ch.listing(f"{name} {v:.3f}" for name, v in zip(labels, p))
    summary = [
        t("softmax.sum.probs", n=len(labels), items=items),
        t("softmax.argmax_note", name=labels[top], p=f"{p[top]:.3f}", true=labels[target]),
    ]
    ch.show(spec, description=t("softmax.desc.probs"), summary=summary)


def table(columns: dict[str, list]) -> None:
    """A small static table (``st.table``: cheaper in the browser than ``st.dataframe``); its cells are Markdown,
    so every header and cell (class names come from the URL) is escaped."""
    frame = pd.DataFrame({escape_md(k): [escape_md(str(v)) for v in col] for k, col in columns.items()})
    st.table(frame, hide_index=True)


def formula(labels: list[str], z: np.ndarray, parts: SoftmaxParts, target: int) -> None:
    """The softmax formula, then the same formula with this run's numbers for the true class."""
    st.latex(r"p_j = \frac{e^{z_j / T}}{\sum_k e^{z_k / T}}")
    shift = parts.shift
    exp_head = "e^(z/T)" if shift == 0 else f"e^(z/T − {_num(shift)})"
    table(
        {
            "j": list(range(1, len(labels) + 1)),
            t("softmax.col.name"): labels,
            "z": [_num(v) for v in z],
            "z / T": [_num(v) for v in parts.scaled],
            exp_head: [_num(v) for v in parts.exps],
            "p": [f"{v:.4f}" for v in parts.probs],
        }
    )
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


def gradient_chart(labels: list[str], grad: np.ndarray, temperature: float) -> None:
    """Bars of dL/dz: positive bars go down under a step, the negative (true-class) bar goes up."""
    move = [t("softmax.grad.down") if g > 0 else t("softmax.grad.up") if g < 0 else "·" for g in grad]
    rows = [
        {"class": name, "grad": float(g), "label": f"{g:+.3f}", "move": m} for name, g, m in zip(labels, grad, move)
    ]
    x = ch.nominal("class", None, sort=list(labels), axis={"labelAngle": 0, "labelLimit": 200})
    bars = {
        "mark": "bar",
        "encoding": {
            "x": x,
            # ~g: a gradient of 1e-200 reads "1e-200", not a row of zeros cut off at the axis
            "y": ch.quant("grad", "∂L/∂z", axis={"format": "~g"}),
            "color": {"condition": {"test": "datum.grad > 0", "value": ch.POSITIVE}, "value": ch.NEGATIVE},
            "tooltip": [
                ch.tip("class", t("softmax.col.name"), kind="nominal"),
                ch.tip("grad", "∂L/∂z", fmt="+.4f"),
                ch.tip("move", t("softmax.grad.move"), kind="nominal"),
            ],
        },
    }
    text = {
        "x": ch.nominal("class", None, sort=list(labels)),
        "y": {"field": "grad", "type": "quantitative"},
        "text": {"field": "label"},
    }
    above = {
        "transform": [{"filter": "datum.grad >= 0"}],
        "mark": {"type": "text", "dy": -7, "color": "gray"},
        "encoding": text,
    }
    below = {
        "transform": [{"filter": "datum.grad < 0"}],
        "mark": {"type": "text", "dy": 9, "color": "gray"},
        "encoding": text,
    }
    items = ch.listing(f"{name} {g:+.3f}" for name, g in zip(labels, grad))
    summary = [t("softmax.sum.grad", n=len(labels), items=items), t("softmax.grad_note", T=f"{temperature:g}")]
    ch.show(ch.chart(rows, layer=[bars, above, below]), description=t("softmax.desc.grad"), summary=summary)


def sigmoid_formula(pair: TwoClassParts) -> None:
    """Two classes: softmax's first probability next to sigmoid((z_1 - z_2) / T)."""
    st.latex(
        rf"\frac{{e^{{z_1/T}}}}{{e^{{z_1/T}} + e^{{z_2/T}}}} = {pair.softmax:.6f}"
        rf"\qquad \sigma\!\left(\frac{{z_1 - z_2}}{{T}}\right) = \sigma\!\left({_tex_num(pair.scaled_diff)}\right)"
        rf" = {pair.sigmoid:.6f}"
    )


def loss_chart(history: list[tuple[int, float]], note: str) -> None:
    rows = [{"step": int(s), "loss": float(v)} for s, v in history]
    spec = ch.chart(
        rows,
        mark={"type": "line", "point": True, "color": GOOD},
        encoding={
            "x": ch.quant("step", t("softmax.axis.step"), axis={"tickMinStep": 1}),
            "y": ch.quant("loss", t("softmax.axis.loss"), scale={"zero": True}),
            "tooltip": [ch.tip("step", t("softmax.axis.step")), ch.tip("loss", t("softmax.axis.loss"), fmt=".4f")],
        },
    )
    first, last = rows[0], rows[-1]
    numbers = t(
        "softmax.sum.loss",
        n=len(rows),
        s0=first["step"],
        l0=f"{first['loss']:.4f}",
        s1=last["step"],
        l1=f"{last['loss']:.4f}",
    )
    ch.show(spec, description=t("softmax.desc.loss"), summary=[numbers, note])


def stability_table(labels: list[str], check: ShiftCheck) -> None:
    table(
        {
            t("softmax.col.name"): labels,
            t("softmax.stab.original"): [_prob(v) for v in check.probs],
            t("softmax.stab.stable"): [_prob(v) for v in check.stable],
            t("softmax.stab.naive"): [_prob(v) for v in check.naive],
        }
    )


def entropy_chart(temps: np.ndarray, bits: np.ndarray, temperature: float, current: float, ceiling: float, k: int):
    """Entropy of the softmax output against T (log axis), the current T marked, ``ceiling`` = log2 K dashed.

    The layers' rows are named datasets and the y scale has no domain from Python (the dashed rule at log2 K is
    in it, so the axis reaches it): the spec string stays the same at every setting.
    """
    x = ch.quant(
        "T",
        t("softmax.axis.temperature"),
        scale={"type": "log", "domain": [float(temps[0]), float(temps[-1])], "nice": False},  # the slider's ends
    )
    y = ch.quant("H", t("softmax.axis.entropy"), scale={"zero": True})
    tips = [ch.tip("T", "T", fmt=".3g"), ch.tip("H", t("softmax.tip.entropy"), fmt=".3f")]
    line = {
        "data": ch.named("curve"),
        "mark": {"type": "line", "color": GOOD},
        "encoding": {"x": x, "y": y, "tooltip": tips},
    }
    rule = {
        "data": ch.named("ceiling"),
        "mark": {"type": "rule", "strokeDash": [4, 4], "color": MUTED},
        "encoding": {"y": {"field": "H", "type": "quantitative"}, "tooltip": [ch.tip("H", "log2 K", fmt=".3f")]},
    }
    point = {
        "data": ch.named("now"),
        "mark": {"type": "point", "size": 120, "filled": True, "color": ACCENT},
        "encoding": {"x": x, "y": y, "tooltip": tips},
    }
    datasets = {
        "curve": [{"T": float(a), "H": float(b)} for a, b in zip(temps, bits)],
        "ceiling": [{"H": float(ceiling)}],
        "now": [{"T": float(temperature), "H": float(current)}],
    }
    summary = t(
        "softmax.entropy_note",
        T=f"{temperature:g}",
        h=f"{current:.3f}",
        hmax=f"{ceiling:.3f}",
        k=k,
    )
    spec = ch.chart(layer=[line, rule, point], datasets=datasets)
    ch.show(spec, description=t("softmax.desc.entropy"), summary=summary)
