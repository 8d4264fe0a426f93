"""serve/static.py: the frontend's files from memory, byte for byte what is on disk, everything else passed on."""

from __future__ import annotations

import asyncio
import gzip
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

import serve.static
from serve.static import StaticFiles, accepts_gzip

JS = b"function f(x){return x*x}\n" * 400  # compressible, > MIN_GZIP_BYTES


@pytest.fixture
def root(tmp_path):
    (tmp_path / "index.html").write_text("<html></html>")
    (tmp_path / "static" / "js").mkdir(parents=True)
    (tmp_path / "static" / "js" / "index.abc.js").write_bytes(JS)
    (tmp_path / "static" / "media").mkdir()
    (tmp_path / "static" / "media" / "font.woff2").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "secret.txt").write_text("not served")
    return tmp_path


def call(app, path: str, *, method: str = "GET", headers: dict | list | None = None) -> tuple[int, dict, bytes, list]:
    """Run one HTTP request through ``app``: (status, headers, body, requests the inner app got).

    ``headers``: a dict, or a list of (name, value) pairs for a header sent on several lines."""
    passed = []

    async def inner(scope, receive, send):
        passed.append(scope["path"])
        await send({"type": "http.response.start", "status": 299, "headers": []})
        await send({"type": "http.response.body", "body": b"inner"})

    app.app = inner
    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    pairs = headers.items() if isinstance(headers, dict) else headers or []
    raw = [(k.lower().encode(), v if isinstance(v, bytes) else v.encode()) for k, v in pairs]
    scope = {"type": "http", "method": method, "path": path, "headers": raw}
    asyncio.run(app(scope, receive, send))
    start = sent[0]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body, passed


def test_serves_the_file_as_on_disk_with_immutable_caching(root):
    status, headers, body, passed = call(StaticFiles(None, root=root), "/static/js/index.abc.js")
    assert (status, body, passed) == (200, JS, [])
    assert headers["content-type"].startswith(("application/javascript", "text/javascript"))
    assert headers["cache-control"] == "public, immutable, max-age=31536000"
    assert headers["content-length"] == str(len(JS))


def test_gzip_when_accepted_and_it_unpacks_to_the_file(root):
    status, headers, body, _ = call(
        StaticFiles(None, root=root), "/static/js/index.abc.js", headers={"Accept-Encoding": "gzip, deflate, br"}
    )
    assert headers["content-encoding"] == "gzip" and headers["vary"] == "Accept-Encoding"
    assert gzip.decompress(body) == JS and len(body) < len(JS) // 5
    assert headers["content-length"] == str(len(body))


