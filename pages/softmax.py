"""Softmax: drive the logits and the temperature; watch the probabilities, the loss and its gradient.

The logits' widgets are drawn here; everything the temperature changes is one fragment (``ui/softmax/outputs.py``),
so a temperature move reruns only that part of the page.
"""

import streamlit as st

from ui.common.i18n import t
from ui.common.shell import page_start
from ui.softmax import controls as C
from ui.softmax import state as S
from ui.softmax import view as V
from ui.softmax.outputs import mark_outside_drawn, outputs, steps

page_start()
st.title(t("nav.softmax"))
S.init()
st.write(t("softmax.intro"))
V.messages(S.take_messages())

st.header(t("softmax.h.logits"))
left, right = st.columns([3, 2], gap="large")
with left:
    C.class_count()
    C.logit_rows()
with right:
    C.all_logits_box()
    C.target_select()
steps()  # the gradient steps move the logits: they belong with them, outside the temperature's fragment
mark_outside_drawn()
outputs()
