"""Image datasets for the /train page: digits, generated shapes, and the student's own zip.

Every dataset is a :class:`Dataset` of float32 images ``(N, C, H, W)`` in ``[0, 1]`` with int64
labels, already split (stratified) into training and validation parts.

- :func:`digits` -- scikit-learn's bundled 8x8 handwritten digits (1,797 real images, no download).
- :func:`shapes` -- white shapes on black, generated with NumPy (random position, scale, rotation, noise).
- :func:`from_zip` -- one folder per class (Teachable Machine style), read in memory, never extracted.
- :func:`preprocess_image` -- what a model sees for a "Try it" upload (see its docstring for ``invert``).
  ``Dataset.preprocess(image)`` applies it with the options that match how the dataset was made.

Errors for the user's zip are :class:`DatasetError` (a ``ValueError``) with a stable ``code`` and a
``params`` dict, so the page can show a translated message. Codes and their params:

===========================  ===============================================================
code                         params
===========================  ===============================================================
``not_zip``                  ``{}`` -- the bytes are not a zip archive
``too_large``                ``{"size", "limit"}`` -- the archive itself is bigger than allowed (bytes)
``corrupt``                  ``{"name"}`` -- truncated or damaged archive (``name`` may be ``""``)
``encrypted``                ``{"name"}`` -- a password-protected entry
``unsupported``              ``{"name"}`` -- an entry uses a compression method we cannot read
``too_many_entries``         ``{"count", "limit"}`` -- more entries than allowed
``uncompressed_too_large``   ``{"size", "limit"}`` -- declared total size of the images (bytes)
``bomb``                     ``{"name", "reason"}`` -- zip bomb; ``reason`` is one of ``"ratio"``
                             (one entry expands too much), ``"overlap"`` (entries share data),
                             ``"read_limit"`` (more bytes came out than allowed), ``"pixels"``
                             (the pictures declare too many pixels together)
``empty``                    ``{"skipped"}`` -- no usable image at all (``skipped`` files ignored)
``no_class_folders``         ``{"count"}`` -- images found, but none inside a class folder
``too_few_classes``          ``{"count", "classes", "minimum"}`` -- ``classes`` is a list of names
``too_many_classes``         ``{"count", "limit"}``
``too_few_images``           ``{"class_name", "count", "minimum"}`` -- the first class that is too small
``too_many_images``          ``{"count", "limit"}`` -- after the per-class cap
===========================  ===============================================================

The tuples ``ERROR_CODES``, ``BOMB_REASONS`` and ``SKIP_REASONS`` hold these vocabularies so a
translation table can be checked against them.

Skipped files never raise: they are counted in ``Dataset.skipped`` and per reason in
``Dataset.skipped_reasons`` (keys: ``"hidden"`` for ``__MACOSX`` / dot-files, ``"non_image"``,
``"no_folder"`` for images outside any class folder, ``"unsafe_path"``, ``"unreadable"``,
``"too_big"`` for one image larger than ``ZipLimits.max_member_bytes``, ``"class_limit"`` for images
past ``ZipLimits.max_images_per_class``); ``Dataset.notes`` repeats them as short English sentences.

Path traversal names (``../x.png``, ``/etc/x.png``, ``C:\\x.png``) are *skipped* with reason
``"unsafe_path"``: nothing is ever written to disk, so they cannot escape anywhere, but a name that
tries to is not trusted as a class label either.
"""

from __future__ import annotations

import io
import lzma
import math
import struct
import unicodedata
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

SHAPE_NAMES = ("circle", "square", "triangle", "cross", "star", "ring")
IMAGE_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff"})
MIN_IMAGES_PER_CLASS = 2  # one for training, one for validation
# Stable vocabularies for translating errors and notes (the module docstring lists their params).
ERROR_CODES = (
    "not_zip",
    "too_large",
    "corrupt",
    "encrypted",
    "unsupported",
    "too_many_entries",
    "uncompressed_too_large",
    "bomb",
    "empty",
    "no_class_folders",
    "too_few_classes",
    "too_many_classes",
    "too_few_images",
    "too_many_images",
)
BOMB_REASONS = ("ratio", "overlap", "read_limit", "pixels")
SKIP_REASONS = ("hidden", "non_image", "no_folder", "unsafe_path", "unreadable", "too_big", "class_limit")


class DatasetError(ValueError):
    """A dataset cannot be built from the user's input.

    Parameters
    ----------
    code : str
        Stable machine-readable reason (listed in the module docstring).
    message : str
        English explanation (for logs and tests; the page translates ``code``).
    **params
        Values for the translated message.
    """

    def __init__(self, code: str, message: str, **params):
        super().__init__(message)
        self.code = code
        self.params = params

    def __reduce__(self):  # keep code and params through pickling (caches, worker processes)
        return _rebuild_error, (self.code, str(self), self.params)


