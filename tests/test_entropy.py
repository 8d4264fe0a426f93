"""core.entropy: hand-computed references, the notes' worked examples, properties, PyTorch cross-checks."""

import math
import unicodedata

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.entropy import (
    average_code_length,
    binary_entropy,
    block_huffman_length,
    character_counts,
    cross_entropy,
    empirical_distribution,
    entropy,
    entropy_parts,
    fixed_length_bits,
    fixed_length_code,
    huffman_code,
    kl_divergence,
    max_entropy,
    message_bits,
    normalize,
    surprisal,
    two_stage_code,
    utf8_bits,
)
from tests.helpers import assert_matches_torch

ALPHABET = np.array([0.225] * 4 + [0.1 / 36] * 36)  # the notes' 40-symbol example


# ---------------------------------------------------------------- references


@pytest.mark.parametrize("n", [1, 2, 3, 7, 8, 40, 64])
def test_uniform_entropy_is_log2_n(n):
    assert entropy(np.full(n, 1 / n)) == pytest.approx(math.log2(n), abs=1e-12)


def is_prefix_free(codes) -> bool:
    """The test's oracle: no codeword is a prefix of another (so a bit stream decodes uniquely)."""
    codes = list(codes)
    return not any(i != j and b.startswith(a) for i, a in enumerate(codes) for j, b in enumerate(codes))


def test_hand_computed_values():
    assert entropy([0.5, 0.25, 0.25]) == pytest.approx(1.5)
    assert entropy([1.0, 0.0]) == 0.0  # 0·log 0 = 0
    np.testing.assert_allclose(surprisal([0.5, 0.25, 1.0, 0.125]), [1, 2, 0, 3])
    assert surprisal([0.0])[0] == math.inf
    assert cross_entropy([1, 0], [0.5, 0.5]) == pytest.approx(1.0)
    # KL([.5,.5] ‖ [.25,.75]) = .5·log2(2) + .5·log2(2/3)
    assert kl_divergence([0.5, 0.5], [0.25, 0.75]) == pytest.approx(0.5 + 0.5 * math.log2(2 / 3))
    assert entropy([0.5, 0.5], base=math.e) == pytest.approx(math.log(2))
    np.testing.assert_allclose(normalize([1, 3, 0]), [0.25, 0.75, 0])


def test_day_of_week_example():
    p = np.full(7, 1 / 7)
    assert entropy(p) == pytest.approx(2.807354922, abs=1e-9)
    assert fixed_length_bits(7) == 3
    assert fixed_length_code(7) == ["000", "001", "010", "011", "100", "101", "110"]
    assert average_code_length(p, fixed_length_code(7)) == pytest.approx(3.0)


def test_forty_symbol_example():
    h = entropy(ALPHABET)
    by_hand = -(0.9 * math.log2(0.225) + 0.1 * math.log2(0.1 / 36))
    assert h == pytest.approx(by_hand, abs=1e-12)
    assert h == pytest.approx(2.786, abs=5e-4)  # not the 2.72 printed in the notes
    assert fixed_length_bits(40) == 6
    two_stage = two_stage_code(4, 36)
    assert [len(c) for c in two_stage] == [3] * 4 + [7] * 36
    assert is_prefix_free(two_stage)
    assert average_code_length(ALPHABET, two_stage) == pytest.approx(3.4)
    huff = average_code_length(ALPHABET, huffman_code(ALPHABET))
    assert h <= huff < h + 1
    assert huff <= 3.4


def test_kl_of_p_with_itself_is_zero():
    for p in (ALPHABET, np.full(7, 1 / 7), [1.0, 0.0, 0.0], [0.3, 0.7]):
        assert kl_divergence(p, p) == 0.0
        assert cross_entropy(p, p) == pytest.approx(entropy(p))


def test_infinite_when_q_misses_an_outcome():
    assert cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0  # q = 0 only where p = 0: fine


