"""core.softmax against PyTorch (values and autograd gradients), hand-computed cases and properties."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from core.entropy import max_entropy
from core.softmax import (
    cross_entropy_grad,
    cross_entropy_loss,
    entropy_vs_temperature,
    gradient_step,
    last_step_change,
    log_softmax,
    naive_softmax,
    nats_to_bits,
    one_hot,
    shift_check,
    softmax,
    softmax_parts,
    two_class_as_sigmoid,
    two_class_parts,
)
from tests.helpers import assert_grad_matches_torch, assert_matches_torch

torch.set_num_threads(1)

SHAPES = [(5,), (4, 7), (2, 3, 6)]
DTYPES = [np.float32, np.float64]
TEMPS = [0.05, 0.3, 1.0, 2.5, 20.0]


@pytest.fixture
def rng():
    """A fresh seeded generator per test: no test's data depends on which tests ran before it."""
    return np.random.default_rng(0)


def _tol(dtype):
    return {"atol": 1e-6, "rtol": 1e-5} if dtype == np.float32 else {"atol": 1e-12, "rtol": 1e-10}


# ---------------------------------------------------------------------------------------------
# softmax / log_softmax vs torch
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("temperature", TEMPS)
def test_softmax_matches_torch(shape, dtype, temperature, rng):
    z = (rng.standard_normal(shape) * 3).astype(dtype)
    assert_matches_torch(
        lambda x: softmax(x, temperature=temperature),
        lambda x: torch.softmax(x / temperature, dim=-1),
        [z],
        **_tol(dtype),
    )
    assert_matches_torch(
        lambda x: log_softmax(x, temperature=temperature),
        lambda x: torch.log_softmax(x / temperature, dim=-1),
        [z],
        **_tol(dtype),
    )


@pytest.mark.parametrize("axis", [0, 1, -2])
def test_softmax_other_axis_matches_torch(axis, rng):
    z = rng.standard_normal((3, 4, 5))
    assert_matches_torch(lambda x: softmax(x, axis=axis), lambda x: torch.softmax(x, dim=axis), [z])
    assert_matches_torch(lambda x: log_softmax(x, axis=axis), lambda x: torch.log_softmax(x, dim=axis), [z])


@pytest.mark.parametrize("dtype", DTYPES)
def test_huge_logits_stay_finite_and_match_torch(dtype):
    z = np.array([[1e4, -1e4, 0.0, 9999.0], [-1e4, -1e4, -1e4, -9999.5]], dtype=dtype)
    ours = softmax(z)
    assert np.all(np.isfinite(ours)) and np.all(np.isfinite(log_softmax(z)))
    assert_matches_torch(softmax, lambda x: torch.softmax(x, dim=-1), [z], **_tol(dtype))
    assert_matches_torch(log_softmax, lambda x: torch.log_softmax(x, dim=-1), [z], **_tol(dtype))
    # hand value: the pair 1e4 vs 9999 is a 1-logit gap, so p = sigmoid(1) and sigmoid(-1)
    np.testing.assert_allclose(ours[0, [0, 3]], [1 / (1 + math.exp(-1)), 1 / (1 + math.exp(1))], rtol=1e-6)


def test_naive_formula_breaks_where_the_stable_one_does_not():
    big = np.array([1000.0, 999.0, 0.0])
    assert np.isnan(naive_softmax(big)).any()
    assert np.isnan(naive_softmax(big - 2000.0)).all()  # every term underflows: 0 / 0
    np.testing.assert_allclose(naive_softmax(big - 1000.0), softmax(big), rtol=1e-12)
    np.testing.assert_allclose(naive_softmax(np.array([1.0, 2.0])), softmax(np.array([1.0, 2.0])), rtol=1e-12)


