"""Per-session training state for the /train page: the run, its lock, and the last few finished runs.

Everything lives in ``st.session_state`` (one browser tab = one session). A ``st.cache_resource``
model would be shared by every user of the server, so it is never used here.

A running run is away in a worker process (``serve.worker``): the page draws ``run.trainer``, which is then the
worker's live snapshot; a stopped run is home, and ``run.trainer`` is the Trainer itself.
"""

from __future__ import annotations

import binascii
import hashlib
import logging
import os
import threading
import time
import uuid
from dataclasses import dataclass

import numpy as np
import streamlit as st

from core.display import downsample
from core.training import Trainer
from serve.fair import Slots, worker_count
from serve.worker import Job, Live, Pool, WorkerError

RUN_KEY = "train_run"
LOCK_KEY = "train_lock"
RUNS_KEY = "train_runs"
MAX_RUNS = 4  # runs kept for "compare runs"
CURVE_POINTS = 300  # points per archived loss curve
PACES = {"slow": 1, "medium": 5, "fast": 0}  # batches per tick; 0 = as many as the worker can
TICK_S = 0.5  # the live fragment redraws this often while a run trains
clock = time.perf_counter  # seconds, for the ETA (tests put a fake clock here)
RUN_BUDGET_MACS = 2 * 10**12  # multiply-adds one run may ask for (core.cost.training_cost): ~1 min of one core


REFUSED_KEY = "train_refused"  # (kind, count, cap) of the last Start or Resume refused for fairness, until shown
OWNER_KEY = "train_owner"  # this tab's id among the owners of runs (serve.worker.Slots)
XSRF_COOKIE = "_streamlit_xsrf"  # Streamlit's own cookie: one token per browser, whatever its tabs


