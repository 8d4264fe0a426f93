"""Experiments on the /train page: cross-entropy vs MSE in one click, the batch-size lab, the live vocabulary line."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import streamlit as st

from core.cost import training_cost
from core.datasets import Dataset
from core.studies import STUDY_MAX_TRAIN, batch_size_study
from core.training import CNNConfig, Trainer
from serve.worker import WorkerError
from ui.common import charts as ch
from ui.common.i18n import t
from ui.train import state as train_state
from ui.train.controls import Hyper

QUEUE_KEY = "train_exp_queue"  # [(Trainer, settings)] runs the loss experiment still has to start
EXP_KEY = "train_exp_counter"
LAB_KEY = "train_lab_batch"
PENDING_KEY = "train_lab_pending"
# The loss experiment: the user's network, data, batch size and seed; these three are fixed.
EXPERIMENT = {"optimizer": "sgd", "lr": 0.1, "epochs": 3}
# Measured with the default network on the digits (batch 32, seed 0, 3 epochs): validation accuracy per loss.
# tests/test_why_losses.py trains both and checks these numbers, which the page quotes.
MEASURED = {"sgd": {"cross_entropy": 0.774, "mse": 0.145}, "adam": {"cross_entropy": 0.919, "mse": 0.936}}
MEASURED_ADAM_LR = 0.01
LAB_BATCHES = (1, 8, 32, 128, None)  # None: the whole (possibly subsampled) training set in one batch
LAB_LR = 0.1
LAB_BUDGET_MACS = 2 * 10**10  # multiply-adds one lab may spend (~2 s of one core): caps the training images


# ---------------------------------------------------------------------------------------------
# the live vocabulary line
# ---------------------------------------------------------------------------------------------


def vocab_line(tr: Trainer) -> None:
    """The vocabulary with this run's numbers: "iteration 37 of 45 in epoch 3 = 37 batches of 32 images"."""
    if tr.iteration == 0:
        return
    done, within = divmod(tr.iteration, tr.iters_per_epoch)
    epoch = done + 1
    if within == 0:  # at an epoch's end: all its batches done, not "0 of the next"
        epoch, within = done, tr.iters_per_epoch
    values = {"i": within, "n": tr.iters_per_epoch, "epoch": epoch, "batch": tr.batch_size, "total": f"{tr.n_train:,}"}
    full, rest = within - 1, tr.n_train - (within - 1) * tr.batch_size
    if within * tr.batch_size <= tr.n_train or full == 0:  # every batch so far was full (or the one batch is all)
        seen = min(within * tr.batch_size, tr.n_train)
        st.caption(t("train.lab.vocab_line", seen=f"{seen:,}", **{**values, "batch": min(tr.batch_size, tr.n_train)}))
    else:  # the epoch's last batch holds what was left over
        st.caption(t("train.lab.vocab_line_last", full=full, rest=rest, **values))


# ---------------------------------------------------------------------------------------------
# why cross-entropy: the same run with each loss
# ---------------------------------------------------------------------------------------------


def _experiment_runs(hp: Hyper, settings: dict, ds: Dataset, cfg: CNNConfig, number: int) -> list[tuple]:
    runs = []
    for loss in ("cross_entropy", "mse"):
        h = dataclasses.replace(hp, loss=loss, **EXPERIMENT)
        s = {**settings, **EXPERIMENT, "loss": loss, "experiment": number}
        trainer = Trainer(
            cfg, ds, optimizer=h.optimizer, lr=h.lr, batch_size=h.batch_size, epochs=h.epochs, seed=h.seed, loss=loss
        )
        runs.append((trainer, s))
    return runs


def _start_experiment(hp: Hyper, settings: dict, ds: Dataset, cfg: CNNConfig) -> None:
    run = train_state.current()
    if run is not None and run.running:  # never throw a running run away unasked (two clicks in one rerun: Start
        train_state.refuse("tab", 1)  # and this button): the page says why nothing new started
        return
    number = st.session_state.get(EXP_KEY, 0) + 1
    st.session_state[EXP_KEY] = number
    (first, first_settings), *rest = _experiment_runs(hp, settings, ds, cfg, number)
    if train_state.start(first, first_settings, running=True) is not None:  # None: refused, and the page says why
        st.session_state[QUEUE_KEY] = rest