def _rebuild_error(code: str, message: str, params: dict) -> DatasetError:
    return DatasetError(code, message, **params)


@dataclass
class Dataset:
    """Images split into training and validation parts.

    Attributes
    ----------
    name : str
        ``"digits"``, ``"shapes"`` or ``"upload"``.
    class_names : list of str
        Label ``k`` is ``class_names[k]``.
    x_train : ndarray of shape (N_train, C, H, W), float32 in [0, 1]
    y_train : ndarray of shape (N_train,), int64
    x_val : ndarray of shape (N_val, C, H, W), float32 in [0, 1]
    y_val : ndarray of shape (N_val,), int64
    notes : list of str
        Short English remarks, e.g. ``"skipped 3 non-image files"``.
    skipped : int
        Number of files left out (zip only).
    skipped_reasons : dict of str to int
        ``skipped`` broken down by reason (keys in the module docstring).
    preprocess_options : dict
        Keyword arguments for :func:`preprocess_image` that match how these images were made.
    """

    name: str
    class_names: list[str]
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    notes: list[str] = field(default_factory=list)
    skipped: int = 0
    skipped_reasons: dict[str, int] = field(default_factory=dict)
    preprocess_options: dict = field(default_factory=dict)

    def __post_init__(self):
        for part, x, y in (("train", self.x_train, self.y_train), ("val", self.x_val, self.y_val)):
            assert x.ndim == 4 and x.dtype == np.float32, (
                f"x_{part} must be float32 (N, C, H, W), got {x.dtype} {x.shape}"
            )
            assert y.shape == (len(x),) and y.dtype == np.int64, f"y_{part} must be int64 ({len(x)},)"
        assert self.x_train.shape[1:] == self.x_val.shape[1:], "train and val images differ in shape"

    @property
    def input_shape(self) -> tuple[int, int, int]:
        """``(C, H, W)`` of one image."""
        return tuple(int(s) for s in self.x_train.shape[1:])

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    def class_counts(self) -> dict[str, int]:
        """Images per class, training and validation together, in label order."""
        counts = np.bincount(np.concatenate([self.y_train, self.y_val]), minlength=self.n_classes)
        return {name: int(c) for name, c in zip(self.class_names, counts)}

    def preprocess(self, image: np.ndarray) -> np.ndarray:
        """An uploaded ``(H, W, 3)`` uint8 image as this dataset's models see it: ``(C, H, W)`` float32."""
        return preprocess_image(image, input_shape=self.input_shape, **self.preprocess_options)


# ---------------------------------------------------------------------------------------------
# splitting


def _check_fraction(val_fraction: float) -> None:
    if not (isinstance(val_fraction, int | float) and 0.0 < val_fraction < 1.0):
        raise ValueError(f"val_fraction must be a number in (0, 1), got {val_fraction!r}")


