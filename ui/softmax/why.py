"""Why cross-entropy: both losses and their gradients side by side, and the saturation of the squared error.

Charts are plain Vega-Lite dicts (``ui.common.charts``): no altair on this section's reruns.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.saturation import TrueLogitSweep
from ui.common import charts as ch
from ui.common.i18n import t
from ui.common.safe import escape_md
from ui.softmax import state as S
from ui.softmax.view import table

CONFIDENT = 0.01  # p_true below this: a confident wrong answer, where the lesson shows


def side_by_side(labels: list[str], p: np.ndarray, target: int, ce: float, mse: float, ce_g, mse_g) -> None:
    """The two losses for the current logits, and each one's gradient on every logit (table and bars)."""
    ce_name, mse_name = t("softmax.why.ce"), t("softmax.why.mse")
    left, right = st.columns(2, gap="large")
    with left:  # both losses above their gradients (no row of columns of their own: fewer elements to send)
        st.metric(t("softmax.why.ce_loss"), f"{ce:.4f}")
        st.metric(t("softmax.why.mse_loss"), f"{mse:.4f}")
        table(
            {
                t("softmax.col.name"): labels,
                "p": [f"{v:.4f}" for v in p],
                f"∂/∂z {ce_name}": [f"{g:+.4g}" for g in ce_g],
                f"∂/∂z {mse_name}": [f"{g:+.4g}" for g in mse_g],
            }
        )
    rows = [{"class": n, "loss": ce_name, "grad": float(g)} for n, g in zip(labels, ce_g)]
    rows += [{"class": n, "loss": mse_name, "grad": float(g)} for n, g in zip(labels, mse_g)]
    spec = ch.chart(
        rows,
        mark="bar",
        height=300,  # the whole chart (axes and legend too) fits in it
        encoding={
            "x": ch.nominal("class", None, sort=list(labels), axis={"labelAngle": 0}),
            "xOffset": ch.nominal("loss", None, sort=[ce_name, mse_name]),
            "y": ch.quant("grad", "∂L/∂z", axis={"format": "~g"}),
            "color": ch.series("loss", [ce_name, mse_name]),
            "tooltip": [
                ch.tip("class", t("softmax.col.name"), kind="nominal"),
                ch.tip("loss", t("softmax.why.loss"), kind="nominal"),
                ch.tip("grad", "∂L/∂z", fmt="+.4g"),
            ],
        },
    )
    # the numbers are in the table beside it
    ch.show(spec, description=t("softmax.why.bars_desc"), where=right, key="sm_why_bars")


def lesson(name: str, p_true: float, temperature: float, ce_true: float, mse_true: float) -> None:
    """The button, then what the two gradients on the true logit say now (a sentence true for these numbers)."""
    name = escape_md(name)  # a class name from a link, in a button label and sentences (Markdown)
    st.button(
        t("softmax.why.wrong_button", name=name),
        key="sm_wrong",
        on_click=S.make_confidently_wrong,
        icon=":material/thumb_down:",
        help=t("softmax.why.wrong_help"),
    )
    values = {
        "name": name,
        "p": f"{p_true:.2g}",
        "ce": f"{ce_true:+.4f}",
        "limit": f"{-1 / temperature:+.4g}",
        "mse": f"{mse_true:+.2g}",
    }
    if p_true < CONFIDENT:
        ratio = abs(ce_true) / abs(mse_true) if mse_true != 0 else float("inf")
        shown = f"{ratio:,.0f}" if ratio >= 10 else f"{ratio:.2g}"  # "20,200", never "2.02e+04"
        st.warning(t("softmax.why.confident", ratio=shown, **values), icon=":material/lightbulb:")
    else:
        st.info(t("softmax.why.not_yet", **values), icon=":material/touch_app:")


def saturation_chart(sweep: TrueLogitSweep, p_true: float, ce_true: float, mse_true: float, temperature: float) -> None:
    """|∂L/∂z_true| against p_true (log axis) for both losses, the current logits marked."""
    ce_name, mse_name = t("softmax.why.ce"), t("softmax.why.mse")
    keys = [ce_name, mse_name]
    p_axis, g_axis = t("softmax.why.p_axis"), t("softmax.why.g_axis")
    rows = [{"p": float(p), "g": float(abs(g)), "loss": ce_name} for p, g in zip(sweep.p_true, sweep.ce_grad)]
    rows += [{"p": float(p), "g": float(abs(g)), "loss": mse_name} for p, g in zip(sweep.p_true, sweep.mse_grad)]
    now = [{"p": p_true, "g": abs(ce_true), "loss": ce_name}, {"p": p_true, "g": abs(mse_true), "loss": mse_name}]
    decades = [10.0**e for e in range(-6, 1)]  # one tick per decade: the log axis's own grid is dense
    x = ch.quant("p", p_axis, scale={"type": "log"}, axis={"format": "~g", "values": decades})
    y = ch.quant("g", g_axis)
    tips = [
        ch.tip("loss", t("softmax.why.loss"), kind="nominal"),
        ch.tip("p", p_axis, fmt=".3g"),
        ch.tip("g", g_axis, fmt=".4g"),
    ]
    line = {
        "mark": {"type": "line"},
        "data": ch.named("curves"),
        "encoding": {
            "x": x,
            "y": y,
            "color": ch.series("loss", keys),
            "strokeDash": ch.dashes("loss", keys),
            "tooltip": tips,
        },
    }
    point = {
        "mark": {"type": "point", "filled": True, "size": 110},
        "data": ch.named("now"),
        "encoding": {"x": x, "y": y, "color": ch.series("loss", keys, legend_spec=False), "tooltip": tips},
    }
    spec = ch.chart(
        title=t("softmax.why.chart_title"),
        layer=[line, point],
        datasets={"curves": rows, "now": now},
        height=380,  # title, axes, legend included
    )
    numbers = t(
        "softmax.why.chart_sum",
        limit=ch.num(1 / temperature),
        ce=ch.num(abs(float(sweep.ce_grad[0]))),
        mse=ch.num(abs(float(sweep.mse_grad[0]))),
        p=ch.num(float(sweep.p_true[0])),
    )
    summary = [numbers, t("softmax.why.chart_note")]
    ch.show(spec, description=t("softmax.why.chart_desc"), summary=summary, key="sm_why_sweep")
