"""Controls inside fragments (issue 21) in a real browser: a move reruns only its section, and the URL, the text
beside the charts and the quiz still follow it."""

from __future__ import annotations

import re

import pytest

from tests.test_browser import _settle, fresh_page
from ui.common.i18n import TEXT

pytestmark = pytest.mark.browser


def _move(page, label: str, key: str = "ArrowRight") -> None:
    page.locator(f'input[type="range"][aria-label="{label}"]').first.focus()
    page.keyboard.press(key)
    _settle(page)


def _param(page, name: str) -> str | None:
    found = re.search(rf"[?&]{name}=([^&]*)", page.url)
    return found.group(1) if found else None


def test_fragment_controls_keep_url_and_text_in_step():
    with fresh_page() as (page, base):
        page.goto(f"{base}/activations?lang=en&act_depth=20")
        _settle(page)
        _move(page, TEXT["activations.flow.depth"]["en"])
        assert _param(page, "act_depth") == "21"
        body = page.inner_text("body")
        assert "an MLP of 21 layers" in body  # the intro beside the chart names the depth drawn
        page.get_by_text(TEXT["quiz.title"]["en"]).first.click()
        _settle(page)
        assert "(21 layers," in page.inner_text("body")  # the quiz asks about the depth on the slider

        page.goto(f"{base}/convolution?lang=en")
        _settle(page)
        _move(page, TEXT["convolution.step.position"]["en"].format(n=36))
        assert _param(page, "cv_step") == "2"
        assert "filling row 1, column 2" in page.inner_text("body")  # the walk-through drew the new step
        _move(page, TEXT["convolution.crop.row"]["en"])
        assert _param(page, "cv_crow") is not None
        _move(page, TEXT["convolution.pool.stride"]["en"], "ArrowLeft")
        assert _param(page, "cv_ps") == "1"
        assert "→ after pooling 1×477×637" in page.inner_text("body")  # 478×638 map, 2×2 window, stride 1
