"""Rendering of the convolution page: input beside output, legend, histogram, pooling, downloads, PyTorch check."""

from __future__ import annotations

import html

import numpy as np
import streamlit as st

from core.conv import conv2d, torch_reference
from core.display import NEGATIVE_RGB, POSITIVE_RGB, ZERO_RGB, DisplayLegend, to_display
from core.images import to_png_bytes
from core.layer import ConvError
from core.pool import pool2d
from ui.common import a11y
from ui.common import charts as ch
from ui.common.i18n import t
from ui.convolution.params import Layer, Pool, display_size, fmt_number, kernel_json
from ui.convolution.steps import grid_html

_HEX = {
    name: "#{:02x}{:02x}{:02x}".format(*rgb)
    for name, rgb in (("neg", NEGATIVE_RGB), ("zero", ZERO_RGB), ("pos", POSITIVE_RGB))
}


@st.cache_data(max_entries=8, show_spinner=False)
def convolve(ident: str, _x: np.ndarray, kernel: tuple, layer: Layer) -> np.ndarray:
    """conv2d of the whole (working-size) input; cached on the input's identity and the settings."""
    return conv2d(_x, np.array(kernel, dtype=np.float32), **layer.kwargs())


def kernel_key(kernel: np.ndarray) -> tuple:
    return tuple(map(tuple, kernel.tolist()))


def as_picture(values: np.ndarray) -> np.ndarray:
    """(H, W) or (C, H, W) → (H, W) or (H, W, 3) for to_display."""
    return values if values.ndim == 2 else values.transpose(1, 2, 0)


def shape_text(values: np.ndarray) -> str:
    c = 1 if values.ndim == 2 else values.shape[0]
    return f"{c}×{values.shape[-2]}×{values.shape[-1]}"


def show_pair(
    x: np.ndarray, feature: np.ndarray, *, is_grid: bool, titles: tuple[str, str], left_is_map: bool = False
) -> tuple[np.ndarray, DisplayLegend]:
    """Input and feature map side by side at the same display width; returns the coloured map and its legend.

    With ``left_is_map`` the left array is itself a feature map: both are coloured on its scale.
    """
    if left_is_map:
        left_shown, left_legend = to_display(as_picture(x))
        shown, legend = to_display(as_picture(feature), vmax=left_legend.vmax, signed=left_legend.signed)
    else:
        left_shown = np.clip(np.rint(as_picture(x)), 0, 255).astype(np.uint8)
        shown, legend = to_display(as_picture(feature))
    left, right = st.columns(2)
    left.markdown(f"**{titles[0]}** · `{shape_text(x)}`")
    right.markdown(f"**{titles[1]}** · `{shape_text(feature)}`")
    if is_grid:
        left.markdown(grid_html(x, colours=left_shown if left_is_map else None), unsafe_allow_html=True)
        right.markdown(grid_html(feature, colours=shown), unsafe_allow_html=True)
    else:
        for col, values, picture, title in ((left, x, left_shown, titles[0]), (right, feature, shown, titles[1])):
            lo, hi = a11y.value_range(values)
            alt = t("convolution.alt.map", title=title, shape=shape_text(values), lo=lo, hi=hi)
            with col:  # JPEG: ~10× faster to encode than PNG; sent at display size (the alt text gives the real one)
                a11y.image(display_size(picture), alt=alt, width="stretch", fmt="JPEG")
    right.markdown(legend_html(legend), unsafe_allow_html=True)
    return shown, legend


def legend_html(legend: DisplayLegend) -> str:
    """A colour bar with its end values (blue–white–red when signed, black–white otherwise)."""
    if legend.kind == "diverging":
        colours = f"{_HEX['neg']}, {_HEX['zero']}, {_HEX['pos']}"
    else:
        colours = "#000000, #ffffff"
    low, high = fmt_number(legend.vmin), fmt_number(legend.vmax)
    bar = (
        f'<div style="flex:1;height:12px;border:1px solid #bbb;background:linear-gradient(to right, {colours})"></div>'
    )
    ends = "font-size:.75rem;font-variant-numeric:tabular-nums"
    row = f'<div style="display:flex;align-items:center;gap:.5em"><span style="{ends}">{low}</span>{bar}'
    row += f'<span style="{ends}">{high}</span></div>'
    caption = html.escape(t(f"convolution.legend.{legend.kind}"))
    return f'{row}<div style="font-size:.75rem;opacity:.8;text-align:center">{caption}</div>'