def test_one_hot_cross_entropy_is_minus_log_q_true():
    q = np.array([0.1, 0.7, 0.2])
    assert cross_entropy([0, 1, 0], q) == pytest.approx(-math.log2(0.7))
    assert cross_entropy([0, 1, 0], q, base=math.e) == pytest.approx(-math.log(0.7))


def test_huffman_known_codes_and_ties():
    assert huffman_code([0.5, 0.25, 0.25]) == ["0", "10", "11"]
    assert huffman_code([1.0]) == ["0"]  # documented: one symbol still needs one bit
    assert huffman_code([0.25] * 4) == ["00", "01", "10", "11"]
    codes = huffman_code([0.5, 0.5, 0.0])
    assert is_prefix_free(codes) and len(codes) == 3


def test_huffman_breaks_ties_as_documented():
    # [.4, .2, .2, .2] by hand, taking the earlier-created node first among equal probabilities:
    #   merge leaf 1 (0) + leaf 2 (1) -> node 4 (.4)
    #   merge leaf 3 (.2, 0) + leaf 0 (.4, 1): leaf 0 was created before node 4 -> node 5 (.6)
    #   merge node 4 (0) + node 5 (1)
    # so every symbol gets 2 bits, the frequent one included (the other optimal code, lengths 1, 2, 3, 3,
    # has the same average, 2.0).
    assert huffman_code([0.4, 0.2, 0.2, 0.2]) == ["11", "00", "01", "10"]
    # the same weights with the frequent symbol last: leaf 3 (.4) now precedes node 4 (.4)
    assert huffman_code([0.2, 0.2, 0.2, 0.4]) == ["00", "01", "10", "11"]
    # no ties: the textbook code
    assert huffman_code([0.1, 0.2, 0.3, 0.4]) == ["110", "111", "10", "0"]


def _optimal_average_length(p) -> float:
    """An optimal prefix code's average length without building it: the sum of all merged weights."""
    weights, total = sorted(float(x) for x in p), 0.0
    while len(weights) > 1:
        merged = weights.pop(0) + weights.pop(0)
        total += merged
        weights = sorted([*weights, merged])
    return total if len(p) > 1 else 1.0  # one symbol: the documented one-bit codeword


def test_entropy_parts_add_up_to_entropy():
    head, tail = entropy_parts(ALPHABET, split=4)
    assert head == pytest.approx(-0.9 * math.log2(0.225), abs=1e-12)  # A–D, 22.5 % each
    assert tail == pytest.approx(-0.1 * math.log2(0.1 / 36), abs=1e-12)  # the 36 rare symbols
    assert (round(head, 4), round(tail, 4)) == (1.9368, 0.8492)
    assert entropy_parts([0.5, 0.25, 0.25], split=1) == (0.5, 1.0)
    assert entropy_parts([0.5, 0.25, 0.25], split=0) == (0.0, 1.5)
    assert entropy_parts([0.5, 0.25, 0.25], split=3) == (1.5, 0.0)
    head, tail = entropy_parts([1.0, 0.0], split=1)  # 0·log 0 = 0, and no -0.0
    assert (head, tail) == (0.0, 0.0) and not np.signbit([head, tail]).any()
    assert entropy_parts([0.5, 0.5], split=1, base=math.e) == pytest.approx((math.log(2) / 2, math.log(2) / 2))
    for split in (-1, 4, 1.5, True, None):
        with pytest.raises(ValueError, match="split"):
            entropy_parts([0.5, 0.25, 0.25], split=split)


def test_max_entropy_is_log_n():
    assert max_entropy(1) == 0.0
    assert max_entropy(8) == 3.0  # exact, not 2.9999999999999996
    assert max_entropy(40) == pytest.approx(5.321928094887363)
    assert max_entropy(7, base=math.e) == pytest.approx(math.log(7))
    for n in (0, 2.5, True):
        with pytest.raises(ValueError, match="n must"):
            max_entropy(n)


