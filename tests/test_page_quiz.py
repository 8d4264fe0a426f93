"""Every page's "Check yourself" through AppTest: wrong → "Not quite" and the answer, right → "Right", in both
languages; the answers follow the page's settings; nothing reaches the URL."""

import re

import numpy as np
import pytest

from core.entropy import entropy, fixed_length_bits, normalize
from core.images import WORKING_SIDE, load_image_info
from core.layer import output_hw
from core.softmax import softmax
from core.stacking import gradient_flow, gradient_ratio
from tests.apptest_utils import open_page, raw_keys
from ui.common.i18n import TEXT
from ui.convolution.source import SAMPLE_DIR, SAMPLES
from ui.entropy.parse import preset_rows
from ui.softmax.state import DEFAULT_Z

QUIZ_PAGES = ("entropy", "activations", "softmax", "convolution", "train")
GRID5 = {"cv_src": "grid", "cv_gsize": "5"}  # the notes' 5×5 grid: a known input size


# ---------------------------------------------------------------- helpers


def quiz_input(at, name: str):
    """The one input of question ``name`` (its key carries the answer's token after the name)."""
    found = [
        w for kind in ("number_input", "radio") for w in getattr(at, kind) if (w.key or "").startswith(f"quiz_{name}_")
    ]
    assert len(found) == 1, f"question {name}: {[w.key for w in found]}"
    return found[0]


def answer(at, name: str, value):
    """Type or pick ``value`` for question ``name``, then press Check."""
    widget = quiz_input(at, name)
    widget.set_value(value).run()
    at.button(key=widget.key + "_check").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def verdicts(at) -> list[str]:
    return [s.value for s in at.success] + [e.value for e in at.error]


def right(lang: str, shown: str) -> str:
    return TEXT["quiz.right"][lang].format(answer=shown)


def wrong(lang: str, shown: str) -> str:
    return TEXT["quiz.wrong"][lang].format(answer=shown)


def has(at, prefix: str) -> bool:
    return any(v.startswith(prefix + " ") for v in verdicts(at))


# ---------------------------------------------------------------- the expected answers, from core


def entropy_cases(lang):
    h = entropy(normalize([w for _, w in preset_rows("alphabet")]))  # the page's default preset
    return [("ent_days", fixed_length_bits(7), 4, "3"), ("ent_h", round(h, 2), 1.0, f"{h:.2f}")]


def activations_cases(lang):
    flows = {n: gradient_flow(n, depth=20, width=64, init="he", seed=0) for n in ("sigmoid", "tanh", "relu")}
    worst = min(flows, key=lambda n: gradient_ratio(flows[n]))
    other = next(n for n in flows if n != worst)
    return [
        ("act_flow", worst, other, TEXT[f"activations.fn.{worst}"][lang]),
        ("act_leaky", -0.2, 0.2, "-0.200"),  # the default slope 0.1 at x = -2
        ("act_sigmoid", 0.25, 1.0, "0.25"),
    ]


def softmax_cases(lang):
    top = int(np.argmax(softmax(np.array(DEFAULT_Z), temperature=0.5)))
    name = TEXT["softmax.default_names"][lang].split(",")[top]
    return [
        ("sm_shift", "unchanged", "overflow", TEXT["softmax.quiz.shift.unchanged"][lang]),
        ("sm_cool", top, (top + 1) % len(DEFAULT_Z), name),
    ]


def convolution_cases(lang):
    h_out = output_hw((5, 5), (3, 3))[0]  # default kernel 3×3, stride 1, no padding
    pooled = output_hw((h_out, h_out), (2, 2), stride=2)[0]  # default pooling 2×2, stride 2
    return [("cv_h", h_out, 5, str(h_out)), ("cv_pool", pooled, h_out, str(pooled))]


