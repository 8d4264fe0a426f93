"""Issue 11: a finished run's "Inside the network" fills only the open tab (every tab was drawn on every rerun).

AppTest cannot click a tab: a test opens one as the browser does, by putting its label into the tabs widget's
state (``open_tab``).
"""

from __future__ import annotations

import io
import json
import re
import time

import numpy as np
import pytest
from PIL import Image

from tests.apptest_utils import open_page, raw_keys
from ui.common.i18n import TEXT
from ui.train.inside import TABS, TABS_KEY

PAGE = "pages/train.py"


def _said(key: str, lang: str, texts: list[str]) -> bool:
    """Is one of ``texts`` the sentence ``key`` in ``lang``, whatever fills its placeholders?"""
    pattern = ".*".join(re.escape(part) for part in re.split(r"\{[a-z_]+\}", TEXT[key][lang]))
    return any(re.fullmatch(pattern, text, flags=re.S) for text in texts)


def _captions(at) -> list[str]:
    return [c.value for c in at.caption]


# What only each tab draws. "Try it" without an upload draws what it keeps while closed (its help, the uploader,
# the limits): test_a_photo_in_try_it_stays_while_another_tab_is_open checks what it computes only when open.
MARKERS = {
    "filters": lambda at, lang: _said("train.inside.filters_help", lang, _captions(at)),
    "maps": lambda at, lang: any(m.value.startswith("**conv1**") for m in at.markdown),
    "confusion": lambda at, lang: any(s.key == "train_cm_true" for s in at.selectbox),
    "softmax": lambda at, lang: _said("train.inside.softmax_help", lang, _captions(at)),
    "compare": lambda at, lang: _said("train.compare.help", lang, _captions(at)),
    "export": lambda at, lang: any(d.key == "train_dl_weights" for d in at.download_button),
}


def _ok(at):
    assert not at.exception, [e.value for e in at.exception]
    assert not raw_keys(at), raw_keys(at)


def _finished(lang: str, **query: str):
    """/train after a one-epoch digits run has finished (the run may train in a worker between reruns)."""
    at = open_page(PAGE, lang, query={"train_epochs": "1", **query}, timeout=120)
    at.button(key="train_start").click().run()
    deadline = time.monotonic() + 180  # only stops a hang: not a timing assertion
    while True:
        run = at.session_state["train_run"]
        if run.trainer.status == "done" and not run.running:
            break
        assert time.monotonic() < deadline, "the run did not finish"
        time.sleep(0.05)
        at.run()
    at.run()
    _ok(at)
    return at


def open_tab(at, name: str, lang: str):
    """Open a tab as a click does: its label, in the page's language, becomes the tabs widget's value."""
    at.session_state[TABS_KEY] = TEXT[f"train.tab.{name}"][lang]
    return at.run()


def _confusion_charts(at, lang: str) -> list[dict]:
    """The charts whose x axis is the model's guess: the confusion matrix."""
    specs = [json.loads(el.proto.spec) for el in at.get("vega_lite_chart")]
    return [s for s in specs if s.get("encoding", {}).get("x", {}).get("title") == TEXT["train.inside.pred"][lang]]


def _filled(at) -> list[str]:
    """Labels of the tabs with content."""
    return [tab.label for tab in at.tabs if len(tab.children)]


