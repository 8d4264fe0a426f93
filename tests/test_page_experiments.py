"""Why cross-entropy and why mini-batches through the real pages (both languages): every number on screen is
core's, and every sentence is the one its numbers make true."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch

from core.saturation import confidently_wrong
from core.softmax import cross_entropy_grad, cross_entropy_loss, mse_grad, mse_loss, softmax
from tests.apptest_utils import open_page, raw_keys, rerun_until
from ui.common.i18n import TEXT
from ui.common.safe import escape_md

torch.set_num_threads(1)
LANGS = ["en", "ko"]


def _ok(at):
    assert not at.exception, [e.value for e in at.exception]
    assert not raw_keys(at), raw_keys(at)


def _specs(at) -> list[dict]:
    def nodes(node):
        for child in getattr(node, "children", {}).values():
            yield child
            yield from nodes(child)

    return [json.loads(el.proto.spec) for el in nodes(at._tree) if getattr(el, "type", "") == "vega_lite_chart"]


def _chart_descriptions(at) -> list[str]:
    return [spec.get("description", "") for spec in _specs(at)]


def _y_titles(at) -> list[str]:
    def titles(spec):
        y = spec.get("encoding", {}).get("y", {})
        return [y.get("title")] + [t for layer in spec.get("layer", []) for t in titles(layer)]

    return [t for spec in _specs(at) for t in titles(spec) if t]


def _texts(at, kind: str) -> list[str]:
    return [el.value for el in getattr(at, kind)]


# ---------------------------------------------------------------------------------------------
# the softmax page: both losses side by side, the confident mistake, the link to entropy
# ---------------------------------------------------------------------------------------------


def _why_values(z, y, temperature, name):
    p = softmax(z, temperature=temperature)[y]
    ce = float(cross_entropy_grad(z, y, temperature=temperature)[y])
    mse = float(mse_grad(z, y, temperature=temperature)[y])
    values = {
        "name": name,
        "p": f"{p:.2g}",
        "ce": f"{ce:+.4f}",
        "limit": f"{-1 / temperature:+.4g}",
        "mse": f"{mse:+.2g}",
    }
    return p, ce, mse, values


@pytest.mark.parametrize("lang", LANGS)
def test_softmax_page_shows_both_losses_and_the_confident_mistake(lang):
    at = open_page("pages/softmax.py", lang, query={"sm_T": "0.5"})
    _ok(at)
    ss = at.session_state
    z, y, temperature = np.array(ss["sm_z"]), ss["sm_y"], ss["sm_T"]
    name = TEXT["softmax.default_names"][lang].split(",")[y]
    assert TEXT["softmax.h.why"][lang] in _texts(at, "header")
    metrics = {m.label: m.value for m in at.metric}
    assert (
        metrics[TEXT["softmax.why.ce_loss"][lang]] == f"{float(cross_entropy_loss(z, y, temperature=temperature)):.4f}"
    )
    assert metrics[TEXT["softmax.why.mse_loss"][lang]] == f"{float(mse_loss(z, y, temperature=temperature)):.4f}"
    p, ce, mse, values = _why_values(z, y, temperature, name)
    assert p >= 0.01  # the default logits: not yet a confident mistake
    assert TEXT["softmax.why.not_yet"][lang].format(**values) in _texts(at, "info")
    bits = TEXT["softmax.why.bits"][lang].format(name=name, p=f"{p:.4f}", bits=f"{-math.log2(p):.4f}")
    assert any(escape_md(bits) in c for c in _texts(at, "caption")), _texts(at, "caption")  # Markdown-escaped
    links = {str(link.proto.page) for link in at.page_link}
    assert any("entropy" in x for x in links) and any("train" in x for x in links), links

    at.button(key="sm_wrong").click().run()
    _ok(at)
    wrong = np.round(confidently_wrong(z, y, temperature=temperature), 4)
    assert ss["sm_z"] == list(wrong)
    p, ce, mse, values = _why_values(wrong, y, temperature, name)
    assert p < 0.01 and ce == pytest.approx(-1 / temperature, rel=0.01)
    ratio = abs(ce) / abs(mse)
    shown = f"{ratio:,.0f}" if ratio >= 10 else f"{ratio:.2g}"
    assert TEXT["softmax.why.confident"][lang].format(ratio=shown, **values) in _texts(at, "warning")
    descriptions = _chart_descriptions(at)
    assert TEXT["softmax.why.bars_desc"][lang] in descriptions, descriptions
    # the bars' numbers are in the table beside them (the spec stays the same as they move: issue 21)
    side = next(tb.value for tb in at.table if list(tb.value.columns)[1] == "p")  # class, p, ∂/∂z CE, ∂/∂z MSE
    assert side.iloc[y, 2] == escape_md(f"{ce:+.4g}") and side.iloc[y, 3] == escape_md(f"{mse:+.4g}")


def test_entropy_page_links_cross_entropy_to_why_cross_entropy():
    for lang in LANGS:
        at = open_page("pages/entropy.py", lang)
        _ok(at)
        assert TEXT["entropy.ce.why_loss"][lang] in _texts(at, "caption")
        labels = [link.proto.label for link in at.page_link]
        assert TEXT["entropy.ce.why_loss_link"][lang] in labels


# ---------------------------------------------------------------------------------------------
# the train page: the loss choice, the one-click experiment, the batch lab, the live vocabulary line
# ---------------------------------------------------------------------------------------------


def _open_train(lang: str, **query: str):
    at = open_page("pages/train.py", lang, query=query or None, timeout=180)
    _ok(at)
    return at


def _open_tab(at, name: str, lang: str) -> None:
    """Open one tab of "Inside the network" (only the open tab is drawn), as a student's click does."""
    from ui.train.inside import TABS_KEY

    at.session_state[TABS_KEY] = TEXT[f"train.tab.{name}"][lang]
    at.run()


