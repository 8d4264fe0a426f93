"""Compare the last few runs of this session, and export the current one (weights, config, metrics)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.training import Trainer
from ui.common import charts as ch
from ui.common.i18n import t
from ui.train import state as train_state


def _label(run: dict) -> str:
    s = run["settings"]
    loss = t(f"train.loss.{s.get('loss', 'cross_entropy')}")  # runs archived before the loss choice: cross-entropy
    return t(
        "train.compare.label", number=run["number"], opt=t(f"train.opt.{s['optimizer']}"), lr=f"{s['lr']:g}", loss=loss
    )


def compare_view() -> None:
    runs = train_state.runs_for_comparison()
    if not runs:
        st.caption(t("train.compare.empty"))
        return
    name = t("train.compare.run")
    _loss_overlay(runs, name)
    _accuracy_overlay(runs, name)
    table = pd.DataFrame(
        {
            name: [_label(r) for r in runs],
            t("train.compare.data"): [t(f"train.data.{r['settings']['data']}") for r in runs],
            t("train.compare.arch"): [_arch(r["settings"]["cfg"]) for r in runs],
            t("train.hyper.batch"): [r["settings"]["batch_size"] for r in runs],
            t("train.hyper.seed"): [r["settings"]["seed"] for r in runs],
            t("train.compare.epochs"): [len(r["val_acc"]) for r in runs],
            t("train.live.val_acc"): [f"{r['val_acc'][-1]:.1%}" if r["val_acc"] else "–" for r in runs],
            t("train.compare.status"): [t(f"train.status.{r['status']}") for r in runs],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(t("train.compare.help", n=train_state.MAX_RUNS))


def _loss_overlay(runs: list[dict], name: str) -> None:
    """Each run's loss curve, one colour and dash per run (its number fixes its place)."""
    shown = [r for r in runs if len(r["loss_x"])]
    losses = {r["settings"].get("loss", "cross_entropy") for r in shown}  # archived before the choice: cross-entropy
    axis = f"train.loss_axis.{next(iter(losses))}" if len(losses) == 1 else "train.loss_axis.mixed"
    it, loss = t("train.live.iter_axis"), t(axis)
    if not shown:
        return
    keys = [_label(r) for r in shown]
    rows = [
        {"iteration": int(x) + 1, "loss": float(y), "run": key}
        for r, key in zip(shown, keys)
        for x, y in zip(r["loss_x"], r["loss_y"])
    ]
    spec = ch.chart(
        rows,
        title=t("train.live.loss_title"),
        mark="line",
        encoding={
            "x": ch.quant("iteration", it, axis={"tickMinStep": 1}),  # iterations are whole numbers
            "y": ch.quant("loss", loss),
            "color": ch.series("run", keys, title=name),
            "strokeDash": ch.dashes("run", keys, title=name),
            "tooltip": [ch.tip("run", name, kind="nominal"), ch.tip("iteration", it), ch.tip("loss", loss, fmt=".4f")],
        },
        height=260,
    )
    items = ch.listing(f"{key}: {ch.num(float(r['loss_y'][-1]), 4)}" for r, key in zip(shown, keys))
    summary = t("train.desc.compare_loss", n=len(shown), items=items)
    ch.show(spec, description=t("train.about.compare_loss"), summary=summary)


def _accuracy_overlay(runs: list[dict], name: str) -> None:
    epoch, acc = t("train.live.epoch_axis"), t("train.live.val_acc")
    shown = [r for r in runs if r["val_acc"]]
    if not shown:
        return
    keys = [_label(r) for r in shown]
    rows = [
        {"epoch": e + 1, "acc": float(a), "run": key} for r, key in zip(shown, keys) for e, a in enumerate(r["val_acc"])
    ]
    spec = ch.chart(
        rows,
        title=t("train.live.val_acc"),
        mark={"type": "line", "point": {"filled": True, "size": 50}},
        encoding={
            "x": ch.quant("epoch", epoch, axis={"tickMinStep": 1}),
            "y": ch.quant("acc", acc, axis={"format": "%"}),
            "color": ch.series("run", keys, title=name),
            "strokeDash": ch.dashes("run", keys, title=name),
            "shape": ch.shapes("run", keys, title=name),
            "tooltip": [ch.tip("run", name, kind="nominal"), ch.tip("epoch", epoch), ch.tip("acc", acc, fmt=".1%")],
        },
        height=220,
    )
    items = ch.listing(f"{key}: {r['val_acc'][-1]:.1%}" for r, key in zip(shown, keys))
    summary = t("train.desc.compare_acc", n=len(shown), items=items)
    ch.show(spec, description=t("train.about.compare_acc"), summary=summary)


def _arch(cfg) -> str:
    act, pool = t(f"activations.fn.{cfg.activation}"), t(f"train.arch.pool_{cfg.pooling}")  # the names the page shows
    return f"{'/'.join(map(str, cfg.channels))} · {cfg.kernel_size}×{cfg.kernel_size} p{cfg.padding} · {act} · {pool}"


def metrics_csv(tr: Trainer) -> bytes:
    """One row per iteration: loss, and the epoch accuracies on the iteration that ends each epoch."""
    h = tr.history
    n = len(h.loss)
    df = pd.DataFrame({"iteration": np.arange(1, n + 1), "loss": h.loss})
    df["epoch"] = (df["iteration"] - 1) // tr.iters_per_epoch + 1
    ends = [(e + 1) * tr.iters_per_epoch for e in range(len(h.val_acc))]
    df["train_acc"] = pd.Series(dict(zip(ends, h.train_acc)), dtype=float).reindex(df["iteration"]).to_numpy()
    df["val_acc"] = pd.Series(dict(zip(ends, h.val_acc)), dtype=float).reindex(df["iteration"]).to_numpy()
    return df.to_csv(index=False).encode("utf-8")


def export_view(run: train_state.Run) -> None:
    tr = run.trainer
    st.caption(t("train.export.help"))
    c1, c2, c3 = st.columns(3)
    c1.download_button(
        t("train.export.weights"),
        tr.weights_bytes(),
        file_name=f"mini_cnn_run{run.number}.pt",
        mime="application/octet-stream",
        key="train_dl_weights",
        icon=":material/download:",
    )
    c2.download_button(
        t("train.export.config"),
        tr.settings_json().encode("utf-8"),
        file_name=f"mini_cnn_run{run.number}.json",
        mime="application/json",
        key="train_dl_config",
        icon=":material/download:",
    )
    c3.download_button(
        t("train.export.metrics"),
        metrics_csv(tr),
        file_name=f"mini_cnn_run{run.number}_metrics.csv",
        mime="text/csv",
        key="train_dl_metrics",
        icon=":material/download:",
    )
