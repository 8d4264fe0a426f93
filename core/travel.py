"""A Trainer's data travels once: pickling a run (serve/worker.py sends it to a worker and back) ships the dataset's
arrays, and the training tensors made from them are rebuilt on arrival instead of travelling a second time."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

_DATA_TENSORS = {"_x_train": "x_train", "_y_train": "y_train", "_x_val": "x_val", "_y_val": "y_val"}


@dataclass(frozen=True)
class _Rebuild:
    """In a pickled Trainer, in place of a data tensor: make it again from the dataset's array, with these strides."""

    stride: tuple[int, ...]


def _is_view_of(tensor, array) -> bool:
    """``tensor`` is exactly ``array``'s memory: same address, shape and dtype, both contiguous (so
    ``torch.as_tensor(array)`` makes it again, values and all)."""
    if not isinstance(tensor, torch.Tensor) or not isinstance(array, np.ndarray) or not array.flags.c_contiguous:
        return False
    try:
        dtype = torch.from_numpy(array[:0]).dtype
    except TypeError:  # no torch dtype for it: the tensor cannot be its view
        return False
    return (
        tensor.is_contiguous()
        and tensor.dtype == dtype
        and tuple(tensor.shape) == array.shape
        and tensor.data_ptr() == array.ctypes.data
    )


def without_data(state: dict, dataset) -> dict:
    """A copy of a Trainer's ``state`` in which each data tensor that is a view of the dataset's array (``Trainer``
    makes them so for float32 / int64 data) is replaced by its strides; a tensor that is not such a view travels as
    it is. (The strides of a size-1 axis address nothing, but torch picks its convolution's memory layout from them:
    the same strides, the same arithmetic, the same run.)"""
    state = dict(state)
    for attr, part in _DATA_TENSORS.items():
        if _is_view_of(state.get(attr), getattr(dataset, part, None)):
            state[attr] = _Rebuild(tuple(state[attr].stride()))
    return state


def restore_data(state: dict, dataset) -> None:
    """Make the data tensors ``without_data`` left out again from the dataset's arrays (sharing their memory)."""
    for attr, part in _DATA_TENSORS.items():
        if isinstance(rebuild := state.get(attr), _Rebuild):
            tensor = torch.as_tensor(getattr(dataset, part))  # shares the array's memory
            if tensor.stride() != rebuild.stride:
                tensor = tensor.as_strided(tensor.shape, rebuild.stride)
            state[attr] = tensor
