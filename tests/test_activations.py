"""core.activations against PyTorch (values and autograd), by hand, and as invariances over the registry."""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

from core.activations import (
    ACTIVATIONS,
    X_LIMIT,
    ActivationError,
    check_maxout_pieces,
    check_param,
    check_x_range,
    elu,
    leaky_relu,
    maxout,
    maxout_active,
    maxout_pieces,
    properties,
    relu,
    sigmoid,
)
from core.errors import CoreError
from core.stacking import (
    INITS,
    affine_fit_residual,
    collapse_gap,
    collapse_linear,
    gradient_flow,
    gradient_ratio,
    init_std,
    mlp_data,
    mlp_weights,
    two_layers,
)
from tests.helpers import assert_grad_matches_torch, assert_matches_torch

torch.set_num_threads(1)

# The PyTorch reference for every registry entry (params are the same keyword names as torch's).
TORCH = {
    "sigmoid": lambda x: torch.sigmoid(x),
    "tanh": lambda x: torch.tanh(x),
    "relu": lambda x: F.relu(x),
    "leaky_relu": lambda x, negative_slope=0.01: F.leaky_relu(x, negative_slope),
    "elu": lambda x, alpha=1.0: F.elu(x, alpha),
    "gelu": lambda x: F.gelu(x),
    "silu": lambda x: F.silu(x),
    "softplus": lambda x, beta=1.0, threshold=20.0: F.softplus(x, beta, threshold),
}
TORCH_MODULES = {
    "sigmoid": lambda p: torch.nn.Sigmoid(),
    "tanh": lambda p: torch.nn.Tanh(),
    "relu": lambda p: torch.nn.ReLU(),
    "leaky_relu": lambda p: torch.nn.LeakyReLU(**p),
    "elu": lambda p: torch.nn.ELU(**p),
    "gelu": lambda p: torch.nn.GELU(),
    "silu": lambda p: torch.nn.SiLU(),
    "softplus": lambda p: torch.nn.Softplus(**p),
}
# Defaults plus a few non-default parameters for the parametrised functions.
CASES = [(name, {}) for name in ACTIVATIONS] + [
    ("leaky_relu", {"negative_slope": 0.01}),
    ("leaky_relu", {"negative_slope": 0.3}),
    ("leaky_relu", {"negative_slope": 0.0}),
    ("elu", {"alpha": 0.5}),
    ("elu", {"alpha": 2.0}),
    ("softplus", {"beta": 2.0}),
    ("softplus", {"beta": 0.5, "threshold": 5.0}),
]
CASE_IDS = [f"{n}-{'-'.join(f'{k}={v}' for k, v in p.items()) or 'default'}" for n, p in CASES]

# 0, the kinks (0 and softplus' threshold at 20/β), their neighbours, moderate values and ±1e3.
_KINKS = [0.0, 2.5, 10.0, 20.0, 40.0]
GRID = np.unique(
    np.concatenate(
        [
            np.linspace(-8, 8, 161),
            [-1e3, -100.0, -30.0, -20.0, 30.0, 100.0, 1e3],
            [k + d for k in _KINKS for d in (-1e-3, 0.0, 1e-3)],
            [-1e-7, 1e-7],
        ]
    )
)
DTYPES = [np.float32, np.float64]


def _tol(dtype):
    return {"atol": 1e-6, "rtol": 1e-5} if dtype == np.float32 else {"atol": 1e-12, "rtol": 1e-10}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name, params", CASES, ids=CASE_IDS)
