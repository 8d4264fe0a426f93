"""What the app's uploaders accept, said in the user's language.

Streamlit's uploader prints its own instructions ("Drag and drop file here", "Limit 10MB per file • PNG, ...")
in English only, whatever the page's language; each uploader gets this caption beside it. The numbers come
from one place each: the server's upload limit from the config (``server.maxUploadSize``), the pixel and
zip limits from ``core``.

The uploads themselves are decoded by :data:`UPLOADS` (``serve.decode.Uploads``): a big one in a training
worker, not in the server's one process; :func:`read_image` and :func:`read_zip` wrap it for a page, and
:func:`failure_text` says in the user's language why a worker gave no answer.
"""

from __future__ import annotations

import streamlit as st

from core.errors import CoreError
from core.images import FORMATS, MAX_PIXELS, MAX_WEBP_PIXELS, WORKING_SIDE, ImageError, LoadedImage
from core.zipdata import MIN_IMAGES_PER_CLASS, ZipLimits
from serve.decode import Uploads
from ui.common.i18n import t

FORMAT_NAMES = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WebP", "GIF": "GIF", "BMP": "BMP", "TIFF": "TIFF"}


def max_upload_mb() -> int:
    """The server's limit on one uploaded file, in MB (``server.maxUploadSize`` in .streamlit/config.toml)."""
    return int(st.get_option("server.maxUploadSize"))


def image_limits_text(*, shrunk: bool = True) -> str:
    """The caption of a picture uploader: accepted formats, the size and pixel limits (and the working size)."""
    text = t(
        "upload.image_limits",
        types=", ".join(FORMAT_NAMES.get(f, f) for f in FORMATS),
        mb=max_upload_mb(),
        mp=f"{MAX_PIXELS / 1e6:g}",
        webp_mp=f"{MAX_WEBP_PIXELS / 1e6:g}",
    )
    return f"{text} {t('upload.image_shrunk', side=WORKING_SIDE)}" if shrunk else text


def zip_limits_text() -> str:
    """The caption of the zip uploader: the file limit (the smaller of the server's and the reader's) and the
    reader's limits on classes and images."""
    limits = ZipLimits()
    mb = min(max_upload_mb(), limits.max_archive_bytes // 2**20)
    return t(
        "upload.zip_limits",
        mb=mb,
        classes=limits.max_classes,
        per_class=limits.max_images_per_class,
        total=limits.max_total_images,
        min=MIN_IMAGES_PER_CLASS,
        mp=f"{limits.max_image_pixels / 1e6:g}",
        webp_mp=f"{min(limits.max_image_pixels, MAX_WEBP_PIXELS) / 1e6:g}",
        total_mp=f"{limits.max_total_pixels / 1e6:g}",
    )


class _ServerPool:
    """The server's training workers (``ui.train.state.POOL``), imported on the first big upload: a page
    that only shows small pictures never loads the training code."""

    def call(self, fn, *args, **kwargs):
        from ui.train.state import POOL

        return POOL.call(fn, *args, **kwargs)


UPLOADS = Uploads(_ServerPool())  # one per server: results kept by content for every session
SLOT_KEY = "upload_decoding"  # the session's decode in flight (one at a time)
WAIT_S = 60.0  # the page waits this long for a worker's answer, then says so (the decode goes on)


def read_image(data: bytes, *, max_side: int | None, spinner: str) -> LoadedImage:
    """The upload decoded (in a worker if big), ``spinner`` shown meanwhile; raises ImageError or a
    worker's CoreError (see :func:`failure_text`)."""
    slot = st.session_state.setdefault(SLOT_KEY, {})
    with st.spinner(spinner):
        return UPLOADS.decoded_image(data, max_side=max_side, slot=slot, wait=WAIT_S)


def read_zip(data: bytes, *, size: int, channels: int, spinner: str):
    """The zip's dataset (decoded in a worker unless tiny); raises DatasetError or a worker's CoreError."""
    slot = st.session_state.setdefault(SLOT_KEY, {})
    with st.spinner(spinner):
        return UPLOADS.dataset(data, size=size, channels=channels, slot=slot, wait=WAIT_S)


def is_failure(err: CoreError) -> bool:
    """True for a worker that gave no answer (``lost``, ``failed``, ``timeout``) or a session already busy."""
    return not isinstance(err, ImageError) and err.code in ("lost", "failed", "timeout", "busy")


def failure_text(err: CoreError) -> str:
    """Why an upload got no answer, in the user's language (the student's earlier work is untouched)."""
    if err.code == "timeout":
        return t("upload.failure.timeout", seconds=f"{float(err.params.get('seconds', WAIT_S)):g}")
    return t(f"upload.failure.{err.code if err.code in ('lost', 'busy') else 'failed'}")
