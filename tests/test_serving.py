"""Serving a class: runs train in worker processes and wait their turn there, a run is bounded, the run is on screen
at once, a session that ends lets go of its run (issues 11, 12). The pool itself is tested in tests/test_worker.py;
here, what a student's session sees of it."""

from __future__ import annotations

import gc
import weakref
from types import SimpleNamespace

import pytest
import streamlit as st
import torch
from torch.utils.flop_counter import FlopCounterMode

from core.cost import forward_macs, max_epochs_within, training_cost
from core.datasets import digits
from core.training import CNNConfig, Trainer, build_model
from core.zipdata import ZipLimits
from serve.worker import Job, Pool, WorkerError
from tests.apptest_utils import open_page, raw_keys, rerun_until
from ui.common.i18n import TEXT
from ui.train import state as train_state

torch.set_num_threads(1)
PAGE = "pages/train.py"


@pytest.fixture(autouse=True)
def _sessions_end_with_their_test():
    """A test's sessions end with it, and their runs leave the workers (as an expired session's do): no run of
    one test holds a place in line that the next test's run would wait behind."""
    yield
    gc.collect()


@pytest.fixture
def pool(monkeypatch):
    """The page's pool, for one test: one worker that trains one run at a time; later runs wait in line."""
    p = Pool(1, active=1)
    monkeypatch.setattr(train_state, "POOL", p)
    yield p
    gc.collect()  # the test's sessions let go of their runs while the worker still listens
    p.close()


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


# ------------------------------------------------------------------ the training workers (serve.worker)


def test_the_run_trains_in_a_worker_never_in_the_page_process(pool, monkeypatch):
    """Issue 11: a run trained in the script thread held the one GIL every student's click waits for."""
    here = []
    monkeypatch.setattr(Trainer, "step", lambda tr, n=1: here.append(n))  # this process's Trainers only
    at = _open(train_pace="slow")
    at.button(key="train_start").click().run()
    run = _run(at)
    rerun_until(at, lambda at: run.trainer.iteration >= 2)  # the worker trains between reruns
    assert run.running and pool.held() == 1
    assert here == [] and run.home.iteration == 0  # the session's own copy stays as it left
    at.button(key="train_pause").click().run()  # the run comes home with every batch it trained away
    assert not run.running and pool.held() == 0 and here == []
    assert run.trainer is run.home and run.home.iteration >= 2 and len(run.home.history.loss) == run.home.iteration
    _ok(at)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_waiting_run_says_so_with_its_place_in_line(pool, lang):
    first = _open(lang, train_pace="slow")  # another student's run takes the pool's one place
    first.button(key="train_start").click().run()
    rerun_until(first, lambda at: _run(at).trainer.iteration >= 1)
    other = pool.submit(_run(first).home, rate=1.0)  # a third student's run waits in line
    at = _open(lang, train_pace="slow")
    at.button(key="train_start").click().run()
    run = _run(at)

    def says(ahead: int) -> bool:
        rerun_until(at, lambda at: run.waiting == ahead)
        at.run()  # drawn after the worker told the place
        _ok(at)
        return TEXT["train.run.waiting"][lang].format(ahead=ahead, slots=1) in [i.value for i in at.info]

    assert says(1) and run.running and run.trainer.iteration == 0
    other.recall()  # that student paused: one fewer ahead
    assert says(0) and run.running and run.trainer.iteration == 0
    first.button(key="train_pause").click().run()  # the first run leaves the worker: the next in line trains
    rerun_until(at, lambda at: run.waiting is None and run.trainer.iteration >= 1)
    at.run()
    assert run.running and not [i.value for i in at.info if i.value.startswith(TEXT["train.run.waiting"][lang][:12])]
    _ok(at)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_waiting_message_counts_every_run_the_server_trains_at_once(monkeypatch, lang):
    p = Pool(1, active=2)  # one worker, two runs at once: "this server trains 2 runs at a time"
    monkeypatch.setattr(train_state, "POOL", p)
    try:
        ds = digits(seed=0)
        cfg = CNNConfig(input_shape=ds.input_shape, n_classes=ds.n_classes)
        others = [p.submit(Trainer(cfg, ds, epochs=15), rate=1.0) for _ in range(2)]  # two students' runs train
        at = _open(lang, train_pace="slow")
        at.button(key="train_start").click().run()
        run = _run(at)
        rerun_until(at, lambda at: run.waiting == 0 and all(o.live.iteration >= 1 for o in others))
        at.run()
        assert all(o.away and o.waiting is None for o in others) and run.trainer.iteration == 0
        waiting = TEXT["train.run.waiting"][lang].format(ahead=0, slots=p.size * p.active)
        assert waiting in [i.value for i in at.info], [i.value for i in at.info]
    finally:
        p.close()


