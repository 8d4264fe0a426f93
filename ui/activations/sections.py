"""The activations page's sections that a control of their own reruns alone (``st.fragment``).

A move of the depth slider, the initialisation radio or an edit of the Maxout pieces reruns only the section
that control feeds: the curves, formulas and tables above are not drawn again, in the browser or on the server.
Everything a fragment's controls change is drawn inside it (the flow's intro names the depth; the quiz asks
about the depth and the initialisation), so no sentence outside it can go stale.
"""

from __future__ import annotations

import streamlit as st

from core.stacking import gradient_ratio
from ui.activations import controls
from ui.activations import view as charts
from ui.activations.quiz import quiz_section
from ui.common.i18n import t


@st.fragment
def maxout(x_min: float, x_max: float) -> None:
    """The Maxout pieces' editor beside their chart; an edit reruns this section only."""
    table, plot = st.columns([1, 3])
    with table:
        weights, biases = controls.maxout_pieces()
    charts.show_maxout(weights, biases, x_min, x_max, where=plot)


@st.fragment
def flow_and_quiz(s: controls.Settings) -> None:
    """Depth and initialisation, the gradient-flow chart with its numbers, and the quiz that asks about them."""
    names = s.names
    depth, init = controls.flow_controls()
    st.write(t("activations.flow.intro", depth=depth, width=charts.FLOW_WIDTH, seed=charts.FLOW_SEED))
    if not names:
        st.info(t("activations.pick_none"))
    else:
        norms = charts.flow_norms(names, depth, init, s.params)
        charts.show_flow(norms, names)
        lines = []  # the chart's numbers, as text beside it (a screen reader's too): one element, not one per name
        for name, n in norms.items():
            first, last, ratio = f"{n[0]:.2e}", f"{n[-1]:.2e}", f"{gradient_ratio(n):.2e}"
            label = t(f"activations.fn.{name}")
            lines.append("- " + t("activations.flow.ratio", name=label, first=first, last=last, ratio=ratio))
        st.markdown("\n".join(lines))
        st.caption(t("activations.flow.hint"))
    quiz_section(names, depth, init, s.slope, s.params)