@pytest.mark.parametrize("temperature", [1e-3, 1e-2, 1e3, 1e5])
def test_temperature_extremes_match_torch(temperature):
    z = np.array([[2.0, -1.0, 0.5, 1.9], [-3.0, 4.0, 4.0, 0.0]])
    assert_matches_torch(
        lambda x: softmax(x, temperature=temperature), lambda x: torch.softmax(x / temperature, dim=-1), [z]
    )
    assert_matches_torch(
        lambda x: log_softmax(x, temperature=temperature), lambda x: torch.log_softmax(x / temperature, dim=-1), [z]
    )


def test_hand_computed_values():
    # e^0, e^ln2, e^ln3 = 1, 2, 3 -> 1/6, 2/6, 3/6
    z = np.log([1.0, 2.0, 3.0])
    np.testing.assert_allclose(softmax(z), [1 / 6, 2 / 6, 3 / 6], rtol=1e-12)
    np.testing.assert_allclose(log_softmax(z), np.log([1 / 6, 2 / 6, 3 / 6]), rtol=1e-12)
    np.testing.assert_allclose(softmax(2 * z, temperature=2.0), softmax(z), rtol=1e-12)
    assert float(cross_entropy_loss(z, 2)) == pytest.approx(math.log(2))
    np.testing.assert_allclose(cross_entropy_grad(z, 2), [1 / 6, 2 / 6, -0.5], rtol=1e-12)


def test_int_and_list_inputs_become_float64():
    assert softmax([1, 2, 3]).dtype == np.float64
    assert softmax(np.array([1, 2], dtype=np.int32)).dtype == np.float64
    assert softmax(np.array([1, 2], dtype=np.float32)).dtype == np.float32


# ---------------------------------------------------------------------------------------------
# cross-entropy loss and gradient vs torch
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_batched_loss_matches_torch(dtype, reduction, rng):
    z = (rng.standard_normal((6, 4)) * 2).astype(dtype)
    y = rng.integers(0, 4, size=6)
    assert_matches_torch(
        lambda a, b: cross_entropy_loss(a, b, reduction=reduction),
        lambda a, b: F.cross_entropy(a, b, reduction=reduction),
        [z, y],
        **_tol(dtype),
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("target", [0, 2, 4])
def test_single_vector_loss_matches_torch(dtype, target, rng):
    z = rng.standard_normal(5).astype(dtype)
    assert_matches_torch(
        lambda a, b: cross_entropy_loss(a, b), lambda a, b: F.cross_entropy(a, b), [z, np.array(target)], **_tol(dtype)
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(5,), (6, 5)])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("temperature", [0.1, 1.0, 7.0])
def test_grad_matches_autograd(dtype, shape, reduction, temperature, rng):
    z = (rng.standard_normal(shape) * 2).astype(dtype)
    y = np.array(rng.integers(0, 5)) if len(shape) == 1 else rng.integers(0, 5, size=shape[0])
    yt = torch.from_numpy(y)
    assert_grad_matches_torch(
        lambda x: cross_entropy_grad(x, y, temperature=temperature, reduction=reduction),
        lambda x: F.cross_entropy(x / temperature, yt, reduction=reduction),
        z,
        **_tol(dtype),
    )


def test_grad_none_reduction_is_per_row_gradient(rng):
    z = rng.standard_normal((4, 3))
    y = np.array([0, 1, 2, 1])
    zt = torch.from_numpy(z).requires_grad_(True)
    F.cross_entropy(zt, torch.from_numpy(y), reduction="sum").backward()
    np.testing.assert_allclose(cross_entropy_grad(z, y, reduction="none"), zt.grad.numpy(), rtol=1e-10)


@pytest.mark.parametrize("dtype", DTYPES)
def test_loss_and_grad_with_huge_logits(dtype):
    z = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 1e4]], dtype=dtype)
    y = np.array([1, 0])
    assert_matches_torch(cross_entropy_loss, F.cross_entropy, [z, y], **_tol(dtype))
    assert np.isfinite(cross_entropy_loss(z, y))
    assert_grad_matches_torch(
        lambda x: cross_entropy_grad(x, y), lambda x: F.cross_entropy(x, torch.from_numpy(y)), z, **_tol(dtype)
    )