def advance_queue() -> None:
    """Start the experiment's next run once the previous one has finished (call before the run controls)."""
    queue = st.session_state.get(QUEUE_KEY)
    if not queue:
        return
    run = train_state.current()
    if run is None or "experiment" not in run.settings or run.settings["experiment"] != queue[0][1]["experiment"]:
        st.session_state[QUEUE_KEY] = []  # the student started or reset something else: the experiment is off
    elif run.trainer.status != "ready" and train_state.start(*queue[0], running=True) is not None:
        queue.pop(0)  # refused (this browser's other tabs have its share): it tries again at the next rerun


def loss_experiment(settings: dict | None, ds: Dataset, cfg: CNNConfig | None, hp: Hyper) -> None:
    """The expander: why cross-entropy, the one-click pair of runs, and its result once both have trained."""
    sgd, adam = MEASURED["sgd"], MEASURED["adam"]
    cost = training_cost(cfg, len(ds.y_train), EXPERIMENT["epochs"], n_val=len(ds.y_val)) if cfg is not None else 0
    # open once an experiment was started, and stays open: a changed ``expanded`` would redraw it closed
    with st.expander(t("train.lab.loss_title"), expanded=EXP_KEY in st.session_state):
        st.write(t("train.lab.loss_intro"))
        st.caption(
            t(
                "train.lab.loss_measured",
                ce=f"{sgd['cross_entropy']:.0%}",
                mse=f"{sgd['mse']:.0%}",
                adam_ce=f"{adam['cross_entropy']:.0%}",
                adam_mse=f"{adam['mse']:.0%}",
                adam_lr=f"{MEASURED_ADAM_LR:g}",
            )
        )
        st.write(t("train.lab.loss_adam"))
        run = train_state.current()
        busy = run is not None and run.running
        st.button(
            t("train.lab.loss_button", epochs=EXPERIMENT["epochs"], lr=f"{EXPERIMENT['lr']:g}"),
            key="train_exp_loss",
            icon=":material/science:",
            disabled=cfg is None or settings is None or busy or cost > train_state.RUN_BUDGET_MACS,
            help=t("train.run.start_running") if busy else None,
            on_click=_start_experiment,
            args=(hp, settings, ds, cfg),
        )
        st.page_link("pages/softmax.py", label=t("train.lab.loss_link"), icon=":material/functions:")
        _experiment_result()


def _experiment_result() -> None:
    number = st.session_state.get(EXP_KEY)
    if number is None:
        return
    runs = [r for r in train_state.runs_for_comparison() if r["settings"].get("experiment") == number]
    done = {r["settings"]["loss"]: r for r in runs if r["status"] != "ready" and r["val_acc"]}
    if len(done) < 2:
        if st.session_state.get(QUEUE_KEY) or any(r["status"] == "ready" for r in runs):
            st.info(t("train.lab.loss_running"), icon=":material/hourglass_top:")
        return
    ce, mse = done["cross_entropy"], done["mse"]
    st.success(
        t(
            "train.lab.loss_result",
            ce=f"{ce['val_acc'][-1]:.1%}",
            mse=f"{mse['val_acc'][-1]:.1%}",
            a=ce["number"],
            b=mse["number"],
            epochs=len(ce["val_acc"]),
        )
    )


# ---------------------------------------------------------------------------------------------
# why mini-batches: one epoch at several batch sizes
# ---------------------------------------------------------------------------------------------