def _setting(name: str, default: int) -> int:
    """A whole number >= 1 from the environment (a bad value: the default, with a warning in the server's log)."""
    raw = os.environ.get(name, "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError:
        value = 0
    if value < 1:
        logging.getLogger(__name__).warning("%s must be a whole number >= 1, got %r: using %d", name, raw, default)
        return default
    return value


# The workers: ML_WORKERS, else one per CPU the container may use less one for drawing pages (serve.worker).
POOL = Pool(worker_count())
# Fair shares of them: a tab trains one run at a time (the page holds one run per tab); a browser, however many
# tabs it opens, has at most RUNS_PER_BROWSER runs training or waiting (ML_RUNS_PER_BROWSER).
RUNS_PER_TAB = 1
RUNS_PER_BROWSER = _setting("ML_RUNS_PER_BROWSER", 2)
SLOTS = Slots({"tab": RUNS_PER_TAB, "browser": RUNS_PER_BROWSER})


def _xsrf_cookie() -> str | None:
    """The browser's XSRF cookie as sent with this session's first request (None without one)."""
    try:
        return st.context.cookies.get(XSRF_COOKIE)
    except Exception:  # no request behind this session (a test, a bare script run)
        return None


def browser_id(cookie: str | None) -> str | None:
    """A short hash of the XSRF token in ``cookie``. Streamlit masks the token afresh in every response (format
    ``2|mask|masked token|time``, as Tornado's), so two tabs of one browser send different cookies: the token under
    the mask is the same. None for no cookie or one that does not read."""
    if not cookie:
        return None
    try:
        parts = cookie.split("|")
        if parts[0] == "2" and len(parts) == 4:
            mask, masked = binascii.a2b_hex(parts[1]), binascii.a2b_hex(parts[2])
            if len(mask) != 4 or not masked:
                return None
            token = bytes(b ^ mask[i % 4] for i, b in enumerate(masked))
        elif len(parts) == 1:  # version 1: the token itself, in hex
            token = binascii.a2b_hex(cookie)
        else:
            return None
    except (binascii.Error, ValueError):
        return None
    return hashlib.sha256(token).hexdigest()[:16] if token else None


def owners() -> dict[str, str | None]:
    """Who a run counts against: this tab (session), and this browser when its cookie says which one it is."""
    tab = st.session_state.get(OWNER_KEY)
    if tab is None:
        tab = st.session_state.setdefault(OWNER_KEY, uuid.uuid4().hex)
    return {"tab": tab, "browser": browser_id(_xsrf_cookie())}


def refuse(kind: str, count: int) -> None:
    """Keep why a run could not start or resume, for the page to say once (``refusal``)."""
    st.session_state[REFUSED_KEY] = (kind, count, SLOTS.caps.get(kind, 1))


def refusal() -> tuple[str, int, int] | None:
    """Why the last Start or Resume was refused, once: (kind, runs held, cap)."""
    return st.session_state.pop(REFUSED_KEY, None)


def rate(pace: str) -> float | None:
    """Batches per second at a pace (None: as fast as the worker can)."""
    batches = PACES.get(pace, 0)
    return batches / TICK_S if batches else None


@dataclass
class Run:
    """One training run of this session: home (``home`` is the Trainer) or away in a worker (``job``)."""

    home: Trainer
    settings: dict  # what the user chose (for comparison labels and staleness checks)
    number: int
    job: Job | None = None
    pace: str = "fast"  # the pace it was sent with (train_state.PACES)
    wall_mark: tuple[float, int] = (0.0, 0)  # (clock, iteration) when it last started running
    error: str | None = None  # WorkerError code of the last trip, if it failed
    refused: tuple[str, int] | None = None  # (kind, runs held) of the owner at its cap, if the last send was refused
    claimed: bool = False  # a slot granted (serve.worker.Slots), the run not yet on its way

    @property
    def holds_slot(self) -> bool:
        """Counts against its owners' caps: on its way, training or waiting in a worker."""
        job = self.job
        return self.claimed or (job is not None and job.away)

    @property
    def trainer(self) -> Trainer | Live:
        """What the page draws: the worker's live snapshot while away, else the Trainer."""
        return self.job.live if self.job is not None else self.home

    @property
    def running(self) -> bool:
        return self.job is not None

    @property
    def waiting(self) -> int | None:
        """Runs ahead of this one in its worker's line; None when it trains (or is home)."""
        return self.job.waiting if self.job is not None else None

    def set_running(self, running: bool, pace: str = "fast", owner: dict[str, str | None] | None = None) -> None:
        """Send the run to a worker, or bring it home (a pause); a run that cannot leave says why in ``error``, one
        its owners may not send now (``SLOTS``: a tab or browser at its cap) in ``refused``."""
        if running and self.job is None and self.home.status == "ready":
            self.refused = SLOTS.take(self, owner or {})
            if self.refused is not None:
                return
            try:
                self.error = None
                self.wall_mark, self.pace = (clock(), self.home.iteration), pace
                self.job = POOL.submit(self.home, rate=rate(pace))
            finally:
                self.claimed = False
            self.poll()  # a worker that is already gone fails the job at once
        elif not running and self.job is not None:
            job, self.job = self.job, None
            try:
                self.home = job.recall()
            except WorkerError as err:  # the run stays as it was when it left
                self.error = err.code

    def poll(self) -> None:
        """Take the run home if its worker sent it back (finished, diverged) or lost it."""
        job = self.job
        if job is None or job.away:
            return
        self.job = None
        if job.error is not None:
            self.error = job.error.code
        else:
            self.home = job.trainer

    def eta_s(self) -> float | None:
        """Wall-clock seconds left at the pace seen since the last (re)start; None before any progress."""
        start, first = self.wall_mark
        done = self.trainer.iteration - first
        if not self.running or done <= 0:
            return None
        rate = done / (clock() - start)  # iterations per wall second since it left, waiting included
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


def start(trainer: Trainer, settings: dict, *, running: bool, pace: str = "fast") -> Run | None:
    """Replace the current run by a new one (the old one goes to the comparison list). None, the current run kept,
    if the new one may not train now (this tab or browser has its share running: ``refusal`` says which)."""
    number = st.session_state.get("train_run_counter", 0) + 1
    run = Run(home=trainer, settings=settings, number=number)
    with lock():
        run.set_running(running, pace, owners())
    if run.refused is not None:
        refuse(*run.refused)
        return None
    archive()
    st.session_state["train_run_counter"] = number
    st.session_state[RUN_KEY] = run
    return run


def reset() -> None:
    archive()
    run = current()
    if run is not None:
        with lock():
            run.set_running(False)
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


def pause(run: Run) -> None:
    with lock():
        run.set_running(False)


def resume(run: Run, pace: str) -> None:
    with lock():
        run.set_running(True, pace, owners())
    if run.refused is not None:
        refuse(*run.refused)


def set_pace(run: Run, pace: str) -> None:
    """The student changed the pace while the run trains: the worker goes at the new one from now on."""
    if run.job is not None and pace != run.pace:
        run.pace = pace
        run.job.set_rate(rate(pace))


def poll(run: Run) -> None:
    """One tick of the live view: bring the run home if it came back (under the session lock)."""
    with lock():
        run.poll()


def step_once(run: Run) -> None:
    """One batch, here in this process (a single batch is cheap; the page shows it at once)."""
    with lock():
        run.set_running(False)
        run.home.step(1)


def top_k(probs: np.ndarray, k: int) -> list[tuple[int, float]]:
    order = np.argsort(-probs, kind="stable")[:k]
    return [(int(i), float(probs[i])) for i in order]