def test_grad_is_softmax_minus_one_hot(rng):
    z = rng.standard_normal(7)
    np.testing.assert_allclose(cross_entropy_grad(z, 3), softmax(z) - one_hot(3, 7), rtol=1e-12)


def test_gradient_step_lowers_the_loss():
    z = np.array([2.0, 1.0, 0.1])
    loss = [float(cross_entropy_loss(z, 2))]
    for _ in range(5):
        z = gradient_step(z, 2, lr=1.0)
        loss.append(float(cross_entropy_loss(z, 2)))
    assert all(b < a for a, b in zip(loss, loss[1:])), loss
    with pytest.raises(ValueError, match="lr"):
        gradient_step(z, 2, lr=0.0)


# ---------------------------------------------------------------------------------------------
# bad arguments
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [[1.0, np.nan], [np.inf, 0.0], [-np.inf, 1.0]])
def test_non_finite_logits_raise(bad):
    for fn in (softmax, log_softmax, naive_softmax):
        with pytest.raises(ValueError, match="finite"):
            fn(np.array(bad))
    with pytest.raises(ValueError, match="finite"):
        cross_entropy_loss(np.array(bad), 0)
    with pytest.raises(ValueError, match="finite"):
        cross_entropy_grad(np.array(bad), 0)


@pytest.mark.parametrize("temperature", [0.0, -1.0, np.nan, np.inf, "hot", None])
def test_bad_temperature_raises(temperature):
    with pytest.raises(ValueError, match="temperature"):
        softmax(np.array([1.0, 2.0]), temperature=temperature)
    with pytest.raises(ValueError, match="temperature"):
        cross_entropy_loss(np.array([1.0, 2.0]), 0, temperature=temperature)


def test_tiny_temperature_overflow_is_a_value_error():
    with pytest.raises(ValueError, match="overflow"):
        softmax(np.array([1e300, 0.0]), temperature=1e-10)


@pytest.mark.parametrize(
    ("logits", "target"),
    [
        (np.zeros(3), 3),
        (np.zeros(3), -1),
        (np.zeros((2, 3)), np.array([0, 5])),
        (np.zeros((2, 3)), np.array([0])),  # wrong length
        (np.zeros(3), np.array([0])),  # 1-D logits take a scalar target
        (np.zeros(3), 1.0),  # float class index
        (np.zeros(3), True),
    ],
)
def test_bad_target_raises(logits, target):
    with pytest.raises(ValueError, match="target"):
        cross_entropy_loss(logits, target)
    with pytest.raises(ValueError, match="target"):
        cross_entropy_grad(logits, target)


def test_other_bad_arguments():
    with pytest.raises(ValueError, match="logits"):
        cross_entropy_loss(np.zeros((2, 2, 2)), np.array([0, 1]))
    with pytest.raises(ValueError, match="reduction"):
        cross_entropy_loss(np.zeros(2), 0, reduction="max")
    with pytest.raises(ValueError, match="axis"):
        softmax(np.zeros(3), axis=1)
    with pytest.raises(ValueError, match="z"):
        softmax(np.array([]))
    with pytest.raises(ValueError, match="z"):
        softmax(np.array(["a", "b"]))
    with pytest.raises(ValueError, match="2 logits"):
        two_class_as_sigmoid(np.zeros(3))


# ---------------------------------------------------------------------------------------------
# display helpers and neighbours (entropy, sigmoid)
# ---------------------------------------------------------------------------------------------


def test_softmax_parts_shows_raw_exponentials_when_they_fit():
    parts = softmax_parts(np.log([1.0, 2.0, 5.0]))
    assert parts.shift == 0.0
    np.testing.assert_allclose(parts.exps, [1.0, 2.0, 5.0], rtol=1e-12)
    assert parts.total == pytest.approx(8.0)
    np.testing.assert_allclose(parts.probs, softmax(np.log([1.0, 2.0, 5.0])), rtol=1e-12)


