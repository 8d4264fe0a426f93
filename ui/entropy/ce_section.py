"""The cross-entropy section as one ``st.fragment`` (issue 21: what a click costs the student's browser).

Its controls (one-hot, the true class, the kind of q, q's weights) change nothing above it, so a click on them
reruns only this section: the distribution's metrics, formula, charts and tables above are not sent again. The
distribution ``dist`` comes from the page's last full run (a change to it reruns the whole page, this too).
The URL is kept up to date here (``publish_state``), after a full run and after this section's own rerun.
"""

from __future__ import annotations

import streamlit as st

from ui.common.i18n import t
from ui.entropy import controls as ec
from ui.entropy import view as ev
from ui.entropy.parse import Dist


@st.fragment
def ce_section(dist: Dist, mode: str) -> None:
    st.header(t("entropy.section.ce"))
    st.write(t("entropy.ce.intro"))
    p, q, true = ec.q_input(dist)  # shows its own errors and keeps the last valid q
    ev.cross_entropy_view(dist.labels, p, q, true)
    st.caption(t("entropy.ce.why_loss"))
    st.page_link("pages/softmax.py", label=t("entropy.ce.why_loss_link"), icon=":material/functions:")
    ec.publish_state(mode)
