"""The /train page through AppTest: start, live ticks, pause, resume, step, reset, per-session models."""

from __future__ import annotations

import io
import json
import zipfile
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import torch
from PIL import Image

from tests.apptest_utils import open_page, raw_keys, rerun_until
from ui.common.i18n import TEXT

torch.set_num_threads(1)
PAGE = "pages/train.py"


def _open(lang: str = "en", **query: str):
    at = open_page(PAGE, lang, query=query or None, timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    return at


def _run(at):
    return at.session_state["train_run"] if "train_run" in at.session_state else None


def _iteration(at) -> int:
    return _run(at).trainer.iteration


def _ok(at):
    assert not at.exception, [e.value for e in at.exception]
    assert not raw_keys(at), raw_keys(at)


def _open_tab(at, name: str, lang: str) -> None:
    """Open one tab of "Inside the network" (only the open tab is drawn), as a student's click does."""
    from ui.train.inside import TABS_KEY

    at.session_state[TABS_KEY] = TEXT[f"train.tab.{name}"][lang]
    at.run()


def _png(rgb=(255, 255, 255), size=(20, 20), draw=True) -> bytes:
    img = np.full((*size, 3), rgb, dtype=np.uint8)
    if draw:
        img[4:16, 9:11] = 0  # a dark stroke on white paper, like a handwritten "1"
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, format="PNG")
    return buf.getvalue()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_page_renders_with_layer_table_and_iterations(lang):
    at = _open(lang)
    _ok(at)
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == ["input", "conv1", "act1", "pool1", "conv2", "act2", "pool2", "flatten", "fc"]
    assert "(N, 16, 4, 4)" in list(table.iloc[:, 2])
    iters = TEXT["train.hyper.iters"][lang].format(n=1438, batch=32, iters=45, total=45 * 15)
    assert iters in [c.value for c in at.caption]
    at.select_slider(key="train_bs").set_value(64).run()
    assert TEXT["train.hyper.iters"][lang].format(n=1438, batch=64, iters=23, total=23 * 15) in [
        c.value for c in at.caption
    ]
    assert at.query_params["train_bs"] in (["64"], "64")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_start_ticks_pause_resume_reset(lang):
    at = _open(lang)
    at.radio(key="train_pace").set_value("slow").run()
    at.button(key="train_start").click().run()
    _ok(at)
    assert _run(at).running and _run(at).trainer.status == "ready"
    seen = []
    while len(seen) < 4:  # the worker trains between reruns, at "slow" two batches a second
        rerun_until(at, lambda at: _iteration(at) > (seen[-1] if seen else 0))
        seen.append(_iteration(at))
    assert seen == sorted(seen) and _run(at).running, seen
    assert [m.label for m in at.metric][:2] == [TEXT["train.live.epoch"][lang], TEXT["train.live.iteration"][lang]]

    at.button(key="train_pause").click().run()
    stopped = _iteration(at)
    assert stopped >= seen[-1] and not _run(at).running
    at.run()
    at.run()
    assert _iteration(at) == stopped and not _run(at).running
    assert len(_run(at).trainer.history.loss) == stopped  # home: the Trainer itself, every loss of its iterations
    _ok(at)

    at.button(key="train_resume").click().run()
    assert _run(at).running
    rerun_until(at, lambda at: _iteration(at) > stopped)

    at.button(key="train_reset").click().run()
    assert _run(at) is None
    assert TEXT["train.run.idle"][lang] in [i.value for i in at.info]
    _ok(at)


def test_step_one_batch_makes_single_updates():
    at = _open()
    at.button(key="train_step").click().run()
    assert _iteration(at) == 1 and not _run(at).running
    at.button(key="train_step").click().run()
    at.run()  # not running: plain reruns do not train
    assert _iteration(at) == 2
    _ok(at)


