"""Check yourself on the softmax page: adding a constant to every logit, and a lower temperature."""

from __future__ import annotations

import numpy as np

from core.softmax import shift_check, softmax
from ui.common import quiz
from ui.common.i18n import t
from ui.common.safe import escape_md

SHIFT = 100.0
SHIFT_CHOICES = ("unchanged", "larger", "overflow")
COOLER = 0.5  # the lower temperature is T x COOLER


def quiz_section(z: np.ndarray, labels: list[str], temperature: float) -> None:
    """Two questions; core answers both from the logits and the temperature set above."""
    with quiz.section():
        _shift_question(z, temperature)
        _temperature_question(z, labels, temperature)


def _shift_question(z: np.ndarray, temperature: float) -> None:
    try:
        check = shift_check(z, SHIFT, temperature=temperature)
    except ValueError:  # (z + 100) / T is not a finite number: nothing to ask
        return
    if np.allclose(check.stable, check.probs, rtol=0.0, atol=1e-12):
        answer = "unchanged"
    else:
        answer = "overflow" if not np.isfinite(check.stable).all() else "larger"
    why = t("softmax.quiz.shift_why", c=f"{SHIFT:g}", gap=f"{check.stable_gap:.1e}")
    if check.naive_failed:
        why += " " + t("softmax.quiz.shift_naive", x=f"{check.largest_exponent:.4g}")
    quiz.question(
        "sm_shift",
        t("softmax.quiz.shift", c=f"{SHIFT:g}"),
        choices={c: t(f"softmax.quiz.shift.{c}", c=f"{SHIFT:g}") for c in SHIFT_CHOICES},
        answer=answer,
        why=why,
    )


def _temperature_question(z: np.ndarray, labels: list[str], temperature: float) -> None:
    labels = [escape_md(name) for name in labels]  # shown in Markdown (choices, explanation); names come from a link
    cool = temperature * COOLER
    p, p_cool = softmax(z, temperature=temperature), softmax(z, temperature=cool)
    top = np.flatnonzero(np.isclose(p_cool, p_cool.max(), rtol=0.0, atol=1e-12))
    values = {"T": f"{temperature:g}", "T2": f"{cool:g}", "p2": f"{p_cool[top[0]]:.3f}"}
    if len(top) == 1:
        answer: int | str = int(top[0])
        why = t("softmax.quiz.cool_why", name=labels[answer], p=f"{p[answer]:.3f}", **values)
    else:
        answer = "tie"
        why = t("softmax.quiz.cool_tie_why", names=", ".join(labels[i] for i in top), **values)
    quiz.question(
        "sm_cool",
        t("softmax.quiz.cool", **values),
        choices={**dict(enumerate(labels)), "tie": t("softmax.quiz.tie")},
        answer=answer,
        why=why,
    )
