"""core.datasets: digits, generated shapes, stratified split, preprocessing, and the user's zip."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import datasets as ds
from core.datasets import Dataset, digits, preprocess_image, shapes, stratified_split


@pytest.fixture(scope="module")
def digits_data() -> Dataset:
    return digits()


@pytest.fixture(scope="module")
def shapes_data() -> Dataset:
    return shapes(240, size=20, seed=3)


# --- stratified split -----------------------------------------------------------------------


@given(
    counts=st.lists(st.integers(1, 40), min_size=1, max_size=6),
    val_fraction=st.floats(0.05, 0.95),
    seed=st.integers(0, 2**32 - 1),
)
def test_stratified_split_partitions_and_keeps_proportions(counts, val_fraction, seed):
    y = np.repeat(np.arange(len(counts)), counts)
    y = np.random.default_rng(seed).permutation(y)
    tr, va = stratified_split(y, val_fraction=val_fraction, seed=seed)
    assert tr.dtype == va.dtype == np.int64
    np.testing.assert_array_equal(np.sort(np.concatenate([tr, va])), np.arange(len(y)))
    for label, n in enumerate(counts):
        n_val = int(np.sum(y[va] == label))
        if n == 1:
            assert n_val == 0
        else:
            assert 1 <= n_val <= n - 1
            assert abs(n_val - n * val_fraction) <= 1.0  # rounding, clamped to [1, n - 1]


def test_stratified_split_is_deterministic_per_seed():
    y = np.arange(100) % 4
    a = stratified_split(y, val_fraction=0.3, seed=1)
    b = stratified_split(y, val_fraction=0.3, seed=1)
    c = stratified_split(y, val_fraction=0.3, seed=2)
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[1], c[1])


@pytest.mark.parametrize("bad", [0, 1, -0.1, 1.5, "0.2", None])
def test_stratified_split_rejects_bad_fraction(bad):
    with pytest.raises(ValueError, match="val_fraction"):
        stratified_split([0, 0, 1, 1], val_fraction=bad, seed=0)


# --- digits -----------------------------------------------------------------------------------


def test_digits_shapes_ranges_and_counts(digits_data):
    d = digits_data
    assert d.name == "digits"
    assert d.class_names == [str(k) for k in range(10)]
    assert d.input_shape == (1, 8, 8) and d.n_classes == 10
    assert d.x_train.dtype == d.x_val.dtype == np.float32
    assert d.y_train.dtype == d.y_val.dtype == np.int64
    assert len(d.x_train) + len(d.x_val) == 1797
    assert sum(d.class_counts().values()) == 1797
    for x in (d.x_train, d.x_val):
        assert x.min() == 0.0 and x.max() == 1.0  # 0..16 scaled by 1/16
        np.testing.assert_allclose(x * 16, np.round(x * 16), atol=1e-5)


def test_digits_match_sklearn_and_split_is_stratified(digits_data):
    from sklearn.datasets import load_digits

    bunch = load_digits()
    d = digits_data
    counts = np.bincount(bunch.target, minlength=10)
    assert list(d.class_counts().values()) == counts.tolist()
    val_counts = np.bincount(d.y_val, minlength=10)
    np.testing.assert_array_less(np.abs(val_counts - 0.2 * counts), 1.0)
    # every validation image is a real digit with its true label
    first = d.x_val[0, 0] * 16
    matches = np.flatnonzero(np.all(np.abs(bunch.images - first) < 1e-4, axis=(1, 2)))
    assert matches.size and d.y_val[0] in bunch.target[matches]


def test_digits_seed_changes_split_not_content():
    a, b = digits(seed=0), digits(seed=1, val_fraction=0.5)
    assert len(b.x_val) in range(890, 905)
    assert not np.array_equal(a.y_val[:50], b.y_val[:50])
    assert np.isclose(a.x_train.sum() + a.x_val.sum(), b.x_train.sum() + b.x_val.sum(), rtol=1e-6)


# --- shapes -----------------------------------------------------------------------------------


def test_shapes_are_deterministic_per_seed(shapes_data):
    again = shapes(240, size=20, seed=3)
    other = shapes(240, size=20, seed=4)
    np.testing.assert_array_equal(shapes_data.x_train, again.x_train)
    np.testing.assert_array_equal(shapes_data.y_val, again.y_val)
    assert not np.array_equal(shapes_data.x_train, other.x_train)


def test_shapes_balance_range_and_shape(shapes_data):
    s = shapes_data
    assert s.name == "shapes" and s.class_names == ["circle", "square", "triangle", "cross"]
    assert s.input_shape == (1, 20, 20)
    assert set(s.class_counts().values()) == {60}
    np.testing.assert_array_equal(np.bincount(s.y_val), [12, 12, 12, 12])
    for x in (s.x_train, s.x_val):
        assert x.dtype == np.float32 and 0.0 <= x.min() and x.max() <= 1.0


def test_shapes_balance_with_remainder_and_all_names():
    s = shapes(62, size=12, classes=ds.SHAPE_NAMES, noise=0.0, seed=0)
    counts = list(s.class_counts().values())
    assert sum(counts) == 62 and max(counts) - min(counts) <= 1
    assert s.n_classes == len(ds.SHAPE_NAMES)


def test_shapes_differ_by_class_without_noise():
    """Mean ink per class follows the unit areas (radius 1): circle 2.54 > square 2.0 > triangle 1.30."""
    s = shapes(400, size=24, noise=0.0, seed=0)
    x = np.concatenate([s.x_train, s.x_val])[:, 0]
    y = np.concatenate([s.y_train, s.y_val])
    ink = {name: float(np.mean(x[y == k].sum(axis=(1, 2)))) for k, name in enumerate(s.class_names)}
    assert ink["circle"] > ink["square"] > ink["triangle"] > 0


def test_shape_polygons_fill_with_the_right_area():
    """Supersampled coverage of an unrotated shape equals its exact polygon area."""
    size, scale = 64, 20.0
    for name, polys in ds._SHAPE_POLYGONS.items():
        img = ds._draw_shape(polys, size=size, center=(32, 32), scale=scale, angle=0.3, supersample=4)
        areas = [
            0.5 * abs(np.dot(p[:, 0], np.roll(p[:, 1], -1)) - np.dot(p[:, 1], np.roll(p[:, 0], -1))) for p in polys
        ]
        exact = (areas[0] - sum(areas[1:])) * scale**2  # the ring is outer minus inner
        assert img.sum() == pytest.approx(exact, rel=0.02), name


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"classes": ("circle",)}, "classes"),
        ({"classes": ("circle", "blob")}, "classes"),
        ({"classes": ("circle", "circle")}, "classes"),
        ({"n": 3}, "n must"),
        ({"size": 4}, "size"),
        ({"noise": -1.0}, "noise"),
        ({"val_fraction": 0.0}, "val_fraction"),
    ],
)
def test_shapes_reject_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        shapes(**{"n": 40, **kwargs})


# --- preprocess_image ---------------------------------------------------------------------------


def _dark_bar_on_white(h=120, w=80) -> np.ndarray:
    img = np.full((h, w, 3), 255, np.uint8)
    img[30:90, 30:50] = 0  # a dark vertical stroke: a "1" written with a thick pen
    return img


def test_preprocess_inverts_a_pen_on_paper_photo_for_digit_models():
    out = preprocess_image(_dark_bar_on_white(), input_shape=(1, 8, 8), invert="auto")
    assert out.shape == (1, 8, 8) and out.dtype == np.float32
    assert 0.0 <= out.min() and out.max() <= 1.0
    # background dark (like the digits), the stroke bright, in the middle columns
    assert out[0, :, [0, -1]].max() < 0.05
    assert out[0, 2:6, 3:5].mean() > 0.7
    # the ink is cropped with a margin, so the stroke spans most of the height
    assert (out[0, :, 3:5].max(axis=1) > 0.5).sum() >= 5


def test_preprocess_invert_options():
    light = _dark_bar_on_white()
    never = preprocess_image(light, input_shape=(1, 8, 8), invert=False, fit="center")
    always = preprocess_image(light, input_shape=(1, 8, 8), invert=True, fit="center")
    np.testing.assert_allclose(never + always, 1.0, atol=1 / 255 + 1e-6)
    assert never[0, 0, 0] > 0.95  # white paper kept white
    dark = 255 - light  # already light-on-dark: "auto" leaves it alone
    auto = preprocess_image(dark, input_shape=(1, 8, 8), invert="auto", fit="center")
    np.testing.assert_array_equal(auto, preprocess_image(dark, input_shape=(1, 8, 8), invert=False, fit="center"))
    np.testing.assert_allclose(auto, always, atol=1 / 255 + 1e-6)


def test_preprocess_rgb_center_crop_keeps_colors():
    img = np.zeros((40, 80, 3), np.uint8)
    img[:, :20] = (255, 0, 0)  # red strip on the left, cropped away by the centred square
    img[:, 20:60] = (0, 0, 255)
    out = preprocess_image(img, input_shape=(3, 10, 10), invert=False)
    assert out.shape == (3, 10, 10)
    np.testing.assert_allclose(out[2], 1.0)
    np.testing.assert_allclose(out[:2], 0.0)


def test_preprocess_large_and_flat_images():
    big = np.full((3000, 2000, 3), 200, np.uint8)
    out = preprocess_image(big, input_shape=(1, 28, 28))
    assert out.shape == (1, 28, 28)
    np.testing.assert_allclose(out, 1 - 200 / 255, atol=1 / 255)  # light background inverted, nothing cropped
    tiny = preprocess_image(np.zeros((1, 1, 3), np.uint8), input_shape=(3, 32, 32), invert=False)
    assert tiny.shape == (3, 32, 32) and tiny.max() == 0.0


@given(
    h=st.integers(1, 70),
    w=st.integers(1, 70),
    shape=st.sampled_from([(1, 8, 8), (1, 28, 28), (3, 16, 16), (3, 5, 9)]),
    invert=st.sampled_from(["auto", True, False]),
    fit=st.sampled_from(["auto", "center", "ink"]),
    seed=st.integers(0, 1000),
)
def test_preprocess_output_is_always_a_valid_model_input(h, w, shape, invert, fit, seed):
    rng = np.random.default_rng(seed)
    image = rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)
    if fit == "ink" and shape[0] == 3:
        fit = "center"
    out = preprocess_image(image, input_shape=shape, invert=invert, fit=fit)
    assert out.shape == shape and out.dtype == np.float32
    assert np.isfinite(out).all() and 0.0 <= out.min() and out.max() <= 1.0
    if fit == "center" and isinstance(invert, bool):  # inverting is 1 - p, up to two uint8 roundings
        flipped = preprocess_image(image, input_shape=shape, invert=not invert, fit="center")
        np.testing.assert_allclose(out + flipped, 1.0, atol=2 / 255 + 1e-6)


def test_dataset_preprocess_matches_its_options(digits_data, shapes_data):
    img = _dark_bar_on_white()
    np.testing.assert_array_equal(digits_data.preprocess(img), preprocess_image(img, input_shape=(1, 8, 8)))
    assert shapes_data.preprocess(img).shape == (1, 20, 20)


@pytest.mark.parametrize(
    "image, kwargs, match",
    [
        (np.zeros((4, 4), np.uint8), {}, "image"),
        (np.zeros((4, 4, 3), np.float32), {}, "image"),
        (np.zeros((4, 4, 4), np.uint8), {}, "image"),
        (np.zeros((4, 4, 3), np.uint8), {"input_shape": (2, 8, 8)}, "input_shape"),
        (np.zeros((4, 4, 3), np.uint8), {"input_shape": (1, 0, 8)}, "input_shape"),
        (np.zeros((4, 4, 3), np.uint8), {"invert": "yes"}, "invert"),
        (np.zeros((4, 4, 3), np.uint8), {"fit": "stretch"}, "fit"),
        (np.zeros((4, 4, 3), np.uint8), {"input_shape": (3, 8, 8), "fit": "ink"}, "ink"),
    ],
)
def test_preprocess_rejects_bad_arguments(image, kwargs, match):
    with pytest.raises(ValueError, match=match):
        preprocess_image(image, **kwargs)


# --- from_zip -----------------------------------------------------------------------------------


def _png(value: int, size: int = 12) -> bytes:
    from PIL import Image

    rgb = np.zeros((size, size, 3), np.uint8)
    rgb[..., value % 3] = 40 + value  # each class its own colour, so labels can be checked
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, format="PNG")
    return buf.getvalue()


def _zip(files: dict[str, bytes], *, method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=method) as zf:
        for name, payload in files.items():
            zf.writestr(name, payload)
    return buf.getvalue()


def _class_files(classes=("cat", "dog"), n=5, prefix="", vary=False) -> dict[str, bytes]:
    """``n`` images per class folder; with ``vary`` the images of one class differ in brightness."""
    return {f"{prefix}{c}/{i}.png": _png(k + 3 * i * vary) for k, c in enumerate(classes) for i in range(n)}


def _code(data: bytes, **kwargs) -> tuple[str, dict]:
    with pytest.raises(ds.DatasetError) as info:
        ds.from_zip(data, **kwargs)
    assert isinstance(info.value, ValueError)
    return info.value.code, info.value.params


@pytest.fixture(autouse=False)
def no_disk_writes(tmp_path, monkeypatch):
    """Run in an empty cwd where any attempt to open a file for writing or to extract fails loudly."""
    import builtins
    import os

    real_open, real_os_open = builtins.open, os.open

    def guarded_open(file, mode="r", *args, **kwargs):
        assert not set(str(mode)) & set("wax+"), f"tried to write {file!r}"
        return real_open(file, mode, *args, **kwargs)

    def guarded_os_open(path, flags, *args, **kwargs):
        assert not flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT), f"tried to write {path!r}"
        return real_os_open(path, flags, *args, **kwargs)

    def no_extract(*args, **kwargs):
        raise AssertionError("zip members must never be extracted")

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)
    monkeypatch.setattr(zipfile.ZipFile, "extract", no_extract)
    monkeypatch.setattr(zipfile.ZipFile, "extractall", no_extract)
    yield
    assert list(tmp_path.iterdir()) == []


def test_from_zip_normal(no_disk_writes):
    d = ds.from_zip(_zip(_class_files(("cat", "dog", "bird"), n=5)), size=8, channels=3, seed=1)
    assert d.name == "upload" and d.class_names == ["bird", "cat", "dog"]
    assert d.input_shape == (3, 8, 8) and d.x_train.dtype == np.float32
    assert d.class_counts() == {"bird": 5, "cat": 5, "dog": 5}
    np.testing.assert_array_equal(np.bincount(d.y_val), [1, 1, 1])
    assert d.skipped == 0 and d.notes == []
    # the pixels carry the class: cat = value 0 -> red 40, dog -> green 41, bird -> blue 42
    for x, y in zip(np.concatenate([d.x_train, d.x_val]), np.concatenate([d.y_train, d.y_val])):
        channel = {"cat": 0, "dog": 1, "bird": 2}[d.class_names[y]]
        np.testing.assert_allclose(x[channel], (40 + channel) / 255, atol=1e-6)
        assert x.sum() == pytest.approx(x[channel].sum())
    grey = ds.from_zip(_zip(_class_files(n=3)), size=16, channels=1)
    assert grey.input_shape == (1, 16, 16)
    assert grey.preprocess(np.zeros((5, 5, 3), np.uint8)).shape == (1, 16, 16)


def test_from_zip_images_match_what_try_it_shows_and_report_progress():
    from core.images import load_image

    files = _class_files(n=3, vary=True)
    calls = []
    d = ds.from_zip(_zip(files), size=8, channels=1, on_progress=lambda done, total: calls.append((done, total)))
    assert calls == [(k, 6) for k in range(1, 7)]
    expected = {tuple(d.preprocess(load_image(payload)).ravel()) for payload in files.values()}
    got = {tuple(x.ravel()) for x in np.concatenate([d.x_train, d.x_val])}
    assert got == expected and len(expected) == 6


def test_from_zip_is_deterministic_per_seed():
    data = _zip(_class_files(n=10, vary=True))
    a, b, c = ds.from_zip(data, seed=0), ds.from_zip(data, seed=0), ds.from_zip(data, seed=5)
    np.testing.assert_array_equal(a.x_val, b.x_val)
    np.testing.assert_array_equal(a.y_train, b.y_train)
    assert not np.array_equal(a.x_val, c.x_val) or not np.array_equal(a.x_train, c.x_train)


def test_from_zip_strips_wrapper_folders_and_skips_junk(no_disk_writes):
    files = _class_files(prefix="my photos/")
    files |= {
        "__MACOSX/my photos/cat/._0.png": b"\x00\x05\x16\x07",
        "my photos/.DS_Store": b"junk",
        "my photos/cat/.hidden.png": _png(0),
        "my photos/readme.txt": b"hello",
        "my photos/dog/notes.docx": b"PK",
        "my photos/loose.png": _png(1),
        "my photos/dog/broken.png": b"\x89PNG not really",
    }
    d = ds.from_zip(_zip(files), size=8)
    assert d.class_names == ["cat", "dog"] and d.class_counts() == {"cat": 5, "dog": 5}
    assert d.skipped_reasons == {"hidden": 3, "non_image": 2, "no_folder": 1, "unreadable": 1}
    assert d.skipped == 7
    assert "skipped 2 non-image files" in d.notes


def test_from_zip_nested_wrappers_and_subfolders():
    files = {f"export/data/{c}/{sub}/{i}.png": _png(k) for k, c in enumerate("ab") for sub in "xy" for i in range(2)}
    d = ds.from_zip(_zip(files), size=8)
    assert d.class_counts() == {"a": 4, "b": 4}


def _rename_in_archive(data: bytes, placeholder: str, real: bytes) -> bytes:
    """Swap an ASCII placeholder for raw name bytes (same length) without setting the UTF-8 flag."""
    assert len(placeholder.encode()) == len(real)
    return data.replace(placeholder.encode(), real)


def test_from_zip_korean_names_utf8_flagged_cp949_and_macos_nfd():
    import unicodedata

    utf8 = _zip(_class_files(("고양이", "강아지"), n=3))
    with zipfile.ZipFile(io.BytesIO(utf8)) as zf:
        assert all(info.flag_bits & 0x800 for info in zf.infolist())
    assert ds.from_zip(utf8, size=8).class_names == sorted(["고양이", "강아지"])

    cat, dog = "고양이".encode("cp949"), "강아지".encode("cp949")  # Korean Windows: 6 bytes each, no flag
    files = _class_files(("CCCCCC", "DDDDDD"), n=3)
    windows = _rename_in_archive(_rename_in_archive(_zip(files), "CCCCCC", cat), "DDDDDD", dog)
    with zipfile.ZipFile(io.BytesIO(windows)) as zf:
        assert not any(info.flag_bits & 0x800 for info in zf.infolist())
        assert "고양이" not in zf.namelist()[0]  # zipfile alone shows cp437 mojibake
    assert ds.from_zip(windows, size=8).class_names == sorted(["고양이", "강아지"])

    nfd = unicodedata.normalize("NFD", "고양이")  # macOS file names: decomposed Hangul, UTF-8 without flag
    raw = nfd.encode("utf-8")
    mac = _rename_in_archive(_zip(_class_files(("E" * len(raw), "dog"), n=3)), "E" * len(raw), raw)
    assert ds.from_zip(mac, size=8).class_names == ["dog", "고양이"]


def test_from_zip_windows_backslash_paths():
    files = {f"set\\{c}\\{i}.png": _png(k) for k, c in enumerate(("x", "y")) for i in range(2)}
    assert ds.from_zip(_zip(files), size=8).class_counts() == {"x": 2, "y": 2}


def test_from_zip_skips_path_traversal_names(no_disk_writes):
    files = _class_files(n=3)
    files |= {"../evil/0.png": _png(0), "/etc/cat/1.png": _png(0), "cat/../../2.png": _png(0), "C:/x/3.png": _png(0)}
    d = ds.from_zip(_zip(files), size=8)
    assert d.class_names == ["cat", "dog"] and d.class_counts() == {"cat": 3, "dog": 3}
    assert d.skipped_reasons == {"unsafe_path": 4}


@pytest.mark.parametrize(
    "files, code, params",
    [
        ({"only/0.png": _png(0), "only/1.png": _png(0)}, "too_few_classes", {"count": 1, "classes": ["only"]}),
        ({"a/0.png": _png(0), "a/1.png": _png(0), "b/0.png": _png(1)}, "too_few_images", {"class_name": "b"}),
        ({"a/0.png": _png(0), "a/1.png": _png(0), "b/0.png": b"bad", "b/1.png": b"bad"}, "too_few_images",
         {"class_name": "b", "count": 0}),
        ({}, "empty", {"skipped": 0}),
        ({"a.txt": b"x", "__MACOSX/._a": b"y"}, "empty", {"skipped": 2}),
        ({"0.png": _png(0), "1.png": _png(1)}, "no_class_folders", {"count": 2}),
    ],
)  # fmt: skip
def test_from_zip_refuses_too_little_data(files, code, params, no_disk_writes):
    got_code, got_params = _code(_zip(files))
    assert got_code == code
    assert params.items() <= got_params.items()


def test_from_zip_refuses_non_zips_and_truncated_archives(no_disk_writes):
    good = _zip(_class_files(n=3))
    assert _code(b"")[0] == "not_zip"
    assert _code(b"hello, this is text")[0] == "not_zip"
    assert _code(_png(0))[0] == "not_zip"
    assert _code(good[: len(good) // 2])[0] == "corrupt"
    assert _code(good[:-10])[0] == "corrupt"
    flipped = bytearray(good)
    flipped[60:80] = b"\xff" * 20  # damage the first member's compressed data
    assert _code(bytes(flipped))[0] == "corrupt"


def test_from_zip_classic_ratio_bomb(no_disk_writes):
    files = _class_files(n=2) | {"cat/big.png": bytes(50 * 2**20)}  # 50 MB of zeros -> ~50 kB
    data = _zip(files)
    assert len(data) < 200_000
    code, params = _code(data)
    assert (code, params["reason"], params["name"]) == ("bomb", "ratio", "cat/big.png")


def test_from_zip_declared_size_and_archive_size_limits(no_disk_writes):
    data = _zip(_class_files(n=3))
    code, params = _code(data, limits=ds.ZipLimits(max_total_uncompressed=100))
    assert code == "uncompressed_too_large" and params["limit"] == 100 and params["size"] > 100
    assert _code(data, limits=ds.ZipLimits(max_archive_bytes=100))[0] == "too_large"


def test_from_zip_read_budget_counts_real_bytes(no_disk_writes):
    data = _zip(_class_files(n=3), method=zipfile.ZIP_STORED)
    code, params = _code(data, limits=ds.ZipLimits(max_bytes_read=300))
    assert (code, params["reason"]) == ("bomb", "read_limit")


def _overlap_bomb(n_entries: int, payload: bytes) -> bytes:
    """Fifield's full-overlap zip bomb: many central-directory entries share one local file."""
    name = b"cat/0.png"
    crc = zlib.crc32(payload)
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 0, 0, 0, crc, len(payload), len(payload), len(name), 0)
    body = local + name + payload
    central = b""
    for i in range(n_entries):
        entry = f"{'cat' if i % 2 else 'dog'}/{i}.png".encode()
        central += struct.pack(
            "<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, crc, len(payload), len(payload),
            len(entry), 0, 0, 0, 0, 0, 0,
        ) + entry  # fmt: skip
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, n_entries, n_entries, len(central), len(body), 0)
    return body + central + end