def test_two_sessions_never_share_a_model():
    a, b = _open(), _open()
    for at in (a, b):
        at.radio(key="train_pace").set_value("slow").run()
        at.button(key="train_start").click().run()
    b.button(key="train_pause").click().run()
    ra, rb = _run(a), _run(b)
    assert ra is not rb and ra.job is not rb.job and ra.home is not rb.home and ra.home.model is not rb.home.model
    assert a.session_state["train_lock"] is not b.session_state["train_lock"]
    before_b = _iteration(b)
    rerun_until(a, lambda a: _iteration(a) >= before_b + 2)
    assert _iteration(b) == before_b  # training session A never moves B
    a.button(key="train_pause").click().run()
    wa, wb = ra.trainer.state_dict(), rb.trainer.state_dict()
    assert not torch.equal(wa["conv1.weight"], wb["conv1.weight"])  # same seed, different progress


def test_learning_rate_10_diverges_with_advice():
    at = _open()
    at.select_slider(key="train_lr").set_value(10.0).run()
    assert TEXT["train.hyper.lr_high"]["en"].format(lr="10") in [w.value for w in at.warning]
    at.button(key="train_start").click().run()
    rerun_until(at, lambda at: not _run(at).running)
    assert _run(at).trainer.status == "diverged" and not _run(at).running
    errors = [e.value for e in at.error]
    assert any("diverged" in e and "of 1 or less" in e and "0.003–0.01" in e for e in errors), errors
    _ok(at)


def test_finished_run_inspection_and_export():
    at = _open("ko", train_epochs="1")
    assert at.slider(key="train_epochs").value == 1
    at.button(key="train_start").click().run()
    rerun_until(at, lambda at: not _run(at).running)
    run = _run(at)
    assert run.trainer.status == "done" and not run.running
    _ok(at)
    acc = run.trainer.history.val_acc[-1]
    assert TEXT["train.run.done"]["ko"].format(epochs=1, acc=f"{acc:.1%}") in [s.value for s in at.success]
    # feature maps of a chosen validation image, one heading per conv / activation / pool layer
    _open_tab(at, "maps", "ko")
    at.number_input(key="train_img").set_value(5).run()
    layers = [m.value for m in at.markdown if m.value.startswith("**conv") or m.value.startswith("**pool")]
    assert len(layers) == 4, layers
    # the misclassified examples of a chosen confusion-matrix cell
    _open_tab(at, "confusion", "ko")
    at.selectbox(key="train_cm_true").set_value(3).run()
    at.selectbox(key="train_cm_pred").set_value(3).run()
    hits = int(run.trainer.confusion_matrix()[3, 3])
    expected = TEXT["train.inside.cell_hits"]["ko"].format(count=hits, true="3", pred="3")
    assert expected in [m.value for m in at.markdown]
    _open_tab(at, "export", "ko")
    assert {d.key for d in at.download_button} == {"train_dl_weights", "train_dl_config", "train_dl_metrics"}
    _ok(at)


def test_try_it_upload_and_bad_image():
    at = _open()
    at.button(key="train_step").click().run()
    _open_tab(at, "try", "en")
    at.file_uploader(key="train_try").set_value(("one.png", _png(), "image/png")).run()
    _ok(at)
    assert TEXT["train.try.topk"]["en"].format(k=5) in [m.value for m in at.markdown]
    at.file_uploader(key="train_try").set_value(("junk.png", b"not an image", "image/png")).run()
    assert TEXT["train.try.error.not_image"]["en"] in [e.value for e in at.error]
    _ok(at)


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_upload_zip_dataset_and_errors():
    at = _open()
    at.button(key="train_step").click().run()  # a digits run whose picks do not exist for 2 classes
    _open_tab(at, "confusion", "en")
    at.selectbox(key="train_cm_true").set_value(9).run()
    at.number_input(key="train_img").set_value(300).run()
    at.radio(key="train_data").set_value("upload").run()
    assert TEXT["train.data.upload_first"]["en"] in [i.value for i in at.info]
    at.file_uploader(key="train_zip").set_value(("x.zip", b"definitely not a zip", "application/zip")).run()
    assert TEXT["train.ds_error.not_zip"]["en"] in [e.value for e in at.error]
    _ok(at)
    files = {
        f"data/{name}/{i}.png": _png(rgb)
        for name, rgb in (("검정", (0, 0, 0)), ("white", (255, 255, 255)))
        for i in range(4)
    }
    files["data/.DS_Store"] = b"junk"
    at.file_uploader(key="train_zip").set_value(("mine.zip", _zip(files), "application/zip")).run()
    _ok(at)
    assert "검정" in [m.value.split("**")[1] for m in at.markdown if m.value.startswith("**")]
    skipped = TEXT["train.data.skipped"]["en"].format(count=1, reasons=TEXT["train.data.skip.hidden"]["en"] + " 1")
    assert skipped in [c.value for c in at.caption]
    table = at.dataframe[0].value
    assert table.iloc[0, 2] == "(N, 3, 32, 32)" and table.iloc[-1, 2] == "(N, 2)"
    at.button(key="train_step").click().run()  # the settings changed: Step starts a new run
    assert _run(at).trainer.cfg.n_classes == 2 and _run(at).number == 2 and _iteration(at) == 1
    _ok(at)


