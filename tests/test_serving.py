"""Serving a class on one process: fair slots for training, a bounded run, the run on screen at once (issues 11, 12)."""

from __future__ import annotations

import gc
import random
import weakref

import pytest
import streamlit as st
import torch
from torch.utils.flop_counter import FlopCounterMode

from core.cost import forward_macs, max_epochs_within, training_cost
from core.training import CNNConfig, build_model
from core.zipdata import ZipLimits
from tests.apptest_utils import open_page, raw_keys
from ui.common.i18n import TEXT
from ui.train import state as train_state

torch.set_num_threads(1)
PAGE = "pages/train.py"


class FakeClock:
    """Seconds that pass only when a test says so."""

    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(train_state, "clock", fake)
    return fake


# ------------------------------------------------------------------ the cost of a run, against PyTorch


CONFIGS = [
    CNNConfig(),
    CNNConfig(channels=(4, 8, 2), kernel_size=5, padding=2, input_shape=(3, 20, 24), n_classes=3),
    CNNConfig(channels=(6,), kernel_size=3, padding=0, activation="tanh", pooling="avg", input_shape=(1, 9, 7)),
]


@pytest.mark.parametrize("cfg", CONFIGS)
def test_training_cost_counts_what_torch_computes(cfg):
    """PyTorch's FlopCounterMode counts 2 FLOPs per multiply-add of the convolutions and matrix products."""
    model = build_model(cfg)
    x = torch.randn(5, *cfg.input_shape)
    with FlopCounterMode(display=False) as forward:
        model(x)
    assert forward.get_total_flops() == 2 * 5 * forward_macs(cfg)
    with FlopCounterMode(display=False) as step:  # one training step: forward, then backward
        torch.nn.functional.cross_entropy(model(x), torch.zeros(5, dtype=torch.long)).backward()
    assert step.get_total_flops() == 2 * training_cost(cfg, 5, 1)
    with FlopCounterMode(display=False) as both:  # and the validation pass after the epoch
        torch.nn.functional.cross_entropy(model(x), torch.zeros(5, dtype=torch.long)).backward()
        with torch.no_grad():
            model(x[:3])
    assert both.get_total_flops() == 2 * training_cost(cfg, 5, 1, n_val=3)
    assert training_cost(cfg, 5, 7, n_val=3) == 7 * training_cost(cfg, 5, 1, n_val=3)


def test_max_epochs_within_is_the_largest_that_fits():
    cfg, n, n_val = CNNConfig(), 1438, 359
    one = training_cost(cfg, n, 1, n_val=n_val)
    for budget in (0, one - 1, one, 10 * one + 5, 10**12):
        fit = max_epochs_within(cfg, n, budget, n_val=n_val)
        assert training_cost(cfg, n, fit, n_val=n_val) <= budget < training_cost(cfg, n, fit + 1, n_val=n_val)


