"""core.training: layer table vs the real model, one step vs hand-written torch, determinism, divergence."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from core.datasets import Dataset, digits
from core.display import downsample
from core.training import (
    MAX_BLOCKS,
    OPTIMIZERS,
    CNNConfig,
    ConfigError,
    Trainer,
    activation_names,
    build_model,
    describe,
    iterations_per_epoch,
)

torch.set_num_threads(1)


def quadrant_dataset(n: int = 120, *, shape=(1, 8, 8), seed: int = 0) -> Dataset:
    """4 classes: a bright blob in one quadrant over noise, so a CNN can learn it in a few batches."""
    rng = np.random.default_rng(seed)
    c, h, w = shape
    y = np.arange(n) % 4
    x = rng.uniform(0, 0.3, size=(n, c, h, w)).astype(np.float32)
    for i, label in enumerate(y):
        r, s = divmod(int(label), 2)
        x[i, :, r * h // 2 : (r + 1) * h // 2, s * w // 2 : (s + 1) * w // 2] += 0.7
    cut = n * 3 // 4
    y = y.astype(np.int64)
    return Dataset("quadrants", ["a", "b", "c", "d"], x[:cut], y[:cut], x[cut:], y[cut:])


CONFIGS = [
    CNNConfig(),
    CNNConfig(channels=(4,), kernel_size=5, padding=0, activation="tanh", pooling="avg",
              input_shape=(1, 28, 28), n_classes=5),
    CNNConfig(channels=(8, 8, 12), kernel_size=3, padding=1, activation="leaky_relu",
              input_shape=(3, 32, 32), n_classes=3),
    CNNConfig(channels=(6, 5), kernel_size=5, padding=2, activation="elu", pooling="avg",
              input_shape=(3, 13, 11), n_classes=4),
]  # fmt: skip


@pytest.mark.parametrize("cfg", CONFIGS, ids=range(len(CONFIGS)))
def test_describe_equals_real_model(cfg):
    rows = describe(cfg)
    model = build_model(cfg)
    x = torch.zeros(2, *cfg.input_shape)
    assert rows[0].shape == cfg.input_shape
    shapes = {}
    for name, module in model.named_children():
        x = module(x)
        shapes[name] = tuple(x.shape)
        assert name in {r.name for r in rows}, name
    for row in rows[1:]:
        assert shapes[row.name] == (2, *row.shape), row
        params = sum(p.numel() for p in getattr(model, row.name).parameters())
        assert params == row.params, row
    assert sum(r.params for r in rows) == sum(p.numel() for p in model.parameters())


def test_default_config_is_digits_and_pool_keeps_channels():
    cfg = CNNConfig()
    assert cfg.input_shape == (1, 8, 8) and cfg.n_classes == 10
    assert cfg.channels == (16, 32) and cfg.n_blocks == 2  # one entry per block: the config is the network
    rows = {r.name: r for r in describe(cfg)}
    assert rows["conv1"].shape == (16, 8, 8)  # padding 1 keeps 8×8
    assert rows["pool1"].shape == (16, 4, 4)  # 2×2 pooling halves, channels unchanged, no weights
    assert rows["pool1"].params == 0
    assert rows["conv1"].params == 16 * 1 * 9 + 16


@pytest.mark.parametrize(
    "bad, code",
    [
        (dict(channels=()), "channels"),
        (dict(channels=(1, 2, 3, 4)), "channels"),  # more than MAX_BLOCKS blocks
        (dict(channels=(16, 0)), "channels"),
        (dict(channels=(16, 2.5)), "channels"),
        (dict(kernel_size=0), "kernel_size"),
        (dict(padding=-1), "padding"),
        (dict(activation="maxout_nope"), "activation"),
        (dict(pooling="median"), "pooling"),
        (dict(input_shape=(8, 8)), "input_shape"),
        (dict(n_classes=1), "n_classes"),
    ],
)
def test_bad_config_is_refused_naming_the_argument(bad, code):
    with pytest.raises(ConfigError, match=code) as info:
        CNNConfig(**bad)
    assert info.value.code == code and isinstance(info.value, ValueError)


def test_too_small_input_is_refused_by_describe_naming_the_layer():
    cfg = CNNConfig(channels=(16, 32, 64), padding=0)  # 8×8 → conv 6 → pool 3 → conv 1 → pool 0
    with pytest.raises(ConfigError, match="empty") as info:
        describe(cfg)
    assert (info.value.code, info.value.params) == ("too_small", {"layer": "pool2", "h": 1, "w": 1})


def test_config_takes_channels_as_any_sequence_and_compares_by_value():
    assert CNNConfig(channels=[8, 4], input_shape=[1, 8, 8]) == CNNConfig(channels=(8, 4))
    assert len(CNNConfig(channels=(4,) * MAX_BLOCKS).channels) == MAX_BLOCKS


def test_every_offered_activation_builds():
    assert {"relu", "tanh", "sigmoid", "leaky_relu", "elu"} <= set(activation_names())
    for name in activation_names():
        model = build_model(CNNConfig(activation=name))
        assert model(torch.rand(1, 1, 8, 8)).shape == (1, 10)
    leaky = build_model(CNNConfig(activation="leaky_relu")).act1
    assert leaky(torch.tensor([-1.0])).item() == pytest.approx(-0.1)


def test_init_uses_own_generator_not_global_rng():
    torch.manual_seed(1)
    a = build_model(CNNConfig(), seed=3).state_dict()
    torch.manual_seed(2)
    b = build_model(CNNConfig(), seed=3).state_dict()
    c = build_model(CNNConfig(), seed=4).state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a)
    assert not torch.equal(a["conv1.weight"], c["conv1.weight"])
    bound = 1 / np.sqrt(9)  # PyTorch's default range for conv1: ±1/√fan_in
    assert a["conv1.weight"].abs().max() <= bound


def _hand_step(model, x, y, idx, *, optimizer, lr, state):
    """Plain torch: forward, cross-entropy on softmax, backward, update by hand."""
    logits = model(x[idx])
    log_probs = logits - logits.logsumexp(dim=1, keepdim=True)  # log-softmax, stable
    loss = -log_probs[torch.arange(len(idx)), y[idx]].mean()
    model.zero_grad()
    loss.backward()
    with torch.no_grad():
        for i, p in enumerate(model.parameters()):
            g = p.grad
            if optimizer == "sgd":
                p -= lr * g
            elif optimizer == "momentum":
                buf = state.get(i)
                state[i] = g.clone() if buf is None else 0.9 * buf + g
                p -= lr * state[i]
            else:  # Adam, β = (0.9, 0.999), ε = 1e-8, bias-corrected
                t, m, v = state.get(i, (0, torch.zeros_like(p), torch.zeros_like(p)))
                t, m, v = t + 1, 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
                state[i] = (t, m, v)
                m_hat, v_hat = m / (1 - 0.9**t), v / (1 - 0.999**t)
                p -= lr * m_hat / (v_hat.sqrt() + 1e-8)
    return loss.item()


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_steps_equal_hand_written_torch(optimizer):
    ds = quadrant_dataset(50)  # 37 train: batches of 16, 16, 5 → crosses an epoch boundary
    seed, lr, bs = 5, 0.05, 16
    trainer = Trainer(CNNConfig(), ds, optimizer=optimizer, lr=lr, batch_size=bs, seed=seed)
    model = build_model(CNNConfig(), seed=seed)
    x, y = torch.from_numpy(ds.x_train), torch.from_numpy(ds.y_train)
    shuffle = torch.Generator().manual_seed(seed)
    state, losses = {}, []
    for _ in range(2):  # two epochs
        perm = torch.randperm(len(y), generator=shuffle)
        for start in range(0, len(y), bs):
            losses.append(_hand_step(model, x, y, perm[start : start + bs], optimizer=optimizer, lr=lr, state=state))
    trainer.step(6)
    assert trainer.iteration == 6 and trainer.epoch == 2
    np.testing.assert_allclose(trainer.history.loss, losses, rtol=1e-5, atol=1e-6)
    ours = trainer.state_dict()
    for k, v in model.state_dict().items():
        torch.testing.assert_close(ours[k], v, rtol=1e-5, atol=1e-6)


def test_same_seed_same_history_different_seed_differs():
    ds = quadrant_dataset()

    def run(seed):
        tr = Trainer(CNNConfig(), ds, batch_size=16, epochs=3, seed=seed)
        while tr.status == "ready":
            tr.step(4)
        return tr.history

    a, b, c = run(1), run(1), run(2)
    assert a == b
    assert a.loss != c.loss
    assert len(a.loss) == 3 * iterations_per_epoch(90, 16) and len(a.val_acc) == 3 == len(a.train_acc)


def test_run_ends_done_and_progress_counts():
    ds = quadrant_dataset()
    tr = Trainer(CNNConfig(), ds, batch_size=32, epochs=2, seed=0)
    assert tr.iters_per_epoch == 3  # ⌈90 / 32⌉
    p = tr.step(1)
    assert (p.iteration, p.epoch, p.status, p.total_iterations) == (1, 0, "ready", 6)
    assert 0 < p.fraction < 1
    p = tr.step(100)  # stops at the end of the run
    assert (p.iteration, p.epoch, p.status) == (6, 2, "done") and p.fraction == 1.0
    assert tr.step(5).iteration == 6
    assert tr.samples_seen == 2 * 90
    assert all(0.0 <= a <= 1.0 for a in tr.history.train_acc + tr.history.val_acc)


def test_learning_rate_10_diverges_and_stops():
    tr = Trainer(CNNConfig(), quadrant_dataset(), optimizer="adam", lr=10.0, batch_size=16, epochs=5)
    tr.step(50)
    assert tr.status == "diverged"
    stopped_at = tr.iteration
    assert tr.step(10).iteration == stopped_at
    assert all(torch.isfinite(v).all() for v in tr.state_dict().values())  # the bad update was not applied


def test_inspection_outputs_are_consistent():
    ds = quadrant_dataset()
    tr = Trainer(CNNConfig(), ds, batch_size=16, epochs=4, seed=0)
    while tr.status == "ready":
        tr.step(10)
    assert tr.evaluate() > 0.8  # the quadrant task is easy
    probs = tr.predict(ds.x_val)
    assert probs.shape == (len(ds.y_val), 10)
    np.testing.assert_allclose(probs.sum(1), 1, rtol=1e-5)
    cm = tr.confusion_matrix()
    assert cm.sum() == len(ds.y_val)
    assert np.trace(cm) / cm.sum() == pytest.approx(tr.evaluate())
    np.testing.assert_array_equal(cm.sum(1)[:4], np.bincount(ds.y_val, minlength=4))
    for i, j in [(0, 0), (1, 2), (3, 3)]:
        idx = tr.misclassified(i, j)
        assert len(idx) == cm[i, j]
        assert (ds.y_val[idx] == i).all() and (probs[idx].argmax(1) == j).all()
    assert tr.filters().shape == (16, 1, 3, 3)
    maps = tr.feature_maps(ds.x_val[0])
    rows = {r.name: r.shape for r in describe(tr.cfg)}
    assert [name for name, _ in maps] == ["conv1", "act1", "pool1", "conv2", "act2", "pool2"]
    assert all(m.shape == rows[name] for name, m in maps)


def test_export_round_trips():
    tr = Trainer(CNNConfig(), quadrant_dataset(), batch_size=16, seed=0)
    tr.step(3)
    loaded = torch.load(io.BytesIO(tr.weights_bytes()), weights_only=True)
    model = build_model(tr.cfg, seed=99)
    model.load_state_dict(loaded)
    x = torch.rand(3, 1, 8, 8)
    with torch.no_grad():
        np.testing.assert_allclose(torch.softmax(model(x), 1).numpy(), tr.predict(x.numpy()), rtol=1e-5)
    exported = json.loads(tr.settings_json())
    assert exported["config"]["channels"] == [16, 32] and "n_blocks" not in exported["config"]
    assert CNNConfig(**exported["config"]) == tr.cfg  # the exported config rebuilds the same network
    assert exported["optimizer"] == "adam"


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(optimizer="rmsprop"), "optimizer"),
        (dict(lr=0.0), "lr"),
        (dict(lr=float("nan")), "lr"),
        (dict(batch_size=0), "batch_size"),
    ],
)
def test_bad_trainer_args_raise(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Trainer(CNNConfig(), quadrant_dataset(), **kwargs)


def test_mismatched_dataset_raises():
    with pytest.raises(ValueError, match="input_shape"):
        Trainer(CNNConfig(), quadrant_dataset(shape=(3, 8, 8)))
    tr = Trainer(CNNConfig(), quadrant_dataset())
    with pytest.raises(ValueError, match="images"):
        tr.predict(np.zeros((2, 3, 8, 8)))


@given(st.lists(st.floats(-1e6, 1e6), max_size=3000), st.integers(2, 500))
def test_downsample_is_bounded_and_keeps_the_sum(values, max_points):
    x, y = downsample(values, max_points=max_points)
    assert len(x) == len(y) == min(len(values), max_points)
    if len(values) <= max_points:  # short curves pass through unchanged
        np.testing.assert_array_equal(x, np.arange(len(values)))
        np.testing.assert_array_equal(y, values)
        return
    # Long curves: consecutive buckets [start, stop) that cover every index once; x is a bucket's mean index,
    # so its size is 2·(x − start) + 1. Bucket means weighted by those sizes give back the curve's sum.
    sizes, start = [], 0
    for center in x:
        size = 2 * (center - start) + 1
        assert size >= 1 and size == int(size), (start, center)
        sizes.append(int(size))
        start += int(size)
    assert start == len(values)
    assert max(sizes) - min(sizes) <= 1  # equal buckets, up to rounding
    assert np.dot(sizes, y) == pytest.approx(np.sum(values), abs=1e-3)


def test_downsample_bucket_means():
    x, y = downsample(np.arange(10.0), max_points=5)
    np.testing.assert_allclose(y, [0.5, 2.5, 4.5, 6.5, 8.5])
    np.testing.assert_allclose(x, y)


def test_digits_reach_90_percent_within_three_epochs():
    """The page's defaults learn the digits in a few seconds of a student's time: 90 % within 3 epochs."""
    tr = Trainer(CNNConfig(), digits(seed=0), seed=0)
    budget = 3 * tr.iters_per_epoch
    while tr.iteration < budget and tr.evaluate() <= 0.9:
        tr.step(5)
    assert tr.status == "ready"
    assert tr.evaluate() > 0.9, (tr.iteration, tr.history.val_acc)


@settings(max_examples=25)
@given(
    channels=st.lists(st.integers(1, 6), min_size=1, max_size=MAX_BLOCKS),
    kernel=st.sampled_from([1, 3, 5]),
    padding=st.integers(0, 2),
    c_in=st.sampled_from([1, 3]),
    h=st.integers(2, 30),
    w=st.integers(2, 30),
)
def test_describe_matches_model_or_refuses(channels, kernel, padding, c_in, h, w):
    cfg = CNNConfig(channels=channels, kernel_size=kernel, padding=padding, input_shape=(c_in, h, w), n_classes=3)
    try:
        rows = describe(cfg)
    except ConfigError as err:
        assert err.code == "too_small" and "output would be empty" in str(err)
        with pytest.raises((RuntimeError, ValueError)):  # torch cannot run it either (or we refuse first)
            torch.nn.Sequential(*_reference_layers(cfg))(torch.zeros(1, c_in, h, w))
        return
    out = build_model(cfg)(torch.zeros(2, c_in, h, w))
    assert out.shape == (2, 3) and rows[-1].shape == (3,)
    assert rows[-2].shape[0] == build_model(cfg).fc.in_features


def _reference_layers(cfg):
    """The same stack built directly with torch modules, without our checks."""
    layers, c = [], cfg.input_shape[0]
    for c_out in cfg.channels:
        layers += [torch.nn.Conv2d(c, c_out, cfg.kernel_size, padding=cfg.padding), torch.nn.MaxPool2d(2, 2)]
        c = c_out
    return layers


def test_import_leaves_the_thread_count_to_the_app():
    """Importing core must not change process-wide torch settings (the app chooses its threads at start-up)."""
    code = "import torch; torch.set_num_threads(2); import core.training; print(torch.get_num_threads())"
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.split() == ["2"]


# ---------------------------------------------------------------- issue 13: pooling has no weights


@pytest.mark.parametrize(
    "cfg",
    [
        CNNConfig(),
        CNNConfig(channels=(8, 16, 32), kernel_size=5, padding=2, input_shape=(3, 28, 28), n_classes=6),
        CNNConfig(channels=(4,), kernel_size=3, padding=0, input_shape=(1, 28, 28), n_classes=6),
    ],
)
def test_without_pooling_only_the_layers_after_pooling_grow(cfg):
    """train.arch.no_pool: pooling rows have 0 parameters; replacing them by the identity keeps every conv's
    parameters and enlarges only the linear layer (C · H · W inputs at the conv's own output size)."""
    pooled, bare = describe(cfg), describe(cfg, with_pooling=False)
    assert [r.name for r in pooled] == [r.name for r in bare]
    for a, b in zip(pooled, bare):
        if a.kind in ("pool", "activation", "flatten", "input"):
            assert a.params == b.params == 0
        if a.kind == "conv":
            assert a.params == b.params and a.shape[0] == b.shape[0]
    last_conv = [r for r in bare if r.kind == "conv"][-1]
    assert bare[-2].shape == (int(np.prod(last_conv.shape)),)
    assert bare[-1].params == bare[-2].shape[0] * cfg.n_classes + cfg.n_classes
    assert sum(r.params for r in bare) > sum(r.params for r in pooled)
    # the identity-pooling stack as a real torch model has exactly that many parameters
    model = build_model(cfg)
    for name in [n for n, _ in model.named_children() if n.startswith("pool")]:
        setattr(model, name, torch.nn.Identity())
    model.fc = torch.nn.Linear(bare[-2].shape[0], cfg.n_classes)
    assert sum(p.numel() for p in model.parameters()) == sum(r.params for r in bare)
    out = model(torch.zeros(2, *cfg.input_shape))
    assert out.shape == (2, cfg.n_classes)


def test_default_digits_network_with_and_without_pooling():
    """The page's default (8×8 digits, 2 blocks of 16 and 32): 6,090 parameters with pooling, 25,290 without."""
    assert sum(r.params for r in describe(CNNConfig())) == 6090
    assert sum(r.params for r in describe(CNNConfig(), with_pooling=False)) == 25290


# ------------------------------------------------------------------ a Trainer travels (serve/worker.py pickles it)


def _data_bytes(ds: Dataset) -> int:
    return sum(a.nbytes for a in (ds.x_train, ds.y_train, ds.x_val, ds.y_val))


def _shares(tensor: torch.Tensor, array: np.ndarray) -> bool:
    return np.shares_memory(tensor.numpy(), array)


def test_a_trainer_pickles_its_data_once_and_its_tensors_share_the_arrays_after_a_trip():
    """Issue 22.5: the dataset and the tensors made from it were pickled both (7.7 MB for 3.8 MB of shapes)."""
    import pickle

    from core.shapes import shapes

    ds = shapes(1200, size=28, seed=0)
    cfg = CNNConfig(input_shape=ds.input_shape, n_classes=ds.n_classes)
    tr = Trainer(cfg, ds, batch_size=64, epochs=1, seed=0)
    tr.step(2)
    data = _data_bytes(ds)
    for _ in range(3):  # out, back, out again: never more than once the data
        size = len(pickle.dumps(tr, protocol=pickle.HIGHEST_PROTOCOL))
        assert data < size < 1.2 * data, (size, data)
        tr = pickle.loads(pickle.dumps(tr, protocol=pickle.HIGHEST_PROTOCOL))
        for attr, part in (("_x_train", "x_train"), ("_y_train", "y_train"), ("_x_val", "x_val"), ("_y_val", "y_val")):
            assert _shares(getattr(tr, attr), getattr(tr.dataset, part)), attr


def test_a_run_trained_after_round_trips_equals_the_run_trained_at_home():
    """Exactly: the same losses, accuracies and weights (torch picks a convolution's memory layout from the data
    tensor's strides, so the trip keeps them)."""
    import pickle

    ds = digits(seed=0)
    cfg = CNNConfig(input_shape=ds.input_shape, n_classes=ds.n_classes)
    home = Trainer(cfg, ds, batch_size=32, epochs=2, seed=0)
    away = Trainer(cfg, ds, batch_size=32, epochs=2, seed=0)
    while home.status == "ready":
        home.step(7)
    while away.status == "ready":
        away = pickle.loads(pickle.dumps(away, protocol=pickle.HIGHEST_PROTOCOL))
        away.step(7)
    assert away.iteration == home.iteration and away.history == home.history
    for (name, a), b in zip(home.state_dict().items(), away.state_dict().values()):
        assert torch.equal(a, b), name
    assert away.evaluate() == home.evaluate()


def test_a_data_tensor_that_is_not_the_dataset_travels_as_it_is():
    """A tensor changed after the Trainer was made (no longer the dataset's memory) is not rebuilt from the data."""
    import pickle

    tr = Trainer(CNNConfig(), quadrant_dataset(), batch_size=16, seed=0)
    tr._x_train = tr._x_train[:, :, :4]  # tests/test_worker.py breaks a run this way
    back = pickle.loads(pickle.dumps(tr))
    assert back._x_train.shape[1:] == (1, 4, 8) and torch.equal(back._x_train, tr._x_train)
    assert back._x_val.shape == (len(tr.dataset.y_val), 1, 8, 8)