def train_cases(lang):
    from core.datasets import digits
    from core.training import iterations_per_epoch

    n = len(digits(seed=0).y_train)
    iters = iterations_per_epoch(n, 32)  # default batch size 32, 15 epochs
    last = n - (iters - 1) * 32
    return [
        ("train_iters", iters, n // 32 - 1, str(iters)),
        ("train_last", last, 32, str(last)),
        ("train_total", 15 * iters, iters, str(15 * iters)),
    ]


CASES = {
    "entropy": (entropy_cases, None),
    "activations": (activations_cases, None),
    "softmax": (softmax_cases, None),
    "convolution": (convolution_cases, GRID5),
    "train": (train_cases, None),
}


# ---------------------------------------------------------------- every page, both languages


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("page", QUIZ_PAGES)
def test_wrong_then_right(page, lang):
    cases, query = CASES[page]
    at = open_page(f"pages/{page}.py", lang, query=query, timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    assert any(e.label == TEXT["quiz.title"][lang] for e in at.expander)
    for name, good, bad, shown in cases(lang):
        assert quiz_input(at, name).value is None  # nothing is picked or typed before the student commits
        answer(at, name, bad)
        assert has(at, wrong(lang, shown)), (name, verdicts(at))
        assert not has(at, right(lang, shown)), (name, verdicts(at))
        answer(at, name, good)
        assert has(at, right(lang, shown)), (name, verdicts(at))
    assert not raw_keys(at), raw_keys(at)


def test_home_has_no_quiz():
    at = open_page("pages/home.py")
    assert not [e for e in at.expander if e.label == TEXT["quiz.title"]["en"]]


# ---------------------------------------------------------------- the answers follow the settings


@pytest.mark.parametrize("stride", [1, 2])
def test_convolution_answer_follows_the_stride_in_the_url(stride):
    at = open_page("pages/convolution.py", query={"cv_src": "grid", "cv_gsize": "7", "cv_stride": str(stride)})
    h_out = output_hw((7, 7), (3, 3), stride=stride)[0]  # 5 at stride 1, 3 at stride 2
    other = output_hw((7, 7), (3, 3), stride=3 - stride)[0]
    assert "stride " + str(stride) in quiz_input(at, "cv_h").label
    answer(at, "cv_h", other)
    assert has(at, wrong("en", str(h_out)))
    answer(at, "cv_h", h_out)
    assert has(at, right("en", str(h_out)))


def test_convolution_why_is_the_formula_and_it_adds_up():
    """The why's formula, evaluated, is the answer (a sentence checked against core)."""
    at = open_page("pages/convolution.py", query={"cv_src": "grid", "cv_gsize": "7", "cv_stride": "2", "cv_pad": "1"})
    h_out = output_hw((7, 7), (3, 3), stride=2, padding=1)[0]
    answer(at, "cv_h", h_out)
    message = next(v for v in verdicts(at) if v.startswith(right("en", str(h_out))))
    formula = r"⌊\((\d+) \+ (\d+) \+ (\d+) − (\d+)·\((\d+) − 1\) − 1\) / (\d+)⌋ \+ 1 = (\d+)"
    n, p1, p2, d, k, s, out = map(int, re.search(formula, message).groups())
    assert (n, p1, p2, d, k, s) == (7, 1, 1, 1, 3, 2)
    assert (n + p1 + p2 - d * (k - 1) - 1) // s + 1 == out == h_out


def test_non_square_photo_asks_for_the_width_too():
    data = (SAMPLE_DIR / SAMPLES["shapes"]).read_bytes()
    h, w = load_image_info(data, max_side=WORKING_SIDE).image.shape[:2]
    assert h != w
    at = open_page("pages/convolution.py", query={"cv_src": "sample", "cv_sample": "shapes"})
    expected = output_hw((h, w), (3, 3))
    answer(at, "cv_w", expected[1])
    assert has(at, right("en", str(expected[1])))
    answer(at, "cv_h", expected[0])
    assert has(at, right("en", str(expected[0])))


def test_convolution_changing_the_stride_resets_the_question():
    at = open_page("pages/convolution.py", query={"cv_src": "grid", "cv_gsize": "7"})
    answer(at, "cv_h", 5)
    assert has(at, right("en", "5"))
    at.number_input(key="cv_stride").set_value(2).run()
    assert not verdicts(at)  # the checked answer belonged to stride 1
    assert quiz_input(at, "cv_h").value is None
    answer(at, "cv_h", 3)
    assert has(at, right("en", "3"))


def test_softmax_answer_follows_the_logits_in_the_url():
    at = open_page("pages/softmax.py", query={"sm_z": "0,3,1"})
    answer(at, "sm_cool", 0)
    assert has(at, wrong("en", "dog"))
    answer(at, "sm_cool", 1)
    assert has(at, right("en", "dog"))


def test_softmax_tie_is_an_answer():
    at = open_page("pages/softmax.py", query={"sm_z": "2,2,1"})
    answer(at, "sm_cool", "tie")
    assert has(at, right("en", TEXT["softmax.quiz.tie"]["en"]))


def test_activations_answers_follow_the_functions_and_the_slope():
    at = open_page("pages/activations.py", query={"act_fns": "relu,softplus", "act_slope": "0.3"})
    flows = {n: gradient_flow(n, depth=20, width=64, init="he", seed=0) for n in ("relu", "softplus")}
    worst = min(flows, key=lambda n: gradient_ratio(flows[n]))
    assert len(quiz_input(at, "act_flow").options) == 2  # the page's functions, nothing else
    answer(at, "act_flow", worst)
    assert has(at, right("en", TEXT[f"activations.fn.{worst}"]["en"]))
    answer(at, "act_leaky", -0.6)
    assert has(at, right("en", "-0.600"))


def test_activations_one_function_skips_the_choice():
    at = open_page("pages/activations.py", query={"act_fns": "relu"})
    assert not [w for w in at.radio if (w.key or "").startswith("quiz_act_flow_")]
    answer(at, "act_sigmoid", 0.25)
    assert has(at, right("en", "0.25"))


def test_train_answer_follows_the_batch_size_in_the_url():
    from core.datasets import digits
    from core.training import iterations_per_epoch

    at = open_page("pages/train.py", query={"train_bs": "64"}, timeout=120)
    iters = iterations_per_epoch(len(digits(seed=0).y_train), 64)
    answer(at, "train_iters", iters)
    assert has(at, right("en", str(iters)))


# ---------------------------------------------------------------- the session keeps it; the URL does not


def test_checked_answer_survives_reruns_and_stays_out_of_the_url():
    at = open_page("pages/entropy.py")
    answer(at, "ent_days", 3)
    at.run()
    assert has(at, right("en", "3"))
    assert not [k for k in at.query_params if "quiz" in k]
    assert at.session_state["quiz_ent_days"]["given"] == 3  # kept in the session


def test_changing_the_answer_hides_the_verdict_until_checked_again():
    at = open_page("pages/entropy.py")
    answer(at, "ent_days", 3)
    quiz_input(at, "ent_days").set_value(4).run()
    assert not has(at, right("en", "3")) and not has(at, wrong("en", "3"))
    at.button(key=quiz_input(at, "ent_days").key + "_check").click().run()
    assert has(at, wrong("en", "3"))


def test_check_without_an_answer_asks_for_one():
    at = open_page("pages/softmax.py", "ko")
    at.button(key=quiz_input(at, "sm_shift").key + "_check").click().run()
    assert TEXT["quiz.choose_first"]["ko"] in [w.value for w in at.warning]
    assert not verdicts(at)


def test_language_switch_keeps_the_checked_choice():
    at = open_page("pages/softmax.py")
    answer(at, "sm_shift", "unchanged")
    assert has(at, right("en", TEXT["softmax.quiz.shift.unchanged"]["en"]))
    at.sidebar.radio(key="lang").set_value("ko").run()
    assert not at.exception
    assert quiz_input(at, "sm_shift").value == "unchanged"
    assert has(at, right("ko", TEXT["softmax.quiz.shift.unchanged"]["ko"]))