def test_message_bits():
    assert message_bits([3, 1], ["0", "10"]) == 5
    assert message_bits([2, 1, 1, 1], ["0", "10", "110", "111"]) == 2 * 1 + 2 + 3 + 3  # "hello", l first
    assert message_bits([5, 0], ["", "1"]) == 0
    with pytest.raises(ValueError, match="whole"):
        message_bits([1.5], ["0"])
    with pytest.raises(ValueError, match="negative"):
        message_bits([-1], ["0"])
    with pytest.raises(ValueError, match="length mismatch"):
        message_bits([1, 1], ["0"])
    with pytest.raises(ValueError, match="strings"):
        message_bits([1], [0])


def test_character_counts():
    symbols, counts = character_counts("hello")
    assert symbols == ["l", "h", "e", "o"] and counts.tolist() == [2, 1, 1, 1]
    assert counts.dtype == np.int64
    symbols, counts = character_counts(unicodedata.normalize("NFD", "가나가"))  # counted after NFC
    assert symbols == ["가", "나"] and counts.tolist() == [2, 1]
    with pytest.raises(ValueError, match="text is empty"):
        character_counts("")


def test_fixed_length_bits_is_ceil_log2():
    for n in range(1, 300):
        assert fixed_length_bits(n) == math.ceil(math.log2(n) - 1e-12)


def test_binary_entropy_curve():
    np.testing.assert_allclose(binary_entropy([0, 0.5, 1, 0.11]), [0, 1, 0, entropy([0.11, 0.89])])
    assert not np.signbit(binary_entropy([0.0, 1.0])).any()


def test_empirical_distribution_english_and_korean():
    symbols, p = empirical_distribution("hello")
    assert symbols == ["l", "h", "e", "o"]  # by count, ties by first appearance
    np.testing.assert_allclose(p, [0.4, 0.2, 0.2, 0.2])
    symbols, p = empirical_distribution("안녕 안녕")
    assert symbols == ["안", "녕", " "]
    np.testing.assert_allclose(p, [0.4, 0.4, 0.2])
    decomposed = unicodedata.normalize("NFD", "가나가")  # jamo: 6 code points
    assert len(decomposed) == 6
    symbols, p = empirical_distribution(decomposed)
    assert symbols == ["가", "나"]
    np.testing.assert_allclose(p, [2 / 3, 1 / 3])
    assert utf8_bits("a가") == 8 * 4
    assert utf8_bits(decomposed) == 8 * 9  # counted after NFC


# ---------------------------------------------------------------- invalid input

BAD = [
    ([], "empty"),
    ([0.5, -0.1, 0.6], "negative"),
    ([0.5, float("nan"), 0.5], "NaN"),
    ([0.5, float("inf")], "NaN or inf"),
    ([0.5, 0.4], "sums to"),
    ([[0.5, 0.5]], "1-D"),
    (["a", "b"], "numbers"),
]


@pytest.mark.parametrize(("p", "match"), BAD)
@pytest.mark.parametrize(
    "fn",
    [
        entropy,
        huffman_code,
        lambda p: cross_entropy(p, [0.5, 0.5]),
        lambda p: cross_entropy([0.5, 0.5], p),
        lambda p: kl_divergence(p, [0.5, 0.5]),
        lambda p: average_code_length(p, ["0", "1"]),
    ],
)
def test_distribution_functions_reject_bad_input(fn, p, match):
    with pytest.raises(ValueError, match=match):
        fn(p)