def test_architecture_that_does_not_fit_is_refused():
    at = _open()
    at.slider(key="train_blocks").set_value(3).run()
    at.slider(key="train_pad").set_value(0).run()
    assert TEXT["train.arch.too_small"]["en"].format(h=8, w=8) in [e.value for e in at.error]
    assert at.button(key="train_start").disabled
    _ok(at)


def test_url_settings_are_read_and_bad_ones_ignored():
    at = _open(train_lr="0.001", train_opt="momentum", train_blocks="9", train_act="nope")
    assert at.select_slider(key="train_lr").value == 0.001
    assert at.radio(key="train_opt").value == "momentum"
    assert at.slider(key="train_blocks").value == 2
    assert at.selectbox(key="train_act").value == "relu"
    _ok(at)


def test_page_switch_keeps_the_run():
    at = _open()
    at.button(key="train_step").click().run()
    run = _run(at)
    at.switch_page("pages/home.py").run()
    at.switch_page(PAGE).run()
    assert _run(at) is run and _iteration(at) == 1
    _ok(at)


def test_every_dataset_error_code_is_translated():
    from core.datasets import BOMB_REASONS, ERROR_CODES, SKIP_REASONS

    for code in ERROR_CODES:
        assert f"train.ds_error.{code}" in TEXT, code
    for reason in BOMB_REASONS:
        assert f"train.ds_error.bomb_{reason}" in TEXT, reason
    for reason in SKIP_REASONS:
        assert f"train.data.skip.{reason}" in TEXT, reason


def test_compare_runs_and_metrics_csv():
    at = _open(train_pace="slow")
    at.button(key="train_step").click().run()
    at.select_slider(key="train_lr").set_value(0.001).run()
    assert TEXT["train.run.stale"]["en"] in [c.value for c in at.caption]
    at.button(key="train_start").click().run()
    at.run()
    at.button(key="train_pause").click().run()
    assert [r["number"] for r in at.session_state["train_runs"]] == [1]
    assert _run(at).number == 2 and _run(at).trainer.lr == 0.001
    _open_tab(at, "compare", "en")
    compare = [d.value for d in at.dataframe if TEXT["train.compare.run"]["en"] in d.value.columns]
    assert len(compare) == 1 and list(compare[0].iloc[:, 0]) == [
        "run 1: Adam, lr 0.01, cross-entropy",
        "run 2: Adam, lr 0.001, cross-entropy",
    ]
    _ok(at)

    from ui.train.extras import metrics_csv

    tr = _run(at).trainer
    tr.step(tr.iters_per_epoch)  # finish one epoch so an accuracy row exists
    df = pd.read_csv(io.BytesIO(metrics_csv(tr)))
    assert list(df.columns) == ["iteration", "loss", "epoch", "train_acc", "val_acc"]
    assert len(df) == tr.iteration and df["val_acc"].notna().sum() == tr.epoch == 1
    assert df.loc[tr.iters_per_epoch - 1, "val_acc"] == pytest.approx(tr.history.val_acc[0])
    np.testing.assert_allclose(df["loss"], tr.history.loss, rtol=1e-6)


