"""The student's own images: a zip with one folder per class, read safely in memory (never extracted).

:func:`from_zip` returns a ``core.datasets.Dataset``; what it refuses is a ``core.datasets.DatasetError``
(codes and params are listed in ``core.datasets``). The archive is untrusted, so every limit of
:class:`ZipLimits` is checked before or while reading, never after:

- zip bombs: the entry count from the end record before the central directory is parsed; declared
  sizes and per-entry ratio; entries sharing compressed data (overlap); bytes actually decompressed,
  chunk by chunk; pixels declared by the pictures' headers (checked by ``core.images``).
- path traversal: names like ``../x.png``, ``/etc/x.png``, ``C:\\x.png`` are *skipped* with reason
  ``"unsafe_path"``; nothing is ever written to disk, so they cannot escape anywhere, but a name that
  tries to is not trusted as a class label either.

Skipped files never raise; ``Dataset.skipped_reasons`` counts them per reason: ``"hidden"`` for
``__MACOSX`` / dot-files, ``"non_image"``, ``"no_folder"`` for images outside any class folder,
``"unsafe_path"``, ``"unreadable"``, ``"too_big"`` for one image larger than
``ZipLimits.max_member_bytes`` or ``max_image_pixels``, ``"class_limit"`` for images past
``ZipLimits.max_images_per_class``.

The pictures' headers are read first: more declared pixels than ``ZipLimits.max_total_pixels`` together is
refused (code ``too_many_pixels``, params ``{"megapixels", "limit"}`` in megapixels) before any is decoded.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from core.datasets import PHOTO, Dataset, DatasetError, check_val_fraction, split_dataset

IMAGE_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff"})
MIN_IMAGES_PER_CLASS = 2  # one for training, one for validation


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
        Declared pixels of all pictures together, checked from their headers before any is decoded (tiny PNGs
        can declare huge canvases). Decoding costs about 4 ms of CPU per megapixel (PNG or JPEG), and a
        model sees at most 64×64 of each picture: 400 MP (~33 phone photos) answer within a few seconds.
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
    max_total_pixels: int = 400_000_000
    max_images_per_class: int = 500
    max_classes: int = 50
    max_total_images: int = 5000


_ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_UTF8_FLAG = 0x800  # general purpose bit 11: the name is UTF-8
_ENCRYPTED_FLAG = 0x1
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, ..., name length, extra length (30 bytes)
_CHUNK = 64 * 1024
# End of central directory record and its zip64 form + locator (PKWARE APPNOTE 4.3.14-4.3.16).
_END = struct.Struct("<4sHHHHIIH")  # signature, disk, cd disk, entries here, entries total, cd size, offset, comment
_END_SIGNATURE = b"PK\x05\x06"
_END64 = struct.Struct("<4sQHHIIQQQQ")  # ..., entries here, entries total (index 7), cd size, cd offset
_END64_SIGNATURE = b"PK\x06\x06"
_END64_LOCATOR = struct.Struct("<4sIQI")  # signature, disk of the zip64 record, its offset, total disks
_END64_LOCATOR_SIGNATURE = b"PK\x06\x07"
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
    Parsed with ``struct`` from the public format (PKWARE APPNOTE 4.3.14-4.3.16), searching like
    ``zipfile`` does: the record ends the file, or is followed by a comment of at most 64 KiB.
    """
    if data[-_END.size : -_END.size + 4] == _END_SIGNATURE and data[-2:] == b"\0\0":
        start = len(data) - _END.size  # no comment: the usual case
    else:
        start = data.rfind(_END_SIGNATURE, max(0, len(data) - _END.size - 0x10000))
        if start < 0 or start + _END.size > len(data):
            return None
    count = _END.unpack_from(data, start)[4]  # entries in the central directory, all disks
    locator = start - _END64_LOCATOR.size
    if locator < 0 or data[locator : locator + 4] != _END64_LOCATOR_SIGNATURE:
        return count
    _, disk, _, disks = _END64_LOCATOR.unpack_from(data, locator)
    if disk != 0 or disks > 1:
        return None  # spans several disks: zipfile cannot read it either
    record = locator - _END64.size  # zip64 end record right before its locator, as zipfile expects
    if record < 0 or data[record : record + 4] != _END64_SIGNATURE:
        return count
    return _END64.unpack_from(data, record)[7]


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