def stratified_split(y, *, val_fraction: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Indices of a training and a validation part with the same class proportions.

    Each class with ``n >= 2`` members puts ``round(n * val_fraction)`` of them (at least 1, at most
    ``n - 1``) into validation; a class with a single member stays in training.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Integer labels.
    val_fraction : float in (0, 1)
    seed : int

    Returns
    -------
    train_idx, val_idx : ndarray of int64, sorted, disjoint, together ``arange(n_samples)``.

    Examples
    --------
    >>> tr, va = stratified_split([0, 0, 0, 0, 1, 1, 1, 1], val_fraction=0.25, seed=0)
    >>> len(tr), len(va)
    (6, 2)
    """
    _check_fraction(val_fraction)
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D, got shape {y.shape}")
    rng = np.random.default_rng(seed)
    val_parts = []
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        n = len(members)
        n_val = 0 if n < 2 else min(max(round(n * val_fraction), 1), n - 1)
        val_parts.append(members[:n_val])
    val_idx = np.sort(np.concatenate(val_parts)).astype(np.int64) if val_parts else np.zeros(0, np.int64)
    is_val = np.zeros(len(y), dtype=bool)
    is_val[val_idx] = True
    return np.flatnonzero(~is_val).astype(np.int64), val_idx


def _split_dataset(name, class_names, x, y, *, val_fraction, seed, **extra) -> Dataset:
    train_idx, val_idx = stratified_split(y, val_fraction=val_fraction, seed=seed)
    return Dataset(
        name=name,
        class_names=list(class_names),
        x_train=np.ascontiguousarray(x[train_idx]),
        y_train=y[train_idx].astype(np.int64),
        x_val=np.ascontiguousarray(x[val_idx]),
        y_val=y[val_idx].astype(np.int64),
        **extra,
    )


# ---------------------------------------------------------------------------------------------
# digits

# Digits and shapes are light strokes on a dark background; a photo of a dark pen on paper is inverted.
_DARK_BACKGROUND = {"invert": "auto", "fit": "ink"}
_PHOTO = {"invert": False, "fit": "center"}  # own photos: keep colours and brightness as they are


def digits(*, val_fraction: float = 0.2, seed: int = 0) -> Dataset:
    """scikit-learn's 1,797 handwritten digits, 8x8 pixels, bundled (nothing is downloaded).

    Returns
    -------
    Dataset
        ``x`` of shape (N, 1, 8, 8), pixel counts 0..16 scaled to [0, 1]; classes ``"0"`` .. ``"9"``.
    """
    _check_fraction(val_fraction)
    from sklearn.datasets import load_digits  # lazy: sklearn is slow to import

    bunch = load_digits()
    x = (bunch.images / 16.0).astype(np.float32)[:, None]  # (N, 8, 8) -> (N, 1, 8, 8)
    y = bunch.target.astype(np.int64)
    names = [str(d) for d in bunch.target_names]
    return _split_dataset(
        "digits", names, x, y, val_fraction=val_fraction, seed=seed, preprocess_options=dict(_DARK_BACKGROUND)
    )


# ---------------------------------------------------------------------------------------------
# shapes


def _regular_polygon(k: int, radius: float, phase: float = np.pi / 2) -> np.ndarray:
    angles = phase + 2 * np.pi * np.arange(k) / k
    return radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)  # (k, 2)


def _star(points: int = 5, outer: float = 1.0, inner: float = 0.42) -> np.ndarray:
    radii = np.where(np.arange(2 * points) % 2 == 0, outer, inner)
    angles = np.pi / 2 + np.pi * np.arange(2 * points) / points
    return radii[:, None] * np.stack([np.cos(angles), np.sin(angles)], axis=1)  # (2 * points, 2)


def _cross(arm: float = 1.0, half_width: float = 0.3) -> np.ndarray:
    a, w = arm, half_width
    return np.array([(w, w), (w, a), (-w, a), (-w, w), (-a, w), (-a, -w),
                     (-w, -w), (-w, -a), (w, -a), (w, -w), (a, -w), (a, w)])  # fmt: skip


# Each shape is a list of closed polygons in unit coordinates (radius about 1), filled with the
# even-odd rule so that a ring is its outer circle minus its inner circle.
_SHAPE_POLYGONS = {
    "circle": [_regular_polygon(48, 0.9)],
    "square": [_regular_polygon(4, 1.0, phase=np.pi / 4)],
    "triangle": [_regular_polygon(3, 1.0)],
    "cross": [_cross()],
    "star": [_star()],
    "ring": [_regular_polygon(48, 0.95), _regular_polygon(48, 0.55)],
}


def _inside_even_odd(points: np.ndarray, polygons: list[np.ndarray]) -> np.ndarray:
    """Whether each point of ``points`` (P, 2) lies inside ``polygons`` under the even-odd rule."""
    px, py = points[:, 0], points[:, 1]
    inside = np.zeros(len(points), dtype=bool)
    for poly in polygons:
        x0, y0 = poly[:, 0], poly[:, 1]
        x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
        for ax, ay, bx, by in zip(x0, y0, x1, y1):
            crosses = (ay > py) != (by > py)  # the edge spans the horizontal ray's height
            with np.errstate(divide="ignore", invalid="ignore"):
                x_at = ax + (py - ay) * (bx - ax) / (by - ay)
            inside ^= crosses & (px < x_at)
    return inside


def _draw_shape(polygons, *, size: int, center, scale: float, angle: float, supersample: int = 3) -> np.ndarray:
    """Coverage in [0, 1] of one shape on a ``(size, size)`` grid, anti-aliased by supersampling."""
    n = size * supersample
    coords = (np.arange(n) + 0.5) / supersample  # sub-pixel centres in pixel units
    gx, gy = np.meshgrid(coords, coords)
    # map pixels back to the shape's unit frame: translate, rotate by -angle, scale
    dx, dy = gx.ravel() - center[0], gy.ravel() - center[1]
    c, s = np.cos(angle), np.sin(angle)
    local = np.stack([c * dx + s * dy, -s * dx + c * dy], axis=1) / scale  # (P, 2)
    local[:, 1] *= -1  # image rows grow downward; the polygons are drawn with y up
    hit = _inside_even_odd(local, polygons).reshape(size, supersample, size, supersample)
    return hit.mean(axis=(1, 3))  # (size, size)


def shapes(
    n: int = 1200,
    *,
    size: int = 28,
    seed: int = 0,
    val_fraction: float = 0.2,
    classes: Sequence[str] = ("circle", "square", "triangle", "cross"),
    noise: float = 0.08,
) -> Dataset:
    """Generated light shapes on a dark background, one class per shape.

    Every image draws one shape at a random position, radius (22-45 % of ``size``), rotation and
    brightness, then adds Gaussian pixel noise. Classes are balanced (counts differ by at most one).
    The same ``seed`` always gives the same images.

    Parameters
    ----------
    n : int
        Total number of images, at least ``2 * len(classes)``.
    size : int
        Image side in pixels, 8..128.
    classes : sequence of str
        Names from ``SHAPE_NAMES`` (at least 2, no repeats).
    noise : float
        Standard deviation of the pixel noise, 0..0.5.

    Returns
    -------
    Dataset
        ``x`` of shape (n, 1, size, size) float32 in [0, 1].
    """
    classes = list(classes)
    unknown = [c for c in classes if c not in _SHAPE_POLYGONS]
    if unknown or len(classes) < 2 or len(set(classes)) != len(classes):
        raise ValueError(f"classes must be at least 2 distinct names from {SHAPE_NAMES}, got {classes}")
    if not (isinstance(n, int | np.integer) and 2 * len(classes) <= n <= 100_000):
        raise ValueError(f"n must be an integer in [{2 * len(classes)}, 100000], got {n!r}")
    if not (isinstance(size, int | np.integer) and 8 <= size <= 128):
        raise ValueError(f"size must be an integer in [8, 128], got {size!r}")
    if not 0.0 <= noise <= 0.5:
        raise ValueError(f"noise must be in [0, 0.5], got {noise!r}")
    _check_fraction(val_fraction)

    rng = np.random.default_rng(seed)
    y = rng.permutation(np.arange(n) % len(classes)).astype(np.int64)
    x = np.empty((n, 1, size, size), dtype=np.float32)
    for i, label in enumerate(y):
        radius = rng.uniform(0.22, 0.45) * size
        center = rng.uniform(radius, size - radius, size=2)
        angle = rng.uniform(0.0, 2 * np.pi)
        brightness = rng.uniform(0.7, 1.0)
        shape = _draw_shape(_SHAPE_POLYGONS[classes[label]], size=size, center=center, scale=radius, angle=angle)
        pixels = brightness * shape + rng.normal(0.0, noise, size=(size, size))
        x[i, 0] = np.clip(pixels, 0.0, 1.0)
    return _split_dataset(
        "shapes", classes, x, y, val_fraction=val_fraction, seed=seed, preprocess_options=dict(_DARK_BACKGROUND)
    )


# ---------------------------------------------------------------------------------------------
# preprocessing one image (a "Try it" upload, or one image of a zip)

_WORKING_SIDE = 512  # big photos are shrunk first so every later step costs O(512^2)
_INK_MARGIN = 0.15  # fraction of the side left empty around the ink, like the training shapes/digits


def _check_image(image: np.ndarray) -> None:
    if not (isinstance(image, np.ndarray) and image.dtype == np.uint8 and image.ndim == 3 and image.shape[2] == 3):
        got = getattr(image, "shape", None), getattr(image, "dtype", type(image).__name__)
        raise ValueError(f"image must be a uint8 array of shape (H, W, 3), got {got}")
    if min(image.shape[:2]) < 1:
        raise ValueError(f"image must have at least one pixel, got shape {image.shape}")


def _check_input_shape(input_shape) -> tuple[int, int, int]:
    ok = isinstance(input_shape, tuple | list) and len(input_shape) == 3
    ok = ok and all(isinstance(s, int | np.integer) for s in input_shape)
    if not (ok and input_shape[0] in (1, 3) and 1 <= input_shape[1] <= 1024 and 1 <= input_shape[2] <= 1024):
        raise ValueError(f"input_shape must be (C, H, W) with C in (1, 3) and 1 <= H, W <= 1024, got {input_shape!r}")
    return tuple(int(s) for s in input_shape)


def _resize(pixels: np.ndarray, height: int, width: int) -> np.ndarray:
    """``(h, w)`` or ``(h, w, 3)`` uint8 -> ``(height, width[, 3])`` uint8, anti-aliased when shrinking."""
    from PIL import Image  # lazy: only needed for real images

    if pixels.shape[:2] == (height, width):
        return pixels
    resized = Image.fromarray(np.ascontiguousarray(pixels)).resize((width, height), Image.Resampling.BILINEAR)
    return np.asarray(resized)


def _center_square(pixels: np.ndarray) -> np.ndarray:
    h, w = pixels.shape[:2]
    side = min(h, w)
    top, left = (h - side) // 2, (w - side) // 2
    return pixels[top : top + side, left : left + side]


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
    """A square crop centred on ``box`` with ``margin`` empty on each side, padded with the border mean."""
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


def preprocess_image(
    image: np.ndarray,
    *,
    input_shape: tuple[int, int, int] = (1, 8, 8),
    invert: str | bool = "auto",
    fit: str = "auto",
) -> np.ndarray:
    """What a model with ``input_shape`` sees for one RGB image.

    Steps: shrink very large images (longest side 512) -> grey (if ``C == 1``) -> scale to [0, 1] ->
    invert (optional) -> crop to a square (``fit``) -> resize to ``(H, W)``.

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
        usually is) is brighter than 0.5 on average. Use ``False`` for models trained on photos.
    fit : "auto", "ink" or "center"
        ``"center"`` keeps the largest centred square (like Teachable Machine). ``"ink"`` (only for
        ``C == 1``) crops a square around the bright strokes with a 15 % margin and stretches the
        contrast so the background is 0 and the strokes reach 1, as in the digits data; a flat image
        falls back to ``"center"``. ``"auto"`` is ``"ink"`` for ``C == 1`` and ``"center"`` for ``C == 3``.

    Returns
    -------
    ndarray of shape (C, H, W), float32 in [0, 1]
    """
    _check_image(image)
    channels, height, width = _check_input_shape(input_shape)
    if not (invert == "auto" or isinstance(invert, bool)):
        raise ValueError(f"invert must be 'auto', True or False, got {invert!r}")
    if fit not in ("auto", "ink", "center"):
        raise ValueError(f"fit must be 'auto', 'ink' or 'center', got {fit!r}")
    if fit == "auto":
        fit = "ink" if channels == 1 else "center"
    if fit == "ink" and channels != 1:
        raise ValueError("fit='ink' needs a one-channel input_shape")

    h, w = image.shape[:2]
    if max(h, w) > _WORKING_SIDE:
        scale = _WORKING_SIDE / max(h, w)
        image = _resize(image, max(1, round(h * scale)), max(1, round(w * scale)))
    pixels = image
    if channels == 1:
        from PIL import Image

        pixels = np.asarray(Image.fromarray(image).convert("L"))  # (h, w) luma
    pixels = pixels.astype(np.float32) / 255.0
    gray = pixels if channels == 1 else pixels.mean(axis=2)
    if invert is True or (invert == "auto" and _border_mean(gray) > 0.5):
        pixels = 1.0 - pixels

    if fit == "ink" and (box := _ink_box(pixels)) is not None:
        square = _square_around(pixels, box, margin=_INK_MARGIN)
        background, peak = _border_mean(pixels), float(pixels.max())
        square = np.clip((square - background) / (peak - background), 0.0, 1.0)  # bg -> 0, strokes -> 1
    else:
        square = _center_square(pixels)
    as_uint8 = np.round(square * 255.0).astype(np.uint8)
    out = _resize(as_uint8, height, width).astype(np.float32) / 255.0
    if channels == 1:
        return out[None]  # (H, W) -> (1, H, W)
    return np.ascontiguousarray(out.transpose(2, 0, 1))  # (H, W, 3) -> (3, H, W)


# ---------------------------------------------------------------------------------------------
# the student's own images: a zip with one folder per class


@dataclass(frozen=True)
class ZipLimits:
    """Safety limits for :func:`from_zip`, all checked before or while reading (never after).

    Attributes
    ----------
    max_archive_bytes : int
        Size of the uploaded zip itself.
    max_entries : int
        Entries in the central directory (read from the end record before anything is parsed).
    max_total_uncompressed : int
        Sum of the declared uncompressed sizes of all entries.
    max_ratio : float
        Declared uncompressed / compressed size of one entry, for entries above ``ratio_min_bytes``.
    ratio_min_bytes : int
        Smaller entries are not ratio-checked (they cannot expand to much; the read budget covers many).
    max_member_bytes : int
        One file larger than this (declared) is skipped; one that *produces* more is a bomb.
    max_bytes_read : int
        Bytes actually decompressed over the whole archive, counted chunk by chunk.
    max_image_pixels : int
        One picture declaring more pixels is skipped (checked from its header by ``core.images``).
    max_total_pixels : int
        Declared pixels of all pictures together (tiny PNGs can declare huge canvases).
    max_images_per_class : int
        Further images of a class are skipped (in name order).
    max_classes : int
    max_total_images : int
        After the per-class cap; bounds the memory of the final arrays.
    """

    max_archive_bytes: int = 200 * 2**20
    max_entries: int = 10_000
    max_total_uncompressed: int = 300 * 2**20
    max_ratio: float = 200.0
    ratio_min_bytes: int = 2**20
    max_member_bytes: int = 32 * 2**20
    max_bytes_read: int = 300 * 2**20
    max_image_pixels: int = 24_000_000
    max_total_pixels: int = 2_000_000_000
    max_images_per_class: int = 500
    max_classes: int = 50
    max_total_images: int = 5000


_ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_UTF8_FLAG = 0x800  # general purpose bit 11: the name is UTF-8
_ENCRYPTED_FLAG = 0x1
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, ..., name length, extra length (30 bytes)
_CHUNK = 64 * 1024
_SKIP_NOTES = {
    "hidden": "skipped {n} hidden or __MACOSX files",
    "non_image": "skipped {n} non-image files",
    "no_folder": "skipped {n} images outside any class folder",
    "unsafe_path": "skipped {n} files with unsafe paths (../ or absolute)",
    "unreadable": "skipped {n} files that could not be read as images",
    "too_big": "skipped {n} images that are too large",
    "class_limit": "skipped {n} images beyond the per-class limit",
}


def _declared_entry_count(data: bytes) -> int | None:
    """Entry count from the end-of-central-directory record (zip64 aware); None if there is no record.

    Read before ``ZipFile`` parses the central directory, so a million-entry archive costs nothing.
    """
    find_end = getattr(zipfile, "_EndRecData", None)
    if find_end is None:  # private helper gone in some future Python: ZipFile's own parse decides
        return -1
    try:
        end = find_end(io.BytesIO(data))
    except (OSError, EOFError, struct.error, zipfile.BadZipFile):
        return None
    return None if end is None else int(end[zipfile._ECD_ENTRIES_TOTAL])


def _entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name, readable: Windows/macOS zips without the UTF-8 flag get decoded again.

    zipfile decodes such names as cp437; their real bytes are usually UTF-8 (macOS) or cp949 / EUC-KR
    (Korean Windows). macOS also stores Hangul decomposed (NFD); NFC makes "고양이" one folder again.
    """
    name = info.filename
    if not info.flag_bits & _UTF8_FLAG:
        try:
            raw = name.encode("cp437")
        except UnicodeEncodeError:
            raw = b""
        for encoding in ("utf-8", "cp949", "euc-kr"):
            try:
                name = raw.decode(encoding) if raw else name
                break
            except UnicodeDecodeError:
                continue
    return unicodedata.normalize("NFC", name.replace("\\", "/"))


