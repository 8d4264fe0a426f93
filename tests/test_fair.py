"""Fair to every student (issue 22.6): a tab trains one run at a time, a browser (by its cookie) at most
``RUNS_PER_BROWSER`` however many tabs it opens, the page says so; the workers are sized from ``ML_WORKERS`` or the
container's CPU quota."""

from __future__ import annotations

import gc
import itertools
import weakref
from types import SimpleNamespace

import pytest

from serve.fair import Slots, cpu_quota, worker_count
from serve.worker import Job
from tests.apptest_utils import open_page, raw_keys
from ui.common.i18n import TEXT
from ui.train import state as train_state

PAGE = "pages/train.py"


class Parked:
    """A pool whose runs wait in line (never a batch) until recalled, and then come home at once."""

    size, active = 1, 1

    def __init__(self) -> None:
        self.ids = itertools.count(1)
        self.away: dict[int, tuple] = {}

    def warm(self) -> None:
        pass

    def submit(self, trainer, *, rate=None) -> Job:
        job = Job(next(self.ids), trainer, SimpleNamespace(send=self._send))
        self.away[job.id] = (weakref.ref(job), trainer)
        return job

    def _send(self, kind, key, *rest) -> None:
        if kind == "recall" and key in self.away:
            ref, trainer = self.away.pop(key)
            if (job := ref()) is not None:
                job._arrived(trainer)


def xsrf_cookie(token: bytes) -> str:
    """The cookie as Streamlit sends it: the token under a fresh mask each time (version 2)."""
    import os
    import time

    mask = os.urandom(4)
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(token))
    return f"2|{mask.hex()}|{masked.hex()}|{int(time.time())}"


@pytest.fixture
def parked(monkeypatch):
    pool = Parked()
    monkeypatch.setattr(train_state, "POOL", pool)
    # a registry of this test's own (raising=False: the same test runs against code without one, and fails there)
    monkeypatch.setattr(train_state, "SLOTS", Slots({"tab": 1, "browser": 2}), raising=False)
    yield pool
    gc.collect()


