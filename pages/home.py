"""Home: the chain image → conv → activation → pool → logits → softmax → cross-entropy → training."""

import streamlit as st

from ui.common.i18n import t
from ui.common.shell import PAGES, page_start

page_start()

st.title(t("home.title"))
st.write(t("home.intro"))
chain = ["image", "conv", "act", "pool", "logits", "softmax", "ce", "train"]
st.markdown("  →  ".join(f"**{t('home.chain.' + step)}**" for step in chain))
st.caption(t("home.chain.explain"))

cards = [p for p in PAGES if p.url_path]
for row in range(0, len(cards), 3):
    for col, spec in zip(st.columns(3), cards[row : row + 3], strict=False):
        with col.container(border=True):
            st.subheader(f"{spec.icon} {t('nav.' + spec.name)}")
            st.write(t(f"home.card.{spec.name}.body"))
            st.page_link(spec.script, label=t("home.open"), icon=":material/arrow_forward:")