def test_other_invalid_inputs():
    with pytest.raises(ValueError, match="all zero"):
        normalize([0, 0, 0])
    with pytest.raises(ValueError, match="negative"):
        normalize([1, -1])
    with pytest.raises(ValueError, match="empty"):
        normalize([])
    with pytest.raises(ValueError, match="length mismatch"):
        cross_entropy([0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match="length mismatch"):
        kl_divergence([1.0], [0.5, 0.5])
    with pytest.raises(ValueError, match="length mismatch"):
        average_code_length([0.5, 0.5], ["0"])
    with pytest.raises(ValueError, match="above 1"):
        surprisal([1.5])
    with pytest.raises(ValueError, match="base"):
        entropy([0.5, 0.5], base=1)
    with pytest.raises(ValueError, match="base"):
        entropy([0.5, 0.5], base=-2)
    with pytest.raises(ValueError, match="n must"):
        fixed_length_bits(0)
    with pytest.raises(ValueError, match="n must"):
        fixed_length_bits(2.5)
    with pytest.raises(ValueError, match="n_frequent"):
        two_stage_code(0, 36)
    with pytest.raises(ValueError, match="n_rare"):
        two_stage_code(4, 0)
    with pytest.raises(ValueError, match="text is empty"):
        empirical_distribution("")
    with pytest.raises(ValueError, match="text must"):
        empirical_distribution(None)


# ---------------------------------------------------------------- properties

weights = st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=30).filter(lambda w: sum(w) > 1e-3)
positive_weights = st.lists(st.floats(0.01, 100), min_size=1, max_size=30)


@given(weights)
def test_entropy_bounds(w):
    p = normalize(w)
    h = entropy(p)
    assert 0.0 <= h <= math.log2(len(p)) + 1e-9


@given(st.integers(1, 200))
def test_uniform_reaches_the_upper_bound(n):
    assert entropy(normalize(np.ones(n))) == pytest.approx(math.log2(n), abs=1e-9)


@given(st.data())
def test_permutation_invariance(data):
    w = data.draw(weights)
    perm = data.draw(st.permutations(range(len(w))))
    p = normalize(w)
    q = normalize(data.draw(st.lists(st.floats(0.01, 100), min_size=len(w), max_size=len(w))))
    assert entropy(p[perm]) == pytest.approx(entropy(p), abs=1e-12)
    assert kl_divergence(p[perm], q[perm]) == pytest.approx(kl_divergence(p, q), abs=1e-12)
    # a permuted Huffman code has the same average length
    hp = average_code_length(p[perm], huffman_code(p[perm]))
    assert hp == pytest.approx(average_code_length(p, huffman_code(p)), abs=1e-9)


@given(st.data())
def test_kl_nonnegative_and_cross_entropy_decomposes(data):
    w = data.draw(weights)
    p = normalize(w)
    q = normalize(data.draw(st.lists(st.floats(0.01, 100), min_size=len(w), max_size=len(w))))
    kl = kl_divergence(p, q)
    assert kl >= 0.0
    assert cross_entropy(p, q) == pytest.approx(entropy(p) + kl, abs=1e-9)
    assert cross_entropy(p, q) >= entropy(p) - 1e-12


@given(weights)
def test_bits_are_nats_over_ln2(w):
    p = normalize(w)
    assert entropy(p) == pytest.approx(entropy(p, base=math.e) / math.log(2), abs=1e-12)
    q = normalize(np.ones(len(p)))
    assert kl_divergence(p, q) == pytest.approx(kl_divergence(p, q, base=math.e) / math.log(2), abs=1e-12)


@given(weights)
def test_huffman_is_prefix_free_and_near_entropy(w):
    p = normalize(w)
    codes = huffman_code(p)
    assert len(codes) == len(p)
    assert all(set(c) <= {"0", "1"} and c for c in codes)
    assert is_prefix_free(codes)
    avg, h = average_code_length(p, codes), entropy(p)
    assert h - 1e-9 <= avg
    if p.max() < 1:
        assert avg < h + 1
    else:  # a certain outcome: H = 0 but a codeword still has one bit
        assert avg == pytest.approx(1.0)
    assert avg <= max(1, fixed_length_bits(len(p))) + 1e-9


@given(weights)
def test_huffman_average_length_is_optimal(w):
    p = normalize(w)
    assert average_code_length(p, huffman_code(p)) == pytest.approx(_optimal_average_length(p), abs=1e-9)


@given(st.data())
def test_entropy_parts_sum_to_entropy_at_any_split(data):
    p = normalize(data.draw(weights))
    head, tail = entropy_parts(p, split=data.draw(st.integers(0, len(p))))
    assert head >= 0 and tail >= 0
    assert head + tail == pytest.approx(entropy(p), abs=1e-12)


