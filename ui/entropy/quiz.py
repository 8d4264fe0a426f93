"""Check yourself on the entropy page: a fixed-length code for the days, the entropy of the current distribution."""

from __future__ import annotations

from core.entropy import entropy, fixed_length_bits, max_entropy
from ui.common import quiz
from ui.common.i18n import t
from ui.entropy.parse import Dist

DAYS = 7


def quiz_section(dist: Dist) -> None:
    """Two questions; core computes both answers (the second from the distribution on screen)."""
    bits = fixed_length_bits(DAYS)
    h, n = entropy(dist.p), len(dist.p)
    with quiz.section():
        quiz.question(
            "ent_days",
            t("entropy.quiz.days", n=DAYS),
            number=True,
            answer=bits,
            why=t("entropy.quiz.days_why", n=DAYS, bits=bits, fewer=2 ** (bits - 1), less=bits - 1, codes=2**bits),
        )
        quiz.question(
            "ent_h",
            t("entropy.quiz.h", n=n),
            number=True,
            answer=h,
            decimals=2,
            why=t("entropy.quiz.h_why", h=f"{h:.4f}", n=n, hmax=f"{max_entropy(n):.4f}"),
        )
