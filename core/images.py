"""Uploaded bytes into RGB arrays, and the few pixel operations every other module uses on them.

Everything is decided by the file's content (never its name). The app's own pixel limit is enforced
from the header, before a single pixel is decoded, so a tiny file that declares a huge canvas is
refused in milliseconds instead of inflating to gigabytes. What is accepted is converted and shrunk strip by
strip: a 40 MP picture costs its decoded pixels once (at most ~250 MB in all), never a float64 copy.

- loading: :func:`load_image`, :func:`load_image_info` (refusals are :class:`ImageError`).
- pixels: the one :func:`resize` (and :func:`downscale`), the one :func:`crop`, the one
  :func:`to_grayscale`, :func:`to_png_bytes`; every module that touches pixels uses these.

A photo becomes a small model input in ``core.preprocess``; feature maps become pictures in ``core.display``.

>>> from core.images import load_image_info
>>> # loaded = load_image_info(open("photo.jpg", "rb").read(), max_side=1024)
>>> # loaded.image.shape  -> (768, 1024, 3), loaded.notes -> (ImageNote('downscaled', ...),)
"""

from __future__ import annotations

import io
import math
import re
import warnings
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, UnidentifiedImageError

from core.errors import CoreError

MAX_PIXELS = 40_000_000  # the app's limit; Pillow's own bomb check only fires near 179 MP
MAX_WEBP_PIXELS = 16_000_000  # Pillow decodes WebP through three full-size buffers (~15 bytes a pixel, not 4)
FORMATS = ("PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF")
WORKING_SIDE = 1024  # longest side used for interaction (core.preprocess shrinks to its own, smaller side)
WHITE = (255, 255, 255)

# File signatures of the accepted formats (WebP: "RIFF" + size + "WEBP", checked separately).
_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*")
_HIGH_DEPTH_MODES = ("I;16", "I;16L", "I;16B", "I;16N", "I")
_SWAPPING_ORIENTATIONS = (5, 6, 7, 8)  # EXIF orientations that exchange width and height
_T = Image.Transpose
_TRANSPOSES = {2: _T.FLIP_LEFT_RIGHT, 3: _T.ROTATE_180, 4: _T.FLIP_TOP_BOTTOM, 5: _T.TRANSPOSE, 6: _T.ROTATE_270,
               7: _T.TRANSVERSE, 8: _T.ROTATE_90}  # fmt: skip  # EXIF orientation -> what makes it upright
_STRIP_PIXELS = 2**20  # pixels converted at once at full size (a few MB, whatever the picture's size)
_ERROR_MESSAGES = {
    "empty": "The file is empty (0 bytes), so there is no picture in it.",
    "not_image": "This file is not a picture we can read. Please upload a PNG, JPEG, WebP, GIF, BMP or TIFF image.",
    "too_large": "This image declares {megapixels:.1f} megapixels; the limit here is {limit:.0f} megapixels. "
    "Please shrink it before uploading.",
    "truncated": "The image file is cut off before its end (incomplete download or save). Please export it again.",
    "unsupported": "This image stores its pixels as '{mode}', which cannot be turned into colours here.",
    "corrupt": "The image file is damaged and could not be decoded.",
}
_NOTE_MESSAGES = {
    "animated": "The file is animated; only its first frame is used.",
    "rotated": "The photo's orientation tag was applied, so it is shown upright.",
    "high_bit_depth": "The image has more than 8 bits per pixel ({mode}); values {low:g}…{high:g} were scaled to 0…255.",
    "cmyk": "The image was stored in CMYK (print colours) and was converted to RGB.",
    "alpha": "Transparent parts are shown on a white background.",
    "downscaled": "The image is {width}×{height} pixels; it is worked on at {new_width}×{new_height}.",
}


class ImageError(CoreError):
    """An upload that cannot become an RGB image; ``code`` names the kind, ``params`` fill the message.

    Codes and params: ``empty`` {}, ``not_image`` {}, ``too_large`` {"megapixels", "limit"} (and
    {"width", "height"} when the header was read), ``truncated`` {}, ``unsupported`` {"mode"},
    ``corrupt`` {}.
    """

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, _ERROR_MESSAGES[code].format(**params), **params)


@dataclass(frozen=True)
class ImageNote:
    """Something the student should know about how the upload was read (``code`` + message ``params``)."""

    code: str
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        return _NOTE_MESSAGES[self.code].format(**self.params)


