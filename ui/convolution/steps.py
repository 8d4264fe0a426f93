"""Step-through of the convolution page: the kernel (or pooling window) walks a small grid, one cell at a time."""

from __future__ import annotations

import hashlib
import html

import numpy as np
import streamlit as st

from core.conv import conv2d, conv_steps
from core.display import to_display
from core.images import crop
from core.layer import ConvError, check_layer
from core.padding import pad2d
from core.pool import pool_steps
from ui.common import a11y
from ui.common.binding import Setting
from ui.common.i18n import t
from ui.convolution.params import Layer, Pool, display_size, fmt_number, layer_error_text

_CELL = "min-width:2.3em;height:2.1em;padding:0 .25em;text-align:center;font-size:.8rem;border:1px solid #c8c8c8;"
_PADDED = "background:repeating-linear-gradient(45deg,#ececec 0 4px,#dcdcdc 4px 8px);color:#444;font-style:italic;"
_WINDOW = "outline:2px solid #e69f00;outline-offset:-2px;font-weight:600;"
_WINNER = "box-shadow:inset 0 0 0 3px #d1495b;font-weight:700;"
_CURRENT = "outline:3px solid #e69f00;outline-offset:-3px;font-weight:700;"
CROP_SIZES = (5, 12)
LOCATOR_SIDE = 480  # the photo that shows where the piece is sits in two fifths of the page's width
_PICTURE_KEY = "cv_crop_picture"  # the picture the crop position belongs to

# Step positions (1-based): out-of-range values from a link are clamped by step_controls, which knows the count.
CONV_STEP = Setting("cv_step", 1)
POOL_STEP = Setting("cv_pstep", 1)
CROP = Setting("cv_crop", 8, valid=lambda v: CROP_SIZES[0] <= v <= CROP_SIZES[1])
CHANNEL = Setting("cv_chan", 0, options=(0, 1, 2))