def test_from_zip_overlapping_entry_bomb(no_disk_writes):
    bomb = _overlap_bomb(40, _png(0) + bytes(1000))
    with zipfile.ZipFile(io.BytesIO(bomb)) as zf:  # Python's zipfile accepts it (3.11.7 has no overlap check)
        assert len(zf.infolist()) == 40 and len({i.header_offset for i in zf.infolist()}) == 1
    code, params = _code(bomb)
    assert (code, params["reason"]) == ("bomb", "overlap")


def test_from_zip_too_many_entries_checked_before_parsing(no_disk_writes, monkeypatch):
    data = _zip(_class_files(n=6))
    code, params = _code(data, limits=ds.ZipLimits(max_entries=11))
    assert (code, params) == ("too_many_entries", {"count": 12, "limit": 11})

    def refuse(*args, **kwargs):
        raise AssertionError("the central directory must not be parsed when the end record is over the limit")

    monkeypatch.setattr(zipfile, "ZipFile", refuse)
    assert _code(data, limits=ds.ZipLimits(max_entries=11))[0] == "too_many_entries"


def test_from_zip_per_class_cap_and_class_limits():
    data = _zip(_class_files(("a", "b", "c"), n=4))
    d = ds.from_zip(data, size=8, limits=ds.ZipLimits(max_images_per_class=3))
    assert d.class_counts() == {"a": 3, "b": 3, "c": 3} and d.skipped_reasons == {"class_limit": 3}
    assert _code(data, limits=ds.ZipLimits(max_classes=2))[0] == "too_many_classes"
    assert _code(data, limits=ds.ZipLimits(max_total_images=10)) == ("too_many_images", {"count": 12, "limit": 10})