def _is_unsafe(name: str) -> bool:
    parts = name.split("/")
    return name.startswith("/") or ".." in parts or ":" in parts[0]


def _is_hidden(parts: list[str]) -> bool:
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


def _strip_wrappers(paths: list[list[str]]) -> list[list[str]]:
    """Drop leading folders shared by every image, as long as some image still sits in a subfolder."""
    while paths and all(len(p) >= 2 for p in paths) and any(len(p) >= 3 for p in paths):
        if len({p[0] for p in paths}) != 1:
            break
        paths = [p[1:] for p in paths]
    return paths


def _check_overlaps(data: bytes, infos: list[zipfile.ZipInfo]) -> None:
    """Every entry's bytes (local header + compressed data) must be its own: overlap means a bomb.

    Python 3.11's zipfile lets many central-directory entries point at the same compressed data, so a
    small archive can expand to terabytes (D. Fifield, "A better zip bomb", 2019).
    """
    spans = []
    for info in infos:
        start = info.header_offset
        header = data[start : start + _LOCAL_HEADER.size]
        if start < 0 or len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
            raise DatasetError("corrupt", f"entry {info.filename!r} has no local header", name=_entry_name(info))
        name_len, extra_len = _LOCAL_HEADER.unpack(header)[1:]
        end = start + _LOCAL_HEADER.size + name_len + extra_len + info.compress_size
        if end > len(data):
            raise DatasetError("corrupt", f"entry {info.filename!r} runs past the end", name=_entry_name(info))
        spans.append((start, end, _entry_name(info)))
    spans.sort()
    for (_, end, _), (start, _, name) in pairwise(spans):
        if start < end:
            raise DatasetError("bomb", f"entry {name!r} overlaps another entry", name=name, reason="overlap")


