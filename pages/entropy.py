"""Entropy & cross-entropy explorer: how many bits does a message need?"""

import streamlit as st

from ui.common.i18n import option_labels, t
from ui.common.shell import page_start
from ui.entropy import controls as ec
from ui.entropy import view as ev
from ui.entropy.inputs import MODES, InputError, dist_from_rows, preset_rows

page_start()
st.title(t("nav.entropy"))

st.write(t("entropy.intro"))
ec.seed_state()

mode = st.segmented_control(
    t("entropy.mode.label"),
    MODES,
    key="ent_mode",
    persist_state="session",
    format_func=option_labels("entropy.mode.", MODES),
    required=True,
)
try:
    dist = ec.READERS[mode]()
    st.session_state["ent_last"] = dist
except InputError as err:
    st.error(t(err.key, **err.values), icon=":material/error:")
    dist = st.session_state.get("ent_last") or dist_from_rows(preset_rows("alphabet"), "alphabet")
    st.caption(t("entropy.err.kept"))

table = ev.code_table(dist)
st.subheader(t("entropy.section.bits"))
ev.summary(dist, table)
ev.formula(dist.p)
if dist.kind == "days":
    ev.days_view(dist)
elif dist.kind == "alphabet":
    ev.alphabet_view(dist, table)
elif dist.kind == "binary":
    ev.binary_curve(float(dist.p[0]))
elif dist.kind == "text":
    ev.text_view(dist, table)

ev.charts(table)
ev.surprisal_curves()
with st.expander(t("entropy.section.codes"), expanded=dist.kind == "days"):
    ev.table_view(table)

st.subheader(t("entropy.section.ce"))
st.write(t("entropy.ce.intro"))
p, q, true = ec.q_input(dist)  # shows its own errors and keeps the last valid q
ev.cross_entropy_view(dist.labels, p, q, true)

ec.publish_state()