def test_softmax_parts_shifts_when_exp_would_overflow():
    parts = softmax_parts(np.array([10.0, 0.0]), temperature=0.01)  # z / T = 1000
    assert parts.shift == 1000.0
    assert np.all(np.isfinite(parts.exps)) and parts.exps.max() == 1.0
    np.testing.assert_allclose(parts.probs, softmax(np.array([10.0, 0.0]), temperature=0.01))


def test_entropy_vs_temperature_against_torch_distribution():
    z = np.array([3.0, 1.0, 0.0, -2.0])
    temps = np.array([0.05, 0.5, 1.0, 4.0, 20.0])
    ours = entropy_vs_temperature(z, temps)
    ref = [torch.distributions.Categorical(logits=torch.tensor(z) / t).entropy().item() / math.log(2) for t in temps]
    np.testing.assert_allclose(ours, ref, rtol=1e-9, atol=1e-12)
    assert np.all(np.diff(ours) > 0)  # hotter -> flatter -> more bits
    assert ours[-1] < 2.0 and ours[0] >= 0.0


@pytest.mark.parametrize("z", [(1.0, 3.0), (2.5, -0.5), (1e4, -1e4), (0.0, 0.0)])
@pytest.mark.parametrize("temperature", [0.05, 1.0, 20.0])
def test_two_class_softmax_is_sigmoid_of_difference(z, temperature):
    z = np.array(z)
    ref = torch.sigmoid(torch.tensor((z[0] - z[1]) / temperature)).item()
    assert two_class_as_sigmoid(z, temperature=temperature) == pytest.approx(ref, rel=1e-12, abs=1e-300)
    assert two_class_as_sigmoid(z, temperature=temperature) == pytest.approx(
        softmax(z, temperature=temperature)[0], rel=1e-12, abs=1e-300
    )


@pytest.mark.parametrize("z", [(1.0, 3.0), (2.5, -0.5), (1e4, -1e4)])
@pytest.mark.parametrize("temperature", [0.05, 1.0, 20.0])
def test_two_class_parts_match_torch(z, temperature):
    parts = two_class_parts(np.array(z), temperature=temperature)
    zt = torch.tensor(z, dtype=torch.float64) / temperature
    assert parts.softmax == pytest.approx(torch.softmax(zt, dim=0)[0].item(), rel=1e-12, abs=1e-300)
    assert parts.sigmoid == pytest.approx(torch.sigmoid(zt[0] - zt[1]).item(), rel=1e-12, abs=1e-300)
    assert parts.scaled_diff == pytest.approx((z[0] - z[1]) / temperature, rel=1e-12)
    assert parts.mismatch < 1e-12
    with pytest.raises(ValueError, match="2 logits"):
        two_class_parts(np.zeros(3))


@pytest.mark.parametrize("k", [2, 3, 10])
def test_entropy_vs_temperature_rises_to_log2_k(k):
    # the page draws log2 K (core.entropy.max_entropy) as the curve's ceiling: a huge T reaches it, none passes it
    curve = entropy_vs_temperature(np.arange(k, dtype=np.float64), [0.05, 1.0, 1e9])
    assert np.all(curve <= max_entropy(k) + 1e-12)
    assert curve[-1] == pytest.approx(max_entropy(k), abs=1e-6) and curve[0] < max_entropy(k) - 0.1


def test_nats_to_bits():
    assert nats_to_bits(math.log(2)) == pytest.approx(1.0, rel=1e-15)
    assert nats_to_bits(0.0) == 0.0
    # the loss of a uniform guess over 8 classes: ln 8 nats = 3 bits
    assert nats_to_bits(float(cross_entropy_loss(np.zeros(8), 3))) == pytest.approx(3.0, rel=1e-12)
    np.testing.assert_allclose(nats_to_bits(np.log([1.0, 4.0])), [0.0, 2.0], atol=1e-15)


