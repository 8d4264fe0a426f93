"""Activations: plot and compare functions, measure their properties and the gradient flow they allow."""

import streamlit as st

from core.activations import ACTIVATIONS
from core.stacking import gradient_ratio
from ui.activations import controls, linear
from ui.activations import view as charts
from ui.activations.quiz import quiz_section
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

# ---------------------------------------------------------------- Maxout
st.header(t("activations.maxout"))
st.write(t("activations.maxout.intro", kmax=controls.MAXOUT_KMAX))
st.latex(r"\mathrm{maxout}(x) = \max_{i = 1, \dots, k} \left(w_i x + b_i\right)")
table, plot = st.columns([1, 3])
with table:
    weights, biases = controls.maxout_pieces()
charts.show_maxout(weights, biases, s.x_min, s.x_max, where=plot)

# ---------------------------------------------------------------- gradient flow
st.header(t("activations.flow"))
depth, init = controls.flow_controls()
st.write(t("activations.flow.intro", depth=depth, width=charts.FLOW_WIDTH, seed=charts.FLOW_SEED))
if not names:
    st.info(t("activations.pick_none"))
else:
    norms = charts.flow_norms(names, depth, init, s.params)
    charts.show_flow(norms, names, depth)
    for name, n in norms.items():
        first, last, ratio = f"{n[0]:.2e}", f"{n[-1]:.2e}", f"{gradient_ratio(n):.2e}"
        st.markdown(t("activations.flow.ratio", name=t(f"activations.fn.{name}"), first=first, last=last, ratio=ratio))
    st.caption(t("activations.flow.hint"))

# ---------------------------------------------------------------- why non-linear
st.header(t("activations.linear"))
linear.render(names, s.params)
quiz_section(names, depth, init, s.slope, s.params)

st.divider()
st.write(t("activations.next"))
link_a, link_b = st.columns(2)
link_a.page_link("pages/softmax.py", label=t("activations.link.softmax"), icon=":material/tune:")
link_b.page_link("pages/train.py", label=t("activations.link.train"), icon=":material/model_training:")
