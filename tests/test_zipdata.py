"""core.zipdata: the student's zip of class folders, read in memory, refusing bombs and traversal."""

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
from core import zipdata as zd


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
        zd.from_zip(data, **kwargs)
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
    d = zd.from_zip(_zip(_class_files(("cat", "dog", "bird"), n=5)), size=8, channels=3, seed=1)
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
    grey = zd.from_zip(_zip(_class_files(n=3)), size=16, channels=1)
    assert grey.input_shape == (1, 16, 16)
    assert grey.preprocess(np.zeros((5, 5, 3), np.uint8)).shape == (1, 16, 16)


def test_from_zip_images_match_what_try_it_shows_and_report_progress():
    from core.images import load_image

    files = _class_files(n=3, vary=True)
    calls = []
    d = zd.from_zip(_zip(files), size=8, channels=1, on_progress=lambda done, total: calls.append((done, total)))
    assert calls == [(k, 6) for k in range(1, 7)]
    expected = {tuple(d.preprocess(load_image(payload)).ravel()) for payload in files.values()}
    got = {tuple(x.ravel()) for x in np.concatenate([d.x_train, d.x_val])}
    assert got == expected and len(expected) == 6


def test_from_zip_is_deterministic_per_seed():
    data = _zip(_class_files(n=10, vary=True))
    a, b, c = zd.from_zip(data, seed=0), zd.from_zip(data, seed=0), zd.from_zip(data, seed=5)
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
    d = zd.from_zip(_zip(files), size=8)
    assert d.class_names == ["cat", "dog"] and d.class_counts() == {"cat": 5, "dog": 5}
    assert d.skipped_reasons == {"hidden": 3, "non_image": 2, "no_folder": 1, "unreadable": 1}
    assert d.skipped == 7
    assert "skipped 2 non-image files" in d.notes


def test_from_zip_nested_wrappers_and_subfolders():
    files = {f"export/data/{c}/{sub}/{i}.png": _png(k) for k, c in enumerate("ab") for sub in "xy" for i in range(2)}
    d = zd.from_zip(_zip(files), size=8)
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
    assert zd.from_zip(utf8, size=8).class_names == sorted(["고양이", "강아지"])

    cat, dog = "고양이".encode("cp949"), "강아지".encode("cp949")  # Korean Windows: 6 bytes each, no flag
    files = _class_files(("CCCCCC", "DDDDDD"), n=3)
    windows = _rename_in_archive(_rename_in_archive(_zip(files), "CCCCCC", cat), "DDDDDD", dog)
    with zipfile.ZipFile(io.BytesIO(windows)) as zf:
        assert not any(info.flag_bits & 0x800 for info in zf.infolist())
        assert "고양이" not in zf.namelist()[0]  # zipfile alone shows cp437 mojibake
    assert zd.from_zip(windows, size=8).class_names == sorted(["고양이", "강아지"])

    nfd = unicodedata.normalize("NFD", "고양이")  # macOS file names: decomposed Hangul, UTF-8 without flag
    raw = nfd.encode("utf-8")
    mac = _rename_in_archive(_zip(_class_files(("E" * len(raw), "dog"), n=3)), "E" * len(raw), raw)
    assert zd.from_zip(mac, size=8).class_names == ["dog", "고양이"]


def test_from_zip_windows_backslash_paths():
    files = {f"set\\{c}\\{i}.png": _png(k) for k, c in enumerate(("x", "y")) for i in range(2)}
    assert zd.from_zip(_zip(files), size=8).class_counts() == {"x": 2, "y": 2}


def test_from_zip_skips_path_traversal_names(no_disk_writes):
    files = _class_files(n=3)
    files |= {"../evil/0.png": _png(0), "/etc/cat/1.png": _png(0), "cat/../../2.png": _png(0), "C:/x/3.png": _png(0)}
    d = zd.from_zip(_zip(files), size=8)
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
    code, params = _code(data, limits=zd.ZipLimits(max_total_uncompressed=100))
    assert code == "uncompressed_too_large" and params["limit"] == 100 and params["size"] > 100
    assert _code(data, limits=zd.ZipLimits(max_archive_bytes=100))[0] == "too_large"


def test_from_zip_read_budget_counts_real_bytes(no_disk_writes):
    data = _zip(_class_files(n=3), method=zipfile.ZIP_STORED)
    code, params = _code(data, limits=zd.ZipLimits(max_bytes_read=300))
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
    code, params = _code(data, limits=zd.ZipLimits(max_entries=11))
    assert (code, params) == ("too_many_entries", {"count": 12, "limit": 11})

    def refuse(*args, **kwargs):
        raise AssertionError("the central directory must not be parsed when the end record is over the limit")

    monkeypatch.setattr(zipfile, "ZipFile", refuse)
    assert _code(data, limits=zd.ZipLimits(max_entries=11))[0] == "too_many_entries"


def _with_comment(data: bytes, comment: bytes) -> bytes:
    """The same archive with an archive comment after the end record (the record moves off the end)."""
    assert data[-2:] == b"\0\0"
    return data[:-2] + struct.pack("<H", len(comment)) + comment


