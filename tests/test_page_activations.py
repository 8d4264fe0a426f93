"""The activations page through the real app (AppTest), both languages."""

from __future__ import annotations

import json
import re

import pytest

from tests.apptest_utils import open_page, raw_keys
from ui.common.i18n import TEXT

PAGE = "pages/activations.py"
LANGS = ["en", "ko"]


def _qp(at, key: str) -> str:
    value = at.query_params[key]
    return value[0] if isinstance(value, list) else value


def _ok(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not raw_keys(at), raw_keys(at)


def _props(at):
    """The read-only properties table (the Maxout editor is the other dataframe)."""
    return next(df.value for df in at.dataframe if df.editing_mode == "read_only")


def _charts(at) -> list:
    return at.get("vega_lite_chart")


def _fn(name: str, lang: str) -> str:
    return TEXT[f"activations.fn.{name}"][lang]


def _text(key: str, lang: str) -> str:
    return TEXT[key][lang]


@pytest.mark.parametrize("lang", LANGS)
def test_renders_with_defaults(lang):
    at = open_page(PAGE, lang)
    _ok(at)
    assert not at.error
    assert len(_charts(at)) == 5  # f, f', maxout, gradient flow, 1-D network
    props = _props(at)
    assert list(props.iloc[:, 0]) == [_fn(n, lang) for n in ("sigmoid", "tanh", "relu")]
    assert list(props.iloc[:, 1]) == ["(0, 1)", "(−1, 1)", "[0, ∞)"]
    assert _qp(at, "act_fns") == "sigmoid,tanh,relu"
    assert at.get("page_link"), "links to Softmax and Train"
    # The product layer equals the two stacked linear layers to rounding; with an activation it cannot.
    gap = float(re.findall(r"[-+]?\d+\.\d+e[-+]\d+", at.success[0].value)[0])
    assert gap < 1e-12


@pytest.mark.parametrize("lang", LANGS)
def test_select_several_functions_and_change_params(lang):
    at = open_page(PAGE, lang)
    at.multiselect(key="act_fns").set_value(["relu", "elu", "gelu", "leaky_relu"]).run()
    at.number_input(key="act_alpha").set_value(2.0).run()
    at.number_input(key="act_slope").set_value(0.0).run()
    _ok(at)
    assert not at.error
    props = _props(at).set_index(_props(at).columns[0])
    elu, leaky = props.loc[_fn("elu", lang)], props.loc[_fn("leaky_relu", lang)]
    assert elu.iloc[0] == "(−2, ∞)" and elu.iloc[4] == "2"  # range and max |f'| follow α = 2
    assert leaky.iloc[5] == "x ≤ 0"  # slope 0 is ReLU: a dead region appears
    assert props.loc[_fn("gelu", lang)].iloc[6] == _text("activations.no", lang)  # GELU is not monotonic
    assert _qp(at, "act_fns") == "relu,elu,gelu,leaky_relu"
    assert _qp(at, "act_alpha") == "2" and _qp(at, "act_slope") == "0"
    ratios = [line for m in at.markdown if "‖∂L/∂W‖" in m.value for line in m.value.splitlines()]
    assert len(ratios) == 4 and all("‖∂L/∂W‖" in line for line in ratios)


@pytest.mark.parametrize("lang", LANGS)
def test_bad_x_range_shows_error_and_keeps_last_valid(lang):
    at = open_page(PAGE, lang)
    at.number_input(key="act_xmin").set_value(-3.0).run()
    at.number_input(key="act_xmax").set_value(-5.0).run()  # x-min ≥ x-max
    _ok(at)
    assert len(at.error) == 1
    assert _text("activations.err.range", lang)[:12] in at.error[0].value
    assert "[-3, 6]" in at.error[0].value
    assert at.session_state["act_last"]["range"] == (-3.0, 6.0)
    assert (_qp(at, "act_xmin"), _qp(at, "act_xmax")) == ("-3", "6")
    assert len(_charts(at)) == 5  # the curves still show, on the last valid range
    at.number_input(key="act_xmax").set_value(2000.0).run()  # beyond the allowed |x| ≤ 1000
    assert len(at.error) == 1 and not at.exception
    at.number_input(key="act_xmin").set_value(-1000.0).run()
    at.number_input(key="act_xmax").set_value(1000.0).run()
    assert not at.error and not at.exception
    assert at.session_state["act_last"]["range"] == (-1000.0, 1000.0)


@pytest.mark.parametrize("lang", LANGS)
def test_non_finite_parameter_shows_error(lang):
    at = open_page(PAGE, lang)
    at.number_input(key="act_alpha").set_value(float("inf")).run()  # AppTest may send it as 0: either is rejected
    _ok(at)
    assert len(at.error) == 1 and _text("activations.alpha", lang) in at.error[0].value
    assert at.session_state["act_last"]["alpha"] == 1.0
    at.number_input(key="act_slope").set_value(5.0).run()  # out of [0, 1]
    assert len(at.error) == 2 and not at.exception
    assert at.session_state["act_last"]["slope"] == 0.1 and _qp(at, "act_slope") == "0.1"


def test_url_settings_are_restored_and_bad_ones_ignored():
    query = {"act_fns": "gelu,silu", "act_xmin": "-3", "act_xmax": "abc", "act_depth": "7", "act_init": "xavier"}
    at = open_page(PAGE, "en", query=query)
    _ok(at)
    assert at.multiselect(key="act_fns").value == ["gelu", "silu"]
    assert at.number_input(key="act_xmin").value == -3.0
    assert at.number_input(key="act_xmax").value == 6.0  # junk in the URL falls back to the default
    assert at.slider(key="act_depth").value == 7 and at.radio(key="act_init").value == "xavier"
    at2 = open_page(PAGE, "en", query={"act_fns": "relu,nope", "act_alpha": "nan", "act_mo": "1,2,3"})
    _ok(at2)
    assert list(at2.multiselect(key="act_fns").value) == ["sigmoid", "tanh", "relu"]  # the default is a tuple
    assert at2.number_input(key="act_alpha").value == 1.0
    assert _qp(at2, "act_mo") == "1,0,0.2,0,-1,-3"  # an odd count is no list of (w, b) pairs
    assert not at2.error  # a bad link is quietly replaced by the defaults


# (URL value a link may carry, what the page uses and publishes instead): each one is a rule of core or the page
_REJECTED = {
    "act_slope": ("5", "0.1"),  # a leaky slope lies in [0, 1]
    "act_alpha": ("0", "1"),  # ELU's α in [0.01, 10]
    "act_xmin": ("-5000", "-6"),  # x inside ±1000
    "act_xmax": ("1e4", "6"),
    "act_depth": ("99", "20"),  # the slider's 2..30
    "act_init": ("orthogonal", "he"),
    "act_fns": ("", "sigmoid,tanh,relu"),  # at least one known function
    "act_mo": ("1,0,2,0,3,0,4,0,5,0,6,0,7,0", "1,0,0.2,0,-1,-3"),  # 7 pieces: more than the page allows
}


@pytest.mark.parametrize("pieces", [_REJECTED["act_mo"][0], "1,0", "1,0,nan,2"])  # too many, 1 piece, not finite
def test_a_link_with_values_core_rejects_opens_with_the_defaults(pieces):
    query = {key: raw for key, (raw, _) in _REJECTED.items()} | {"act_mo": pieces}
    at = open_page(PAGE, "en", query=query)
    _ok(at)
    assert not at.error
    assert {key: _qp(at, key) for key in _REJECTED} == {key: shown for key, (_, shown) in _REJECTED.items()}


@pytest.mark.parametrize("lang", LANGS)
def test_gradient_flow_depth_and_init(lang):
    at = open_page(PAGE, lang)
    at.multiselect(key="act_fns").set_value(["sigmoid", "relu"]).run()
    at.slider(key="act_depth").set_value(25).run()
    _ok(at)
    blocks = [m.value for m in at.markdown if "‖∂L/∂W‖" in m.value]
    assert len(blocks) == 1  # one element for every function's numbers (issue 21: fewer elements per depth move)
    ratios = blocks[0].splitlines()
    assert len(ratios) == 2 and all(line.startswith("- ") for line in ratios)
    sig = [float(v) for v in re.findall(r"\d\.\d\de[-+]\d+", ratios[0])]
    relu = [float(v) for v in re.findall(r"\d\.\d\de[-+]\d+", ratios[1])]
    assert sig[2] < 1e-8 and relu[2] > 0.1  # sigmoid vanishes, ReLU (He) does not
    at.radio(key="act_init").set_value("xavier").run()
    relu_xavier = [
        float(v)
        for v in re.findall(r"\d\.\d\de[-+]\d+", [m.value for m in at.markdown if "‖" in m.value][0].splitlines()[1])
    ]
    assert relu_xavier[0] < 1e-2 * relu[0]
    assert _qp(at, "act_depth") == "25" and _qp(at, "act_init") == "xavier"


def _edit(at, **state) -> None:
    at.session_state["act_mo_editor"] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **state}
    at.run()


