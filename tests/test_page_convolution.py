"""The convolution page through AppTest: upload, presets, bad settings, step-through, both languages."""

import io
import json

import numpy as np
import pytest
from PIL import Image

from core.conv import KERNELS, conv2d
from core.layer import output_size
from core.pool import pool2d
from tests.apptest_utils import open_page, raw_keys
from ui.common import i18n
from ui.common.i18n import TEXT
from ui.common.safe import escape_md
from ui.convolution.params import Layer, kernel_json, layer_error_text, layer_problem
from ui.convolution.source import GRIDS, SAMPLE_DIR, SAMPLES, decode

LANGS = ["en", "ko"]


def _text(key: str, lang: str, **values) -> str:
    entry = TEXT[key][lang]
    return entry.format(**values) if values else entry


def _ok(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not raw_keys(at), raw_keys(at)


def _set(at, **state):
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def _png(width: int, height: int) -> bytes:
    yy, xx = np.mgrid[0:height, 0:width]
    pixels = np.stack([xx * 255 // max(1, width - 1), yy * 255 // max(1, height - 1), (xx + yy) % 256], -1)
    buffer = io.BytesIO()
    Image.fromarray(pixels.astype(np.uint8)).save(buffer, "PNG")
    return buffer.getvalue()


def _markdown(at) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def _images(at) -> list[str]:
    """The pictures drawn (ui/common/a11y.py: an <img> with its alt text inside st.html)."""
    return [h.value for h in at.get("html") if "<img" in h.value]


@pytest.mark.parametrize("lang", LANGS)
def test_default_page_shows_formula_images_and_steps(lang):
    at = open_page("pages/convolution.py", lang)
    _ok(at)
    assert any(TEXT["nav.convolution"][lang] in t.value for t in at.title)
    assert at.session_state["cv_src"] == "sample"
    latex = [str(x.value) for x in at.latex]
    assert any("480" in s and "= 478" in s for s in latex), latex  # 480 rows, 3×3 kernel, stride 1, no padding
    assert "<table" in _markdown(at)  # the step-through grid
    assert len(_images(at)) >= 3  # input, feature map, pooled map, crop locator
    assert not at.error


@pytest.mark.parametrize("lang", LANGS)
def test_upload_large_photo_is_downscaled_with_a_notice(lang):
    at = _set(open_page("pages/convolution.py", lang), cv_src="upload")
    _ok(at)
    assert at.info, "an upload prompt is shown"
    at.file_uploader(key="cv_upload").upload("holiday.png", _png(2048, 1536), "image/png").run()
    _ok(at)
    assert not at.error, [e.value for e in at.error]
    note = _text("convolution.note.downscaled", lang, width=2048, height=1536, new_width=1024, new_height=768)
    assert note in [i.value for i in at.info]
    assert "`1×768×1024`" in _markdown(at)  # grey input at working size, shown beside the output


@pytest.mark.parametrize("lang", LANGS)
def test_bad_upload_shows_translated_error_and_keeps_previous_picture(lang):
    at = _set(open_page("pages/convolution.py", lang), cv_src="upload")
    at.file_uploader(key="cv_upload").upload("small.png", _png(40, 30), "image/png").run()
    _ok(at)
    assert "`1×30×40`" in _markdown(at)
    at.file_uploader(key="cv_upload").upload("notes.png", b"this is a text file, not a picture", "image/png").run()
    _ok(at)
    assert [e.value for e in at.error] == [_text("convolution.image_error.not_image", lang)]
    assert _text("convolution.upload.previous", lang, name=escape_md("small.png")) in [c.value for c in at.caption]
    assert "`1×30×40`" in _markdown(at)  # the last valid picture stays on screen


@pytest.mark.parametrize(("width", "height"), [(1, 1), (3, 2), (1, 9)])
def test_tiny_uploads_never_crash(width, height):
    at = _set(open_page("pages/convolution.py", "en"), cv_src="upload")
    at.file_uploader(key="cv_upload").upload("tiny.png", _png(width, height), "image/png").run()
    _ok(at)
    assert [e.value for e in at.error] == [
        _text("convolution.error.kernel_too_big", "en", span="3×3", padded=f"{height}×{width}")
    ]
    at.selectbox(key="cv_pad").set_value("same").run()
    _ok(at)
    assert not at.error and f"`1×{height}×{width}`" in _markdown(at)
    at.select_slider(key="cv_pk").set_value(4).run()
    _ok(at)


def test_upload_declaring_a_huge_canvas_is_refused():
    import struct
    import zlib

    body = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", 13) + b"IHDR" + body + struct.pack(">I", zlib.crc32(b"IHDR" + body))
    data = b"\x89PNG\r\n\x1a\n" + chunk + b"\x00\x00\x00\x00IEND\xaeB`\x82"
    at = _set(open_page("pages/convolution.py", "en"), cv_src="upload")
    at.file_uploader(key="cv_upload").upload("bomb.png", data, "image/png").run()
    _ok(at)
    assert "2500.0 megapixels" in at.error[0].value


@pytest.mark.parametrize("lang", LANGS)
def test_preset_change_updates_the_kernel_and_the_legend(lang):
    at = open_page("pages/convolution.py", lang)
    assert _text("convolution.legend.signed_note", lang) in [c.value for c in at.caption]  # Sobel has negatives
    at.selectbox(key="cv_preset").set_value("box_blur_3").run()
    _ok(at)
    version = at.session_state["cv_kver"]
    editor = next(d for d in at.data_editor if d.key == f"cv_kedit{version}")
    np.testing.assert_allclose(editor.value.to_numpy(float), KERNELS["box_blur_3"])
    assert _text("convolution.legend.signed_note", lang) not in [c.value for c in at.caption]
    assert at.query_params["cv_preset"] in (["box_blur_3"], "box_blur_3")
    at.selectbox(key="cv_preset").set_value("gaussian_5").run()
    assert at.session_state["cv_ks"] == 5
    assert any("k - 1" in str(x.value) and "(5 - 1)" in str(x.value) for x in at.latex)


@pytest.mark.parametrize("lang", LANGS)
def test_same_padding_with_stride_two_is_explained_not_crashed(lang):
    at = open_page("pages/convolution.py", lang)
    images_before = len(_images(at))
    at.number_input(key="cv_stride").set_value(2).run()
    at.selectbox(key="cv_pad").set_value("same").run()
    _ok(at)
    assert [e.value for e in at.error] == [_text("convolution.error.same_stride", lang, stride=2)]
    assert _text("convolution.error.showing_last", lang) in [c.value for c in at.caption]
    assert len(_images(at)) == images_before  # the last valid result is still shown


@pytest.mark.parametrize("lang", LANGS)
def test_kernel_larger_than_the_grid_gets_a_message(lang):
    at = _set(open_page("pages/convolution.py", lang), cv_src="grid")
    at.number_input(key="cv_ks").set_value(7).run()
    at.number_input(key="cv_dil").set_value(2).run()  # spans 13 cells, the grid is 5×5
    _ok(at)
    message = _text("convolution.error.kernel_too_big", lang, span="13×13", padded="5×5")
    assert message in [e.value for e in at.error]
    at.selectbox(key="cv_pmode").set_value("reflect").run()
    at.number_input(key="cv_dil").set_value(1).run()
    at.selectbox(key="cv_pad").set_value("6").run()  # mirror padding 6 on a 5×5 grid
    _ok(at)
    assert _text("convolution.error.reflect_too_big", lang, pad=6, size="5×5") in [e.value for e in at.error]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("opts", "code", "values"),
    [
        (dict(stride=2, padding="same"), "same_stride", dict(stride=2)),
        (dict(padding_mode="mirror"), "padding_mode", dict(mode="mirror")),
        (dict(padding=5, padding_mode="reflect"), "reflect_too_big", dict(pad=5, size="5×5")),
        (dict(padding=6, padding_mode="circular"), "circular_too_big", dict(pad=6, size="5×5")),
        (dict(dilation=5), "kernel_too_big", dict(span="11×11", padded="5×5")),
    ],
)
def test_every_refusal_of_core_is_translated(opts, code, values, lang, monkeypatch):
    """core says what is wrong (code + values), the page only says it in the user's language."""
    monkeypatch.setattr(i18n, "get_lang", lambda: lang)
    problem = layer_problem((5, 5), (3, 3), Layer(**opts))
    assert problem.code == code
    assert layer_error_text(problem) == _text(f"convolution.error.{code}", lang, **values)


def _sum_line(at) -> str:
    return next(m.value for m in at.markdown if "**" in str(m.value) and "=" in str(m.value) and "·" in str(m.value))


@pytest.mark.parametrize("lang", LANGS)
def test_step_through_on_the_notes_grid(lang):
    at = _set(open_page("pages/convolution.py", lang), cv_src="grid")
    _ok(at)
    grid = np.array(GRIDS[5], dtype=float)
    expected = conv2d(grid, KERNELS["sobel_x"])  # (3, 3): the notes' 5×5 → 3×3
    assert expected.shape == (3, 3)
    assert _sum_line(at).endswith(f"**{expected[0, 0]:g}**".replace("-", "−"))
    at.button(key="cv_step_next").click().run()
    at.button(key="cv_step_next").click().run()
    at.button(key="cv_step_next").click().run()
    assert at.session_state["cv_step"] == 4  # row 2, column 1
    assert _sum_line(at).endswith(f"**{expected[1, 0]:g}**".replace("-", "−"))
    at.slider(key="cv_step").set_value(9).run()
    assert _sum_line(at).endswith(f"**{expected[2, 2]:g}**".replace("-", "−"))
    at.button(key="cv_step_next").click().run()
    assert at.session_state["cv_step"] == 1  # wraps around
    # pooling steps on the 3×3 feature map with a 2×2 window, stride 1 → 2×2 outputs
    at.select_slider(key="cv_ps").set_value(1).run()
    at.button(key="cv_pstep_next").click().run()
    pooled = pool2d(expected, kernel_size=2, stride=1)
    max_line = next(m.value for m in at.markdown if str(m.value).startswith("max("))
    assert max_line.split("**")[1] == f"{pooled[0, 1]:g}".replace("-", "−")
    _ok(at)


@pytest.mark.parametrize("lang", LANGS)
def test_padding_cells_are_drawn_distinctly(lang):
    at = _set(open_page("pages/convolution.py", lang), cv_src="grid")
    at.selectbox(key="cv_pad").set_value("1").run()
    _ok(at)
    tables = [str(m.value) for m in at.markdown if str(m.value).startswith("<table")]
    hatched = [tab for tab in tables if "repeating-linear-gradient" in tab]
    padded = hatched[0]  # the step-through's padded input: 5×5 grid + 1 cell all round
    assert padded.count("<tr>") == 7 and padded.count("repeating-linear-gradient") == 7 * 7 - 5 * 5
    assert _text("convolution.step.input", lang, top=1, bottom=1, left=1, right=1) in _markdown(at)


def _edit(at, key: str, row: int, column: str, value):
    at.session_state[key] = {"edited_rows": {row: {column: value}}, "added_rows": [], "deleted_rows": []}
    return at.run()


def test_grid_and_kernel_edits_reach_the_computation_and_the_url():
    at = _set(open_page("pages/convolution.py", "en"), cv_src="grid")
    _edit(at, "cv_gedit5_0", 0, "1", 10.0)
    _ok(at)
    assert at.query_params["cv_g"] == "10,3,2,1,0,0,0,1,3,1,3,1,2,2,3,2,0,0,2,2,2,0,0,0,1"
    _edit(at, "cv_kedit0", 1, "2", 7.0)  # centre weight of Sobel x: 0 → 7
    _ok(at)
    assert at.query_params["cv_k"] == "-1,0,1,-2,7,2,-1,0,1"
    grid = np.array(GRIDS[5], dtype=float)
    grid[0, 0] = 10
    kernel = np.array(KERNELS["sobel_x"])
    kernel[1, 1] = 7
    assert _sum_line(at).endswith(f"**{conv2d(grid, kernel)[0, 0]:g}**".replace("-", "−"))


def test_empty_cells_keep_the_last_valid_values():
    at = _set(open_page("pages/convolution.py", "en"), cv_src="grid")
    _edit(at, "cv_gedit5_0", 0, "1", None)
    _ok(at)
    assert _text("convolution.grid.invalid", "en", limit="1e+06") in [e.value for e in at.error]
    _edit(at, "cv_kedit0", 0, "1", 1e9)
    _ok(at)
    assert _text("convolution.kernel.invalid", "en", limit="10000") in [e.value for e in at.error]
    expected = conv2d(np.array(GRIDS[5], dtype=float), KERNELS["sobel_x"])
    assert _sum_line(at).endswith(f"**{expected[0, 0]:g}**".replace("-", "−"))


def test_colour_mode_relu_and_pooling_shapes():
    at = _set(open_page("pages/convolution.py", "en"), cv_color="rgb", cv_relu=True)
    _ok(at)
    md = _markdown(at)
    assert "`3×480×640`" in md and "`3×478×638`" in md and "`3×239×319`" in md
    assert [m.value for m in at.metric][1:] == ["3", "0"]  # channels unchanged, no learnable weights
    image = decode((SAMPLE_DIR / SAMPLES["shapes"]).read_bytes()).image  # the default sample, at working size
    feature = conv2d(image.transpose(2, 0, 1).astype(np.float32), KERNELS["sobel_x"])
    expected = f"{np.count_nonzero(feature < 0) / feature.size:.0%}"
    assert _text("convolution.relu.zeroed", "en", share=expected) in [c.value for c in at.caption]


def test_normalise_divides_by_the_sum_unless_it_is_zero():
    at = open_page("pages/convolution.py", "en", query={"cv_norm": "true"})  # Sobel x sums to 0
    _ok(at)
    assert _text("convolution.kernel.zero_sum", "en") in [c.value for c in at.caption]
    query = {"cv_src": "grid", "cv_norm": "1", "cv_preset": "custom", "cv_ks": "1", "cv_k": "2"}
    at = open_page("pages/convolution.py", "en", query=query)  # a 1×1 kernel of weight 2 becomes 1
    _ok(at)
    assert _text("convolution.kernel.normalised", "en", total="2") in [c.value for c in at.caption]
    assert _sum_line(at).endswith(f"**{GRIDS[5][0][0]}**")  # the grid's first cell × 1, not × 2


def test_settings_travel_in_the_url():
    query = {"cv_preset": "custom", "cv_ks": "2", "cv_k": "1,-1,0.5,0", "cv_stride": "2", "cv_pad": "1", "cv_dil": "2"}
    at = open_page("pages/convolution.py", "en", query=query)
    _ok(at)
    assert at.session_state["cv_stride"] == 2 and at.session_state["cv_pad"] == "1"
    editor = next(d for d in at.data_editor if d.key == "cv_kedit0")
    np.testing.assert_allclose(editor.value.to_numpy(float), [[1, -1], [0.5, 0]])
    bad = open_page("pages/convolution.py", "en", query={"cv_stride": "0", "cv_k": "nan,1", "cv_pad": "x"})
    _ok(bad)
    assert bad.session_state["cv_stride"] == 1 and bad.session_state["cv_pad"] == "0"


def test_downloads_and_torch_check():
    at = open_page("pages/convolution.py", "en")
    labels = [b.label for b in at.get("download_button")]
    assert labels == [_text("convolution.download.png", "en"), _text("convolution.download.json", "en")]
    doc = json.loads(kernel_json(np.array(KERNELS["sobel_x"]), layer=Layer(), normalised=False, preset="sobel_x"))
    assert doc["kernel"][0] == [-1, 0, 1] and doc["padding_mode"] == "zeros"
    at.button(key="cv_torch").click().run()
    _ok(at)
    diffs = [float(s.value.split("= ")[1].split(" ")[0].rstrip(".")) for s in at.success]
    assert len(diffs) == 2 and max(diffs) < 1e-3, [s.value for s in at.success]


def test_average_pooling_step_shows_the_mean():
    at = _set(open_page("pages/convolution.py", "en"), cv_src="grid", cv_pool="avg")
    _ok(at)
    feature = conv2d(np.array(GRIDS[5], dtype=float), KERNELS["sobel_x"])
    window = feature[:2, :2].ravel()
    line = next(m.value for m in at.markdown if str(m.value).startswith("("))
    assert line.startswith("(" + " + ".join(f"{v:g}".replace("-", "(−") + (")" if v < 0 else "") for v in window))
    assert line.endswith(f"/ 4 = **{window.mean():g}**".replace("-", "−"))


def test_crop_position_travels_in_the_url():
    at = open_page("pages/convolution.py", "en", query={"cv_crow": "100", "cv_ccol": "50", "cv_crop": "6"})
    _ok(at)
    assert (at.session_state["cv_crow"], at.session_state["cv_ccol"], at.session_state["cv_crop"]) == (100, 50, 6)
    assert at.query_params["cv_crow"] == "100"
    bad = open_page("pages/convolution.py", "en", query={"cv_crow": "99999", "cv_ccol": "-4"})
    _ok(bad)
    assert (bad.session_state["cv_crow"], bad.session_state["cv_ccol"]) == (479 // 2, 639 // 2)  # the centre


@pytest.mark.parametrize(("first", "second"), [("en", "ko"), ("ko", "en")])
def test_language_switch_hands_translated_choices_back_to_the_browser(first, second):
    """The browser keeps a choice as its label: after a switch the new label must be sent, else radios
    show no choice (and the next rerun falls back to the first option) and select boxes the old language."""
    query = {"cv_sample": "gradient", "cv_preset": "gaussian_3", "cv_pmode": "reflect", "cv_color": "rgb"}
    at = open_page("pages/convolution.py", first, query={**query, "cv_pool": "avg"})
    at.radio(key="lang").set_value(second).run()
    _ok(at)
    for widget, prefix, value in [
        (at.radio(key="cv_src"), "convolution.input.", "sample"),
        (at.radio(key="cv_color"), "convolution.colour.", "rgb"),
        (at.radio(key="cv_pool"), "convolution.pool.", "avg"),
        (at.selectbox(key="cv_sample"), "convolution.sample.", "gradient"),
        (at.selectbox(key="cv_preset"), "convolution.preset.", "gaussian_3"),
        (at.selectbox(key="cv_pmode"), "convolution.pmode.", "reflect"),
    ]:
        assert widget.value == value
        assert widget.proto.set_value and widget.proto.raw_value == _text(prefix + value, second), widget.key


def test_step_positions_travel_in_the_url():
    at = open_page("pages/convolution.py", "en", query={"cv_src": "grid", "cv_ps": "1"})  # 3×3 steps, then 2×2
    at.button(key="cv_step_next").click().run()
    at.button(key="cv_pstep_next").click().run()
    assert (at.query_params["cv_step"], at.query_params["cv_pstep"]) == ("2", "2")
    query = {"cv_src": "grid", "cv_ps": "1", "cv_step": "5", "cv_pstep": "99"}
    again = open_page("pages/convolution.py", "en", query=query)
    _ok(again)
    assert (again.session_state["cv_step"], again.session_state["cv_pstep"]) == (5, 1)  # 99 is out of range


@pytest.mark.parametrize("lang", LANGS)
def test_grid_help_and_colour_help_match_what_the_page_computes(lang):
    """Items 4 and 12: the tiny grid's 5×5 → 3×3 needs no padding (the page's default padding is 0); colour mode
    is depthwise, 3 channels in and 3 out, as its help says."""
    at = _set(open_page("pages/convolution.py", lang), cv_src="grid")
    _ok(at)
    assert TEXT["convolution.grid.help"][lang] in [c.value for c in at.caption]
    assert at.selectbox(key="cv_pad").value in (0, "0")
    assert output_size(5, 3, stride=1, padding=0) == 3
    at = open_page("pages/convolution.py", lang)
    colour = at.radio(key="cv_color")
    assert colour.help == TEXT["convolution.colour.help"][lang]
    colour.set_value("rgb").run()
    _ok(at)
    shape = TEXT["convolution.shape.result"][lang].split("{")[0]
    line = next(c.value for c in at.caption if c.value.startswith(shape))
    before, after = line[len(shape) :].split(" → ")
    assert before.startswith("3×") and after.startswith("3×"), line  # 3 channels in, 3 out


def test_histogram_spec_is_the_same_across_strides():
    """Issue 21: the histogram's spec (what the browser keys the chart on) holds no numbers that follow the
    controls: a new stride changes its data and the caption under it, and the chart is updated in place."""
    at = open_page("pages/convolution.py", "en")
    _ok(at)
    (before,) = [el.proto.spec for el in at.get("vega_lite_chart")]
    captions = [c.value for c in at.caption]
    _set(at, cv_stride=2)
    _ok(at)
    (after,) = [el.proto.spec for el in at.get("vega_lite_chart")]
    assert after == before
    assert [c.value for c in at.caption] != captions  # the counts under the chart did change
