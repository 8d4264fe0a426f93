"""Generate the bundled sample images (procedural, no downloads): ``python assets/samples/generate.py``.

Deterministic (fixed seeds), so re-running reproduces the committed files. Licence: CC0, see LICENSE.md.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
W, H = 640, 480


def shapes() -> Image.Image:
    """Checkerboard with circles, a triangle and thin lines: crisp edges in every direction."""
    yy, xx = np.mgrid[0:H, 0:W]
    board = ((yy // 40 + xx // 40) % 2).astype(np.uint8)
    pixels = np.where(board[..., None] == 1, np.uint8(200), np.uint8(70)).repeat(3, axis=2)
    im = Image.fromarray(pixels)
    draw = ImageDraw.Draw(im)
    draw.ellipse((60, 60, 260, 260), fill=(220, 40, 40), outline=(255, 255, 255), width=4)
    draw.ellipse((380, 200, 580, 400), fill=(40, 90, 220))
    draw.ellipse((300, 40, 380, 120), fill=(250, 210, 40))
    draw.polygon([(120, 440), (300, 300), (340, 460)], fill=(40, 170, 80))
    for k in range(6):
        draw.line((420 + 30 * k, 30, 620, 160 - 20 * k), fill=(255, 255, 255), width=1 + k % 3)
    return im


def gradient() -> Image.Image:
    """Colour gradients with text and outlined shapes: smooth areas next to sharp detail."""
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    u, v = xx / (W - 1), yy / (H - 1)
    r = 255 * u
    g = 255 * (1 - np.abs(2 * u - 1)) * (1 - 0.5 * v)
    b = 255 * (1 - u) * (0.4 + 0.6 * v)
    im = Image.fromarray(np.stack([r, g, b], axis=-1).round().astype(np.uint8))
    draw = ImageDraw.Draw(im)
    font = ImageFont.load_default(size=56)
    draw.text((40, 40), "Conv 3x3", font=font, fill=(255, 255, 255))
    draw.text((40, 120), "stride · padding", font=ImageFont.load_default(size=36), fill=(20, 20, 20))
    draw.rectangle((60, 230, 250, 420), outline=(255, 255, 255), width=6)
    draw.regular_polygon((460, 320, 110), n_sides=6, outline=(0, 0, 0), width=5, fill=(255, 255, 255))
    draw.line((300, 460, 620, 200), fill=(0, 0, 0), width=3)
    return im


def _ridge(rng: np.random.Generator, base: float, rough: float) -> np.ndarray:
    """A mountain skyline by midpoint displacement: one height per column."""
    n = 1024
    heights = np.zeros(n + 1)
    heights[[0, n]] = base + rng.normal(0, rough, 2)
    step, scale = n, rough
    while step > 1:
        half = step // 2
        mids = np.arange(half, n, step)
        heights[mids] = (heights[mids - half] + heights[mids + half]) / 2 + rng.normal(0, scale, mids.size)
        step, scale = half, scale * 0.55
    return np.interp(np.linspace(0, n, W), np.arange(n + 1), heights)


def landscape() -> Image.Image:
    """A synthetic 'photo': sky, sun, two mountain ranges, a lake with reflections, grain."""
    rng = np.random.default_rng(6)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    horizon = 330
    t = yy / horizon
    sky = np.stack([90 + 150 * t, 140 + 90 * t, 230 - 40 * t], axis=-1)
    sun = np.exp(-((xx - 470) ** 2 + (yy - 150) ** 2) / (2 * 45.0**2))[..., None]
    img = sky + sun * np.array([160, 120, 40]) + (((xx - 470) ** 2 + (yy - 150) ** 2) < 28**2)[..., None] * 255
    for base, rough, colour in ((220, 40, (95, 105, 140)), (280, 30, (45, 80, 55))):
        top = _ridge(rng, base, rough)
        mask = (yy >= top[None, :]) & (yy < horizon)
        shade = 1 - 0.35 * np.clip((yy - top[None, :]) / 80, 0, 1)
        img = np.where(mask[..., None], np.array(colour) * shade[..., None], img)
    upper = img[:horizon]
    lake = upper[::-1][: H - horizon] * np.array([0.55, 0.65, 0.8]) + np.array([10, 25, 45])
    ripple = 6 * np.sin(yy[horizon:] * 0.9 + 3 * np.sin(xx[horizon:] * 0.05))
    img[horizon:] = lake + ripple[..., None]
    img += rng.normal(0, 4, img.shape)  # sensor grain
    im = Image.fromarray(np.clip(img, 0, 255).round().astype(np.uint8))
    return im.filter(ImageFilter.GaussianBlur(0.6))


if __name__ == "__main__":
    shapes().save(HERE / "shapes.png", optimize=True)
    gradient().save(HERE / "gradient.png", optimize=True)
    landscape().save(HERE / "landscape.jpg", quality=90)
    print(sorted(p.name for p in HERE.iterdir()))
