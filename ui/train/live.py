"""Run controls and the live view (counters, progress, loss and accuracy charts) of the /train page."""

from __future__ import annotations

import math

import streamlit as st

from core.cost import max_epochs_within, training_cost
from core.datasets import Dataset
from core.display import downsample
from core.training import CNNConfig, Trainer
from ui.common import charts as ch
from ui.common.i18n import t
from ui.train import state as train_state
from ui.train.controls import Hyper
from ui.train.lab import vocab_line

LOSS_POINTS = 400  # the loss chart never draws more points than this, however long the run
ACC_COLORS = [ch.OKABE_ITO["blue"], ch.OKABE_ITO["orange"]]  # training, validation: the same in every language
CURVES_S = 1.0  # the curves redraw this often during a run (the counters every tick, train_state.TICK_S)
GOOD_LR = {"sgd": "0.03–0.1", "momentum": "0.01–0.03", "adam": "0.003–0.01"}  # worked well on digits


def settings_of(data_key: str, ds: Dataset, cfg: CNNConfig, hp: Hyper) -> dict:
    """What a run was started with; a different dict means the run on screen is stale."""
    fingerprint = (len(ds.y_train), len(ds.y_val), tuple(ds.class_names), round(float(ds.x_train[:64].sum()), 3))
    return {
        "data": data_key,
        "fingerprint": fingerprint,  # two uploaded zips of the same shape still differ here
        "cfg": cfg,
        "optimizer": hp.optimizer,
        "lr": hp.lr,
        "batch_size": hp.batch_size,
        "epochs": hp.epochs,
        "seed": hp.seed,
        "loss": hp.loss,
    }


def run_cost(ds: Dataset, cfg: CNNConfig, hp: Hyper) -> int:
    """Multiply-adds the whole run would take (training and the validation pass after each epoch)."""
    return training_cost(cfg, len(ds.y_train), hp.epochs, n_val=len(ds.y_val))


def _new_trainer(ds: Dataset, cfg: CNNConfig, hp: Hyper) -> Trainer | None:
    if run_cost(ds, cfg, hp) > train_state.RUN_BUDGET_MACS:
        return None  # the page says why and disables Start (a click from an outdated page ends here)
    try:
        return Trainer(
            cfg,
            ds,
            optimizer=hp.optimizer,
            lr=hp.lr,
            batch_size=hp.batch_size,
            epochs=hp.epochs,
            seed=hp.seed,
            loss=hp.loss,
        )
    except ValueError:
        st.error(t("train.run.cannot_start"))
        return None


def _on_start(ds: Dataset, cfg: CNNConfig, hp: Hyper, settings: dict) -> None:
    run = train_state.current()
    if run is not None and run.running:  # never throw a running run away unasked (a click from a page drawn before
        train_state.refuse("tab", 1)  # it started, or a second click): the page says why nothing new started
        return
    trainer = _new_trainer(ds, cfg, hp)
    if trainer is not None:
        train_state.start(trainer, settings, running=True, pace=hp.pace)


def _on_pause() -> None:
    run = train_state.current()
    if run is not None:
        train_state.pause(run)


def _on_resume(pace: str) -> None:
    run = train_state.current()
    if run is not None and run.trainer.status == "ready":
        train_state.resume(run, pace)


def _on_step(ds: Dataset, cfg: CNNConfig | None, hp: Hyper, settings: dict | None) -> None:
    run = train_state.current()
    if run is not None and run.running:
        return  # as for Start: pause first
    if run is None or run.trainer.status != "ready" or (settings is not None and run.settings != settings):
        trainer = _new_trainer(ds, cfg, hp) if cfg is not None else None
        run = train_state.start(trainer, settings, running=False) if trainer is not None else None
    if run is not None:
        train_state.step_once(run)


