"""Why cross-entropy and why mini-batches, in core: MSE on the softmax vs PyTorch, the Trainer's loss option,
the batch-size study, and the numbers the pages quote (checked against training here)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.datasets import digits
from core.saturation import confidently_wrong, true_logit_sweep
from core.softmax import cross_entropy_grad, mse_grad, mse_loss, softmax
from core.studies import STUDY_MAX_TRAIN, batch_size_study
from core.training import CNNConfig, Trainer, build_model
from tests.test_training import quadrant_dataset

torch.set_num_threads(1)
REDUCTIONS = ("mean", "sum", "none")
TEMPERATURES = (0.5, 1.0, 3.0)
CONFIDENTLY_WRONG = np.array([[-12.0, 4.0, 3.5, 0.0], [0.5, -0.2, 1.0, 2.0], [-30.0, 8.0, -1.0, 5.0]])
TARGETS = np.array([0, 3, 0])


def _torch_mse(z: np.ndarray, y, temperature: float, reduction: str):
    zt = torch.tensor(z, requires_grad=True)
    yt = torch.as_tensor(y)
    loss = F.mse_loss(F.softmax(zt / temperature, -1), F.one_hot(yt, z.shape[-1]).to(zt.dtype), reduction=reduction)
    loss.sum().backward()  # "none": the gradient of the summed entries
    return loss.detach().numpy(), zt.grad.numpy()


# ---------------------------------------------------------------------------------------------
# MSE on the softmax vs torch autograd
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("temperature", TEMPERATURES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_mse_loss_and_grad_match_torch_batched(temperature, reduction):
    ref_loss, ref_grad = _torch_mse(CONFIDENTLY_WRONG, TARGETS, temperature, reduction)
    ours = mse_loss(CONFIDENTLY_WRONG, TARGETS, temperature=temperature, reduction=reduction)
    grad = mse_grad(CONFIDENTLY_WRONG, TARGETS, temperature=temperature, reduction=reduction)
    assert ours.shape == ref_loss.shape and grad.shape == ref_grad.shape
    np.testing.assert_allclose(ours, ref_loss, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(grad, ref_grad, rtol=1e-10, atol=1e-18)


@pytest.mark.parametrize("temperature", TEMPERATURES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_mse_on_one_vector_matches_torch(temperature, reduction):
    z = np.array([2.0, 1.0, 0.1])
    for y in range(3):
        ref_loss, ref_grad = _torch_mse(z, torch.tensor(y), temperature, reduction)
        np.testing.assert_allclose(mse_loss(z, y, temperature=temperature, reduction=reduction), ref_loss, rtol=1e-12)
        np.testing.assert_allclose(mse_grad(z, y, temperature=temperature, reduction=reduction), ref_grad, rtol=1e-10)


def test_mse_float32_stays_float32_and_matches_torch():
    z = CONFIDENTLY_WRONG.astype(np.float32)
    ref_loss, ref_grad = _torch_mse(z, TARGETS, 1.0, "mean")
    assert mse_loss(z, TARGETS).dtype == np.float32 and mse_grad(z, TARGETS).dtype == np.float32
    np.testing.assert_allclose(mse_loss(z, TARGETS), ref_loss, rtol=1e-5)
    np.testing.assert_allclose(mse_grad(z, TARGETS), ref_grad, rtol=1e-4, atol=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"reduction": "avg"}, "reduction"), ({"temperature": 0.0}, "temperature"), ({"target": 4}, "target")],
)
def test_mse_refuses_what_torch_refuses(kwargs, match):
    target = kwargs.pop("target", 0)
    for fn in (mse_loss, mse_grad):
        with pytest.raises(ValueError, match=match):
            fn(np.array([1.0, 2.0, 3.0, 4.0]), target, **kwargs)


# ---------------------------------------------------------------------------------------------
# the lesson: on a confident mistake cross-entropy keeps pushing, MSE fades
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("temperature", TEMPERATURES)
def test_confident_mistake_ce_near_minus_one_over_t_mse_near_zero(temperature):
    z = confidently_wrong([2.0, 1.0, 0.1, -0.5], 0, temperature=temperature)
    p = softmax(z, temperature=temperature)
    assert p[0] <= math.exp(-10) * (1 + 1e-9)  # the button's promise: about e^-10 or less
    ce = cross_entropy_grad(z, 0, temperature=temperature)[0]
    mse = mse_grad(z, 0, temperature=temperature)[0]
    assert abs(ce - (-1 / temperature)) < 0.01 / temperature  # "close to its limit -1/T"
    assert mse < 0 and abs(mse) < 1e-3 * abs(ce)  # same direction, a thousand times weaker at least
    # "its gradient on this logit carries the factor p": divided by p it is of the size of 1/T
    assert abs(mse) / p[0] < 2 / temperature


@pytest.mark.parametrize("temperature", TEMPERATURES)
def test_sweep_matches_torch_and_shows_saturation(temperature):
    z, y = np.array([1.5, -0.3, 0.7, 2.2]), 2
    sweep = true_logit_sweep(z, y, temperature=temperature, num=41)
    assert sweep.p_true[0] < 1e-5 and sweep.p_true[-1] > 1 - 1e-5 and np.all(np.diff(sweep.p_true) > 0)
    np.testing.assert_allclose(sweep.ce_grad, (sweep.p_true - 1) / temperature, rtol=1e-9, atol=1e-15)
    rows = np.repeat(z[None], len(sweep.true_logit), axis=0)
    rows[:, y] = sweep.true_logit
    for i in (0, 10, 20, 30, 40):  # the 1-D mean MSE of each row, by autograd
        _, ref = _torch_mse(rows[i], torch.tensor(y), temperature, "mean")
        np.testing.assert_allclose(sweep.mse_grad[i], ref[y], rtol=1e-9, atol=1e-18)
    assert np.all(np.diff(np.abs(sweep.ce_grad)) < 0)  # CE pushes harder the less p_true is
    assert abs(sweep.ce_grad[0]) > 0.99 / temperature
    assert abs(sweep.mse_grad[0]) < 1e-4 * abs(sweep.ce_grad[0])  # MSE fades where the mistake is worst


# ---------------------------------------------------------------------------------------------
# the Trainer's loss option
# ---------------------------------------------------------------------------------------------


def test_trainer_mse_step_equals_hand_written_torch_step():
    ds = quadrant_dataset(50)
    seed, lr, bs = 3, 0.1, 16
    trainer = Trainer(CNNConfig(n_classes=4), ds, optimizer="sgd", lr=lr, batch_size=bs, seed=seed, loss="mse")
    model = build_model(CNNConfig(n_classes=4), seed=seed)
    x, y = torch.from_numpy(ds.x_train), torch.from_numpy(ds.y_train)
    idx = torch.randperm(len(y), generator=torch.Generator().manual_seed(seed))[:bs]
    loss = F.mse_loss(torch.softmax(model(x[idx]), dim=1), F.one_hot(y[idx], 4).float())
    loss.backward()
    with torch.no_grad():
        for w in model.parameters():
            w -= lr * w.grad
    trainer.step(1)
    np.testing.assert_allclose(trainer.history.loss, [loss.item()], rtol=1e-6)
    ours = trainer.state_dict()
    for k, v in model.state_dict().items():
        torch.testing.assert_close(ours[k], v, rtol=1e-6, atol=1e-7)
    ce = Trainer(CNNConfig(n_classes=4), ds, optimizer="sgd", lr=lr, batch_size=bs, seed=seed)
    ce.step(1)
    assert ce.history.loss != trainer.history.loss  # the option changes the loss, not just a label


def test_loss_is_a_setting_and_a_bad_one_is_refused():
    ds = quadrant_dataset(40)
    assert Trainer(CNNConfig(n_classes=4), ds).settings()["loss"] == "cross_entropy"
    assert Trainer(CNNConfig(n_classes=4), ds, loss="mse").settings()["loss"] == "mse"
    assert '"loss": "mse"' in Trainer(CNNConfig(n_classes=4), ds, loss="mse").settings_json()
    with pytest.raises(ValueError, match="loss"):
        Trainer(CNNConfig(n_classes=4), ds, loss="hinge")


def _final_val_acc(ds, *, loss: str, optimizer: str, lr: float) -> float:
    tr = Trainer(CNNConfig(), ds, optimizer=optimizer, lr=lr, batch_size=32, epochs=3, seed=0, loss=loss)
    while tr.status == "ready":
        tr.step(tr.iters_per_epoch)
    return tr.history.val_acc[-1]


@pytest.fixture(scope="module")
def measured():
    ds = digits(seed=0)
    return {
        "sgd": {loss: _final_val_acc(ds, loss=loss, optimizer="sgd", lr=0.1) for loss in ("cross_entropy", "mse")},
        "adam": {loss: _final_val_acc(ds, loss=loss, optimizer="adam", lr=0.01) for loss in ("cross_entropy", "mse")},
    }


def test_sgd_cross_entropy_beats_mse_by_twenty_points(measured):
    sgd = measured["sgd"]
    assert sgd["cross_entropy"] >= sgd["mse"] + 0.20, sgd


def test_numbers_the_train_page_quotes_are_measured(measured):
    from ui.train.lab import EXPERIMENT, MEASURED, MEASURED_ADAM_LR

    assert EXPERIMENT == {"optimizer": "sgd", "lr": 0.1, "epochs": 3} and MEASURED_ADAM_LR == 0.01
    for opt in ("sgd", "adam"):
        for loss in ("cross_entropy", "mse"):
            assert abs(MEASURED[opt][loss] - measured[opt][loss]) <= 0.02, (opt, loss, measured)
    # "Why does the gap disappear with Adam?"
    assert abs(measured["adam"]["cross_entropy"] - measured["adam"]["mse"]) < 0.05, measured["adam"]


# ---------------------------------------------------------------------------------------------
# the batch-size study
# ---------------------------------------------------------------------------------------------


def test_batch_size_study_counts_iterations():
    ds = quadrant_dataset(66)  # 49 training images
    rows = batch_size_study(CNNConfig(n_classes=4), ds, [1, 8, 32, 128, None], epochs=2, max_train=None)
    n = len(ds.y_train)
    assert [r.batch_size for r in rows] == [1, 8, 32, n, n]  # larger than the set: the whole set
    assert [r.iterations for r in rows] == [math.ceil(n / b) * 2 for b in (1, 8, 32, n, n)]
    for r in rows:
        assert len(r.loss) == r.iterations and r.n_train == n and not r.subsampled
        assert r.seconds > 0 and r.samples_per_s > 0 and 0.0 <= r.val_acc <= 1.0


def test_batch_size_study_subsamples_and_says_so():
    ds = quadrant_dataset(66)
    rows = batch_size_study(CNNConfig(n_classes=4), ds, [4, None], max_train=20)
    assert [(r.n_train, r.subsampled) for r in rows] == [(20, True), (20, True)]
    assert [r.iterations for r in rows] == [5, 1]
    with pytest.raises(ValueError, match="batch"):
        batch_size_study(CNNConfig(n_classes=4), ds, [0])


def test_batch_size_study_same_start_for_every_batch_size():
    """Full-batch with one epoch is one step: the same as a Trainer of that batch size (same seed, same weights)."""
    ds = quadrant_dataset(40)
    (row,) = batch_size_study(CNNConfig(n_classes=4), ds, [None], seed=7, max_train=None)
    tr = Trainer(CNNConfig(n_classes=4), ds, optimizer="sgd", lr=0.1, batch_size=len(ds.y_train), epochs=1, seed=7)
    tr.step(1)
    assert row.loss == tr.history.loss and row.val_acc == tr.evaluate()


def test_page_lab_cap_bounds_the_study():
    from ui.train.lab import LAB_BATCHES, lab_train_cap

    assert lab_train_cap(CNNConfig()) == STUDY_MAX_TRAIN  # the default network: the cap in images
    big = CNNConfig(channels=(64, 64, 64), kernel_size=7, padding=3, input_shape=(3, 48, 48))
    assert 32 <= lab_train_cap(big) < STUDY_MAX_TRAIN  # a costly network: fewer images
    assert len(LAB_BATCHES) == 5 and LAB_BATCHES[-1] is None