@pytest.mark.parametrize("lang", LANGS)
def test_maxout_pieces_editing(lang):
    at = open_page(PAGE, lang)
    assert _qp(at, "act_mo") == "1,0,0.2,0,-1,-3"
    _edit(at, edited_rows={1: {"w": 0.5}})
    _ok(at)
    assert not at.error and _qp(at, "act_mo") == "1,0,0.5,0,-1,-3"
    _edit(at, edited_rows={1: {"w": None}})  # an emptied cell
    assert len(at.error) == 1 and _text("activations.maxout.err", lang)[:10] in at.error[0].value
    assert _qp(at, "act_mo") == "1,0,0.5,0,-1,-3"  # last valid kept
    _edit(at, deleted_rows=[1, 2])  # a single piece is not a maxout
    assert len(at.error) == 1 and not at.exception
    at.button(key="act_mo_reset").click().run()
    _ok(at)
    assert not at.error and _qp(at, "act_mo") == "1,0,0,0"


def test_empty_selection_and_language_switch():
    at = open_page(PAGE, "en")
    at.multiselect(key="act_fns").set_value([]).run()
    _ok(at)
    assert len(at.info) == 2  # curves and gradient flow ask for a function
    assert len(_charts(at)) == 2  # maxout and the 1-D network still render
    at.multiselect(key="act_fns").set_value(["tanh"]).run()
    at.sidebar.radio(key="lang").set_value("ko").run()
    _ok(at)
    assert at.multiselect(key="act_fns").value == ["tanh"]
    assert list(_props(at).iloc[:, 0]) == [_fn("tanh", "ko")]


