"""Per-session training state for the /train page: the run, its lock, and the last few finished runs.

Everything lives in ``st.session_state`` (one browser tab = one session). A ``st.cache_resource``
model would be shared by every user of the server, so it is never used here.
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from dataclasses import dataclass, field

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
RUN_BUDGET_MACS = 2 * 10**12  # multiply-adds one run may ask for (core.cost.training_cost): ~1 min of one core
STALE_S = 4 * TICK_S  # a queued run that has not asked for a slot this long (page left, tab hidden) loses its place


class Ticket:
    """A run's place in the slot queue; the queue holds it only weakly, and it holds nothing of the run."""

    seen: float = 0.0  # clock() when it last asked for a slot


class SlotPool:
    """At most ``size`` runs compute at the same moment, process-wide; the others wait first come, first served.

    A run holds a slot only for one tick's compute (``acquire`` ... ``release``), so runs take turns tick by
    tick. The queue keeps weak references to tickets: a session that expires (Streamlit drops its state, and
    with it the run and its ticket) vanishes from the queue, and one that stopped asking for ``STALE_S``
    (paused, page left, tab throttled) is skipped, so nobody waits behind a student who is gone.
    """

    def __init__(self, size: int) -> None:
        self.size = max(1, int(size))
        self.running = 0
        self._queue: list[weakref.ref] = []  # waiting tickets, oldest first
        self._guard = threading.Lock()

    def _waiting(self, now: float) -> list[Ticket]:
        """Live, recently seen tickets in queue order (drops the others from the queue)."""
        alive = [(ref, ticket) for ref in self._queue if (ticket := ref()) is not None and now - ticket.seen <= STALE_S]
        self._queue = [ref for ref, _ in alive]
        return [ticket for _, ticket in alive]

    def acquire(self, ticket: Ticket) -> bool:
        """Take a slot now if one is free for this ticket's place in the queue; else queue it. Never blocks."""
        with self._guard:
            now = clock()
            ticket.seen = now
            waiting = self._waiting(now)
            place = waiting.index(ticket) if ticket in waiting else len(waiting)
            if place < self.size - self.running:  # free slots go to the oldest waiting runs first
                if ticket in waiting:
                    del self._queue[place]
                self.running += 1
                return True
            if ticket not in waiting:
                self._queue.append(weakref.ref(ticket))
            return False

    def release(self) -> None:
        with self._guard:
            self.running = max(0, self.running - 1)

    def ahead(self, ticket: Ticket) -> int:
        """Runs waiting ahead of this ticket (0 when it is next, or not queued)."""
        with self._guard:
            waiting = self._waiting(clock())
            return waiting.index(ticket) if ticket in waiting else 0

    def leave(self, ticket: Ticket) -> None:
        """Take a ticket out of the queue (its run paused, finished or was replaced)."""
        with self._guard:
            self._queue = [ref for ref in self._queue if ref() is not None and ref() is not ticket]


def cores() -> int:
    """CPU cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


# One core stays free for drawing pages (every session's reruns share the process); at least one slot.
POOL = SlotPool(max(1, cores() - 1))


@dataclass
class Run:
    """One training run of this session."""

    trainer: Trainer
    settings: dict  # what the user chose (for comparison labels and staleness checks)
    number: int
    running: bool = False
    wall_mark: tuple[float, int] = (0.0, 0)  # (clock, iteration) when it last started running
    ticket: Ticket = field(default_factory=Ticket)
    waiting: int | None = None  # runs ahead of this one in the slot queue at its last tick; None: it trained

    def set_running(self, running: bool) -> None:
        self.running = running
        if running:
            self.wall_mark = (clock(), self.trainer.iteration)
        else:
            self.waiting = None
            POOL.leave(self.ticket)

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
    """One tick of training under the session lock and a process-wide slot; False if it did not train.

    Without the session lock (another thread of this session holds it) the tick is skipped; without a free
    slot the run keeps its place in the queue and ``run.waiting`` says how many runs are ahead of it.
    """
    guard = lock()
    if not guard.acquire(blocking=False):
        return False
    try:
        if not POOL.acquire(run.ticket):
            run.waiting = POOL.ahead(run.ticket)
            return False
        run.waiting = None
        try:
            _train_tick(run, pace)
        finally:
            POOL.release()
        if run.trainer.status != "ready":
            run.set_running(False)
    finally:
        guard.release()
    return True


def _train_tick(run: Run, pace: str) -> None:
    batches = PACES.get(pace, 0)
    if batches:
        run.trainer.step(batches)
    else:
        deadline = clock() + TICK_BUDGET_S
        while run.trainer.status == "ready" and clock() < deadline:
            run.trainer.step(1)  # one batch at a time: a big model overshoots the budget by one batch at most


def step_once(run: Run) -> None:
    with lock():
        run.trainer.step(1)
        run.set_running(False)


def top_k(probs: np.ndarray, k: int) -> list[tuple[int, float]]:
    order = np.argsort(-probs, kind="stable")[:k]
    return [(int(i), float(probs[i])) for i in order]
