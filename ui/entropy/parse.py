"""Parsing the entropy page's user input into a :class:`Dist`: presets, table rows, q weights, text, URL form.

No widgets here (they are in ``controls.py``). Parsing errors raise :class:`InputError`, which carries
an i18n key and its values, so the page can show the message in the user's language.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, unquote

import numpy as np

from core.entropy import character_counts, normalize, utf8_bits
from ui.common.i18n import t
from ui.common.safe import escape_md

MAX_SYMBOLS = 64  # table rows (and the q editor)
MAX_TEXT = 20_000  # characters in text mode
URL_TEXT_MAX = 500  # longer texts are not put in the URL
MODES = ("preset", "table", "binary", "text")
PRESETS = ("days", "alphabet", "coin", "biased", "die")
ALPHABET = [chr(ord("A") + i) for i in range(26)] + [str(i) for i in range(1, 15)]  # the notes' 40 symbols
_VISIBLE = {" ": "␣", "\n": "⏎", "\t": "⇥", "\r": "␍"}


class InputError(ValueError):
    """Bad user input; ``key`` names the message in ``ui/entropy/text.py``.

    One error may carry several problems (every bad cell of a table, not only the first): ``problems``
    lists them all as ``(key, values)``, the first one also being ``key`` and ``values``.
    """

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values
        self.problems: list[tuple[str, dict]] = [(key, values)]

    @classmethod
    def of(cls, errors: list[InputError]) -> InputError:
        """One error listing every problem of ``errors`` (in their order)."""
        first = cls(errors[0].key, **errors[0].values)
        first.problems = [p for err in errors for p in err.problems]
        return first

    def message(self) -> str:
        """Every problem in the user's language (Markdown): one sentence, or a list of them.

        Text values quote the user's cells or labels, so they are escaped: a cell "[x](//site)" shows as typed.
        """
        texts = [
            t(key, **{k: escape_md(v) if isinstance(v, str) else v for k, v in values.items()})
            for key, values in self.problems
        ]
        return texts[0] if len(texts) == 1 else "\n".join(f"- {text}" for text in texts)


@dataclass(frozen=True)
class Dist:
    """A distribution on screen: labels, probabilities and where it came from."""

    labels: tuple[str, ...]
    p: np.ndarray  # (n,)
    kind: str  # a preset name, "table", "binary" or "text"
    counts: tuple[int, ...] = ()  # text mode: character counts, same order as labels
    utf8_bits: int = 0  # text mode: size of the text in UTF-8


# ---------------------------------------------------------------- presets


def preset_rows(name: str) -> list[tuple[str, float]]:
    """Labels and weights of a preset (weights are normalized later)."""
    if name == "days":
        return [(t(f"entropy.day.{d}"), 1.0) for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")]
    if name == "alphabet":  # A–D 22.5% each; the other 36 share 10%
        return [(s, 0.225 if i < 4 else 0.1 / 36) for i, s in enumerate(ALPHABET)]
    if name in ("coin", "biased"):
        heads = 0.5 if name == "coin" else 0.9
        return [(t("entropy.coin.heads"), heads), (t("entropy.coin.tails"), 1 - heads)]
    if name == "die":
        return [(str(i), 1.0) for i in range(1, 7)]
    raise ValueError(f"unknown preset {name!r}")


def dist_from_rows(rows: list[tuple[str, float]], kind: str) -> Dist:
    labels, weights = zip(*rows, strict=True)
    return Dist(tuple(labels), normalize(weights), kind)


# ---------------------------------------------------------------- table


def parse_weight(value: object, row: int) -> float:
    """A cell of the weight column: a number, "22.5%" or "1/3"."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        text = str(value).strip().replace(",", ".")
        try:
            if text.endswith("%"):
                number = float(text[:-1]) / 100
            elif "/" in text:
                num, den = text.split("/", 1)
                number = float(num) / float(den)
            else:
                number = float(text)
        except (ValueError, ZeroDivisionError):
            raise InputError("entropy.err.not_number", row=row, value=str(value)[:30]) from None
    if not math.isfinite(number):
        raise InputError("entropy.err.not_finite", row=row)
    if number < 0:
        raise InputError("entropy.err.negative", row=row)
    return number


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == ""