@given(st.text(min_size=1, max_size=50))
def test_empirical_distribution_is_a_distribution(text):
    symbols, p = empirical_distribution(text)
    assert len(symbols) == len(set(symbols)) == len(p)
    assert p.sum() == pytest.approx(1.0)
    nfc = unicodedata.normalize("NFC", text)
    assert all(s in nfc for s in symbols)
    assert "".join(symbols) != "" and np.all(np.diff(p) <= 1e-12)  # most frequent first


# ---------------------------------------------------------------- PyTorch cross-checks


@pytest.fixture(scope="module")
def torch():
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    return torch


def _batch(seed: int, n: int = 12, k: int = 9) -> np.ndarray:
    rng = np.random.default_rng(seed)
    w = rng.gamma(0.5, size=(n, k))  # (N, K), some entries tiny
    w[:, 0] = 0.0  # exercise 0·log 0
    return w / w.sum(axis=1, keepdims=True)


def test_entropy_matches_torch_categorical(torch):
    P = _batch(0)
    assert_matches_torch(
        lambda P: np.array([entropy(row, base=math.e) for row in P]),
        lambda P: torch.distributions.Categorical(probs=P).entropy(),
        [P],
        atol=1e-10,
    )


def test_kl_matches_torch_kl_div(torch):
    P, Q = _batch(1), _batch(2)
    Q = (Q + 1e-3) / (Q + 1e-3).sum(axis=1, keepdims=True)  # q > 0 everywhere
    assert_matches_torch(
        lambda P, Q: np.array([kl_divergence(p, q, base=math.e) for p, q in zip(P, Q)]),
        lambda P, Q: torch.nn.functional.kl_div(Q.log(), P, reduction="none").sum(dim=1),
        [P, Q],
        atol=1e-10,
    )


def test_cross_entropy_matches_torch_loss(torch):
    Q = _batch(3) + 1e-3
    Q = Q / Q.sum(axis=1, keepdims=True)
    labels = np.arange(len(Q)) % Q.shape[1]
    onehot = np.eye(Q.shape[1])[labels]  # (N, K)
    ours = np.array([cross_entropy(p, q, base=math.e) for p, q in zip(onehot, Q)])
    ref = torch.nn.functional.cross_entropy(torch.from_numpy(np.log(Q)), torch.from_numpy(labels), reduction="none")
    np.testing.assert_allclose(ours, ref.numpy(), atol=1e-10)
    soft = _batch(4)
    ours = np.array([cross_entropy(p, q, base=math.e) for p, q in zip(soft, Q)])
    ref = torch.nn.functional.cross_entropy(torch.from_numpy(np.log(Q)), torch.from_numpy(soft), reduction="none")
    np.testing.assert_allclose(ours, ref.numpy(), atol=1e-10)


# ---------------------------------------------------------------- issue 13: the page's sentences


def test_one_symbol_source_is_the_exception_to_h_plus_one():
    """entropy.m.explain: L = 1 = H + 1 for a single (certain) symbol, so L < H + 1 fails only there."""
    for p in ([1.0], [1.0, 0.0], [0.0, 1.0, 0.0]):
        h, avg = entropy(p), average_code_length(p, huffman_code(p))
        assert huffman_code([1.0]) == ["0"]
        assert h == 0 and avg == 1 == h + 1


@pytest.mark.parametrize("seed", range(20))
def test_huffman_within_one_bit_of_entropy_on_random_sources(seed):
    rng = np.random.default_rng(seed)
    p = normalize(rng.random(int(rng.integers(2, 41))))
    h, avg = entropy(p), average_code_length(p, huffman_code(p))
    assert h - 1e-12 <= avg < h + 1


