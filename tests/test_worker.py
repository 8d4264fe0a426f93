"""serve.worker: runs trained in worker processes equal runs trained here, wait their turn, come home, and are
freed; a dead worker fails its jobs and is replaced."""

from __future__ import annotations

import gc
import math
import os
import pickle
import struct
import threading
import time

import numpy as np
import pytest
import torch

from core.datasets import Dataset, digits
from core.training import CNNConfig, Trainer
from serve.frames import _HEAD, _BadFrame, _frame, _unframe
from serve.trainloop import _Entry
from serve.worker import Job, Pool, WorkerError

torch.set_num_threads(1)
DS = digits(seed=0)
CFG = CNNConfig(input_shape=DS.input_shape, n_classes=DS.n_classes)


def trainer(**kw) -> Trainer:
    return Trainer(CFG, DS, **{"optimizer": "adam", "lr": 0.01, "batch_size": 64, "epochs": 1, "seed": 0, **kw})


def wait(condition, timeout_s: float = 120.0) -> None:
    """Until ``condition()`` holds (a bound against a hang, not a timing assertion)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "not reached"
        time.sleep(0.02)


def trained_here(**kw) -> Trainer:
    tr = trainer(**kw)
    while tr.status == "ready":
        tr.step(1)
    return tr


def assert_same_run(a: Trainer, b: Trainer) -> None:
    assert (a.iteration, a.status) == (b.iteration, b.status)
    assert a.history.loss == b.history.loss and a.history.val_acc == b.history.val_acc
    for (name, wa), wb in zip(a.state_dict().items(), b.state_dict().values()):
        assert torch.equal(wa, wb), name


@pytest.fixture(scope="module")
def pool():
    p = Pool(1, active=1)
    yield p
    p.close()


def test_a_run_trained_in_a_worker_equals_the_same_run_trained_here(pool):
    job = pool.submit(trainer())
    wait(lambda: not job.away)
    assert job.error is None and job.trainer.status == "done"
    assert_same_run(job.trainer, trained_here())
    # the live snapshot the page drew last equals the Trainer that came home
    assert job.live.history.loss == job.trainer.history.loss and job.live.iteration == job.trainer.iteration


def test_a_recalled_run_resumes_where_it_stopped(pool):
    first = pool.submit(trainer(epochs=2), rate=20.0)  # slow enough to catch it on the way
    wait(lambda: first.live.iteration >= 3)
    paused = first.recall()
    assert not first.away and 3 <= paused.iteration < paused.total_iterations and paused.status == "ready"
    assert len(paused.history.loss) == paused.iteration  # the Trainer itself: every loss of its iterations
    second = pool.submit(paused)
    wait(lambda: not second.away)
    assert_same_run(second.trainer, trained_here(epochs=2))


def test_runs_wait_first_come_first_served_and_know_their_place(pool):
    jobs = [pool.submit(trainer(), rate=40.0) for _ in range(3)]  # one trains at a time in this pool
    wait(lambda: jobs[1].waiting == 0 and jobs[2].waiting == 1)
    assert jobs[0].waiting is None and jobs[0].away
    wait(lambda: not jobs[0].away)
    assert jobs[1].away and jobs[2].away  # the first finished before the others started
    wait(lambda: jobs[1].waiting is None and jobs[2].waiting == 0)
    for job in jobs:
        wait(lambda job=job: not job.away)
    assert [j.trainer.history.loss for j in jobs[1:]] == [jobs[0].trainer.history.loss] * 2


def test_two_active_runs_take_turns():
    p = Pool(1, active=2)
    try:
        a, b = p.submit(trainer(epochs=2)), p.submit(trainer(epochs=2, lr=0.001))
        wait(lambda: a.live.iteration > 0 and b.live.iteration > 0)  # both move before either finishes
        assert a.waiting is None and b.waiting is None
        wait(lambda: not a.away and not b.away)
        assert_same_run(a.trainer, trained_here(epochs=2))
        assert_same_run(b.trainer, trained_here(epochs=2, lr=0.001))
    finally:
        p.close()


def test_a_job_its_session_let_go_is_dropped_by_the_worker(pool):
    jobs = [pool.submit(trainer(epochs=5), rate=4.0)]
    wait(lambda: pool.held() == 1 and jobs[0].live.iteration >= 2)  # reports arrived: nothing of them may keep it
    jobs.clear()
    gc.collect()
    wait(lambda: pool.held() == 0)


def test_a_dead_worker_fails_its_jobs_and_the_next_run_gets_a_new_one():
    p = Pool(1)
    try:
        job = p.submit(trainer(epochs=5), rate=1.0)
        wait(lambda: p.held() == 1)
        p._workers[0].proc.kill()
        with pytest.raises(WorkerError) as err:
            job.recall()
        assert err.value.code == "lost" and job.trainer is None
        again = p.submit(trainer())
        wait(lambda: not again.away)
        assert again.error is None and again.trainer.status == "done"
    finally:
        p.close()


def test_a_call_is_computed_in_the_worker_and_its_errors_come_back(pool):
    assert pool.call(os.getpid) != os.getpid()
    assert pool.call(eval, "'streamlit' in __import__('sys').modules") is False  # a worker never loads streamlit
    assert pool.call(eval, "__import__('torch').get_num_threads()") == 1
    with pytest.raises(WorkerError) as err:
        pool.call(math.sqrt, -1.0)
    assert err.value.code == "failed" and "math domain error" in err.value.params["error"]


def test_a_run_that_raises_comes_back_as_failed(pool):
    broken = trainer()
    broken._x_train = broken._x_train[:, :, :4]  # wrong image size: the model raises on the first batch
    job = pool.submit(broken)
    wait(lambda: not job.away)
    assert job.trainer is None and job.error.code == "failed"
    assert pool.call(os.getpid) > 0  # the worker lives on


@pytest.mark.parametrize(
    ("rate", "since", "done", "allowed"),
    [
        (None, 0.0, 10**6, math.inf),  # no pace: no limit
        (2.0, 0.0, 0, 1.0),  # the first batch at once
        (2.0, 0.0, 1, 0.0),
        (2.0, 0.5, 1, 1.0),  # two a second: one more after half a second
        (2.0, 2.0, 3, 2.0),  # behind: catches up
    ],
)
def test_a_paced_run_trains_no_faster_than_its_rate(rate, since, done, allowed):
    e = _Entry(trainer(), rate, mark=(100.0, 0))
    e.trainer.iteration = done
    assert e.allowed(100.0 + since) == allowed
    assert e.due(100.0 + since) == (0.0 if allowed >= 1 else pytest.approx((1 - allowed) / rate))


def test_building_a_run_here_does_not_load_what_only_training_needs():
    """The server builds each run and ships it: torch's optimizer machinery (torch._dynamo, ~1 CPU-s to import)
    loads in the worker, at its first batch, never in the server."""
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import pickle, sys\n"
        "from tests.test_worker import trainer\n"
        "tr = trainer(); pickle.loads(pickle.dumps(tr))\n"
        "print('torch._dynamo' in sys.modules)\n"
        "tr.step(1)\n"
        "print('torch._dynamo' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["False", "True"]


# ------------------------------------------------------------------ the socket: one writer, frames that fail alone


class SlowConn:
    """The worker's socket with its large frames written in two halves; ``midway`` runs once between them."""

    def __init__(self, real, midway) -> None:
        self.real, self.midway = real, midway

    def send_bytes(self, buf) -> None:
        data = bytes(buf)
        if len(data) < 1_000_000 or self.midway is None:
            return self.real.send_bytes(data)
        wire = struct.pack("!i", len(data)) + data  # multiprocessing.connection's own framing (under 2 GB)
        midway, self.midway = self.midway, None
        self.real._send(wire[: len(wire) // 2])
        midway()
        self.real._send(wire[len(wire) // 2 :])

    def __getattr__(self, name):
        return getattr(self.real, name)


def big_trainer(n: int = 2000, *, seed: int = 0) -> Trainer:
    """A run whose pickle is several MB (2000 images of 1×28×28: 6.3 MB of data)."""
    rng = np.random.default_rng(seed)
    x = rng.random((n, 1, 28, 28), dtype=np.float32)
    y = (x[:, 0, :14].mean(axis=(1, 2)) > x[:, 0, 14:].mean(axis=(1, 2))).astype(np.int64)
    ds = Dataset(name="big", class_names=["a", "b"], x_train=x, y_train=y, x_val=x[:100], y_val=y[:100])
    return Trainer(CNNConfig(channels=(4,), input_shape=(1, 28, 28), n_classes=2), ds, batch_size=500, epochs=1)


def garbage_job(p: Pool, keep: list | None = None) -> None:
    """A job only the cycle collector frees (its finalizer then runs in whichever thread collects)."""
    job = p.submit(trainer(epochs=5), rate=1.0)
    job.cycle = job
    if keep is not None:
        keep.append(job)


def test_a_collection_during_a_large_send_neither_interleaves_frames_nor_waits_for_the_send():
    """Issue 22.4: the finalizer of a job the session let go of wrote "drop" to the socket under the send lock,
    from whichever thread ran the collector: in the sending thread it landed inside the frame being written (the
    worker read garbage); in another thread it waited for the multi-MB send (the reader thread: a deadlock)."""
    p = Pool(1, active=1)
    gc.disable()
    try:
        steady = p.submit(trainer(epochs=2), rate=40.0)  # trains and reports all along
        wait(lambda: steady.live.iteration >= 1, 60)
        later: list = []
        garbage_job(p)  # collected in the thread that writes the big frame, between its halves
        garbage_job(p, keep=later)  # collected by another thread, while the big frame is half written
        wait(lambda: p.held() == 3, 60)
        stuck, errors = [], []

        def midway() -> None:
            try:
                gc.collect()
                later.clear()
                other = threading.Thread(target=gc.collect, daemon=True)
                other.start()
                other.join(5.0)  # bounded: old code waited here until this send ended
                stuck.append(other.is_alive())
            except Exception as err:  # pragma: no cover - reported below
                errors.append(err)

        worker = p._workers[0]
        worker.conn = SlowConn(worker.conn, midway)
        big = p.submit(big_trainer())
        wait(lambda: stuck, 60)
        assert stuck == [False] and errors == []  # the collector's thread never waited for the send
        assert p.call(os.getpid, timeout=60) > 0  # the worker read every frame since: it still answers
        wait(lambda: not steady.away and not big.away, 120)
        assert big.error is None and big.trainer.status == "done"
        assert steady.error is None
        assert_same_run(steady.trainer, trained_here(epochs=2))
        wait(lambda: p.held() == 0, 60)  # both dropped runs left the worker
    finally:
        gc.enable()
        p.close()


def test_no_deadlock_when_the_reader_collects_while_big_runs_go_both_ways(monkeypatch):
    """Issue 22.4, the hang itself: the worker writes two big runs home back to back while a script thread pushes a
    third (which the worker reads only after its writes), and the collector runs on the reader thread as the first
    comes home, freeing a job its session let go of. Its finalizer waited for the pushing thread's send lock: the
    reader stopped reading, so the worker stopped in its second write, so the push never ended (every session on
    that worker hung; reproduced 3 of 3 times with the code before this test)."""
    p = Pool(1, active=2)
    gc.disable()
    try:
        a, b = p.submit(big_trainer(seed=0), rate=2.0), p.submit(big_trainer(seed=1), rate=2.0)
        wait(lambda: a.live.iteration >= 1 and b.live.iteration >= 1, 60)
        garbage_job(p)
        collect = threading.Event()
        collect.set()
        real_arrived = Job._arrived

        def arrived(job, *args) -> None:
            real_arrived(job, *args)
            if collect.is_set():  # on the reader thread, as the first run comes home
                collect.clear()
                gc.collect()

        monkeypatch.setattr(Job, "_arrived", arrived)
        a._worker.send("recall", a.id)
        b._worker.send("recall", b.id)  # the worker writes both home, back to back
        pushed = threading.Event()
        threading.Thread(target=lambda: (p.submit(big_trainer(seed=2)), pushed.set()), daemon=True).start()
        assert pushed.wait(60) and a._home.wait(60) and b._home.wait(60), "deadlocked"
        assert a.error is None and b.error is None and a.trainer.status == b.trainer.status == "ready"
        assert p.call(os.getpid, timeout=60) > 0
    finally:
        gc.enable()
        for w in p._workers:  # a deadlocked send ends when its socket's other end goes
            w.proc.kill()
        p.close()


class Unreadable:
    """Pickles in its own process; unpickling it anywhere else raises (a frame the reader cannot read)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def __reduce__(self):
        return (_unreadable_elsewhere, (self.pid,))


def _unreadable_elsewhere(pid: int):
    if os.getpid() != pid:
        raise pickle.UnpicklingError("this frame cannot be read here")
    return Unreadable(pid)


class UnreadableAtHome:
    """Reads in a worker; coming back to the process ``pid``, its unpickling raises."""

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def __reduce__(self):
        return (_unreadable_in, (self.pid,))


def _unreadable_in(pid: int):
    if os.getpid() == pid:
        raise pickle.UnpicklingError("this frame cannot be read here")
    return UnreadableAtHome(pid)


@pytest.mark.parametrize("where", ["worker", "server"])
def test_a_frame_that_cannot_be_read_fails_only_its_job(where):
    """Issue 22.4: a frame the worker could not unpickle killed the worker (every run on it lost); one the server's
    reader could not unpickle ended the reader (every run on that worker never came home)."""
    p = Pool(1, active=2)
    try:
        steady = p.submit(trainer(epochs=2), rate=2.0)  # slow: still away when the broken run is done
        wait(lambda: steady.live.iteration >= 1, 60)
        broken = trainer()
        broken.tag = Unreadable(os.getpid()) if where == "worker" else UnreadableAtHome(os.getpid())
        job = p.submit(broken)
        wait(lambda: not job.away, 60)
        assert job.trainer is None and job.error.code == "failed" and "cannot be read" in job.error.params["error"]
        assert steady.away and steady.error is None  # still training
        steady.set_rate(None)
        wait(lambda: not steady.away, 120)
        assert steady.error is None
        assert_same_run(steady.trainer, trained_here(epochs=2))
        assert p.call(os.getpid, timeout=60) > 0
    finally:
        p.close()


def test_garbage_bytes_fail_only_the_job_their_header_names(pool):
    pool.warm()
    worker = pool._workers[0]
    job = pool.submit(trainer(epochs=5), rate=1.0)
    wait(lambda: pool.held() == 1, 60)
    head = pickle.dumps(("train", 10**9))
    worker._out.put(_HEAD.pack(len(head)) + head + b"\x80\x05garbage")  # a payload cut short
    worker._out.put(b"\xff" * 7)  # not even a header
    assert pool.call(os.getpid, timeout=60) > 0 and job.away and pool.held() == 1
    job.recall()


def test_frames_unpickle_apart():
    assert _unframe(_frame("train", 7, "a", None)) == ("train", 7, "a", None)
    with pytest.raises(_BadFrame) as bad:
        _unframe(_frame("home", 7, "a")[:-3])
    assert (bad.value.kind, bad.value.key) == ("home", 7)
    with pytest.raises(_BadFrame) as bad:
        _unframe(b"\x00\x00\x00\x09garbage!!")
    assert (bad.value.kind, bad.value.key) == (None, None)


def test_calls_out_at_once_are_bounded_pool_wide():
    """Calls run between the slices of the runs in a worker: a class of callers at once must not stop every run."""
    p = Pool(1, active=1)  # by default one call out per worker; the others wait here, not in the worker's line
    try:
        p.warm()
        out, done = [], threading.Event()

        def watch() -> None:
            while not done.is_set():
                out.append(sum(len(w.calls) for w in p._workers))
                time.sleep(0.005)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        callers = [threading.Thread(target=p.call, args=(time.sleep, 0.5)) for _ in range(3)]
        for c in callers:
            c.start()
        for c in callers:
            c.join(60)
        done.set()
        watcher.join(10)
        assert max(out) == 1 and not any(c.is_alive() for c in callers)
    finally:
        p.close()
