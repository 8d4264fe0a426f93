"""Check yourself: predict, then reveal. One small widget for every page's self-check questions.

A page's ``ui/<page>/quiz.py`` asks core for each answer from the page's current settings and calls::

    with quiz.section():
        quiz.question("cv_h", t("convolution.quiz.h"), number=True, answer=239, why=t(...))

The student commits to an answer (a radio with nothing picked, or an empty number box), presses
*Check*, and sees "Right" or "Not quite", the answer and a one-line why. What was checked lives in
``st.session_state`` only (never in the URL), keyed on the answer: when the settings change the answer,
the question starts afresh.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from contextlib import AbstractContextManager

import streamlit as st

from ui.common.i18n import relabel_choices, t

STATE_PREFIX = "quiz_"


def section() -> AbstractContextManager:
    """The page's collapsed "Check yourself" expander with its one-line instruction."""
    # a key keeps the expander open across a language switch (its label changes)
    box = st.expander(t("quiz.title"), icon=":material/quiz:", key="quiz_expander")
    box.caption(t("quiz.intro"))
    return box


def widget_key(key: str, answer: object) -> str:
    """The input's key: a new answer makes a new, empty input (and Streamlit forgets the old one)."""
    return f"{STATE_PREFIX}{key}_{_token(answer)}"


def question(
    key: str,
    prompt: str,
    *,
    answer: object,
    why: str,
    choices: Mapping[object, str] | None = None,
    number: bool = False,
    decimals: int = 0,
    tolerance: float | None = None,
) -> None:
    """Draw one question: the input, a Check button and, once checked, the verdict.

    Parameters
    ----------
    key : str
        Unique on the page, e.g. ``"cv_h"``.
    prompt : str
        The translated question (the input's label).
    answer : object
        A key of ``choices``, or a number for ``number=True``.
    why : str
        The translated, computed one-line reason shown with the verdict.
    choices : mapping option -> translated label, optional
        A radio with nothing picked at first.
    number : bool
        A number box, empty at first; ``decimals`` digits after the point (0: whole numbers).
    tolerance : float, optional
        How far a typed number may be from ``answer`` (default: 0 for whole numbers, else one unit of
        the last decimal, so 2.78 and 2.79 both count for 2.786).
    """
    if (choices is None) == (not number):
        raise ValueError("question needs exactly one of choices=... or number=True")
    if choices is not None and answer not in choices:
        raise ValueError(f"answer {answer!r} is not one of the choices {list(choices)}")
    state_key, input_key = f"{STATE_PREFIX}{key}", widget_key(key, answer)
    checked = st.session_state.get(state_key)
    if checked is not None and checked["input"] != input_key:  # the settings changed the answer
        checked = None
        del st.session_state[state_key]
    if checked is not None and input_key not in st.session_state:  # back from another page: show the checked one
        st.session_state[input_key] = checked["given"]

    if choices is not None:
        relabel_choices(input_key)
        given = st.radio(prompt, list(choices), index=None, format_func=choices.__getitem__, key=input_key)
        shown = choices[answer]
    else:
        given = st.number_input(prompt, value=None, key=input_key, **_number_format(decimals))
        shown = f"{answer:.{decimals}f}"
    st.button(t("quiz.check"), key=f"{input_key}_check", on_click=_check, args=(state_key, input_key))

    checked = st.session_state.get(state_key)
    if checked is None or checked["given"] != given:  # not checked yet, or changed since: no verdict
        return
    if given is None:
        st.warning(t("quiz.choose_first" if choices is not None else "quiz.type_first"), icon=":material/edit:")
    elif _is_right(given, answer, number=number, decimals=decimals, tolerance=tolerance):
        st.success(f"{t('quiz.right', answer=shown)} {why}", icon=":material/check_circle:")
    else:
        st.error(f"{t('quiz.wrong', answer=shown)} {why}", icon=":material/cancel:")


def _check(state_key: str, input_key: str) -> None:
    st.session_state[state_key] = {"input": input_key, "given": st.session_state.get(input_key)}


def _is_right(given: object, answer: object, *, number: bool, decimals: int, tolerance: float | None) -> bool:
    if not number:
        return given == answer
    if tolerance is None:
        tolerance = 0.0 if decimals == 0 else 10.0**-decimals
    return math.isclose(float(given), float(answer), rel_tol=0.0, abs_tol=tolerance + 1e-9)


def _number_format(decimals: int) -> dict:
    if decimals == 0:
        return {"step": 1}
    return {"step": 10.0**-decimals, "format": f"%.{decimals}f"}


def _token(answer: object) -> str:
    text = f"{answer:.12g}" if isinstance(answer, float) else repr(answer)
    return hashlib.sha1(text.encode()).hexdigest()[:8]