@dataclass(frozen=True)
class LoadedImage:
    """A decoded upload.

    Attributes
    ----------
    image : ndarray of shape (H, W, 3), uint8
        Upright RGB pixels (possibly downscaled to the working size).
    original_size : tuple (height, width)
        Size of the upright picture in the file, before any downscaling.
    format : str
        Pillow's name of the file format ("PNG", "JPEG", ...).
    mode : str
        Pillow's pixel mode in the file ("RGB", "I;16", "CMYK", ...).
    notes : tuple of ImageNote
        What was done to the picture (first frame, rotation, scaling, ...).
    """

    image: np.ndarray
    original_size: tuple[int, int]
    format: str
    mode: str
    notes: tuple[ImageNote, ...] = ()


# ----------------------------------------------------------------------------- loading


def load_image(data: bytes) -> np.ndarray:
    """Decode an uploaded file into an upright RGB array.

    Parameters
    ----------
    data : bytes
        The file's content (PNG, JPEG, WebP, GIF, BMP or TIFF; recognised by content).

    Returns
    -------
    ndarray of shape (H, W, 3), uint8

    Raises
    ------
    ImageError
        Empty, not an image, over 40 megapixels, truncated, damaged or unconvertible.
    """
    return load_image_info(data).image


def load_image_info(data: bytes, *, max_side: int | None = None, max_pixels: int = MAX_PIXELS) -> LoadedImage:
    """Decode ``data`` like :func:`load_image` and report what was done to it.

    Parameters
    ----------
    data : bytes
        The file's content.
    max_side : int or None
        If given, pictures whose longest side exceeds it are downscaled to it (aspect kept).
    max_pixels : int
        Refuse pictures declaring more pixels than this, before decoding them.

    Returns
    -------
    LoadedImage
    """
    _check_data(data)
    if max_side is not None and (not isinstance(max_side, int) or max_side < 1):
        raise ValueError(f"max_side must be a positive int or None, got {max_side!r}")
    im = _open(data)
    fmt, width, height = im.format or "", *im.size
    _check_pixels(width, height, min(max_pixels, MAX_WEBP_PIXELS) if fmt == "WEBP" else max_pixels)
    notes: list[ImageNote] = []
    orientation = _orientation(im)
    upright = (height, width) if orientation in _SWAPPING_ORIENTATIONS else (width, height)
    target = _working_size(*upright, max_side=max_side)
    try:
        if _is_animated(im):
            notes.append(ImageNote("animated"))
        im.seek(0)
        if target is not None and fmt in ("JPEG", "MPO"):
            # JPEG decodes straight at 1/2, 1/4 or 1/8 scale: faster and far less memory for big photos
            raw = target if upright == (width, height) else target[::-1]
            im.draft(im.mode, raw)
        mode = im.mode
        im.load()
        if orientation not in (None, 1):  # applied once the picture is small (below)
            notes.append(ImageNote("rotated"))
    except OSError as exc:
        raise ImageError("truncated" if "truncat" in str(exc).lower() else "corrupt") from exc
    except Exception as exc:  # malformed files make Pillow raise almost anything
        raise ImageError("corrupt") from exc
    # converted strip by strip at the stored size and box-reduced as it goes (one full-size copy: the decoded
    # picture), then rotated and resampled small: a 40 MP upload never exists twice, nor as float64
    stored = None if target is None else (target if upright == (width, height) else target[::-1])
    rgb = _to_rgb_reduced(im, stored, notes)
    if orientation in _TRANSPOSES:
        rgb = rgb.transpose(_TRANSPOSES[orientation])
    if target is not None:
        sizes = {"width": upright[0], "height": upright[1], "new_width": target[0], "new_height": target[1]}
        notes.append(ImageNote("downscaled", sizes))
    image = np.asarray(rgb, dtype=np.uint8)  # (H, W, 3)
    return LoadedImage(image, (upright[1], upright[0]), fmt, mode, tuple(notes))


def declared_pixels(data: bytes) -> int:
    """Pixels the file's header declares (width × height), read without decoding a single pixel.

    Raises
    ------
    ImageError
        Empty, not an image, or a header that cannot be read (as :func:`load_image_info` would).
    """
    _check_data(data)
    width, height = _open(data).size
    return width * height


