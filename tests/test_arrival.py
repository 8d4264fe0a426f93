"""Serving a class: what a new student's arrival costs the server (bench/bench_arrival.py measures it).

The configuration keeps the costs that were found: no source-file watcher per session (``.streamlit/config.toml``),
the frontend's files from memory, gzipped (``asgi.py``, serve/static.py), and from HAProxy's cache
(``deploy/haproxy.cfg``).
"""

from __future__ import annotations

import gzip
import os
import re
import tomllib
import urllib.request
from pathlib import Path

import pytest

from tests.browser_utils import streamlit_server
from tests.deploy_utils import HAPROXY_CFG, ROOT, HAProxy, haproxy_path

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())


def test_no_file_watcher_per_session():
    """The watcher cost ~0.4 CPU-s per arriving session (each registered every module of the app)."""
    assert CONFIG["server"].get("fileWatcherType") == "none"


def test_haproxy_config_caches_only_the_frontend_files():
    lines = [" ".join(x.split()) for x in HAPROXY_CFG.read_text().splitlines() if x.strip() and x.strip()[0] != "#"]
    assert "cache static" in lines
    assert "http-request set-var(txn.static) bool(true) if { path_beg /static/ }" in lines
    assert "http-request cache-use static if { var(txn.static) -m bool }" in lines
    assert "http-response cache-store static if { var(txn.static) -m bool }" in lines
    assert "compression algo gzip" in lines
    assert "process-vary on" in lines  # the replicas' "Vary: Accept-Encoding" would keep every file out of it


def _bundle(base: str) -> str:
    html, _ = _get(base + "/")
    return "/" + re.search(rb'src="\.?/?(static/js/index\.[^"]+\.js)"', html).group(1).decode()


def test_hosted_entry_serves_the_frontend_from_memory_gzipped():
    """``streamlit run asgi.py`` answers a bundle itself, gzipped, equal to the file; app.py leaves it to Streamlit."""
    from streamlit import file_util

    with streamlit_server(script="asgi.py") as base:
        bundle = _bundle(base)
        on_disk = (Path(file_util.get_static_dir()) / bundle.lstrip("/")).read_bytes()
        body, headers = _get(base + bundle)
        assert body == on_disk
        assert headers.get("content-encoding") == "gzip" and headers.get("vary") == "Accept-Encoding"
        assert headers.get("cache-control") == "public, immutable, max-age=31536000"
        page, page_headers = _get(base + "/softmax")
        assert b"<html" in page.lower() and "no-cache" in page_headers.get("cache-control", "")  # Streamlit's
    with streamlit_server(script="app.py") as base:
        body, headers = _get(base + bundle)
        assert body == on_disk and "content-encoding" not in headers  # Streamlit's handler: uncompressed


def _get(url: str) -> tuple[bytes, dict[str, str]]:
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(req, timeout=30) as r:
        body, headers = r.read(), {k.lower(): v for k, v in r.headers.items()}
    if headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    return body, headers


def test_frontend_files_come_from_haproxys_cache_gzipped():
    """Through deploy/haproxy.cfg a bundle reaches the replica once; the page itself always reaches it."""
    if haproxy_path() is None:
        if os.environ.get("CI"):
            pytest.fail("haproxy is not installed; .ci/run installs it with apt-get")
        pytest.skip("haproxy not found (apt-get install haproxy)")
    with streamlit_server() as base, HAProxy([base, base]) as proxy:
        bundle = _bundle(base)
        direct, _ = _get(base + bundle)
        for _ in range(3):
            body, headers = _get(proxy.url + bundle)
            assert body == direct
            assert headers.get("content-encoding") == "gzip"
        for _ in range(2):
            _get(proxy.url + "/softmax?lang=en")
        hits = [line for line in proxy.log_lines(bundle) if "<CACHE>" in line]
        assert len(proxy.log_lines(bundle)) == 3 and len(hits) == 2, proxy.log_lines(bundle)
        assert not [line for line in proxy.log_lines("/softmax") if "<CACHE>" in line], "the page is no-cache"
