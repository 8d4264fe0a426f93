"""The training worker process: takes runs and calls from the server (serve.worker), trains its first ``active``
runs in turns of ``slice_s`` seconds, and sends snapshots and finished Trainers home.

Started by ``serve.worker`` as ``python -m serve.trainloop FD ACTIVE SLICE_S NICE``.
"""

from __future__ import annotations

import math
import os
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

from core.training import Trainer
from serve.frames import _BadFrame, _frame, _get, _put

REPORT_S = 0.2  # a run's snapshot goes home at most this often (and whenever its status changes)


@dataclass
class _Entry:
    trainer: Trainer
    rate: float | None  # batches per second; None: no limit
    mark: tuple[float, int] = (0.0, 0)  # (time, iteration) the rate counts from
    sent: tuple[float, int, str] = (-math.inf, -1, "")  # (time, iteration, status) of the last snapshot sent
    loss_sent: int = 0  # loss values the main side already has

    def allowed(self, now: float) -> float:
        """Batches this run may train now without going faster than its rate."""
        if self.rate is None:
            return math.inf
        start, first = self.mark
        return (now - start) * self.rate + 1 - (self.trainer.iteration - first)

    def due(self, now: float) -> float:
        """Seconds until the run may train its next batch (0: now)."""
        return 0.0 if self.allowed(now) >= 1 else (1 - self.allowed(now)) / self.rate


def _snapshot(conn, job_id: int, e: _Entry) -> None:
    tr, h = e.trainer, e.trainer.history
    start = min(e.loss_sent, len(h.loss))
    _put(conn, ("progress", job_id, tr.iteration, tr.train_seconds, start, h.loss[start:], h.train_acc, h.val_acc))
    e.loss_sent = len(h.loss)
    e.sent = (time.perf_counter(), tr.iteration, tr.status)


def _serve(conn, active: int, slice_s: float, nice: int) -> None:
    """The worker process: takes runs and calls from ``conn``, trains its first ``active`` runs in turns."""
    try:
        os.nice(nice)
    except (AttributeError, OSError):
        pass
    import torch

    torch.set_num_threads(1)  # one core per worker: two threads ran 30-70x slower whenever the server drew
    _warm_up()
    runs: dict[int, _Entry] = {}  # first come, first served (dicts keep insertion order)
    told: dict[int, int | None] = {}  # what each run was last told about its place in line
    try:
        while True:
            now = time.perf_counter()
            training = list(runs)[:active]
            wait = min((runs[i].due(now) for i in training), default=None)
            while conn.poll(wait):
                if _receive(conn, runs) == "quit":
                    return
                wait = 0
            for place, job_id in enumerate(runs):  # before the slices: a run told it waits never shows progress
                ahead = None if place < active else place - active
                if told.get(job_id, -1) != ahead:
                    _put(conn, ("waiting", job_id, ahead))
                    told[job_id] = ahead
            told = {i: told[i] for i in runs if i in told}
            for job_id in list(runs)[:active]:
                _train_slice(conn, job_id, runs, slice_s)
    except (EOFError, OSError, KeyboardInterrupt):  # the server went away
        return


def _warm_up() -> None:
    """One batch of a tiny run, before any student's: torch's first optimizer imports torch._dynamo (~1 CPU-s)
    and its first backward pass starts autograd; a student's first run should not pay for either."""
    import numpy as np

    from core.datasets import Dataset
    from core.training import CNNConfig

    x = np.zeros((4, 1, 8, 8), dtype=np.float32)
    y = np.array([0, 1, 0, 1], dtype=np.int64)
    ds = Dataset(name="warm-up", class_names=["a", "b"], x_train=x, y_train=y, x_val=x, y_val=y)
    Trainer(CNNConfig(input_shape=(1, 8, 8), n_classes=2), ds, batch_size=4, epochs=1).step(1)


def _receive(conn, runs: dict[int, _Entry]) -> str | None:
    """Read one frame and act on it. A frame that cannot be unpickled fails the job or call its header names (if
    it can be read) and nothing else: the worker goes on with the others."""
    try:
        msg = _get(conn)
    except _BadFrame as bad:
        text = f"the run could not be read in the training process ({bad})"
        if bad.kind == "train":
            _put(conn, ("failed", bad.key, text))
        elif bad.kind == "call":
            _put(conn, ("error", bad.key, text))
        return None
    return _handle(conn, msg, runs)


def _handle(conn, msg: tuple, runs: dict[int, _Entry]) -> str:
    kind, key, *rest = msg
    if kind == "train":
        trainer, rate = rest
        runs[key] = _Entry(trainer, rate, mark=(time.perf_counter(), trainer.iteration))
    elif kind == "rate" and key in runs:
        e = runs[key]
        e.rate, e.mark = rest[0], (time.perf_counter(), e.trainer.iteration)
    elif kind == "recall" and key in runs:
        _send_home(conn, key, runs.pop(key))
    elif kind == "drop":
        runs.pop(key, None)
    elif kind == "count":
        _put(conn, ("count", key, len(runs)))
    elif kind == "call":
        fn, args, kwargs = rest
        try:
            frame = _frame("result", key, fn(*args, **kwargs))  # a result that cannot be pickled is its error
        except Exception as err:  # the caller gets the text; the worker lives on
            frame = _frame("error", key, f"{type(err).__name__}: {err}")
        conn.send_bytes(frame)
    return kind


def _train_slice(conn, job_id: int, runs: dict[int, _Entry], slice_s: float) -> None:
    e = runs[job_id]
    tr = e.trainer
    deadline = time.perf_counter() + slice_s
    try:
        while tr.status == "ready" and e.allowed(time.perf_counter()) >= 1 and time.perf_counter() < deadline:
            tr.step(1)  # one batch at a time: a big model overshoots the slice by one batch at most
    except Exception as err:  # one broken run must not stop the others
        del runs[job_id]
        _put(conn, ("failed", job_id, f"{type(err).__name__}: {err}"))
        return
    if tr.status != "ready":
        _send_home(conn, job_id, runs.pop(job_id))
    elif tr.iteration != e.sent[1] and time.perf_counter() - e.sent[0] >= REPORT_S:
        _snapshot(conn, job_id, e)


def _send_home(conn, job_id: int, e: _Entry) -> None:
    _snapshot(conn, job_id, e)  # the live view's last numbers equal the Trainer's
    try:
        frame = _frame("home", job_id, e.trainer)
    except Exception as err:  # a Trainer that cannot travel back fails alone
        frame = _frame("failed", job_id, f"{type(err).__name__}: {err}")
    conn.send_bytes(frame)


def main(argv: list[str]) -> None:
    """``python -m serve.trainloop FD ACTIVE SLICE_S NICE``: serve the socket FD until it closes."""
    fd, active, slice_s, nice = int(argv[0]), int(argv[1]), float(argv[2]), int(argv[3])
    _serve(Connection(fd), active, slice_s, nice)


if __name__ == "__main__":
    main(sys.argv[1:])