def parse_rows(rows) -> list[tuple[str, float]]:
    """Validate (label, weight) rows from the editor: skip blank rows, name every problem (not only the first)."""
    out: list[tuple[str, float]] = []
    errors: list[InputError] = []
    for i, (label, weight) in enumerate(rows, start=1):
        if _blank(label) and _blank(weight):
            continue
        name = f"#{i}" if _blank(label) else str(label).strip()
        try:
            if _blank(weight):
                raise InputError("entropy.err.missing_weight", row=i)
            out.append((name, parse_weight(weight, i)))
        except InputError as err:
            errors.append(err)
            out.append((name, 0.0))  # the row still counts for the checks on names and count below
    if not out:
        raise InputError("entropy.err.empty")
    if len(out) > MAX_SYMBOLS:
        errors.append(InputError("entropy.err.too_many", n=len(out), max=MAX_SYMBOLS))
    names = [name for name, _ in out]
    for dup in dict.fromkeys(n for n in names if names.count(n) > 1):
        errors.append(InputError("entropy.err.duplicate", label=dup))
    if errors:
        raise InputError.of(errors)
    if sum(w for _, w in out) <= 0:
        raise InputError("entropy.err.all_zero")
    return out


def encode_rows(rows: list[tuple[str, float]]) -> str:
    """Compact URL form ``label:weight,label:weight`` (labels percent-escaped)."""
    return ",".join(f"{quote(label, safe='')}:{weight:.8g}" for label, weight in rows)


def decode_rows(raw: str) -> list[tuple[str, float]]:
    """Inverse of :func:`encode_rows`; raises ValueError on anything hand-edited into nonsense."""
    if len(raw) > 20 * MAX_SYMBOLS * 4:
        raise ValueError("too long")
    rows = []
    for item in raw.split(","):
        label, sep, weight = item.rpartition(":")
        if not sep:
            raise ValueError("missing ':'")
        rows.append((unquote(label), weight))
    return parse_rows(rows)


def parse_q_weights(values, n: int) -> np.ndarray:
    """The model's q from its weight column (n entries, normalized)."""
    weights, errors = [], []
    for i, v in enumerate(values, start=1):
        try:
            weights.append(parse_weight(v, i) if not _blank(v) else 0.0)
        except InputError as err:  # name every bad cell, not only the first
            errors.append(err)
            weights.append(0.0)
    if errors:
        raise InputError.of(errors)
    if len(weights) != n:
        raise InputError("entropy.err.q_length", n=n)
    if sum(weights) <= 0:
        raise InputError("entropy.err.all_zero")
    return normalize(weights)


# ---------------------------------------------------------------- text


def visible(symbol: str) -> str:
    """A printable label for a character (space → ␣, newline → ⏎, other controls → U+XXXX)."""
    if symbol in _VISIBLE:
        return _VISIBLE[symbol]
    if unicodedata.category(symbol).startswith("C"):
        return f"U+{ord(symbol):04X}"
    return symbol


def text_dist(text: str) -> Dist:
    """Per-character distribution of ``text`` (NFC: a Korean syllable is one character)."""
    text = unicodedata.normalize("NFC", text or "")
    if not text:
        raise InputError("entropy.err.text_empty")
    if len(text) > MAX_TEXT:
        raise InputError("entropy.err.text_long", n=len(text), max=MAX_TEXT)
    symbols, counts = character_counts(text)
    labels = tuple(visible(s) for s in symbols)
    return Dist(labels, normalize(counts), "text", tuple(int(c) for c in counts), utf8_bits(text))


def binary_dist(p: float) -> Dist:
    return Dist((t("entropy.coin.heads"), t("entropy.coin.tails")), np.array([p, 1 - p]), "binary")