@pytest.mark.parametrize("lang", LANGS)
def test_a_new_empty_maxout_row_is_not_an_error_until_filled(lang):
    # the editor's "+" adds a blank row: no red message yet; a half-filled row still is one
    at = open_page(PAGE, lang)
    _edit(at, added_rows=[{}])
    _ok(at)
    assert not at.error and _qp(at, "act_mo") == "1,0,0.2,0,-1,-3"
    _edit(at, added_rows=[{"w": 2.0}])
    assert len(at.error) == 1 and _qp(at, "act_mo") == "1,0,0.2,0,-1,-3"
    _edit(at, added_rows=[{"w": 2.0, "b": -1.0}])
    _ok(at)
    assert not at.error and _qp(at, "act_mo") == "1,0,0.2,0,-1,-3,2,-1"


def test_a_language_switch_hands_the_choice_widgets_their_new_labels():
    # The browser keeps a multiselect's value as its labels and sends them back: unless the page sets
    # the value again, the chips keep the old language and the next switch silently drops picks.
    at = open_page(PAGE, "en")
    for lang in ("ko", "en"):
        at.sidebar.radio(key="lang").set_value(lang).run()
        _ok(at)
        fns, init = at.multiselect(key="act_fns").proto, at.radio(key="act_init").proto
        assert fns.set_value and list(fns.raw_values) == [_fn(n, lang) for n in ("sigmoid", "tanh", "relu")]
        assert init.set_value and init.raw_value == _text("activations.flow.init.he", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_properties_call_relu_non_saturating_for_positive_x(lang):
    """Item 12: the saturation column says ReLU saturates only as x → −∞; 아니요, not 아니오 (item 17)."""
    at = open_page(PAGE, lang)
    _ok(at)
    props = _props(at)
    sat = dict(zip(props.iloc[:, 0], props[_text("activations.props.saturating", lang)]))
    assert sat[_fn("relu", lang)] == _text("activations.sat.left", lang)
    assert sat[_fn("sigmoid", lang)] == _text("activations.sat.both", lang)
    zero = props[_text("activations.props.zero", lang)]
    assert _text("activations.no", lang) in list(zero)
    assert "아니오" not in str(props.values)


def _flow_chart(at) -> str:
    """The gradient-flow chart's spec as sent to the browser (the string its chart is keyed on)."""
    title = TEXT["activations.flow.norm"]["en"]
    for el in at.get("vega_lite_chart"):
        if json.loads(el.proto.spec).get("encoding", {}).get("y", {}).get("title") == title:
            return el.proto.spec
    raise AssertionError("no gradient-flow chart")


def test_flow_chart_spec_is_the_same_at_every_depth():
    """Issue 21: a depth move must only change the chart's data; the browser then updates the chart in place
    instead of building it anew. The numbers a screen reader needs are in the text beside it."""
    at = open_page(PAGE, "en", query={"act_depth": "10"})
    _ok(at)
    before = _flow_chart(at)
    at.slider(key="act_depth").set_value(20).run()
    _ok(at)
    assert _flow_chart(at) == before
    ratios = [line for m in at.markdown if "‖∂L/∂W‖" in str(m.value) for line in str(m.value).splitlines()]
    assert len(ratios) == 3  # one line per default function, with the first and last layers' values
    assert any("20 layers" in str(m.value) for m in at.markdown)  # the intro names the depth drawn