def test_values_match_torch(name, params, dtype):
    act = ACTIVATIONS[name]
    full = {**act.params, **params}
    x = GRID.astype(dtype)
    assert_matches_torch(lambda a: act.fn(a, **full), lambda t: TORCH[name](t, **full), [x], **_tol(dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name, params", CASES, ids=CASE_IDS)
def test_derivative_matches_autograd(name, params, dtype):
    act = ACTIVATIONS[name]
    full = {**act.params, **params}
    x = GRID.astype(dtype)
    assert_grad_matches_torch(lambda a: act.grad(a, **full), lambda t: TORCH[name](t, **full), x, **_tol(dtype))


@pytest.mark.parametrize(
    "name, params, expected",
    [
        ("relu", {}, 0.0),
        ("leaky_relu", {"negative_slope": 0.1}, 0.1),
        ("leaky_relu", {"negative_slope": 0.25}, 0.25),
        ("elu", {"alpha": 1.0}, 1.0),
        ("elu", {"alpha": 0.5}, 0.5),
    ],
)
def test_derivative_at_the_kink_follows_autograd_convention(name, params, expected):
    act = ACTIVATIONS[name]
    assert act.grad(np.array([0.0]), **params)[0] == expected
    xt = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    TORCH[name](xt, **params).sum().backward()
    assert xt.grad.item() == expected


def test_notes_formulas_by_hand():
    x = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_allclose(sigmoid(x), 1 / (1 + np.exp(-x)))
    np.testing.assert_array_equal(relu(x), [0.0, 0.0, 3.0])
    np.testing.assert_allclose(leaky_relu(x), np.maximum(0.1 * x, x))  # the notes' max(0.1x, x)
    np.testing.assert_allclose(ACTIVATIONS["elu"](x, alpha=2.0), [2.0 * (np.exp(-2.0) - 1), 0.0, 3.0])
    np.testing.assert_allclose(ACTIVATIONS["sigmoid"].grad(np.array([0.0])), [0.25])  # sigmoid' ≤ 0.25


# ---------------------------------------------------------------- invariances over the registry (test_common)

NAMES = sorted(ACTIVATIONS)


@pytest.mark.parametrize("name", NAMES)
def test_registry_entry_is_consistent(name):
    act = ACTIVATIONS[name]
    assert act.name == name
    assert act.latex.strip()
    signature = inspect.signature(act.fn)
    for param, default in act.params.items():
        assert signature.parameters[param].default == default, (name, param)
        assert signature.parameters[param].kind is inspect.Parameter.KEYWORD_ONLY
    assert set(inspect.signature(act.grad).parameters) == set(signature.parameters)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_no_overflow_warning_and_finite_at_large_inputs(name, dtype):
    act = ACTIVATIONS[name]
    x = np.array([-1e3, -1e2, 1e2, 1e3], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y, dy = act(x), act.derivative(x)
    assert np.isfinite(y).all() and np.isfinite(dy).all(), (y, dy)
    assert y.dtype == dtype and dy.dtype == dtype


@pytest.mark.parametrize("name", NAMES)
def test_shape_and_reshape_invariance(name):
    act = ACTIVATIONS[name]
    x = np.random.default_rng(0).normal(scale=4, size=(2, 3, 4))
    for f in (act, act.derivative):
        out = f(x)
        assert out.shape == x.shape
        np.testing.assert_array_equal(f(x.ravel()), out.ravel())
        assert f(np.float64(0.5)).shape == ()
        assert f(x[:0]).shape == (0, 3, 4)


@pytest.mark.parametrize("name", NAMES)
def test_elementwise_permutation_invariance(name):
    act = ACTIVATIONS[name]
    rng = np.random.default_rng(1)
    x = rng.normal(scale=5, size=50)
    perm = rng.permutation(50)
    np.testing.assert_array_equal(act(x[perm]), act(x)[perm])
    np.testing.assert_array_equal(act.derivative(x[perm]), act.derivative(x)[perm])


@pytest.mark.parametrize("name", NAMES)
def test_integer_input_becomes_float64_and_nan_propagates(name):
    act = ACTIVATIONS[name]
    assert act(np.array([-2, 0, 3])).dtype == np.float64
    np.testing.assert_allclose(act(np.array([-2, 0, 3])), act(np.array([-2.0, 0.0, 3.0])))
    assert np.isnan(act(np.array([np.nan]))).all()


@pytest.mark.parametrize("name", NAMES)
def test_bad_input_raises_value_error(name):
    act = ACTIVATIONS[name]
    with pytest.raises(ValueError, match="x must be"):
        act(np.array(["a", "b"]))
    for param in act.params:
        with pytest.raises(ValueError, match=param):
            act(np.zeros(3), **{param: float("nan")})


@pytest.mark.parametrize("name", NAMES)
@given(x=st.floats(-30, 30).filter(lambda v: min(abs(v - k) for k in (0.0, 20.0)) > 1e-3))
def test_derivative_matches_finite_difference(name, x):
    act = ACTIVATIONS[name]
    h = 1e-6
    numeric = (act(np.array(x + h)) - act(np.array(x - h))) / (2 * h)
    np.testing.assert_allclose(act.derivative(np.array(x)), numeric, atol=1e-6, rtol=1e-5)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus"])
@given(a=st.floats(-50, 50), b=st.floats(-50, 50))
def test_monotonic_ones_are_monotonic(name, a, b):
    act = ACTIVATIONS[name]
    lo, hi = min(a, b), max(a, b)
    assert act(np.array(lo)) <= act(np.array(hi))


# ---------------------------------------------------------------- Maxout


def test_maxout_by_hand_1d():
    x = np.array([-2.0, 0.0, 1.5])
    w, b = [1.0, -1.0, 0.5], [0.0, 0.0, 1.0]
    # pieces: x=-2 → (-2, 2, 0); x=0 → (0, 0, 1); x=1.5 → (1.5, -1.5, 1.75)
    np.testing.assert_array_equal(maxout_pieces(x, w, b), [[-2, 2, 0], [0, 0, 1], [1.5, -1.5, 1.75]])
    np.testing.assert_array_equal(maxout(x, w, b), [2.0, 1.0, 1.75])
    np.testing.assert_array_equal(maxout_active(x, w, b), [1, 2, 2])


def test_maxout_by_hand_2d():
    x = np.array([[1.0, 2.0], [-1.0, 0.5]])
    w = np.array([[1.0, 0.0], [0.0, 1.0]])
    b = np.array([0.0, -1.0])
    # row 0: (1, 1) → tie, first wins; row 1: (-1, -0.5) → piece 1
    np.testing.assert_array_equal(maxout(x, w, b), [1.0, -0.5])
    np.testing.assert_array_equal(maxout_active(x, w, b), [0, 1])


def test_maxout_generalises_relu_and_leaky_relu():
    x = np.linspace(-5, 5, 101)
    np.testing.assert_array_equal(maxout(x, [1.0, 0.0], [0.0, 0.0]), relu(x))
    np.testing.assert_allclose(maxout(x, [1.0, 0.1], [0.0, 0.0]), leaky_relu(x, negative_slope=0.1))


@pytest.mark.parametrize("dtype", DTYPES)
def test_maxout_matches_torch(dtype):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(40, 3)).astype(dtype)
    w, b = rng.normal(size=(4, 3)), rng.normal(size=4)

    def torch_maxout(t):
        return (t @ torch.from_numpy(w.astype(dtype)).T + torch.from_numpy(b.astype(dtype))).max(dim=1).values

    assert_matches_torch(lambda a: maxout(a, w, b), torch_maxout, [x], **_tol(dtype))


@pytest.mark.parametrize(
    "weights, biases, match",
    [
        ([1.0], [0.0], "k >= 2"),
        ([1.0, 2.0], [0.0], "biases"),
        ([1.0, np.nan], [0.0, 0.0], "finite"),
        ([[1.0, 2.0], [0.0, 1.0]], [0.0, 0.0], "features"),
    ],
)
def test_maxout_rejects_bad_pieces(weights, biases, match):
    with pytest.raises(ValueError, match=match):
        maxout(np.array([[1.0], [2.0]]), weights, biases)


@pytest.mark.parametrize(
    "weights, biases, max_pieces, code, params",
    [
        ([1.0], [0.0], None, "maxout_count", {"k": 1, "lo": 2, "hi": None}),
        ([1.0] * 7, [0.0] * 7, 6, "maxout_count", {"k": 7, "lo": 2, "hi": 6}),
        ([1.0, np.nan], [0.0, 0.0], 6, "maxout_finite", {}),
        ([1.0, 2.0], [0.0, np.inf], None, "maxout_finite", {}),
    ],
)
def test_check_maxout_pieces_says_what_is_wrong(weights, biases, max_pieces, code, params):
    with pytest.raises(ActivationError) as err:
        check_maxout_pieces(weights, biases, max_pieces=max_pieces)
    assert (err.value.code, err.value.params) == (code, params)


def test_check_maxout_pieces_accepts_2_to_max_pieces():
    w, b = check_maxout_pieces([1, 0, 2], [0, 0, -1], max_pieces=3)
    assert w.dtype == b.dtype == np.float64 and w.tolist() == [1.0, 0.0, 2.0] and b.tolist() == [0.0, 0.0, -1.0]
    assert check_maxout_pieces(np.ones((6, 2)), np.zeros(6), max_pieces=6)[0].shape == (6, 2)
    with pytest.raises(ValueError, match="biases"):  # a shape mismatch is a programming error, not a CoreError code
        check_maxout_pieces([1.0, 2.0], [0.0])


# ---------------------------------------------------------------- checks of the settings


@pytest.mark.parametrize("x_min, x_max", [(-6, 6), (-X_LIMIT, X_LIMIT), (0.5, 0.75), (-3, -2)])
def test_check_x_range_accepts(x_min, x_max):
    assert check_x_range(x_min, x_max) == (float(x_min), float(x_max))


@pytest.mark.parametrize(
    "x_min, x_max",
    [(3, -5), (2, 2), (-2000, 0), (0, X_LIMIT + 1), (np.nan, 1), (0, np.inf), (-np.inf, 0)],
)
def test_check_x_range_rejects(x_min, x_max):
    with pytest.raises(ActivationError) as err:
        check_x_range(x_min, x_max)
    assert err.value.code == "x_range"
    assert (err.value.params["lo"], err.value.params["hi"]) == (-X_LIMIT, X_LIMIT)
    assert err.value.params["x_min"] == x_min or np.isnan(x_min)


def test_check_x_range_limit_is_an_option():
    assert check_x_range(-20, 20, limit=20) == (-20.0, 20.0)
    with pytest.raises(ActivationError) as err:
        check_x_range(-21, 0, limit=20)
    assert (err.value.params["lo"], err.value.params["hi"]) == (-20, 20)


@pytest.mark.parametrize("name", NAMES)
def test_every_default_parameter_passes_its_own_check(name):
    act = ACTIVATIONS[name]
    assert set(act.ranges) <= set(act.params), name
    for param, default in act.params.items():
        assert check_param(name, param, default) == default


@pytest.mark.parametrize(
    "name, param, value, lo, hi",
    [
        ("leaky_relu", "negative_slope", 5.0, 0.0, 1.0),
        ("leaky_relu", "negative_slope", -0.1, 0.0, 1.0),
        ("leaky_relu", "negative_slope", np.inf, 0.0, 1.0),
        ("elu", "alpha", 0.0, 0.01, 10.0),
        ("elu", "alpha", 11.0, 0.01, 10.0),
        ("softplus", "beta", np.nan, -np.inf, np.inf),  # no range, but never NaN
    ],
)
def test_check_param_says_what_is_wrong(name, param, value, lo, hi):
    with pytest.raises(ActivationError) as err:
        check_param(name, param, value)
    assert err.value.code == "param_range"
    assert {k: err.value.params[k] for k in ("name", "param", "lo", "hi")} == {
        "name": name,
        "param": param,
        "lo": lo,
        "hi": hi,
    }


def test_check_param_bounds_are_inclusive_and_unknown_names_are_value_errors():
    assert check_param("leaky_relu", "negative_slope", 0) == 0.0 and check_param("elu", "alpha", 10) == 10.0
    with pytest.raises(ValueError, match="no parameter"):
        check_param("relu", "alpha", 1.0)
    with pytest.raises(ValueError, match="name"):
        check_param("swishy", "alpha", 1.0)


def test_activation_error_is_a_core_error_that_survives_pickling():
    import pickle

    with pytest.raises(ActivationError) as err:
        check_x_range(1, 0)
    assert isinstance(err.value, CoreError) and isinstance(err.value, ValueError)
    again = pickle.loads(pickle.dumps(err.value))
    assert type(again) is ActivationError and (again.code, again.params) == ("x_range", err.value.params)


# ---------------------------------------------------------------- properties


def test_properties_measured_from_the_functions():
    sig = properties("sigmoid")
    assert (sig.lower, sig.upper, sig.lower_open, sig.upper_open) == (0.0, 1.0, True, True)
    assert sig.max_abs_grad == pytest.approx(0.25) and sig.saturates_left and sig.saturates_right
    assert not sig.zero_centred and sig.mean_normal == pytest.approx(0.5)
    tanh = properties("tanh")
    assert tanh.zero_centred and (tanh.lower, tanh.upper) == (-1.0, 1.0) and tanh.max_abs_grad == pytest.approx(1)
    r = properties("relu")
    assert (r.lower, r.upper, r.lower_open) == (0.0, np.inf, False)
    assert r.dead_region == (-np.inf, 0.0) and r.monotonic and not r.saturates_right  # f' = 0 for every x ≤ 0
    assert r.mean_normal == pytest.approx(1 / np.sqrt(2 * np.pi), rel=1e-3)  # E[max(0, x)] = 1/√(2π)
    leaky = properties("leaky_relu")
    assert leaky.dead_region is None and leaky.lower == -np.inf and not leaky.saturates_left
    assert properties("leaky_relu", negative_slope=0.0).dead_region == (-np.inf, 0.0)
    e = properties("elu", alpha=2.0)
    assert e.lower == pytest.approx(-2.0) and e.lower_open and e.max_abs_grad == pytest.approx(2.0, rel=1e-3)
    for name in ("gelu", "silu"):
        p = properties(name)
        assert not p.monotonic and not p.lower_open and p.lower < 0 and p.max_abs_grad > 1
    sp = properties("softplus")
    assert (sp.lower, sp.lower_open, sp.monotonic) == (0.0, True, True)


def test_properties_rejects_unknown_name():
    with pytest.raises(ValueError, match="name"):
        properties("swishy")


# ---------------------------------------------------------------- why non-linear


def test_two_linear_layers_collapse_to_one_but_not_with_an_activation():
    rng = np.random.default_rng(5)
    w1, b1, w2, b2 = rng.normal(size=(3, 2)), rng.normal(size=3), rng.normal(size=(2, 3)), rng.normal(size=2)
    x = rng.normal(size=(100, 2))
    w, b = collapse_linear(w1, b1, w2, b2)
    assert w.shape == (2, 2) and b.shape == (2,)
    np.testing.assert_allclose(two_layers(x, w1, b1, w2, b2), x @ w.T + b, atol=1e-12)
    bent = two_layers(x, w1, b1, w2, b2, activation="relu")
    # The best affine fit of the ReLU version leaves a residual: no single linear layer matches it.
    assert affine_fit_residual(x, two_layers(x, w1, b1, w2, b2)) < 1e-12
    assert affine_fit_residual(x, bent) > 1e-2


@pytest.mark.parametrize("d_in, hidden, d_out", [(1, 1, 1), (2, 3, 2), (5, 8, 3)])
def test_collapse_gap_is_rounding_only(d_in, hidden, d_out):
    rng = np.random.default_rng(d_in + hidden)
    w1, b1 = rng.normal(size=(hidden, d_in)), rng.normal(size=hidden)
    w2, b2 = rng.normal(size=(d_out, hidden)), rng.normal(size=d_out)
    assert collapse_gap(rng.normal(size=(50, d_in)), w1, b1, w2, b2) < 1e-12
    with pytest.raises(ValueError, match="w2"):
        collapse_gap(rng.normal(size=(5, d_in)), w1, b1, rng.normal(size=(d_out, hidden + 1)), b2)


def test_affine_fit_residual_by_hand():
    x = np.array([[0.0], [1.0], [2.0]])
    assert affine_fit_residual(x, 3 * x - 1) < 1e-12
    # y = (0, 1, 0): best line is the constant 1/3, worst miss 2/3
    assert affine_fit_residual(x, np.array([[0.0], [1.0], [0.0]])) == pytest.approx(2 / 3)


# ---------------------------------------------------------------- gradient flow


def _torch_gradient_flow(name, *, depth, width, init, seed, batch=128, params=None):
    params = {**ACTIVATIONS[name].params, **(params or {})}
    layers = []
    for i, w in enumerate(mlp_weights(depth=depth, width=width, init=init, seed=seed)):
        lin = torch.nn.Linear(width, width, dtype=torch.float64)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(w))
            lin.bias.zero_()
        layers.append(lin)
        if i < depth - 1:
            layers.append(TORCH_MODULES[name](params))
    net = torch.nn.Sequential(*layers)
    x, y = (torch.from_numpy(a) for a in mlp_data(width=width, batch=batch, seed=seed))
    torch.nn.MSELoss()(net(x), y).backward()
    return np.array([m.weight.grad.norm().item() for m in net if isinstance(m, torch.nn.Linear)])


@pytest.mark.parametrize("init", ["xavier", "he"])
@pytest.mark.parametrize("name", NAMES)
def test_gradient_flow_matches_torch_autograd(name, init):
    ours = gradient_flow(name, depth=6, width=16, init=init, seed=7, batch=32)
    ref = _torch_gradient_flow(name, depth=6, width=16, init=init, seed=7, batch=32)
    assert ours.shape == (6,)
    np.testing.assert_allclose(ours, ref, rtol=1e-9, atol=0)


def test_gradient_flow_params_reach_the_activation():
    kw = {"depth": 5, "width": 16, "init": "he", "seed": 2, "batch": 16}
    ours = gradient_flow("elu", params={"alpha": 0.3}, **kw)
    np.testing.assert_allclose(ours, _torch_gradient_flow("elu", params={"alpha": 0.3}, **kw), rtol=1e-9)
    assert not np.allclose(ours, gradient_flow("elu", **kw))


def test_sigmoid_gradients_vanish_at_depth_20():
    norms = gradient_flow("sigmoid", depth=20, width=64, init="xavier", seed=0)
    assert norms.shape == (20,)
    assert (np.diff(norms[:-1]) > 0).all(), norms  # each layer nearer the input gets less
    assert norms[0] < 1e-6 * norms[-1]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_relu_with_he_init_keeps_gradients_alive(seed):
    norms = gradient_flow("relu", depth=20, width=64, init="he", seed=seed)
    assert norms.min() > 0.1 * norms.max(), norms
    assert norms[0] > 0.1


def test_he_vs_xavier_for_relu():
    he = gradient_flow("relu", depth=20, init="he", seed=0)
    xavier = gradient_flow("relu", depth=20, init="xavier", seed=0)
    assert he[0] > 100 * xavier[0]  # Xavier halves the signal's variance at every ReLU


def test_gradient_flow_is_seeded():
    a = gradient_flow("tanh", depth=4, seed=3)
    np.testing.assert_array_equal(a, gradient_flow("tanh", depth=4, seed=3))
    assert not np.array_equal(a, gradient_flow("tanh", depth=4, seed=4))


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"name": "nope", "depth": 3}, "name"),
        ({"name": "relu", "depth": 0}, "depth"),
        ({"name": "relu", "depth": 2.5}, "depth"),
        ({"name": "relu", "depth": 3, "width": 0}, "width"),
        ({"name": "relu", "depth": 3, "init": "orthogonal"}, "init"),
    ],
)
def test_gradient_flow_rejects_bad_arguments(kwargs, match):
    kwargs = dict(kwargs)  # the parametrised dict is shared: popping from it would break a rerun
    with pytest.raises(ValueError, match=match):
        gradient_flow(kwargs.pop("name"), **kwargs)


