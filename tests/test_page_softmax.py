"""The softmax page through the real app: sliders, gradient steps, bad input, URL state, both languages."""

import json
import math
import re

import numpy as np
import pytest

from core.softmax import cross_entropy_loss, softmax, two_class_as_sigmoid
from tests.apptest_utils import open_page, raw_keys
from ui.common.i18n import TEXT
from ui.softmax.outputs import TABS_KEY
from ui.softmax.state import MAX_HISTORY

PAGE = "pages/softmax.py"
LANGS = ["en", "ko"]


def open_tab(at, name: str, lang: str) -> None:
    """Open one of the lower tabs (only the open tab is drawn), as a student's click does."""
    at.session_state[TABS_KEY] = TEXT[f"softmax.tab.{name}"][lang]
    at.run()


def _ok(at):
    assert not at.exception, [e.value for e in at.exception]
    assert not raw_keys(at), raw_keys(at)


def _loss(at) -> float:
    return float(at.metric[0].value)


def _expected_loss(at) -> float:
    ss = at.session_state
    return float(cross_entropy_loss(np.array(ss["sm_z"]), ss["sm_y"], temperature=ss["sm_T"]))


def _msg(key: str, lang: str) -> str:
    """The fixed part of a message before its first placeholder."""
    return TEXT[key][lang].split("{")[0]


def _captions(at) -> list[str]:
    """The captions as the reader sees them (chart summaries are Markdown-escaped: ``0\\.5`` shows as ``0.5``)."""
    return [re.sub(r"\\(.)", r"\1", c.value).replace("\u2060", "") for c in at.caption]


def _errors(at) -> list[str]:
    return [e.value for e in at.error]


@pytest.fixture(scope="module", params=LANGS)
def lang(request):
    return request.param


def test_default_page(lang):
    at = open_page(PAGE, lang)
    _ok(at)
    assert at.session_state["sm_z"] == [2.0, 1.0, 0.1]
    # hand value: -ln(e^2 / (e^2 + e^1 + e^0.1))
    hand = -math.log(math.exp(2) / (math.exp(2) + math.exp(1) + math.exp(0.1)))
    assert _loss(at) == pytest.approx(hand, abs=1e-4)
    assert [s.key for s in at.slider if s.key.startswith("sm_logit_")] == ["sm_logit_0", "sm_logit_1", "sm_logit_2"]
    assert at.query_params["sm_z"] == ["2,1,0.1"] or at.query_params["sm_z"] == "2,1,0.1"
    targets = {str(link.proto.page) for link in at.page_link}
    assert any("entropy" in x for x in targets) and any("train" in x for x in targets), targets
    assert not any("activations" in x for x in targets), targets  # the sigmoid tab is closed: not drawn
    open_tab(at, "sigmoid", lang)
    _ok(at)
    assert any("activations" in str(link.proto.page) for link in at.page_link)
    assert not _errors(at)


def test_move_slider_updates_probabilities_loss_and_url(lang):
    at = open_page(PAGE, lang)
    before = _loss(at)
    at.slider(key="sm_logit_2").set_value(5.0).run()
    _ok(at)
    assert at.session_state["sm_z"] == [2.0, 1.0, 5.0]
    assert at.number_input(key="sm_exact_2").value == 5.0  # the number box follows the slider
    assert _loss(at) == pytest.approx(_expected_loss(at), abs=1e-4)
    assert _loss(at) > before  # the true class (0) is no longer the favourite
    url = at.query_params["sm_z"]
    assert "5" in (url[0] if isinstance(url, list) else url)


def test_number_box_goes_beyond_the_slider(lang):
    at = open_page(PAGE, lang)
    at.number_input(key="sm_exact_0").set_value(250.0).run()
    _ok(at)
    assert at.session_state["sm_z"][0] == 250.0
    assert at.slider(key="sm_logit_0").value == 10.0  # the slider rests at its end
    assert _loss(at) == pytest.approx(0.0, abs=1e-4)