def controls(data_key: str, ds: Dataset, cfg: CNNConfig | None, hp: Hyper) -> None:
    """Start / Pause / Resume / Step one batch / Reset (callbacks: the state changes before the page draws)."""
    run = train_state.current()
    settings = settings_of(data_key, ds, cfg, hp) if cfg is not None else None
    ready = run is not None and run.trainer.status == "ready"
    running = run is not None and run.running
    over = cfg is not None and run_cost(ds, cfg, hp) > train_state.RUN_BUDGET_MACS
    needs_new_run = not ready or (settings is not None and run.settings != settings)
    cols = st.columns(5)
    cols[0].button(
        t("train.run.start"),
        key="train_start",
        type="primary",
        icon=":material/play_arrow:",
        disabled=cfg is None or over or running,
        help=t("train.run.start_running") if running else None,
        on_click=_on_start,
        args=(ds, cfg, hp, settings),
    )
    cols[1].button(
        t("train.run.pause"),
        key="train_pause",
        icon=":material/pause:",
        disabled=not (run and run.running),
        on_click=_on_pause,
    )
    cols[2].button(
        t("train.run.resume"),
        key="train_resume",
        icon=":material/resume:",
        disabled=not (ready and not run.running),
        on_click=_on_resume,
        args=(hp.pace,),
    )
    cols[3].button(
        t("train.run.step"),
        key="train_step",
        icon=":material/skip_next:",
        disabled=running or (needs_new_run and (cfg is None or over)),
        on_click=_on_step,
        args=(ds, cfg, hp, settings),
    )
    cols[4].button(
        t("train.run.reset"),
        key="train_reset",
        icon=":material/restart_alt:",
        disabled=run is None,
        on_click=train_state.reset,
    )
    if run is not None and settings is not None and run.settings != settings:
        st.caption(t("train.run.stale_running" if running else "train.run.stale"))
    refused = train_state.refusal()
    if refused is not None:
        kind, count, cap = refused
        st.warning(t(f"train.run.cap_{kind}", count=count, cap=cap), icon=":material/group:")
    if cfg is not None:
        _budget_note(ds, cfg, hp)


def _budget_note(ds: Dataset, cfg: CNNConfig, hp: Hyper) -> None:
    """The run's cost against the bound every run has on a shared server; over it, how to get under."""
    cost, budget = run_cost(ds, cfg, hp), train_state.RUN_BUDGET_MACS
    billions = {"cost": _billions(cost), "budget": _billions(budget)}
    if cost <= budget:
        st.caption(t("train.budget.note", **billions))
        return
    fit = max_epochs_within(cfg, len(ds.y_train), budget, n_val=len(ds.y_val))
    if fit >= 1:
        st.error(t("train.budget.over_epochs", epochs=fit, **billions))
    else:
        st.error(t("train.budget.over_model", **billions))


def _billions(macs: int) -> str:
    value = macs / 1e9
    return f"{value:,.0f}" if value >= 10 else f"{value:.2g}"


def live_view(pace: str) -> None:
    """Two fragments that redraw only themselves: the counters every tick, and the curves (the costlier drawing)
    at most every ``CURVES_S``. The run trains in a worker process meanwhile (``serve.worker``): a tick only reads
    its latest snapshot, and takes the run home once the worker sent it back."""
    run = train_state.current()
    running = run is not None and run.running

    @st.fragment(run_every=train_state.TICK_S if running else None)
    def _live() -> None:
        run = train_state.current()
        if run is not None:
            train_state.poll(run)
            if run.running:
                train_state.set_pace(run, pace)
        _counters(run)
        if run is not None and not run.running:
            # the outcome is drawn here, with the counters: it shows even when the page rerun below is lost
            # (two fragments of one session ticking at once: seen in the browser with two trainings at a time)
            _status_message(run)
            if running:
                st.rerun()  # the run stopped inside the fragment: redraw the page (stops the timers too)

    @st.fragment(run_every=CURVES_S if running else None)
    def _curves() -> None:
        run = train_state.current()
        if run is None:
            return
        left, right = st.columns(2)
        with left:
            _loss_chart(run.trainer.history.loss, run.trainer.loss_name)
        with right:
            _accuracy_chart(run.trainer.history.train_acc, run.trainer.history.val_acc)

    _live()
    _curves()


def _counters(run: train_state.Run | None) -> None:
    if run is None:
        st.info(t("train.run.idle"))
        return
    tr = run.trainer
    p = tr.progress()
    within = p.iteration - p.epoch * p.iters_per_epoch
    if p.iteration >= p.total_iterations:
        within = p.iters_per_epoch  # the end: the last epoch's batches are all done (not "0 of the next")
    c = st.columns(5)
    c[0].metric(t("train.live.epoch"), f"{p.epoch} / {p.epochs}")
    c[1].metric(t("train.live.iteration"), f"{within} / {p.iters_per_epoch}", help=t("train.live.iteration_help"))
    c[2].metric(t("train.live.total_iters"), f"{p.iteration:,}")
    c[3].metric(t("train.live.speed"), f"{p.samples_per_s:,.0f}")
    c[4].metric(t("train.live.val_acc"), f"{tr.history.val_acc[-1]:.1%}" if tr.history.val_acc else "–")
    eta_s = run.eta_s()
    eta = t("train.live.eta", seconds=f"{eta_s:.0f}") if eta_s is not None else ""
    st.progress(p.fraction, text=t("train.live.progress", pct=f"{p.fraction:.0%}", eta=eta))
    vocab_line(tr)  # ui/train/lab.py: the iteration / batch / epoch words with this run's numbers
    if run.running and run.waiting is not None:
        st.info(
            t("train.run.waiting", ahead=run.waiting, slots=train_state.POOL.size * train_state.POOL.active),
            icon=":material/hourglass_top:",
        )


