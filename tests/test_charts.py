"""ui/common/charts.py: plain Vega-Lite dicts, colour-safe palettes, a description on every chart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ui.common import charts as ch


def _schema_validator():
    """Vega-Lite's own JSON schema (the version the page's frontend runs), shipped with altair (a test-only use)."""
    jsonschema = pytest.importorskip("jsonschema")
    altair = pytest.importorskip("altair")
    files = sorted(Path(altair.__file__).parent.glob("vegalite/v*/schema/vega-lite-schema.json"))
    if not files:
        pytest.skip("no Vega-Lite schema installed")
    return jsonschema.Draft7Validator(json.loads(files[-1].read_text()))


def _hex_to_rgb(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))


def test_okabe_ito_values():
    assert ch.OKABE_ITO == {
        "black": "#000000",
        "orange": "#E69F00",
        "sky_blue": "#56B4E9",
        "bluish_green": "#009E73",
        "yellow": "#F0E442",
        "blue": "#0072B2",
        "vermillion": "#D55E00",
        "reddish_purple": "#CC79A7",
    }
    assert sorted(ch.CATEGORY) == sorted(ch.OKABE_ITO.values())  # every category colour is Okabe–Ito
    assert ch.CATEGORY[-1] == ch.OKABE_ITO["yellow"]  # the faint one last


def test_signed_colours_are_blue_and_orange():
    r, g, b = _hex_to_rgb(ch.NEGATIVE)
    assert b > r and b > g  # blue below zero
    r, g, b = _hex_to_rgb(ch.POSITIVE)
    assert r > g > b  # orange above zero
    assert ch.DIVERGING_SCHEME == "blueorange"


def test_series_fixes_each_key_to_its_colour_whatever_the_label_order():
    en = ch.series("part", ["training", "validation"], colors=["#111111", "#222222"])
    ko = ch.series("part", ["학습용", "검증용"], colors=["#111111", "#222222"])  # sorts the other way round
    for spec in (en, ko):
        assert spec["scale"]["range"] == ["#111111", "#222222"]
        assert spec["sort"] == spec["scale"]["domain"]
    assert en["scale"]["domain"] == ["training", "validation"] and ko["scale"]["domain"] == ["학습용", "검증용"]


def test_series_defaults_to_okabe_ito_and_cycles():
    spec = ch.series("k", [str(i) for i in range(10)])
    assert spec["scale"]["range"][:8] == ch.CATEGORY
    assert spec["scale"]["range"][8:] == ch.CATEGORY[:2]


def test_series_legend_sits_below_and_never_cuts_labels():
    spec = ch.series("k", ["a"], title="T")
    assert spec["legend"] == {"orient": "bottom", "title": "T", "labelLimit": 0}
    assert ch.series("k", ["a"], legend_spec=False)["legend"] is None
    assert ch.legend(columns=4)["columns"] == 4


def test_dashes_and_shapes_differ_per_series():
    keys = ["a", "b", "c"]
    dash, shape = ch.dashes("s", keys), ch.shapes("s", keys)
    assert len({json.dumps(d) for d in dash["scale"]["range"]}) == 3
    assert len(set(shape["scale"]["range"])) == 3
    assert dash["legend"] is None and shape["legend"] is None  # merged into the colour legend


def test_chart_builds_a_plain_dict():
    rows = [{"x": 1, "y": 2.0}]
    spec = ch.chart(rows, mark="line", encoding={"x": ch.quant("x", "X")}, title="T", height=200)
    assert spec == {
        "title": "T",
        "data": {"values": rows},
        "mark": {"type": "line"},
        "encoding": {"x": {"field": "x", "type": "quantitative", "title": "X"}},
        "height": 200,
    }
    json.dumps(spec)  # nothing but JSON types


def test_tip_is_always_titled():
    assert ch.tip("p", "Probability", fmt=".2f") == {
        "field": "p",
        "type": "quantitative",
        "title": "Probability",
        "format": ".2f",
    }


def test_built_specs_are_valid_vega_lite():
    validator = _schema_validator()
    keys = ["training", "validation"]
    spec = ch.chart(
        [{"e": 1, "a": 0.5, "part": "training"}],
        mark={"type": "line", "point": True},
        encoding={
            "x": ch.quant("e", "epoch", axis={"tickMinStep": 1}),
            "y": ch.quant("a", "accuracy", scale={"domain": [0, 1]}),
            "color": ch.series("part", keys),
            "strokeDash": ch.dashes("part", keys),
            "shape": ch.shapes("part", keys),
            "tooltip": [ch.tip("part", "data", kind="nominal"), ch.tip("a", "accuracy", fmt=".1%")],
        },
    )
    errors = list(validator.iter_errors({**spec, "description": "d"}))
    assert not errors, [e.message for e in errors]


def test_show_refuses_a_chart_without_description():
    with pytest.raises(ValueError):
        ch.show({"mark": "bar"}, description=" ")


def test_num_and_listing():
    assert ch.num(float("inf")) == "∞" and ch.num(-0.5) == "−0.5" and ch.num(2 / 3) == "0.667"
    assert ch.listing(["a", "b"]) == "a, b"
    assert ch.listing([str(i) for i in range(20)], limit=3) == "0, 1, 2, …"


def test_text_width_counts_hangul_wider():
    assert ch.text_width("삼각형") > ch.text_width("abc")


def test_legend_columns_fit_the_chart():
    english = ["sigmoid", "tanh", "ReLU", "Leaky ReLU", "ELU", "GELU", "SiLU", "softplus"]
    korean = ["시그모이드 (sigmoid)", "하이퍼볼릭 탄젠트 (tanh)", "리키 ReLU (leaky ReLU)", "소프트플러스 (softplus)"]
    assert ch.legend_columns(english) > ch.legend_columns(korean) >= 1
    for labels in (english, korean):
        columns = ch.legend_columns(labels, width=380)
        assert columns * (max(map(ch.text_width, labels)) + 40) <= 380
    assert ch.legend_columns(["a"], width=10) == 1


def spec_json(spec: dict, description: str) -> str:
    """The spec string Streamlit sends for ``ch.show(spec, description=...)`` (data taken out): the browser's key,
    by Streamlit's own (private) steps in their order."""
    from streamlit.elements import vega_charts as vc
    from streamlit.proto.VegaLiteChart_pb2 import VegaLiteChart

    full = vc._prepare_vega_lite_spec({**spec, "description": description}, True)
    vc._marshall_chart_data(VegaLiteChart(), full)
    return vc._stabilize_vega_json_spec(json.dumps(full))