def test_gradient_steps_lower_the_loss(lang):
    at = open_page(PAGE, lang)
    at.selectbox(key="sm_target").set_value(2).run()  # the least likely class becomes the truth
    start = _loss(at)
    z0 = list(at.session_state["sm_z"])
    at.button(key="sm_step").click().run()
    _ok(at)
    after_one = _loss(at)
    assert after_one < start
    assert after_one == pytest.approx(_expected_loss(at), abs=1e-4)
    z1 = at.session_state["sm_z"]
    assert z1[2] > z0[2] and z1[0] < z0[0]  # true logit up, the others down
    assert at.slider(key="sm_logit_2").value == pytest.approx(z1[2])  # the widgets moved too
    assert at.metric[0].delta.startswith("-")
    at.button(key="sm_step10").click().run()
    _ok(at)
    losses = [loss for _, loss in at.session_state["sm_hist"]]
    assert len(losses) == 12 and all(b < a for a, b in zip(losses, losses[1:])), losses
    at.button(key="sm_reset").click().run()
    assert at.session_state["sm_hist"] == []


def test_loss_history_is_bounded():
    at = open_page(PAGE, "en")
    at.session_state["sm_hist"] = [(i, 1.0) for i in range(MAX_HISTORY - 3)]
    at.session_state["sm_steps"] = MAX_HISTORY - 4
    at.button(key="sm_step10").click().run()
    _ok(at)
    hist = at.session_state["sm_hist"]
    assert len(hist) == MAX_HISTORY and hist[-1][0] == MAX_HISTORY + 6


@pytest.mark.parametrize(
    ("widget", "key", "value", "message"),
    [
        ("number_input", "sm_exact_1", 1e6, "softmax.err.logit_range"),
        ("text_input", "sm_all", "1, abc", "softmax.err.parse"),
        ("text_input", "sm_all", "1", "softmax.err.count"),
        ("text_input", "sm_all", ",".join(["1"] * 11), "softmax.err.count"),
        ("text_input", "sm_all", "1, 2e5", "softmax.err.all_range"),
        ("text_input", "sm_all", "1, inf", "softmax.err.parse"),
        ("text_input", "sm_name_1", "   ", "softmax.err.name_empty"),
        ("number_input", "sm_shift", -5e7, "softmax.err.shift_range"),
    ],
)
def test_bad_input_gives_a_message_and_keeps_the_state(lang, widget, key, value, message):
    at = open_page(PAGE, lang)
    if key == "sm_shift":
        open_tab(at, "stability", lang)
    at.slider(key="sm_logit_1").set_value(-3.0).run()
    state = {k: at.session_state[k] for k in ("sm_z", "sm_T", "sm_y", "sm_c")}
    names = [w.value for w in at.text_input if w.key.startswith("sm_name_")]
    element = getattr(at, widget)(key=key)
    (element.input(value) if widget == "text_input" else element.set_value(value)).run()
    _ok(at)
    errors = _errors(at)
    assert len(errors) == 1 and errors[0].startswith(_msg(message, lang)), errors
    assert {k: at.session_state[k] for k in state} == state
    assert [w.value for w in at.text_input if w.key.startswith("sm_name_")] == names
    at.run()  # the message goes away on the next run; the state stays
    assert not _errors(at) and at.session_state["sm_z"] == state["sm_z"]


def test_duplicate_name_is_refused_and_a_new_name_is_used(lang):
    at = open_page(PAGE, lang)
    first = at.text_input(key="sm_name_0").value
    at.text_input(key="sm_name_1").input(first).run()
    assert _errors(at)[0].startswith(_msg("softmax.err.name_dup", lang))
    at.text_input(key="sm_name_1").input("zebra").run()
    _ok(at)
    assert not _errors(at)
    assert at.text_input(key="sm_name_1").value == "zebra"
    assert "zebra" in at.selectbox(key="sm_target").options  # the new name reaches the other widgets