def _check_declared(infos: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    total = sum(info.file_size for info in infos)
    if total > limits.max_total_uncompressed:
        raise DatasetError(
            "uncompressed_too_large",
            f"the archive would expand to {total} bytes (limit {limits.max_total_uncompressed})",
            size=total,
            limit=limits.max_total_uncompressed,
        )
    for info in infos:
        if info.file_size > limits.ratio_min_bytes:
            # a zero compressed size cannot hold real data; treat it as an infinite ratio
            ratio = info.file_size / info.compress_size if info.compress_size else math.inf
            if ratio > limits.max_ratio:
                msg = f"entry {info.filename!r} expands {ratio:.0f}x (limit {limits.max_ratio:g}x)"
                raise DatasetError("bomb", msg, name=_entry_name(info), reason="ratio")


def _check_readable(infos: list[zipfile.ZipInfo]) -> None:
    for info in infos:
        if info.flag_bits & _ENCRYPTED_FLAG:
            raise DatasetError("encrypted", f"entry {info.filename!r} is encrypted", name=_entry_name(info))
        if info.compress_type not in _ZIP_METHODS:
            msg = f"entry {info.filename!r} uses compression method {info.compress_type}"
            raise DatasetError("unsupported", msg, name=_entry_name(info))


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, *, budget: int, limits: ZipLimits) -> bytes:
    """The member's bytes, read in chunks; more output than declared or than the budget is a bomb."""
    cap = min(budget, limits.max_member_bytes, info.file_size)
    chunks, total = [], 0
    try:
        with zf.open(info) as member:
            while chunk := member.read(_CHUNK):
                total += len(chunk)
                if total > cap:
                    msg = f"entry {info.filename!r} produced more than {cap} bytes"
                    raise DatasetError("bomb", msg, name=_entry_name(info), reason="read_limit")
                chunks.append(chunk)
    except DatasetError:
        raise
    except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError, struct.error) as exc:
        raise DatasetError("corrupt", f"entry {info.filename!r}: {exc}", name=_entry_name(info)) from exc
    except NotImplementedError as exc:
        raise DatasetError("unsupported", f"entry {info.filename!r}: {exc}", name=_entry_name(info)) from exc
    except RuntimeError as exc:  # zipfile's way of saying "password required"
        raise DatasetError("encrypted", f"entry {info.filename!r}: {exc}", name=_entry_name(info)) from exc
    return b"".join(chunks)


