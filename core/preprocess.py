"""A photo as a model sees it: one RGB upload -> a small ``(C, H, W)`` float32 input in [0, 1].

Built only on ``core.images``' one resize, one crop and one grey conversion, so an image of a
student's zip and a "Try it" upload go through exactly the same steps (``Dataset.preprocess``).

>>> import numpy as np
>>> photo = np.full((120, 80, 3), 255, np.uint8)
>>> photo[30:90, 30:50] = 0  # a dark stroke on white paper
>>> x = preprocess_image(photo, input_shape=(1, 8, 8))  # inverted, cropped around the ink
>>> x.shape, float(x[0, 0, 0]) < 0.05 < 0.7 < float(x[0, 4, 4])
((1, 8, 8), True)
"""

from __future__ import annotations

import math

import numpy as np

from core.images import crop, downscale, resize, to_grayscale

# A photo on its way to a model input of at most 64x64 (or 1024 for a custom input_shape) is first
# shrunk to this side, so every later step (grey, invert, ink box, crop) costs O(512^2). On purpose
# smaller than core.images.WORKING_SIDE (1024), the side of pictures the student looks at.
PREPROCESS_SIDE = 512
_INK_MARGIN = 0.15  # fraction of the side left empty around the ink, like the training shapes/digits


def preprocess_image(
    image: np.ndarray,
    *,
    input_shape: tuple[int, int, int] = (1, 8, 8),
    invert: str | bool = "auto",
    fit: str = "auto",
) -> np.ndarray:
    """What a model with ``input_shape`` sees for one RGB image.

    Steps: shrink very large images (longest side ``PREPROCESS_SIDE``) -> grey (if ``C == 1``) ->
    scale to [0, 1] -> invert (optional) -> crop to a square (``fit``) -> resize to ``(H, W)``.
    ``Dataset.preprocess`` calls this with the options that match how its images were made.

    Parameters
    ----------
    image : ndarray of shape (H, W, 3), uint8
        E.g. the output of ``core.images.load_image``.
    input_shape : (C, H, W)
        ``C`` is 1 (grey, ITU-R 601 luma) or 3 (RGB).
    invert : "auto", True or False
        Digits and shapes are *light strokes on a dark background*; a photo of a dark pen on white
        paper is the opposite and would look like nothing the model has seen. ``True`` maps ``p`` to
        ``1 - p``. ``"auto"`` inverts when the image's border (outer 10 % frame, where the background
        usually is) is brighter (luma) than 0.5 on average. Use ``False`` for models trained on photos.
    fit : "auto", "ink" or "center"
        ``"center"`` keeps the largest centred square (like Teachable Machine). ``"ink"`` (only for
        ``C == 1``) crops a square around the bright strokes with a 15 % margin and stretches the
        contrast so the background is 0 and the strokes reach 1, as in the digits data; a flat image
        falls back to ``"center"``. ``"auto"`` is ``"ink"`` for ``C == 1`` and ``"center"`` for ``C == 3``.

    Returns
    -------
    ndarray of shape (C, H, W), float32 in [0, 1]
    """
    _check_rgb(image)
    channels, height, width = _check_input_shape(input_shape)
    if not (invert == "auto" or isinstance(invert, bool)):
        raise ValueError(f"invert must be 'auto', True or False, got {invert!r}")
    if fit not in ("auto", "ink", "center"):
        raise ValueError(f"fit must be 'auto', 'ink' or 'center', got {fit!r}")
    if fit == "auto":
        fit = "ink" if channels == 1 else "center"
    if fit == "ink" and channels != 1:
        raise ValueError("fit='ink' needs a one-channel input_shape")

    image = downscale(image, max_side=PREPROCESS_SIDE, method="bilinear")
    gray = to_grayscale(image) / 255.0  # (h, w) luma in [0, 1]
    pixels = gray if channels == 1 else image.astype(np.float32) / 255.0
    if invert is True or (invert == "auto" and _border_mean(gray) > 0.5):
        pixels = 1.0 - pixels

    if fit == "ink" and (box := _ink_box(pixels)) is not None:
        square = _square_around(pixels, box, margin=_INK_MARGIN)
        background, peak = _border_mean(pixels), float(pixels.max())
        square = np.clip((square - background) / (peak - background), 0.0, 1.0)  # bg -> 0, strokes -> 1
    else:
        square, _ = crop(pixels, size=min(pixels.shape[:2]))  # the largest centred square
    as_uint8 = np.round(square * 255.0).astype(np.uint8)
    out = resize(as_uint8, (height, width), method="bilinear").astype(np.float32) / 255.0
    if channels == 1:
        return out[None]  # (H, W) -> (1, H, W)
    return np.ascontiguousarray(out.transpose(2, 0, 1))  # (H, W, 3) -> (3, H, W)


