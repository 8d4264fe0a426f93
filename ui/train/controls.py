"""Widgets of the /train page that return plain values: dataset, architecture, hyperparameters."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from core.datasets import Dataset, DatasetError, digits
from core.errors import CoreError
from core.shapes import shapes
from core.training import (
    LOSSES,
    MAX_BLOCKS,
    POOLINGS,
    CNNConfig,
    ConfigError,
    activation_names,
    describe,
    iterations_per_epoch,
)
from ui.common import a11y
from ui.common.binding import Setting
from ui.common.i18n import t
from ui.common.safe import escape_md
from ui.common.uploads import failure_text, is_failure, read_zip, zip_limits_text

DATASETS = ("digits", "shapes", "upload")
CHANNEL_CHOICES = (2, 4, 8, 16, 32, 64)
KERNELS = (1, 3, 5, 7)
BATCH_SIZES = (8, 16, 32, 64, 128, 256)
LEARNING_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0)
OPTIMIZERS = ("sgd", "momentum", "adam")
PACES = ("slow", "medium", "fast")
ZIP_SIZES = (16, 24, 32, 48)
SAMPLES_PER_CLASS = 8
MAX_GRID_CLASSES = 12
_DEFAULT = CNNConfig()
MAX_PADDING = 3
CHANNEL_DEFAULTS = (16, 32, 64)  # one slider per possible block; the first ones are CNNConfig()'s channels

DATA = Setting("train_data", "digits", options=DATASETS, labels="train.data.")
ZIP_SIZE = Setting("train_zip_size", 32, options=ZIP_SIZES)
ZIP_CHANNELS = Setting("train_zip_ch", 3, options=(1, 3), labels="train.data.channels_")
BLOCKS = Setting("train_blocks", _DEFAULT.n_blocks, valid=lambda v: 1 <= v <= MAX_BLOCKS)
CHANNELS = tuple(
    Setting(f"train_ch{b}", default, options=CHANNEL_CHOICES) for b, default in enumerate(CHANNEL_DEFAULTS, start=1)
)
KERNEL = Setting("train_kernel", _DEFAULT.kernel_size, options=KERNELS)
PADDING = Setting("train_pad", _DEFAULT.padding, valid=lambda v: 0 <= v <= MAX_PADDING)
# shown with the Activations page's names (e.g. "Leaky ReLU" for leaky_relu)
ACTIVATION = Setting("train_act", _DEFAULT.activation, options=tuple(activation_names()), labels="activations.fn.")
POOLING = Setting("train_pool", _DEFAULT.pooling, options=POOLINGS, labels="train.arch.pool_")


@dataclass(frozen=True)
class Hyper:
    optimizer: str
    lr: float
    batch_size: int
    epochs: int
    seed: int
    pace: str
    loss: str = "cross_entropy"


@st.cache_data(show_spinner=False, max_entries=2)
def _digits() -> Dataset:
    return digits(seed=0)


@st.cache_data(show_spinner=False, max_entries=2)
def _shapes() -> Dataset:
    return shapes(1200, size=28, seed=0)


def class_labels(ds: Dataset) -> list[str]:
    """Class names as shown: the built-in shapes in the user's language; digits and folder names as they are."""
    if ds.name == "shapes":
        return [t(f"train.shape.{name}") for name in ds.class_names]
    return list(ds.class_names)


def to_uint8(image: np.ndarray, *, scale: int = 1) -> np.ndarray:
    """(C, H, W) float in [0, 1] → (H·s, W·s) or (H·s, W·s, 3) uint8, enlarged without blurring."""
    img = np.clip(np.asarray(image, dtype=np.float32), 0, 1)
    img = img[0] if img.shape[0] == 1 else img.transpose(1, 2, 0)  # (H, W) or (H, W, 3)
    img = np.repeat(np.repeat(img, scale, axis=0), scale, axis=1)
    return np.rint(img * 255).astype(np.uint8)


