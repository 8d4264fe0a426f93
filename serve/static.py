"""The frontend's files from memory: an ASGI middleware in front of Streamlit's server.

A student's first visit fetches ~150 hashed JavaScript, CSS and font files (~5.7 MB). Streamlit serves each through
its whole middleware stack and a file response that reads in a thread: ~2 ms of server CPU a file, most of what a
class arriving costs. This middleware answers ``GET``/``HEAD`` of ``{prefix}/static/<file>`` from memory, read once
per file, gzipped once when the browser accepts it, with the same immutable cache headers; everything else (the
page document, ``_stcore``, media, uploads, the websocket) goes on to Streamlit unchanged.

Only files listed under ``root`` when the middleware starts can be served: a path is looked up by exact name in that
listing, never joined onto a directory, so no request reaches a file outside it. Memory is bounded by what the
listing holds (Streamlit's frontend: ~26 MB, of which a visit reads ~6).
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[dict]], Callable[[dict], Awaitable[None]]], Awaitable[None]]

CACHE_CONTROL = b"public, immutable, max-age=31536000"  # what Streamlit sends for its hashed static files
COMPRESSIBLE = (".js", ".css", ".json", ".svg", ".map", ".txt", ".ttf", ".otf")
MIN_GZIP_BYTES = 1024  # smaller files gain nothing worth a header


@dataclass(frozen=True)
class Entry:
    """One file as sent: its bytes, gzipped bytes (None: not worth it) and headers common to both."""

    body: bytes
    gzipped: bytes | None
    content_type: bytes
    etag: bytes


def listing(root: str | os.PathLike) -> dict[str, Path]:
    """Every file below ``root`` by its path relative to it, as in a URL (``"js/index.abc.js"``)."""
    root = Path(root)
    out = {}
    for path in root.rglob("*"):
        if path.is_file():
            out[path.relative_to(root).as_posix()] = path
    return out


def load(path: Path) -> Entry:
    """Read and prepare one file (its gzip at level 6, as a web server's static gzip would)."""
    body = path.read_bytes()
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
        kind += "; charset=utf-8"
    gzipped = None
    if path.suffix in COMPRESSIBLE and len(body) >= MIN_GZIP_BYTES:
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        gzipped = packed if len(packed) < len(body) * 0.9 else None
    etag = b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
    return Entry(body, gzipped, kind.encode(), etag)


def _header(scope: Scope, name: bytes) -> bytes:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value
    return b""


def accepts_gzip(accept_encoding: bytes) -> bool:
    """Whether an ``Accept-Encoding`` value allows gzip (``gzip;q=0`` does not)."""
    for part in accept_encoding.lower().split(b","):
        name, _, params = part.strip().partition(b";")
        if name.strip() in (b"gzip", b"*"):
            q = params.strip()
            return not (q.startswith(b"q=") and float(q[2:] or b"1") == 0)
    return False


class StaticFiles:
    """ASGI middleware: ``StaticFiles(app, root=<Streamlit's static dir>, prefix="/static/")``.

    ``root`` holds ``index.html`` and the ``static/`` folder; ``prefix`` is the URL path files are served
    under (``"/<baseUrlPath>/static/"`` when the app lives below a base path).
    """

    def __init__(self, app: ASGIApp, *, root: str | os.PathLike, prefix: str = "/static/"):
        if not prefix.startswith("/") or not prefix.endswith("/"):
            raise ValueError(f"prefix must start and end with '/', got {prefix!r}")
        self.app = app
        self.prefix = prefix
        inner = Path(root) / prefix.strip("/").split("/")[-1]  # the files behind ".../static/"
        self.files = listing(inner) if inner.is_dir() else {}
        self._entries: dict[str, Entry] = {}

    def entry(self, name: str) -> Entry | None:
        """The prepared file for a URL path below ``prefix``, read on first use; None: not one of ours."""
        found = self._entries.get(name)
        if found is None and name in self.files:  # only the event loop's thread calls this: no lock needed
            found = self._entries[name] = load(self.files[name])
        return found

    async def __call__(self, scope: Scope, receive, send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope.get("method") not in ("GET", "HEAD")
            or not path.startswith(self.prefix)
            or _header(scope, b"range")
        ):
            await self.app(scope, receive, send)
            return
        found = self.entry(path[len(self.prefix) :])
        if found is None:  # not a file of the frontend: Streamlit answers (its 404 / SPA fallback)
            await self.app(scope, receive, send)
            return
        headers = [
            (b"content-type", found.content_type),
            (b"cache-control", CACHE_CONTROL),
            (b"etag", found.etag),
            (b"vary", b"Accept-Encoding"),
        ]
        if found.etag in _header(scope, b"if-none-match"):
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        body = found.body
        if found.gzipped is not None and accepts_gzip(_header(scope, b"accept-encoding")):
            body = found.gzipped
            headers.append((b"content-encoding", b"gzip"))
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
