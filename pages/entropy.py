"""Entropy & cross-entropy explorer: how many bits does a message need?"""

import streamlit as st

from ui.common.i18n import t
from ui.common.shell import page_start
from ui.entropy import controls as ec
from ui.entropy import view as ev
from ui.entropy.quiz import quiz_section

page_start()
st.title(t("nav.entropy"))
st.write(t("entropy.intro"))

mode = ec.MODE.widget(st.segmented_control, t("entropy.mode.label"), required=True)
dist = ec.distribution(mode)  # shows its own errors and keeps the last valid distribution

table = ev.code_table(dist)
st.header(t("entropy.section.bits"))
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

st.header(t("entropy.section.ce"))
st.write(t("entropy.ce.intro"))
p, q, true = ec.q_input(dist)  # shows its own errors and keeps the last valid q
ev.cross_entropy_view(dist.labels, p, q, true)
st.caption(t("entropy.ce.why_loss"))
st.page_link("pages/softmax.py", label=t("entropy.ce.why_loss_link"), icon=":material/functions:")
quiz_section(dist)

ec.publish_state(mode)