def _bin_counts(values: np.ndarray, *, bins: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Counts per equal-width bin, the negative values' counts, and the edges (bincount: faster than np.histogram)."""
    lo, hi = float(values.min()), float(values.max())
    if hi <= lo:  # a constant map: one bin around its value
        return np.array([values.size]), np.array([values.size if lo < 0 else 0]), np.array([lo - 0.5, lo + 0.5])
    index = np.minimum(((values - lo) * (bins / (hi - lo))).astype(np.intp), bins - 1)  # the maximum joins the last bin
    counts = np.bincount(index, minlength=bins)
    negatives = np.bincount(index[values < 0], minlength=bins)
    return counts, negatives, np.linspace(lo, hi, bins + 1)


def histogram(feature: np.ndarray, *, relu: bool, log: bool) -> dict:
    """Histogram of output values (binned in NumPy: a photo has a million of them); ``log`` for photos."""
    values = feature.ravel()
    counts, negatives, edges = _bin_counts(values, bins=40)
    signs = [t("convolution.hist.negative"), t("convolution.hist.positive")]
    rows = [
        {"from": float(lo), "to": float(hi), "count": int(c), "sign": signs[0] if 2 * n > c else signs[1]}
        for lo, hi, c, n in zip(edges[:-1], edges[1:], counts, negatives)
        if c > 0  # empty bins would draw as flat lines on the axis
    ]
    bars = {
        "mark": "rect",
        "encoding": {
            "x": ch.quant("from", t("convolution.hist.value")),
            "x2": {"field": "to"},
            "y": ch.quant(
                "count",
                t("convolution.hist.count_log" if log else "convolution.hist.count"),
                scale={"type": "symlog" if log else "linear"},
                axis={"tickMinStep": 1, "format": "~s"},  # counts are whole numbers
            ),
            "y2": {"datum": 0},  # bars grow from zero (x/x2 alone would make thin horizontal ticks)
            # the feature map's own colours (core.display), so the bars read like the picture above
            "color": ch.series("sign", signs, colors=[_HEX["neg"], _HEX["pos"]], legend_spec=ch.legend(orient="right")),
            "tooltip": [
                ch.tip("from", t("convolution.hist.from"), fmt=".3g"),
                ch.tip("to", t("convolution.hist.to"), fmt=".3g"),
                ch.tip("count", t("convolution.hist.count")),
            ],
        },
    }
    layers = [bars]
    if values.min() < 0 < values.max() or relu:
        zero = {"data": {"values": [{"x": 0.0}]}, "mark": {"type": "rule", "strokeDash": [4, 3], "color": "#555"}}
        layers.append({**zero, "encoding": {"x": {"field": "x", "type": "quantitative"}}})
    return ch.chart(rows, layer=layers, height=220)


def show_histogram(feature: np.ndarray, *, relu: bool, log: bool) -> None:
    values = feature.ravel()
    negative = int(np.count_nonzero(values < 0))
    summary = t(
        "convolution.desc.hist",
        n=f"{values.size:,}",
        lo=fmt_number(float(values.min())),
        hi=fmt_number(float(values.max())),
        neg=f"{negative:,}",
        pos=f"{values.size - negative:,}",
    )
    ch.show(histogram(feature, relu=relu, log=log), description=t("convolution.about.hist"), summary=summary)


def show_pooling(feature: np.ndarray, pool: Pool, *, is_grid: bool, weights: int) -> np.ndarray | None:
    """Pool the (activated) feature map; shapes before/after, channels kept, zero weights."""
    try:
        pooled = pool2d(feature, kernel_size=pool.kernel_size, stride=pool.stride, mode=pool.mode)
    except ConvError:  # the window is larger than the map
        st.warning(t("convolution.pool.too_big", k=pool.kernel_size, shape=shape_text(feature)))
        return None
    cols = st.columns(3)
    cols[0].metric(t("convolution.pool.shape"), shape_text(pooled), delta=None, help=t("convolution.pool.shape_help"))
    cols[1].metric(t("convolution.pool.channels"), pooled.shape[0] if pooled.ndim == 3 else 1)
    cols[2].metric(t("convolution.pool.weights"), 0, help=t("convolution.pool.weights_help", conv=weights))
    st.caption(t("convolution.pool.summary", before=shape_text(feature), after=shape_text(pooled)))
    titles = (t("convolution.pool.before"), t("convolution.pool.after"))
    show_pair(feature, pooled, is_grid=is_grid, titles=titles, left_is_map=True)
    return pooled


def downloads(display: np.ndarray, kernel: np.ndarray, *, layer: Layer, normalised: bool, preset: str) -> None:
    left, right = st.columns(2)
    left.download_button(
        t("convolution.download.png"),
        to_png_bytes(display),
        file_name="feature_map.png",
        mime="image/png",
        key="cv_dl_png",
        icon=":material/image:",
    )
    right.download_button(
        t("convolution.download.json"),
        kernel_json(kernel, layer=layer, normalised=normalised, preset=preset),
        file_name="kernel.json",
        mime="application/json",
        key="cv_dl_json",
        icon=":material/data_object:",
    )


def _request_torch() -> None:
    st.session_state["cv_torch_requested"] = True


def torch_check(x: np.ndarray, kernel: np.ndarray, layer: Layer, feature: np.ndarray, pool: Pool) -> None:
    """Run PyTorch (imported lazily by core) with the same settings; show the largest difference."""
    st.button(t("convolution.torch.button"), key="cv_torch", icon=":material/fact_check:", on_click=_request_torch)
    if not st.session_state.pop("cv_torch_requested", False):  # set by the click, used by this run only
        st.caption(t("convolution.torch.help"))
        return
    with st.spinner(t("convolution.torch.running")):
        w = kernel.astype(np.float32)
        ours = conv2d(x, w, **layer.kwargs())
        ref = torch_reference("conv2d", x, w, **layer.kwargs())
        conv_diff = float(np.abs(ours - ref).max())
        pool_opts = {"kernel_size": pool.kernel_size, "stride": pool.stride, "mode": pool.mode}
        try:
            pool_diff = float(
                np.abs(pool2d(feature, **pool_opts) - torch_reference("pool2d", feature, **pool_opts)).max()
            )
        except ConvError:  # the window is larger than the map (said above, under pooling)
            pool_diff = None
    st.success(t("convolution.torch.conv", diff=f"{conv_diff:.3g}", shape=shape_text(ours)))
    if pool_diff is not None:
        fn = "max_pool2d" if pool.mode == "max" else "avg_pool2d"
        st.success(t("convolution.torch.pool", diff=f"{pool_diff:.3g}", fn=fn))
