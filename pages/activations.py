"""Activations: plot and compare functions, measure their properties and the gradient flow they allow."""

import streamlit as st

from core.activations import ACTIVATIONS
from ui.activations import controls, linear, sections
from ui.activations import view as charts
from ui.common.i18n import t
from ui.common.shell import page_start

page_start()
st.title(t("nav.activations"))

st.write(t("activations.intro"))
s = controls.settings()
names = s.names

# ---------------------------------------------------------------- curves and formulas
st.header(t("activations.curves"))
if not names:
    st.info(t("activations.pick_none"))
else:
    charts.show_curves(names, s.x_min, s.x_max, s.params)
    st.caption(t("activations.curves.caption"))
    with st.expander(t("activations.formulas"), icon=":material/functions:"):
        for name in names:
            st.markdown(f"**{t(f'activations.fn.{name}')}**")
            st.latex(ACTIVATIONS[name].latex)

    # ------------------------------------------------------------ properties
    st.header(t("activations.props"))
    st.dataframe(charts.properties_table(names, s.params), hide_index=True, key="act_props")
    st.caption(t("activations.props.caption"))

# ---------------------------------------------------------------- Maxout (an edit of its pieces reruns it alone)
st.header(t("activations.maxout"))
st.write(t("activations.maxout.intro", kmax=controls.MAXOUT_KMAX))
st.latex(r"\mathrm{maxout}(x) = \max_{i = 1, \dots, k} \left(w_i x + b_i\right)")
sections.maxout(s.x_min, s.x_max)

# ---------------------------------------------------------------- why non-linear
st.header(t("activations.linear"))
linear.render(names, s.params)

# ---------------------------------------------------------------- gradient flow and the quiz (the depth slider and
# the initialisation rerun this part alone: everything they change is drawn in it)
st.header(t("activations.flow"))
sections.flow_and_quiz(s)

st.divider()
st.write(t("activations.next"))
link_a, link_b = st.columns(2)
link_a.page_link("pages/softmax.py", label=t("activations.link.softmax"), icon=":material/tune:")
link_b.page_link("pages/train.py", label=t("activations.link.train"), icon=":material/model_training:")
