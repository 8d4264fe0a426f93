"""The frontend's files from memory: an ASGI middleware in front of Streamlit's server.

A student's first visit fetches ~150 hashed JavaScript, CSS and font files (~5.7 MB). Streamlit serves each through
its whole middleware stack and a file response that reads in a thread: ~2 ms of server CPU a file, most of what a
class arriving costs. This middleware answers ``GET``/``HEAD`` of ``{prefix}/static/<file>`` from memory, with the
same immutable cache headers, gzipped when the browser accepts it; everything else (the page document, ``_stcore``,
media, uploads, the websocket) goes on to Streamlit unchanged.

Every file is read and gzipped once, when the middleware is built: Starlette builds it for the server's start-up
(the ASGI lifespan), before the first request is answered, so a request never compresses anything on the event loop
(Streamlit's frontend: 357 files, 25 MB, about 0.6 s of one core; the largest bundle alone took 0.12 s of the event
loop on its first request when files were gzipped on demand). Only files listed under ``root`` then can be served:
a path is looked up by exact name in that listing, never joined onto a directory, so no request reaches a file
outside it. Memory: the listing's bytes and their gzip (~32 MB for Streamlit's frontend).
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
import re
import time
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


def _headers(scope: Scope, name: bytes) -> bytes:
    """Every value of a list-valued header, joined with commas (a client may send it on several lines)."""
    return b",".join(value for key, value in scope.get("headers", ()) if key == name)


# RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ). More digits are tolerated.
_QVALUE = re.compile(rb"0(\.[0-9]*)?|1(\.0*)?")


def _weight(params: list[bytes]) -> float:
    """The ``q`` of one Accept-Encoding item's parameters: 1 when absent, and when malformed (never raises)."""
    for param in params:
        key, eq, value = param.partition(b"=")
        if eq and key.strip() == b"q":
            value = value.strip()
            return float(value) if _QVALUE.fullmatch(value) else 1.0
    return 1.0


def accepts_gzip(accept_encoding: bytes) -> bool:
    """Whether an ``Accept-Encoding`` value lets the response be gzipped (RFC 9110 §12.5.3).

    ``gzip`` (or its old alias ``x-gzip``) with a q above 0, else ``*`` with a q above 0; ``gzip;q=0`` refuses it even
    when ``*`` allows the rest. A q that is not a qvalue (``q=x``, ``q=2``, ``q=``) counts as absent (q=1): the
    client named the coding, and a malformed header must not fail the request. No header, or an empty one: no gzip
    (the file as it is, which every client accepts). The response also goes out unencoded when ``identity`` is
    explicitly preferred to gzip (``identity;q=1, gzip;q=0.5``).
    """
    named: dict[bytes, float] = {}
    for item in accept_encoding.lower().split(b","):
        coding, *params = item.split(b";")
        coding = coding.strip()
        if coding:
            named[coding] = max(named.get(coding, 0.0), _weight(params))
    q = named.get(b"gzip", named.get(b"x-gzip", named.get(b"*", 0.0)))
    return q > 0 and q >= named.get(b"identity", 0.0)


class StaticFiles:
    """ASGI middleware: ``StaticFiles(app, root=<Streamlit's static dir>, prefix="/static/")``.

    ``root`` holds ``index.html`` and the ``static/`` folder; ``prefix`` is the URL path files are served
    under (``"/<baseUrlPath>/static/"`` when the app lives below a base path). Every file is prepared here,
    once; ``prepare_seconds`` says how long that took.
    """

    def __init__(self, app: ASGIApp, *, root: str | os.PathLike, prefix: str = "/static/"):
        if not prefix.startswith("/") or not prefix.endswith("/"):
            raise ValueError(f"prefix must start and end with '/', got {prefix!r}")
        self.app = app
        self.prefix = prefix
        inner = Path(root) / prefix.strip("/").split("/")[-1]  # the files behind ".../static/"
        start = time.perf_counter()
        self.files = listing(inner) if inner.is_dir() else {}
        self._entries: dict[str, Entry] = {name: load(path) for name, path in self.files.items()}
        self.prepare_seconds = time.perf_counter() - start

    def entry(self, name: str) -> Entry | None:
        """The prepared file for a URL path below ``prefix``; None: not one of ours."""
        return self._entries.get(name)

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
        if found.gzipped is not None and accepts_gzip(_headers(scope, b"accept-encoding")):
            body = found.gzipped
            headers.append((b"content-encoding", b"gzip"))
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
