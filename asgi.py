"""ML Explorer for hosting: ``streamlit run asgi.py`` serves the same app (app.py) and answers the frontend's
files from memory, gzipped (serve/static.py), instead of through Streamlit's file handler: a student's first
visit costs the server a fraction of the CPU. ``streamlit run app.py`` stays the way to run it on a laptop."""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from streamlit import config, file_util

from serve.static import StaticFiles

_base = config.get_option("server.baseUrlPath").strip("/")
_prefix = f"/{_base}/static/" if _base else "/static/"
app = st.App(
    str(Path(__file__).with_name("app.py")),
    middleware=[Middleware(StaticFiles, root=file_util.get_static_dir(), prefix=_prefix)],
)