def _check_data(data: object) -> None:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ValueError(f"data must be bytes, got {type(data).__name__}")
    if len(data) == 0:
        raise ImageError("empty")


def _check_pixels(width: int, height: int, max_pixels: int) -> None:
    if width < 1 or height < 1:
        raise ImageError("corrupt")
    if width * height > max_pixels:
        raise ImageError(
            "too_large", width=width, height=height, megapixels=width * height / 1e6, limit=max_pixels / 1e6
        )


def _open(data: bytes) -> Image.Image:
    """Read the header only (Pillow opens lazily); the pixels are not decoded here."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit is stricter
            return Image.open(io.BytesIO(bytes(data)), formats=FORMATS)
    except Image.DecompressionBombError as exc:
        raise ImageError("too_large", megapixels=_declared_pixels(exc) / 1e6, limit=MAX_PIXELS / 1e6) from exc
    except UnidentifiedImageError as exc:
        # a known signature that Pillow cannot parse is a damaged picture, not "some other file"
        raise ImageError(
            "corrupt" if bytes(data[:12]).startswith(_SIGNATURES) or _is_webp(data) else "not_image"
        ) from exc
    except OSError as exc:
        raise ImageError("truncated" if "truncat" in str(exc).lower() else "corrupt") from exc
    except Exception as exc:  # header parsers raise SyntaxError, struct.error, ... on junk
        raise ImageError("corrupt") from exc


def _is_webp(data: bytes) -> bool:
    return bytes(data[:4]) == b"RIFF" and bytes(data[8:12]) == b"WEBP"


def _declared_pixels(exc: Exception) -> int:
    """Pillow's bomb error states the declared pixel count ("Image size (N pixels) exceeds ...")."""
    found = re.search(r"\((\d+) pixels\)", str(exc))
    return int(found.group(1)) if found else 0


def _orientation(im: Image.Image) -> int | None:
    try:
        return im.getexif().get(0x0112)
    except Exception:  # a broken EXIF block should not cost the picture
        return None


def _is_animated(im: Image.Image) -> bool:
    # MPO files are phone photos with an extra (depth/preview) picture, not animations
    return im.format != "MPO" and bool(getattr(im, "is_animated", False))