def test_spec_json_leaves_data_and_named_datasets_out():
    """The browser re-embeds a chart whenever this string changes; data of either kind must not be in it."""

    def spec(k):
        layer = [{"data": ch.named("dots"), "mark": "point", "encoding": {"x": ch.quant("x", "x")}}]
        return ch.chart([{"x": k}], mark="bar", layer=layer, datasets={"dots": [{"x": 2 * k}]})

    assert spec_json(spec(1), "d") == spec_json(spec(7), "d")
    assert "values" not in spec_json(spec(1), "d")
    inline = [{"data": {"values": [{"x": 1}]}, "mark": "point"}]  # per-layer inline data stays in the spec
    assert spec_json(ch.chart(layer=inline), "d") != spec_json(
        ch.chart(layer=[{**inline[0], "data": {"values": [{"x": 2}]}}]), "d"
    )


def _summary_app():
    from ui.common import charts as ch

    ch.show(ch.chart([{"x": 1}], mark="bar"), description="Bars of x.", summary=["x is 0.5.", "[a](//ev.il) $y$"])


def test_show_puts_the_numbers_in_an_escaped_caption_under_the_chart():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_summary_app).run()
    assert not at.exception
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["description"] == "Bars of x."
    (caption,) = at.caption
    assert caption.value.startswith("x is 0\\.5\\. ")
    assert "\\[a\\]\\(" in caption.value and "\\$y\\$" in caption.value  # never a link or formula
