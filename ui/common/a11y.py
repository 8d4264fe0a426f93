"""Pictures with a text alternative. ``st.image`` (Streamlit 1.67) writes ``<img>`` without ``alt``; these do not.

``image(pixels, alt=..., caption=...)`` draws one picture, ``images(...)`` a row of small ones, and
``strip(tiles)`` joins tiles into one picture, so a row of samples gets one ``alt`` ("8 handwritten 3s")
instead of eight. The pixels are encoded once per distinct content (PNG, or JPEG for photos) and sent
inline as a ``data:`` URI through ``st.html`` (sanitised by Streamlit, not iframed).
"""

from __future__ import annotations

import base64
import hashlib
import html
import io

import numpy as np
import streamlit as st
from PIL import Image

FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
Picture = np.ndarray | bytes


def number(value: float) -> str:
    """A value for an alt text: three significant digits, no exponent for everyday sizes."""
    return f"{value:.3g}"


def value_range(values: np.ndarray) -> tuple[str, str]:
    """The smallest and largest value, formatted for an alt text."""
    return number(float(np.min(values))), number(float(np.max(values)))


def luminance(rgb) -> float:
    """WCAG 2 relative luminance of an sRGB colour given as 0–255 values."""
    c = np.asarray(rgb, float)[:3] / 255
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(lin @ [0.2126, 0.7152, 0.0722])


def ink(rgb) -> str:
    """Black or white text on the background ``rgb``: whichever contrasts more (at least 4.58:1 on any colour)."""
    lum = luminance(rgb)
    return "#000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#fff"


def strip(tiles: list[np.ndarray], *, gap: int = 4) -> np.ndarray:
    """Equal-height uint8 tiles ((H, W) grey or (H, W, 3) RGB) side by side with transparent gaps → (H, W', 4)."""
    if not tiles:
        raise ValueError("strip needs at least one tile")
    rgba = []
    for tile in tiles:
        tile = np.asarray(tile)
        if tile.dtype != np.uint8 or tile.ndim not in (2, 3):
            raise ValueError(f"tiles must be (H, W) or (H, W, 3) uint8, got {tile.dtype} {tile.shape}")
        rgb = np.repeat(tile[..., None], 3, axis=2) if tile.ndim == 2 else tile
        rgba.append(np.concatenate([rgb, np.full(rgb.shape[:2] + (1,), 255, np.uint8)], axis=2))
    height = rgba[0].shape[0]
    if any(t.shape[0] != height for t in rgba):
        raise ValueError("strip needs tiles of equal height")
    space = np.zeros((height, gap, 4), np.uint8)  # alpha 0: the page's background shows through
    parts = [rgba[0]]
    for tile in rgba[1:]:
        parts += [space, tile]
    return np.concatenate(parts, axis=1)


def data_uri(picture: Picture, *, fmt: str = "PNG") -> str:
    """``data:image/...;base64,...`` for a uint8 array ((H, W), (H, W, 3) or (H, W, 4)) or an encoded file.

    Cached on a digest of the content (Streamlit's own hasher samples large arrays, which could confuse
    two feature maps of one shape): a rerun that shows the same pixels does not encode them again.
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {sorted(FORMATS)}, got {fmt!r}")
    if isinstance(picture, bytes):
        return _encode(hashlib.blake2b(picture, digest_size=16).hexdigest(), picture, fmt)
    pixels = np.ascontiguousarray(picture)
    if pixels.dtype != np.uint8 or not (pixels.ndim == 2 or (pixels.ndim == 3 and pixels.shape[2] in (3, 4))):
        raise ValueError(f"pixels must be (H, W), (H, W, 3) or (H, W, 4) uint8, got {pixels.dtype} {pixels.shape}")
    digest = hashlib.blake2b(pixels.tobytes(), digest_size=16)
    digest.update(str(pixels.shape).encode())
    return _encode(digest.hexdigest(), pixels, fmt)


@st.cache_data(max_entries=64, show_spinner=False)
def _encode(key: str, _picture: Picture, fmt: str) -> str:
    """Encode once per ``key`` (the content's digest, with the format): pure, so shared by all sessions."""
    if isinstance(_picture, bytes):
        with Image.open(io.BytesIO(_picture)) as im:
            mime = Image.MIME.get(im.format or "")
            if mime in FORMATS.values() or mime in ("image/gif", "image/webp"):
                return f"data:{mime};base64,{base64.b64encode(_picture).decode()}"
            image = im.convert("RGBA" if "A" in im.getbands() else "RGB")
    else:
        image = Image.fromarray(_picture)
    buf = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(buf, format="JPEG", quality=90)
    else:
        image.save(buf, format="PNG", compress_level=1)  # fast: these are small or once-per-content
    return f"data:{FORMATS[fmt]};base64,{base64.b64encode(buf.getvalue()).decode()}"


def figure_html(
    uri: str, *, alt: str, caption: str | None = None, width: int | str | None = None, pixelated: bool = False
) -> str:
    """One ``<figure>``: the picture with its ``alt`` and an optional caption, sized like ``st.image``."""
    if not alt.strip():
        raise ValueError("every picture needs a text alternative")
    if width == "stretch":
        size = "width:100%"
    elif width is None:
        size = "max-width:100%"
    else:
        size = f"width:{int(width)}px;max-width:100%"
    style = size + (";image-rendering:pixelated" if pixelated else "")
    box = "" if width in (None, "stretch") else f"width:{int(width)}px;max-width:100%;"
    out = f'<figure style="margin:0;{box}"><img src="{uri}" alt="{html.escape(alt)}" style="{style};display:block">'
    if caption:
        out += (
            '<figcaption style="font-size:.875rem;text-align:center;opacity:.8;margin-top:.25rem">'
            f"{html.escape(caption)}</figcaption>"
        )
    return out + "</figure>"


def image(
    picture: Picture,
    *,
    alt: str,
    caption: str | None = None,
    width: int | str | None = None,
    fmt: str = "PNG",
    pixelated: bool = False,
) -> None:
    """Draw one picture with its text alternative (in the page's language) where ``st.image`` would.

    ``width``: pixels, ``"stretch"`` (the column's width) or None (natural size, at most the column).
    ``fmt="JPEG"`` for photos (about ten times faster to encode than PNG); ``pixelated`` keeps tiny
    pictures sharp when the browser enlarges them.
    """
    st.html(figure_html(data_uri(picture, fmt=fmt), alt=alt, caption=caption, width=width, pixelated=pixelated))


def images(
    pictures: list[Picture],
    *,
    alts: list[str],
    captions: list[str] | None = None,
    width: int | None = None,
    pixelated: bool = False,
) -> None:
    """A wrapping row of small pictures, each with its own text alternative (and caption), in one element."""
    if len(alts) != len(pictures) or (captions is not None and len(captions) != len(pictures)):
        raise ValueError("one alt text (and caption, if any) per picture")
    figures = [
        figure_html(data_uri(p), alt=a, caption=None if captions is None else captions[i], width=width,
                    pixelated=pixelated)
        for i, (p, a) in enumerate(zip(pictures, alts, strict=True))
    ]  # fmt: skip
    st.html(f'<div style="display:flex;flex-wrap:wrap;gap:.5rem">{"".join(figures)}</div>')
