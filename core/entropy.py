"""Entropy, cross-entropy, KL divergence and the codes that make them concrete.

Probabilities are 1-D array-likes. ``base`` picks the unit: 2 for bits, ``math.e`` for nats.
The convention 0 · log 0 = 0 holds everywhere; cross-entropy and KL are ``inf`` when ``q`` is 0
where ``p`` is not (a code built for ``q`` has no codeword for that outcome).

>>> entropy([0.5, 0.5])
1.0
>>> huffman_code([0.5, 0.25, 0.25])
['0', '10', '11']
"""

from __future__ import annotations

import heapq
import math
import unicodedata
from collections import Counter

import numpy as np

SUM_TOL = 1e-6  # how far from 1 a distribution may sum (rounding in user input)


# ---------------------------------------------------------------- checks


def _check_base(base: float) -> float:
    try:
        b = float(base)
    except (TypeError, ValueError):
        raise ValueError(f"base must be a number, got {base!r}") from None
    if not math.isfinite(b) or b <= 0 or b == 1:
        raise ValueError(f"base must be finite, positive and not 1, got {base!r}")
    return b


def _check_vector(x, name: str) -> np.ndarray:
    """A non-empty, finite, non-negative 1-D float64 array."""
    try:
        a = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must contain numbers only") from None
    if a.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {a.shape}")
    if a.size == 0:
        raise ValueError(f"{name} is empty")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} contains NaN or inf")
    if np.any(a < 0):
        raise ValueError(f"{name} contains a negative value")
    return a


def _check_distribution(p, name: str = "p") -> np.ndarray:
    """A probability vector: entries in [0, 1] summing to 1 within ``SUM_TOL``."""
    a = _check_vector(p, name)
    if np.any(a > 1):
        raise ValueError(f"{name} contains a probability above 1")
    total = float(a.sum())
    if abs(total - 1.0) > SUM_TOL:
        raise ValueError(f"{name} sums to {total:.8g}, not 1 (use normalize() on weights)")
    return a


def _check_count(n, name: str) -> None:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"{name} must be a positive integer, got {n!r}")


def _check_codes(codes, n: int) -> list[str]:
    """n codewords, all strings."""
    codes = list(codes)
    if len(codes) != n:
        raise ValueError(f"length mismatch: {n} symbols, codes has {len(codes)}")
    if not all(isinstance(c, str) for c in codes):
        raise ValueError("codes must be strings")
    return codes


def _check_same_length(p: np.ndarray, q: np.ndarray) -> None:
    if p.shape != q.shape:
        raise ValueError(f"length mismatch: p has {p.size} entries, q has {q.size}")


# ---------------------------------------------------------------- information measures


def normalize(weights) -> np.ndarray:
    """Turn non-negative weights into probabilities.

    Parameters
    ----------
    weights : array-like of shape (n,)
        Finite, non-negative, not all zero.

    Returns
    -------
    p : ndarray of shape (n,)
        ``weights / weights.sum()``.
    """
    w = _check_vector(weights, "weights")
    total = w.sum()
    if total <= 0:
        raise ValueError("weights are all zero")
    return w / total


def surprisal(p, *, base: float = 2) -> np.ndarray:
    """Information content −log p of each outcome (``inf`` for p = 0).

    Parameters
    ----------
    p : array-like of shape (n,)
        Probabilities in [0, 1]; they need not sum to 1.
    base : float, default=2
        Logarithm base (2: bits, e: nats).

    Returns
    -------
    ndarray of shape (n,)
    """
    b = _check_base(base)
    a = _check_vector(p, "p")
    if np.any(a > 1):
        raise ValueError("p contains a probability above 1")
    with np.errstate(divide="ignore"):  # log(0) = -inf on purpose: an impossible outcome is infinitely surprising
        return -np.log(a) / math.log(b)