def _assert_open(at, name: str, lang: str) -> None:
    """``name`` is the only tab filled (a closed "Try it" keeps just its uploader), and its content is there."""
    labels = [tab.label for tab in at.tabs]
    assert labels == [TEXT[f"train.tab.{n}"][lang] for n in TABS]  # every tab is there, named in the language
    try_label = TEXT["train.tab.try"][lang]
    assert set(_filled(at)) - {try_label} == {TEXT[f"train.tab.{name}"][lang]} - {try_label}, _filled(at)
    closed_try = next(tab for tab in at.tabs if tab.label == try_label)
    assert len(closed_try.children) == 3 and TEXT["train.try.help"][lang] in _captions(at)  # no upload: no more
    for other, drawn in MARKERS.items():
        assert drawn(at, lang) == (other == name), (other, name)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_only_the_open_tab_is_drawn_and_every_tab_opens(lang):
    at = _finished(lang)
    _assert_open(at, "filters", lang)  # the first tab opens by default
    # the confusion matrix's chart, table and pickers exist only with its tab open
    charts = _confusion_charts(at, lang)
    assert not charts and not [s for s in at.selectbox if s.key == "train_cm_true"]
    open_tab(at, "confusion", lang)
    _ok(at)
    _assert_open(at, "confusion", lang)
    charts = _confusion_charts(at, lang)
    assert len(charts) == 1
    for name in TABS:
        open_tab(at, name, lang)
        _ok(at)
        _assert_open(at, name, lang)


def test_the_open_tab_survives_reruns_language_switches_and_picks():
    at = _finished("ko")
    open_tab(at, "confusion", "ko")
    at.run()
    _assert_open(at, "confusion", "ko")
    for lang in ("en", "ko", "en"):  # the labels change with the language; the open tab does not
        at.radio(key="lang").set_value(lang).run()
        _ok(at)
        _assert_open(at, "confusion", lang)
        assert at.session_state[TABS_KEY] == TEXT["train.tab.confusion"][lang]
    # picking a confusion-matrix cell keeps its tab open, and shows that cell
    at.selectbox(key="train_cm_true").set_value(3).run()
    at.selectbox(key="train_cm_pred").set_value(3).run()
    _assert_open(at, "confusion", "en")
    hits = int(at.session_state["train_run"].trainer.confusion_matrix()[3, 3])
    assert TEXT["train.inside.cell_hits"]["en"].format(count=hits, true="3", pred="3") in [m.value for m in at.markdown]
    # the image picker above the tabs keeps the softmax tab open, and the tab shows the new image
    open_tab(at, "softmax", "en")
    for idx in (3, 7):
        at.number_input(key="train_img").set_value(idx).run()
        _ok(at)
        _assert_open(at, "softmax", "en")
        tr = at.session_state["train_run"].trainer
        probs, y = tr.predict(tr.dataset.x_val[idx])[0], int(tr.dataset.y_val[idx])
        guess = int(np.argmax(probs))
        names = [str(n) for n in tr.dataset.class_names]
        said = TEXT["train.inside.softmax_help"]["en"].format(
            guess=names[guess], p=f"{probs[guess]:.1%}", loss=f"{-np.log(max(probs[y], 1e-12)):.3f}"
        )
        assert said in _captions(at)


def test_the_open_tab_comes_back_after_a_run_hid_the_tabs():
    """While a run computes the tabs are not drawn (the widget's state goes); the tab opens again after it."""
    at = _finished("en", train_pace="slow")
    open_tab(at, "maps", "en")
    at.button(key="train_start").click().run()  # a new run: "Inside the network" waits for it
    assert not at.tabs
    at.button(key="train_pause").click().run()
    _ok(at)
    _assert_open(at, "maps", "en")


def test_a_photo_in_try_it_stays_while_another_tab_is_open():
    at = _finished("en")
    open_tab(at, "try", "en")
    buffer = io.BytesIO()
    Image.fromarray(np.full((40, 40, 3), 200, np.uint8)).save(buffer, "PNG")
    at.file_uploader(key="train_try").set_value(("photo.png", buffer.getvalue(), "image/png")).run()
    topk = TEXT["train.try.topk"]["en"].format(k=5)
    assert topk in [m.value for m in at.markdown]
    open_tab(at, "softmax", "en")
    _assert_open(at, "softmax", "en")
    assert topk not in [m.value for m in at.markdown]  # closed: no prediction is computed for it
    open_tab(at, "try", "en")
    _ok(at)
    assert topk in [m.value for m in at.markdown]  # the upload is still there