def test_shift_check_naive_formula_breaks_at_a_large_shift():
    z = np.array([2.0, 1.0, 0.1])
    check = shift_check(z, 1000.0, temperature=0.5)
    assert check.naive_failed and np.isnan(check.naive_gap)
    assert check.largest_exponent == pytest.approx(1002.0 / 0.5)  # max |z + c| / T
    ref = torch.softmax(torch.tensor(z) / 0.5, dim=0).numpy()
    np.testing.assert_allclose(check.probs, ref, rtol=1e-12)
    np.testing.assert_allclose(check.stable, ref, rtol=1e-9)
    assert check.stable_gap < 1e-9
    assert shift_check(z, -1000.0).largest_exponent == pytest.approx(1000.0 - 0.1)  # the most negative counts


def test_shift_check_naive_formula_works_at_a_small_shift():
    z = np.array([2.0, 1.0, 0.1])
    check = shift_check(z, 5.0)
    assert not check.naive_failed
    assert 0 <= check.naive_gap < 1e-12 and 0 <= check.stable_gap < 1e-12
    np.testing.assert_allclose(check.naive, softmax(z), rtol=1e-12)
    assert check.largest_exponent == pytest.approx(7.0)


@pytest.mark.parametrize("c", [np.nan, np.inf, "x"])
def test_shift_check_refuses_a_non_finite_shift(c):
    with pytest.raises(ValueError, match="c must be"):
        shift_check(np.zeros(3), c)


def test_last_step_change():
    hist = [(0, 1.0), (1, 0.7), (2, 0.5)]
    assert last_step_change(hist, 0.5) == pytest.approx(-0.2)  # the current loss is the last step's
    assert last_step_change(hist, 0.9) == 0.0  # the logits moved since the last step: no step to report
    assert last_step_change(hist[:1], 1.0) == 0.0  # one point is not a step
    assert last_step_change([], 1.0) == 0.0
    assert last_step_change([(0, 0.2), (1, 0.5)], 0.5 + 1e-12) == pytest.approx(0.3)  # within tol


# ---------------------------------------------------------------------------------------------
# properties (hypothesis)
# ---------------------------------------------------------------------------------------------

finite = st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False)
logit_vectors = arrays(np.float64, st.integers(1, 10), elements=finite)
logit_batches = arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 8)), elements=finite)
temperatures = st.floats(1e-2, 1e2)


@given(logit_batches, temperatures)
def test_prop_sums_to_one_and_in_unit_interval(z, temperature):
    p = softmax(z, temperature=temperature)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)
    assert np.all((p >= 0) & (p <= 1))
    np.testing.assert_allclose(np.exp(log_softmax(z, temperature=temperature)), p, atol=1e-12)


@given(logit_vectors, st.floats(-1e4, 1e4), temperatures)
def test_prop_shift_invariant(z, c, temperature):
    np.testing.assert_allclose(
        softmax(z + c, temperature=temperature), softmax(z, temperature=temperature), atol=1e-9, rtol=1e-6
    )


@given(arrays(np.float64, st.integers(2, 10), elements=st.floats(-50, 50)))
def test_prop_low_temperature_is_one_hot_on_unique_argmax(z):
    top2 = np.sort(z)[-2:]
    assume(top2[1] - top2[0] > 1e-2)
    p = softmax(z, temperature=1e-4)  # a gap of >= 1e-2 becomes >= 100 in z / T
    np.testing.assert_allclose(p, one_hot(np.argmax(z), z.size), atol=1e-12)


@given(arrays(np.float64, st.integers(1, 10), elements=st.floats(-50, 50)))
def test_prop_high_temperature_is_uniform(z):
    p = softmax(z, temperature=1e8)
    np.testing.assert_allclose(p, np.full(z.size, 1 / z.size), rtol=1e-5)