def _loss_chart(loss: list[float], loss_name: str = "cross_entropy") -> None:
    x, y = downsample(loss, max_points=LOSS_POINTS)
    if len(x) == 0:
        st.caption(t("train.live.no_loss"))
        return
    it, value = t("train.live.iter_axis"), t(f"train.loss_axis.{loss_name}")  # the run's own loss
    spec = ch.chart(
        [{"iteration": int(i) + 1, "loss": float(v)} for i, v in zip(x, y)],
        title=t("train.live.loss_title"),
        mark={"type": "line", "color": ch.OKABE_ITO["blue"]},
        encoding={
            "x": ch.quant("iteration", it, axis={"tickMinStep": 1}),  # no "1.5"
            "y": ch.quant("loss", value),
            "tooltip": [ch.tip("iteration", it), ch.tip("loss", value, fmt=".4f")],
        },
        height=240,
    )
    summary = t("train.desc.loss", n=len(loss), first=ch.num(float(y[0]), 4), last=ch.num(float(y[-1]), 4))
    ch.show(spec, description=t("train.about.loss"), summary=summary)


def accuracy_spec(train_acc: list[float], val_acc: list[float]) -> dict:
    """Training and validation accuracy per epoch: fixed colour, dash and point shape per series, in any language."""
    epoch, acc, part = t("train.live.epoch_axis"), t("train.live.acc_axis"), t("train.live.part")
    keys = [t("train.live.train"), t("train.live.val")]
    rows = [{"epoch": e + 1, "acc": float(a), "part": keys[0]} for e, a in enumerate(train_acc)]
    rows += [{"epoch": e + 1, "acc": float(a), "part": keys[1]} for e, a in enumerate(val_acc)]
    return ch.chart(
        rows,
        title=t("train.live.acc_title"),
        mark={"type": "line", "point": {"filled": True, "size": 60}},
        encoding={
            "x": ch.quant("epoch", epoch, axis={"tickMinStep": 1}),
            "y": ch.quant("acc", acc, scale={"domain": [0, 1]}, axis={"format": "%"}),
            "color": ch.series("part", keys, title=part, colors=ACC_COLORS),
            "strokeDash": ch.dashes("part", keys, title=part),
            "shape": ch.shapes("part", keys, title=part),
            "tooltip": [ch.tip("epoch", epoch), ch.tip("part", part, kind="nominal"), ch.tip("acc", acc, fmt=".1%")],
        },
        height=240,
    )


def _accuracy_chart(train_acc: list[float], val_acc: list[float]) -> None:
    if not val_acc:
        st.caption(t("train.live.no_epoch"))
        return
    last_train = f"{train_acc[-1]:.1%}" if train_acc else "–"
    summary = t("train.desc.acc", n=len(val_acc), train=last_train, val=f"{val_acc[-1]:.1%}")
    ch.show(accuracy_spec(train_acc, val_acc), description=t("train.about.acc"), summary=summary)


def _status_message(run: train_state.Run) -> None:
    tr = run.trainer
    if run.error is not None:
        st.error(t(f"train.run.worker_{run.error}"))
    if tr.status == "diverged":
        loss = tr.history.loss[-1]
        shown = f"{loss:.3g}" if math.isfinite(loss) else str(loss)
        st.error(
            t(
                "train.run.diverged",
                iteration=tr.iteration + 1,
                loss=shown,
                lr=f"{tr.lr:g}",
                smaller=f"{tr.lr / 10:g}",
                opt=t(f"train.opt.{tr.optimizer_name}"),
                good=GOOD_LR[tr.optimizer_name],
            )
        )
    elif tr.status == "done":
        acc = tr.history.val_acc[-1]
        st.success(t("train.run.done", epochs=tr.epoch, acc=f"{acc:.1%}"))
        chance = 1.0 / tr.cfg.n_classes
        if acc < 1.5 * chance:
            st.warning(
                t(
                    "train.run.stalled",
                    acc=f"{acc:.1%}",
                    chance=f"{chance:.0%}",
                    lr=f"{tr.lr:g}",
                    opt=t(f"train.opt.{tr.optimizer_name}"),
                    good=GOOD_LR[tr.optimizer_name],
                )
            )
            if tr.loss_name == "mse":  # here the loss, more than the learning rate, is the likely cause
                st.caption(t("train.lab.mse_stalled"))
    elif not run.running and tr.iteration > 0:
        st.caption(t("train.run.paused"))
