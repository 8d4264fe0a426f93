"""Accessibility without a browser: text alternatives (ui/common/a11y.py), theme contrast, heading order.

The browser side (axe-core on every page, the keyboard) is tests/test_accessibility.py.
"""

from __future__ import annotations

import ast
import base64
import html
import io
import re
import tomllib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.apptest_utils import open_page
from ui.common import a11y
from ui.common.i18n import LANGS, TEXT
from ui.common.shell import PAGES

ROOT = Path(__file__).resolve().parent.parent
THEME = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]

# Streamlit 1.67's own colours where config.toml sets none (read from the page in Chromium): the main
# background and the sidebar's, and the default text colours. Captions and other secondary text are the
# text colour at 60 % opacity ("fadedText60" in Streamlit's frontend).
DEFAULTS = {
    "light": {"textColor": "#2f2d2b", "backgrounds": ("#ffffff", "#f8f8f7")},
    "dark": {"textColor": "#edebe8", "backgrounds": ("#171614", "#21201d")},
}
FADED_ALPHA = 0.6


def _backgrounds(mode: str) -> tuple[str, str]:
    """The page's background (config.toml's, else Streamlit's) and the sidebar's."""
    main, sidebar = DEFAULTS[mode]["backgrounds"]
    return THEME.get(mode, {}).get("backgroundColor", main), sidebar


def _rgb(hex_colour: str) -> np.ndarray:
    h = hex_colour.lstrip("#")
    return np.array([int(h[i : i + 2], 16) for i in (0, 2, 4)], float)


def _luminance(rgb: np.ndarray) -> float:
    c = rgb / 255
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(lin @ [0.2126, 0.7152, 0.0722])


def contrast(fg: np.ndarray, bg: np.ndarray) -> float:
    """WCAG 2 contrast ratio of two opaque sRGB colours (0–255)."""
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_contrast_formula_matches_known_values():
    assert contrast(_rgb("#000000"), _rgb("#ffffff")) == pytest.approx(21.0)
    assert contrast(_rgb("#767676"), _rgb("#ffffff")) == pytest.approx(4.54, abs=0.01)  # the AA grey
    # the measurement: Streamlit's default caption grey on white
    assert contrast(_rgb("#828180"), _rgb("#ffffff")) == pytest.approx(3.9, abs=0.05)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_secondary_text_meets_aa_in_both_modes(mode):
    """Captions (text colour at 60 %) on the page and on the sidebar reach 4.5:1; body text 7:1."""
    text = _rgb(THEME.get(mode, {}).get("textColor", DEFAULTS[mode]["textColor"]))
    for background in _backgrounds(mode):
        bg = _rgb(background)
        faded = FADED_ALPHA * text + (1 - FADED_ALPHA) * bg  # what the browser blends
        assert contrast(faded, bg) >= 4.5, (mode, background, contrast(faded, bg))
        assert contrast(text, bg) >= 7.0, (mode, background)


def test_the_old_default_text_colour_failed():
    """The check above can fail: Streamlit's default light text colour gives captions under 4.5:1."""
    text, bg = _rgb(DEFAULTS["light"]["textColor"]), _rgb("#ffffff")
    assert contrast(FADED_ALPHA * text + (1 - FADED_ALPHA) * bg, bg) < 4.5


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_accent_colour_reads_as_text(mode):
    """The accent as text (a slider's value, the chosen segment on a 10 % tint of the accent): 4.5:1."""
    accent = _rgb(THEME[mode]["primaryColor"])
    for background in _backgrounds(mode):
        bg = _rgb(background)
        assert contrast(accent, bg) >= 4.5, (mode, background)
        assert contrast(accent, 0.1 * accent + 0.9 * bg) >= 4.5, (mode, background)


