"""Check yourself on the activations page: where the gradient vanishes, Leaky ReLU's output, sigmoid's slope."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from core.activations import leaky_relu, properties
from core.stacking import gradient_ratio, most_vanishing
from ui.activations.view import flow_norms
from ui.common import quiz
from ui.common.i18n import t

LEAKY_X = -2.0


def quiz_section(names: list[str], depth: int, init: str, slope: float, params_of: Callable) -> None:
    """Up to three questions; core answers from the functions, depth, initialisation and slope set above."""
    with quiz.section():
        if len(names) >= 2:  # a choice between the functions on the page
            _flow_question(names, depth, init, params_of)
        y = float(leaky_relu(np.array(LEAKY_X), negative_slope=slope))
        quiz.question(
            "act_leaky",
            t("activations.quiz.leaky", s=f"{slope:g}", x=f"{LEAKY_X:g}"),
            number=True,
            answer=y,
            decimals=3,
            why=t("activations.quiz.leaky_why", s=f"{slope:g}", x=f"{LEAKY_X:g}", y=f"{y:g}"),
        )
        peak = properties("sigmoid").max_abs_grad
        quiz.question(
            "act_sigmoid",
            t("activations.quiz.sigmoid"),
            number=True,
            answer=peak,
            decimals=2,
            why=t("activations.quiz.sigmoid_why", g=f"{peak:g}", n=depth - 1, prod=f"{peak ** (depth - 1):.1e}"),
        )


def _flow_question(names: list[str], depth: int, init: str, params_of: Callable) -> None:
    norms = flow_norms(names, depth, init, params_of)
    ratios = ", ".join(f"{t(f'activations.fn.{n}')} {gradient_ratio(v):.1e}" for n, v in norms.items())
    quiz.question(
        "act_flow",
        t("activations.quiz.flow", depth=depth, init=t(f"activations.flow.init.{init}")),
        choices={name: t(f"activations.fn.{name}") for name in names},
        answer=most_vanishing(norms),
        why=t("activations.quiz.flow_why", ratios=ratios),
    )
