"""Plain helpers of the convolution page (no widgets): layer settings, their checks, the size formula."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

import numpy as np

from core.conv import PADDING_MODES, resolve_padding

PADDINGS = ("0", "1", "2", "3", "4", "5", "6", "same")
MAX_WEIGHT = 1e4  # kernel entries beyond this are typos, not teaching examples
MAX_GRID_VALUE = 1e6


@dataclass(frozen=True)
class Layer:
    """The convolution layer's hyper-parameters, as the widgets set them."""

    stride: int = 1
    padding: int | str = 0
    dilation: int = 1
    padding_mode: str = "zeros"

    def kwargs(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Pool:
    mode: str = "max"
    kernel_size: int = 2
    stride: int = 2


def parse_padding(text: str) -> int | str:
    """``"same"`` or a non-negative int from the padding selector."""
    if text == "same":
        return "same"
    value = int(text)
    if value < 0:
        raise ValueError("padding must be >= 0")
    return value


def layer_problem(hw: tuple[int, int], kernel_shape: tuple[int, int], layer: Layer) -> tuple[str, dict] | None:
    """Why this layer cannot run on an input of size ``hw`` (an i18n code and its values), or None."""
    if layer.padding == "same" and layer.stride != 1:
        return "same_stride", {"stride": layer.stride}
    if layer.padding_mode not in PADDING_MODES:
        return "padding_mode", {"mode": layer.padding_mode}
    top, bottom, left, right = resolve_padding(
        kernel_shape, layer.padding, stride=layer.stride, dilation=layer.dilation
    )
    h, w = hw
    pad = max(top, bottom, left, right)
    if layer.padding_mode == "reflect" and (max(top, bottom) >= h or max(left, right) >= w):
        return "reflect_too_big", {"pad": pad, "size": f"{h}×{w}"}
    if layer.padding_mode == "circular" and (max(top, bottom) > h or max(left, right) > w):
        return "circular_too_big", {"pad": pad, "size": f"{h}×{w}"}
    span_h = layer.dilation * (kernel_shape[0] - 1) + 1
    span_w = layer.dilation * (kernel_shape[1] - 1) + 1
    padded_h, padded_w = h + top + bottom, w + left + right
    if span_h > padded_h or span_w > padded_w:
        return "kernel_too_big", {"span": f"{span_h}×{span_w}", "padded": f"{padded_h}×{padded_w}"}
    return None


def output_hw(hw: tuple[int, int], kernel_shape: tuple[int, int], layer: Layer) -> tuple[int, int]:
    """(H_out, W_out) with PyTorch's floor rule; call only when :func:`layer_problem` is None."""
    top, bottom, left, right = resolve_padding(
        kernel_shape, layer.padding, stride=layer.stride, dilation=layer.dilation
    )
    spans = [layer.dilation * (k - 1) + 1 for k in kernel_shape]
    return (
        (hw[0] + top + bottom - spans[0]) // layer.stride + 1,
        (hw[1] + left + right - spans[1]) // layer.stride + 1,
    )


def formula_latex(axis: str, n: int, k: int, pads: tuple[int, int], layer: Layer, out: int | None) -> str:
    """The output-size formula for one axis ("H" or "W"), then the same with the numbers filled in."""
    before, after = pads
    s, d = layer.stride, layer.dilation
    pad_sym = "2p" if before == after else r"p_{1} + p_{2}"
    pad_num = rf"2 \cdot {before}" if before == after else f"{before} + {after}"
    general = rf"{axis}_{{out}} = \left\lfloor \frac{{{axis} + {pad_sym} - d\,(k - 1) - 1}}{{s}} \right\rfloor + 1"
    filled = rf"\left\lfloor \frac{{{n} + {pad_num} - {d} \cdot ({k} - 1) - 1}}{{{s}}} \right\rfloor + 1"
    result = "" if out is None else f" = {out}"
    return f"{general} = {filled}{result}"


def resize_kernel(kernel: np.ndarray, size: int) -> np.ndarray:
    """Grow (zeros around) or shrink (keep the centre) a square kernel to ``size``×``size``."""
    old = kernel.shape[0]
    out = np.zeros((size, size))
    if size >= old:
        o = (size - old) // 2
        out[o : o + old, o : o + old] = kernel
    else:
        o = (old - size) // 2
        out[:] = kernel[o : o + size, o : o + size]
    return out


def check_numbers(values: np.ndarray, limit: float) -> bool:
    """True if every entry is a finite number of magnitude at most ``limit`` (empty cells are NaN)."""
    return bool(values.size and np.isfinite(values).all() and np.abs(values).max() <= limit)


def kernel_json(kernel: np.ndarray, *, layer: Layer, normalised: bool, preset: str) -> str:
    """The kernel and the layer settings as a JSON document (for the download button)."""
    doc = {
        "kernel": kernel.tolist(),
        "shape": list(kernel.shape),
        "preset": preset,
        "normalised": normalised,
        "operation": "cross-correlation (PyTorch conv2d)",
        **layer.kwargs(),
    }
    return json.dumps(doc, indent=2)


def fmt_number(value: float) -> str:
    """Short text for a table cell: integers without decimals, others with up to two."""
    if not np.isfinite(value):
        return "−∞" if value < 0 else "∞"
    if abs(value - round(value)) < 1e-9:
        return str(int(round(value)))
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