def _open(lang: str = "en"):
    at = open_page(PAGE, lang, query={"train_pace": "slow"}, timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    return at


def _run(at):
    return at.session_state["train_run"] if "train_run" in at.session_state else None


def _ok(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not raw_keys(at), raw_keys(at)


def _warnings(at) -> list[str]:
    return [w.value for w in at.warning]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_second_start_in_a_tab_whose_run_trains_is_refused_and_says_why(parked, lang):
    """Start's button is disabled while the tab's run trains (Streamlit discards a click on a disabled button), but two
    clicks that land in one rerun (the server merges the reruns a quick student asks for) each ask for a run."""
    at = _open(lang)
    at.button(key="train_start").click()
    at.button(key="train_exp_loss").click().run()  # Start, and the loss experiment's button, at once
    _ok(at)
    run = _run(at)
    assert run.running and run.number == 1 and "experiment" not in run.settings
    assert TEXT["train.run.cap_tab"][lang] in _warnings(at)
    at.run()
    assert TEXT["train.run.cap_tab"][lang] not in _warnings(at)  # said once, not on every rerun after


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_browser_trains_at_most_its_share_however_many_tabs(parked, monkeypatch, lang):
    """Ten tabs of one student queued ten runs ahead of the class. One browser (its XSRF cookie's token, which
    every tab shares under a different mask) has at most RUNS_PER_BROWSER runs training or waiting."""
    token = b"0123456789abcdef"
    monkeypatch.setattr(train_state, "_xsrf_cookie", lambda: xsrf_cookie(token), raising=False)
    tabs = [_open(lang) for _ in range(3)]
    for i in range(2):
        tabs[i].button(key="train_start").click().run()
        assert _run(tabs[i]).running
    third = tabs[2]
    third.button(key="train_start").click().run()
    _ok(third)
    assert _run(third) is None  # no run: nothing was sent
    assert TEXT["train.run.cap_browser"][lang].format(count=2, cap=2) in _warnings(third)

    tabs[0].button(key="train_pause").click().run()  # pausing frees a place
    assert not _run(tabs[0]).running
    third.button(key="train_start").click().run()
    _ok(third)
    assert _run(third).running and not _warnings(third)

    tabs[0].button(key="train_resume").click().run()  # and now the first tab is the one over the share
    _ok(tabs[0])
    assert not _run(tabs[0]).running
    assert TEXT["train.run.cap_browser"][lang].format(count=2, cap=2) in _warnings(tabs[0])

    other = _open(lang)  # another browser (no cookie here: only its own tab counts) is not held up
    monkeypatch.setattr(train_state, "_xsrf_cookie", lambda: xsrf_cookie(b"another browser!"), raising=False)
    other.button(key="train_start").click().run()
    assert _run(other).running
    monkeypatch.setattr(train_state, "_xsrf_cookie", lambda: xsrf_cookie(token), raising=False)  # the first again

    del tabs[1]  # a tab closed: its session expired, and its run with it
    gc.collect()
    tabs[0].button(key="train_resume").click().run()
    _ok(tabs[0])
    assert _run(tabs[0]).running


def test_the_slots_count_runs_away_and_forget_runs_gone():
    slots = Slots({"tab": 1, "browser": 2})

    class Holder:
        claimed = False
        away = False

        @property
        def holds_slot(self):
            return self.claimed or self.away

    a, b, c = Holder(), Holder(), Holder()
    assert slots.take(a, {"tab": "t1", "browser": "b"}) is None and a.claimed
    a.claimed, a.away = False, True
    assert slots.take(b, {"tab": "t1", "browser": "b"}) == ("tab", 1)  # one per tab
    assert slots.take(b, {"tab": "t2", "browser": "b"}) is None
    assert slots.take(c, {"tab": "t3", "browser": "b"}) == ("browser", 2)
    assert slots.take(c, {"tab": "t3", "browser": None}) is None  # no cookie: the tab's own cap only
    assert slots.count("browser", "b") == 2
    a.away = False  # home (paused, done or failed)
    assert slots.count("browser", "b") == 1
    del b
    gc.collect()
    assert slots.count("browser", "b") == 0 and slots.count("tab", "t2") == 0
    assert slots.take(a, {"tab": "t1", "browser": "b"}) is None


def test_a_browser_is_its_token_under_any_mask():
    token = b"0123456789abcdef"
    first, second = xsrf_cookie(token), xsrf_cookie(token)
    assert first != second  # what two tabs send
    assert train_state.browser_id(first) == train_state.browser_id(second) is not None
    assert train_state.browser_id(xsrf_cookie(b"fedcba9876543210")) != train_state.browser_id(first)
    assert train_state.browser_id(token.hex()) == train_state.browser_id(first)  # version 1: the token in hex
    for bad in (None, "", "2|zz|00|1", "2|0011|", "x|y", "2|00112233||5"):
        assert train_state.browser_id(bad) is None


# ------------------------------------------------------------------ how many workers


def _cgroup(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


@pytest.mark.parametrize(
    ("files", "quota"),
    [
        ({"cpu.max": "max 100000\n"}, None),
        ({"cpu.max": "400000 100000\n"}, 4.0),
        ({"cpu.max": "150000 100000\n"}, 1.5),
        ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
        ({"cpu,cpuacct/cpu.cfs_quota_us": "300000\n", "cpu,cpuacct/cpu.cfs_period_us": "100000\n"}, 3.0),
        ({}, None),
        ({"cpu.max": "garbage"}, None),
    ],
)
def test_the_cpu_quota_is_read_from_cgroup_v2_or_v1(tmp_path, files, quota):
    assert cpu_quota(_cgroup(tmp_path, files)) == quota


@pytest.mark.parametrize(
    ("env", "files", "affinity", "workers"),
    [
        ({}, {}, 16, 15),  # no quota: the mask, less one core for drawing pages
        ({}, {"cpu.max": "400000 100000"}, 16, 3),  # a replica limited to 4 CPUs on a 16-core host: 3, not 15
        ({}, {"cpu.max": "150000 100000"}, 16, 1),  # 1.5 CPUs: one whole CPU, at least one worker
        ({}, {"cpu.max": "800000 100000"}, 2, 1),  # the mask is the fewer
        ({}, {"cpu/cpu.cfs_quota_us": "200000", "cpu/cpu.cfs_period_us": "100000"}, 16, 1),
        ({}, {}, 1, 1),
        ({"ML_WORKERS": "6"}, {"cpu.max": "200000 100000"}, 2, 6),  # the setting wins
        ({"ML_WORKERS": " 2 "}, {}, 16, 2),
        ({"ML_WORKERS": "0"}, {"cpu.max": "400000 100000"}, 16, 3),  # not >= 1: counted from the CPUs
        ({"ML_WORKERS": "many"}, {}, 8, 7),
        ({"ML_WORKERS": ""}, {}, 8, 7),
    ],
)
def test_the_workers_come_from_the_setting_or_the_cpu_quota(tmp_path, env, files, affinity, workers):
    assert worker_count(env, root=_cgroup(tmp_path, files), affinity=affinity) == workers


def test_the_page_pool_is_sized_by_worker_count():
    assert train_state.POOL.size == worker_count() >= 1


def test_each_compose_replica_sets_its_workers():
    """Two replicas on a 16-core host each counted 16 cores (a container sees them all): 30 training processes."""
    from pathlib import Path

    import yaml

    compose = yaml.safe_load((Path(__file__).resolve().parent.parent / "deploy" / "compose.yaml").read_text())
    replicas = [s for name, s in compose["services"].items() if name.startswith("app")]
    assert len(replicas) >= 2
    for service in replicas:
        assert service["environment"]["ML_WORKERS"] == "${ML_WORKERS:-2}"
