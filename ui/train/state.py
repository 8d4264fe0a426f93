"""Per-session training state for the /train page: the run, its lock, and the last few finished runs.

Everything lives in ``st.session_state`` (one browser tab = one session). A ``st.cache_resource``
model would be shared by every user of the server, so it is never used here.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np
import streamlit as st

from core.display import downsample
from core.training import Trainer

RUN_KEY = "train_run"
LOCK_KEY = "train_lock"
RUNS_KEY = "train_runs"
MAX_RUNS = 4  # runs kept for "compare runs"
CURVE_POINTS = 300  # points per archived loss curve
PACES = {"slow": 1, "medium": 5, "fast": 0}  # batches per tick; 0 = as many as fit in TICK_BUDGET_S
TICK_S = 0.5  # the live fragment reruns this often while training
TICK_BUDGET_S = 0.3  # compute per tick at "fast": leaves the session responsive between ticks
clock = time.perf_counter  # seconds, for the tick budget and the ETA (tests put a fake clock here)


@dataclass
class Run:
    """One training run of this session."""

    trainer: Trainer
    settings: dict  # what the user chose (for comparison labels and staleness checks)
    number: int
    running: bool = False
    wall_mark: tuple[float, int] = (0.0, 0)  # (clock, iteration) when it last started running

    def set_running(self, running: bool) -> None:
        self.running = running
        if running:
            self.wall_mark = (clock(), self.trainer.iteration)

    def eta_s(self) -> float | None:
        """Wall-clock seconds left at the pace seen since the last (re)start; None before any progress."""
        start, first = self.wall_mark
        done = self.trainer.iteration - first
        if not self.running or done <= 0:
            return None
        rate = done / (clock() - start)  # iterations per wall second, pauses between ticks included
        return (self.trainer.total_iterations - self.trainer.iteration) / rate


_LOCK_CREATION = threading.Lock()  # process-wide, held only while a session's own lock is created


def lock() -> threading.Lock:
    """The session's lock: fast reruns can run two script threads of one session at once."""
    with _LOCK_CREATION:  # two threads of a new session must not each create their own lock
        if LOCK_KEY not in st.session_state:
            st.session_state[LOCK_KEY] = threading.Lock()
        return st.session_state[LOCK_KEY]


def current() -> Run | None:
    return st.session_state.get(RUN_KEY)


def start(trainer: Trainer, settings: dict, *, running: bool) -> Run:
    """Replace the current run by a new one (the old one goes to the comparison list)."""
    archive()
    number = st.session_state.get("train_run_counter", 0) + 1
    st.session_state["train_run_counter"] = number
    run = Run(trainer=trainer, settings=settings, number=number)
    run.set_running(running)
    st.session_state[RUN_KEY] = run
    return run


def reset() -> None:
    archive()
    st.session_state[RUN_KEY] = None


def archive() -> None:
    """Keep a small summary (downsampled curve, accuracies, settings) of the current run, if it trained."""
    run = current()
    if run is None or run.trainer.iteration == 0:
        return
    runs = [r for r in st.session_state.get(RUNS_KEY, []) if r["number"] != run.number]
    runs.append(summary(run))
    st.session_state[RUNS_KEY] = runs[-MAX_RUNS:]


def summary(run: Run) -> dict:
    h = run.trainer.history
    x, y = downsample(h.loss, max_points=CURVE_POINTS)
    return {
        "number": run.number,
        "settings": dict(run.settings),
        "loss_x": x,
        "loss_y": y,
        "val_acc": list(h.val_acc),
        "status": run.trainer.status,
    }


def runs_for_comparison() -> list[dict]:
    """Archived runs plus the current one (most recent last)."""
    runs = list(st.session_state.get(RUNS_KEY, []))
    run = current()
    if run is not None and run.trainer.iteration > 0:
        runs = [r for r in runs if r["number"] != run.number] + [summary(run)]
    return runs


def advance(run: Run, pace: str) -> bool:
    """One tick of training under the session lock; False if another thread holds it (skip this tick)."""
    guard = lock()
    if not guard.acquire(blocking=False):
        return False
    try:
        batches = PACES.get(pace, 0)
        if batches:
            run.trainer.step(batches)
        else:
            deadline = clock() + TICK_BUDGET_S
            while run.trainer.status == "ready" and clock() < deadline:
                run.trainer.step(1)  # one batch at a time: a big model overshoots the budget by one batch at most
        if run.trainer.status != "ready":
            run.set_running(False)
    finally:
        guard.release()
    return True


def step_once(run: Run) -> None:
    with lock():
        run.trainer.step(1)
        run.set_running(False)


def top_k(probs: np.ndarray, k: int) -> list[tuple[int, float]]:
    order = np.argsort(-probs, kind="stable")[:k]
    return [(int(i), float(probs[i])) for i in order]