def test_default_runs_fit_the_budget_and_the_largest_do_not():
    budget = train_state.RUN_BUDGET_MACS
    assert training_cost(CNNConfig(), 1438, 50, n_val=359) < budget / 50  # digits, the longest run
    shapes = CNNConfig(input_shape=(1, 28, 28), n_classes=4)
    assert training_cost(shapes, 960, 50, n_val=240) < budget / 10
    biggest = CNNConfig(channels=(64, 64, 64), kernel_size=7, padding=3, input_shape=(3, 48, 48), n_classes=2)
    assert training_cost(biggest, 100, 50) > budget  # 50 epochs of a zip of 100 big colour images
    most = ZipLimits().max_total_images
    assert max_epochs_within(biggest, most * 4 // 5, budget, n_val=most // 5) == 0  # the largest zip: not one epoch


# ------------------------------------------------------------------ the slot pool


def test_slots_go_first_come_first_served(clock):
    pool = train_state.SlotPool(1)
    a, b, c = train_state.Ticket(), train_state.Ticket(), train_state.Ticket()
    assert pool.acquire(a) and pool.running == 1
    assert not pool.acquire(b) and not pool.acquire(c)
    assert (pool.ahead(b), pool.ahead(c)) == (0, 1)
    pool.release()
    assert not pool.acquire(c) and pool.ahead(c) == 1  # the free slot is b's: c came later
    assert not pool.acquire(a) and pool.ahead(a) == 2  # a had its turn: back of the queue
    assert pool.acquire(b) and (pool.ahead(c), pool.ahead(a)) == (0, 1)
    pool.release()
    assert pool.acquire(c)
    pool.release()
    assert pool.acquire(a)
    pool.release()
    assert pool.running == 0 and pool.acquire(b)  # nobody waits: the first to ask gets it


def test_a_vanished_session_is_skipped(clock):
    pool = train_state.SlotPool(1)
    a, b, c = train_state.Ticket(), train_state.Ticket(), train_state.Ticket()
    assert pool.acquire(a)
    assert not pool.acquire(b) and not pool.acquire(c) and pool.ahead(c) == 1
    del b  # the session expired: Streamlit dropped its state, and the run's ticket with it
    gc.collect()
    assert pool.ahead(c) == 0
    pool.release()
    assert pool.acquire(c)


def test_a_session_that_stopped_asking_is_skipped(clock):
    pool = train_state.SlotPool(1)
    a, gone, c = train_state.Ticket(), train_state.Ticket(), train_state.Ticket()
    assert pool.acquire(a)
    assert not pool.acquire(gone) and not pool.acquire(c)
    clock.now += train_state.STALE_S / 2
    assert not pool.acquire(c)  # c keeps asking every tick; "gone" (tab closed, page left) does not
    clock.now += train_state.STALE_S / 2 + 0.01
    assert pool.ahead(c) == 0
    pool.release()
    assert pool.acquire(c)
    pool.release()
    assert not pool.acquire(gone) or pool.running == 1  # coming back, it queues again (here: nobody waits)


def test_leaving_the_queue(clock):
    pool = train_state.SlotPool(1)
    a, b, c = train_state.Ticket(), train_state.Ticket(), train_state.Ticket()
    assert pool.acquire(a) and not pool.acquire(b) and not pool.acquire(c)
    pool.leave(b)  # b paused
    assert pool.ahead(c) == 0


def test_never_more_runs_than_slots(clock):
    rng = random.Random(0)
    pool = train_state.SlotPool(3)
    tickets = [train_state.Ticket() for _ in range(12)]
    holding, served = [], set()
    for _ in range(2000):
        clock.now += rng.choice([0.0, 0.1, 0.2])
        if holding and rng.random() < 0.4:
            holding.remove(rng.choice(holding))
            pool.release()
        ticket = rng.choice(tickets)
        if ticket not in holding and pool.acquire(ticket):
            holding.append(ticket)
            served.add(id(ticket))
        assert pool.running == len(holding) <= 3
    assert len(served) == len(tickets)


def test_the_pool_is_sized_to_the_cores():
    assert train_state.POOL.size == max(1, train_state.cores() - 1) >= 1


def test_no_slot_no_training_and_the_run_says_why(monkeypatch, clock):
    class Trainer:
        status, iteration, total_iterations = "ready", 0, 100

        def step(self, n):
            self.iteration += n

    pool = train_state.SlotPool(1)
    monkeypatch.setattr(train_state, "POOL", pool)
    other = train_state.Ticket()
    assert pool.acquire(other)  # another session is computing
    mine = train_state.Run(trainer=Trainer(), settings={}, number=1, running=True)
    assert not train_state.advance(mine, "slow") and mine.trainer.iteration == 0 and mine.waiting == 0
    pool.release()
    assert train_state.advance(mine, "slow") and mine.trainer.iteration == 1 and mine.waiting is None
    assert pool.running == 0  # the slot is free again after the tick


# ------------------------------------------------------------------ the page


def _open(lang: str = "en", **query: str):
    at = open_page(PAGE, lang, query=query or None, timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    return at


def _run(at):
    return at.session_state["train_run"] if "train_run" in at.session_state else None


def _ok(at):
    assert not at.exception, [e.value for e in at.exception]
    assert not raw_keys(at), raw_keys(at)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_start_during_a_run_keeps_the_run(lang):
    """Issue 12.3: Start stayed clickable during a run and silently began a new one."""
    at = _open(lang, train_pace="slow")
    at.button(key="train_start").click().run()
    at.run()
    run = _run(at)
    assert run.running and run.number == 1
    assert at.button(key="train_start").disabled and at.button(key="train_step").disabled
    at.select_slider(key="train_lr").set_value(0.001).run()  # changed settings: the run keeps its own
    assert TEXT["train.run.stale_running"][lang] in [c.value for c in at.caption]
    assert at.button(key="train_start").disabled and at.button(key="train_step").disabled
    assert at.button(key="train_start").help == TEXT["train.run.start_running"][lang]
    before = run.trainer.iteration
    at.run()
    assert _run(at) is run and run.running and run.trainer.iteration > before
    at.button(key="train_pause").click().run()
    assert not at.button(key="train_start").disabled
    at.button(key="train_start").click().run()  # paused: Start begins the new run, the old one is kept
    assert _run(at).number == 2 and [r["number"] for r in at.session_state["train_runs"]] == [1]
    _ok(at)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_finished_run_shows_every_iteration_of_the_last_epoch(lang):
    """Issue 12.13: a finished run showed "Iteration in epoch 0 / 45" next to "Epoch 1 / 1"."""
    at = _open(lang, train_epochs="1")
    at.button(key="train_start").click().run()
    for _ in range(20):
        if _run(at).trainer.status == "done":
            break
        at.run()
    tr = _run(at).trainer
    assert tr.status == "done"
    values = {m.label: m.value for m in at.metric}
    assert values[TEXT["train.live.epoch"][lang]] == "1 / 1"
    assert values[TEXT["train.live.iteration"][lang]] == f"{tr.iters_per_epoch} / {tr.iters_per_epoch}"
    _ok(at)


def test_the_run_is_on_screen_before_its_first_chunk_of_training(monkeypatch):
    """Issue 12.16: after Start the page sat greyed out, still saying "No run yet", while the first chunk trained.

    Training that never returns stands for that second: whatever is on the page before it was sent at once."""

    class Training(Exception):
        pass

    def endless(run, pace):
        raise Training

    at = _open()
    monkeypatch.setattr(train_state, "advance", endless)
    at.button(key="train_start").click().run()
    assert TEXT["train.run.idle"]["en"] not in [i.value for i in at.info]
    values = {m.label: m.value for m in at.metric}
    assert values[TEXT["train.live.epoch"]["en"]] == "0 / 15"
    assert values[TEXT["train.live.iteration"]["en"]] == "0 / 45"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_waiting_for_a_slot_is_said_with_the_place_in_the_queue(monkeypatch, lang):
    pool = train_state.SlotPool(1)
    monkeypatch.setattr(train_state, "POOL", pool)
    others = [train_state.Ticket(), train_state.Ticket()]
    assert pool.acquire(others[0]) and not pool.acquire(others[1])  # one computes, one waits
    at = _open(lang, train_pace="slow")
    at.button(key="train_start").click().run()
    _ok(at)
    run = _run(at)
    assert run.running and run.trainer.iteration == 0 and run.waiting == 1
    assert TEXT["train.run.waiting"][lang].format(ahead=1, slots=1) in [i.value for i in at.info]
    pool.release()
    assert pool.acquire(others[1])  # the one ahead takes its turn
    pool.release()
    at.run()
    assert run.trainer.iteration == 1 and run.waiting is None
    assert TEXT["train.run.waiting"][lang].format(ahead=1, slots=1) not in [i.value for i in at.info]
    _ok(at)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_run_over_the_budget_is_refused_with_the_way_under_it(lang):
    from core.shapes import shapes

    query = dict(train_data="shapes", train_blocks="3", train_kernel="7", train_pad="3", train_epochs="50")
    query |= {f"train_ch{b}": "64" for b in (1, 2, 3)}
    at = _open(lang, **query)
    ds = shapes(1200, size=28, seed=0)
    cfg = CNNConfig(channels=(64, 64, 64), kernel_size=7, padding=3, input_shape=(1, 28, 28), n_classes=4)
    n, n_val, budget = len(ds.y_train), len(ds.y_val), train_state.RUN_BUDGET_MACS
    fit = max_epochs_within(cfg, n, budget, n_val=n_val)
    assert 1 <= fit < 50
    cost = training_cost(cfg, n, 50, n_val=n_val)
    expected = TEXT["train.budget.over_epochs"][lang].format(
        cost=f"{cost / 1e9:,.0f}", budget=f"{budget / 1e9:,.0f}", epochs=fit
    )
    assert [e.value for e in at.error] == [expected]
    assert at.button(key="train_start").disabled and at.button(key="train_step").disabled
    at.slider(key="train_epochs").set_value(fit).run()
    assert not at.error and not at.button(key="train_start").disabled
    cost = training_cost(cfg, n, fit, n_val=n_val)
    note = TEXT["train.budget.note"][lang].format(cost=f"{cost / 1e9:,.0f}", budget=f"{budget / 1e9:,.0f}")
    assert note in [c.value for c in at.caption]
    _ok(at)


def test_the_default_run_shows_its_cost_and_the_bound():
    at = _open()
    cost = training_cost(CNNConfig(), 1438, 15, n_val=359)
    note = TEXT["train.budget.note"]["en"].format(cost=f"{cost / 1e9:.2g}", budget="2,000")
    assert note in [c.value for c in at.caption] and "5.7 billion" in note


def test_curves_redraw_less_often_than_the_counters_and_inside_views_wait_for_a_pause(monkeypatch):
    """Issue 11.5: every tick redrew the counters, the progress bar and both charts."""
    from ui.train import live

    real_fragment, active, drawn = st.fragment, [], []

    def fragment(func=None, *, run_every=None):
        def decorate(f):
            def body(*args, **kwargs):
                active.append(run_every)
                try:
                    return f(*args, **kwargs)
                finally:
                    active.pop()

            body.__name__ = body.__qualname__ = f.__qualname__
            return real_fragment(body, run_every=run_every)

        return decorate(func) if func is not None else decorate

    def recording(name, real):
        def draw(*args, **kwargs):
            drawn.append((name, active[-1] if active else "page"))
            return real(*args, **kwargs)

        return draw

    monkeypatch.setattr(st, "fragment", fragment)
    monkeypatch.setattr(live, "_loss_chart", recording("loss", live._loss_chart))
    monkeypatch.setattr(live, "_accuracy_chart", recording("accuracy", live._accuracy_chart))
    at = _open(train_pace="slow")
    at.button(key="train_start").click().run()
    at.run()
    _ok(at)
    assert _run(at).running
    assert drawn and all(every is not None and every >= 1.0 for _, every in drawn), drawn
    # the counters tick every TICK_S: the metrics come from the fragment that trains
    assert train_state.TICK_S < 1.0 and at.metric
    assert not at.tabs and TEXT["train.inside.while_running"]["en"] in [c.value for c in at.caption]
    at.button(key="train_pause").click().run()
    assert at.tabs  # paused: the views inside the network are back
    _ok(at)


def test_a_session_that_ends_frees_its_model():
    """Nothing process-wide (the slot queue included) keeps a student's trainer once the session is gone."""
    at = _open(train_pace="slow")
    at.button(key="train_start").click().run()
    at.run()
    trainer = weakref.ref(_run(at).trainer)
    ticket = weakref.ref(_run(at).ticket)
    assert trainer() is not None
    del at
    gc.collect()
    assert trainer() is None and ticket() is None


def test_the_batch_lab_waits_for_a_training_slot(monkeypatch):
    """The batch-size lab trains too: with every slot taken it says the server is busy and trains nothing."""
    from tests.apptest_utils import open_page
    from ui.train import lab
    from ui.train import state as train_state

    calls = []
    monkeypatch.setattr(lab, "batch_size_study", lambda *a, **k: calls.append(1) or [])
    at = open_page("pages/train.py", "en", timeout=300)
    monkeypatch.setattr(train_state.POOL, "running", train_state.POOL.size)  # every slot busy
    at.button(key="train_lab_run").click().run()
    assert not at.exception
    assert calls == []
    assert any("busy" in w.value for w in at.warning)
    assert not train_state.POOL._queue  # the lab does not wait in the queue