def test_entropy_is_reached_only_for_powers_of_half():
    """entropy.intro: whole-bit codes reach H exactly for dyadic p, stay above it otherwise."""
    dyadic = [0.5, 0.25, 0.125, 0.125]
    assert average_code_length(dyadic, huffman_code(dyadic)) == pytest.approx(entropy(dyadic), abs=1e-12)
    for p in ([0.9, 0.1], np.full(7, 1 / 7), [1 / 3] * 3):
        assert average_code_length(p, huffman_code(p)) > entropy(p) + 1e-3


def test_biased_coin_gap_and_block_codes_close_it():
    """entropy.gap.blocks on the biased-coin preset: H = 0.469, Huffman 1.000, pairs 0.645, triples 0.533."""
    p = [0.9, 0.1]
    h = entropy(p)
    assert f"{h:.3f}" == "0.469"
    assert block_huffman_length(p, 1) == average_code_length(p, huffman_code(p)) == 1.0
    lengths = [block_huffman_length(p, b) for b in (1, 2, 3)]
    assert [f"{v:.3f}" for v in lengths] == ["1.000", "0.645", "0.533"]
    assert lengths[0] > lengths[1] > lengths[2] > h
    for b, length in enumerate(lengths, start=1):
        assert h <= length < h + 1 / b  # the block bound H ≤ L_b / b < H + 1/b


@given(st.lists(st.floats(0.01, 1.0), min_size=2, max_size=5), st.integers(1, 3))
def test_block_code_bound(w, block):
    p = normalize(w)
    h, length = entropy(p), block_huffman_length(p, block)
    assert h - 1e-9 <= length < h + 1 / block + 1e-9


def test_block_code_rejects_too_many_joint_symbols():
    with pytest.raises(ValueError):
        block_huffman_length(np.full(20, 0.05), 3)
    with pytest.raises(ValueError):
        block_huffman_length([0.5, 0.5], 0)


def test_days_huffman_beats_the_three_bits_needed():
    """entropy.days.explain: Huffman averages 20/7 ≈ 2.857 < 3 bits, still above log₂ 7, codewords 2–3 bits."""
    p = np.full(7, 1 / 7)
    codes = huffman_code(p)
    avg = average_code_length(p, codes)
    assert f"{avg:.3f}" == "2.857" and avg == pytest.approx(20 / 7)
    assert entropy(p) < avg < fixed_length_bits(7)
    assert sorted(len(c) for c in codes) == [2, 3, 3, 3, 3, 3, 3]


def test_notes_slip_on_the_forty_symbols_traced():
    """entropy.alpha.notes_slip: the A–D term is 0.9·log₂ 0.225 ≈ −1.94 (the notes print −1.04), the notes'
    own terms give 1.89 (they print 2.72), and the right value is 2.786."""
    p = ALPHABET
    a_to_d = float(p[:4] @ np.log2(p[:4]))
    assert a_to_d == pytest.approx(0.9 * math.log2(0.225), abs=1e-12)
    assert f"{a_to_d:.2f}" == "-1.94"
    rest = float(p[4:] @ np.log2(p[4:]))
    assert f"{rest:.2f}" == "-0.85"  # the notes' second term is right
    assert f"{-(-1.04 + -0.85):.2f}" == "1.89"
    assert f"{entropy(p):.3f}" == "2.786" == f"{-(a_to_d + rest):.3f}"


def test_surprisal_is_logarithmic_not_inverse():
    """entropy.surprisal.note: halving p adds exactly one bit; 1/p doubles; p = 1 carries 0 bits, not 1."""
    for p in (0.5, 0.25, 0.1, 0.01):
        s = surprisal([p, p / 2])
        assert s[1] - s[0] == pytest.approx(1.0, abs=1e-12)
        assert (1 / (p / 2)) / (1 / p) == pytest.approx(2.0)
    assert surprisal([1.0])[0] == 0
    grid = np.linspace(0.05, 1, 50)
    assert np.all(np.diff(surprisal(grid)) < 0)  # it does fall as p rises
    assert not np.allclose(surprisal(grid) * grid, (surprisal(grid) * grid)[0])  # but p · I(p) is not constant
