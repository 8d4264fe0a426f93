"""The heavy uploads of issue 22 (items 2 and 3), generated here: for tests/test_decode_bounds.py and
bench/bench_uploads.py. Every file is small on disk and large once decoded."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import numpy as np
from PIL import Image


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png_rows(width: int, height: int, *, depth: int, color: int, row) -> bytes:
    """A PNG written row by row: ``row(y)`` gives one row's bytes (unfiltered); IDAT compressed as it goes."""
    z = zlib.compressobj(9)
    parts = []
    for y in range(height):
        parts.append(z.compress(b"\x00" + row(y)))
    parts.append(z.flush())
    ihdr = struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", b"".join(parts)) + _chunk(b"IEND", b"")


def zero_png16_rgb(side: int = 6300) -> bytes:
    """The issue's file: an all-zero 16-bit RGB PNG of side × side (~230 KB for 6300)."""
    zero = bytes(side * 6)
    return png_rows(side, side, depth=16, color=2, row=lambda y: zero)


def gradient_png16_grey(width: int = 7300, height: int = 5475) -> bytes:
    """A 40 MP 16-bit grey PNG with real content (a few MB): 8×8 blocks of a gradient with a ripple, 0…65535."""
    blocks = np.arange(width, dtype=np.float64) // 8

    def row(y: int) -> bytes:
        values = (blocks * 8 + y) * (60000 / (width + height)) + 3000 * np.sin(blocks / 5.0 + y // 8) + 3000
        return np.clip(values, 0, 65535).astype(">u2").tobytes()

    return png_rows(width, height, depth=16, color=0, row=row)


def flat_png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    """A one-colour 8-bit RGB PNG (tiny on disk)."""
    line = bytes(colour) * width
    return png_rows(width, height, depth=8, color=2, row=lambda y: line)


def flat_zip(n: int = 20, *, width: int = 6000, height: int = 4000, classes: int = 2) -> bytes:
    """The issue's zip: ``n`` flat ``width`` × ``height`` PNGs (24 MP by default) in ``classes`` class folders."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        for i in range(n):
            colour = (10 * i % 256, 255 - 10 * i % 256, 128)
            zf.writestr(f"c{i % classes}/img{i:03d}.png", flat_png(width, height, colour))
    return buffer.getvalue()


def save(im: Image.Image, fmt: str, **kwargs) -> bytes:
    buffer = io.BytesIO()
    im.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()