def test_one_class_zip_is_refused_in_korean_and_last_good_dataset_stays():
    at = _open("ko", train_data="upload")
    good = {f"{name}/{i}.png": _png(rgb) for name, rgb in (("a", (0, 0, 0)), ("b", (255, 255, 255))) for i in range(3)}
    at.file_uploader(key="train_zip").set_value(("good.zip", _zip(good), "application/zip")).run()
    assert not at.error and at.dataframe[0].value.iloc[-1, 2] == "(N, 2)"
    one = {f"only/{i}.png": _png() for i in range(4)}
    at.file_uploader(key="train_zip").set_value(("one.zip", _zip(one), "application/zip")).run()
    expected = TEXT["train.ds_error.too_few_classes"]["ko"].format(count=1, classes="only", minimum=2)
    assert [e.value for e in at.error] == [expected]
    assert at.dataframe[0].value.iloc[-1, 2] == "(N, 2)"  # the last valid dataset is still on screen
    _ok(at)


def test_page_defaults_are_the_trainer_defaults():
    import inspect

    from core.training import CNNConfig, Trainer

    at = _open()
    defaults = {k: p.default for k, p in inspect.signature(Trainer).parameters.items() if p.default is not p.empty}
    assert at.select_slider(key="train_lr").value == defaults["lr"]
    assert at.select_slider(key="train_bs").value == defaults["batch_size"]
    assert at.slider(key="train_epochs").value == defaults["epochs"]
    assert at.radio(key="train_opt").value == defaults["optimizer"]
    assert at.number_input(key="train_seed").value == defaults["seed"]
    cfg = CNNConfig()
    assert at.slider(key="train_blocks").value == len(cfg.channels)
    assert tuple(at.select_slider(key=f"train_ch{b}").value for b in range(1, 1 + len(cfg.channels))) == cfg.channels
    assert at.select_slider(key="train_kernel").value == cfg.kernel_size
    assert at.slider(key="train_pad").value == cfg.padding
    assert at.selectbox(key="train_act").value == cfg.activation
    assert at.radio(key="train_pool").value == cfg.pooling


def test_shapes_dataset_trains_one_batch():
    at = _open("ko")
    at.radio(key="train_data").set_value("shapes").run()
    table = at.dataframe[0].value
    assert table.iloc[0, 2] == "(N, 1, 28, 28)" and table.iloc[-1, 2] == "(N, 4)"
    at.button(key="train_step").click().run()
    assert _run(at).trainer.cfg.input_shape == (1, 28, 28) and _iteration(at) == 1
    _ok(at)


@pytest.mark.parametrize(("first", "second"), [("en", "ko"), ("ko", "en")])
def test_language_switch_hands_translated_choices_back_to_the_browser(first, second):
    """The browser keeps a radio's choice as its label: after a switch the new label must be sent,
    else it shows no choice and the next rerun falls back to the first option (pace → slow)."""
    at = _open(first, train_pace="medium", train_opt="momentum", train_pool="avg")
    at.radio(key="lang").set_value(second).run()
    _ok(at)
    for key, prefix, value in [
        ("train_pace", "train.pace.", "medium"),
        ("train_opt", "train.opt.", "momentum"),
        ("train_pool", "train.arch.pool_", "avg"),
        ("train_data", "train.data.", "digits"),
    ]:
        radio = at.radio(key=key)
        assert radio.value == value
        assert radio.proto.set_value and radio.proto.raw_value == TEXT[prefix + value][second], key