def _open_zip(data: bytes, limits: ZipLimits) -> zipfile.ZipFile:
    if len(data) > limits.max_archive_bytes:
        msg = f"the archive has {len(data)} bytes (limit {limits.max_archive_bytes})"
        raise DatasetError("too_large", msg, size=len(data), limit=limits.max_archive_bytes)
    looks_like_zip = data[:4] == b"PK\x03\x04"
    count = _declared_entry_count(data)
    if count is None:
        if looks_like_zip:  # local headers but no end record: cut off
            raise DatasetError("corrupt", "the archive is truncated (no end record)", name="")
        raise DatasetError("not_zip", "the data is not a zip archive")
    if count > limits.max_entries:
        msg = f"the archive declares {count} entries (limit {limits.max_entries})"
        raise DatasetError("too_many_entries", msg, count=count, limit=limits.max_entries)
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, struct.error, UnicodeDecodeError) as exc:
        raise DatasetError("corrupt", f"the archive is damaged: {exc}", name="") from exc
    except NotImplementedError as exc:  # e.g. "zip file version 9.1" or a multi-disk archive
        raise DatasetError("unsupported", f"the archive needs a newer zip reader: {exc}", name="") from exc


@dataclass
class _Plan:
    """Which entries become which class, decided from names alone (before any data is read)."""

    images: list[tuple[str, zipfile.ZipInfo]] = field(default_factory=list)  # (class name, entry)
    skipped: Counter = field(default_factory=Counter)


