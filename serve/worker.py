"""Training in worker processes: the Streamlit process only draws.

Every session of a Streamlit server shares one process and one GIL. A run trained in a script thread holds that
GIL for most of each batch (a small network is mostly Python overhead), so every other student's click waited
behind it, and two runs slowed each other far more than two-fold. Here a run *travels*: when it starts, its whole
``Trainer`` (model, optimizer, data, history) is pickled to a worker process, which trains it and sends a few
snapshots a second (``Job.live``); when it finishes, diverges or is recalled (paused), the Trainer comes home,
pickled back (``Job.trainer``), and the page inspects it as before.

- ``size`` worker processes; a run goes to the one holding the fewest runs.
- In a worker at most ``active`` runs train at once, taking turns of ``slice_s`` seconds; the others wait first
  come, first served, and know how many are ahead of them (``Job.waiting``).
- Workers run at a lower priority (``nice``): when drawing and training want the same core, drawing goes first.
- A run at a pace (``rate``, batches per second) trains no faster than that, for a student who wants to watch.
- A job its session no longer holds (the session expired) is dropped in its worker (``weakref.finalize``).
- A worker that dies (killed, out of memory) fails its jobs with ``WorkerError("lost")``; the next run starts a
  new worker. The page keeps the run as it was before it left.

The socket carries frames, one message each: a small pickled header ``(kind, key)`` and the pickled rest, each
unpickled on its own, so a payload that cannot be unpickled fails only the job or call its header names. One thread
per worker writes (``send`` only pickles and queues; a finalizer only queues), one reads (and never waits for a
write): a multi-MB Trainer on its way out never holds up the reports coming in, and no frame starts inside another.
"""

from __future__ import annotations

import itertools
import logging
import os
import queue
import socket
import subprocess
import sys
import threading
import time
import weakref
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from core.errors import CoreError
from core.training import History, Trainer
from serve.frames import _BadFrame, _frame, _unframe

SLICE_S = 0.05  # a worker switches between its active runs this often
ACTIVE = 2  # runs that train at once in one worker; more wait in line
NICE = 5  # workers' priority below the server's 0: drawing pages comes first


class WorkerError(CoreError):
    """A worker could not finish what it was given.

    Codes: ``lost`` (the worker process died), ``failed`` (the work raised; ``error`` is its text),
    ``timeout`` (no answer within ``seconds``).
    """


# --------------------------------------------------------------------------------------------- the main side


class Live:
    """What the page reads of a run while it is away: the Trainer's settings, counters and history."""

    # the Trainer's own definitions, on the same attributes: one formula for a run at home and away
    epoch = Trainer.epoch
    total_iterations = Trainer.total_iterations
    samples_seen = Trainer.samples_seen
    progress = Trainer.progress

    def __init__(self, tr: Trainer) -> None:
        self.cfg, self.loss_name, self.optimizer_name, self.seed = tr.cfg, tr.loss_name, tr.optimizer_name, tr.seed
        self.lr, self.batch_size, self.epochs = tr.lr, tr.batch_size, tr.epochs
        self.n_train, self.iters_per_epoch = tr.n_train, tr.iters_per_epoch
        h = tr.history
        self.history = History(loss=list(h.loss), train_acc=list(h.train_acc), val_acc=list(h.val_acc))
        self.iteration, self.status, self.train_seconds = tr.iteration, tr.status, tr.train_seconds

    def update(self, iteration: int, seconds: float, loss_from: int, loss: list, train, val) -> None:
        """A snapshot from the worker. ``status`` stays "ready": a run is away because it trains; the status it
        ends with arrives with the Trainer itself (``Job.trainer``)."""
        h = self.history
        h.loss[loss_from:] = loss
        h.train_acc[:], h.val_acc[:] = train, val
        self.iteration, self.train_seconds = iteration, seconds


class Job:
    """One run sent to a worker. ``live`` while it is away; ``trainer`` once it is home (or ``error``)."""

    def __init__(self, job_id: int, trainer: Trainer, worker: _Worker) -> None:
        self.id = job_id
        self.live = Live(trainer)
        self.trainer: Trainer | None = None  # the Trainer back from the worker
        self.error: WorkerError | None = None
        self.waiting: int | None = None  # runs ahead of this one in its worker's line; None: it trains
        self._home = threading.Event()
        self._worker = worker

    @property
    def away(self) -> bool:
        return not self._home.is_set()

    def set_rate(self, rate: float | None) -> None:
        """Batches per second from now on (None: as fast as the worker can)."""
        if self.away:
            self._worker.send("rate", self.id, rate)

    def recall(self, timeout: float = 60.0) -> Trainer:
        """Bring the run home now (at the end of its current slice) and return its Trainer."""
        if self.away:
            self._worker.send("recall", self.id)
        if not self._home.wait(timeout):
            raise WorkerError("timeout", f"the run did not come home within {timeout} s", seconds=timeout)
        if self.error is not None:
            raise self.error
        return self.trainer

    def _arrived(self, trainer: Trainer | None, error: WorkerError | None = None) -> None:
        self.trainer, self.error, self.waiting = trainer, error, None
        self._home.set()