def _plogq(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Terms p·log q with 0·log q = 0 (natural log); −inf where q = 0 < p."""
    out = np.zeros_like(p)
    mask = p > 0
    with np.errstate(divide="ignore"):
        out[mask] = p[mask] * np.log(q[mask])
    return out


def entropy(p, *, base: float = 2) -> float:
    """Shannon entropy H(p) = −Σ pᵢ log pᵢ.

    Parameters
    ----------
    p : array-like of shape (n,)
        A probability distribution.
    base : float, default=2

    Returns
    -------
    float
        Average optimal code length (bits for base 2).
    """
    b = _check_base(base)
    a = _check_distribution(p)
    return float(max(0.0, -_plogq(a, a).sum()) / math.log(b))  # max: -0.0 → 0.0


def cross_entropy(p, q, *, base: float = 2) -> float:
    """Cross-entropy H(p, q) = −Σ pᵢ log qᵢ: the cost of coding p with a code built for q.

    Parameters
    ----------
    p, q : array-like of shape (n,)
        Probability distributions over the same outcomes.
    base : float, default=2

    Returns
    -------
    float
        ``inf`` if some qᵢ = 0 where pᵢ > 0.
    """
    b = _check_base(base)
    a, c = _check_distribution(p, "p"), _check_distribution(q, "q")
    _check_same_length(a, c)
    return float(-_plogq(a, c).sum() / math.log(b))


def kl_divergence(p, q, *, base: float = 2) -> float:
    """KL divergence KL(p‖q) = Σ pᵢ log(pᵢ / qᵢ) = H(p, q) − H(p).

    Parameters
    ----------
    p, q : array-like of shape (n,)
    base : float, default=2

    Returns
    -------
    float
        ≥ 0; ``inf`` if some qᵢ = 0 where pᵢ > 0.
    """
    b = _check_base(base)
    a, c = _check_distribution(p, "p"), _check_distribution(q, "q")
    _check_same_length(a, c)
    mask = a > 0
    if np.any(c[mask] == 0):
        return math.inf
    kl = float(np.sum(a[mask] * (np.log(a[mask]) - np.log(c[mask]))))
    return max(0.0, kl) / math.log(b)  # Gibbs: KL ≥ 0; clip rounding noise like -1e-17


def binary_entropy(p, *, base: float = 2) -> np.ndarray:
    """H(p) of a coin with heads-probability p, element-wise (the curve 0 → 1 → 0).

    Parameters
    ----------
    p : array-like of shape (m,)
        Values in [0, 1].

    Returns
    -------
    ndarray of shape (m,)
    """
    b = _check_base(base)
    a = _check_vector(np.atleast_1d(p), "p")
    if np.any(a > 1):
        raise ValueError("p contains a probability above 1")
    both = np.stack([a, 1 - a])  # (2, m)
    return -_plogq(both, both).sum(axis=0) / math.log(b) + 0.0  # + 0.0 turns -0.0 into 0.0


def entropy_parts(p, *, split: int, base: float = 2) -> tuple[float, float]:
    """H(p) in two parts: the terms −pᵢ log pᵢ of the first ``split`` symbols, and those of the rest.

    The parts add up to ``entropy(p)``; they show where the bits go (the notes' 40-symbol
    example: 4 frequent letters and 36 rare symbols).

    Parameters
    ----------
    p : array-like of shape (n,)
        A probability distribution.
    split : int
        How many leading symbols make the first part, 0 ≤ split ≤ n.
    base : float, default=2

    Returns
    -------
    head, tail : float

    >>> entropy_parts([0.5, 0.25, 0.25], split=1)
    (0.5, 1.0)
    """
    b = _check_base(base)
    a = _check_distribution(p)
    if isinstance(split, bool) or not isinstance(split, (int, np.integer)) or not 0 <= split <= a.size:
        raise ValueError(f"split must be an integer from 0 to {a.size}, got {split!r}")
    terms = -_plogq(a, a) / math.log(b)  # (n,)
    return float(terms[:split].sum()) + 0.0, float(terms[split:].sum()) + 0.0  # + 0.0: no -0.0


def max_entropy(n: int, *, base: float = 2) -> float:
    """log n: the largest entropy a distribution over n outcomes can have (the uniform one's).

    >>> max_entropy(8)
    3.0
    """
    b = _check_base(base)
    _check_count(n, "n")
    return math.log2(n) / math.log2(b)  # log2, not log: exact bits for powers of two


# ---------------------------------------------------------------- codes


def fixed_length_bits(n: int) -> int:
    """⌈log₂ n⌉: bits per symbol of a fixed-length code for n symbols (0 for n = 1)."""
    _check_count(n, "n")
    return int(n - 1).bit_length()  # exact ⌈log₂ n⌉, no floating-point log


def fixed_length_code(n: int) -> list[str]:
    """Codewords 0 … n−1 written in binary with ``fixed_length_bits(n)`` digits each."""
    width = fixed_length_bits(n)
    return [format(i, f"0{width}b") if width else "" for i in range(n)]


def two_stage_code(n_frequent: int, n_rare: int) -> list[str]:
    """A flag bit, then a fixed-length code inside the chosen group.

    The first ``n_frequent`` symbols get "0" + a ⌈log₂ n_frequent⌉-bit index, the
    remaining ``n_rare`` get "1" + a ⌈log₂ n_rare⌉-bit index (the notes' 40-symbol code).
    """
    _check_count(n_frequent, "n_frequent")
    _check_count(n_rare, "n_rare")
    return ["0" + c for c in fixed_length_code(n_frequent)] + ["1" + c for c in fixed_length_code(n_rare)]


def huffman_code(p) -> list[str]:
    """An optimal prefix-free binary code, one codeword per symbol of ``p``.

    Ties are broken deterministically: among equal probabilities the node created
    first (leaves in input order, then merged nodes in merge order) is taken first
    and receives the bit "0". A single symbol gets the codeword "0" (a code needs at
    least one bit to send anything). Symbols with p = 0 still get a (long) codeword.

    Parameters
    ----------
    p : array-like of shape (n,)
        A probability distribution.

    Returns
    -------
    list of str, length n
    """
    a = _check_distribution(p)
    n = a.size
    if n == 1:
        return ["0"]
    # heap entries: (probability, creation order, symbols in this subtree)
    heap = [(float(pi), i, [i]) for i, pi in enumerate(a)]
    heapq.heapify(heap)
    codes = [""] * n
    order = n
    while len(heap) > 1:
        p0, _, left = heapq.heappop(heap)
        p1, _, right = heapq.heappop(heap)
        for i in left:
            codes[i] = "0" + codes[i]
        for i in right:
            codes[i] = "1" + codes[i]
        heapq.heappush(heap, (p0 + p1, order, left + right))
        order += 1
    return codes


def average_code_length(p, codes) -> float:
    """Expected bits per symbol Σ pᵢ·len(codeᵢ).

    Parameters
    ----------
    p : array-like of shape (n,)
        A probability distribution.
    codes : sequence of str, length n
    """
    a = _check_distribution(p)
    lengths = np.array([len(c) for c in _check_codes(codes, a.size)], dtype=np.float64)
    return float(a @ lengths)


def message_bits(counts, codes) -> int:
    """Length in bits of a message holding symbol i ``counts[i]`` times, each sent as ``codes[i]``: Σ countᵢ·len(codeᵢ).

    Parameters
    ----------
    counts : array-like of shape (n,)
        Non-negative whole numbers.
    codes : sequence of str, length n

    >>> message_bits([3, 1], ["0", "10"])
    5
    """
    c = _check_vector(counts, "counts")
    if np.any(c != np.floor(c)):
        raise ValueError("counts must be whole numbers")
    return sum(int(k) * len(code) for k, code in zip(c, _check_codes(codes, c.size)))


BLOCK_MAX_SYMBOLS = 4096  # block codes enumerate n**block joint symbols


def block_huffman_length(p, block: int) -> float:
    """Average bits per source symbol of a Huffman code for blocks of ``block`` independent symbols.

    The joint distribution of a block is the outer product p ⊗ … ⊗ p (memoryless source); the
    result L_block / block satisfies H ≤ L_block / block < H + 1/block, so it approaches H as
    blocks grow (Shannon's source-coding theorem). ``block = 1`` is the plain Huffman code.
    """
    a = _check_distribution(p)
    if isinstance(block, bool) or not isinstance(block, (int, np.integer)) or block < 1:
        raise ValueError(f"block must be a positive integer, got {block!r}")
    if a.size**block > BLOCK_MAX_SYMBOLS:
        raise ValueError(f"{a.size}**{block} joint symbols is more than {BLOCK_MAX_SYMBOLS}")
    joint = a
    for _ in range(block - 1):
        joint = np.outer(joint, a).ravel()
    joint = joint / joint.sum()  # rounding in the products
    return average_code_length(joint, huffman_code(joint)) / block


# ---------------------------------------------------------------- text


def empirical_distribution(text: str) -> tuple[list[str], np.ndarray]:
    """Per-character frequencies of ``text``.

    The text is NFC-normalized first, so a Korean syllable typed as separate jamo
    counts as one character, like a precomposed one. Symbols are ordered by count
    (most frequent first), ties by first appearance.

    Returns
    -------
    symbols : list of str, length n
    p : ndarray of shape (n,)
    """
    symbols, counts = character_counts(text)
    return symbols, normalize(counts)


def character_counts(text: str) -> tuple[list[str], np.ndarray]:
    """Each distinct character of ``text`` and how often it occurs.

    NFC-normalized and ordered like :func:`empirical_distribution` (most frequent first, ties by
    first appearance).

    Returns
    -------
    symbols : list of str, length n
    counts : ndarray of int64, shape (n,)

    >>> character_counts("hello")
    (['l', 'h', 'e', 'o'], array([2, 1, 1, 1]))
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a string, got {type(text).__name__}")
    text = unicodedata.normalize("NFC", text)
    if not text:
        raise ValueError("text is empty")
    counts = Counter(text)  # dicts keep first-appearance order; sorted() is stable
    symbols = sorted(counts, key=lambda s: -counts[s])
    return symbols, np.array([counts[s] for s in symbols], dtype=np.int64)


def utf8_bits(text: str) -> int:
    """Size of ``text`` (NFC-normalized) in UTF-8, in bits."""
    if not isinstance(text, str):
        raise ValueError(f"text must be a string, got {type(text).__name__}")
    return 8 * len(unicodedata.normalize("NFC", text).encode("utf-8"))
