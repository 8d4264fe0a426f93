"""The entropy page through AppTest: presets, table editing, text mode, bad input, URL state, both languages."""

import math
import re
import unicodedata

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.entropy import cross_entropy, entropy, normalize
from tests.apptest_utils import open_page, raw_keys
from ui.entropy.parse import MAX_SYMBOLS, MAX_TEXT, InputError, decode_rows, encode_rows, text_dist
from ui.entropy.text import TEXT

ALPHABET = np.array([0.225] * 4 + [0.1 / 36] * 36)


def h_metric(at) -> str:
    return at.metric[0].value  # "Entropy H(p), bits"


def ok(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not raw_keys(at), raw_keys(at)


def frames(at) -> list:
    """Read-only tables on the page (the editors are listed separately)."""
    return [d.value for d in at.dataframe if d.editing_mode == "read_only"]


def _plain(text) -> str:
    """Markdown-escaped text (``st.table`` cells, chart summaries) as the reader sees it."""
    return re.sub(r"\\(.)", r"\1", str(text)).replace("\u2060", "")


def ce_frame(at, lang: str = "en"):
    """The H(p) / H(p, q) / KL table (an ``st.table``), columns renamed to "bits" and "nats", as numbers."""
    frame = next(tb.value for tb in at.table if TEXT["entropy.ce.nats"][lang] in map(_plain, tb.value.columns))
    frame = frame.rename(columns=_plain).map(_plain)
    frame = frame.rename(columns={TEXT[f"entropy.ce.{u}"][lang]: u for u in ("bits", "nats")})
    for unit in ("bits", "nats"):
        frame[unit] = [math.inf if v == "∞" else float(v) for v in frame[unit]]
    return frame


def edit_table(at, edit: dict):
    at.session_state["ent_table"] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **edit}
    return at.run()


def to_table(at):
    return at.segmented_control(key="ent_mode").set_value("table").run()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_default_preset_shows_computed_values(lang):
    at = open_page("pages/entropy.py", lang)
    ok(at)
    assert h_metric(at) == f"{entropy(ALPHABET):.4f}" == "2.7860"  # not the notes' 2.72
    values = [m.value for m in at.metric]
    assert "3.400" in values  # the notes' two-stage code, computed
    assert "6" in values  # ⌈log₂ 40⌉
    assert any("2.72" in w.value and "2.786" in w.value for w in at.warning)
    assert any("pages/softmax.py" in link.proto.page or "softmax" in link.proto.page for link in at.page_link)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_preset_switch_and_edit(lang):
    at = open_page("pages/entropy.py", lang)
    at.selectbox(key="ent_preset").set_value("days").run()
    ok(at)
    assert h_metric(at) == f"{math.log2(7):.4f}"
    codes = next(f for f in frames(at) if len(f.columns) == 6)
    assert list(codes.iloc[:, -1]) == ["000", "001", "010", "011", "100", "101", "110"]
    at.selectbox(key="ent_preset").set_value("die").run()
    assert h_metric(at) == f"{math.log2(6):.4f}"
    at.button(key="ent_to_table").click().run()
    ok(at)
    assert at.session_state["ent_mode"] == "table"
    assert list(at.data_editor(key="ent_table").value["label"]) == ["1", "2", "3", "4", "5", "6"]
    edit_table(at, {"edited_rows": {0: {"weight": "5"}}})
    ok(at)
    assert h_metric(at) == f"{entropy(normalize([5, 1, 1, 1, 1, 1])):.4f}"
    assert "ent_d" in at.query_params and "1:5" in str(at.query_params["ent_d"])


def test_table_edit_shows_normalized_values():
    at = to_table(open_page("pages/entropy.py", "en"))
    ok(at)
    assert h_metric(at) == f"{entropy(normalize([4, 2, 1, 1])):.4f}"
    edit_table(
        at,
        {"edited_rows": {0: {"weight": "25%"}, 1: {"weight": "1/4"}}, "added_rows": [{"label": "E", "weight": "0.5"}]},
    )
    ok(at)
    expected = normalize([0.25, 0.25, 1, 1, 0.5])
    assert h_metric(at) == f"{entropy(expected):.4f}"
    normalized = frames(at)[0]
    np.testing.assert_allclose(normalized["p"].to_numpy(), expected)