class FakeClock:
    """Seconds that pass only when a test says so."""

    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class FakeTrainer:
    """A trainer whose every batch takes ``seconds_per_batch`` on the fake clock."""

    status, total_iterations = "ready", 10**6

    def __init__(self, clock: FakeClock, seconds_per_batch: float):
        self.clock, self.seconds_per_batch = clock, seconds_per_batch
        self.iteration, self.calls = 0, []

    def step(self, n):
        self.calls.append(n)
        self.clock.now += self.seconds_per_batch * n
        self.iteration += n


def test_eta_counts_wall_time_since_the_last_start(monkeypatch):
    from ui.train import state as train_state

    clock = FakeClock()
    monkeypatch.setattr(train_state, "clock", clock)
    trainer = FakeTrainer(clock, seconds_per_batch=0.0)
    trainer.total_iterations = 110
    away = SimpleNamespace(live=trainer)  # a job in a worker: the page reads its live snapshot
    run = train_state.Run(home=trainer, settings={}, number=1, job=away, wall_mark=(clock(), 0))
    assert run.eta_s() is None  # no progress yet
    trainer.step(10)
    clock.now += 2.0  # 10 iterations in 2 wall seconds (waiting for the worker included): 5 per second
    assert run.eta_s() == pytest.approx(100 / 5)
    run.job = None  # home
    assert run.eta_s() is None


@pytest.mark.parametrize(("first", "second"), [("en", "ko"), ("ko", "en")])
def test_language_switch_keeps_the_zip_channel_choice(first, second):
    at = _open(first, train_data="upload", train_zip_ch="1")
    at.radio(key="lang").set_value(second).run()
    _ok(at)
    radio = at.radio(key="train_zip_ch")
    assert radio.value == 1 and radio.proto.raw_value == TEXT["train.data.channels_1"][second]


def test_url_sets_every_block_and_channel():
    at = _open(train_blocks="3", train_ch1="4", train_ch2="8", train_ch3="2", train_kernel="5", train_pad="2")
    _ok(at)
    shapes = dict(zip(at.dataframe[0].value.iloc[:, 0], at.dataframe[0].value.iloc[:, 2]))
    assert [shapes[f"conv{b}"] for b in (1, 2, 3)] == ["(N, 4, 8, 8)", "(N, 8, 4, 4)", "(N, 2, 2, 2)"]
    at.slider(key="train_blocks").set_value(1).run()  # fewer blocks: the third channel stays in the link
    assert at.query_params["train_ch3"] in (["2"], "2") and "conv2" not in list(at.dataframe[0].value.iloc[:, 0])


def test_loss_charts_never_tick_between_iterations():
    """A run that diverges at iteration 2 drew ticks 1.1, 1.2, … on the loss charts' iteration axes."""
    at = _open("en", train_lr="10", train_opt="adam")
    at.button(key="train_start").click().run()
    rerun_until(at, lambda at: not _run(at).running)
    _open_tab(at, "compare", "en")
    _ok(at)
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    loss_axes = [s["encoding"]["x"] for s in specs if s.get("title") == TEXT["train.live.loss_title"]["en"]]
    assert len(loss_axes) == 2  # the live chart and the comparison
    assert all(x["axis"]["tickMinStep"] == 1 for x in loss_axes)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_removing_a_bad_zip_removes_its_error(lang):
    at = _open(lang, train_data="upload")
    at.file_uploader(key="train_zip").set_value(("x.zip", b"definitely not a zip", "application/zip")).run()
    assert [e.value for e in at.error] == [TEXT["train.ds_error.not_zip"][lang]]
    at.file_uploader(key="train_zip").set_value(None).run()
    assert not at.error
    assert TEXT["train.data.upload_first"][lang] in [i.value for i in at.info]
    _ok(at)