def _as_zip64(data: bytes) -> bytes:
    """The same archive with a zip64 end record + locator; the classic end record only says 0xFFFF."""
    _, _, _, _, count, cd_size, cd_offset, _ = struct.unpack("<4sHHHHIIH", data[-22:])
    body = data[:-22]
    record = struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, cd_size, cd_offset)
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, len(body), 1)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return body + record + locator + end


def test_entry_count_is_read_from_the_public_format_alone(no_disk_writes, monkeypatch):
    """The end record is parsed with struct (zip64 and comments too), not with zipfile's private helpers."""
    plain = _zip(_class_files(n=6))
    variants = {"plain": plain, "comment": _with_comment(plain, b"made with love " * 50), "zip64": _as_zip64(plain)}
    for name, data in variants.items():
        with zipfile.ZipFile(io.BytesIO(data)) as zf:  # zipfile itself reads every variant
            assert len(zf.infolist()) == 12, name
        assert zd.from_zip(data, size=8).class_counts() == {"cat": 6, "dog": 6}, name

    def refuse(*args, **kwargs):
        raise AssertionError("the central directory must not be parsed when the end record is over the limit")

    monkeypatch.delattr(zipfile, "_EndRecData", raising=False)
    monkeypatch.setattr(zipfile, "ZipFile", refuse)
    for name, data in variants.items():
        got = _code(data, limits=zd.ZipLimits(max_entries=11))
        assert got == ("too_many_entries", {"count": 12, "limit": 11}), name


def test_from_zip_per_class_cap_and_class_limits():
    data = _zip(_class_files(("a", "b", "c"), n=4))
    d = zd.from_zip(data, size=8, limits=zd.ZipLimits(max_images_per_class=3))
    assert d.class_counts() == {"a": 3, "b": 3, "c": 3} and d.skipped_reasons == {"class_limit": 3}
    assert _code(data, limits=zd.ZipLimits(max_classes=2))[0] == "too_many_classes"
    assert _code(data, limits=zd.ZipLimits(max_total_images=10)) == ("too_many_images", {"count": 12, "limit": 10})


def test_from_zip_pixel_limits():
    files = _class_files(n=3) | {"cat/huge.png": _png(0, size=40)}
    d = zd.from_zip(_zip(files), size=8, limits=zd.ZipLimits(max_image_pixels=1000))
    assert d.class_counts() == {"cat": 3, "dog": 3} and d.skipped_reasons == {"too_big": 1}
    code, params = _code(_zip(files), limits=zd.ZipLimits(max_image_pixels=100))  # every picture too big
    assert (code, params["count"]) == ("too_few_images", 0)
    code, params = _code(_zip(files), limits=zd.ZipLimits(max_total_pixels=500))
    assert code == "too_many_pixels" and params["limit"] == 500 / 1e6


def test_too_many_pixels_is_refused_before_any_picture_is_decoded(monkeypatch):
    """The headers are summed first: a zip over the pixel budget costs no decoding at all (issue 22.3)."""
    import core.images

    decoded = []
    real = core.images.load_image_info
    monkeypatch.setattr(core.images, "load_image_info", lambda *a, **k: decoded.append(1) or real(*a, **k))
    files = _class_files(n=3)  # six 12×12 pictures: 864 pixels together
    code, params = _code(_zip(files), limits=zd.ZipLimits(max_total_pixels=863))
    assert (code, params["megapixels"], decoded) == ("too_many_pixels", 0, [])
    assert zd.from_zip(_zip(files), size=8, limits=zd.ZipLimits(max_total_pixels=864)).class_counts()["cat"] == 3


def test_the_default_pixel_budget_fits_the_small_models():
    """What a 64×64 model can use: 400 MP together (a few seconds of decoding), not 2000 MP (half a minute)."""
    assert zd.ZipLimits().max_total_pixels <= 400_000_000


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
        zd.from_zip(_zip(_class_files(n=2)), **kwargs)
    assert not isinstance(info.value, ds.DatasetError)
    with pytest.raises(ValueError, match="data"):
        zd.from_zip("not bytes")


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
        d = zd.from_zip(bytes(data), size=8)
    except ds.DatasetError as err:
        assert err.code in ds.ERROR_CODES
        if err.code == "bomb":
            assert err.params["reason"] in ds.BOMB_REASONS
    else:
        assert d.n_classes >= 2 and min(d.class_counts().values()) >= zd.MIN_IMAGES_PER_CLASS


def test_error_vocabularies_match_the_code_and_the_docs():
    import inspect
    import re

    source = inspect.getsource(zd)
    raised = set(re.findall(r'DatasetError\(\s*"(\w+)"', source))
    assert raised == set(ds.ERROR_CODES)
    assert set(re.findall(r'reason="(\w+)"', source)) == set(ds.BOMB_REASONS)
    assert set(zd._SKIP_NOTES) == set(ds.SKIP_REASONS)
    for word in ds.ERROR_CODES + ds.BOMB_REASONS + ds.SKIP_REASONS:
        assert f"``{word}``" in ds.__doc__ or f'``"{word}"``' in ds.__doc__, word
    for reason in ds.SKIP_REASONS:  # the zip module says when each file is skipped
        assert f'``"{reason}"``' in zd.__doc__, reason
