"""Image datasets for the /train page: the :class:`Dataset`, its stratified split, and the digits.

Every dataset is a :class:`Dataset` of float32 images ``(N, C, H, W)`` in ``[0, 1]`` with int64
labels, already split (stratified) into training and validation parts. Three sources make one:

- :func:`digits` (here) -- scikit-learn's bundled 8x8 handwritten digits (1,797 real images, no download).
- ``core.shapes.shapes`` -- white shapes on black, generated with NumPy (random position, scale, rotation, noise).
- ``core.zipdata.from_zip`` -- the student's own zip, one folder per class, read safely in memory.

``Dataset.preprocess(image)`` shows a "Try it" upload as the dataset's models see it
(``core.preprocess.preprocess_image`` with the options that match how the dataset was made).

Errors for the user's zip are :class:`DatasetError` (a ``core.errors.CoreError``) with a stable
``code`` and a ``params`` dict, so the page can show a translated message. Codes and their params:

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
                             ``"read_limit"`` (more bytes came out than allowed)
``too_many_pixels``          ``{"megapixels", "limit"}`` -- the pictures' headers declare more pixels
                             together than allowed (megapixels), refused before decoding any
``empty``                    ``{"skipped"}`` -- no usable image at all (``skipped`` files ignored)
``no_class_folders``         ``{"count"}`` -- images found, but none inside a class folder
``too_few_classes``          ``{"count", "classes", "minimum"}`` -- ``classes`` is a list of names
``too_many_classes``         ``{"count", "limit"}``
``too_few_images``           ``{"class_name", "count", "minimum"}`` -- the first class that is too small
``too_many_images``          ``{"count", "limit"}`` -- after the per-class cap
===========================  ===============================================================

Skipped files never raise: they are counted in ``Dataset.skipped`` and per reason in
``Dataset.skipped_reasons``, with keys ``"hidden"``, ``"non_image"``, ``"no_folder"``,
``"unsafe_path"``, ``"unreadable"``, ``"too_big"``, ``"class_limit"`` (``core.zipdata`` says when each
applies); ``Dataset.notes`` repeats them as short English sentences.

The tuples ``ERROR_CODES``, ``BOMB_REASONS`` and ``SKIP_REASONS`` hold these vocabularies so a
translation table can be checked against them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from core.errors import CoreError

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
    "too_many_pixels",
)
BOMB_REASONS = ("ratio", "overlap", "read_limit")
SKIP_REASONS = ("hidden", "non_image", "no_folder", "unsafe_path", "unreadable", "too_big", "class_limit")


class DatasetError(CoreError):
    """A dataset cannot be built from the user's input; ``code`` is one of ``ERROR_CODES`` (table above)."""


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
        Keyword arguments for ``core.preprocess.preprocess_image`` that match how these images were made.
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
        from core.preprocess import preprocess_image  # lazy: Pillow is only needed for uploads

        return preprocess_image(image, input_shape=self.input_shape, **self.preprocess_options)


# Options of core.preprocess.preprocess_image per kind of dataset (Dataset.preprocess_options).
# Digits and shapes are light strokes on a dark background; a photo of a dark pen on paper is inverted.
DARK_BACKGROUND = {"invert": "auto", "fit": "ink"}
PHOTO = {"invert": False, "fit": "center"}  # own photos: keep colours and brightness as they are


# ---------------------------------------------------------------------------------------------
# splitting


def check_val_fraction(val_fraction: float) -> None:
    """Raise ValueError unless ``val_fraction`` is a number in (0, 1) (checked before any slow work)."""
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
    check_val_fraction(val_fraction)
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


def split_dataset(name: str, class_names, x: np.ndarray, y: np.ndarray, *, val_fraction, seed, **extra) -> Dataset:
    """A :class:`Dataset` of images ``x`` (N, C, H, W) and labels ``y`` (N,), split by :func:`stratified_split`.

    ``extra`` fills the remaining fields (``notes``, ``skipped``, ``preprocess_options``, ...).
    """
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


def digits(*, val_fraction: float = 0.2, seed: int = 0) -> Dataset:
    """scikit-learn's 1,797 handwritten digits, 8x8 pixels, bundled (nothing is downloaded).

    Returns
    -------
    Dataset
        ``x`` of shape (N, 1, 8, 8), pixel counts 0..16 scaled to [0, 1]; classes ``"0"`` .. ``"9"``.
    """
    check_val_fraction(val_fraction)
    from sklearn.datasets import load_digits  # lazy: sklearn is slow to import

    bunch = load_digits()
    x = (bunch.images / 16.0).astype(np.float32)[:, None]  # (N, 8, 8) -> (N, 1, 8, 8)
    y = bunch.target.astype(np.int64)
    names = [str(d) for d in bunch.target_names]
    return split_dataset(
        "digits", names, x, y, val_fraction=val_fraction, seed=seed, preprocess_options=dict(DARK_BACKGROUND)
    )
