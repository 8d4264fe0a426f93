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
import math
import os
import pickle
import queue
import socket
import struct
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

SLICE_S = 0.05  # a worker switches between its active runs this often
REPORT_S = 0.2  # a run's snapshot goes home at most this often (and whenever its status changes)
ACTIVE = 2  # runs that train at once in one worker; more wait in line
NICE = 5  # workers' priority below the server's 0: drawing pages comes first


class WorkerError(CoreError):
    """A worker could not finish what it was given.

    Codes: ``lost`` (the worker process died), ``failed`` (the work raised; ``error`` is its text),
    ``timeout`` (no answer within ``seconds``).
    """


# --------------------------------------------------------------------------------------------- the main side


_HEAD = struct.Struct("!I")  # the header's length, before the header


class _BadFrame(Exception):
    """A frame that could not be unpickled; ``kind`` and ``key`` name what it carried when its header could be."""

    def __init__(self, kind: str | None, key: int | None, error: BaseException) -> None:
        super().__init__(f"{type(error).__name__}: {error}")
        self.kind, self.key = kind, key


def _frame(kind: str, key: int, *rest) -> bytes:
    """One message as bytes: header ``(kind, key)`` and payload ``rest``, pickled apart (plain pickle, tensors'
    bytes inline: Connection.send would hand torch storages over as file descriptors). Pickling errors raise here,
    in the sender's thread, before anything is written."""
    head = pickle.dumps((kind, key), protocol=pickle.HIGHEST_PROTOCOL)
    return b"".join((_HEAD.pack(len(head)), head, pickle.dumps(rest, protocol=pickle.HIGHEST_PROTOCOL)))


def _unframe(data: bytes) -> tuple:
    """``(kind, key, *rest)`` of a frame; ``_BadFrame`` if any part of it cannot be unpickled."""
    kind = key = None
    try:
        (n,) = _HEAD.unpack_from(data)
        kind, key = pickle.loads(data[_HEAD.size : _HEAD.size + n])
        rest = pickle.loads(memoryview(data)[_HEAD.size + n :])
    except Exception as err:  # truncated, garbage, or an object whose rebuilding raises: all mean this frame only
        raise _BadFrame(kind, key, err) from None
    return (kind, key, *rest)


def _put(conn: Connection, msg: tuple) -> None:
    conn.send_bytes(_frame(*msg))


def _get(conn: Connection) -> tuple:
    return _unframe(conn.recv_bytes())


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

    Started as ``python -m serve.worker`` (not multiprocessing's spawn, which re-runs the parent's ``__main__``:
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
            [sys.executable, "-m", "serve.worker", str(theirs.fileno()), str(active), str(slice_s), str(nice)],
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


# --------------------------------------------------------------------------------------------- how many, for whom

CGROUP = Path("/sys/fs/cgroup")


def cpu_quota(root: Path = CGROUP) -> float | None:
    """CPUs the container may use by its cgroup's CPU quota (v2 ``cpu.max``, else v1 ``cpu.cfs_quota_us`` over
    ``cpu.cfs_period_us``); None when there is no quota (or no cgroup to read)."""
    try:
        quota, period = (root / "cpu.max").read_text().split()[:2]
        return None if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError):
        pass
    for folder in ("cpu", "cpu,cpuacct", "cpuacct,cpu"):
        try:
            quota = int((root / folder / "cpu.cfs_quota_us").read_text())
            period = int((root / folder / "cpu.cfs_period_us").read_text())
        except (OSError, ValueError):
            continue
        return None if quota <= 0 or period <= 0 else quota / period
    return None


def worker_count(env=os.environ, *, root: Path = CGROUP, affinity: int | None = None) -> int:
    """Training workers for this server: ``ML_WORKERS`` if set (a whole number >= 1), else the CPUs this process may
    use, less one for drawing pages, at least one. The CPUs: the fewer of the affinity mask (``affinity``) and the
    cgroup's quota (``cpu_quota``, whole CPUs): a container limited to 4 CPUs on a 16-core host sees 16 in its mask.
    """
    raw = str(env.get("ML_WORKERS", "")).strip()
    if raw:
        try:
            n = int(raw)
        except ValueError:
            n = 0
        if n >= 1:
            return n
        logging.getLogger(__name__).warning("ML_WORKERS must be a whole number >= 1, got %r: counting the CPUs", raw)
    if affinity is None:
        affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    cpus = affinity
    quota = cpu_quota(root)
    if quota is not None:
        cpus = min(cpus, max(1, math.floor(quota)))
    return max(1, cpus - 1)


class Slots:
    """Runs each owner (a tab, a browser) has training or waiting in the workers: at most ``caps[kind]`` each.

    A holder is any object with ``holds_slot`` (true while its run is away) and ``claimed`` (set here, under the
    lock, between a granted ``take`` and the run's departure: two tabs clicking at once cannot both pass). Holders
    are kept weakly: a run whose session expired counts no more, nor one that came home (finished, paused, failed).
    """

    def __init__(self, caps: dict[str, int]) -> None:
        self.caps = {kind: max(1, int(cap)) for kind, cap in caps.items()}
        self._held: dict[tuple[str, str], list[weakref.ref]] = {}
        self._lock = threading.Lock()

    def _holders(self, key: tuple[str, str]) -> list:
        """The key's holders that hold a slot now (forgets the others; under the lock)."""
        holders = [h for ref in self._held.get(key, ()) if (h := ref()) is not None and h.holds_slot]
        if holders:
            self._held[key] = [weakref.ref(h) for h in holders]
        else:
            self._held.pop(key, None)
        return holders

    def count(self, kind: str, owner: str | None) -> int:
        if owner is None:
            return 0
        with self._lock:
            return len(self._holders((kind, owner)))

    def take(self, holder, owners: dict[str, str | None]) -> tuple[str, int] | None:
        """Give ``holder`` a slot of each owner, or none: ``(kind, count)`` of the first owner at its cap."""
        keys = [(kind, owner) for kind, owner in owners.items() if owner is not None and kind in self.caps]
        with self._lock:
            for kind, owner in keys:
                others = [h for h in self._holders((kind, owner)) if h is not holder]
                if len(others) >= self.caps[kind]:
                    return kind, len(others)
            holder.claimed = True
            for key in keys:
                refs = self._held.setdefault(key, [])
                if not any(ref() is holder for ref in refs):
                    refs.append(weakref.ref(holder))
        return None


# --------------------------------------------------------------------------------------------- the worker side


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
    """``python -m serve.worker FD ACTIVE SLICE_S NICE``: serve the socket FD until it closes."""
    fd, active, slice_s, nice = int(argv[0]), int(argv[1]), float(argv[2]), int(argv[3])
    _serve(Connection(fd), active, slice_s, nice)


if __name__ == "__main__":
    main(sys.argv[1:])