def test_shape_names_are_shown_in_korean():
    at = _open("ko", train_data="shapes")
    korean = [TEXT[f"train.shape.{n}"]["ko"] for n in ("circle", "square", "triangle", "cross")]
    bold = [m.value.split("**")[1] for m in at.markdown if m.value.startswith("**")]
    assert bold[:4] == korean  # the sample grid
    at.button(key="train_step").click().run()
    _open_tab(at, "confusion", "ko")
    _ok(at)
    assert at.selectbox(key="train_cm_true").options == korean  # the confusion-matrix picker
    at.selectbox(key="train_cm_true").set_value(2).run()
    at.radio(key="lang").set_value("en").run()
    picker = at.selectbox(key="train_cm_true")
    assert picker.options == ["circle", "square", "triangle", "cross"]
    assert picker.value == 2 and picker.proto.set_value and picker.proto.raw_value == "triangle"  # the new label
    assert _run(at).trainer.dataset.class_names == ["circle", "square", "triangle", "cross"]  # data untouched
    _ok(at)


def test_try_it_decodes_an_upload_once_at_working_size(monkeypatch):
    """Every rerun of the page (any widget) decoded the student's photo again, at full size."""
    from core import images
    from serve import decode
    from ui.common import uploads

    calls = []

    def counting(data, **kwargs):
        calls.append(kwargs)
        return images.load_image_info(data, **kwargs)

    monkeypatch.setattr(decode, "load_image_info", counting)
    monkeypatch.setattr(uploads, "UPLOADS", decode.Uploads(uploads.UPLOADS.pool))  # nothing decoded before
    at = _open()
    at.button(key="train_step").click().run()
    _open_tab(at, "try", "en")
    photo = _png(rgb=(250, 250, 120), size=(1500, 1100))
    at.file_uploader(key="train_try").set_value(("photo.png", photo, "image/png")).run()
    at.number_input(key="train_img").set_value(3).run()
    at.number_input(key="train_img").set_value(4).run()
    _ok(at)
    assert TEXT["train.try.topk"]["en"].format(k=5) in [m.value for m in at.markdown]
    assert calls == [{"max_side": images.WORKING_SIDE}]


# ---------------------------------------------------------------- issue 13: the sentences vs the numbers


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_batch_note_and_parameters_without_pooling(lang):
    """Items 15 and 16: the batch-size note is on the page; the layer table is followed by the parameter
    count of the same stack without pooling, from core.training.describe(with_pooling=False)."""
    from core.training import CNNConfig, describe

    at = _open(lang)
    _ok(at)
    captions = [c.value for c in at.caption]
    assert TEXT["train.vocab.batch"][lang] in captions
    cfg = CNNConfig()  # the page's defaults on the 8×8 digits
    pooled, bare = describe(cfg), describe(cfg, with_pooling=False)
    expected = TEXT["train.arch.no_pool"][lang].format(
        h=8,
        w=8,
        features=bare[-2].shape[0],
        pooled=pooled[-2].shape[0],
        without=sum(r.params for r in bare),
        params=sum(r.params for r in pooled),
    )
    assert expected in captions
    assert "25,290" in expected and "6,090" in expected and "2,048" in expected
    table = at.dataframe[0].value
    pool_rows = table[table.iloc[:, 0].str.startswith("pool")]
    assert list(pool_rows.iloc[:, 3]) == [0, 0]  # pooling has no weights of its own


_LIVE_CHARTS = """
import streamlit as st
from ui.train import live
n = st.session_state.get("n", 3)
live._loss_chart([1.0 / (i + 1) for i in range(10 * n)])
live._accuracy_chart([0.1 * i for i in range(1, n + 1)], [0.08 * i for i in range(1, n + 1)])
"""


def test_live_chart_specs_stay_the_same_as_a_run_goes_on():
    """Issue 21: the loss and accuracy charts redraw on every tick of a run; only their data may change (the
    browser keys a chart on its spec string and updates it in place). Their numbers are in the captions."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(_LIVE_CHARTS).run()
    assert not at.exception
    before = [el.proto.spec for el in at.get("vega_lite_chart")]
    captions = [c.value for c in at.caption]
    at.session_state["n"] = 5
    at.run()
    assert not at.exception
    assert len(before) == 2 and [el.proto.spec for el in at.get("vega_lite_chart")] == before
    assert [c.value for c in at.caption] != captions  # the numbers under the charts follow the run
