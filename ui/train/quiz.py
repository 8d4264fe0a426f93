"""Check yourself on the training page: iterations per epoch, the last batch, iterations in the whole run."""

from __future__ import annotations

from core.training import iterations_per_epoch
from ui.common import quiz
from ui.common.i18n import t


def quiz_section(n_train: int, batch_size: int, epochs: int) -> None:
    """Three questions; core answers from the training-set size, batch size and epochs set above."""
    iters = iterations_per_epoch(n_train, batch_size)
    last = n_train - (iters - 1) * batch_size  # what is left for the epoch's last iteration
    values = {"n": n_train, "b": batch_size, "iters": iters}
    with quiz.section():
        quiz.question(
            "train_iters",
            t("train.quiz.iters", n=n_train, b=batch_size),
            number=True,
            answer=iters,
            why=t("train.quiz.iters_why", **values),
        )
        quiz.question(
            "train_last",
            t("train.quiz.last", n=n_train, b=batch_size),
            number=True,
            answer=last,
            why=t("train.quiz.last_why", full=iters - 1, last=last, **values),
        )
        quiz.question(
            "train_total",
            t("train.quiz.total", e=epochs),
            number=True,
            answer=iters * epochs,
            why=t("train.quiz.total_why", e=epochs, iters=iters, total=iters * epochs),
        )
