"""Home: the chain image → conv → activation → pool → logits → softmax → cross-entropy → training."""

import streamlit as st

from ui.common.i18n import t
from ui.common.shell import PAGES, page_start


def card_title(name: str) -> tuple[str, str | None]:
    """A page's menu title as a card heading: the name, and the English term in parentheses on a line of its own.

    A Korean title such as "합성곱·풀링 (conv & pool)" otherwise wraps inside the parentheses in a narrow card
    ("(conv &" / "pool)"); the term's spaces become non-breaking so it never splits.
    """
    title = t("nav." + name)
    head, sep, term = title.partition(" (")
    if not sep or not term.endswith(")"):
        return title, None
    return head, "(" + term.replace(" ", "\u00a0")


page_start()

st.title(t("home.title"))
st.write(t("home.intro"))
chain = ["image", "conv", "act", "pool", "logits", "softmax", "ce", "train"]
st.markdown("  →  ".join(f"**{t('home.chain.' + step)}**" for step in chain))
st.caption(t("home.chain.explain"))

cards = [p for p in PAGES if p.url_path]

# a first visit: the menu's order (the notes' order), one reason per step
with st.container(border=True):
    st.markdown(f"**{t('home.start.title')}**")
    st.caption(t("home.start.intro"))
    for number, spec in enumerate(cards, start=1):
        label = t("home.start.step", n=number, page=t("nav." + spec.name), why=t(f"home.start.{spec.name}"))
        st.page_link(spec.script, label=label, icon=spec.icon)

st.header(t("home.pages"))  # an h2 above the cards' h3 titles: heading levels go down one at a time
for row in range(0, len(cards), 3):
    for col, spec in zip(st.columns(3), cards[row : row + 3], strict=False):
        with col.container(border=True):
            head, term = card_title(spec.name)
            st.subheader(f"{spec.icon} {head}")
            if term:
                st.caption(term)
            st.write(t(f"home.card.{spec.name}.body"))
            st.page_link(spec.script, label=t("home.open"), icon=":material/arrow_forward:")