@pytest.mark.parametrize(
    ("edit", "word"),
    [
        ({"edited_rows": {1: {"weight": "abc"}}}, "abc"),
        ({"edited_rows": {1: {"weight": "-2"}}}, "negative"),
        ({"edited_rows": {i: {"weight": "0"} for i in range(4)}}, "zero"),
        ({"added_rows": [{"label": f"s{i}", "weight": "1"} for i in range(61)]}, "65"),
        ({"edited_rows": {1: {"label": "A"}}}, "twice"),
        ({"deleted_rows": [0, 1, 2, 3]}, "no symbols"),
    ],
)
def test_bad_table_input_keeps_last_valid(edit, word):
    at = to_table(open_page("pages/entropy.py", "en"))
    before = h_metric(at)
    edit_table(at, edit)
    ok(at)
    assert at.error, "an error element is shown"
    assert any(word in e.value for e in at.error), [e.value for e in at.error]
    assert h_metric(at) == before  # the last valid distribution stays on screen


def test_language_switch_and_mode_switch_keep_the_edited_table():
    at = to_table(open_page("pages/entropy.py", "en"))
    edit_table(at, {"edited_rows": {0: {"weight": "1"}}})
    expected = f"{entropy(normalize([1, 2, 1, 1])):.4f}"
    assert h_metric(at) == expected
    at.sidebar.radio(key="lang").set_value("ko").run()
    ok(at)
    assert h_metric(at) == expected
    at.segmented_control(key="ent_mode").set_value("binary").run()
    at.segmented_control(key="ent_mode").set_value("table").run()
    assert h_metric(at) == expected
    assert list(at.data_editor(key="ent_table").value["weight"]) == ["1", "2", "1", "1"]


def test_text_with_many_symbols_falls_back_to_uniform_q():
    at = open_page("pages/entropy.py", "en")
    at.segmented_control(key="ent_mode").set_value("text").run()
    at.radio(key="ent_qk").set_value("custom").run()
    at.text_area(key="ent_text").set_value("".join(chr(0xAC00 + i) for i in range(MAX_SYMBOLS + 6))).run()
    ok(at)
    assert any(str(MAX_SYMBOLS) in e.value for e in at.error)
    np.testing.assert_allclose(ce_frame(at)["bits"].iloc[2], 0.0, atol=1e-12)  # p and q both uniform


def test_bad_input_message_in_korean():
    at = to_table(open_page("pages/entropy.py", "ko"))
    edit_table(at, {"edited_rows": {1: {"weight": "열"}}})
    ok(at)
    assert any("숫자가 아닙니다" in e.value for e in at.error)
    assert h_metric(at) == f"{entropy(normalize([4, 2, 1, 1])):.4f}"


def test_text_mode_english_korean_and_empty():
    at = open_page("pages/entropy.py", "en")
    at.segmented_control(key="ent_mode").set_value("text").run()
    ok(at)
    at.text_area(key="ent_text").set_value("hello").run()
    ok(at)
    assert h_metric(at) == f"{entropy([0.4, 0.2, 0.2, 0.2]):.4f}"
    assert any("**5**" in m.value for m in at.markdown)
    assert "40" in [m.value for m in at.metric]  # UTF-8: 5 bytes
    # decomposed jamo (NFD) count as syllables: 가나가 → 2/3, 1/3
    at.text_area(key="ent_text").set_value(unicodedata.normalize("NFD", "가나가")).run()
    ok(at)
    assert h_metric(at) == f"{entropy([2 / 3, 1 / 3]):.4f}"
    assert "72" in [m.value for m in at.metric]  # 3 syllables × 3 bytes × 8
    at.text_area(key="ent_text").set_value("").run()
    ok(at)
    assert at.error and h_metric(at) == f"{entropy([2 / 3, 1 / 3]):.4f}"


