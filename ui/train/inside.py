"""Inside the trained network: filters, feature maps, confusion matrix, softmax bars and "Try it"."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from core.display import to_display
from core.images import WORKING_SIDE, ImageError, load_image_info
from core.training import Trainer
from ui.common.binding import Setting
from ui.common.i18n import relabel_choices, t
from ui.train import state as train_state
from ui.train.controls import class_labels, to_uint8

MAX_MAPS = 8  # channels shown per layer
MAX_FILTERS = 32
MAX_EXAMPLES = 12
TILE = 56  # pixels per shown map or filter

# Picks that depend on the run's dataset: they stay out of the URL.
IMAGE = Setting("train_img", 0, url=False)  # a validation image
CELL_TRUE = Setting("train_cm_true", 0, url=False)  # a confusion-matrix cell: true class …
CELL_PRED = Setting("train_cm_pred", 1, url=False)  # … and predicted class


def _enlarge(image: np.ndarray, size: int = TILE) -> np.ndarray:
    """Nearest-neighbour enlargement so a 3×3 kernel is not blurred by the browser."""
    s = max(1, size // max(image.shape[:2]))
    return np.repeat(np.repeat(image, s, axis=0), s, axis=1)


def filters_view(tr: Trainer) -> None:
    w = tr.filters()  # (C_out, C_in, k, k)
    st.caption(t("train.inside.filters_help", n=w.shape[0], c=w.shape[1], k=w.shape[2]))
    vmax = float(np.abs(w).max()) or 1.0  # one colour scale for all filters, so they compare
    tiles = []
    for kernel in w[:MAX_FILTERS]:
        img = kernel[0] if kernel.shape[0] != 3 else kernel.transpose(1, 2, 0)  # (k, k) or (k, k, 3)
        tiles.append(_enlarge(to_display(img, vmax=vmax)[0]))
    st.image(tiles, width=TILE, caption=[str(i + 1) for i in range(len(tiles))])
    st.caption(t("train.inside.colors", vmax=f"{vmax:.3g}"))


def pick_image(tr: Trainer) -> int:
    n_val = len(tr.dataset.y_val)
    if IMAGE.value > n_val - 1:
        st.session_state[IMAGE.key] = 0  # a smaller dataset than before: start again at the first image
    col, _ = st.columns([1, 3])
    return int(IMAGE.widget(col.number_input, t("train.inside.pick"), 0, max(0, n_val - 1), step=1))


def feature_maps_view(tr: Trainer, idx: int) -> None:
    x = tr.dataset.x_val[idx]  # (C, H, W)
    st.image(_enlarge(to_uint8(x), 96), width=96, caption=t("train.inside.input"))
    for name, maps in tr.feature_maps(x):
        shown = maps[:MAX_MAPS]  # (≤8, H, W)
        vmax = float(np.abs(shown).max()) or 1.0
        st.markdown(t("train.inside.layer", name=name, c=maps.shape[0], h=maps.shape[1], w=maps.shape[2]))
        st.image([_enlarge(to_display(m, vmax=vmax)[0]) for m in shown], width=TILE)
    st.caption(t("train.inside.maps_help", n=MAX_MAPS))


def confusion_view(tr: Trainer) -> None:
    cm = tr.confusion_matrix()
    names = class_labels(tr.dataset)
    true_ax, pred_ax, count = t("train.inside.true"), t("train.inside.pred"), t("train.inside.count")
    df = pd.DataFrame(
        [(names[i], names[j], int(cm[i, j])) for i in range(len(names)) for j in range(len(names))],
        columns=[true_ax, pred_ax, count],
    )
    base = alt.Chart(df).encode(
        x=alt.X(pred_ax, type="nominal", sort=names),
        y=alt.Y(true_ax, type="nominal", sort=names),
        tooltip=[true_ax, pred_ax, count],
    )
    heat = base.mark_rect().encode(color=alt.Color(count, type="quantitative", scale=alt.Scale(scheme="blues")))
    dark = alt.datum[count] > max(1, int(cm.max())) / 2  # white digits on the dark cells
    text = base.mark_text().encode(
        text=alt.Text(count, type="quantitative"), color=alt.condition(dark, alt.value("white"), alt.value("black"))
    )
    st.altair_chart((heat + text).properties(height=min(420, 60 + 32 * len(names))), width="stretch")
    st.caption(t("train.inside.cm_help", acc=f"{tr.evaluate():.1%}"))
    classes = range(len(names))
    for cell in (CELL_TRUE, CELL_PRED):
        if cell.value >= len(names):
            del st.session_state[cell.key]  # fewer classes than the previous run's dataset: back to the default
    # The options are class numbers shown by name, and the built-in shapes' names are translated: a prefix
    # for Setting(labels=...) cannot say that, so these two keys are relabelled after a language switch here.
    relabel_choices(CELL_TRUE.key, CELL_PRED.key)
    c1, c2 = st.columns(2)
    i = CELL_TRUE.widget(c1.selectbox, t("train.inside.cell_true"), classes, format_func=names.__getitem__)
    j = CELL_PRED.widget(c2.selectbox, t("train.inside.cell_pred"), classes, format_func=names.__getitem__)
    idx = tr.misclassified(i, j)
    kind = "train.inside.cell_hits" if i == j else "train.inside.cell_misses"
    st.markdown(t(kind, count=len(idx), true=names[i], pred=names[j]))
    if len(idx):
        probs = tr.predict(tr.dataset.x_val[idx[:MAX_EXAMPLES]])
        st.image(
            [_enlarge(to_uint8(tr.dataset.x_val[k]), 72) for k in idx[:MAX_EXAMPLES]],
            width=72,
            caption=[f"#{k} · {p[j]:.0%}" for k, p in zip(idx, probs)],
        )


def _prob_bars(probs: np.ndarray, names: list[str], *, highlight: int | None = None) -> None:
    cls, prob = t("train.inside.class"), t("train.inside.prob")
    df = pd.DataFrame({cls: names, prob: probs, "hit": [k == highlight for k in range(len(names))]})
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X(cls, type="nominal", sort=None),
            y=alt.Y(prob, type="quantitative", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
            color=alt.condition(alt.datum.hit, alt.value("#2e7d32"), alt.value("#90a4ae")),
            tooltip=[cls, alt.Tooltip(prob, format=".2%")],
        )
        .properties(height=220)
    )
    st.altair_chart(chart, width="stretch")


def softmax_view(tr: Trainer, idx: int) -> None:
    names = class_labels(tr.dataset)
    x, y = tr.dataset.x_val[idx], int(tr.dataset.y_val[idx])
    probs = tr.predict(x)[0]
    left, right = st.columns([1, 3])
    left.image(_enlarge(to_uint8(x), 96), width=96, caption=t("train.inside.truth", name=names[y]))
    with right:
        _prob_bars(probs, names, highlight=y)
    guess = int(np.argmax(probs))
    st.caption(
        t(
            "train.inside.softmax_help",
            guess=names[guess],
            p=f"{probs[guess]:.1%}",
            loss=f"{-np.log(max(probs[y], 1e-12)):.3f}",
        )
    )
    c1, c2 = st.columns(2)
    c1.page_link("pages/softmax.py", label=t("train.inside.link_softmax"), icon=":material/tune:")
    c2.page_link("pages/convolution.py", label=t("train.inside.link_conv"), icon=":material/grid_on:")


@st.cache_data(max_entries=4, show_spinner=False)
def _decode(data: bytes) -> np.ndarray:
    """Decode once per distinct upload, not on every rerun of the page (refusals raise and are not cached).

    The working size is plenty: the model sees at most 48×48 pixels, and a phone photo decodes far faster.
    """
    return load_image_info(data, max_side=WORKING_SIDE).image


def try_it_view(tr: Trainer) -> None:
    st.caption(t("train.try.help"))
    upload = st.file_uploader(
        t("train.try.label"), type=["png", "jpg", "jpeg", "webp", "gif", "bmp", "tif", "tiff"], key="train_try"
    )
    if upload is None:
        return
    try:
        image = _decode(upload.getvalue())
        x = tr.dataset.preprocess(image)  # (C, H, W) like the training images
    except ImageError as err:
        st.error(
            t(f"train.try.error.{err.code}") if f"train.try.error.{err.code}" in _codes() else t("train.try.failed")
        )
        return
    except ValueError:
        st.error(t("train.try.failed"))
        return
    probs = tr.predict(x)[0]
    names = class_labels(tr.dataset)
    c1, c2, c3 = st.columns([1, 1, 3])
    c1.image(image, width=120, caption=t("train.try.original"))
    c2.image(_enlarge(to_uint8(x), 120), width=120, caption=t("train.try.seen", h=x.shape[1], w=x.shape[2]))
    with c3:
        k = min(5, len(names))
        top = train_state.top_k(probs, k)
        st.markdown(t("train.try.topk", k=k))
        _prob_bars(np.array([p for _, p in top]), [names[i] for i, _ in top], highlight=None)


def _codes() -> set[str]:
    from ui.common.i18n import TEXT

    return set(TEXT)
