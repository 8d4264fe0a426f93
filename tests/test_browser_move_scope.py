"""Issue 21: a control reruns only what it feeds. /convolution: a pooling control reruns the pooling section, not
the piece or its walk-through; /train: a hyper-parameter reruns the run's part, not the architecture above it.

Each test reads the deltas the server sends for one move (the websocket's ForwardMsgs, decoded with Streamlit's
protobuf) and names the widgets among them by their labels.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.test_browser import _settle, fresh_page
from ui.common.i18n import TEXT

pytestmark = pytest.mark.browser


def _labels(frames: list[bytes]) -> list[str]:
    """Labels of the widgets (sliders, radios, buttons) among the new elements of these frames."""
    labels = []
    for raw in frames:
        msg = ForwardMsg()
        try:
            msg.ParseFromString(raw)
        except Exception:  # not a ForwardMsg (cannot happen on Streamlit's socket; keep the test's message clear)
            continue
        if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
            continue
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        label = getattr(getattr(element, kind), "label", None) if kind else None
        if isinstance(label, str) and label:
            labels.append(label)
    return labels


def _move(page, label: str, frames: list[bytes], key: str = "ArrowRight") -> list[str]:
    frames.clear()
    page.locator(f'input[type="range"][aria-label="{label}"]').first.focus()
    page.keyboard.press(key)
    _settle(page)
    return _labels(frames)


EN = {key: value["en"] for key, value in TEXT.items() if "en" in value}


@contextmanager
def _recording(path: str):
    """A fresh page at ``/path?lang=en``, settled, and the list the server's binary frames are recorded into."""
    with fresh_page() as (page, base):
        frames: list[bytes] = []
        page.on(
            "websocket", lambda ws: ws.on("framereceived", lambda p: frames.append(p) if isinstance(p, bytes) else 0)
        )
        page.goto(f"{base}/{path}?lang=en")
        _settle(page)
        yield page, frames


def test_a_pooling_move_sends_the_pooling_section_and_not_the_piece():
    with _recording("convolution") as (page, frames):
        sent = _move(page, EN["convolution.pool.stride"], frames, "ArrowLeft")
        assert re.search(r"[?&]cv_ps=1(&|$)", page.url)
        assert EN["convolution.pool.stride"] in sent  # the pooling section was drawn again ...
        pool_steps = [label for label in sent if label.startswith(EN["convolution.step.position"].split("{")[0])]
        assert len(pool_steps) == 1  # ... with its own walk-through's slider: the pooling one, not the convolution's
        assert EN["convolution.crop.row"] not in sent  # the piece was not
        assert EN["convolution.crop.size"] not in sent
        assert "→ after pooling 1×477×637" in page.inner_text("body")  # 478×638 map, 2×2 window, stride 1

        sent = _move(page, EN["convolution.crop.row"], frames)  # the piece moves: its walk and the pooling walk follow
        assert EN["convolution.crop.row"] in sent
        assert EN["convolution.pool.stride"] in sent


def test_an_epochs_move_on_train_does_not_send_the_architecture():
    with _recording("train") as (page, frames):
        sent = _move(page, EN["train.hyper.epochs"], frames)
        assert re.search(r"[?&]train_epochs=16(&|$)", page.url)
        assert EN["train.hyper.epochs"] in sent  # the hyper-parameters and the run were drawn again ...
        assert EN["train.arch.blocks"] not in sent  # ... the architecture was not
        assert EN["train.arch.kernel"] not in sent

        sent = _move(page, EN["train.arch.blocks"], frames)  # an architecture move reruns what follows it too
        assert EN["train.arch.blocks"] in sent
        assert EN["train.hyper.epochs"] in sent