def test_all_logits_box_sets_k_and_values():
    at = open_page(PAGE, "en")
    at.selectbox(key="sm_target").set_value(2).run()
    at.text_input(key="sm_all").input("0.5, -1, 3, 0, 7").run()
    _ok(at)
    assert at.session_state["sm_z"] == [0.5, -1.0, 3.0, 0.0, 7.0]
    assert at.slider(key="sm_n_classes").value == 5
    assert len([s for s in at.slider if s.key.startswith("sm_logit_")]) == 5
    at.slider(key="sm_n_classes").set_value(2).run()  # shrinking drops the true class 2 -> back to 0
    _ok(at)
    assert at.session_state["sm_z"] == [0.5, -1.0] and at.session_state["sm_y"] == 0
    # two classes: the page shows softmax and the sigmoid of the difference with the same value
    open_tab(at, "sigmoid", "en")
    sig = two_class_as_sigmoid(np.array([0.5, -1.0]))
    assert any(f"{sig:.6f}" in str(x.value) for x in at.latex)


def test_temperature_extremes(lang):
    at = open_page(PAGE, lang)
    at.select_slider(key="sm_temperature").set_value(20.0).run()
    _ok(at)
    assert at.session_state["sm_T"] == 20.0
    p = softmax(np.array([2.0, 1.0, 0.1]), temperature=20.0)
    assert _loss(at) == pytest.approx(-math.log(p[0]), abs=1e-4)
    assert abs(_loss(at) - math.log(3)) < 0.05  # nearly uniform
    at.select_slider(key="sm_temperature").set_value(0.05).run()
    _ok(at)
    assert _loss(at) == pytest.approx(_expected_loss(at), abs=1e-4) and _loss(at) < 1e-4  # nearly one-hot


def test_stability_demo():
    at = open_page(PAGE, "en")
    assert not [w for w in at.number_input if w.key == "sm_shift"]  # its tab is closed: not drawn
    open_tab(at, "stability", "en")
    assert at.warning, "the default c = 1000 breaks the naive formula"
    at.number_input(key="sm_shift").set_value(5.0).run()
    _ok(at)
    assert not at.warning and at.success


def test_settings_come_from_the_url():
    at = open_page(PAGE, "ko", query={"sm_z": "1,2,3,4", "sm_T": "0.5", "sm_y": "3", "sm_lr": "0.1"})
    _ok(at)
    ss = at.session_state
    assert (ss["sm_z"], ss["sm_T"], ss["sm_y"], ss["sm_lr"]) == ([1.0, 2.0, 3.0, 4.0], 0.5, 3, 0.1)
    assert _loss(at) == pytest.approx(_expected_loss(at), abs=1e-4)


def test_junk_in_the_url_falls_back_to_defaults():
    at = open_page(PAGE, "en", query={"sm_z": "1,nan", "sm_T": "-1", "sm_y": "99", "sm_lr": "abc"})
    _ok(at)
    ss = at.session_state
    assert (ss["sm_z"], ss["sm_T"], ss["sm_y"], ss["sm_lr"]) == ([2.0, 1.0, 0.1], 1.0, 0, 1.0)


def test_state_survives_a_page_switch_and_a_language_switch():
    at = open_page(PAGE, "en")
    at.slider(key="sm_logit_1").set_value(4.0).run()
    at.button(key="sm_step").click().run()
    z, hist = list(at.session_state["sm_z"]), list(at.session_state["sm_hist"])
    at.switch_page("pages/home.py").run()
    at.switch_page(PAGE).run()
    _ok(at)
    assert at.session_state["sm_z"] == z and at.session_state["sm_hist"] == hist
    assert at.slider(key="sm_logit_1").value == pytest.approx(z[1])
    at.sidebar.radio(key="lang").set_value("ko").run()
    _ok(at)
    assert at.session_state["sm_z"] == z
    assert at.text_input(key="sm_name_0").value == TEXT["softmax.default_names"]["ko"].split(",")[0]


def test_ten_classes_with_huge_logits_at_low_temperature():
    z = "10000,-10000,9999.5,0,1,2,3,4,5,6"
    at = open_page(PAGE, "ko", query={"sm_z": z, "sm_T": "0.05", "sm_y": "2"})
    _ok(at)
    assert len([s for s in at.slider if s.key.startswith("sm_logit_")]) == 10
    assert at.session_state["sm_T"] == 0.05
    # z / T reaches 2e5: the formula subtracts the max first and says so; the loss is still exact
    assert any(TEXT["softmax.formula_shifted"]["ko"].split("{")[0] in c.value for c in at.caption)
    assert _loss(at) == pytest.approx(10.0, abs=1e-3)  # -ln softmax(...)_2 = (10000 - 9999.5) / 0.05
    at.button(key="sm_step").click().run()
    _ok(at)
    assert _loss(at) < 10.0