def test_binary_slider():
    at = open_page("pages/entropy.py", "ko")
    at.segmented_control(key="ent_mode").set_value("binary").run()
    at.slider(key="ent_bp").set_value(0.5).run()
    ok(at)
    assert h_metric(at) == "1.0000"
    at.slider(key="ent_bp").set_value(1.0).run()
    assert h_metric(at) == "0.0000"
    assert at.query_params["ent_bp"] in ("1", ["1"])


def test_cross_entropy_one_hot_and_custom_q():
    at = open_page("pages/entropy.py", "en")
    at.selectbox(key="ent_preset").set_value("die").run()
    at.toggle(key="ent_onehot").set_value(True).run()
    at.selectbox(key="ent_true").set_value(2).run()
    ok(at)
    assert any(f"{math.log2(6):.4f} bits" in s.value for s in at.success)  # uniform q: −log₂(1/6)
    at.radio(key="ent_qk").set_value("custom").run()
    at.session_state["ent_qtable"] = {"edited_rows": {2: {"weight": "5"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    ok(at)
    q = normalize([1, 1, 5, 1, 1, 1])
    assert any(f"{-math.log2(q[2]):.4f} bits" in s.value for s in at.success)
    assert cross_entropy(np.eye(6)[2], q) == pytest.approx(-math.log2(0.5))
    ce_table = ce_frame(at)
    np.testing.assert_allclose(ce_table["bits"], [0, 1, 1])
    np.testing.assert_allclose(ce_table["nats"], [0, math.log(2), math.log(2)], atol=5e-5)  # shown to 4 places
    # q = 0 on the true class: infinite loss, a warning, no exception
    at.session_state["ent_qtable"] = {"edited_rows": {2: {"weight": "0"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    ok(at)
    assert at.warning
    at.session_state["ent_qtable"] = {"edited_rows": {2: {"weight": "x"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    ok(at)
    assert at.error


def test_q_same_as_p_gives_zero_kl():
    at = open_page("pages/entropy.py", "ko")
    at.radio(key="ent_qk").set_value("same").run()
    ok(at)
    ce_table = ce_frame(at, "ko")
    assert ce_table["bits"].iloc[2] == 0.0
    assert ce_table["bits"].iloc[1] == pytest.approx(entropy(ALPHABET), abs=5e-5)  # shown to 4 places


def test_url_reopens_distribution_and_bad_url_falls_back():
    at = open_page("pages/entropy.py", "en", query={"ent_mode": "table", "ent_d": "x:1,y%2Cz:3"})
    ok(at)
    assert h_metric(at) == f"{entropy([0.25, 0.75]):.4f}"
    assert list(at.data_editor(key="ent_table").value["label"]) == ["x", "y,z"]
    at = open_page(
        "pages/entropy.py",
        "en",
        query={"ent_mode": "text", "ent_text": "aab", "ent_qk": "custom", "ent_q": "1,3", "ent_true": "1"},
    )
    ok(at)
    assert h_metric(at) == f"{entropy([2 / 3, 1 / 3]):.4f}"
    assert any(f"{-math.log2(0.75):.4f} bits" in s.value for s in at.success)
    at = open_page(
        "pages/entropy.py", "en", query={"ent_mode": "zzz", "ent_d": "a:-1,b:x", "ent_bp": "7", "ent_preset": "nope"}
    )
    ok(at)
    assert at.session_state["ent_mode"] == "preset" and at.session_state["ent_preset"] == "alphabet"
    assert h_metric(at) == "2.7860"


def test_too_long_text_is_rejected_and_not_shared():
    at = open_page("pages/entropy.py", "en")
    at.segmented_control(key="ent_mode").set_value("text").run()
    at.text_area(key="ent_text").set_value("ab" * 300).run()  # valid, but too long for the URL
    ok(at)
    assert h_metric(at) == "1.0000" and "ent_text" not in at.query_params
    at.text_area(key="ent_text").set_value("a" * (MAX_TEXT + 1)).run()  # the widget caps the length
    ok(at)
    assert len(at.session_state["ent_text"]) == MAX_TEXT and h_metric(at) == "0.0000"
    assert any(TEXT["entropy.m.single"]["en"] == c.value for c in at.caption)  # the documented one-bit codeword
    with pytest.raises(InputError) as err:  # the parser checks the cap too
        text_dist("a" * (MAX_TEXT + 1))
    assert err.value.key == "entropy.err.text_long" and err.value.values["n"] == MAX_TEXT + 1


labels = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=8)


@given(st.lists(st.tuples(labels, st.floats(0.001, 1e6)), min_size=1, max_size=MAX_SYMBOLS, unique_by=lambda r: r[0]))
def test_url_encoding_round_trips(rows):
    back = decode_rows(encode_rows(rows))
    assert [label for label, _ in back] == [label for label, _ in rows]
    np.testing.assert_allclose([w for _, w in back], [w for _, w in rows], rtol=1e-7)


@pytest.mark.parametrize(
    "raw", ["", "a", "a:1,a:2", "a:-1", "a:0", "a:nan", "a:1,b", ",".join(f"s{i}:1" for i in range(65))]
)
def test_bad_url_tables_are_rejected(raw):
    with pytest.raises(ValueError):
        decode_rows(raw)


def test_a_language_switch_hands_the_choice_widgets_their_new_labels():
    # The browser keeps a selectbox's value as its label and sends it back: unless the page sets the
    # value again after a switch, "Wed" stays on a Korean page and the next switch crashes on it.
    at = open_page("pages/entropy.py", "en", query={"ent_preset": "days", "ent_true": "2", "ent_qk": "same"})
    for lang in ("ko", "en"):
        at.sidebar.radio(key="lang").set_value(lang).run()
        assert not at.exception
        widgets = (at.selectbox(key="ent_true"), at.selectbox(key="ent_preset"), at.radio(key="ent_qk"))
        for widget in (*widgets, at.segmented_control(key="ent_mode")):
            assert widget.proto.set_value, widget.key
        assert at.selectbox(key="ent_true").proto.raw_value == TEXT["entropy.day.wed"][lang]
        assert at.selectbox(key="ent_preset").proto.raw_value == TEXT["entropy.preset.days"][lang]
    assert at.session_state["ent_true"] == 2 and at.session_state["ent_preset"] == "days"


def url(at) -> dict[str, str]:
    """The page's URL parameters (the language aside) as plain strings."""
    return {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items() if k != "lang"}


def test_the_url_holds_this_views_settings_under_their_names_and_reopens_it():
    at = open_page("pages/entropy.py", "en", query={"ent_preset": "days"})
    ok(at)
    assert h_metric(at) == f"{math.log2(7):.4f}"
    assert url(at) == {"ent_mode": "preset", "ent_preset": "days", "ent_qk": "uniform"}
    at.segmented_control(key="ent_mode").set_value("binary").run()
    at.slider(key="ent_bp").set_value(0.25).run()
    at.toggle(key="ent_onehot").set_value(True).run()
    at.selectbox(key="ent_true").set_value(1).run()
    at.radio(key="ent_qk").set_value("custom").run()
    at.session_state["ent_qtable"] = {"edited_rows": {0: {"weight": "3"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    ok(at)
    shared = url(at)
    assert shared == {"ent_mode": "binary", "ent_bp": "0.25", "ent_qk": "custom", "ent_q": "0.75,0.25", "ent_true": "1"}
    again = open_page("pages/entropy.py", "en", query=shared)  # a shared link reopens the same view
    ok(again)
    assert h_metric(again) == h_metric(at) == f"{entropy([0.25, 0.75]):.4f}"
    assert any(f"{-math.log2(0.25):.4f} bits" in s.value for s in again.success)  # q = (3/4, 1/4), true class 1
    at.toggle(key="ent_onehot").set_value(False).run()
    at.radio(key="ent_qk").set_value("same").run()
    assert url(at) == {"ent_mode": "binary", "ent_bp": "0.25", "ent_qk": "same"}  # unused q and class dropped


# ---------------------------------------------------------------- issue 13: the sentences, with core's numbers


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_notes_slip_is_traced_and_surprisal_curves_shown(lang):
    at = open_page("pages/entropy.py", lang)
    ok(at)
    slip = next(w.value for w in at.warning if "2.72" in w.value)
    for part in ("−1.04", "−0.85", "1.89", "−1.937", "2.786", "0.225", "0.9"):
        assert part in slip, part
    note = TEXT["entropy.surprisal.note"][lang].format(
        p1="0.25", p2="0.125", s1="2", s2="3", r1="4", r2="8", s0="0", r0="1"
    )
    assert note in [c.value for c in at.caption]
    assert f"**{TEXT['entropy.surprisal.title'][lang]}**" in [m.value for m in at.markdown]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_biased_coin_explains_the_gap_with_block_codes(lang):
    at = open_page("pages/entropy.py", lang)
    at.selectbox(key="ent_preset").set_value("biased").run()
    ok(at)
    expected = TEXT["entropy.gap.blocks"][lang].format(h="0.469", l1="1.000", l2="0.645", l3="0.533")
    assert expected in [i.value for i in at.info]
    at.selectbox(key="ent_preset").set_value("coin").run()  # a fair coin: Huffman = H, nothing to explain
    assert not any("0.645" in i.value for i in at.info)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_days_explain_huffman_below_three_bits(lang):
    at = open_page("pages/entropy.py", lang)
    at.selectbox(key="ent_preset").set_value("days").run()
    ok(at)
    expected = TEXT["entropy.days.explain"][lang].format(n=7, log="2.807", bits=3, huffman="2.857", short=2, long=3)
    assert expected in [i.value for i in at.info]


@pytest.mark.parametrize("mode", ["preset", "binary", "text"])
def test_korean_chart_tooltips_have_no_english_titles(mode):
    """Item 19: every tooltip field is titled through t(); no raw field names ("bits", "code", "prob")."""
    from tests.apptest_utils import chart_tooltip_titles

    at = open_page("pages/entropy.py", "ko")
    at.segmented_control(key="ent_mode").set_value(mode).run()
    ok(at)
    titles = chart_tooltip_titles(at)
    assert titles
    english = {"bits", "code", "measure", "prob", "dist", "symbol", "value", "curve", "H (bits)", "surprisal", " "}
    assert not [title for title in titles if title is None or title in english], titles


# ---------------------------------------------------------------- issue 21: what a click costs the browser


def test_chart_specs_stay_the_same_when_one_hot_is_switched_the_numbers_move_to_the_captions():
    """The browser keys a chart on its spec string: the same string means an update in place, not a re-embed."""
    at = open_page("pages/entropy.py", "en", query={"ent_mode": "table"})
    ok(at)
    before = [el.proto.spec for el in at.get("vega_lite_chart")]
    ce_before = [_plain(c.value) for c in at.caption if "p and q of" in _plain(c.value)]
    at.toggle(key="ent_onehot").set_value(True).run()
    ok(at)
    after = [el.proto.spec for el in at.get("vega_lite_chart")]
    ce_after = [_plain(c.value) for c in at.caption if "p and q of" in _plain(c.value)]
    assert len(before) == len(after) >= 3 and before == after
    assert len(ce_before) == len(ce_after) == 1 and ce_before != ce_after  # the numbers follow the toggle
    assert " p 1 q " in ce_after[0] and " p 0 q " in ce_after[0]  # one-hot p, in the caption


def test_binary_chart_spec_is_the_same_for_every_p():
    specs = []
    for p in ("0.11", "0.5"):
        at = open_page("pages/entropy.py", "en", query={"ent_mode": "binary", "ent_bp": p})
        ok(at)
        specs.append([el.proto.spec for el in at.get("vega_lite_chart")])
    binary = [i for i, s in enumerate(specs[0]) if "Binary entropy" in s]
    assert binary and all(specs[0][i] == specs[1][i] for i in binary)