def _checked_plan(data: bytes, zf: zipfile.ZipFile, limits: ZipLimits) -> _Plan:
    """Every check that needs no entry's data: entry count, overlaps, declared sizes, classes, methods."""
    infos = zf.infolist()
    if len(infos) > limits.max_entries:
        msg = f"the archive has {len(infos)} entries (limit {limits.max_entries})"
        raise DatasetError("too_many_entries", msg, count=len(infos), limit=limits.max_entries)
    _check_overlaps(data, infos)
    _check_declared(infos, limits)
    plan = _plan(infos, limits)
    _check_classes(Counter(name for name, _ in plan.images), skipped=plan.skipped, limits=limits)
    _check_readable([info for _, info in plan.images])
    return plan


def _declared_pixels(zf: zipfile.ZipFile, plan: _Plan, limits: ZipLimits) -> int:
    """Pixels the planned pictures' headers declare together; no pixel is decoded.

    Each member is read (within the byte budget) and its header parsed. Pictures whose header cannot be read,
    or over ``max_image_pixels``, count nothing here (they are skipped later).
    """
    from core.images import ImageError, declared_pixels

    budget, total = limits.max_bytes_read, 0
    for _, info in plan.images:
        raw = _read_member(zf, info, budget=budget, limits=limits)
        budget -= len(raw)
        try:
            pixels = declared_pixels(raw)
        except ImageError:
            continue
        total += pixels if pixels <= limits.max_image_pixels else 0
    return total


def _check_pixels(zf: zipfile.ZipFile, plan: _Plan, limits: ZipLimits) -> int:
    """The pictures' declared pixels together; refused before any is decoded when over the limit."""
    total = _declared_pixels(zf, plan, limits)
    if total > limits.max_total_pixels:
        megapixels, limit = total / 1e6, limits.max_total_pixels / 1e6
        msg = f"the pictures declare {megapixels:.0f} megapixels together (limit {limit:g})"
        raise DatasetError("too_many_pixels", msg, megapixels=round(megapixels), limit=limit)
    return total


def zip_pixels(data: bytes, *, max_uncompressed: int, limits: ZipLimits = ZipLimits()) -> int | None:
    """Pixels the zip's pictures declare together, read from their headers only (cheap: nothing is decoded).

    None when the archive's entries declare more than ``max_uncompressed`` bytes together (reading their
    headers would cost more than that). Refuses what :func:`from_zip` refuses before decoding (same
    ``DatasetError``), so a caller can decide where to decode from this alone.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ValueError(f"data must be bytes, got {type(data).__name__}")
    data = bytes(data)
    with _open_zip(data, limits) as zf:
        if sum(info.file_size for info in zf.infolist()) > max_uncompressed:
            return None
        return _check_pixels(zf, _checked_plan(data, zf, limits), limits)


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
    ``core.images.load_image_info`` and ``core.preprocess.preprocess_image`` (centred square, no
    inversion), so a "Try it" upload processed with ``Dataset.preprocess`` matches the training images.

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
        With a ``code`` from ``core.datasets``' docstring.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ValueError(f"data must be bytes, got {type(data).__name__}")
    if not (isinstance(size, int | np.integer) and 8 <= size <= 64):
        raise ValueError(f"size must be an integer in [8, 64], got {size!r}")
    if channels not in (1, 3):
        raise ValueError(f"channels must be 1 or 3, got {channels!r}")
    if not isinstance(limits, ZipLimits):
        raise ValueError(f"limits must be a ZipLimits, got {type(limits).__name__}")
    check_val_fraction(val_fraction)
    from core.images import ImageError, load_image_info  # lazy: Pillow is only needed for uploads
    from core.preprocess import preprocess_image

    data = bytes(data)
    with _open_zip(data, limits) as zf:
        plan = _checked_plan(data, zf, limits)
        _check_pixels(zf, plan, limits)

        budget = limits.max_bytes_read
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
            images.append(preprocess_image(loaded.image, input_shape=(channels, size, size), **PHOTO))
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
    return split_dataset(
        "upload",
        class_names,
        x,
        y,
        val_fraction=val_fraction,
        seed=seed,
        notes=notes,
        skipped=sum(skipped.values()),
        skipped_reasons=skipped,
        preprocess_options=dict(PHOTO),
    )