def _plan(infos: list[zipfile.ZipInfo], limits: ZipLimits) -> _Plan:
    plan = _Plan()
    candidates = []
    for info in infos:
        if info.filename.endswith("/"):  # a folder (ZipInfo.is_dir fails on an empty name)
            continue
        name = _entry_name(info)
        parts = [p for p in name.split("/") if p not in ("", ".")]
        if _is_unsafe(name):
            plan.skipped["unsafe_path"] += 1
        elif not parts or _is_hidden(parts):
            plan.skipped["hidden"] += 1
        elif not any(parts[-1].lower().endswith(ext) for ext in IMAGE_EXTENSIONS):
            plan.skipped["non_image"] += 1
        elif info.file_size > limits.max_member_bytes:
            plan.skipped["too_big"] += 1
        else:
            candidates.append((parts, info))
    stripped = _strip_wrappers([parts for parts, _ in candidates])
    per_class: Counter = Counter()
    for parts, (_, info) in sorted(zip(stripped, candidates), key=lambda item: item[0]):
        if len(parts) < 2:
            plan.skipped["no_folder"] += 1
        elif per_class[parts[0]] >= limits.max_images_per_class:
            plan.skipped["class_limit"] += 1
        else:
            per_class[parts[0]] += 1
            plan.images.append((parts[0], info))
    return plan


def _check_classes(counts: dict[str, int], *, skipped: Counter, limits: ZipLimits) -> None:
    """Enough classes, not too many, and at least ``MIN_IMAGES_PER_CLASS`` images in each."""
    if not counts:
        if skipped["no_folder"]:
            n = skipped["no_folder"]
            raise DatasetError("no_class_folders", f"{n} images but no class folders", count=n)
        n = sum(skipped.values())
        raise DatasetError("empty", f"no usable images (skipped {n} files)", skipped=n)
    if len(counts) < 2:
        names = sorted(counts)
        msg = f"found {len(counts)} class folder(s) {names}; at least 2 are needed"
        raise DatasetError("too_few_classes", msg, count=len(counts), classes=names, minimum=2)
    if len(counts) > limits.max_classes:
        msg = f"found {len(counts)} classes (limit {limits.max_classes})"
        raise DatasetError("too_many_classes", msg, count=len(counts), limit=limits.max_classes)
    for name in sorted(counts):
        if counts[name] < MIN_IMAGES_PER_CLASS:
            msg = f"class {name!r} has {counts[name]} image(s); at least {MIN_IMAGES_PER_CLASS} are needed"
            raise DatasetError("too_few_images", msg, class_name=name, count=counts[name], minimum=MIN_IMAGES_PER_CLASS)
    total = sum(counts.values())
    if total > limits.max_total_images:
        msg = f"found {total} images (limit {limits.max_total_images})"
        raise DatasetError("too_many_images", msg, count=total, limit=limits.max_total_images)


