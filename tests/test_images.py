"""core.images: a corpus of awkward files generated here, each decoded correctly or refused with ImageError."""

import io
import struct
import zlib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image

from core import images
from core.errors import CoreError
from core.images import (
    MAX_PIXELS,
    ImageError,
    crop,
    downscale,
    load_image,
    load_image_info,
    resize,
    to_grayscale,
    to_png_bytes,
)


def _save(im: Image.Image, fmt: str, **kwargs) -> bytes:
    buffer = io.BytesIO()
    im.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def _png_header(width: int, height: int) -> bytes:
    """A PNG that is only a signature, a valid IHDR declaring width×height (8-bit RGB) and IEND."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def _bmp_header(width: int, height: int) -> bytes:
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, 0, 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", 14 + 40, 0, 0, 14 + 40) + info


def _gif_header(width: int, height: int) -> bytes:
    screen = struct.pack("<HHBBB", width, height, 0, 0, 0)
    frame = b"," + struct.pack("<HHHHB", 0, 0, width, height, 0) + b"\x08\x00;"
    return b"GIF89a" + screen + frame


def _tiff_header(width: int, height: int) -> bytes:
    tags = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1)]
    tags += [(273, 4, 1, 0), (277, 3, 1, 1), (278, 4, 1, height), (279, 4, 1, width * height)]
    ifd = struct.pack("<H", len(tags)) + b"".join(struct.pack("<HHII", *tag) for tag in tags) + struct.pack("<I", 0)
    return b"II*\x00" + struct.pack("<I", 8) + ifd


def _webp_header(width: int, height: int) -> bytes:
    vp8l = b"\x2f" + struct.pack("<I", (width - 1) | ((height - 1) << 14))  # lossless: 14-bit sizes
    chunk = b"VP8L" + struct.pack("<I", len(vp8l)) + vp8l + b"\x00"
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def _codes(loaded) -> set[str]:
    return {note.code for note in loaded.notes}


# ----------------------------------------------------------------------------- decoding the corpus


def test_rgb_png_round_trips_exactly():
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, (7, 5, 3), dtype=np.uint8)
    out = load_image(_save(Image.fromarray(pixels), "PNG"))
    assert out.dtype == np.uint8 and out.shape == (7, 5, 3)
    np.testing.assert_array_equal(out, pixels)


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "GIF"])
def test_lossless_formats_decide_by_content(fmt):
    pixels = np.zeros((4, 6, 3), np.uint8)
    pixels[:, :3] = (255, 0, 0)
    pixels[:, 3:] = (0, 0, 255)
    out = load_image(_save(Image.fromarray(pixels), fmt))
    np.testing.assert_array_equal(out, pixels)


def test_webp_lossless():
    pixels = np.random.default_rng(1).integers(0, 256, (8, 9, 3), dtype=np.uint8)
    out = load_image(_save(Image.fromarray(pixels), "WEBP", lossless=True))
    np.testing.assert_array_equal(out, pixels)


def test_sixteen_bit_png_is_scaled_by_its_type_not_clipped():
    values = np.array([[0, 257, 32768], [65535, 1000, 60000]], dtype=np.uint16)
    data = _save(Image.fromarray(values), "PNG")
    assert Image.open(io.BytesIO(data)).mode == "I;16"
    loaded = load_image_info(data)
    expected = np.rint(values / 65535 * 255).astype(np.uint8)
    np.testing.assert_array_equal(loaded.image[..., 0], expected)
    np.testing.assert_array_equal(loaded.image[..., 0], loaded.image[..., 2])  # gray → equal channels
    assert expected.max() == 255 and (expected > 0).sum() == 5  # not clipped to 255 nor to 0
    assert "high_bit_depth" in _codes(loaded) and loaded.mode == "I;16"


def test_float_tiff_outside_unit_range_is_stretched():
    values = np.array([[-1.0, 0.0], [1.0, 3.0]], dtype=np.float32)
    data = _save(Image.fromarray(values, mode="F"), "TIFF")
    loaded = load_image_info(data)
    assert loaded.mode == "F"
    expected = np.rint((values + 1) / 4 * 255).astype(np.uint8)  # [-1, 3] → [0, 255]
    np.testing.assert_array_equal(loaded.image[..., 1], expected)
    note = next(n for n in loaded.notes if n.code == "high_bit_depth")
    assert note.params["low"] == -1 and note.params["high"] == 3


def test_float_tiff_in_unit_range_is_multiplied_by_255():
    values = np.array([[0.0, 0.25], [0.5, 0.1]], dtype=np.float32)
    out = load_image(_save(Image.fromarray(values, mode="F"), "TIFF"))
    np.testing.assert_array_equal(out[..., 0], np.rint(values * 255).astype(np.uint8))


def test_int32_tiff_beyond_sixteen_bits_uses_its_range():
    values = np.array([[0, 100_000], [200_000, 50_000]], dtype=np.int32)
    data = _save(Image.fromarray(values, mode="I"), "TIFF")
    out = load_image(data)
    np.testing.assert_array_equal(out[..., 0], np.rint(values / 200_000 * 255).astype(np.uint8))


def test_cmyk_jpeg_is_converted_to_rgb():
    cmyk = Image.new("CMYK", (16, 16), (255, 0, 0, 0))  # pure cyan ink
    data = _save(cmyk, "JPEG", quality=95)
    loaded = load_image_info(data)
    assert loaded.mode == "CMYK" and "cmyk" in _codes(loaded)
    mean = loaded.image.reshape(-1, 3).mean(axis=0)
    np.testing.assert_allclose(mean, [0, 255, 255], atol=6)


def test_palette_with_transparency_is_composited_on_white():
    im = Image.new("P", (4, 2), 0)
    im.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)  # index 0 black (transparent), index 1 red
    im.putpixel((1, 0), 1)
    im.putpixel((3, 1), 1)
    data = _save(im, "PNG", transparency=0)
    loaded = load_image_info(data)
    expected = np.full((2, 4, 3), 255, np.uint8)
    expected[0, 1] = expected[1, 3] = (255, 0, 0)
    np.testing.assert_array_equal(loaded.image, expected)
    assert "alpha" in _codes(loaded)


def test_palette_without_transparency_keeps_its_colours():
    im = Image.new("P", (2, 1), 0)
    im.putpalette([10, 20, 30, 200, 100, 50] + [0] * 762)
    im.putpixel((1, 0), 1)
    out = load_image(_save(im, "PNG"))
    np.testing.assert_array_equal(out[0], [[10, 20, 30], [200, 100, 50]])


def test_la_alpha_blends_with_white():
    luminance = np.zeros((1, 3), np.uint8)
    alpha = np.array([[0, 128, 255]], np.uint8)
    im = Image.fromarray(np.stack([luminance, alpha], axis=-1), mode="LA")
    out = load_image(_save(im, "PNG"))
    expected = np.rint(255 * (1 - alpha / 255))[0]  # black over white at alpha a
    np.testing.assert_allclose(out[0, :, 0], expected, atol=1)
    np.testing.assert_array_equal(out[0, :, 0], out[0, :, 2])


def test_opaque_rgba_has_no_alpha_note():
    loaded = load_image_info(_save(Image.new("RGBA", (3, 3), (1, 2, 3, 255)), "PNG"))
    np.testing.assert_array_equal(loaded.image, np.full((3, 3, 3), (1, 2, 3), np.uint8))
    assert "alpha" not in _codes(loaded)


def test_exif_orientation_turns_the_photo_upright():
    pixels = np.zeros((20, 40, 3), np.uint8)  # stored 40 wide, 20 tall: left half red, right half blue
    pixels[:, :20] = (255, 0, 0)
    pixels[:, 20:] = (0, 0, 255)
    im = Image.fromarray(pixels)
    exif = im.getexif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view": the stored left edge becomes the top
    loaded = load_image_info(_save(im, "JPEG", quality=95, exif=exif))
    assert loaded.image.shape == (40, 20, 3) and loaded.original_size == (40, 20)
    assert "rotated" in _codes(loaded)
    np.testing.assert_allclose(loaded.image[5:15].reshape(-1, 3).mean(0), [255, 0, 0], atol=10)
    np.testing.assert_allclose(loaded.image[25:35].reshape(-1, 3).mean(0), [0, 0, 255], atol=10)


def test_animated_gif_uses_first_frame_and_says_so():
    frames = [Image.new("RGB", (6, 4), colour) for colour in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    data = _save(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    loaded = load_image_info(data)
    np.testing.assert_array_equal(loaded.image, np.full((4, 6, 3), (255, 0, 0), np.uint8))
    assert "animated" in _codes(loaded)


@given(
    pixels=arrays(np.uint8, st.tuples(st.integers(1, 12), st.integers(1, 12), st.just(3))),
    fmt=st.sampled_from(["PNG", "BMP", "TIFF"]),
)
def test_lossless_round_trip_property(pixels, fmt):
    np.testing.assert_array_equal(load_image(_save(Image.fromarray(pixels), fmt)), pixels)


def test_single_pixel():
    out = load_image(_save(Image.new("RGB", (1, 1), (9, 8, 7)), "PNG"))
    np.testing.assert_array_equal(out, [[[9, 8, 7]]])


def test_twelve_megapixel_photo_works_and_downscales():
    yy, xx = np.mgrid[0:3000, 0:4000]
    pixels = np.stack([xx * 255 // 3999, yy * 255 // 2999, np.full_like(xx, 128)], axis=-1).astype(np.uint8)
    data = _save(Image.fromarray(pixels), "JPEG", quality=85)
    full = load_image(data)
    assert full.shape == (3000, 4000, 3)
    np.testing.assert_allclose(full[1500, 2000], pixels[1500, 2000], atol=6)
    small = load_image_info(data, max_side=1024)
    assert small.image.shape == (768, 1024, 3) and small.original_size == (3000, 4000)
    note = next(n for n in small.notes if n.code == "downscaled")
    assert note.params == {"width": 4000, "height": 3000, "new_width": 1024, "new_height": 768}
    assert "4000×3000" in note.message
    np.testing.assert_allclose(small.image[384, 512].astype(int), pixels[1500, 2000].astype(int), atol=8)


# ----------------------------------------------------------------------------- refusals


def _raises(data: bytes, code: str) -> ImageError:
    with pytest.raises(ImageError) as info:
        load_image(data)
    assert info.value.code == code, (info.value.code, str(info.value))
    assert isinstance(info.value, CoreError) and isinstance(info.value, ValueError) and str(info.value)
    return info.value


def test_empty_file():
    _raises(b"", "empty")


def test_text_renamed_png_is_not_an_image():
    _raises(b"hello, I am a text file pretending to be picture.png\n" * 20, "not_image")


def test_formats_outside_the_list_are_refused():
    _raises(_save(Image.new("RGB", (4, 4)), "PPM"), "not_image")


def test_truncated_png():
    data = _save(Image.fromarray(np.random.default_rng(2).integers(0, 256, (64, 64, 3), dtype=np.uint8)), "PNG")
    _raises(data[: len(data) // 2], "truncated")


def test_truncated_jpeg():
    data = _save(Image.fromarray(np.random.default_rng(3).integers(0, 256, (64, 64, 3), dtype=np.uint8)), "JPEG")
    _raises(data[: len(data) // 2], "truncated")


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0\x00\x10JFIF", b"GIF89a\x01", b"RIFF\x00\x00\x00\x00WEBPVP8 "],
    ids=["png", "jpeg", "gif", "webp"],
)
def test_known_signature_with_broken_header_is_called_damaged(data):
    with pytest.raises(ImageError) as info:
        load_image(data)
    assert info.value.code in ("corrupt", "truncated")  # a broken picture, not "some other kind of file"


def test_png_header_cut_before_iend_is_damaged():
    _raises(_png_header(50_000, 50_000)[:-12], "corrupt")


@pytest.fixture
def decoded(monkeypatch) -> list[str]:
    """Formats of the pictures whose pixels get decoded: ``load`` is where Pillow decodes, lazily."""
    calls: list[str] = []
    real_open = images._open

    def spying_open(data):
        im = real_open(data)
        real_load = im.load

        def load():
            calls.append(im.format)
            return real_load()

        im.load = load  # this picture only: every later decode (ours or Pillow's convert) passes here
        return im

    monkeypatch.setattr(images, "_open", spying_open)
    return calls


def test_the_decode_spy_sees_an_ordinary_decode(decoded):
    load_image(_save(Image.new("RGB", (3, 2)), "PNG"))
    assert decoded and set(decoded) == {"PNG"}


@pytest.mark.parametrize("side", [50_000, 7_000])  # 2500 MP (Pillow would also object) and 49 MP (only we do)
def test_declared_giant_png_is_refused_without_decoding(side, decoded):
    data = _png_header(side, side)
    assert len(data) < 100
    error = _raises(data, "too_large")
    assert decoded == []  # refused from the header alone
    assert error.params["megapixels"] == pytest.approx(side * side / 1e6)
    assert error.params["limit"] == MAX_PIXELS / 1e6


@pytest.mark.parametrize("header", [_bmp_header, _gif_header, _tiff_header, _webp_header], ids=lambda f: f.__name__)
def test_every_format_checks_the_declared_size_first(header, decoded):
    error = _raises(header(8000, 6000), "too_large")  # 48 MP: over our limit, far under Pillow's
    assert decoded == []
    assert (error.params["width"], error.params["height"]) == (8000, 6000)


def test_declared_size_just_under_the_limit_is_not_refused_as_too_large():
    with pytest.raises(ImageError) as info:  # 36 MP passes the size check, then has no pixel data
        load_image(_png_header(6000, 6000))
    assert info.value.code in ("corrupt", "truncated")


def test_data_must_be_bytes():
    with pytest.raises(ValueError, match="data"):
        load_image("picture.png")


# ----------------------------------------------------------------------------- helpers


def test_downscale_keeps_aspect_and_leaves_small_images_alone():
    image = np.zeros((300, 1200, 3), np.uint8)
    assert downscale(image, max_side=600).shape == (150, 600, 3)
    small = np.zeros((10, 20, 3), np.uint8)
    assert downscale(small, max_side=600) is small
    with pytest.raises(ValueError, match="max_side"):
        downscale(small, max_side=0)


@given(
    height=st.integers(1, 30),
    width=st.integers(1, 30),
    row=st.integers(-5, 35),
    col=st.integers(-5, 35),
    size=st.integers(1, 40),
)
def test_crop_stays_inside_and_matches_slicing(height, width, row, col, size):
    image = np.arange(height * width).reshape(height, width)
    patch, (top, left) = crop(image, center=(row, col), size=size)
    assert patch.shape == (min(size, height), min(size, width))
    assert 0 <= top <= height - patch.shape[0] and 0 <= left <= width - patch.shape[1]
    np.testing.assert_array_equal(patch, image[top : top + patch.shape[0], left : left + patch.shape[1]])
    if size <= min(height, width) and size // 2 <= row < height - size + size // 2:
        assert top == row - size // 2  # centred when there is room


def test_grayscale_uses_bt601_weights():
    image = np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255], [10, 10, 10]]], np.uint8)
    np.testing.assert_allclose(to_grayscale(image)[0], [0.299 * 255, 0.587 * 255, 0.114 * 255, 10], rtol=1e-6)


def test_png_bytes_round_trip():
    image = np.random.default_rng(4).integers(0, 256, (5, 4, 3), dtype=np.uint8)
    np.testing.assert_array_equal(load_image(to_png_bytes(image)), image)


def test_resize_is_the_one_resampler():
    image = np.random.default_rng(5).integers(0, 256, (40, 60, 3), dtype=np.uint8)
    assert resize(image, (40, 60)) is image  # already that shape: untouched
    smooth, sharp = resize(image, (10, 15), method="bilinear"), resize(image, (10, 15))
    assert smooth.shape == sharp.shape == (10, 15, 3) and smooth.dtype == np.uint8
    assert not np.array_equal(smooth, sharp)  # the two purposes really use two filters
    np.testing.assert_array_equal(downscale(image, max_side=15, method="bilinear"), smooth)
    np.testing.assert_array_equal(downscale(image, max_side=15), sharp)
    flat = np.full((30, 20), 77, np.uint8)
    np.testing.assert_array_equal(resize(flat, (3, 7), method="bilinear"), 77)  # grey stays grey, any filter
    for shape in [(0, 5), (5,), (2.5, 3), "big"]:
        with pytest.raises(ValueError, match="shape"):
            resize(image, shape)
    with pytest.raises(ValueError, match="method"):
        resize(image, (5, 5), method="nearest")


@pytest.mark.parametrize("height, width", [(7, 7), (6, 9), (9, 6), (5, 12), (12, 5), (1, 4)])
def test_crop_without_center_takes_the_middle(height, width):
    image = np.arange(height * width).reshape(height, width)
    side = min(height, width)
    patch, (top, left) = crop(image, size=side)
    assert (top, left) == ((height - side) // 2, (width - side) // 2)  # the largest centred square
    np.testing.assert_array_equal(patch, image[top : top + side, left : left + side])


def test_image_error_is_a_core_error_that_keeps_its_params_through_pickling():
    import pickle

    error = _raises(_png_header(8000, 6000), "too_large")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is ImageError and isinstance(again, CoreError)
    assert (again.code, again.params, str(again)) == (error.code, error.params, str(error))
    assert "48.0 megapixels" in str(error)  # the English message is filled from the params