def test_from_zip_pixel_limits():
    files = _class_files(n=3) | {"cat/huge.png": _png(0, size=40)}
    d = ds.from_zip(_zip(files), size=8, limits=ds.ZipLimits(max_image_pixels=1000))
    assert d.class_counts() == {"cat": 3, "dog": 3} and d.skipped_reasons == {"too_big": 1}
    code, params = _code(_zip(files), limits=ds.ZipLimits(max_image_pixels=100))  # every picture too big
    assert (code, params["count"]) == ("too_few_images", 0)
    code, params = _code(_zip(files), limits=ds.ZipLimits(max_total_pixels=500))
    assert (code, params["reason"]) == ("bomb", "pixels")


def test_from_zip_encrypted_entry_is_refused():
    data = bytearray(_zip(_class_files(n=2)))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        offsets = [i.header_offset for i in zf.infolist()]
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 0x1  # set the encryption flag on the first entry
    data[offsets[0] + 6] |= 0x1
    assert _code(bytes(data))[0] == "encrypted"


@pytest.mark.parametrize(
    "kwargs, match",
    [({"size": 4}, "size"), ({"size": 65}, "size"), ({"channels": 2}, "channels"), ({"val_fraction": 1}, "val"),
     ({"limits": {}}, "limits")],
)  # fmt: skip
def test_from_zip_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match) as info:
        ds.from_zip(_zip(_class_files(n=2)), **kwargs)
    assert not isinstance(info.value, ds.DatasetError)
    with pytest.raises(ValueError, match="data"):
        ds.from_zip("not bytes")