def grid_html(
    values: np.ndarray,
    *,
    padded: np.ndarray | None = None,
    window: set[tuple[int, int]] | None = None,
    winner: tuple[int, int] | None = None,
    filled: np.ndarray | None = None,
    current: tuple[int, int] | None = None,
    colours: np.ndarray | None = None,
) -> str:
    """An HTML table of a small 2-D array with the step-through's highlights.

    ``padded`` (bool, same shape) draws padding cells hatched; ``window`` cells are highlighted and
    ``winner`` marks the max-pooling choice; ``filled`` (bool) hides cells not computed yet;
    ``current`` outlines the cell being filled; ``colours`` (H, W, 3) uint8 colours the cells.
    """
    values = np.asarray(values)
    if values.ndim == 3:
        values = values[0]
    rows = []
    for r in range(values.shape[0]):
        cells = []
        for c in range(values.shape[1]):
            if filled is not None and not filled[r, c]:
                cells.append(f'<td style="{_CELL}{_CURRENT if current == (r, c) else ""}"></td>')
                continue
            rgb = None if colours is None else colours[r, c]
            style = _CELL + _fill(rgb, padded is not None and padded[r, c], bool(window) and (r, c) in window)
            if window and (r, c) in window:
                style += _WINDOW
            if winner == (r, c):
                style += _WINNER
            if current == (r, c):
                style += _CURRENT
            cells.append(f'<td style="{style}">{html.escape(fmt_number(float(values[r, c])))}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table style="border-collapse:collapse;margin:.2em 0 .6em 0">' + "".join(rows) + "</table>"


def _fill(rgb, padded: bool, in_window: bool) -> str:
    """Background and ink of a cell: hatched padding, else its colour, else yellow inside the window."""
    if padded:
        return _PADDED
    if rgb is not None:
        ink = a11y.ink(rgb)  # black or white, whichever reads better (WCAG contrast, not a brightness guess)
        return f"background:rgb({rgb[0]},{rgb[1]},{rgb[2]});color:{ink};"
    return "background:#ffe9a8;color:#000;" if in_window else ""  # dark ink: the page's may be light (dark mode)


def step_controls(n: int, position: Setting) -> int:
    """Previous / next buttons and a slider over ``n`` positions; returns the 0-based position."""
    key = position.key
    if not 1 <= position.value <= n:
        st.session_state[key] = 1
    prev_col, next_col, slider_col = st.columns([1, 1, 5], vertical_alignment="bottom")
    prev_col.button(
        t("convolution.step.prev"), key=f"{key}_prev", on_click=_move, args=(key, -1, n), icon=":material/chevron_left:"
    )
    next_col.button(
        t("convolution.step.next"), key=f"{key}_next", on_click=_move, args=(key, 1, n), icon=":material/chevron_right:"
    )
    if n > 1:
        position.widget(slider_col.slider, t("convolution.step.position", n=n), 1, n)
    else:  # one position, no slider (a slider needs two different ends)
        position.publish()
    return int(st.session_state[key]) - 1


def _move(key: str, delta: int, n: int) -> None:
    st.session_state[key] = (st.session_state.get(key, 1) - 1 + delta) % n + 1  # wraps around


def crop_controls(x: np.ndarray, image: np.ndarray, colour: str) -> np.ndarray:
    """Pick a small crop of the photo to step through; returns it as (h, w) integers."""
    height, width = x.shape[-2:]
    left, right = st.columns([3, 2])
    size = CROP.widget(left.slider, t("convolution.crop.size"), *CROP_SIZES)
    # A different picture (another sample, an upload, or back) starts at its own centre; the first picture of a
    # session keeps a shared link's position. The sliders' ranges change with the picture, so Streamlit sees new
    # widgets: without an explicit value they would fall back to their minimum, row 0.
    picture = _fingerprint(image)
    moved = st.session_state.get(_PICTURE_KEY, picture) != picture
    st.session_state[_PICTURE_KEY] = picture
    centre = []
    for key, label, top in (
        ("cv_crow", "convolution.crop.row", height - 1),
        ("cv_ccol", "convolution.crop.col", width - 1),
    ):
        # declared here: the range (and the default, the centre) depend on the picture
        setting = Setting(key, top // 2, valid=lambda v, top=top: 0 <= v <= top)
        if moved or not 0 <= setting.value <= top:
            st.session_state[key] = top // 2
        if top > 0:  # a slider needs two different ends; a 1-pixel-tall picture has one row
            setting.widget(left.slider, t(label), 0, top)
        else:
            setting.publish()
        centre.append(st.session_state[key])
    channel = x
    if colour == "rgb":
        index = CHANNEL.widget(
            left.radio, t("convolution.crop.channel"), format_func="RGB".__getitem__, horizontal=True
        )
        channel = x[index]
    patch, (top, start) = crop(channel, center=tuple(centre), size=size)
    rows, cols = patch.shape
    alt = t(
        "convolution.alt.crop", h=image.shape[0], w=image.shape[1], r0=top, r1=top + rows - 1, c0=start,
        c1=start + cols - 1,
    )  # fmt: skip
    with right:
        boxed = _locator(picture, image, top, start, patch.shape)
        a11y.image(boxed, alt=alt, caption=t("convolution.crop.where"), width="stretch", fmt="JPEG")
    return np.rint(patch)


def _fingerprint(image: np.ndarray) -> tuple:
    """Identifies a picture's pixels (a few ms for a working-size photo)."""
    pixels = np.ascontiguousarray(image)
    return pixels.shape, hashlib.blake2b(pixels.data, digest_size=16).hexdigest()


@st.cache_resource(max_entries=32, show_spinner=False)
def _locator(picture: tuple, _image: np.ndarray, top: int, left: int, shape: tuple[int, int]) -> np.ndarray:
    """The photo with the piece's frame, at the narrow column's size (read-only, shared: a rerun that does not
    move the piece neither draws nor shrinks it again). ``picture``: the photo's fingerprint."""
    out = display_size(_boxed(_image, top, left, shape), LOCATOR_SIDE)
    out.flags.writeable = False
    return out


def frame_width(shape: tuple[int, ...]) -> int:
    """Pixels of one band of the crop's frame: the photo is shown shrunk to a column, the frame must stay visible."""
    return max(2, max(shape[:2]) // 110)


def _boxed(image: np.ndarray, top: int, left: int, shape: tuple[int, int]) -> np.ndarray:
    """The photo with a frame around the crop, drawn just outside it (the crop's pixels stay as they are).

    The frame is found on any photo without relying on colour: a black outer band, then a band of red and
    white diagonal stripes, then a black inner line.
    """
    out = image.copy()
    h, w = out.shape[:2]
    band = frame_width(out.shape)
    reach = 1 + 3 * band  # the frame's width in pixels
    bottom, right = top + shape[0], left + shape[1]
    r0, r1, c0, c1 = max(0, top - reach), min(h, bottom + reach), max(0, left - reach), min(w, right + reach)
    rows, cols = np.ogrid[r0:r1, c0:c1]
    # chessboard distance from the crop, 0 inside it
    dist = np.maximum(np.maximum(top - rows, rows - bottom + 1), np.maximum(left - cols, cols - right + 1))
    stripes = (dist > 1) & (dist <= 1 + 2 * band)
    light = ((rows + cols) // (2 * band)) % 2 == 0  # diagonal stripes
    window = out[r0:r1, c0:c1]  # a view: drawing here draws on ``out``
    window[(dist == 1) | ((dist > 1 + 2 * band) & (dist <= reach))] = (0, 0, 0)  # inner line, outer band
    window[stripes & light] = (255, 255, 255)
    window[stripes & ~light] = (230, 20, 20)
    return out


def conv_step_view(grid: np.ndarray, kernel: np.ndarray, layer: Layer, *, photo: bool) -> np.ndarray | None:
    """Walk the kernel over ``grid``; returns the grid's full feature map (None if the layer does not fit).

    With ``photo`` the input cells are painted with their grey level (0–255), a zoomed view of the crop.
    """
    try:
        pads, out_hw = check_layer(grid.shape, kernel.shape, **layer.kwargs())
    except ConvError as err:
        st.warning(layer_error_text(err))
        return None
    steps = conv_steps(grid, kernel, **layer.kwargs())
    i = step_controls(len(steps), CONV_STEP)
    step = steps[i]
    padded = pad2d(grid, pads, padding_mode=layer.padding_mode)
    mask = pad2d(np.zeros(grid.shape, bool), pads, padding_mode="zeros", value=True)
    totals = np.array([s.total for s in steps]).reshape(out_hw)
    filled = (np.arange(totals.size) <= i).reshape(out_hw)
    window = {(r, c) for r in step.rows for c in step.cols}
    left, right = st.columns([3, 2])
    left.markdown(t("convolution.step.input", top=pads[0], bottom=pads[1], left=pads[2], right=pads[3]))
    pixels = np.repeat(np.clip(padded, 0, 255).astype(np.uint8)[..., None], 3, axis=2) if photo else None
    left.markdown(grid_html(padded, padded=mask, window=window, colours=pixels), unsafe_allow_html=True)
    right.markdown(t("convolution.step.output", row=step.index[0] + 1, col=step.index[1] + 1))
    out_colours = to_display(totals)[0]  # same colour scale as the feature map above
    right.markdown(grid_html(totals, filled=filled, current=step.index, colours=out_colours), unsafe_allow_html=True)
    cols = st.columns(3)
    for col, title, values in zip(
        cols, ("window", "kernel", "products"), (step.window, kernel, step.products), strict=True
    ):
        col.markdown(t(f"convolution.step.{title}"))
        col.markdown(grid_html(values, padded=step.padded if title != "kernel" else None), unsafe_allow_html=True)
    st.markdown(_sum_text(step.window, kernel, step.total))
    return conv2d(grid, kernel, **layer.kwargs())


def _sum_text(window: np.ndarray, kernel: np.ndarray, total: float) -> str:
    if kernel.size <= 9:
        pairs = zip(window.ravel(), kernel.ravel(), strict=True)
        terms = " + ".join(f"{_signed(a)}·{_signed(b)}" for a, b in pairs)
        return t("convolution.step.sum_terms", terms=terms, total=fmt_number(total).replace("-", "−"))
    return t("convolution.step.sum", n=kernel.size, total=fmt_number(total))


def _signed(value: float) -> str:
    """A factor of a product: negatives in parentheses with a real minus sign, e.g. (−2)."""
    text = fmt_number(value)
    return f"(−{text[1:]})" if text.startswith("-") else text


def pool_step_view(feature: np.ndarray, pool: Pool) -> None:
    """Walk the pooling window over a small feature map."""
    try:
        steps = pool_steps(feature, kernel_size=pool.kernel_size, stride=pool.stride, mode=pool.mode)
    except ConvError:  # the window is larger than the map
        st.warning(t("convolution.pool.too_big", k=pool.kernel_size, shape=f"1×{feature.shape[0]}×{feature.shape[1]}"))
        return
    i = step_controls(len(steps), POOL_STEP)
    step = steps[i]
    out_hw = (steps[-1].index[0] + 1, steps[-1].index[1] + 1)
    values = np.array([s.value for s in steps]).reshape(out_hw)
    filled = (np.arange(values.size) <= i).reshape(out_hw)
    window = {(r, c) for r in step.rows for c in step.cols}
    winner = None if step.winner is None else (step.rows[step.winner[0]], step.cols[step.winner[1]])
    left, right = st.columns([3, 2])
    left.markdown(t("convolution.step.feature"))
    feature_colours, legend = to_display(feature)
    left.markdown(grid_html(feature, window=window, winner=winner, colours=feature_colours), unsafe_allow_html=True)
    right.markdown(t("convolution.step.output", row=step.index[0] + 1, col=step.index[1] + 1))
    out_colours = to_display(values, vmax=legend.vmax, signed=legend.signed)[0]
    right.markdown(grid_html(values, filled=filled, current=step.index, colours=out_colours), unsafe_allow_html=True)
    separator = ", " if pool.mode == "max" else " + "
    cells = separator.join(_signed(v) for v in step.window.ravel())
    key = "convolution.step.max" if pool.mode == "max" else "convolution.step.mean"
    st.markdown(t(key, cells=cells, n=step.window.size, value=fmt_number(step.value).replace("-", "−")))
