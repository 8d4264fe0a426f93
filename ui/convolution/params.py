"""Plain helpers of the convolution page (no widgets): layer settings, core's verdict on them, the size formula."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

import numpy as np
from PIL import Image

from core.layer import ConvError, check_layer
from ui.common.i18n import t

PADDINGS = ("0", "1", "2", "3", "4", "5", "6", "same")
MAX_WEIGHT = 1e4  # kernel entries beyond this are typos, not teaching examples
MAX_GRID_VALUE = 1e6
# The longest side a picture is sent at: half of the wide layout's column is at most about 640 CSS pixels, and the
# browser decodes and draws every pixel it is sent (a 1024-pixel upload and its maps were 2.6× the pixels).
DISPLAY_SIDE = 640


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


def layer_problem(hw: tuple[int, int], kernel_shape: tuple[int, int], layer: Layer) -> ConvError | None:
    """core's verdict on this layer for an input of size ``hw``: why it cannot run, or None."""
    try:
        check_layer(hw, kernel_shape, **layer.kwargs())
    except ConvError as err:
        return err
    return None


def layer_error_text(err: ConvError) -> str:
    """core's refusal in the user's language; pairs of sizes read as 5×5."""
    values = {k: "×".join(map(str, v)) if isinstance(v, tuple) else v for k, v in err.params.items()}
    return t(f"convolution.error.{err.code}", **values)


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


def display_size(picture: np.ndarray, side: int = DISPLAY_SIDE) -> np.ndarray:
    """A (H, W) or (H, W, 3) uint8 picture shrunk (each pixel the mean of the area it covers) so that its longer
    side is at most ``side``; smaller pictures come back as they are."""
    h, w = picture.shape[:2]
    if max(h, w) <= side:
        return picture
    scale = side / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return np.asarray(Image.fromarray(picture).resize(size, Image.Resampling.BOX))