def from_zip(
    data: bytes,
    *,
    size: int = 32,
    channels: int = 3,
    val_fraction: float = 0.2,
    seed: int = 0,
    limits: ZipLimits = ZipLimits(),
    on_progress: Callable[[int, int], None] | None = None,
) -> Dataset:
    """The student's own images: a zip with one folder per class.

    The archive is read in memory (never extracted). A single wrapper folder (``my_data/cat/...``)
    is stripped; ``__MACOSX``, dot-files, non-images and unsafe paths are skipped and counted; folder
    names made on Korean Windows (cp949) or macOS (NFD) are decoded readably. Every image goes through
    ``core.images`` and :func:`preprocess_image` (centred square, no inversion), so a "Try it" upload
    processed with ``Dataset.preprocess`` matches the training images.

    Parameters
    ----------
    data : bytes
        The uploaded file.
    size : int
        Images become ``size x size``, 8..64.
    channels : {1, 3}
        Grey or RGB.
    val_fraction, seed
        For the stratified split.
    limits : ZipLimits
    on_progress : callable(done, total) or None
        Called after each image is read, e.g. to move a progress bar.

    Returns
    -------
    Dataset
        ``name == "upload"``, classes in sorted order, ``x`` of shape (N, channels, size, size).

    Raises
    ------
    DatasetError
        With a ``code`` from the module docstring.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ValueError(f"data must be bytes, got {type(data).__name__}")
    if not (isinstance(size, int | np.integer) and 8 <= size <= 64):
        raise ValueError(f"size must be an integer in [8, 64], got {size!r}")
    if channels not in (1, 3):
        raise ValueError(f"channels must be 1 or 3, got {channels!r}")
    if not isinstance(limits, ZipLimits):
        raise ValueError(f"limits must be a ZipLimits, got {type(limits).__name__}")
    _check_fraction(val_fraction)
    from core.images import ImageError, load_image_info  # lazy: Pillow is only needed for uploads

    data = bytes(data)
    with _open_zip(data, limits) as zf:
        infos = zf.infolist()
        if len(infos) > limits.max_entries:
            msg = f"the archive has {len(infos)} entries (limit {limits.max_entries})"
            raise DatasetError("too_many_entries", msg, count=len(infos), limit=limits.max_entries)
        _check_overlaps(data, infos)
        _check_declared(infos, limits)
        plan = _plan(infos, limits)
        _check_classes(Counter(name for name, _ in plan.images), skipped=plan.skipped, limits=limits)
        _check_readable([info for _, info in plan.images])

        budget, pixels_seen = limits.max_bytes_read, 0
        images, labels = [], []
        for done, (class_name, info) in enumerate(plan.images, start=1):
            if on_progress is not None:
                on_progress(done, len(plan.images))
            raw = _read_member(zf, info, budget=budget, limits=limits)
            budget -= len(raw)
            try:
                loaded = load_image_info(raw, max_side=4 * size, max_pixels=limits.max_image_pixels)
            except ImageError as exc:
                plan.skipped["too_big" if exc.code == "too_large" else "unreadable"] += 1
                continue
            pixels_seen += loaded.original_size[0] * loaded.original_size[1]
            if pixels_seen > limits.max_total_pixels:
                msg = f"the images declare more than {limits.max_total_pixels} pixels together"
                raise DatasetError("bomb", msg, name=_entry_name(info), reason="pixels")
            images.append(preprocess_image(loaded.image, input_shape=(channels, size, size), **_PHOTO))
            labels.append(class_name)

    counts = Counter(labels)
    for class_name, _ in plan.images:  # a class whose every image was unreadable counts as 0
        counts.setdefault(class_name, 0)
    _check_classes(dict(counts), skipped=plan.skipped, limits=limits)
    class_names = sorted(counts)
    index = {name: k for k, name in enumerate(class_names)}
    x = np.stack(images).astype(np.float32)  # (N, C, size, size)
    y = np.array([index[name] for name in labels], dtype=np.int64)
    skipped = {reason: n for reason, n in sorted(plan.skipped.items()) if n}
    notes = [_SKIP_NOTES[reason].format(n=n) for reason, n in skipped.items()]
    return _split_dataset(
        "upload",
        class_names,
        x,
        y,
        val_fraction=val_fraction,
        seed=seed,
        notes=notes,
        skipped=sum(skipped.values()),
        skipped_reasons=skipped,
        preprocess_options=dict(_PHOTO),
    )