@given(logit_batches, st.data(), temperatures)
def test_prop_loss_non_negative_and_grad_rows_sum_to_zero(z, data, temperature):
    y = np.array(data.draw(st.lists(st.integers(0, z.shape[1] - 1), min_size=z.shape[0], max_size=z.shape[0])))
    losses = cross_entropy_loss(z, y, temperature=temperature, reduction="none")
    assert np.all(losses >= 0)
    np.testing.assert_allclose(losses, -log_softmax(z, temperature=temperature)[np.arange(len(y)), y])
    g = cross_entropy_grad(z, y, temperature=temperature, reduction="none")
    np.testing.assert_allclose(g.sum(axis=-1), 0.0, atol=1e-9 / temperature)
    assert np.all(g[np.arange(len(y)), y] <= 0)  # the true logit always moves up under descent


def test_a_certain_class_has_loss_plus_zero_not_minus_zero():
    # log p = 0 exactly; "-0.0000" on the page would look like a negative loss
    loss = cross_entropy_loss(np.array([1e4, -1e4]), 0)
    assert float(loss) == 0.0 and not np.signbit(loss)
    assert not np.signbit(cross_entropy_loss(np.array([[1e4, -1e4]]), [0], reduction="none")).any()


# ---------------------------------------------------------------------------------------------
# issue 13: what the page's sentences claim, checked against core
# ---------------------------------------------------------------------------------------------


def test_one_example_loss_never_rises_at_any_page_rate_and_temperature():
    """softmax.steps_note: with one example every step widens each margin z_y − z_j, so no overshoot.

    Repeated steps as the page takes them (gradient_step, then the page's clip to ±Z_MAX), over every
    learning rate and temperature the page offers, on random logits."""
    from ui.softmax.state import LRS, TEMPS, Z_MAX

    rng = np.random.default_rng(13)
    for trial in range(60):
        k = int(rng.integers(2, 11))
        z0 = rng.normal(0.0, 4.0, size=k)
        y = int(rng.integers(k))
        for lr in LRS:
            for temperature in TEMPS[:: max(1, len(TEMPS) // 8)] + (TEMPS[-1],):
                z = z0.copy()
                loss = float(cross_entropy_loss(z, y, temperature=temperature))
                for _ in range(12):
                    new_z = np.clip(gradient_step(z, y, lr=lr, temperature=temperature), -Z_MAX, Z_MAX)
                    margins_before = z[y] - np.delete(z, y)
                    margins_after = new_z[y] - np.delete(new_z, y)
                    assert np.all(margins_after >= margins_before), (trial, lr, temperature)
                    new_loss = float(cross_entropy_loss(new_z, y, temperature=temperature))
                    assert new_loss <= loss + 1e-12, (trial, lr, temperature, loss, new_loss)
                    z, loss = new_z, new_loss


def test_margin_grows_by_the_formula_in_the_note():
    """Each step adds η(1 − p_y + p_j)/T to z_y − z_j (the formula quoted in softmax.steps_note)."""
    z, y, lr, temperature = np.array([0.5, 2.0, -1.0, 0.3]), 0, 0.7, 0.4
    p = softmax(z, temperature=temperature)
    new_z = gradient_step(z, y, lr=lr, temperature=temperature)
    for j in range(1, 4):
        grown = (new_z[y] - new_z[j]) - (z[y] - z[j])
        assert grown == pytest.approx(lr * (1 - p[y] + p[j]) / temperature)
        assert grown > 0


@pytest.mark.parametrize("z", [[-800.0, -801.0, -805.0], [800.0, 799.0, 0.0]])
def test_shift_is_used_for_overflow_and_for_underflow(z):
    """softmax.formula_shifted: the shift appears for very negative logits too (e^z would be 0 for all)."""
    parts = softmax_parts(z)
    assert parts.shift != 0.0
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        raw = np.exp(np.asarray(z))
    assert np.all(raw == 0.0) or np.any(np.isinf(raw))
    np.testing.assert_allclose(parts.probs, softmax(z), rtol=1e-12)