def test_light_accent_carries_white_text():
    """A multiselect's chips are white text on the accent; in dark mode no accent passes both ways (README)."""
    assert contrast(_rgb("#ffffff"), _rgb(THEME["light"]["primaryColor"])) >= 4.5
    # white on a colour of luminance L reaches 4.5:1 only for L <= 1.05 / 4.5 - 0.05; the colour as text on the
    # dark background (a tint of it only brightens that background) only for L >= 4.5 * (L_bg + 0.05) - 0.05
    darkest_text = 4.5 * (_luminance(_rgb(DEFAULTS["dark"]["backgrounds"][0])) + 0.05) - 0.05
    assert 1.05 / 4.5 - 0.05 < darkest_text
    # so the shell gives the chips their own background in both modes, one that carries white text
    from ui.common.shell import _CHIP_STYLE

    chip = _CHIP_STYLE.split("background-color:")[1].split("!")[0].strip()
    assert contrast(_rgb("#ffffff"), _rgb(chip)) >= 4.5


# --- ui/common/a11y.py ---------------------------------------------------------------------------------


def _decode(uri: str) -> Image.Image:
    head, data = uri.split(",", 1)
    assert head.startswith("data:image/") and head.endswith(";base64")
    return Image.open(io.BytesIO(base64.b64decode(data)))


@pytest.mark.parametrize("shape", [(5, 7), (5, 7, 3), (5, 7, 4)])
def test_data_uri_png_keeps_every_pixel(shape):
    pixels = np.random.default_rng(0).integers(0, 256, shape, dtype=np.uint8)
    uri = a11y.data_uri(pixels)
    assert uri.startswith("data:image/png;base64,")
    np.testing.assert_array_equal(np.asarray(_decode(uri)), pixels)


def test_data_uri_is_keyed_on_content_not_on_shape():
    """Two pictures of one shape that differ in one pixel are two encodings (no stale cache hit)."""
    a = np.zeros((1200, 1000, 3), np.uint8)  # over a million values: Streamlit's hasher would sample these
    b = a.copy()
    b[600, 500] = 255
    assert a11y.data_uri(a, fmt="JPEG") != a11y.data_uri(b, fmt="JPEG")
    assert np.asarray(_decode(a11y.data_uri(b)))[600, 500].tolist() == [255, 255, 255]


def test_data_uri_passes_browser_formats_through_and_converts_others():
    buf = io.BytesIO()
    Image.new("RGB", (4, 3), (10, 20, 30)).save(buf, format="JPEG")
    jpeg = buf.getvalue()
    assert a11y.data_uri(jpeg) == "data:image/jpeg;base64," + base64.b64encode(jpeg).decode()
    buf = io.BytesIO()
    Image.new("RGB", (4, 3), (10, 20, 30)).save(buf, format="BMP")
    uri = a11y.data_uri(buf.getvalue())
    assert uri.startswith("data:image/png;base64,") and _decode(uri).size == (4, 3)


@pytest.mark.parametrize("bad", [np.zeros((3, 3), np.float32), np.zeros((3, 3, 2), np.uint8), np.zeros(3, np.uint8)])
def test_data_uri_refuses_what_is_not_a_picture(bad):
    with pytest.raises(ValueError, match="uint8"):
        a11y.data_uri(bad)
    with pytest.raises(ValueError, match="fmt"):
        a11y.data_uri(np.zeros((2, 2), np.uint8), fmt="GIF")


def test_figure_has_escaped_alt_caption_and_size():
    out = a11y.figure_html("data:image/png;base64,AAAA", alt='a "3" <b>', caption="x & y", width=56, pixelated=True)
    assert 'alt="a &quot;3&quot; &lt;b&gt;"' in out
    assert "<figcaption" in out and "x &amp; y" in out
    assert "width:56px" in out and "image-rendering:pixelated" in out
    assert "width:100%" in a11y.figure_html("data:,", alt="x", width="stretch")
    with pytest.raises(ValueError, match="text alternative"):
        a11y.figure_html("data:,", alt="  ")


