"""What the app's uploaders accept, said in the user's language.

Streamlit's uploader prints its own instructions ("Drag and drop file here", "Limit 10MB per file • PNG, ...")
in English only, whatever the page's language; each uploader gets this caption beside it. The numbers come
from one place each: the server's upload limit from the config (``server.maxUploadSize``), the pixel and
zip limits from ``core``.
"""

from __future__ import annotations

import streamlit as st

from core.images import FORMATS, MAX_PIXELS, WORKING_SIDE
from core.zipdata import MIN_IMAGES_PER_CLASS, ZipLimits
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
    )