def test_init_std():
    assert init_std(64, 64, init="xavier") == pytest.approx(1 / 8)
    assert init_std(50, 200, init="he") == pytest.approx(0.2)


def test_gradient_ratio_by_hand():
    assert gradient_ratio([4.0, 2.0, 1.0]) == 4.0
    assert gradient_ratio(np.array([1e-9, 1.0])) == pytest.approx(1e-9)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a dead last layer is a result to show, not a warning
        assert gradient_ratio([1.0, 0.0]) == np.inf
        assert np.isnan(gradient_ratio([0.0, 0.0]))
    for bad in ([], [[1.0, 2.0]]):
        with pytest.raises(ValueError, match="norms"):
            gradient_ratio(bad)


def test_gradient_ratio_shows_sigmoid_vanishing():
    assert gradient_ratio(gradient_flow("sigmoid", depth=20, init="xavier")) < 1e-6
    assert gradient_ratio(gradient_flow("relu", depth=20, init="he")) > 0.1


# ---------------------------------------------------------------- issue 13: the page's sentences


@pytest.mark.parametrize(("alpha", "kink"), [(1.0, False), (0.5, True), (2.0, True)])
def test_elu_kinks_at_zero_only_when_alpha_is_not_one(alpha, kink):
    """activations.curves.caption: ELU's one-sided slopes at 0 are α (left) and 1 (right)."""
    h = 1e-7
    left = (elu(np.array([0.0]), alpha=alpha) - elu(np.array([-h]), alpha=alpha))[0] / h
    right = (elu(np.array([h]), alpha=alpha) - elu(np.array([0.0]), alpha=alpha))[0] / h
    assert left == pytest.approx(alpha, rel=1e-5)
    assert right == pytest.approx(1.0, rel=1e-5)
    assert bool(abs(left - right) > 1e-3) is kink


