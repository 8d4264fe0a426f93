"""The "Check yourself" answers: core's new helper, the arithmetic the pages' quizzes add, the widget's rules."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.activations import properties, sigmoid_grad
from core.entropy import fixed_length_bits
from core.stacking import gradient_flow, gradient_ratio, most_vanishing
from core.training import iterations_per_epoch
from ui.common.quiz import _is_right, question, widget_key

# ---------------------------------------------------------------- core.stacking.most_vanishing


def test_most_vanishing_is_the_smallest_ratio_of_real_flows():
    norms = {name: gradient_flow(name, depth=20, init="he") for name in ("tanh", "relu", "sigmoid")}
    ratios = {name: gradient_ratio(v) for name, v in norms.items()}
    assert most_vanishing(norms) == "sigmoid" == min(ratios, key=ratios.get)
    assert ratios["sigmoid"] < 1e-6 < ratios["relu"]  # it really vanishes


@pytest.mark.parametrize("init", ["he", "xavier"])
def test_most_vanishing_follows_the_depth(init):
    """At depth 2 nothing has vanished yet; the answer is still the smallest ratio, computed."""
    for depth in (2, 5, 20):
        norms = {name: gradient_flow(name, depth=depth, init=init) for name in ("relu", "softplus", "gelu")}
        expected = min(norms, key=lambda n: gradient_ratio(norms[n]))
        assert most_vanishing(norms) == expected


def test_most_vanishing_counts_no_gradient_at_all_as_zero():
    norms = {"relu": [0.5, 1.0], "dead": [0.0, 0.0]}  # 0 / 0: NaN, the gradient is gone everywhere
    assert math.isnan(gradient_ratio(norms["dead"]))
    assert most_vanishing(norms) == "dead"


def test_most_vanishing_ties_go_to_the_first_name():
    assert most_vanishing({"a": [1.0, 2.0], "b": [1.0, 2.0]}) == "a"
    assert most_vanishing({"b": [1.0, 2.0], "a": [1.0, 2.0]}) == "b"


def test_most_vanishing_needs_a_name():
    with pytest.raises(ValueError, match="at least one"):
        most_vanishing({})


# ---------------------------------------------------------------- the numbers the pages ask for


def test_days_need_three_bits():
    assert fixed_length_bits(7) == 3
    assert 2 ** (3 - 1) < 7 <= 2**3  # the why: 2 bits give 4 codewords, 3 bits give 8


def test_sigmoid_peak_slope_is_a_quarter():
    assert properties("sigmoid").max_abs_grad == pytest.approx(0.25) == float(sigmoid_grad(np.array(0.0)))


@given(st.integers(1, 5000), st.integers(1, 512))
def test_last_batch_holds_what_the_full_batches_leave(n_train, batch_size):
    """ui/train/quiz.py: last = N − (iterations − 1)·B is a real batch of 1 … B images."""
    iters = iterations_per_epoch(n_train, batch_size)
    last = n_train - (iters - 1) * batch_size
    assert 1 <= last <= batch_size
    assert (iters - 1) * batch_size + last == n_train


# ---------------------------------------------------------------- the widget's rules (no Streamlit needed)


@pytest.mark.parametrize(
    ("given_", "answer", "decimals", "tolerance", "right"),
    [
        (3, 3, 0, None, True),
        (4, 3, 0, None, False),
        (2.79, 2.786, 2, None, True),  # rounded
        (2.78, 2.786, 2, None, True),  # cut off: one unit of the last decimal is allowed
        (2.77, 2.786, 2, None, False),
        (0.25, 0.25, 2, None, True),
        (-0.2, -0.2, 3, None, True),
        (-0.3, -0.2, 3, None, False),
        (2.5, 2.786, 2, 0.5, True),
    ],
)
def test_number_answers_within_tolerance(given_, answer, decimals, tolerance, right):
    assert _is_right(given_, answer, number=True, decimals=decimals, tolerance=tolerance) is right


def test_choice_answers_are_exact():
    assert _is_right("sigmoid", "sigmoid", number=False, decimals=0, tolerance=None)
    assert not _is_right("relu", "sigmoid", number=False, decimals=0, tolerance=None)


def test_a_new_answer_gets_a_new_input():
    assert widget_key("cv_h", 478) == widget_key("cv_h", 478)
    assert widget_key("cv_h", 478) != widget_key("cv_h", 239)
    assert widget_key("cv_h", 478) != widget_key("cv_w", 478)
    assert widget_key("ent_h", 0.1 + 0.2) == widget_key("ent_h", 0.3)  # float noise is not a new answer


@pytest.mark.parametrize(
    "kwargs",
    [
        {"answer": 1},  # neither choices nor number
        {"answer": 1, "number": True, "choices": {1: "one"}},  # both
        {"answer": "c", "choices": {"a": "A", "b": "B"}},  # the answer is not a choice
    ],
)
def test_question_refuses_malformed_calls(kwargs):
    with pytest.raises(ValueError):
        question("k", "prompt", why="why", **kwargs)