@dataclass
class _Call:
    done: threading.Event = field(default_factory=threading.Event)
    value: object = None
    error: WorkerError | None = None
    release: object = None  # called once when the answer arrives (or the worker is lost): frees the pool's slot

    def settle(self, value, error: WorkerError | None) -> None:
        self.value, self.error = value, error
        self.done.set()
        release, self.release = self.release, None
        if release is not None:
            release()


ROOT = Path(__file__).resolve().parent.parent


class _Worker:
    """One worker process, the socket to it, a thread that writes to it and a thread that reads its reports.

    Started as ``python -m serve.trainloop`` (not multiprocessing's spawn, which re-runs the parent's ``__main__``:
    under Streamlit that is the app script itself).

    Only the writer thread writes to the socket, frames from ``_out`` one after another: ``send`` pickles and
    queues, from any thread, and never waits for the socket. A finalizer (``forget``) may run in any thread, in the
    middle of anything (the garbage collector runs it, seen on the reader thread): it only queues. So the reader
    never waits for a write, and keeps draining the worker's reports while a large Trainer goes out; the worker,
    which reads only between its own writes, never blocks on a full socket for long.
    """

    def __init__(self, *, active: int, slice_s: float, nice: int) -> None:
        mine, theirs = socket.socketpair()
        path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "serve.trainloop", str(theirs.fileno()), str(active), str(slice_s), str(nice)],
            pass_fds=(theirs.fileno(),),
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": path, "OMP_NUM_THREADS": "1"},
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        self.conn = Connection(mine.detach())
        self._out: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()  # put() is safe inside a finalizer
        self._guard = threading.Lock()  # registering jobs and calls against the reader declaring the worker lost
        self.jobs: dict[int, weakref.ref[Job]] = {}
        self.calls: dict[int, _Call] = {}
        self.alive = True
        threading.Thread(target=self._write, daemon=True, name="trainer-sends").start()
        threading.Thread(target=self._read, daemon=True, name="trainer-reports").start()

    def send(self, *msg) -> None:
        """Queue one message (pickled here: a pickling error raises to the caller, and nothing is queued)."""
        if self.alive:
            self._out.put(_frame(*msg))

    def _write(self) -> None:
        while (frame := self._out.get()) is not None:
            try:
                self.conn.send_bytes(frame)
            except (OSError, ValueError):  # the worker is gone: the reader sees the socket close and fails its jobs
                break
            del frame  # a multi-MB Trainer's bytes are not kept while the queue is empty
        self.alive = False

    def forget(self, job_id: int) -> None:
        """The session let go of the job (a finalizer, in any thread): the worker drops it, if it still holds it.
        Never takes a lock: only a dict pop and a queue put."""
        self.jobs.pop(job_id, None)
        if self.alive:
            self._out.put(_frame("drop", job_id))

    def add_job(self, job: Job) -> bool:
        """Track ``job``'s reports; False if the worker is already lost (the reader failed what it held)."""
        with self._guard:
            if self.alive:
                self.jobs[job.id] = weakref.ref(job)
            return self.alive

    def add_call(self, key: int, call: _Call) -> bool:
        with self._guard:
            if self.alive:
                self.calls[key] = call
            return self.alive

    def load(self) -> int:
        return sum(1 for ref in list(self.jobs.values()) if (job := ref()) is not None and job.away)

    def calls_out(self) -> int:
        return len(self.calls)

    def _job(self, job_id: int) -> Job | None:
        ref = self.jobs.get(job_id)
        return ref() if ref is not None else None

    def _read(self) -> None:
        while True:
            try:
                data = self.conn.recv_bytes()
            except (EOFError, OSError):
                break
            try:
                kind, key, *rest = _unframe(data)
            except _BadFrame as bad:  # fail what it names; every other job and call goes on
                del data
                self._bad_frame(bad)
                continue
            del data
            try:
                if kind in ("result", "error", "count"):
                    self._answer(kind, key, rest[0])
                else:
                    self._report(kind, key, rest)  # in its own frame: no reference to the job outlives the report
            except Exception:  # a report this side cannot use must not stop the reports of every other run
                logging.getLogger(__name__).exception("a report of the training worker could not be used")
        with self._guard:
            self.alive = False
            jobs, self.jobs = list(self.jobs.values()), {}
            calls, self.calls = list(self.calls.values()), {}
        self._out.put(None)  # the writer stops too
        lost = WorkerError("lost", "the training worker process stopped")
        for ref in jobs:
            if (job := ref()) is not None:
                job._arrived(None, lost)
        for call in calls:
            call.settle(None, lost)

    def _bad_frame(self, bad: _BadFrame) -> None:
        logging.getLogger(__name__).warning("a frame from the training worker could not be unpickled: %s", bad)
        error = WorkerError("failed", str(bad), error=str(bad))
        if bad.kind in ("result", "error", "count"):
            if (call := self.calls.pop(bad.key, None)) is not None:
                call.settle(None, error)
        elif bad.kind in ("home", "failed"):
            job = self._job(bad.key)
            self.jobs.pop(bad.key, None)
            if job is not None:
                job._arrived(None, error)
        # a snapshot ("progress", "waiting") that cannot be read is skipped: the next one says it all again

    def running(self) -> bool:
        return self.alive and self.proc.poll() is None

    def _answer(self, kind: str, key: int, value) -> None:
        call = self.calls.pop(key, None)
        if call is not None:
            error = WorkerError("failed", value, error=value) if kind == "error" else None
            call.settle(value if kind != "error" else None, error)

    def _report(self, kind: str, key: int, rest: list) -> None:
        job = self._job(key)
        if job is None:  # the session let go of it: its "drop" is on the way
            return
        if kind == "progress":
            job.live.update(*rest)
        elif kind == "waiting":
            job.waiting = rest[0]
        elif kind == "home":
            self.jobs.pop(key, None)
            job._arrived(rest[0])
        elif kind == "failed":
            self.jobs.pop(key, None)
            job._arrived(None, WorkerError("failed", rest[0], error=rest[0]))

    def stop(self) -> None:
        self.send("quit", 0)
        self._out.put(None)
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Pool:
    """``size`` worker processes, started on first use (``warm`` starts them ahead).

    At most ``max_calls`` calls (``call``) are out at once, pool-wide (default: one per worker); a caller beyond
    that waits its turn here, within its timeout. A call runs in its worker between the slices of the runs there,
    so calls without a bound (a class uploading at once) would stop every run on the server.
    """

    def __init__(
        self,
        size: int,
        *,
        active: int = ACTIVE,
        slice_s: float = SLICE_S,
        nice: int = NICE,
        max_calls: int | None = None,
    ) -> None:
        self.size = max(1, int(size))
        self.active, self.slice_s, self.nice = max(1, int(active)), float(slice_s), int(nice)
        self.max_calls = max(1, int(max_calls)) if max_calls is not None else self.size
        self._call_slots = threading.BoundedSemaphore(self.max_calls)
        self._workers: list[_Worker] = []
        self._guard = threading.Lock()
        self._ids = itertools.count(1)

    def warm(self) -> None:
        """Start the workers now (each loads torch, ~3 s of its own), so the first run does not wait for it."""
        with self._guard:
            self._workers = [w for w in self._workers if w.running()]
            while len(self._workers) < self.size:
                self._workers.append(_Worker(active=self.active, slice_s=self.slice_s, nice=self.nice))

    def _least_loaded(self, *, for_call: bool = False) -> _Worker:
        self.warm()
        with self._guard:
            if for_call:  # a call goes where fewest calls are out, then fewest runs
                return min(self._workers, key=lambda w: (w.calls_out(), w.load()))
            return min(self._workers, key=_Worker.load)

    def submit(self, trainer: Trainer, *, rate: float | None = None) -> Job:
        """Send ``trainer`` to a worker, which trains it until it is done, diverges or is recalled."""
        worker = self._least_loaded()
        job = Job(next(self._ids), trainer, worker)
        frame = _frame("train", job.id, trainer, rate)  # pickled here, in the caller's thread, before it counts
        if not worker.add_job(job):
            job._arrived(None, WorkerError("lost", "the training worker process stopped"))
            return job
        weakref.finalize(job, worker.forget, job.id)
        worker._out.put(frame)
        return job

    def call(self, fn, *args, timeout: float = 600.0, **kwargs):
        """``fn(*args, **kwargs)`` computed in a worker (it waits its turn between slices); blocks this thread only.

        Within ``timeout`` seconds: waiting for a free call slot (``max_calls``) included."""
        deadline = time.monotonic() + timeout
        if not self._call_slots.acquire(timeout=max(0.0, timeout)):
            raise WorkerError("timeout", f"no answer within {timeout} s", seconds=timeout)
        try:
            worker = self._least_loaded(for_call=True)
        except BaseException:
            self._call_slots.release()
            raise
        left = max(0.0, deadline - time.monotonic())
        return self._ask(
            worker, "call", fn, args, kwargs, timeout=left, shown=timeout, release=self._call_slots.release
        )

    def held(self) -> int:
        """Runs the workers hold right now, as they count them."""
        with self._guard:
            workers = [w for w in self._workers if w.alive]
        return sum(self._ask(w, "count", timeout=30.0) for w in workers)

    def _ask(self, worker: _Worker, kind: str, *msg, timeout: float, shown: float | None = None, release=None):
        """Send ``kind`` and wait for its answer. ``release`` runs once the answer is in (or the worker is lost),
        even after this caller stopped waiting: the worker is busy with it until then."""
        shown = timeout if shown is None else shown
        call, key = _Call(release=release), next(self._ids)
        try:
            frame = _frame(kind, key, *msg)
        except BaseException:
            call.settle(None, None)
            raise
        if not worker.add_call(key, call):
            call.settle(None, None)
            raise WorkerError("lost", "the training worker process stopped")
        worker._out.put(frame)
        if not call.done.wait(timeout):
            raise WorkerError("timeout", f"no answer within {shown} s", seconds=shown)
        if call.error is not None:
            raise call.error
        return call.value

    def close(self) -> None:
        with self._guard:
            workers, self._workers = self._workers, []
        for w in workers:
            w.stop()