_VALID = _zip(_class_files(n=3, vary=True))


@given(edits=st.lists(st.tuples(st.integers(0, len(_VALID) - 1), st.integers(0, 255), st.integers(0, 2)), max_size=6))
def test_from_zip_damaged_archives_give_a_dataset_or_a_dataset_error(edits):
    data = bytearray(_VALID)
    for pos, value, op in edits:
        pos = min(pos, len(data) - 1)
        if op == 0:
            data[pos] = value
        elif op == 1:
            del data[pos : pos + value % 40 + 1]
        else:
            data[pos:pos] = bytes([value]) * (value % 7 + 1)
    try:
        d = ds.from_zip(bytes(data), size=8)
    except ds.DatasetError as err:
        assert err.code in ds.ERROR_CODES
        if err.code == "bomb":
            assert err.params["reason"] in ds.BOMB_REASONS
    else:
        assert d.n_classes >= 2 and min(d.class_counts().values()) >= ds.MIN_IMAGES_PER_CLASS


def test_error_vocabularies_match_the_code_and_the_docs():
    import inspect
    import pickle
    import re

    source = inspect.getsource(ds)
    raised = set(re.findall(r'DatasetError\(\s*"(\w+)"', source))
    assert raised == set(ds.ERROR_CODES)
    assert set(re.findall(r'reason="(\w+)"', source)) == set(ds.BOMB_REASONS)
    assert set(ds._SKIP_NOTES) == set(ds.SKIP_REASONS)
    for word in ds.ERROR_CODES + ds.BOMB_REASONS + ds.SKIP_REASONS:
        assert f"``{word}``" in ds.__doc__ or f'``"{word}"``' in ds.__doc__, word
    err = pickle.loads(pickle.dumps(ds.DatasetError("bomb", "boom", name="a.png", reason="ratio")))
    assert (err.code, err.params, str(err)) == ("bomb", {"name": "a.png", "reason": "ratio"}, "boom")