def test_a_session_that_ends_lets_go_of_its_run(pool):
    """Nothing keeps a student's run once the session is gone: not this process, not the worker training it."""
    at = _open(train_pace="slow")
    at.button(key="train_start").click().run()
    rerun_until(at, lambda at: _run(at).trainer.iteration >= 1)
    assert pool.held() == 1
    home, job = weakref.ref(_run(at).home), weakref.ref(_run(at).job)
    assert home() is not None and job() is not None
    del at  # Streamlit drops an expired session's state, the run with it
    gc.collect()
    assert home() is None and job() is None
    assert pool.held() == 0  # the worker dropped the run too


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_worker_that_dies_is_said_and_the_run_comes_back_as_it_left(pool, lang):
    at = _open(lang, train_pace="slow")
    at.button(key="train_step").click().run()  # one batch here, then it resumes in the worker
    at.button(key="train_resume").click().run()
    run = _run(at)
    rerun_until(at, lambda at: run.trainer.iteration >= 2)
    pool._workers[0].proc.kill()  # out of memory, say
    rerun_until(at, lambda at: not run.running)
    _ok(at)
    lost = TEXT["train.run.worker_lost"][lang]  # "… came back as it was when it started or resumed"
    assert lost in [e.value for e in at.error]
    assert run.error == "lost" and run.home.iteration == 1 and run.home.status == "ready"
    at.button(key="train_resume").click().run()  # a new worker takes it
    rerun_until(at, lambda at: run.trainer.iteration >= 2)
    assert run.error is None and lost not in [e.value for e in at.error]
    _ok(at)


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
    rerun_until(at, lambda at: run.trainer.iteration > before)  # it goes on training in its worker
    assert _run(at) is run and run.running
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
    rerun_until(at, lambda at: not _run(at).running)
    tr = _run(at).trainer
    assert tr.status == "done" and tr is _run(at).home
    values = {m.label: m.value for m in at.metric}
    assert values[TEXT["train.live.epoch"][lang]] == "1 / 1"
    assert values[TEXT["train.live.iteration"][lang]] == f"{tr.iters_per_epoch} / {tr.iters_per_epoch}"
    _ok(at)


def test_the_run_is_on_screen_before_its_first_chunk_of_training(monkeypatch):
    """Issue 12.16: after Start the page sat greyed out, still saying "No run yet", while the first chunk trained.

    A worker that never gets to the run stands for its first batches: the page shows the run before any."""

    class Stuck:
        size, active = 1, 1

        def warm(self):
            pass

        def submit(self, trainer, *, rate=None):
            return Job(1, trainer, SimpleNamespace(send=lambda *msg: None))  # away, and never a batch

    monkeypatch.setattr(train_state, "POOL", Stuck())
    at = _open()
    at.button(key="train_start").click().run()
    _ok(at)
    assert _run(at).running and _run(at).trainer.iteration == 0
    assert TEXT["train.run.idle"]["en"] not in [i.value for i in at.info]
    values = {m.label: m.value for m in at.metric}
    assert values[TEXT["train.live.epoch"]["en"]] == "0 / 15"
    assert values[TEXT["train.live.iteration"]["en"]] == "0 / 45"


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
    # the counters tick every TICK_S: the metrics come from the fragment that polls the worker
    assert train_state.TICK_S < 1.0 and at.metric
    assert not at.tabs and TEXT["train.inside.while_running"]["en"] in [c.value for c in at.caption]
    at.button(key="train_pause").click().run()
    assert at.tabs  # paused: the views inside the network are back
    _ok(at)


def test_the_batch_lab_trains_in_a_worker(pool, monkeypatch):
    """The batch-size lab trains too: its study is computed in a training worker, never in the page's process."""
    from core.studies import batch_size_study

    asked, real_call = [], pool.call

    def call(fn, *args, **kwargs):
        asked.append(fn)
        return real_call(fn, *args, **kwargs)

    monkeypatch.setattr(pool, "call", call)
    monkeypatch.setattr(Trainer, "step", lambda tr, n=1: pytest.fail("a batch trained in the page's process"))
    at = _open()
    at.button(key="train_lab_run").click().run()
    _ok(at)
    assert asked == [batch_size_study]
    assert [r.batch_size for r in at.session_state["train_lab_batch"]["rows"]] == [1, 8, 32, 128, 800]


@pytest.mark.parametrize(
    ("code", "key"),
    [("lost", "train.lab.failed"), ("failed", "train.lab.failed"), ("timeout", "train.run.worker_timeout")],
)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_lab_the_worker_could_not_finish_says_so(monkeypatch, lang, code, key):
    class Down:
        size, active = 1, 1

        def warm(self):
            pass

        def call(self, fn, *args, **kwargs):
            raise WorkerError(code, "the worker could not", seconds=600.0, error="MemoryError")

    monkeypatch.setattr(train_state, "POOL", Down())
    at = _open(lang)
    at.button(key="train_lab_run").click().run()
    _ok(at)
    assert [e.value for e in at.error] == [TEXT[key][lang]]
    assert "train_lab_batch" not in at.session_state  # nothing of a study was kept
    at.run()
    assert not at.error  # the next click is not haunted by it
