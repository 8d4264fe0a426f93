"""core.conv, core.pool, core.padding and core.layer against PyTorch: sweeps, output sizes, steps, errors.

tinygrad style: the same seeded arrays through ours and torch (``assert_matches_torch``); settings
that torch refuses must make ours raise ``ValueError`` too, and vice versa.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

import core.padding
from core.conv import (
    KERNELS,
    ZERO_SUM,
    can_normalize,
    conv2d,
    conv_steps,
    normalize_kernel,
    relu_zeroed_share,
    torch_reference,
)
from core.layer import MAX_STEP_CELLS, ConvError, check_layer, output_hw, output_size, resolve_padding
from core.padding import pad2d
from core.pool import pool2d, pool_steps
from tests.helpers import assert_matches_torch

torch.set_num_threads(1)
pytestmark = pytest.mark.filterwarnings("ignore:Using padding=.same. with even kernel:UserWarning")

KERNEL_SHAPES = [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 7), (2, 3), (3, 1), (1, 4), (5, 2)]
MODES = ["zeros", "reflect", "replicate", "circular"]
_TORCH_PAD = {"zeros": "constant", "reflect": "reflect", "replicate": "replicate", "circular": "circular"}


def rand(*shape, seed=0, dtype=np.float64):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def torch_conv(x, w, b=None, *, stride=1, padding=0, dilation=1, padding_mode="zeros", groups=1):
    """The reference: a torch.nn.Conv2d holding our weights (torch does 'same' and the padding modes)."""
    c_out, cin_g, kh, kw = w.shape
    layer = torch.nn.Conv2d(
        cin_g * groups,
        c_out,
        (kh, kw),
        stride=stride,
        padding=padding,
        dilation=dilation,
        padding_mode=padding_mode,
        groups=groups,
        bias=b is not None,
        dtype=x.dtype,
    )
    with torch.no_grad():
        layer.weight.copy_(w)
        if b is not None:
            layer.bias.copy_(b)
        return layer(x)


def torch_pool(x, *, kernel_size, stride=None, padding=0, mode="max"):
    fn = F.max_pool2d if mode == "max" else F.avg_pool2d
    return fn(x, kernel_size, stride=stride, padding=padding)


def both_or_neither(ours, ref):
    """Run ``ref`` (torch) and ``ours``: either both succeed or both refuse (ours with ValueError)."""
    try:
        ref()
    except (RuntimeError, ValueError):
        with pytest.raises(ValueError):
            ours()
        return False
    return True


# ----------------------------------------------------------------------------------------------
# conv2d


@pytest.fixture(params=["one_band", "row_bands"])
def band_size(request, monkeypatch):
    """Run a test once with the default band size and once with one output row per band."""
    if request.param == "row_bands":
        monkeypatch.setattr(core.padding, "_BAND_BYTES", 1)
    return request.param


@pytest.mark.parametrize("padding_mode", MODES)
@pytest.mark.parametrize("kernel", KERNEL_SHAPES, ids=str)
def test_conv2d_sweep_matches_torch(kernel, padding_mode, band_size):
    x, w, b = rand(2, 3, 11, 13, seed=1), rand(4, 3, *kernel, seed=2), rand(4, seed=3)
    xt, wt, bt = (torch.from_numpy(a) for a in (x, w, b))
    checked = 0
    for stride, padding, dilation in itertools.product([1, 2, 3], [0, 1, 2, 3, "same"], [1, 2, 3]):
        opts = dict(stride=stride, padding=padding, dilation=dilation, padding_mode=padding_mode)
        if not both_or_neither(lambda o=opts: conv2d(x, w, b, **o), lambda o=opts: torch_conv(xt, wt, bt, **o)):
            continue
        assert_matches_torch(
            lambda x, w, b, o=opts: conv2d(x, w, b, **o),
            lambda x, w, b, o=opts: torch_conv(x, w, b, **o),
            [x, w, b],
            atol=1e-10,
            rtol=1e-10,
        )
        checked += 1
    assert checked >= 10  # the sweep really compared many settings


@pytest.mark.parametrize(
    ("c_in", "c_out", "groups"), [(1, 1, 1), (1, 3, 1), (3, 1, 1), (4, 6, 2), (3, 3, 3), (3, 6, 3), (6, 6, 6)]
)
@pytest.mark.parametrize("with_bias", [False, True])
def test_conv2d_channels_groups_bias(c_in, c_out, groups, with_bias, band_size):
    x, w = rand(2, c_in, 9, 7, seed=4), rand(c_out, c_in // groups, 3, 2, seed=5)
    b = rand(c_out, seed=6) if with_bias else None
    for stride, padding, mode in [
        (1, "same", "zeros"),
        (2, 1, "reflect"),
        (3, (2, 1), "circular"),
        (1, 0, "replicate"),
    ]:
        opts = dict(stride=stride, padding=padding, padding_mode=mode, groups=groups)
        ours = conv2d(x, w, b, **opts)
        ref = torch_conv(torch.from_numpy(x), torch.from_numpy(w), None if b is None else torch.from_numpy(b), **opts)
        np.testing.assert_allclose(ours, ref.numpy(), atol=1e-10)


def test_conv2d_float32_stays_float32_and_matches():
    x, w, b = (
        rand(1, 3, 40, 33, dtype=np.float32),
        rand(3, 1, 5, 5, seed=7, dtype=np.float32),
        rand(3, dtype=np.float32),
    )
    assert_matches_torch(
        lambda x, w, b: conv2d(x, w, b, padding=2, groups=3, padding_mode="reflect"),
        lambda x, w, b: torch_conv(x, w, b, padding=2, groups=3, padding_mode="reflect"),
        [x, w, b],
        atol=1e-5,
    )


@pytest.mark.parametrize(
    ("dtype", "expected"),
    [
        (np.float32, np.float32),
        (np.float64, np.float64),
        (np.float16, np.float32),
        (np.uint8, np.float64),
        (np.int64, np.float64),
        (np.bool_, np.float64),
    ],
)
def test_conv2d_and_pool2d_dtypes(dtype, expected):
    x = (np.arange(36).reshape(6, 6) % 5).astype(dtype)
    assert conv2d(x, np.ones((3, 3))).dtype == expected
    assert pool2d(x, kernel_size=2, mode="avg").dtype == expected
    np.testing.assert_allclose(conv2d(x, np.ones((2, 2))), conv2d(x.astype(np.float64), np.ones((2, 2))), rtol=1e-3)


def test_conv2d_shapes_2d_3d_4d():
    grid, k = rand(7, 9), rand(3, 3, seed=1)
    assert conv2d(grid, k).shape == (5, 7)
    # a 2-D grid with a 4-D kernel is one image with one channel: (C_out, H_out, W_out)
    assert conv2d(grid, rand(4, 1, 3, 3)).shape == (4, 5, 7)
    # (C, H, W) is an unbatched image, as in torch
    img = rand(3, 7, 9)
    w = rand(2, 3, 3, 3)
    ref = F.conv2d(torch.from_numpy(img), torch.from_numpy(w)).numpy()
    np.testing.assert_allclose(conv2d(img, w), ref, atol=1e-10)


def test_conv2d_2d_kernel_is_applied_per_channel():
    """Colour filtering: the same (kH, kW) kernel on R, G and B, like a depthwise conv in torch."""
    img, k = rand(2, 3, 10, 8), rand(3, 3, seed=9)
    ref = F.conv2d(torch.from_numpy(img), torch.from_numpy(np.repeat(k[None, None], 3, axis=0)), padding=1, groups=3)
    np.testing.assert_allclose(conv2d(img, k, padding=1), ref.numpy(), atol=1e-10)
    np.testing.assert_allclose(conv2d(img, k, padding=1, groups=3), ref.numpy(), atol=1e-10)
    for c in range(3):  # each channel on its own equals the grayscale result
        np.testing.assert_allclose(conv2d(img[1, c], k, padding=1), ref.numpy()[1, c], atol=1e-10)


def test_conv2d_accepts_non_contiguous_image():
    hwc = rand(12, 10, 3)  # an (H, W, 3) photo viewed as (3, H, W) without a copy
    chw = hwc.transpose(2, 0, 1)
    ref = torch_conv(torch.from_numpy(np.ascontiguousarray(chw))[None], torch.from_numpy(rand(3, 1, 3, 3)), groups=3)
    np.testing.assert_allclose(conv2d(chw, rand(3, 1, 3, 3), groups=3), ref.numpy()[0], atol=1e-10)


def test_conv2d_nan_input_propagates_like_torch():
    x = rand(1, 1, 6, 6)
    x[0, 0, 2, 3] = np.nan
    w = rand(1, 1, 3, 3)
    assert_matches_torch(lambda x, w: conv2d(x, w, padding=1), lambda x, w: F.conv2d(x, w, padding=1), [x, w])


@given(
    h=st.integers(1, 9),
    wd=st.integers(1, 9),
    kh=st.integers(1, 4),
    kw=st.integers(1, 4),
    stride=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    dilation=st.tuples(st.integers(1, 2), st.integers(1, 2)),
    padding=st.tuples(st.integers(0, 2), st.integers(0, 2)),
    mode=st.sampled_from(MODES),
    seed=st.integers(0, 1000),
)
def test_conv2d_property_matches_torch(h, wd, kh, kw, stride, dilation, padding, mode, seed):
    x, w = rand(1, 2, h, wd, seed=seed), rand(3, 2, kh, kw, seed=seed + 1)
    opts = dict(stride=stride, padding=padding, dilation=dilation, padding_mode=mode)
    xt, wt = torch.from_numpy(x), torch.from_numpy(w)
    if both_or_neither(lambda: conv2d(x, w, **opts), lambda: torch_conv(xt, wt, **opts)):
        np.testing.assert_allclose(conv2d(x, w, **opts), torch_conv(xt, wt, **opts).numpy(), atol=1e-10)


@given(seed=st.integers(0, 10_000), a=st.floats(-3, 3), mode=st.sampled_from(MODES))
def test_conv2d_is_linear_in_the_input(seed, a, mode):
    x, y, w = rand(6, 7, seed=seed), rand(6, 7, seed=seed + 1), rand(3, 3, seed=seed + 2)
    lhs = conv2d(a * x + y, w, padding=1, padding_mode=mode)
    rhs = a * conv2d(x, w, padding=1, padding_mode=mode) + conv2d(y, w, padding=1, padding_mode=mode)
    np.testing.assert_allclose(lhs, rhs, atol=1e-9)


# ----------------------------------------------------------------------------------------------
# pooling


@pytest.mark.parametrize("mode", ["max", "avg"])
@pytest.mark.parametrize("kernel", [1, 2, 3, 4, (2, 3), (3, 1)], ids=str)
def test_pool2d_sweep_matches_torch(kernel, mode, band_size):
    x = rand(2, 3, 11, 9, seed=11)  # negative values: max pooling must pad with -inf, not 0
    checked = 0
    for stride, padding in itertools.product([None, 1, 2, 3, (1, 2)], [0, 1, 2, (1, 0)]):
        opts = dict(kernel_size=kernel, stride=stride, padding=padding, mode=mode)
        if not both_or_neither(lambda o=opts: pool2d(x, **o), lambda o=opts: torch_pool(torch.from_numpy(x), **o)):
            continue
        assert_matches_torch(lambda x, o=opts: pool2d(x, **o), lambda x, o=opts: torch_pool(x, **o), [x], atol=1e-12)
        checked += 1
    assert checked >= 5


@pytest.mark.parametrize("mode", ["max", "avg"])
def test_pool2d_float32_and_2d_3d(mode):
    x = rand(3, 13, 10, dtype=np.float32)
    assert_matches_torch(
        lambda x: pool2d(x, kernel_size=3, stride=2, padding=1, mode=mode),
        lambda x: torch_pool(x, kernel_size=3, stride=2, padding=1, mode=mode),
        [x],
    )
    assert_matches_torch(
        lambda x: pool2d(x, kernel_size=2, mode=mode),
        lambda x: torch_pool(x[None], kernel_size=2, mode=mode)[0],
        [x[0]],
    )


def test_max_pool_nan_propagates_like_torch():
    x = rand(1, 1, 6, 6)
    x[0, 0, 1, 4] = np.nan
    assert_matches_torch(lambda x: pool2d(x, kernel_size=2), lambda x: F.max_pool2d(x, 2), [x])


# ----------------------------------------------------------------------------------------------
# output_size, padding


def test_output_size_matches_torch_shapes():
    checked = 0
    for n, k, s, p, d in itertools.product([1, 4, 5, 7, 10], [1, 2, 3, 5], [1, 2, 3], [0, 1, 2, "same"], [1, 2]):
        opts = dict(stride=s, padding=p, dilation=d)
        ref = lambda o=opts, n=n, k=k: F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), **o)  # noqa: E731
        if both_or_neither(lambda o=opts, n=n, k=k: output_size(n, k, **o), ref):
            assert output_size(n, k, **opts) == ref().shape[-1], (n, k, opts)
            checked += 1
    assert checked > 200


def test_output_size_formula_by_hand():
    assert output_size(5, 3) == 3  # the notes: 5x5 input, 3x3 kernel, stride 1
    assert output_size(5, 3, padding=1) == 5
    assert output_size(5, 3, padding="same") == 5
    assert output_size(7, 3, stride=2) == 3  # floor((7 - 3) / 2) + 1
    assert output_size(8, 3, stride=2) == 3  # floor((8 - 3) / 2) + 1 = floor(2.5) + 1
    assert output_size(9, 3, dilation=2) == 5  # effective kernel 5


@pytest.mark.parametrize("mode", MODES)
def test_pad2d_matches_torch_pad(mode):
    x = rand(2, 3, 5, 4)
    for pads in [(1, 1, 1, 1), (0, 2, 3, 1), (2, 0, 0, 3)]:
        ref = F.pad(torch.from_numpy(x), (pads[2], pads[3], pads[0], pads[1]), mode=_TORCH_PAD[mode]).numpy()
        np.testing.assert_array_equal(pad2d(x, pads, padding_mode=mode), ref)


def test_resolve_padding_same_puts_the_odd_cell_last():
    assert resolve_padding(3, "same") == (1, 1, 1, 1)
    assert resolve_padding((2, 4), "same") == (0, 1, 1, 2)
    assert resolve_padding(3, "same", dilation=2) == (2, 2, 2, 2)
    assert resolve_padding(3, "valid") == (0, 0, 0, 0)
    assert resolve_padding(3, (1, 2)) == (1, 1, 2, 2)


# ----------------------------------------------------------------------------------------------
# the notes' worked examples, kernels


def test_notes_example_5x5_input_3x3_kernel():
    x = np.arange(25.0).reshape(5, 5)
    out = conv2d(x, np.ones((3, 3)))
    assert out.shape == (3, 3)
    # top-left window: 0+1+2 + 5+6+7 + 10+11+12 = 54; one step right adds 9, one step down adds 45
    np.testing.assert_array_equal(out, 54 + 9 * np.arange(3)[None, :] + 45 * np.arange(3)[:, None])
    assert conv2d(x, np.ones((3, 3)), padding=1).shape == (5, 5)  # padding keeps the size


def test_notes_example_pooling_halves_and_keeps_channels():
    x = np.arange(16.0).reshape(4, 4)
    np.testing.assert_array_equal(pool2d(x, kernel_size=2, stride=2), [[5, 7], [13, 15]])
    np.testing.assert_array_equal(pool2d(x, kernel_size=2, stride=2, mode="avg"), [[2.5, 4.5], [10.5, 12.5]])
    assert pool2d(rand(1, 8, 6, 10), kernel_size=2, stride=2).shape == (1, 8, 3, 5)


def test_kernel_presets():
    names = {"identity", "box_blur_3", "box_blur_5", "gaussian_3", "gaussian_5", "sharpen", "laplacian"}
    names |= {"sobel_x", "sobel_y", "emboss", "outline"}
    assert set(KERNELS) == names
    for name, k in KERNELS.items():
        assert k.dtype == np.float64 and k.ndim == 2 and k.shape[0] % 2 == 1, name
        assert not k.flags.writeable, name
    for name in ["identity", "box_blur_3", "box_blur_5", "gaussian_3", "gaussian_5", "sharpen", "emboss"]:
        assert KERNELS[name].sum() == pytest.approx(1.0), name
    for name in ["laplacian", "sobel_x", "sobel_y", "outline"]:
        assert KERNELS[name].sum() == pytest.approx(0.0), name
    img = rand(9, 8)
    np.testing.assert_allclose(conv2d(img, KERNELS["identity"], padding="same"), img)
    ramp = np.tile(np.arange(8.0), (6, 1))  # brightness grows by 1 per column
    np.testing.assert_array_equal(conv2d(ramp, KERNELS["sobel_x"]), np.full((4, 6), 8.0))  # (1+2+1) * 2
    np.testing.assert_array_equal(conv2d(ramp, KERNELS["sobel_y"]), np.zeros((4, 6)))


def test_normalize_kernel():
    np.testing.assert_allclose(normalize_kernel(np.ones((3, 3))), np.full((3, 3), 1 / 9))
    np.testing.assert_allclose(normalize_kernel(np.full((2, 2), -2.0)).sum(), 1.0)
    np.testing.assert_array_equal(normalize_kernel(KERNELS["sobel_x"]), KERNELS["sobel_x"])  # zero sum: unchanged


def test_can_normalize_is_the_rule_normalize_kernel_follows():
    for w in (np.ones((3, 3)), np.full((2, 2), -2.0), KERNELS["gaussian_3"], [[1.0, -1.0 + 4 * ZERO_SUM]]):
        assert can_normalize(w), w
        assert normalize_kernel(w).sum() == pytest.approx(1.0)
    for w in (KERNELS["sobel_x"], KERNELS["laplacian"], np.array([[1.0, -1.0 + ZERO_SUM / 2]])):  # (nearly) zero sum
        assert not can_normalize(w), w
        np.testing.assert_array_equal(normalize_kernel(w), w)
    with pytest.raises(ValueError, match="w must be finite"):
        can_normalize([[1.0, np.nan]])


def test_relu_zeroed_share_counts_what_relu_changes():
    x = rand(40, 30, seed=5)
    x[0, :5] = 0.0  # zeros stay zeros: ReLU does not change them
    changed = torch.relu(torch.from_numpy(x)).numpy() != x
    assert 0.3 < changed.mean() < 0.7
    assert relu_zeroed_share(x) == changed.mean()
    assert relu_zeroed_share(np.abs(x)) == 0.0
    assert relu_zeroed_share(-np.abs(x) - 1) == 1.0
    with pytest.raises(ValueError, match="empty"):
        relu_zeroed_share(np.zeros((0, 3)))


# ----------------------------------------------------------------------------------------------
# step-through records


@pytest.mark.parametrize("padding_mode", MODES)
def test_conv_steps_sums_equal_conv2d(padding_mode):
    x = rand(7, 6, seed=21)
    for kernel, stride, padding, dilation in itertools.product(
        [(3, 3), (2, 3), (1, 1)], [1, 2], [0, 1, 2, "same"], [1, 2]
    ):
        w = rand(*kernel, seed=22)
        opts = dict(stride=stride, padding=padding, dilation=dilation, padding_mode=padding_mode)
        try:
            expected = conv2d(x, w, **opts) + 0.5
        except ValueError:
            with pytest.raises(ValueError):
                conv_steps(x, w, **opts)
            continue
        steps = conv_steps(x, w, bias=0.5, **opts)
        grid = pad2d(x, resolve_padding(kernel, padding, stride=stride, dilation=dilation), padding_mode=padding_mode)
        assert len(steps) == expected.size
        assert [s.index for s in steps] == list(itertools.product(*map(range, expected.shape)))
        for step in steps:
            assert step.total == pytest.approx(expected[step.index], abs=1e-12)
            np.testing.assert_array_equal(step.window, grid[np.ix_(step.rows, step.cols)])
            np.testing.assert_array_equal(step.products, step.window * w)
            assert step.total == pytest.approx(step.products.sum() + 0.5)


def test_conv_steps_flags_padded_cells():
    steps = conv_steps(np.ones((5, 5)), np.ones((3, 3)), padding=1)
    first, centre = steps[0], steps[6]  # output (0, 0) and (1, 1) of a 5x5 output
    assert first.index == (0, 0) and first.rows == (0, 1, 2) and first.cols == (0, 1, 2)
    np.testing.assert_array_equal(first.padded, [[1, 1, 1], [1, 0, 0], [1, 0, 0]])
    assert first.window[0, 0] == 0.0 and first.total == 4.0  # zero padding adds nothing
    assert centre.index == (1, 1) and not centre.padded.any() and centre.total == 9.0
    reflect = conv_steps(np.arange(25.0).reshape(5, 5), np.ones((3, 3)), padding=1, padding_mode="reflect")
    assert reflect[0].padded[0, 0] and reflect[0].window[0, 0] == 6.0  # reflect (-1, -1) -> (1, 1)


@pytest.mark.parametrize("mode", ["max", "avg"])
def test_pool_steps_equal_pool2d(mode):
    x = rand(7, 9, seed=31)
    for kernel, stride, padding in itertools.product([2, 3, (2, 3)], [None, 1, 2], [0, 1]):
        opts = dict(kernel_size=kernel, stride=stride, padding=padding, mode=mode)
        expected = pool2d(x, **opts)
        steps = pool_steps(x, **opts)
        assert len(steps) == expected.size
        for step in steps:
            assert step.value == pytest.approx(expected[step.index], abs=1e-12)
            assert np.all(step.window[step.padded] == (-np.inf if mode == "max" else 0.0))
            if mode == "max":
                assert step.window[step.winner] == step.value
            else:
                assert step.winner is None


def test_steps_refuse_large_grids():
    side = int(np.sqrt(MAX_STEP_CELLS)) + 1
    with pytest.raises(ValueError, match="x is too large"):
        conv_steps(np.zeros((side, side)), np.ones((3, 3)))
    with pytest.raises(ValueError, match="x is too large"):
        pool_steps(np.zeros((side, side)), kernel_size=2)
    with pytest.raises(ValueError, match="x must be a 2-D grid"):
        conv_steps(np.zeros((3, 5, 5)), np.ones((3, 3)))
    with pytest.raises(ValueError, match="w must be a 2-D kernel"):
        conv_steps(np.zeros((5, 5)), np.ones((1, 1, 3, 3)))
    with pytest.raises(ValueError, match="bias"):
        conv_steps(np.zeros((5, 5)), np.ones((3, 3)), bias=float("nan"))


# ----------------------------------------------------------------------------------------------
# errors


GRID, K3 = np.zeros((5, 5)), np.ones((3, 3))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (dict(stride=0), "stride"),
        (dict(stride=-1), "stride"),
        (dict(stride=(1, 0)), "stride"),
        (dict(stride=1.5), "stride"),
        (dict(stride=True), "stride"),
        (dict(dilation=0), "dilation"),
        (dict(padding=-1), "padding"),
        (dict(padding="full"), "padding"),
        (dict(padding=(1, 2, 3)), "padding"),
        (dict(padding="same", stride=2), "padding='same' needs stride 1"),
        (dict(padding_mode="mirror"), "padding_mode"),
        (dict(padding=5, padding_mode="reflect"), "padding: reflect"),
        (dict(padding=6, padding_mode="circular"), "padding: circular"),
        (dict(dilation=3), "kernel_size"),
        (dict(groups=0), "groups"),
        (dict(groups=2), "groups"),
    ],
)
def test_conv2d_errors_name_the_argument(kwargs, match):
    with pytest.raises(ValueError, match=match):
        conv2d(GRID, K3, **kwargs)


def test_conv2d_errors_on_arrays():
    with pytest.raises(ValueError, match="kernel_size"):
        conv2d(np.zeros((2, 2)), K3)  # kernel larger than the (unpadded) input
    assert conv2d(np.zeros((2, 2)), K3, padding=1).shape == (2, 2)  # ... but it fits once padded
    with pytest.raises(ValueError, match="w: kernel expects 3 input channels"):
        conv2d(np.zeros((1, 2, 5, 5)), np.ones((1, 3, 3, 3)))  # mismatched channels
    with pytest.raises(ValueError, match="groups=2 must divide"):
        conv2d(np.zeros((1, 3, 5, 5)), np.ones((2, 1, 3, 3)), groups=2)
    for bad in (np.nan, np.inf, -np.inf):
        k = K3.copy()
        k[1, 1] = bad
        with pytest.raises(ValueError, match="w must be finite"):
            conv2d(GRID, k)
    with pytest.raises(ValueError, match="x must have shape"):
        conv2d(np.zeros(5), K3)
    with pytest.raises(ValueError, match="x must have shape"):
        conv2d(np.zeros((1, 1, 1, 5, 5)), K3)
    with pytest.raises(ValueError, match="x must not be empty"):
        conv2d(np.zeros((0, 5)), K3)
    with pytest.raises(ValueError, match="x must be a numeric array"):
        conv2d(np.array([["a", "b"], ["c", "d"]]), np.ones((1, 1)))
    with pytest.raises(ValueError, match="w must have shape"):
        conv2d(GRID, np.ones((1, 3, 3)))
    with pytest.raises(ValueError, match="w must not be empty"):
        conv2d(GRID, np.ones((0, 3)))
    with pytest.raises(ValueError, match="b must be"):
        conv2d(GRID, np.ones((1, 1, 3, 3)), np.ones(2))
    with pytest.raises(ValueError, match="b must be real and finite"):
        conv2d(GRID, np.ones((1, 1, 3, 3)), np.array([np.nan]))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (dict(kernel_size=0), "kernel_size"),
        (dict(kernel_size=2, stride=0), "stride"),
        (dict(kernel_size=2, padding=2), "padding must be at most half"),
        (dict(kernel_size=3, padding=-1), "padding"),
        (dict(kernel_size=6), "kernel_size"),
        (dict(kernel_size=2, mode="min"), "mode"),
    ],
)
def test_pool2d_errors_name_the_argument(kwargs, match):
    with pytest.raises(ValueError, match=match):
        pool2d(GRID, **kwargs)


def test_output_size_errors():
    for args, kwargs, match in [
        ((0, 3), {}, "n must"),
        ((5, 0), {}, "kernel_size"),
        ((5, 3), dict(stride=0), "stride"),
        ((5, 3), dict(padding=-1), "padding"),
        ((5, 3), dict(padding=1.5), "padding"),
        ((5, 3), dict(dilation=0), "dilation"),
        ((5, 3), dict(padding="same", stride=2), "padding"),
        ((2, 5), {}, "kernel_size"),
    ]:
        with pytest.raises(ValueError, match=match):
            output_size(*args, **kwargs)


def test_check_layer_refuses_what_torch_refuses_and_gives_torch_output_shape():
    """One rule, one place: the page asks check_layer; it must agree with torch on every setting."""
    ran = refused = 0
    for hw, k, stride, padding, dilation, mode in itertools.product(
        [(1, 1), (2, 3), (3, 2), (5, 5), (4, 7)],
        [(1, 1), (3, 3), (2, 3), (5, 2)],
        [1, 2, 3],
        [0, 1, 2, 3, "same", (0, 2)],
        [1, 2],
        MODES,
    ):
        opts = dict(stride=stride, padding=padding, dilation=dilation, padding_mode=mode)
        x, w = torch.zeros(1, 1, *hw, dtype=torch.float64), torch.zeros(1, 1, *k, dtype=torch.float64)
        try:
            shape = tuple(torch_conv(x, w, **opts).shape[-2:])
        except (RuntimeError, ValueError):
            with pytest.raises(ConvError):
                check_layer(hw, k, **opts)
            refused += 1
            continue
        pads, out_hw = check_layer(hw, k, **opts)
        assert out_hw == output_hw(hw, k, **opts) == shape, (hw, k, opts)
        assert pads == resolve_padding(k, padding, stride=stride, dilation=dilation)
        ran += 1
    assert ran > 500 and refused > 500, (ran, refused)  # the sweep really tried both sides


@pytest.mark.parametrize(
    ("hw", "opts", "code", "params"),
    [
        ((5, 5), dict(stride=2, padding="same"), "same_stride", {"stride": 2}),
        ((5, 5), dict(padding_mode="mirror"), "padding_mode", {"mode": "mirror"}),
        ((5, 5), dict(padding=5, padding_mode="reflect"), "reflect_too_big", {"pad": 5, "size": (5, 5)}),
        ((6, 4), dict(padding=(1, 4), padding_mode="reflect"), "reflect_too_big", {"pad": 4, "size": (6, 4)}),
        ((5, 5), dict(padding=6, padding_mode="circular"), "circular_too_big", {"pad": 6, "size": (5, 5)}),
        ((5, 5), dict(dilation=5), "kernel_too_big", {"span": (11, 11), "padded": (5, 5)}),
        ((2, 9), dict(padding=(0, 1)), "kernel_too_big", {"span": (3, 3), "padded": (2, 11)}),
    ],
)
def test_layer_errors_carry_a_code_and_the_values(hw, opts, code, params):
    """check_layer, conv2d and conv_steps refuse with the same ConvError: ui translates code + params."""
    for run in (
        lambda: check_layer(hw, (3, 3), **opts),
        lambda: conv2d(np.zeros(hw), K3, **opts),
        lambda: conv_steps(np.zeros(hw), K3, **opts),
    ):
        with pytest.raises(ConvError) as info:
            run()
        assert (info.value.code, info.value.params) == (code, params)


def test_pooling_window_larger_than_the_map_is_a_conv_error():
    for run in (lambda: pool2d(np.zeros((2, 5)), kernel_size=3), lambda: pool_steps(np.zeros((2, 5)), kernel_size=3)):
        with pytest.raises(ConvError) as info:
            run()
        assert (info.value.code, info.value.params) == ("kernel_too_big", {"span": (3, 3), "padded": (2, 5)})


def test_check_layer_names_malformed_arguments():
    for args, kwargs, match in [
        (((0, 5), (3, 3)), {}, "hw"),
        (((5, 5), (3, 0)), {}, "kernel_shape"),
        (((5, 5), (3, 3)), dict(stride=0), "stride"),
        (((5, 5), (3, 3)), dict(padding=-1), "padding"),
        (((5, 5), (3, 3)), dict(dilation=1.5), "dilation"),
    ]:
        with pytest.raises(ValueError, match=match) as info:
            check_layer(*args, **kwargs)
        assert not isinstance(info.value, ConvError)  # a programming error, not a setting to explain


# ----------------------------------------------------------------------------------------------
# the page's "Check with PyTorch" helper


def test_torch_reference_agrees_with_ours():
    img, k = rand(3, 12, 9, dtype=np.float32), KERNELS["sharpen"]
    for opts, shape in [  # shapes counted by hand: floor((n + 2p - d(k - 1) - 1) / s) + 1
        (dict(padding="same"), (3, 12, 9)),
        (dict(stride=2, padding=1, padding_mode="reflect"), (3, 6, 5)),
        (dict(dilation=2), (3, 8, 5)),
    ]:
        ours = conv2d(img, k, **opts)
        ref = torch_reference("conv2d", img, k, **opts)
        assert ref.shape == shape and ours.shape == shape, (opts, ref.shape, ours.shape)
        assert ref.dtype == ours.dtype == np.float32
        np.testing.assert_allclose(ours, ref, atol=1e-5)
    # the leading axes follow conv2d's rule: (H, W) for a grid and a 2-D kernel, (C_out, H, W), (N, C_out, H, W)
    grid = rand(6, 6)
    for x, w, shape in [
        (grid, K3, (6, 6)),
        (grid, rand(4, 1, 3, 3), (4, 6, 6)),
        (rand(2, 3, 7, 5), rand(4, 3, 3, 3), (2, 4, 7, 5)),
    ]:
        ref = torch_reference("conv2d", x, w, padding=1)
        assert ref.shape == shape
        np.testing.assert_allclose(ref, conv2d(x, w, padding=1), atol=1e-12)
    for mode in ("max", "avg"):
        opts = dict(kernel_size=3, stride=2, padding=1, mode=mode)
        np.testing.assert_allclose(torch_reference("pool2d", img, **opts), pool2d(img, **opts), atol=1e-6)
    with pytest.raises(ValueError, match="op"):
        torch_reference("conv3d", img, k)
    with pytest.raises(ValueError, match="stride"):
        torch_reference("conv2d", img, k, stride=0)


@given(
    h=st.integers(1, 10),
    wd=st.integers(1, 10),
    kernel=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    stride=st.none() | st.tuples(st.integers(1, 3), st.integers(1, 3)),
    padding=st.tuples(st.integers(0, 2), st.integers(0, 2)),
    mode=st.sampled_from(["max", "avg"]),
    seed=st.integers(0, 1000),
)
def test_pool2d_property_matches_torch(h, wd, kernel, stride, padding, mode, seed):
    x = rand(2, 2, h, wd, seed=seed)
    opts = dict(kernel_size=kernel, stride=stride, padding=padding, mode=mode)
    if both_or_neither(lambda: pool2d(x, **opts), lambda: torch_pool(torch.from_numpy(x), **opts)):
        np.testing.assert_allclose(pool2d(x, **opts), torch_pool(torch.from_numpy(x), **opts).numpy(), atol=1e-12)


# ---------------------------------------------------------------- issue 13: the page's sentences


def test_tiny_grid_example_needs_no_padding():
    """convolution.grid.help: 5×5 input, 3×3 kernel, stride 1 and no padding → 3×3 (with padding 1 it stays 5×5)."""
    assert output_size(5, 3, stride=1, padding=0) == 3
    assert output_size(5, 3, stride=1, padding=1) == 5
    assert conv2d(np.ones((5, 5)), np.ones((3, 3))).shape[-2:] == (3, 3)


def test_colour_mode_is_depthwise_and_a_real_layer_mixes_channels():
    """convolution.colour.help: one 2-D kernel per channel (groups = 3) keeps 3 separate channels; a full
    layer with C_out × C_in × k × k weights sums over every input channel."""
    rng = np.random.default_rng(4)
    x = rng.normal(size=(3, 9, 9))
    k = rng.normal(size=(3, 3))
    per_channel = np.stack([conv2d(x[c], k) for c in range(3)])
    depthwise = conv2d(x, np.stack([k[None]] * 3), groups=3)  # weights (3, 1, k, k): 3 in, 3 out
    np.testing.assert_allclose(depthwise, per_channel, atol=1e-12)
    np.testing.assert_allclose(conv2d(x, k), per_channel, atol=1e-12)  # the page's call: a 2-D kernel on RGB
    w = rng.normal(size=(5, 3, 3, 3))  # C_out × C_in × k × k
    full = conv2d(x, w)
    assert full.shape[0] == 5 and w.size == 5 * 3 * 3 * 3
    mixed = np.stack([sum(conv2d(x[c], w[o, c]) for c in range(3)) for o in range(5)])
    np.testing.assert_allclose(full, mixed, atol=1e-12)


def test_pooling_keeps_negative_values():
    """train.inside.maps_help: pooling does not make values ≥ 0 (tanh outputs stay negative after it)."""
    maps = np.tanh(np.random.default_rng(5).normal(size=(2, 8, 8)) - 1.0)
    for mode in ("max", "avg"):
        pooled = pool2d(maps, kernel_size=2, mode=mode)
        assert pooled.shape == (2, 4, 4) and pooled.min() < 0
