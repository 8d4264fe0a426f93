"""Input of the convolution page: a bundled sample, the student's upload, or the notes' tiny numeric grid."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import streamlit as st

from core.errors import CoreError
from core.images import WORKING_SIDE, ImageError, LoadedImage, load_image_info, to_grayscale
from ui.common.binding import Setting
from ui.common.i18n import t
from ui.common.safe import escape_md
from ui.common.uploads import failure_text, image_limits_text, is_failure, read_image
from ui.common.urlstate import parse_floats
from ui.convolution.controls import number_grid
from ui.convolution.params import MAX_GRID_VALUE, check_numbers

KINDS = ("sample", "upload", "grid")
SAMPLE_DIR = Path(__file__).resolve().parents[2] / "assets" / "samples"
SAMPLES = {"shapes": "shapes.png", "gradient": "gradient.png", "landscape": "landscape.jpg"}
UPLOAD_TYPES = ["png", "jpg", "jpeg", "webp", "gif", "bmp", "tif", "tiff"]
UPLOAD_KEY = "cv_upload_ok"  # (digest, file name, LoadedImage): the session's last good upload
# The notes' tiny examples: a 5×5 grid of small integers, and a 7×7 grid with a bright square.
GRIDS = {
    5: [[3, 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3], [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]],
    7: [[0] * 7, [0, 1, 1, 1, 1, 1, 0], [0, 1, 4, 4, 4, 1, 0], [0, 1, 4, 9, 4, 1, 0],
        [0, 1, 4, 4, 4, 1, 0], [0, 1, 1, 1, 1, 1, 0], [0] * 7],
}  # fmt: skip

SOURCE = Setting("cv_src", "sample", options=KINDS, labels="convolution.input.")
SAMPLE = Setting("cv_sample", "shapes", options=tuple(SAMPLES), labels="convolution.sample.")
GRID_SIZE = Setting("cv_gsize", 5, options=tuple(GRIDS))
GRID_VALUES = Setting("cv_g", (), parse=parse_floats)  # the grid row by row (a data_editor, see _grid)


@dataclass(frozen=True)
class Source:
    """What the page convolves: an RGB picture or a small grid of numbers."""

    kind: str  # "image" or "grid"
    ident: str  # identifies the pixels, for caching
    image: np.ndarray | None = None  # (H, W, 3) uint8
    grid: np.ndarray | None = None  # (H, W) float64

    def tensor(self, colour: str) -> np.ndarray:
        """The array fed to conv2d: (H, W) grey values or (3, H, W) colour channels, float32."""
        if self.kind == "grid":
            return self.grid.astype(np.float32)
        if colour == "rgb":
            return np.ascontiguousarray(self.image.transpose(2, 0, 1), dtype=np.float32)  # (3, H, W)
        return to_grayscale(self.image)  # (H, W)


@st.cache_data(max_entries=8, show_spinner=False)
def decode(data: bytes) -> LoadedImage:
    """A bundled sample, decoded once per server (small files: in this process)."""
    return load_image_info(data, max_side=WORKING_SIDE)


def source_controls() -> Source | None:
    """The input selector; returns None (after saying why) when there is nothing to convolve yet."""
    kind = SOURCE.widget(st.radio, t("convolution.input.label"), horizontal=True)
    if kind == "sample":
        return _sample()
    if kind == "upload":
        return _upload()
    return _grid()


def _sample() -> Source:
    name = SAMPLE.widget(st.selectbox, t("convolution.sample.label"))
    loaded = decode((SAMPLE_DIR / SAMPLES[name]).read_bytes())
    st.caption(t("convolution.sample.licence"))
    return Source("image", f"sample:{name}", image=loaded.image)


def _upload() -> Source | None:
    file = st.file_uploader(t("convolution.upload.label"), type=UPLOAD_TYPES, key="cv_upload")
    st.caption(image_limits_text())  # the uploader's own text is English only
    last = st.session_state.get(UPLOAD_KEY)
    if file is None:
        # Streamlit empties an uploader that a run does not draw (another page): the session keeps its last
        # good upload instead, one picture at working size, until it is replaced or forgotten.
        if last is None:
            st.info(t("convolution.upload.hint"))
            return None
        digest, name, loaded = last
        st.caption(t("convolution.upload.kept", name=escape_md(name)))
        st.button(t("convolution.upload.forget"), key="cv_upload_forget", on_click=_forget_upload)
    else:
        data = file.getvalue()
        digest = hashlib.sha1(data).hexdigest()
        try:  # a big picture is decoded in a worker, once per content (serve.decode)
            loaded = read_image(data, max_side=WORKING_SIDE, spinner=t("convolution.upload.reading"))
            st.session_state[UPLOAD_KEY] = (digest, file.name, loaded)
        except CoreError as exc:
            if not isinstance(exc, ImageError) and not is_failure(exc):
                raise
            st.error(image_error_text(exc) if isinstance(exc, ImageError) else failure_text(exc))
            if last is None:
                return None
            digest, name, loaded = last
            st.caption(t("convolution.upload.previous", name=escape_md(name)))
    for note in loaded.notes:
        st.info(t(f"convolution.note.{note.code}", **note.params), icon=":material/info:")
    return Source("image", f"upload:{digest}", image=loaded.image)


def _forget_upload() -> None:
    st.session_state.pop(UPLOAD_KEY, None)


def image_error_text(exc: ImageError) -> str:
    """The refusal in the user's language (English core message as a fallback detail)."""
    key = f"convolution.image_error.{exc.code}"
    try:
        return t(key, **exc.params)
    except (KeyError, IndexError, ValueError):
        return t("convolution.image_error.corrupt")


