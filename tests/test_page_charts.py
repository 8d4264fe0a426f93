"""The charts as the pages draw them (AppTest): descriptions, fixed colours, readable labels, honest axes."""

from __future__ import annotations

import json
import re

import pyarrow as pa
import pytest

from core.activations import ACTIVATIONS
from tests.apptest_utils import open_page, rerun_until
from ui.common import charts as ch
from ui.common.i18n import TEXT

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Pages whose chart descriptions are fixed sentences (their numbers in captions, so the specs never change with
# the controls and the browser updates the charts in place): no digit at all in any of them.
FIXED_DESCRIPTIONS = {"pages/softmax.py", "pages/activations.py", "pages/convolution.py"}
LIGHT_PAGES = ["pages/entropy.py", "pages/activations.py", "pages/softmax.py", "pages/convolution.py"]


def _charts(at) -> list[tuple[dict, list[dict]]]:
    """Every Vega-Lite chart on the page: its spec and its top-level data rows (sent to the browser as Arrow)."""
    out = []
    for el in at.get("vega_lite_chart"):
        rows = pa.ipc.open_stream(el.proto.data.data).read_all().to_pylist() if el.proto.data.data else []
        out.append((json.loads(el.proto.spec), rows))
    return out


def _ok(at):
    assert not at.exception, [e.value for e in at.exception]


def _walk(spec):
    """The spec and every nested view (layers)."""
    yield spec
    for child in spec.get("layer", []):
        yield from _walk(child)


def _channel(spec: dict, name: str) -> list[dict]:
    return [view["encoding"][name] for view in _walk(spec) if name in view.get("encoding", {})]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("page", LIGHT_PAGES)
def test_every_chart_has_a_description_in_the_page_language(page, lang):
    at = open_page(page, lang, timeout=120)
    _ok(at)
    charts = _charts(at)
    assert charts
    for spec, _ in charts:
        desc = spec.get("description", "")
        assert len(desc) > 20, spec
        assert bool(HANGUL.search(desc)) == (lang == "ko"), desc
        if page in FIXED_DESCRIPTIONS:  # issue 21: the numbers are in a caption under the chart, not in its spec
            assert not re.search("[0-9]", desc), desc


_ALTAIR_PROBE = """
import sys
sys.path.insert(0, {root!r})
from tests.apptest_utils import open_page
for script in {scripts!r}:
    at = open_page(script, "en", timeout=120)
    assert not at.exception, [e.value for e in at.exception]
print("altair" in sys.modules)
"""


def test_pages_never_import_altair():
    """Altair's spec building and schema validation were most of a rerun: the specs are plain dicts now."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    code = _ALTAIR_PROBE.format(root=str(root), scripts=LIGHT_PAGES)
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_entropy_at_p_1_keeps_an_honest_surprisal_axis():
    """p = 1 on the coin: surprisal 0 sits on a real 0–1 axis, and p = 0's infinite surprisal is an "∞" arrow."""
    at = open_page("pages/entropy.py", "en", query={"ent_mode": "binary", "ent_bp": "1"})
    _ok(at)
    title = TEXT["entropy.chart.surprisal"]["en"]
    spec, rows = next((s, r) for s, r in _charts(at) if any(y.get("title") == title for y in _channel(s, "y")))
    y = next(y for y in _channel(spec, "y") if y.get("title") == title)
    low, high = y["scale"]["domain"]
    assert low == 0 and high >= 1  # not one "0.000000" tick
    by_symbol = {r["symbol"]: r for r in rows}
    heads, tails = by_symbol[TEXT["entropy.coin.heads"]["en"]], by_symbol[TEXT["entropy.coin.tails"]["en"]]
    assert heads["s"] == 0 and not heads["inf"]  # p = 1: at 0 on the axis
    assert tails["inf"] and 1 < tails["s"] < high and tails["s_text"] == "∞"  # p = 0: drawn near the top …
    marks = [v["mark"] for v in _walk(spec) if isinstance(v.get("mark"), dict)]
    assert {"type": "text", "text": "∞"}.items() <= next(m for m in marks if m.get("text") == "∞").items()  # … marked ∞
    summaries = [re.sub(r"\\(.)", r"\1", c.value) for c in at.caption]
    assert any("∞" in c and TEXT["entropy.coin.tails"]["en"] in c for c in summaries)  # the chart's caption says ∞


def test_entropy_legends_are_below_and_never_cut_in_korean():
    at = open_page("pages/entropy.py", "ko")
    _ok(at)
    surprisal = TEXT["entropy.col.surprisal"]["ko"]
    legends = [
        c["legend"]
        for spec, _ in _charts(at)
        for c in _channel(spec, "color")
        if c.get("legend") and surprisal in c.get("scale", {}).get("domain", [])
    ]
    assert legends and all(lg["orient"] == "bottom" and lg["labelLimit"] == 0 for lg in legends)


def test_activations_all_eight_functions_legend_below_and_every_line_distinct():
    names = list(ACTIVATIONS)
    at = open_page("pages/activations.py", "ko", query={"act_fns": ",".join(names)})
    _ok(at)
    curves = [s for s, _ in _charts(at) if len(_channel(s, "color")) and len(_channel(s, "strokeDash"))]
    assert len(curves) >= 3  # f, f′, gradient flow (and the 1-D network)
    for spec in curves:
        color = next(c for c in _channel(spec, "color") if c.get("legend"))
        assert color["legend"]["orient"] == "bottom" and color["legend"]["labelLimit"] == 0
        widest = max(ch.text_width(label) for label in color["scale"]["domain"])
        assert color["legend"]["columns"] * (widest + 40) <= 380  # the legend is not cut off at the right
        domain, colours = color["scale"]["domain"], color["scale"]["range"]
        assert len(domain) >= 8 and len(set(colours)) == len(colours) == len(domain)
        dashes = _channel(spec, "strokeDash")[0]["scale"]["range"]
        assert len({json.dumps(d) for d in dashes}) == len(domain)  # not colour alone


def test_activations_function_colours_are_okabe_ito_and_the_same_in_both_languages():
    colours = {}
    for lang in ("en", "ko"):
        at = open_page("pages/activations.py", lang, query={"act_fns": "relu,gelu"})
        _ok(at)
        spec = _charts(at)[0][0]
        colours[lang] = next(c for c in _channel(spec, "color") if c.get("legend"))["scale"]["range"]
    assert colours["en"] == colours["ko"]
    assert set(colours["en"]) <= set(ch.OKABE_ITO.values())


def test_softmax_gradient_bars_are_blue_and_orange():
    at = open_page("pages/softmax.py", "en")
    _ok(at)
    grad = next(s for s, _ in _charts(at) if s.get("description", "").startswith("Bar chart of the gradient"))
    color = next(c for c in _channel(grad, "color"))
    assert color["condition"]["value"] == ch.POSITIVE and color["value"] == ch.NEGATIVE


@pytest.fixture(scope="module")
def trained_shapes():
    """The shapes data set (4 classes) trained for one epoch, in each language."""
    import torch

    torch.set_num_threads(1)
    pages = {}
    for lang in ("en", "ko"):
        at = open_page("pages/train.py", lang, query={"train_data": "shapes", "train_epochs": "1"}, timeout=180)
        at.button(key="train_start").click().run()
        rerun_until(at, lambda at: not at.session_state["train_run"].running)  # it trains in a worker meanwhile
        assert at.session_state["train_run"].trainer.status == "done"
        _ok(at)
        pages[lang] = at
    return pages


def _open_tab(at, name: str, lang: str) -> None:
    """Open one tab of "Inside the network" (only the open tab is drawn), as a student's click does."""
    from ui.train.inside import TABS_KEY

    at.session_state[TABS_KEY] = TEXT[f"train.tab.{name}"][lang]
    at.run()
    _ok(at)


def _acc_chart(at, lang):
    return next(s for s, _ in _charts(at) if s.get("title") == TEXT["train.live.acc_title"][lang])


def test_accuracy_colours_belong_to_the_series_not_the_language(trained_shapes):
    picked = {}
    for lang, at in trained_shapes.items():
        spec = _acc_chart(at, lang)
        color = _channel(spec, "color")[0]
        keys = [TEXT["train.live.train"][lang], TEXT["train.live.val"][lang]]
        assert color["scale"]["domain"] == keys  # fixed order, not the labels' sort order
        picked[lang] = dict(zip(("train", "val"), color["scale"]["range"]))
        dash, shape = _channel(spec, "strokeDash")[0], _channel(spec, "shape")[0]
        assert dash["scale"]["range"][0] != dash["scale"]["range"][1]  # told apart without colour too
        assert shape["scale"]["range"][0] != shape["scale"]["range"][1]
        assert color["legend"]  # and named in the legend
    assert picked["en"] == picked["ko"] and picked["en"]["train"] != picked["en"]["val"]


def test_confusion_matrix_square_cells_upright_labels_every_class(trained_shapes):
    for lang, at in trained_shapes.items():
        _open_tab(at, "confusion", lang)
        names = [TEXT[f"train.shape.{n}"][lang] for n in ("circle", "square", "triangle", "cross")]
        title = TEXT["train.inside.pred"][lang]
        spec = next(s for s, _ in _charts(at) if any(x.get("title") == title for x in _channel(s, "x")))
        x, y = _channel(spec, "x")[0], _channel(spec, "y")[0]
        assert x["axis"]["labelAngle"] == 0
        assert x["scale"]["domain"] == names and y["scale"]["domain"] == names  # every class, in order
        assert spec["width"] == spec["height"] and "step" in spec["width"]  # square cells
        cell = spec["width"]["step"]
        assert x["axis"]["labelLimit"] >= max(ch.text_width(n) for n in names)  # no name cut off
        assert y["axis"]["labelLimit"] == 0 and cell >= 40
        assert not re.search("[0-9]", spec["description"])  # fixed (issue 21): the counts are in the caption under it
        assert any(all(n in c.value for n in names) for c in at.caption), [c.value for c in at.caption]


def test_probability_bars_name_every_class_upright(trained_shapes):
    for lang, at in trained_shapes.items():
        _open_tab(at, "softmax", lang)
        title = TEXT["train.inside.class"][lang]
        spec = next(s for s, _ in _charts(at) if any(v.get("title") == title for v in _channel(s, "y")))
        y = _channel(spec, "y")[0]
        assert y["axis"]["labelLimit"] == 0 and y["axis"]["labelAngle"] == 0  # horizontal bars, names in full
        assert y["sort"] == [TEXT[f"train.shape.{n}"][lang] for n in ("circle", "square", "triangle", "cross")]