def _check_rgb(image: object) -> None:
    if not (isinstance(image, np.ndarray) and image.dtype == np.uint8 and image.ndim == 3 and image.shape[2] == 3):
        got = getattr(image, "shape", None), getattr(image, "dtype", type(image).__name__)
        raise ValueError(f"image must be a uint8 array of shape (H, W, 3), got {got}")
    if min(image.shape[:2]) < 1:
        raise ValueError(f"image must have at least one pixel, got shape {image.shape}")


def _check_input_shape(input_shape: object) -> tuple[int, int, int]:
    ok = isinstance(input_shape, tuple | list) and len(input_shape) == 3
    ok = ok and all(isinstance(s, int | np.integer) for s in input_shape)
    if not (ok and input_shape[0] in (1, 3) and 1 <= input_shape[1] <= 1024 and 1 <= input_shape[2] <= 1024):
        raise ValueError(f"input_shape must be (C, H, W) with C in (1, 3) and 1 <= H, W <= 1024, got {input_shape!r}")
    return tuple(int(s) for s in input_shape)


def _border_mean(gray: np.ndarray) -> float:
    """Mean of the outer ~10 % frame of a 2-D image: a robust guess of the background brightness."""
    h, w = gray.shape
    bh, bw = max(1, h // 10), max(1, w // 10)
    frame = np.concatenate([gray[:bh].ravel(), gray[-bh:].ravel(), gray[:, :bw].ravel(), gray[:, -bw:].ravel()])
    return float(frame.mean())


def _ink_box(gray: np.ndarray) -> tuple[int, int, int, int] | None:
    """Bounding box (top, bottom, left, right) of pixels clearly brighter than the border, if any."""
    background, peak = _border_mean(gray), float(gray.max())
    if peak - background < 0.1:
        return None  # a flat image has no ink to find
    rows, cols = np.nonzero(gray > background + 0.5 * (peak - background))
    return rows.min(), rows.max() + 1, cols.min(), cols.max() + 1


def _square_around(gray: np.ndarray, box, *, margin: float) -> np.ndarray:
    """A square centred on ``box`` with ``margin`` empty on each side; outside the image, the border mean.

    Unlike :func:`crop` the square may reach past the image (a stroke near an edge stays centred).
    """
    top, bottom, left, right = box
    side = max(bottom - top, right - left) / (1 - 2 * margin)
    side = max(int(math.ceil(side)), 1)
    cy, cx = (top + bottom) / 2, (left + right) / 2
    y0, x0 = int(round(cy - side / 2)), int(round(cx - side / 2))
    canvas = np.full((side, side), _border_mean(gray), dtype=np.float32)
    h, w = gray.shape
    sy0, sx0, sy1, sx1 = max(y0, 0), max(x0, 0), min(y0 + side, h), min(x0 + side, w)
    canvas[sy0 - y0 : sy1 - y0, sx0 - x0 : sx1 - x0] = gray[sy0:sy1, sx0:sx1]
    return canvas