def _compare_labels(at, lang: str) -> list[str]:
    name = TEXT["train.compare.run"][lang]
    return [str(v) for df in at.dataframe if name in df.value.columns for v in df.value[name]]


@pytest.mark.parametrize("lang", LANGS)
def test_loss_choice_trains_with_mse_and_labels_the_run(lang):
    at = _open_train(lang, train_pace="slow", train_loss="mse")
    radio = at.radio(key="train_loss")
    assert radio.value == "mse" and radio.proto.raw_value == TEXT["train.loss.mse"][lang]
    at.button(key="train_step").click().run()
    _ok(at)
    run = at.session_state["train_run"]
    assert run.trainer.loss_name == "mse" and run.settings["loss"] == "mse"
    _open_tab(at, "compare", lang)
    label = TEXT["train.compare.label"][lang].format(
        number=run.number, opt=TEXT["train.opt.adam"][lang], lr="0.01", loss=TEXT["train.loss.mse"][lang]
    )
    assert label in _compare_labels(at, lang)
    # the live vocabulary line with this run's numbers: 1 batch of 32 done in epoch 1
    line = TEXT["train.lab.vocab_line"][lang].format(i=1, n=45, epoch=1, batch=32, seen="32", total="1,438")
    assert line in _texts(at, "caption")
    # the loss curves say which loss they plot (live chart and Compare runs): never "cross-entropy" for an MSE run
    titles = _y_titles(at)
    assert titles.count(TEXT["train.loss_axis.mse"][lang]) >= 2, titles
    assert TEXT["train.loss_axis.cross_entropy"][lang] not in titles


@pytest.mark.parametrize("lang", LANGS)
def test_one_click_loss_experiment_trains_both_and_reports_core_numbers(lang):
    at = _open_train(lang, train_pace="fast")
    at.button(key="train_exp_loss").click().run()
    _ok(at)
    # both runs train in a worker between reruns; the second starts once the first has finished
    rerun_until(at, lambda at: (run := at.session_state["train_run"]).settings["loss"] == "mse" and not run.running)
    _ok(at)
    second = at.session_state["train_run"]
    (first,) = [r for r in at.session_state["train_runs"] if r["number"] == second.number - 1]
    assert first["settings"]["loss"] == "cross_entropy" and first["status"] == "done"
    assert (first["settings"]["optimizer"], first["settings"]["lr"], first["settings"]["epochs"]) == ("sgd", 0.1, 3)
    assert second.settings["loss"] == "mse" and second.trainer.status == "done"
    assert second.settings["batch_size"] == first["settings"]["batch_size"]
    assert second.settings["seed"] == first["settings"]["seed"] == second.trainer.seed
    ce_acc, mse_acc = first["val_acc"][-1], second.trainer.history.val_acc[-1]
    assert ce_acc >= mse_acc + 0.2  # the lesson, on this very page
    result = TEXT["train.lab.loss_result"][lang].format(
        ce=f"{ce_acc:.1%}", mse=f"{mse_acc:.1%}", a=first["number"], b=second.number, epochs=3
    )
    assert result in _texts(at, "success")
    assert TEXT["train.lab.mse_stalled"][lang] in _texts(at, "caption")  # the stalled MSE run names the loss
    _open_tab(at, "compare", lang)
    assert TEXT["train.loss_axis.mixed"][lang] in _y_titles(at)  # Compare runs holds both losses
    labels = _compare_labels(at, lang)
    for number, loss in ((first["number"], "cross_entropy"), (second.number, "mse")):
        sgd = TEXT["train.opt.sgd"][lang]
        label = TEXT["train.compare.label"][lang].format(
            number=number, opt=sgd, lr="0.1", loss=TEXT[f"train.loss.{loss}"][lang]
        )
        assert label in labels, labels


@pytest.mark.parametrize("lang", LANGS)
def test_batch_lab_shows_the_study_it_ran(lang):
    at = _open_train(lang)
    at.button(key="train_lab_run").click().run()
    _ok(at)
    result = at.session_state["train_lab_batch"]
    rows = result["rows"]
    assert [r.batch_size for r in rows] == [1, 8, 32, 128, 800]
    assert [r.iterations for r in rows] == [math.ceil(800 / b) for b in (1, 8, 32, 128, 800)]
    sub = TEXT["train.lab.subsampled"][lang].format(n="800", total="1,438", val="359")
    assert sub in _texts(at, "caption")
    table = next(df.value for df in at.dataframe if TEXT["train.lab.col_iters"][lang] in df.value.columns)
    assert list(table[TEXT["train.lab.col_iters"][lang]]) == [800, 100, 25, 7, 1]
    assert list(table[TEXT["train.lab.col_acc"][lang]]) == [f"{r.val_acc:.1%}" for r in rows]
    assert table[TEXT["train.lab.col_batch"][lang]].iloc[-1] == TEXT["train.lab.full_batch"][lang].format(n=800)
    fast = max(rows, key=lambda r: r.samples_per_s)
    speed = TEXT["train.lab.speed_lesson"][lang].format(
        b1=1,
        s1=f"{rows[0].samples_per_s:,.0f}",
        bf=fast.batch_size,
        sf=f"{fast.samples_per_s:,.0f}",
        ratio=f"{fast.samples_per_s / rows[0].samples_per_s:.1f}",
    )
    full = TEXT["train.lab.full_lesson"][lang].format(
        n=800, it1=800, acc1=f"{rows[0].val_acc:.1%}", accf=f"{rows[-1].val_acc:.1%}", itf=1, chance="10%"
    )
    markdown = _texts(at, "markdown")
    assert speed in markdown and full in markdown
    assert any("800" in d for d in _chart_descriptions(at))