def _working_size(width: int, height: int, *, max_side: int | None) -> tuple[int, int] | None:
    """(width, height) after shrinking the longest side to ``max_side``, or None if already small."""
    if max_side is None or max(width, height) <= max_side:
        return None
    scale = max_side / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _to_rgb_reduced(im: Image.Image, size: tuple[int, int] | None, notes: list[ImageNote]) -> Image.Image:
    """``im`` (decoded, as stored) as RGB, resampled to ``size`` = (width, height) if given.

    Converted in strips of about ``_STRIP_PIXELS`` at full size, each box-reduced by the factor Pillow's own
    ``reducing_gap`` would use before the final Lanczos step: the same picture as converting the whole image
    and then resizing it, without a second full-size copy (or a float64 one, 8 bytes a pixel, for 16-bit files).
    """
    width, height = im.size
    fx = fy = 1
    if size is not None:
        gap = _METHODS["lanczos"][1]
        fx, fy = max(1, int(width / size[0] / gap)), max(1, int(height / size[1] / gap))
    rows = fy * max(1, _STRIP_PIXELS // (width * fy))  # whole reduction blocks per strip
    try:
        convert, mode = _strip_converter(im, notes)
        out = Image.new(mode, (math.ceil(width / fx), math.ceil(height / fy)))
        for top in range(0, height, rows):
            strip = convert(im.crop((0, top, width, min(height, top + rows))))
            out.paste(strip.reduce((fx, fy)) if fx > 1 or fy > 1 else strip, (0, top // fy))
    except (ValueError, OSError) as exc:  # e.g. LAB or exotic TIFF layouts
        raise ImageError("unsupported", mode=im.mode) from exc
    if convert.alpha:
        notes.append(ImageNote("alpha"))
    if size is not None:
        out = out.resize(size, _METHODS["lanczos"][0], box=(0, 0, width / fx, height / fy))
    return out.convert("RGB") if out.mode != "RGB" else out


class _Converter:
    """One strip of the stored picture to 8-bit ("L" or "RGB"); ``alpha`` turns true on a see-through pixel."""

    def __init__(self, fn) -> None:
        self.fn, self.alpha = fn, False

    def __call__(self, strip: Image.Image) -> Image.Image:
        return self.fn(self, strip)


def _strip_converter(im: Image.Image, notes: list[ImageNote]) -> tuple[_Converter, str]:
    if im.mode in _HIGH_DEPTH_MODES or im.mode == "F":
        low, high = _value_range(im)
        notes.append(ImageNote("high_bit_depth", {"mode": im.mode, "low": low, "high": high}))
        return _Converter(lambda _, strip: Image.fromarray(_scale_to_uint8(np.asarray(strip), low, high))), "L"
    if im.mode == "CMYK":
        notes.append(ImageNote("cmyk"))
    if im.has_transparency_data:
        return _Converter(_composite_on_white), "RGB"
    return _Converter(lambda _, strip: strip.convert("RGB")), "RGB"


def _strips(im: Image.Image):
    """``im``'s pixels as arrays of whole rows, about ``_STRIP_PIXELS`` at a time."""
    width, height = im.size
    rows = max(1, _STRIP_PIXELS // width)
    for top in range(0, height, rows):
        yield np.asarray(im.crop((0, top, width, min(height, top + rows))))


def _value_range(im: Image.Image) -> tuple[float, float]:
    """What 0…255 stands for in a 16-bit / 32-bit / float picture: its type's range (or its real range).

    16-bit: the type's full range, so dark images stay dark; float in [0, 1]: that; anything else stretches the
    actual finite range, never clipping it away. (0, 0) when no value is finite. Read strip by strip.
    """
    if im.mode.startswith("I;16"):
        return 0.0, 65535.0
    lo, hi = math.inf, -math.inf
    for block in _strips(im):
        finite = block[np.isfinite(block)] if im.mode == "F" else block
        if finite.size:
            lo, hi = min(lo, float(finite.min())), max(hi, float(finite.max()))
    if lo > hi:
        return 0.0, 0.0
    if im.mode == "I" and lo >= 0 and hi <= 65535:
        return 0.0, 65535.0
    if im.mode == "F" and lo >= 0 and hi <= 1:
        return 0.0, 1.0
    return lo, hi


def _scale_to_uint8(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """Map ``low``…``high`` to 0…255 (one strip; +inf → 255, -inf / NaN → 0)."""
    values = values.astype(np.float64)  # a strip: a few MB, never the whole picture
    finite = np.isfinite(values)
    values = np.where(finite, values, np.where(values > 0, high, low))
    scaled = (values - low) / (high - low) if high > low else np.zeros_like(values)
    return np.rint(scaled * 255).astype(np.uint8)


def _composite_on_white(convert: _Converter, strip: Image.Image) -> Image.Image:
    rgba = strip.convert("RGBA")
    alpha_min, _ = rgba.getchannel("A").getextrema()
    convert.alpha = convert.alpha or alpha_min < 255
    background = Image.new("RGB", rgba.size, WHITE)
    background.paste(rgba, (0, 0), rgba)  # the RGBA image is its own mask: out = a·rgb + (1 − a)·white
    return background


# ----------------------------------------------------------------------------- resizing and cropping

# Pillow filter and reducing_gap per purpose (both anti-alias when shrinking). "lanczos": pictures the
# student looks at, sharp; reducing_gap=3 lets Pillow box-reduce big photos first (fast, visually the
# same). "bilinear": model inputs, smooth and exact, as every training image from a zip was made.
_METHODS = {"lanczos": (Image.Resampling.LANCZOS, 3.0), "bilinear": (Image.Resampling.BILINEAR, None)}


def resize(image: np.ndarray, shape: tuple[int, int], *, method: str = "lanczos") -> np.ndarray:
    """``image`` resampled to ``shape`` = (height, width), anti-aliased when shrinking.

    Parameters
    ----------
    image : ndarray of shape (H, W) or (H, W, 3), uint8
    shape : (int, int)
        Height and width of the result.
    method : {"lanczos", "bilinear"}
        Sharp (for display) or smooth (for model inputs).

    Returns
    -------
    ndarray of shape (height, width[, 3]), uint8 (``image`` itself if it already has that shape)
    """
    _check_uint8_image(image)
    ok = isinstance(shape, tuple | list) and len(shape) == 2
    if not (ok and all(isinstance(s, int | np.integer) and s >= 1 for s in shape)):
        raise ValueError(f"shape must be two positive ints (height, width), got {shape!r}")
    if method not in _METHODS:
        raise ValueError(f"method must be one of {sorted(_METHODS)}, got {method!r}")
    if image.shape[:2] == tuple(shape):
        return image
    pil = Image.fromarray(np.ascontiguousarray(image))
    return np.asarray(_resample(pil, (int(shape[1]), int(shape[0])), method=method))


def _resample(im: Image.Image, size: tuple[int, int], *, method: str) -> Image.Image:
    """The one place pixels are resampled; ``size`` is Pillow's (width, height)."""
    resample, reducing_gap = _METHODS[method]
    return im.resize(size, resample, reducing_gap=reducing_gap)


def downscale(image: np.ndarray, *, max_side: int = WORKING_SIDE, method: str = "lanczos") -> np.ndarray:
    """Shrink ``image`` so its longest side is at most ``max_side`` (aspect kept; small images untouched).

    Parameters
    ----------
    image : ndarray of shape (H, W) or (H, W, 3), uint8
    max_side : int
    method : {"lanczos", "bilinear"}
        As for :func:`resize`.

    Returns
    -------
    ndarray of the same dtype, shape (H', W'[, 3]) with max(H', W') <= max_side
    """
    _check_uint8_image(image)
    if not isinstance(max_side, int) or max_side < 1:
        raise ValueError(f"max_side must be a positive int, got {max_side!r}")
    target = _working_size(image.shape[1], image.shape[0], max_side=max_side)
    if target is None:
        return image
    return resize(image, (target[1], target[0]), method=method)


def crop(image: np.ndarray, *, size: int, center: tuple[int, int] | None = None) -> tuple[np.ndarray, tuple[int, int]]:
    """A ``size``×``size`` patch around ``center`` (row, col), shifted to stay inside the image.

    Parameters
    ----------
    image : ndarray of shape (H, W) or (H, W, C)
    size : int
        Side of the patch (clipped to the image's sides).
    center : (int, int) or None
        Row and column the patch should be centred on; None: the middle of the image, so
        ``size=min(H, W)`` gives the largest centred square.

    Returns
    -------
    patch : ndarray of shape (h, w[, C]) with h = min(size, H), w = min(size, W)
    origin : (int, int)
        Row and column of the patch's top-left pixel in ``image``.
    """
    image = np.asarray(image)
    if image.ndim not in (2, 3):
        raise ValueError(f"image must have shape (H, W) or (H, W, C), got {image.shape}")
    if not isinstance(size, (int, np.integer)) or size < 1:
        raise ValueError(f"size must be a positive int, got {size!r}")
    height, width = image.shape[:2]
    h, w = min(size, height), min(size, width)
    if center is None:
        top, left = (height - h) // 2, (width - w) // 2
    else:
        top = int(np.clip(int(center[0]) - h // 2, 0, height - h))
        left = int(np.clip(int(center[1]) - w // 2, 0, width - w))
    return image[top : top + h, left : left + w], (top, left)


def to_grayscale(image: np.ndarray) -> np.ndarray:
    """Luma (ITU-R BT.601: 0.299 R + 0.587 G + 0.114 B) of an RGB image, as float32 in 0..255.

    Parameters
    ----------
    image : ndarray of shape (H, W, 3) or (H, W)

    Returns
    -------
    ndarray of shape (H, W), float32
    """
    image = np.asarray(image)
    if image.ndim == 2:
        return image.astype(np.float32)
    if image.ndim != 3 or image.shape[2] != 3:
        raise ValueError(f"image must have shape (H, W, 3) or (H, W), got {image.shape}")
    weights = np.array([0.299, 0.587, 0.114], dtype=np.float32)
    return image.astype(np.float32) @ weights  # (H, W, 3) @ (3,) -> (H, W)


def to_png_bytes(image: np.ndarray) -> bytes:
    """Encode a uint8 (H, W) or (H, W, 3) image as PNG bytes (for downloads)."""
    _check_uint8_image(image)
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG")
    return buffer.getvalue()


def _check_uint8_image(image: object) -> None:
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8:
        raise ValueError("image must be a uint8 ndarray")
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] not in (1, 3, 4)) or 0 in image.shape:
        raise ValueError(f"image must have shape (H, W) or (H, W, 3), got {image.shape}")
