"""Compare the last few runs of this session, and export the current one (weights, config, metrics)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from core.training import Trainer
from ui.common.i18n import t
from ui.train import state as train_state


def _label(run: dict) -> str:
    s = run["settings"]
    return t("train.compare.label", number=run["number"], opt=t(f"train.opt.{s['optimizer']}"), lr=f"{s['lr']:g}")


def compare_view() -> None:
    runs = train_state.runs_for_comparison()
    if not runs:
        st.caption(t("train.compare.empty"))
        return
    it, loss, name = t("train.live.iter_axis"), t("train.live.loss_axis"), t("train.compare.run")
    frames = [
        pd.DataFrame({it: np.asarray(r["loss_x"]) + 1, loss: r["loss_y"], name: _label(r)})
        for r in runs
        if len(r["loss_x"])
    ]
    if frames:
        df = pd.concat(frames, ignore_index=True)
        chart = (
            alt.Chart(df, title=t("train.live.loss_title"))
            .mark_line()
            .encode(
                x=alt.X(it, type="quantitative", axis=alt.Axis(tickMinStep=1)),  # iterations are whole numbers
                y=alt.Y(loss, type="quantitative"),
                color=alt.Color(name, type="nominal"),
                tooltip=[name, it, alt.Tooltip(loss, format=".4f")],
            )
            .properties(height=260)
        )
        st.altair_chart(chart, width="stretch")
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


def _accuracy_overlay(runs: list[dict], name: str) -> None:
    epoch, acc = t("train.live.epoch_axis"), t("train.live.val_acc")
    rows = [(e + 1, a, _label(r)) for r in runs for e, a in enumerate(r["val_acc"])]
    if not rows:
        return
    df = pd.DataFrame(rows, columns=[epoch, acc, name])
    chart = (
        alt.Chart(df, title=t("train.live.val_acc"))
        .mark_line(point=True)
        .encode(
            x=alt.X(epoch, type="quantitative", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y(acc, type="quantitative", axis=alt.Axis(format="%")),
            color=alt.Color(name, type="nominal"),
            tooltip=[name, epoch, alt.Tooltip(acc, format=".1%")],
        )
        .properties(height=220)
    )
    st.altair_chart(chart, width="stretch")


def _arch(cfg) -> str:
    return f"{'/'.join(map(str, cfg.channels))} · {cfg.kernel_size}×{cfg.kernel_size} p{cfg.padding} · {cfg.activation} · {cfg.pooling}"


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