def _zip_dataset() -> Dataset | None:
    st.caption(t("train.data.upload_help"))
    c1, c2 = st.columns(2)
    size = ZIP_SIZE.widget(c1.select_slider, t("train.data.zip_size"))
    channels = ZIP_CHANNELS.widget(c2.radio, t("train.data.zip_channels"), horizontal=True)
    upload = st.file_uploader(t("train.data.zip_label"), type=["zip"], key="train_zip")
    st.caption(zip_limits_text())  # the uploader's own text is English only
    if upload is not None:
        _read_zip(upload, size, channels)
    else:  # the file was removed: its error goes with it (the last valid dataset stays)
        st.session_state.pop("train_upload_err", None)
        st.session_state.pop("train_upload_sig", None)
    error = st.session_state.get("train_upload_err")
    if error is not None:
        if isinstance(error, DatasetError):
            st.error(dataset_error_text(error))
        elif isinstance(error, CoreError) and is_failure(error):  # no answer from the worker reading it
            st.error(failure_text(error))
        else:
            st.error(t("train.data.zip_failed"))
    ds = st.session_state.get("train_upload_ds")  # the last valid upload stays usable after a bad one
    if ds is None:
        st.info(t("train.data.upload_first"))
    elif ds.skipped:
        reasons = ", ".join(f"{t(f'train.data.skip.{k}')} {n}" for k, n in ds.skipped_reasons.items() if n)
        st.caption(t("train.data.skipped", count=ds.skipped, reasons=reasons))
    return ds


def _read_zip(upload, size: int, channels: int) -> None:
    """Decode an upload once per (file, size, channels), not on every rerun, in a worker (``read_zip``: the same
    bytes under another name are not decoded again); keep the error for display. A worker that gave no answer
    (busy, timed out, lost) leaves the signature unset: the next run asks again."""
    signature = (getattr(upload, "file_id", None) or upload.name, upload.size, size, channels)
    if st.session_state.get("train_upload_sig") == signature:
        return
    try:
        ds = read_zip(upload.getvalue(), size=size, channels=channels, spinner=t("train.data.reading"))
    except DatasetError as err:
        st.session_state["train_upload_err"] = err
    except CoreError as err:
        if not is_failure(err):
            raise
        st.session_state["train_upload_err"] = err
        return
    except ValueError as err:
        st.session_state["train_upload_err"] = err
    else:
        st.session_state["train_upload_ds"] = ds
        st.session_state["train_upload_err"] = None
    st.session_state["train_upload_sig"] = signature


def dataset_error_text(err: DatasetError) -> str:
    params = {k: (", ".join(map(str, v)) if isinstance(v, (list, tuple)) else v) for k, v in err.params.items()}
    # the zip's own entry and folder names (text, but for the reason's code): shown as typed, never as a link
    params = {k: escape_md(v) if isinstance(v, str) and k != "reason" else v for k, v in params.items()}
    key = f"train.ds_error.{err.code}"
    from ui.common.i18n import TEXT

    if key not in TEXT:
        return t("train.data.zip_failed")
    if err.code == "bomb":
        params["reason"] = t(f"train.ds_error.bomb_{params.get('reason', 'ratio')}")
    return t(key, **params)


def dataset_section() -> tuple[str, Dataset | None]:
    """The dataset picker, its sample grid and class counts; returns (choice, dataset or None)."""
    choice = DATA.widget(st.radio, t("train.data.label"), horizontal=True)
    if choice == "digits":
        ds = _digits()
    elif choice == "shapes":
        ds = _shapes()
    else:
        ds = _zip_dataset()
    if ds is not None:
        _sample_grid(ds)
    return choice, ds