def test_no_gzip_for_incompressible_or_refused(root):
    app = StaticFiles(None, root=root)
    _, headers, body, _ = call(app, "/static/media/font.woff2", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in headers and body == bytes(range(256)) * 8
    _, headers, body, _ = call(app, "/static/js/index.abc.js", headers={"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in headers and body == JS


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("gzip", True),
        ("br, gzip;q=0.5", True),
        ("*", True),
        ("gzip;q=0", False),
        ("br", False),
        ("", False),
        # RFC 9110 §12.5.3: case, spaces, the x-gzip alias, an explicit gzip before "*", identity preferred
        ("GZIP ; Q=0.8", True),
        ("x-gzip", True),
        ("*;q=0", False),
        ("*;q=0, gzip", True),
        ("*, gzip;q=0", False),
        ("*;q=0.001", True),
        ("gzip;q=0.000", False),
        ("identity;q=0", False),  # identity refused, nothing else named: gzip was not offered either
        ("identity;q=0, gzip", True),
        ("identity;q=1, gzip;q=0.5", False),
        ("gzip, identity", True),
        ("br;q=1.0, gzip;q=0.9, *;q=0.1", True),
    ],
)
def test_accepts_gzip(value, expected):
    assert accepts_gzip(value.encode()) is expected


# A q that is not a qvalue counts as absent (q=1): the client named gzip. None of these may fail the request.
MALFORMED = ["gzip;q=x", "gzip;q=", "gzip;q=1e999x", "gzip;q=0.5;level=1", "gzip;q=2", "gzip;q=-1", "gzip;q=nan"]


@pytest.mark.parametrize("value", MALFORMED)
def test_a_malformed_q_counts_as_absent(value):
    assert accepts_gzip(value.encode()) is True


@pytest.mark.parametrize(
    "value", [*MALFORMED, "*;q=abc", ";;,;q=", ",,,", "q=0", "gzip;=;q", "gzip;;q=0;;", "\xff\xfe"]
)
def test_a_malformed_accept_encoding_is_answered_200(root, value):
    """It was a 500 for ``gzip;q=x``: float() of the q raised inside the middleware."""
    status, headers, body, passed = call(
        StaticFiles(None, root=root), "/static/js/index.abc.js", headers={"Accept-Encoding": value.encode("latin-1")}
    )
    assert status == 200 and passed == []
    assert (gzip.decompress(body) if headers.get("content-encoding") == "gzip" else body) == JS


_CODING = st.sampled_from(["gzip", "GZip", "x-gzip", "*", "identity", "br", "deflate", "", " gzip "])
# parameters: mostly "q=<anything of 0-9 . x - e and space>", some arbitrary ones
_PARAM = st.text(alphabet="q=0.19x-e ", max_size=8).map("q=".__add__) | st.text(alphabet="q=0.1xl;", max_size=6)
_ITEM = st.builds(lambda coding, params: ";".join([coding, *params]), _CODING, st.lists(_PARAM, max_size=3))
ACCEPT_ENCODING = st.lists(_ITEM, max_size=5).map(lambda items: ", ".join(items).encode()) | st.binary(max_size=60)


@given(ACCEPT_ENCODING)
def test_any_accept_encoding_gets_an_answer(value):
    """Never an exception, whatever the q values hold (the middleware's 500 came from one)."""
    assert accepts_gzip(value) in (True, False)


def test_accept_encoding_on_several_lines(root):
    headers = [("Accept-Encoding", "br"), ("Accept-Encoding", "gzip")]
    _, got, body, _ = call(StaticFiles(None, root=root), "/static/js/index.abc.js", headers=headers)
    assert got.get("content-encoding") == "gzip" and gzip.decompress(body) == JS


def test_head_has_headers_and_no_body(root):
    status, headers, body, _ = call(StaticFiles(None, root=root), "/static/js/index.abc.js", method="HEAD")
    assert (status, body) == (200, b"") and headers["content-length"] == str(len(JS))


def test_etag_revalidation_answers_304(root):
    app = StaticFiles(None, root=root)
    _, headers, _, _ = call(app, "/static/js/index.abc.js")
    status, _, body, _ = call(app, "/static/js/index.abc.js", headers={"If-None-Match": headers["etag"]})
    assert (status, body) == (304, b"")


@pytest.mark.parametrize(
    "path",
    [
        "/",  # the page document: Streamlit's (no-cache, its own headers)
        "/softmax",
        "/_stcore/health",
        "/static/js/missing.js",  # not a file of the frontend: Streamlit's 404 / fallback
        "/static/../secret.txt",  # never joined onto a directory
        "/static/../../etc/passwd",
        "/static/js/",
        "/media/abc.png",
    ],
)
def test_everything_else_goes_to_streamlit(root, path):
    status, _, body, passed = call(StaticFiles(None, root=root), path)
    assert (status, body, passed) == (299, b"inner", [path])


def test_ranges_and_other_methods_go_to_streamlit(root):
    app = StaticFiles(None, root=root)
    assert call(app, "/static/js/index.abc.js", headers={"Range": "bytes=0-9"})[3] == ["/static/js/index.abc.js"]
    assert call(app, "/static/js/index.abc.js", method="POST")[3] == ["/static/js/index.abc.js"]


def test_websocket_goes_to_streamlit(root):
    seen = []

    async def inner(scope, receive, send):
        seen.append(scope["type"])

    app = StaticFiles(inner, root=root)
    asyncio.run(app({"type": "websocket", "path": "/_stcore/stream", "headers": []}, None, None))
    assert seen == ["websocket"]


def test_a_base_path_prefix(root):
    app = StaticFiles(None, root=root, prefix="/class/static/")
    assert call(app, "/class/static/js/index.abc.js")[2] == JS
    assert call(app, "/static/js/index.abc.js")[3] == ["/static/js/index.abc.js"]


def test_files_are_read_when_the_middleware_is_built(root):
    app = StaticFiles(None, root=root)
    (root / "static" / "js" / "index.abc.js").write_bytes(b"changed")  # hashed names never change in place
    assert call(app, "/static/js/index.abc.js")[2] == JS
    assert app.prepare_seconds >= 0


def _no_compression_now(monkeypatch) -> list[str]:
    """From now on gzip.compress raises; the list records the threads that called it."""
    calls = []

    def refuse(*args, **kwargs):
        calls.append(threading.current_thread().name)
        raise AssertionError("gzip.compress during a request")

    monkeypatch.setattr(serve.static.gzip, "compress", refuse)
    return calls


def test_no_compression_during_a_request(root, monkeypatch):
    """Every file is gzipped when the middleware is built (the server's start-up), never on the event loop."""
    app = StaticFiles(None, root=root)
    calls = _no_compression_now(monkeypatch)
    for name in app.files:
        status, headers, body, _ = call(app, f"/static/{name}", headers={"Accept-Encoding": "gzip"})
        assert status == 200, name
    assert calls == []


@pytest.mark.parametrize("prefix", ["static/", "/static", ""])
def test_prefix_must_be_a_path(root, prefix):
    with pytest.raises(ValueError, match="prefix"):
        StaticFiles(None, root=root, prefix=prefix)


def test_streamlits_frontend_is_served_whole(tmp_path):
    """Every file below Streamlit's static/ folder is in the listing, and a real bundle comes back unchanged."""
    from streamlit import file_util

    root = file_util.get_static_dir()
    app = StaticFiles(None, root=root)
    js = sorted(name for name in app.files if name.startswith("js/") and name.endswith(".js"))
    assert len(js) > 100
    status, headers, body, _ = call(app, f"/static/{js[0]}", headers={"Accept-Encoding": "gzip"})
    on_disk = app.files[js[0]].read_bytes()
    assert status == 200 and (gzip.decompress(body) if "content-encoding" in headers else body) == on_disk


def test_streamlits_largest_bundle_is_gzipped_before_its_first_request(monkeypatch):
    """The largest bundle (PlotlyChart, 4.7 MB) took ~0.12 s of the event loop to gzip on its first request."""
    from streamlit import file_util

    app = StaticFiles(None, root=file_util.get_static_dir())
    largest = max(app.files, key=lambda name: app.files[name].stat().st_size)
    calls = _no_compression_now(monkeypatch)
    status, headers, body, _ = call(app, f"/static/{largest}", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert (status, headers.get("content-encoding"), calls) == (200, "gzip", [])
    assert gzip.decompress(body) == app.files[largest].read_bytes()