def test_a_typed_name_never_duplicates_a_default_name_after_a_language_switch():
    # In Korean, "dog" is free; in English it is class 2's default name: two "dog" bars would merge into one.
    at = open_page(PAGE, "ko")
    at.text_input(key="sm_name_0").input(TEXT["softmax.default_names"]["en"].split(",")[1]).run()
    at.sidebar.radio(key="lang").set_value("en").run()
    _ok(at)
    names = [at.text_input(key=f"sm_name_{j}").value for j in range(3)]
    assert len(set(names)) == 3, names
    assert names[0] == "dog"
    assert len(set(at.selectbox(key="sm_target").options)) == 3


def test_a_certain_prediction_shows_zero_loss_and_a_readable_gradient_axis():
    at = open_page(PAGE, "en", query={"sm_z": "10000,-10000,0", "sm_T": "0.05", "sm_y": "0"})
    _ok(at)
    assert at.metric[0].value == "0.0000"  # not "-0.0000"
    assert not any("-0.0000" in x.value for x in at.latex)
    # (z_1 - z_2) / T = 4e5 must read 4 × 10^5 in the sigmoid formula, not "4e + 05"
    open_tab(at, "sigmoid", "en")
    assert not any("e+" in x.value for x in at.latex), [x.value for x in at.latex]
    assert any(r"\sigma\!\left(4\times 10^{5}\right)" in x.value for x in at.latex)
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    grad = next(s for s in specs if "∂L/∂z" in json.dumps(s, ensure_ascii=False))
    axes = [layer["encoding"]["y"].get("axis", {}) for layer in grad["layer"] if "axis" in layer["encoding"]["y"]]
    assert axes and axes[0].get("format") == "~g", axes  # gradients of 1e-200 would print as "0.0000000…"
    at.button(key="sm_step").click().run()  # the loss stays 0: no "+0.0000" arrow
    _ok(at)
    assert at.metric[0].value == "0.0000" and not at.metric[0].delta


def test_typed_class_names_travel_in_the_url():
    at = open_page(PAGE, "en")
    at.text_input(key="sm_name_2").input("koala").run()
    _ok(at)
    assert at.query_params["sm_names"] in (",,koala", [",,koala"])
    at = open_page(PAGE, "ko", query={"sm_names": "zebra,,koala"})
    _ok(at)
    names = [at.text_input(key=f"sm_name_{j}").value for j in range(3)]
    assert names == ["zebra", TEXT["softmax.default_names"]["ko"].split(",")[1], "koala"]
    # repeated names; more than K_MAX entries (all different, so only the count can refuse them): the defaults
    for junk in ("a,a", ",".join(f"n{j}" for j in range(11))):
        at = open_page(PAGE, "en", query={"sm_names": junk})
        _ok(at)
        assert at.text_input(key="sm_name_0").value == "cat"


def test_one_session_never_changes_the_defaults_of_the_next():
    # the settings' defaults are objects shared by every session (module level): a setter that changed
    # the session's value in place would change them for every later visitor
    at = open_page(PAGE, "en")
    at.text_input(key="sm_name_0").input("zebra").run()
    at.number_input(key="sm_exact_1").set_value(7.5).run()
    at.slider(key="sm_logit_2").set_value(-4.0).run()
    _ok(at)
    assert at.session_state["sm_z"] == [2.0, 7.5, -4.0]
    fresh = open_page(PAGE, "en")
    _ok(fresh)
    assert fresh.session_state["sm_z"] == [2.0, 1.0, 0.1]
    assert fresh.text_input(key="sm_name_0").value == "cat"
    assert "sm_names" not in fresh.query_params


# ---------------------------------------------------------------- issue 13: the sentences vs the numbers


