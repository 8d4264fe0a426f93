"""Test helpers shared by every test module.

``assert_matches_torch`` is the tinygrad-style check: the same inputs through our
function and the PyTorch reference; shape, dtype, then allclose.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

_TORCH_TO_NP = {
    "float16": np.float16,
    "float32": np.float32,
    "float64": np.float64,
    "int64": np.int64,
    "int32": np.int32,
    "uint8": np.uint8,
    "bool": np.bool_,
}


def to_numpy(value) -> np.ndarray:
    import torch

    if isinstance(value, torch.Tensor):
        return value.detach().cpu().numpy()
    return np.asarray(value)


def assert_matches_torch(
    our_fn: Callable[..., np.ndarray],
    torch_fn: Callable[..., object],
    inputs: Sequence[np.ndarray],
    *,
    atol: float = 1e-6,
    rtol: float = 1e-5,
    check_dtype: bool = True,
) -> None:
    """Feed the same arrays to ``our_fn`` (NumPy) and ``torch_fn`` (tensors); compare.

    Checks shape, dtype (unless ``check_dtype=False``) and ``allclose`` (NaN equal to NaN).
    """
    import torch

    ours = np.asarray(our_fn(*[np.array(x, copy=True) for x in inputs]))
    ref = to_numpy(torch_fn(*[torch.from_numpy(np.array(x, copy=True)) for x in inputs]))
    assert ours.shape == ref.shape, f"shape {ours.shape} != torch {ref.shape}"
    if check_dtype:
        assert ours.dtype == ref.dtype, f"dtype {ours.dtype} != torch {ref.dtype}"
    np.testing.assert_allclose(ours, ref, atol=atol, rtol=rtol, equal_nan=True)


def assert_grad_matches_torch(
    our_grad: Callable[[np.ndarray], np.ndarray],
    torch_fn: Callable[[object], object],
    x: np.ndarray,
    *,
    atol: float = 1e-6,
    rtol: float = 1e-5,
) -> None:
    """Compare ``our_grad(x)`` with autograd's d/dx of ``torch_fn(x).sum()`` (element-wise derivative)."""
    import torch

    xt = torch.from_numpy(np.array(x, copy=True)).requires_grad_(True)
    torch_fn(xt).sum().backward()
    ref = xt.grad.numpy()
    ours = np.asarray(our_grad(np.array(x, copy=True)))
    assert ours.shape == ref.shape, f"shape {ours.shape} != torch {ref.shape}"
    assert ours.dtype == ref.dtype, f"dtype {ours.dtype} != torch {ref.dtype}"
    np.testing.assert_allclose(ours, ref, atol=atol, rtol=rtol, equal_nan=True)