def _grid() -> Source:
    size = GRID_SIZE.widget(st.radio, t("convolution.grid.size"), format_func=lambda n: f"{n}×{n}", horizontal=True)
    # The numbers are a data_editor, not a Setting widget: its value is a list of edits, not the grid. Each size
    # keeps its grid (cv_gbase<size> starts the editor, cv_glast<size> is the last valid grid); GRID_VALUES
    # mirrors the grid shown into the URL.
    base_key, last_key = f"cv_gbase{size}", f"cv_glast{size}"
    if base_key not in st.session_state:
        st.session_state[base_key] = _grid_from_url(size)
    version = st.session_state.setdefault("cv_gver", 0)
    editor_key = f"cv_gedit{size}_{version}"
    if editor_key not in st.session_state and last_key in st.session_state:  # back from another page
        st.session_state[base_key] = st.session_state[last_key]
    st.caption(t("convolution.grid.help"))
    grid = number_grid(np.asarray(st.session_state[base_key], dtype=float), key=editor_key, fmt="%g")
    if check_numbers(grid, MAX_GRID_VALUE):
        st.session_state[last_key] = grid
    else:
        st.error(t("convolution.grid.invalid", limit=f"{MAX_GRID_VALUE:g}"))
        grid = st.session_state.get(last_key, np.array(st.session_state[base_key], dtype=float))
    st.button(t("convolution.grid.reset"), key="cv_greset", on_click=_reset_grid, args=(size,))
    st.session_state[GRID_VALUES.key] = [float(v) for v in grid.ravel()]
    GRID_VALUES.publish()
    return Source("grid", "grid:" + ",".join(f"{v:g}" for v in grid.ravel()), grid=grid)


def _grid_from_url(size: int) -> np.ndarray:
    """The grid of a shared link if it has ``size``×``size`` valid numbers, else the notes' grid."""
    grid = np.array(GRID_VALUES.value, dtype=float)
    if grid.size == size * size and check_numbers(grid, MAX_GRID_VALUE):
        return grid.reshape(size, size)
    return np.array(GRIDS[size], dtype=float)


def _reset_grid(size: int) -> None:
    st.session_state[f"cv_gbase{size}"] = np.array(GRIDS[size], dtype=float)
    st.session_state.pop(f"cv_glast{size}", None)
    st.session_state["cv_gver"] = st.session_state.get("cv_gver", 0) + 1
