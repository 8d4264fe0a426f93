"""Run controls and the live view (counters, progress, loss and accuracy charts) of the /train page."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd
import streamlit as st

from core.datasets import Dataset
from core.display import downsample
from core.training import CNNConfig, Trainer
from ui.common.i18n import t
from ui.train import state as train_state
from ui.train.controls import Hyper

LOSS_POINTS = 400  # the loss chart never draws more points than this, however long the run
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
    }


def _new_trainer(ds: Dataset, cfg: CNNConfig, hp: Hyper) -> Trainer | None:
    try:
        return Trainer(
            cfg, ds, optimizer=hp.optimizer, lr=hp.lr, batch_size=hp.batch_size, epochs=hp.epochs, seed=hp.seed
        )
    except ValueError:
        st.error(t("train.run.cannot_start"))
        return None


def _on_start(ds: Dataset, cfg: CNNConfig, hp: Hyper, settings: dict) -> None:
    trainer = _new_trainer(ds, cfg, hp)
    if trainer is not None:
        train_state.start(trainer, settings, running=True)


def _on_pause() -> None:
    run = train_state.current()
    if run is not None:
        run.set_running(False)


def _on_resume() -> None:
    run = train_state.current()
    if run is not None and run.trainer.status == "ready":
        run.set_running(True)


def _on_step(ds: Dataset, cfg: CNNConfig | None, hp: Hyper, settings: dict | None) -> None:
    run = train_state.current()
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
    cols = st.columns(5)
    cols[0].button(
        t("train.run.start"),
        key="train_start",
        type="primary",
        icon=":material/play_arrow:",
        disabled=cfg is None,
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
    )
    cols[3].button(
        t("train.run.step"),
        key="train_step",
        icon=":material/skip_next:",
        disabled=cfg is None and not ready,
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
        st.caption(t("train.run.stale"))


def live_view(pace: str) -> None:
    """The fragment that trains one chunk per tick and redraws only itself."""
    run = train_state.current()
    every = train_state.TICK_S if run is not None and run.running else None

    @st.fragment(run_every=every)
    def _live() -> None:
        run = train_state.current()
        if run is not None and run.running:
            train_state.advance(run, pace)
        _render(run)
        if run is not None and not run.running and every is not None:
            st.rerun()  # the run stopped inside the fragment: redraw the page (stops the timer too)

    _live()


def _render(run: train_state.Run | None) -> None:
    if run is None:
        st.info(t("train.run.idle"))
        return
    tr = run.trainer
    p = tr.progress()
    within = p.iteration - p.epoch * p.iters_per_epoch
    c = st.columns(5)
    c[0].metric(t("train.live.epoch"), f"{p.epoch} / {p.epochs}")
    c[1].metric(t("train.live.iteration"), f"{within} / {p.iters_per_epoch}", help=t("train.live.iteration_help"))
    c[2].metric(t("train.live.total_iters"), f"{p.iteration:,}")
    c[3].metric(t("train.live.speed"), f"{p.samples_per_s:,.0f}")
    c[4].metric(t("train.live.val_acc"), f"{tr.history.val_acc[-1]:.1%}" if tr.history.val_acc else "–")
    eta_s = run.eta_s()
    eta = t("train.live.eta", seconds=f"{eta_s:.0f}") if eta_s is not None else ""
    st.progress(p.fraction, text=t("train.live.progress", pct=f"{p.fraction:.0%}", eta=eta))
    left, right = st.columns(2)
    with left:
        _loss_chart(tr.history.loss)
    with right:
        _accuracy_chart(tr.history.train_acc, tr.history.val_acc)
    _status_message(run)


def _loss_chart(loss: list[float]) -> None:
    x, y = downsample(loss, max_points=LOSS_POINTS)
    if len(x) == 0:
        st.caption(t("train.live.no_loss"))
        return
    df = pd.DataFrame({t("train.live.iter_axis"): x + 1, t("train.live.loss_axis"): y})
    chart = (
        alt.Chart(df, title=t("train.live.loss_title"))
        .mark_line()
        .encode(
            x=alt.X(t("train.live.iter_axis"), type="quantitative", axis=alt.Axis(tickMinStep=1)),  # no "1.5"
            y=alt.Y(t("train.live.loss_axis"), type="quantitative"),
            tooltip=list(df.columns),
        )
        .properties(height=240)
    )
    st.altair_chart(chart, width="stretch")


def _accuracy_chart(train_acc: list[float], val_acc: list[float]) -> None:
    if not val_acc:
        st.caption(t("train.live.no_epoch"))
        return
    epoch, acc, part = t("train.live.epoch_axis"), t("train.live.acc_axis"), t("train.live.part")
    rows = [(e + 1, a, t("train.live.train")) for e, a in enumerate(train_acc)]
    rows += [(e + 1, a, t("train.live.val")) for e, a in enumerate(val_acc)]
    df = pd.DataFrame(rows, columns=[epoch, acc, part])
    chart = (
        alt.Chart(df, title=t("train.live.acc_title"))
        .mark_line(point=True)
        .encode(
            x=alt.X(epoch, type="quantitative", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y(acc, type="quantitative", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
            color=alt.Color(part, type="nominal"),
            tooltip=[epoch, part, alt.Tooltip(acc, format=".1%")],
        )
        .properties(height=240)
    )
    st.altair_chart(chart, width="stretch")


def _status_message(run: train_state.Run) -> None:
    tr = run.trainer
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
    elif not run.running and tr.iteration > 0:
        st.caption(t("train.run.paused"))
