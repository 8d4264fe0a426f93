"""Entropy & cross-entropy explorer: how many bits does a message need?"""

import streamlit as st

from ui.common.i18n import t
from ui.common.shell import page_start
from ui.entropy import controls as ec
from ui.entropy import view as ev
from ui.entropy.ce_section import ce_section
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

ce_section(dist, mode)  # a fragment: its controls rerun only it (and it keeps the URL up to date)
quiz_section(dist)
