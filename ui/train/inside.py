"""Inside the trained network: filters, feature maps, confusion matrix, softmax bars and "Try it"."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import streamlit as st

from core.display import to_display
from core.errors import CoreError
from core.images import WORKING_SIDE, ImageError
from core.training import Trainer
from ui.common import a11y
from ui.common import charts as ch
from ui.common.binding import Setting
from ui.common.i18n import relabel_choices, t
from ui.common.safe import escape_md
from ui.common.uploads import failure_text, image_limits_text, is_failure, read_image
from ui.train import state as train_state
from ui.train.controls import class_labels, to_uint8

if TYPE_CHECKING:
    from streamlit.delta_generator import DeltaGenerator

MAX_MAPS = 8  # channels shown per layer
MAX_FILTERS = 32
MAX_EXAMPLES = 12
TILE = 56  # pixels per shown map or filter
CELL_MIN, CELL_MAX = 40, 110  # confusion-matrix cell side in pixels

# Picks that depend on the run's dataset: they stay out of the URL.
IMAGE = Setting("train_img", 0, url=False)  # a validation image
CELL_TRUE = Setting("train_cm_true", 0, url=False)  # a confusion-matrix cell: true class …
CELL_PRED = Setting("train_cm_pred", 1, url=False)  # … and predicted class
_AUTO_KEY = "train_auto_picks"  # {"image" | "cell": ((model id, status), value)}: the picks made for the student

TABS = ("filters", "maps", "confusion", "softmax", "try", "compare", "export")  # in order; label: train.tab.<name>
TABS_KEY = "train_inside_tab"  # the tabs widget: its value is the open tab's label, in the page's language
_OPEN_KEY = "train_inside_open"  # the open tab's name: kept across a language switch and runs without the tabs


def tabs() -> dict[str, DeltaGenerator]:
    """The tabs of "Inside the network" by name; each one's ``.open`` says whether the student has it open.

    The tabs keep state (``on_change="rerun"``): a click reruns the page, which fills only the open tab (a
    student sees one; the others cost a rerun their drawing). Streamlit keeps the open tab as its label, and
    after a language switch the old language's label names no tab (the first would open): the open tab is
    remembered by name and its label set again in the new language, as ``relabel_choices`` does for choices.
    """
    labels = {name: t(f"train.tab.{name}") for name in TABS}
    clicked = st.session_state.get(TABS_KEY)
    name = next((n for n, label in labels.items() if label == clicked), None)
    if name is None:  # a language switch, or the tabs were not on the page (a run computing, another page)
        name = st.session_state.get(_OPEN_KEY)
        name = name if name in labels else TABS[0]
        st.session_state[TABS_KEY] = labels[name]
    st.session_state[_OPEN_KEY] = name
    return dict(zip(TABS, st.tabs(list(labels.values()), key=TABS_KEY, on_change="rerun"), strict=True))


def _enlarge(image: np.ndarray, size: int = TILE) -> np.ndarray:
    """Nearest-neighbour enlargement so a 3×3 kernel is not blurred by the browser."""
    s = max(1, size // max(image.shape[:2]))
    return np.repeat(np.repeat(image, s, axis=0), s, axis=1)


def filters_view(tr: Trainer) -> None:
    w = tr.filters()  # (C_out, C_in, k, k)
    st.caption(t("train.inside.filters_help", n=w.shape[0], c=w.shape[1], k=w.shape[2]))
    vmax = float(np.abs(w).max()) or 1.0  # one colour scale for all filters, so they compare
    tiles, alts = [], []
    for i, kernel in enumerate(w[:MAX_FILTERS]):
        img = kernel[0] if kernel.shape[0] != 3 else kernel.transpose(1, 2, 0)  # (k, k) or (k, k, 3)
        tiles.append(_enlarge(to_display(img, vmax=vmax)[0]))
        lo, hi = a11y.value_range(kernel)
        alts.append(t("train.alt.filter", i=i + 1, c=w.shape[1], k=w.shape[2], lo=lo, hi=hi))
    a11y.images(tiles, alts=alts, captions=[str(i + 1) for i in range(len(tiles))], width=TILE, pixelated=True)
    st.caption(t("train.inside.colors", vmax=f"{vmax:.3g}"))
    with st.expander(t("train.table.filters")):  # the numbers behind the pictures, for a screen reader too
        st.table(filter_table(w[:MAX_FILTERS]))


def filter_table(w: np.ndarray) -> pd.DataFrame:
    """One row per filter (C_out, C_in, k, k): its weights, channel by channel, row by row."""
    c, k = w.shape[1], w.shape[2]
    cols = [f"{'RGB'[ch] if c == 3 else ch + 1}·{r + 1},{q + 1}" if c > 1 else f"{r + 1},{q + 1}"
            for ch in range(c) for r in range(k) for q in range(k)]  # fmt: skip
    index = pd.Index([str(i + 1) for i in range(w.shape[0])], name=t("train.table.filter"))
    return pd.DataFrame(np.round(w.reshape(w.shape[0], -1), 3), index=index, columns=cols)


def typical_image(probs: np.ndarray, y: np.ndarray) -> int:
    """A validation image to open on: a correct answer with the median confidence of the correct answers.

    ``probs`` (N, K) are the model's probabilities, ``y`` (N,) the true classes. With no correct answer
    (an untrained model), the image of median p(true class) among all.
    """
    p_true = probs[np.arange(len(y)), y]
    pool = np.flatnonzero(probs.argmax(axis=1) == y)
    if not len(pool):
        pool = np.arange(len(y))
    ranked = pool[np.argsort(p_true[pool], kind="stable")]
    return int(ranked[len(ranked) // 2])


def largest_confusion(cm: np.ndarray) -> tuple[int, int] | None:
    """(true, predicted) of the off-diagonal cell with the most images; None if the model makes no mistake."""
    off = np.array(cm, dtype=np.int64)
    np.fill_diagonal(off, -1)
    i, j = np.unravel_index(int(np.argmax(off)), off.shape)
    return (int(i), int(j)) if off[i, j] > 0 else None


def _auto_pick(name: str, tr: Trainer, current, choose, apply) -> None:
    """Pick for the student (``apply(choose())``) for a new model, and again when it finishes training unless
    the student changed the last pick (``current()`` differs from it): then theirs stays.

    Not at every batch: a student stepping one batch at a time watches the same image change."""
    tag = (id(tr), tr.status)
    picks = st.session_state.setdefault(_AUTO_KEY, {})
    last = picks.get(name)
    if last is not None and last[0] == tag:
        return
    if last is None or last[0][0] != tag[0] or current() == last[1]:
        value = choose()
        apply(value)
        picks[name] = (tag, value)
    else:
        picks[name] = (tag, last[1])


def _set_image(idx: int) -> None:
    st.session_state[IMAGE.key] = idx


def pick_image(tr: Trainer) -> int:
    n_val = len(tr.dataset.y_val)
    if IMAGE.value > n_val - 1:
        st.session_state[IMAGE.key] = 0  # a smaller dataset than before: start again at the first image
    if n_val:  # open on a typical image, not on whatever comes first (often a confidently wrong one)
        _auto_pick(
            "image",
            tr,
            lambda: st.session_state.get(IMAGE.key),
            lambda: typical_image(tr.predict(tr.dataset.x_val), tr.dataset.y_val),
            _set_image,
        )
    col, _ = st.columns([1, 3])
    return int(IMAGE.widget(col.number_input, t("train.inside.pick"), 0, max(0, n_val - 1), step=1))


def feature_maps_view(tr: Trainer, idx: int) -> None:
    x = tr.dataset.x_val[idx]  # (C, H, W)
    _input_image(tr, idx, width=96, caption=t("train.inside.input"))
    rows = []
    for name, maps in tr.feature_maps(x):
        shown = maps[:MAX_MAPS]  # (≤8, H, W)
        vmax = float(np.abs(shown).max()) or 1.0
        st.markdown(t("train.inside.layer", name=name, c=maps.shape[0], h=maps.shape[1], w=maps.shape[2]))
        alts = []
        for i, m in enumerate(shown):
            lo, hi = a11y.value_range(m)
            alts.append(t("train.alt.map", i=i + 1, layer=name, h=m.shape[0], w=m.shape[1], lo=lo, hi=hi))
            rows.append((name, i + 1, float(m.min()), float(m.mean()), float(m.max())))
        a11y.images([_enlarge(to_display(m, vmax=vmax)[0]) for m in shown], alts=alts, width=TILE, pixelated=True)
    st.caption(t("train.inside.maps_help", n=MAX_MAPS))
    with st.expander(t("train.table.maps")):
        heads = [t(f"train.table.{k}") for k in ("layer", "map", "min", "mean", "max")]
        st.table(pd.DataFrame(rows, columns=heads).round(3).set_index(heads[:2]))


def _input_image(tr: Trainer, idx: int, *, width: int, caption: str) -> None:
    """A validation image, enlarged without blurring, with its text alternative."""
    x, y = tr.dataset.x_val[idx], int(tr.dataset.y_val[idx])
    alt = t("train.alt.image", idx=idx, name=class_labels(tr.dataset)[y], c=x.shape[0], h=x.shape[1], w=x.shape[2])
    a11y.image(_enlarge(to_uint8(x), width), alt=alt, caption=caption, width=width, pixelated=True)


def confusion_spec(cm: np.ndarray, names: list[str]) -> dict:
    """Square cells, every class named on both axes with upright labels, counts written in the cells."""
    true_ax, pred_ax, count = t("train.inside.true"), t("train.inside.pred"), t("train.inside.count")
    widest = max(ch.text_width(n) for n in names)
    cell = int(min(CELL_MAX, max(CELL_MIN, widest + 12)))  # wide enough for the longest name, upright
    rows = [
        {"true": names[i], "pred": names[j], "n": int(cm[i, j])} for i in range(len(names)) for j in range(len(names))
    ]
    half = max(1, int(cm.max())) / 2
    return ch.chart(
        rows,
        encoding={
            "x": ch.nominal(
                "pred",
                pred_ax,
                sort=names,
                scale={"domain": names},
                axis={"labelAngle": 0, "labelLimit": cell - 4, "orient": "top"},
            ),
            "y": ch.nominal("true", true_ax, sort=names, scale={"domain": names}, axis={"labelLimit": 0}),
            "tooltip": [
                ch.tip("true", true_ax, kind="nominal"),
                ch.tip("pred", pred_ax, kind="nominal"),
                ch.tip("n", count),
            ],
        },
        layer=[
            {"mark": "rect", "encoding": {"color": ch.quant("n", count, scale={"scheme": ch.SEQUENTIAL_SCHEME})}},
            {
                "mark": {"type": "text", "fontSize": 13},
                "encoding": {
                    "text": {"field": "n", "type": "quantitative"},
                    # white digits on the dark cells
                    "color": {"condition": {"test": f"datum.n > {half}", "value": "white"}, "value": "black"},
                },
            },
        ],
        width={"step": cell},
        height={"step": cell},
        autosize={"type": "pad"},
    )


def _confusion_chart(cm: np.ndarray, names: list[str]) -> None:
    items = ch.listing(f"{n} {int(cm[i, i])}/{int(cm[i].sum())}" for i, n in enumerate(names))
    total, correct = int(cm.sum()), int(np.trace(cm))
    summary = t("train.desc.cm", n=len(names), items=items, correct=correct, total=total)
    ch.show(confusion_spec(cm, names), description=t("train.about.cm"), summary=summary, width="content")


def confusion_view(tr: Trainer) -> None:
    cm = tr.confusion_matrix()
    names = class_labels(tr.dataset)
    _confusion_chart(cm, names)
    st.caption(t("train.inside.cm_help", acc=f"{tr.evaluate():.1%}"))
    with st.expander(t("train.table.confusion")):  # every count, not only the chart's colours
        shown = [escape_md(n) for n in names]  # st.table's cells and headers are Markdown; names come from a zip
        corner = pd.Index(shown, name=t("train.table.corner"))
        st.table(pd.DataFrame(cm.astype(int), index=corner, columns=shown))
    classes = range(len(names))
    for cell in (CELL_TRUE, CELL_PRED):
        if cell.value >= len(names):
            del st.session_state[cell.key]  # fewer classes than the previous run's dataset: back to the default
    # The options are class numbers shown by name, and the built-in shapes' names are translated: a prefix
    # for Setting(labels=...) cannot say that, so these two keys are relabelled after a language switch here.
    relabel_choices(CELL_TRUE.key, CELL_PRED.key)
    # open on the model's most frequent mistake (the default cell may well be empty)
    biggest = largest_confusion(cm)
    _auto_pick(
        "cell",
        tr,
        lambda: (st.session_state.get(CELL_TRUE.key), st.session_state.get(CELL_PRED.key)),
        lambda: biggest or (0, 0),
        _set_cell,
    )
    if biggest is None:
        st.caption(t("train.inside.no_mistakes"))
    c1, c2 = st.columns(2)
    i = CELL_TRUE.widget(c1.selectbox, t("train.inside.cell_true"), classes, format_func=names.__getitem__)
    j = CELL_PRED.widget(c2.selectbox, t("train.inside.cell_pred"), classes, format_func=names.__getitem__)
    idx = tr.misclassified(i, j)
    kind = "train.inside.cell_hits" if i == j else "train.inside.cell_misses"
    st.markdown(t(kind, count=len(idx), true=escape_md(names[i]), pred=escape_md(names[j])))
    if len(idx):
        probs = tr.predict(tr.dataset.x_val[idx[:MAX_EXAMPLES]])
        shown = idx[:MAX_EXAMPLES]
        a11y.images(
            [_enlarge(to_uint8(tr.dataset.x_val[k]), 72) for k in shown],
            alts=[
                t("train.alt.example", idx=k, true=names[i], pred=names[j], p=f"{p[j]:.0%}")
                for k, p in zip(shown, probs, strict=True)
            ],
            captions=[f"#{k} · {p[j]:.0%}" for k, p in zip(shown, probs, strict=True)],
            width=72,
            pixelated=True,
        )


def _set_cell(cell: tuple[int, int]) -> None:
    st.session_state[CELL_TRUE.key], st.session_state[CELL_PRED.key] = cell


def _prob_bars(probs: np.ndarray, names: list[str], *, highlight: int | None = None) -> None:
    """Horizontal bars: every class name is written in full, upright, in both languages."""
    cls, prob = t("train.inside.class"), t("train.inside.prob")
    rows = [
        {"class": n, "p": float(p), "label": f"{p:.1%}", "hit": k == highlight}
        for k, (n, p) in enumerate(zip(names, probs))
    ]
    y = ch.nominal("class", cls, sort=list(names), axis={"labelLimit": 0, "labelAngle": 0})
    bars = {
        "mark": {"type": "bar", "stroke": "black"},
        "encoding": {
            "x": ch.quant("p", prob, scale={"domain": [0, 1]}, axis={"format": "%"}),
            "color": {"condition": {"test": "datum.hit", "value": ch.OKABE_ITO["blue"]}, "value": ch.GREY},
            "strokeWidth": {"condition": {"test": "datum.hit", "value": 2}, "value": 0},  # the true class outlined
            "tooltip": [ch.tip("class", cls, kind="nominal"), ch.tip("p", prob, fmt=".2%")],
        },
    }
    text = {
        "mark": {"type": "text", "align": "left", "dx": 4, "color": "gray"},
        "encoding": {"x": {"field": "p", "type": "quantitative"}, "text": {"field": "label"}},
    }
    spec = ch.chart(rows, encoding={"y": y}, layer=[bars, text], height={"step": 26})
    items = ch.listing(f"{n} {p:.1%}" for n, p in zip(names, probs))
    key = "train.desc.probs_true" if highlight is not None else "train.desc.probs"
    true = names[highlight] if highlight is not None else ""
    summary = t(key, n=len(names), items=items, true=true) if true else t(key, n=len(names), items=items)
    ch.show(spec, description=t("train.about.probs"), summary=summary)


def softmax_view(tr: Trainer, idx: int) -> None:
    names = class_labels(tr.dataset)
    x, y = tr.dataset.x_val[idx], int(tr.dataset.y_val[idx])
    probs = tr.predict(x)[0]
    left, right = st.columns([1, 3])
    with left:
        _input_image(tr, idx, width=96, caption=t("train.inside.truth", name=names[y]))
    with right:
        _prob_bars(probs, names, highlight=y)
    guess = int(np.argmax(probs))
    st.caption(
        t(
            "train.inside.softmax_help",
            guess=escape_md(names[guess]),
            p=f"{probs[guess]:.1%}",
            loss=f"{-np.log(max(probs[y], 1e-12)):.3f}",
        )
    )
    if guess != y:  # say it: a wrong answer shown without comment reads as the model's typical behaviour
        st.info(
            t(
                "train.inside.softmax_wrong",
                guess=escape_md(names[guess]),
                true=escape_md(names[y]),
                acc=f"{tr.evaluate():.1%}",
            ),
            icon=":material/error:",
        )
    c1, c2 = st.columns(2)
    c1.page_link("pages/softmax.py", label=t("train.inside.link_softmax"), icon=":material/tune:")
    c2.page_link("pages/convolution.py", label=t("train.inside.link_conv"), icon=":material/grid_on:")


def try_it_view(tr: Trainer, *, shown: bool = True) -> None:
    """The uploader, and the model's answer for the upload. With the tab closed (``shown=False``) only the
    uploader and its captions are drawn: a widget left off the page loses its state, the student's photo with it.
    """
    st.caption(t("train.try.help"))
    upload = st.file_uploader(
        t("train.try.label"), type=["png", "jpg", "jpeg", "webp", "gif", "bmp", "tif", "tiff"], key="train_try"
    )
    st.caption(image_limits_text(shrunk=False))  # the uploader's own text is English only
    if upload is None or not shown:
        return
    try:
        # once per content, at the working size (the model sees at most 48×48); a big photo in a worker
        image = read_image(upload.getvalue(), max_side=WORKING_SIDE, spinner=t("train.try.reading")).image
        x = tr.dataset.preprocess(image)  # (C, H, W) like the training images
    except ImageError as err:
        st.error(
            t(f"train.try.error.{err.code}") if f"train.try.error.{err.code}" in _codes() else t("train.try.failed")
        )
        return
    except CoreError as err:
        if not is_failure(err):
            raise
        st.error(failure_text(err))  # the model and the page stay as they were
        return
    except ValueError:
        st.error(t("train.try.failed"))
        return
    probs = tr.predict(x)[0]
    names = class_labels(tr.dataset)
    c1, c2, c3 = st.columns([1, 1, 3])
    with c1:
        alt = t("train.alt.upload", h=image.shape[0], w=image.shape[1])
        a11y.image(image, alt=alt, caption=t("train.try.original"), width=120, fmt="JPEG")  # a photo: JPEG
    with c2:
        alt = t("train.alt.seen", c=x.shape[0], h=x.shape[1], w=x.shape[2])
        caption = t("train.try.seen", h=x.shape[1], w=x.shape[2])
        a11y.image(_enlarge(to_uint8(x), 120), alt=alt, caption=caption, width=120, pixelated=True)
    with c3:
        k = min(5, len(names))
        top = train_state.top_k(probs, k)
        st.markdown(t("train.try.topk", k=k))
        _prob_bars(np.array([p for _, p in top]), [names[i] for i, _ in top], highlight=None)
    st.caption(t("train.try.domain", k=len(names)))


def _codes() -> set[str]:
    from ui.common.i18n import TEXT

    return set(TEXT)