def test_largest_rate_at_lowest_temperature_never_raises_the_loss(lang):
    """softmax.steps_note: one example, η = 10, T = 0.05, the page's own steps: the loss only falls."""
    at = open_page(PAGE, lang, query={"sm_lr": "10", "sm_T": "0.05", "sm_y": "2"})
    assert at.session_state["sm_lr"] == 10.0 and at.session_state["sm_T"] == 0.05
    at.button(key="sm_step10").click().run()
    _ok(at)
    losses = [loss for _, loss in at.session_state["sm_hist"]]
    assert len(losses) == 11 and all(b <= a for a, b in zip(losses, losses[1:])), losses
    note = TEXT["softmax.steps_note"][lang].format(n=11, max=MAX_HISTORY)
    assert any(note in c for c in _captions(at))  # the loss chart's summary


def test_shift_note_for_very_negative_logits(lang):
    """softmax.formula_shifted: the shift is used (and explained) when e^z would underflow, not only overflow."""
    at = open_page(PAGE, lang)
    at.text_input(key="sm_all").input("-800, -801, -805").run()
    _ok(at)
    note = TEXT["softmax.formula_shifted"][lang].format(m="-800")
    assert note in [c.value for c in at.caption]


def test_korean_chart_tooltips_are_titled():
    """Item 19: no raw field names ("step", "loss", "H (bits)") in the Korean tooltips."""
    from tests.apptest_utils import chart_tooltip_titles

    at = open_page(PAGE, "ko")
    at.button(key="sm_step").click().run()
    _ok(at)
    titles = chart_tooltip_titles(at)
    assert titles and not [x for x in titles if x is None or x in {"step", "loss", "H (bits)"}], titles


# ---------------------------------------------------------------- issue 21: what a move costs the browser


def _specs(at) -> list[str]:
    return [el.proto.spec for el in at.get("vega_lite_chart")]


def test_chart_specs_stay_the_same_across_temperatures_the_numbers_move_to_the_captions(lang):
    """The browser keys a chart on its spec string: the same string means an update in place, not a re-embed.

    The numbers a screen reader needs are in the captions under the charts, and follow the temperature."""
    at = open_page(PAGE, lang)
    at.button(key="sm_step").click().run()  # the loss chart too
    _ok(at)
    for tab, charts in (("why", 5), ("entropy", 4)):  # probabilities, gradient, loss so far + the open tab's
        open_tab(at, tab, lang)
        at.select_slider(key="sm_temperature").set_value(1.0).run()
        before, captions_before = _specs(at), _captions(at)
        at.select_slider(key="sm_temperature").set_value(2.0).run()
        _ok(at)
        after, captions_after = _specs(at), _captions(at)
        assert len(before) == len(after) == charts
        assert before == after
        for spec in map(json.loads, after):
            assert not re.search("[0-9]", spec["description"]), spec["description"]  # log₂ K is a name
            assert '"data": {"values"' not in json.dumps(spec)  # data travels apart from the spec
    z = np.array(at.session_state["sm_z"])
    p1, p2 = softmax(z, temperature=1.0), softmax(z, temperature=2.0)
    assert any(f"{p1[0]:.3f}" in c for c in captions_before)
    assert any(f"{p2[0]:.3f}" in c for c in captions_after)
    assert not any(f"{p1[0]:.3f}" in c for c in captions_after)


def test_the_open_tab_survives_temperature_moves_and_language_switches():
    """Only the open lower tab is drawn; it stays open (by name) across a temperature move and a language switch,
    and its sentences follow the temperature."""
    at = open_page(PAGE, "en")
    open_tab(at, "stability", "en")
    for lang, temperature in (("ko", 2.0), ("en", 20.0), ("ko", 1.0)):
        at.radio(key="lang").set_value(lang).run()
        at.select_slider(key="sm_temperature").set_value(temperature).run()
        _ok(at)
        assert at.session_state[TABS_KEY] == TEXT["softmax.tab.stability"][lang]
        assert [w.key for w in at.number_input if w.key == "sm_shift"] == ["sm_shift"]
        assert TEXT["softmax.h.why"][lang] not in [h.value for h in at.header]  # the closed tabs are not drawn
        if temperature == 20.0:
            unbreakable = TEXT["softmax.naive_unbreakable"][lang].format(T="20", limit="10000")
            assert any(unbreakable in s.value for s in at.success), [s.value for s in at.success]
