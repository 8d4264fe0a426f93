"""Student journeys that only a real browser shows (issue 12): widgets the browser rebuilds, line breaks.

AppTest keeps a widget's value when its range changes; the browser does not (a slider whose range changes is
a new widget there, which falls back to its minimum unless the page gives it a value).
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from tests.test_browser import _settle, fresh_page
from ui.common.i18n import TEXT
from ui.common.shell import PAGES


def _slider_value(page, label: str) -> int:
    slider = page.get_by_role("slider", name=label)
    slider.wait_for(timeout=60_000)
    return int(float(slider.input_value()))  # what the student sees on the slider


def _crop(page) -> tuple[int, int]:
    """The piece's centre (row, column) as the sliders show it."""
    return tuple(_slider_value(page, TEXT[f"convolution.crop.{axis}"]["en"]) for axis in ("row", "col"))


def _menu(page, name: str) -> None:
    page.locator('[data-testid="stSidebarNavLink"]').nth([p.name for p in PAGES].index(name)).click()
    _settle(page)


def _photo(tmp_path) -> str:
    """A 1024×768 photo: taller and wider than the 480×640 sample, so the sample's centre is inside it."""
    yy, xx = np.mgrid[0:768, 0:1024]
    pixels = np.stack([xx % 256, yy % 256, (xx // 4 + yy // 4) % 256], -1).astype(np.uint8)
    path = tmp_path / "photo.png"
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


@pytest.mark.browser
def test_crop_follows_the_picture_and_the_upload_survives_the_train_page(tmp_path):
    with fresh_page() as (page, base):
        page.goto(f"{base}/convolution?lang=en")
        _settle(page)
        assert _crop(page) == (239, 319)  # the sample's centre
        page.get_by_text(TEXT["convolution.input.upload"]["en"], exact=True).click()
        _settle(page)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(_photo(tmp_path))
        page.get_by_text("`1×768×1024`").or_(page.get_by_text("1×768×1024")).first.wait_for(timeout=60_000)
        _settle(page)
        assert _crop(page) == (383, 511)  # the photo's centre (the old code showed row 0 here)

        _menu(page, "train")
        _menu(page, "convolution")
        assert page.locator('[data-testid="stException"]').count() == 0
        kept = TEXT["convolution.upload.kept"]["en"].format(name="photo.png")
        page.get_by_text(kept).wait_for(timeout=60_000)  # "My image" is still the picture: no upload again
        assert _crop(page) == (383, 511)

        page.get_by_text(TEXT["convolution.input.sample"]["en"], exact=True).click()
        _settle(page)
        assert _crop(page) == (239, 319)  # back to the sample: its centre


@pytest.mark.browser
def test_korean_card_terms_stay_on_one_line():
    with fresh_page() as (page, base):
        page.goto(f"{base}/?lang=ko")
        _settle(page)
        for term in ("(conv\u00a0&\u00a0pool)", "(train\u00a0a\u00a0CNN)", "(activation\u00a0functions)"):
            caption = page.get_by_text(term, exact=True)
            caption.wait_for(timeout=60_000)
            box = caption.bounding_box()
            line = caption.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 20")
            assert box["height"] < 1.6 * line, (term, box, line)  # one line, never "(conv &" / "pool)"