def test_strip_joins_tiles_with_transparent_gaps():
    grey, rgb = np.full((4, 3), 7, np.uint8), np.full((4, 2, 3), 9, np.uint8)
    out = a11y.strip([grey, rgb], gap=5)
    assert out.shape == (4, 3 + 5 + 2, 4) and out.dtype == np.uint8
    assert (out[..., 3][:, :3] == 255).all() and (out[..., 3][:, 3:8] == 0).all() and (out[:, 8:, :3] == 9).all()
    with pytest.raises(ValueError, match="equal height"):
        a11y.strip([grey, np.zeros((5, 3), np.uint8)])
    with pytest.raises(ValueError, match="at least one"):
        a11y.strip([])


def test_ink_is_readable_on_every_colour():
    """The step-through's numbers on coloured cells: black or white, whichever gives at least 4.5:1."""
    rng = np.random.default_rng(0)
    for rgb in [*rng.integers(0, 256, (2000, 3)), (97, 146, 196), (0, 0, 0), (255, 255, 255), (118, 118, 118)]:
        ink = _rgb("#000000" if a11y.ink(rgb) == "#000" else "#ffffff")
        assert contrast(ink, np.asarray(rgb, float)) >= 4.5, rgb
    # the cell axe-core flagged (a blue of the diverging scale): white gave 3.2:1, black gives 6.5:1
    assert a11y.ink((97, 146, 196)) == "#000"
    assert a11y.luminance((255, 255, 255)) == pytest.approx(1.0)


def test_value_range_for_alt_texts():
    assert a11y.value_range(np.array([[-0.41234, 4.1], [0.0, 2.0]])) == ("-0.412", "4.1")


# --- the app: no st.image left, every picture with an alt text, headings in order ---------------------------


def _sources():
    return sorted([*ROOT.glob("ui/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"])


def test_no_st_image_in_the_app():
    """st.image writes <img> without alt (Streamlit 1.67): every picture goes through ui.common.a11y."""
    found = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "image":
                owner = node.func.value
                if not (isinstance(owner, ast.Name) and owner.id == "a11y"):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, f"st.image without alt text: {found}"


def _pictures(at) -> list[str]:
    return [h.value for h in at.get("html") if "<img" in h.value]


def _alts(markup: str) -> list[str]:
    return [html.unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]*)"', markup)]


@pytest.mark.parametrize("lang", LANGS)
def test_convolution_pictures_say_what_they_show(lang):
    at = open_page("pages/convolution.py", lang)
    assert not at.exception
    alts = [a for p in _pictures(at) for a in _alts(p)]
    assert len(alts) >= 3 and all(a.strip() for a in alts), alts
    title = TEXT["convolution.output.feature"][lang]
    feature = next(a for a in alts if a.startswith(title))
    assert re.search(r"1×\d+×\d+", feature), feature  # its shape
    assert ("values from" if lang == "en" else "값") in feature  # and its value range
    assert all(p.count("<img") == p.count(" alt=") for p in _pictures(at))


@pytest.mark.parametrize("lang", LANGS)
def test_train_samples_are_one_picture_per_class_with_one_alt(lang):
    at = open_page("pages/train.py", lang, timeout=120)
    assert not at.exception
    alts = [a for p in _pictures(at) for a in _alts(p)]
    assert len(alts) == 10, alts  # the digits: one row picture per class, not 80 pictures
    expected = TEXT["train.alt.samples"][lang].format(n=8, name="3", h=8, w=8)
    assert expected in alts, alts


def _heading_levels(at) -> list[int]:
    return [int(node.tag[1]) for node in at.main if getattr(node, "type", None) in ("title", "header", "subheader")]


@pytest.mark.parametrize("spec", PAGES, ids=lambda p: p.name)
def test_headings_never_skip_a_level(spec):
    at = open_page(spec.script, "en", timeout=120)
    assert not at.exception
    levels = _heading_levels(at)
    assert levels and levels[0] == 1, levels
    jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert not jumps, f"{spec.name}: heading levels {levels}"