def _sample_grid(ds: Dataset) -> None:
    n_train, n_val = len(ds.y_train), len(ds.y_val)
    c, h, w = ds.input_shape
    st.caption(t("train.data.summary", n=n_train + n_val, train=n_train, val=n_val, k=ds.n_classes, c=c, h=h, w=w))
    with st.expander(t("train.data.samples"), expanded=True):
        scale = max(1, 48 // max(h, w))
        counts = ds.class_counts()
        for label, (name, shown) in enumerate(
            zip(ds.class_names[:MAX_GRID_CLASSES], class_labels(ds)[:MAX_GRID_CLASSES], strict=True)
        ):
            idx = np.flatnonzero(ds.y_train == label)[:SAMPLES_PER_CLASS]
            left, right = st.columns([1, 6])
            left.markdown(f"**{escape_md(shown)}**  \n{t('train.data.count', count=counts[name])}")
            if len(idx):  # one picture per class row: one alt text, one encoding (not 8 of each)
                row = a11y.strip([to_uint8(ds.x_train[i], scale=scale) for i in idx], gap=8)
                alt = t("train.alt.samples", n=len(idx), name=shown, h=h, w=w)
                with right:
                    a11y.image(row, alt=alt, width=round(row.shape[1] * 48 / (max(h, w) * scale)), pixelated=True)
        if ds.n_classes > MAX_GRID_CLASSES:
            st.caption(t("train.data.more_classes", count=ds.n_classes - MAX_GRID_CLASSES))


def architecture_section(ds: Dataset) -> CNNConfig | None:
    """Architecture widgets and the live layer table; None (with an error shown) if the stack does not fit."""
    st.subheader(t("train.arch.title"))
    c1, c2, c3 = st.columns(3)
    blocks = BLOCKS.widget(c1.slider, t("train.arch.blocks"), 1, MAX_BLOCKS)
    # Only the used blocks' sliders are drawn; the others keep their values (and URL parameters) for later.
    channels = [
        setting.widget(c1.select_slider, t("train.arch.channels", block=b))
        for b, setting in enumerate(CHANNELS[:blocks], start=1)
    ]
    kernel = KERNEL.widget(c2.select_slider, t("train.arch.kernel"))
    padding = PADDING.widget(c2.slider, t("train.arch.padding"), 0, MAX_PADDING)
    activation = ACTIVATION.widget(c3.selectbox, t("train.arch.activation"))
    pooling = POOLING.widget(c3.radio, t("train.arch.pooling"))
    cfg = CNNConfig(
        channels=channels,
        kernel_size=kernel,
        padding=padding,
        activation=activation,
        pooling=pooling,
        input_shape=ds.input_shape,
        n_classes=ds.n_classes,
    )
    try:
        rows = describe(cfg)
    except ConfigError as err:
        if err.code != "too_small":
            raise  # the widgets offer no other way to break a rule
        st.error(t("train.arch.too_small", h=ds.input_shape[1], w=ds.input_shape[2]))
        return None
    table = pd.DataFrame(
        {
            t("train.arch.col_layer"): [r.name for r in rows],
            t("train.arch.col_kind"): [t(f"train.kind.{r.kind}") for r in rows],
            t("train.arch.col_shape"): ["(N, " + ", ".join(map(str, r.shape)) + ")" for r in rows],
            t("train.arch.col_params"): [r.params for r in rows],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(t("train.arch.total", params=f"{sum(r.params for r in rows):,}"))
    bare = describe(cfg, with_pooling=False)  # same convolutions, every pooling layer the identity
    _, h_last, w_last = bare[-3].shape  # the last pooling (identity) row, just before flatten
    st.caption(
        t(
            "train.arch.no_pool",
            h=h_last,
            w=w_last,
            features=bare[-2].shape[0],
            pooled=rows[-2].shape[0],
            without=sum(r.params for r in bare),
            params=sum(r.params for r in rows),
        )
    )
    return cfg


EPOCHS = Setting("train_epochs", 15, valid=lambda v: 1 <= v <= 50)
BATCH = Setting("train_bs", 32, options=BATCH_SIZES)
LR = Setting("train_lr", 1e-2, options=LEARNING_RATES, parse=float)
OPTIMIZER = Setting("train_opt", "adam", options=OPTIMIZERS, labels="train.opt.")
SEED = Setting("train_seed", 0, valid=lambda v: 0 <= v <= 9999)
PACE = Setting("train_pace", "fast", options=PACES, labels="train.pace.")
LOSS = Setting("train_loss", "cross_entropy", options=LOSSES, labels="train.loss.")


def hyper_section(n_train: int) -> Hyper:
    st.subheader(t("train.hyper.title"))
    c1, c2, c3 = st.columns(3)
    epochs = EPOCHS.widget(c1.slider, t("train.hyper.epochs"), 1, 50)
    bs = BATCH.widget(c1.select_slider, t("train.hyper.batch"))
    ipe = iterations_per_epoch(n_train, bs)
    c1.caption(t("train.hyper.iters", n=n_train, batch=bs, iters=ipe, total=ipe * epochs))
    lr = LR.widget(c2.select_slider, t("train.hyper.lr"), format_func=lambda v: f"{v:g}")
    opt = OPTIMIZER.widget(c2.radio, t("train.hyper.optimizer"))
    loss = LOSS.widget(c2.radio, t("train.hyper.loss"), help=t("train.hyper.loss_help"))
    seed_value = SEED.widget(c3.number_input, t("train.hyper.seed"), 0, 9999, step=1)
    pace = PACE.widget(c3.radio, t("train.hyper.pace"))
    if lr >= 1.0:
        st.warning(t("train.hyper.lr_high", lr=f"{lr:g}"))
    return Hyper(opt, float(lr), int(bs), int(epochs), int(seed_value), pace, loss)