def lab_train_cap(cfg: CNNConfig) -> int:
    """Training images the lab uses: at most ``STUDY_MAX_TRAIN``, fewer for a network too costly per image."""
    per_image = training_cost(cfg, 1, 1)
    return max(32, min(STUDY_MAX_TRAIN, LAB_BUDGET_MACS // (len(LAB_BATCHES) * per_image)))


def batch_lab(ds: Dataset, cfg: CNNConfig | None, hp: Hyper) -> None:
    """The expander: run the study on demand, keep its rows in the session, show table, curves and lessons."""
    with st.expander(t("train.lab.batch_title"), expanded=LAB_KEY in st.session_state):
        st.write(t("train.lab.batch_intro", lr=f"{LAB_LR:g}"))
        # the click only asks (a callback survives a rerun of the script that the click starts); the script computes
        st.button(
            t("train.lab.batch_button"),
            key="train_lab_run",
            icon=":material/speed:",
            disabled=cfg is None,
            on_click=st.session_state.__setitem__,
            args=(PENDING_KEY, True),
        )
        if st.session_state.pop(PENDING_KEY, False) and cfg is not None:
            # the study is training too: it runs in a training worker, between the slices of the runs there
            try:
                with st.spinner(t("train.lab.batch_running")):
                    rows = train_state.POOL.call(
                        batch_size_study,
                        cfg,
                        ds,
                        LAB_BATCHES,
                        lr=LAB_LR,
                        seed=hp.seed,
                        loss=hp.loss,
                        max_train=lab_train_cap(cfg),
                    )
            except WorkerError as err:  # the worker died, failed or is swamped: nothing of the page is lost
                st.error(t("train.run.worker_timeout" if err.code == "timeout" else "train.lab.failed"))
                return
            st.session_state[LAB_KEY] = {
                "rows": rows,
                "n_all": len(ds.y_train),
                "n_val": len(ds.y_val),
                "k": ds.n_classes,
                "loss": hp.loss,
            }
        result = st.session_state.get(LAB_KEY)
        if result is not None:
            _batch_result(result)


def _batch_name(row, full: bool) -> str:
    return t("train.lab.full_batch", n=row.batch_size) if full else str(row.batch_size)


def _batch_result(result: dict) -> None:
    rows, n_all = result["rows"], result["n_all"]
    names = [_batch_name(r, i == len(rows) - 1) for i, r in enumerate(rows)]
    n = rows[0].n_train
    if rows[0].subsampled:
        st.caption(t("train.lab.subsampled", n=f"{n:,}", total=f"{n_all:,}", val=f"{result['n_val']:,}"))
    else:
        st.caption(t("train.lab.all_images", n=f"{n:,}", val=f"{result['n_val']:,}"))
    table = pd.DataFrame(
        {
            t("train.lab.col_batch"): names,
            t("train.lab.col_iters"): [r.iterations for r in rows],
            t("train.lab.col_seconds"): [f"{r.seconds:.2f}" for r in rows],
            t("train.lab.col_speed"): [f"{r.samples_per_s:,.0f}" for r in rows],
            t("train.lab.col_acc"): [f"{r.val_acc:.1%}" for r in rows],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    _loss_curves(rows, names, result["loss"])
    slow, fast = rows[0], max(rows, key=lambda r: r.samples_per_s)
    st.write(
        t(
            "train.lab.speed_lesson",
            b1=slow.batch_size,
            s1=f"{slow.samples_per_s:,.0f}",
            bf=fast.batch_size,
            sf=f"{fast.samples_per_s:,.0f}",
            ratio=f"{fast.samples_per_s / slow.samples_per_s:.1f}" if slow.samples_per_s > 0 else "–",
        )
    )
    full = rows[-1]
    st.write(
        t(
            "train.lab.full_lesson",
            n=full.batch_size,
            it1=slow.iterations,
            acc1=f"{slow.val_acc:.1%}",
            accf=f"{full.val_acc:.1%}",
            itf=full.iterations,
            chance=f"{1 / result['k']:.0%}",
        )
    )


def _loss_curves(rows, names: list[str], loss_name: str) -> None:
    it, loss, batch = t("train.lab.axis_update"), t(f"train.loss_axis.{loss_name}"), t("train.lab.col_batch")
    data = [
        {"i": i + 1, "loss": v, "batch": name}
        for r, name in zip(rows, names)
        for i, v in enumerate(r.loss)
        if math.isfinite(v) and v > 0  # a log axis: one image's loss spans several decades at batch size 1
    ]
    enc = {
        "x": ch.quant("i", it, scale={"type": "log"}, axis={"format": "~g"}),
        "y": ch.quant("loss", loss, scale={"type": "log"}, axis={"format": "~g"}),
        "color": ch.series("batch", names, title=batch),
        "tooltip": [ch.tip("batch", batch, kind="nominal"), ch.tip("i", it), ch.tip("loss", loss, fmt=".4f")],
    }
    few = [{**d} for d in data if len(rows[names.index(d["batch"])].loss) <= 12]  # short curves: show each update
    layers = [{"mark": {"type": "line", "strokeWidth": 1}, "encoding": enc}]
    layers.append({"mark": {"type": "point", "filled": True}, "data": {"values": few}, "encoding": enc})
    spec = ch.chart(
        data, layer=layers, title=t("train.lab.curves_title"), height=440
    )  # title, axes and legend included
    desc = t(
        "train.lab.curves_desc",
        listing=ch.listing(f"{name}: {r.iterations}" for r, name in zip(rows, names)),
    )
    ch.show(spec, description=desc, key="train_lab_curves")
    st.caption(t("train.lab.curves_note"))