def test_gradient_flow_depends_on_weights_not_on_f_prime_alone():
    """activations.flow.intro: backprop multiplies by Wᵀ and f′ (depth 20, the page's width and seed)."""
    flow = {
        (name, init): gradient_flow(name, depth=20, width=64, init=init, seed=0)
        for name in ("sigmoid", "tanh", "relu")
        for init in ("xavier", "he")
    }
    # tanh has f′ ≤ 1 everywhere, yet with Xavier its gradient holds up from the last layer to the first
    tanh = flow["tanh", "xavier"]
    assert 0.5 < tanh[0] / tanh[-1] < 2
    # ReLU has f′ ∈ {0, 1}, yet with Xavier its whole curve sits orders of magnitude below He's
    assert np.all(flow["relu", "xavier"] < flow["relu", "he"] * 1e-3)
    # sigmoid's f′ ≤ 1/4 defeats either init: the gradient vanishes towards the input layer
    for init in INITS:
        sig = flow["sigmoid", init]
        assert sig[0] / sig[-1] < 1e-6


def test_relu_is_non_saturating_on_the_positive_side():
    """activations.sat.left: ReLU's f′ → 0 only as x → −∞."""
    p = properties("relu")
    assert p.saturates_left and not p.saturates_right


def test_least_squares_residual_means_no_exact_linear_fit():
    """activations.linear.gap_act: a positive least-squares residual means no linear layer fits exactly,
    while the residual itself is only the least-squares worst error (a Chebyshev line can do better)."""
    x = np.linspace(-3, 3, 201)[:, None]
    y = relu(x)
    residual = affine_fit_residual(x, y)
    assert residual > 0.1
    # the minimax line for ReLU on [-3, 3]: y = x/2 + 3/4 misses by at most 0.75 (< least squares' worst)
    minimax = float(np.abs(x / 2 + 0.75 - y).max())
    assert minimax < residual
