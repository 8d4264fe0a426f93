"""Student journeys (issue 12): what a student sees across page switches, first views and hints."""

from __future__ import annotations

import io

import numpy as np
import pytest
import streamlit as st
from PIL import Image

from core.images import FORMATS, MAX_PIXELS, MAX_WEBP_PIXELS, WORKING_SIDE
from core.softmax import breaking_shifts, shift_check
from core.training import activation_names
from core.zipdata import MIN_IMAGES_PER_CLASS, ZipLimits
from tests.apptest_utils import open_page, raw_keys, rerun_until
from tests.test_page_softmax import open_tab
from ui.common.i18n import TEXT
from ui.common.safe import escape_md
from ui.common.uploads import FORMAT_NAMES

LANGS = ["en", "ko"]
CONV = "pages/convolution.py"


def _text(key: str, lang: str, **values) -> str:
    entry = TEXT[key][lang]
    return entry.format(**values) if values else entry


def _ok(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not raw_keys(at), raw_keys(at)


def _png(width: int, height: int) -> bytes:
    yy, xx = np.mgrid[0:height, 0:width]
    pixels = np.stack([xx * 255 // max(1, width - 1), yy * 255 // max(1, height - 1), (xx + yy) % 256], -1)
    buffer = io.BytesIO()
    Image.fromarray(pixels.astype(np.uint8)).save(buffer, "PNG")
    return buffer.getvalue()


def _centre(at) -> tuple[int, int]:
    return at.session_state["cv_crow"], at.session_state["cv_ccol"]


def _captions(at) -> list[str]:
    return [c.value for c in at.caption]


# --- 1. the step-through's piece starts at the centre of whichever picture is shown ------------


def test_crop_starts_at_the_centre_of_every_new_picture():
    at = open_page(CONV, "en")
    assert _centre(at) == (239, 319)  # the 480×640 sample
    at.radio(key="cv_src").set_value("upload").run()
    at.file_uploader(key="cv_upload").upload("wide.png", _png(300, 200), "image/png").run()
    _ok(at)
    assert _centre(at) == (99, 149)
    at.slider(key="cv_crow").set_value(10).run()  # the student moves the piece: it stays there
    at.slider(key="cv_ccol").set_value(20).run()
    assert _centre(at) == (10, 20)
    at.radio(key="cv_src").set_value("sample").run()  # back to the sample: its centre, not the photo's (99, 149)
    _ok(at)
    assert _centre(at) == (239, 319)
    at.radio(key="cv_src").set_value("upload").run()  # the photo again: its centre
    assert _centre(at) == (99, 149)


def test_a_shared_links_crop_position_is_kept_on_the_first_picture():
    at = open_page(CONV, "en", query={"cv_crow": "12", "cv_ccol": "34"})
    _ok(at)
    assert _centre(at) == (12, 34)


# --- 2. the session keeps its last good upload across page switches ----------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_upload_survives_a_page_switch_and_can_be_forgotten(lang):
    at = open_page(CONV, lang)
    at.radio(key="cv_src").set_value("upload").run()
    at.file_uploader(key="cv_upload").upload("holiday.png", _png(300, 200), "image/png").run()
    at.slider(key="cv_crow").set_value(50).run()
    at.switch_page("pages/entropy.py").run()
    _ok(at)
    at.switch_page(CONV).run()
    _ok(at)
    assert at.session_state["cv_src"] == "upload"
    assert _text("convolution.upload.kept", lang, name=escape_md("holiday.png")) in _captions(at)
    assert _text("convolution.upload.hint", lang) not in [i.value for i in at.info]
    assert "`1×200×300`" in "\n".join(str(m.value) for m in at.markdown)  # the picture is convolved again
    assert _centre(at) == (50, 149)  # the same picture: the piece stays where the student left it
    at.button(key="cv_upload_forget").click().run()
    _ok(at)
    assert _text("convolution.upload.hint", lang) in [i.value for i in at.info]


# --- 14. the piece's frame can be found on any photo --------------------------------------------


@pytest.mark.parametrize("colour", [(128, 128, 128), (255, 255, 255), (0, 0, 0), (230, 20, 20)])
def test_crop_frame_is_thick_and_patterned_on_any_background(colour):
    from ui.convolution.steps import _boxed, frame_width

    image = np.full((768, 1024, 3), colour, np.uint8)
    top, left, size = 380, 500, 8
    out = _boxed(image, top, left, (size, size))
    np.testing.assert_array_equal(
        out[top : top + size, left : left + size], image[top : top + size, left : left + size]
    )
    band = frame_width(image.shape)
    assert 1 + 3 * band >= 1024 // 40  # the photo is shown shrunk to a column: a frame of a few pixels vanishes
    reach = 1 + 3 * band
    ring = out[top - reach : top + size + reach, left - reach : left + size + reach].reshape(-1, 3)
    seen = {tuple(int(v) for v in px) for px in ring}
    # black edges and red-and-white stripes: at least two of them contrast with any background
    assert {(0, 0, 0), (255, 255, 255), (230, 20, 20)} <= seen
    assert np.array_equal(out[top - reach - 1, left], image[top - reach - 1, left])  # nothing drawn beyond the frame


def test_crop_frame_at_the_corner_stays_inside_the_picture():
    from ui.convolution.steps import _boxed

    image = np.full((30, 40, 3), 128, np.uint8)
    out = _boxed(image, 0, 0, (5, 5))
    assert out.shape == image.shape
    np.testing.assert_array_equal(out[:5, :5], image[:5, :5])


# --- 7. the train page's first views ------------------------------------------------------------


def test_typical_image_is_a_correct_answer_of_median_confidence():
    from ui.train.inside import typical_image

    probs = np.array([[0.1, 0.9], [0.99, 0.01], [0.3, 0.7], [0.8, 0.2], [0.45, 0.55]])
    y = np.array([0, 0, 1, 0, 1])  # image 0 is confidently wrong
    assert typical_image(probs, y) == 3  # correct: 1 (0.99), 2 (0.7), 3 (0.8), 4 (0.55) → median 0.8
    assert typical_image(np.array([[0.9, 0.1], [0.8, 0.2]]), np.array([1, 1])) in (0, 1)  # none correct


def test_largest_confusion_is_the_biggest_off_diagonal_cell():
    from ui.train.inside import largest_confusion

    cm = np.array([[50, 0, 1], [2, 40, 7], [0, 3, 30]])
    assert largest_confusion(cm) == (1, 2)
    assert largest_confusion(np.diag([5, 5])) is None


def _trained(lang: str = "en"):
    at = open_page("pages/train.py", lang, query={"train_epochs": "1"}, timeout=120)
    at.button(key="train_start").click().run()
    rerun_until(at, lambda at: not at.session_state["train_run"].running)  # it trains in a worker meanwhile
    run = at.session_state["train_run"]
    assert run.trainer.status == "done"
    return at, run.trainer


def _open_tab(at, name: str, lang: str) -> None:
    """Open one tab of "Inside the network" (only the open tab is drawn), as a student's click does."""
    from ui.train.inside import TABS_KEY

    at.session_state[TABS_KEY] = TEXT[f"train.tab.{name}"][lang]
    at.run()


@pytest.mark.parametrize("lang", LANGS)
def test_train_first_views_open_on_a_typical_image_and_the_biggest_mistake(lang):
    from ui.train.inside import largest_confusion, typical_image

    at, tr = _trained(lang)
    _ok(at)
    probs = tr.predict(tr.dataset.x_val)
    idx = at.session_state["train_img"]
    assert idx == typical_image(probs, tr.dataset.y_val)
    assert int(np.argmax(probs[idx])) == int(tr.dataset.y_val[idx])  # correctly classified
    _open_tab(at, "softmax", lang)
    _ok(at)
    wrong_note = TEXT["train.inside.softmax_wrong"][lang].split("{")[0]
    links = [str(link.proto.label) for link in at.page_link]
    assert TEXT["train.inside.link_softmax"][lang] in links  # the softmax view is drawn: its note would be here
    assert not any(i.value.startswith(wrong_note) for i in at.info)
    _open_tab(at, "confusion", lang)
    _ok(at)
    cm = tr.confusion_matrix()
    cell = (at.session_state["train_cm_true"], at.session_state["train_cm_pred"])
    expected = largest_confusion(cm)
    assert expected is not None and cell == expected, (cell, cm)
    names = [str(n) for n in tr.dataset.class_names]
    shown = _text("train.inside.cell_misses", lang, count=int(cm[cell]), true=names[cell[0]], pred=names[cell[1]])
    assert shown in [m.value for m in at.markdown] and cm[cell] > 0

    # the student's own pick stays; a wrong image says it is wrong
    _open_tab(at, "softmax", lang)
    wrong = int(np.flatnonzero(probs.argmax(axis=1) != tr.dataset.y_val)[0])
    at.number_input(key="train_img").set_value(wrong).run()
    _ok(at)
    assert at.session_state["train_img"] == wrong
    guess, true = int(probs[wrong].argmax()), int(tr.dataset.y_val[wrong])
    note = _text("train.inside.softmax_wrong", lang, guess=names[guess], true=names[true], acc=f"{tr.evaluate():.1%}")
    assert note in [i.value for i in at.info]


@pytest.mark.parametrize("lang", LANGS)
def test_try_it_says_what_an_out_of_domain_answer_means(lang):
    at, tr = _trained(lang)
    _open_tab(at, "try", lang)
    flower = np.zeros((64, 64, 3), np.uint8)
    flower[16:48, 16:48] = (220, 40, 160)
    buffer = io.BytesIO()
    Image.fromarray(flower).save(buffer, "PNG")
    at.file_uploader(key="train_try").upload("flower.png", buffer.getvalue(), "image/png").run()
    _ok(at)
    assert _text("train.try.domain", lang, k=tr.dataset.n_classes) in _captions(at)


# --- 8. the softmax page's stability hint fits the current values ----------------------------------


@pytest.mark.parametrize("T", [0.05, 0.5, 1.0, 2.0, 5.0, 10.0, 14.0, 20.0])
def test_breaking_shifts_break_the_naive_formula_and_smaller_ones_do_not(T):
    z = np.array([2.0, 1.0, 0.1])
    for c in breaking_shifts(z, temperature=T, limit=1e4):
        if c is None:
            continue
        assert abs(c) <= 1e4
        assert shift_check(z, c, temperature=T).naive_failed
        inner = c - np.sign(c) * 100
        assert inner == 0 or not shift_check(z, inner, temperature=T).naive_failed


def test_breaking_shifts_none_where_no_shift_in_range_breaks_it():
    assert breaking_shifts([2.0, 1.0, 0.1], temperature=20.0, limit=1e4) == (None, None)


@pytest.mark.parametrize("lang", LANGS)
def test_softmax_hint_never_suggests_a_shift_that_works(lang):
    at = open_page("pages/softmax.py", lang, query={"sm_T": "2"})
    open_tab(at, "stability", lang)  # only the open tab is drawn
    _ok(at)
    assert at.session_state["sm_c"] == 1000.0  # the default shift, which does not break the formula at T = 2
    success = [s.value for s in at.success]
    hint = _text("softmax.naive_try_both", lang, up="1500", down="−1500")
    assert any(hint in s for s in success), success
    assert not any("1000" in s for s in success), success  # the old hint said "Try c = 1000" here
    at.select_slider(key="sm_temperature").set_value(20.0).run()
    _ok(at)
    unbreakable = _text("softmax.naive_unbreakable", lang, T="20", limit="10000")
    assert any(unbreakable in s for s in [s.value for s in at.success])
    at.select_slider(key="sm_temperature").set_value(1.0).run()  # at T = 1, c = 1000 does break it
    assert TEXT["softmax.naive_nan"][lang].split("{")[0] in at.warning[0].value


# --- 9. every uploader states its limits in the page's language ---------------------------------


def _image_caption(lang: str, *, shrunk: bool) -> str:
    mb = st.get_option("server.maxUploadSize")
    text = _text(
        "upload.image_limits",
        lang,
        types=", ".join(FORMAT_NAMES[f] for f in FORMATS),
        mb=mb,
        mp=f"{MAX_PIXELS / 1e6:g}",
        webp_mp=f"{MAX_WEBP_PIXELS / 1e6:g}",
    )
    return f"{text} {_text('upload.image_shrunk', lang, side=WORKING_SIDE)}" if shrunk else text


def test_upload_limit_comes_from_the_config():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text())
    assert st.get_option("server.maxUploadSize") == config["server"]["maxUploadSize"]


@pytest.mark.parametrize("lang", LANGS)
def test_convolution_uploader_states_its_limits(lang):
    at = open_page(CONV, lang)
    at.radio(key="cv_src").set_value("upload").run()
    _ok(at)
    assert _image_caption(lang, shrunk=True) in _captions(at)


@pytest.mark.parametrize("lang", LANGS)
def test_train_uploaders_state_their_limits(lang):
    at = open_page("pages/train.py", lang, timeout=120)
    at.radio(key="train_data").set_value("upload").run()
    _ok(at)
    limits = ZipLimits()
    zip_caption = _text(
        "upload.zip_limits",
        lang,
        mb=min(st.get_option("server.maxUploadSize"), limits.max_archive_bytes // 2**20),
        classes=limits.max_classes,
        per_class=limits.max_images_per_class,
        total=limits.max_total_images,
        min=MIN_IMAGES_PER_CLASS,
        mp=f"{limits.max_image_pixels / 1e6:g}",
        webp_mp=f"{min(limits.max_image_pixels, MAX_WEBP_PIXELS) / 1e6:g}",
        total_mp=f"{limits.max_total_pixels / 1e6:g}",
    )
    assert zip_caption in _captions(at)
    at.radio(key="train_data").set_value("digits").run()
    at.button(key="train_step").click().run()
    _ok(at)
    assert _image_caption(lang, shrunk=False) in _captions(at)  # Try it


# --- 10. the activation choice uses the Activations page's names ---------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_train_activation_choice_shows_display_names(lang):
    at = open_page("pages/train.py", lang, timeout=120)
    box = at.selectbox(key="train_act")
    assert list(box.options) == [_text(f"activations.fn.{name}", lang) for name in activation_names()]
    assert "Leaky ReLU" in box.options and "leaky_relu" not in box.options
    box.set_value("leaky_relu").run()
    _ok(at)
    assert at.session_state["train_act"] == "leaky_relu"


# --- 15. the entropy table names every bad cell ---------------------------------------------------


def test_entropy_table_reports_every_bad_cell():
    from ui.entropy.parse import InputError, parse_q_weights, parse_rows

    with pytest.raises(InputError) as err:
        parse_rows([("a", "0.5"), ("b", "-1"), ("c", "abc"), ("d", ""), ("b", "1")])
    keys = [key for key, _ in err.value.problems]
    assert keys == [
        "entropy.err.negative",
        "entropy.err.not_number",
        "entropy.err.missing_weight",
        "entropy.err.duplicate",
    ]
    assert [values.get("row") for _, values in err.value.problems][:3] == [2, 3, 4]
    with pytest.raises(InputError) as err:
        parse_q_weights(["-1", "1", "x"], 3)
    assert [values["row"] for _, values in err.value.problems] == [1, 3]


@pytest.mark.parametrize("lang", LANGS)
def test_entropy_error_message_lists_every_problem(lang, monkeypatch):
    from ui.common import i18n
    from ui.entropy.parse import InputError, parse_rows

    monkeypatch.setattr(i18n, "get_lang", lambda: lang)
    with pytest.raises(InputError) as err:
        parse_rows([("a", "0.5"), ("b", "-1"), ("c", "abc")])
    message = err.value.message()
    assert message == "\n".join(
        [
            "- " + _text("entropy.err.negative", lang, row=2),
            "- " + _text("entropy.err.not_number", lang, row=3, value="abc"),
        ]
    )
    with pytest.raises(InputError) as err:
        parse_rows([("a", "-1")])
    assert err.value.message() == _text("entropy.err.negative", lang, row=1)  # one problem: a plain sentence


# --- 17. home: where to start, card titles that do not break inside a term ------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_home_suggests_a_first_path_through_the_pages(lang):
    from ui.common.shell import PAGES

    at = open_page("pages/home.py", lang)
    _ok(at)
    cards = [p for p in PAGES if p.url_path]
    labels = [str(link.proto.label) for link in at.page_link]
    for number, spec in enumerate(cards, start=1):
        step = _text(
            "home.start.step",
            lang,
            n=number,
            page=_text(f"nav.{spec.name}", lang),
            why=_text(f"home.start.{spec.name}", lang),
        )
        assert step in labels, (step, labels)


def test_korean_card_titles_keep_the_english_term_whole():
    at = open_page("pages/home.py", "ko")
    _ok(at)
    headings = [str(h.value) for h in at.subheader]
    assert any(h.endswith("합성곱·풀링") for h in headings), headings
    assert not any("(" in h for h in headings), headings  # the term is not in the (wrapping) heading
    assert "(conv\u00a0&\u00a0pool)" in _captions(at)
    assert "(train\u00a0a\u00a0CNN)" in _captions(at)


def test_stepping_batch_by_batch_keeps_the_same_image():
    at = open_page("pages/train.py", "en", timeout=120)
    at.button(key="train_step").click().run()
    first = at.session_state["train_img"]
    for _ in range(3):
        at.button(key="train_step").click().run()
        _ok(at)
        assert at.session_state["train_img"] == first  # the student watches one image's probabilities move


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_compare_runs_names_the_activation_and_pooling_as_the_page_does(lang, monkeypatch):
    """Compare runs showed code names (relu, max) next to the page's own names."""
    from core.training import CNNConfig
    from ui.common.i18n import TEXT
    from ui.train import extras

    monkeypatch.setattr(extras, "t", lambda key, **v: TEXT[key][lang].format(**v))
    label = extras._arch(CNNConfig(activation="leaky_relu", pooling="max"))
    assert TEXT["activations.fn.leaky_relu"][lang] in label and TEXT["train.arch.pool_max"][lang] in label
    assert "leaky_relu" not in label
