"""Where the server CPU of one arriving student goes: the frontend's files vs the websocket session.

Run: ``python bench/bench_arrival.py [--repeat 5] [--cores 2] [--proxy [--haproxy-cfg PATH]]
[--server-opt KEY=VALUE ...] [--script asgi.py|app.py]``. It starts its own ``streamlit run asgi.py`` (the app as
hosted; ``--script app.py``: as on a laptop) on at most ``--cores`` cores, talks only to 127.0.0.1, stops by
itself within a few minutes and asserts nothing. With ``--proxy`` the browser goes
through HAProxy started from ``deploy/haproxy.cfg`` (or ``--haproxy-cfg``; both replica addresses point at
the one server). ``--server-opt`` passes options to ``streamlit run`` to compare settings without editing
``.streamlit/config.toml``; the settings before issue 11:
``--server-opt server.fileWatcherType=auto --server-opt runner.postScriptGC=true``.

1. Each arrival recorded through the Chrome DevTools protocol: every HTTP response (URL, bytes on the wire,
   served from the browser's cache or not, Cache-Control, Content-Encoding) and the websocket's frames.
2. Server CPU (from /proc, every thread) per arrival, median of ``--repeat``: a **cold browser** (a new
   browser context: empty cache) and a **warm browser** (the same context again, a new tab); HAProxy's CPU
   beside it.
3. The **static part**: right after each arrival, its own plain GETs replayed with ``http.client`` on one
   kept-alive connection, and per kind of file. **Websocket / session** = arrival − its replay. One by one
   the files cost a little more than in the browser's parallel fetch, so "cold − warm" is printed too.
4. Other first pages (``/``, ``/entropy``) and ``?embed=true``, cold browser.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import http.client
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_classroom import SETTLED, Server  # noqa: E402

from bench import proctree  # noqa: E402
from tests.browser_utils import CHROMIUM_ARGS, chromium_path  # noqa: E402

DEADLINE_S = 900  # the whole benchmark stops after this, whatever is left


class Meter:
    """CPU seconds of the server (as bench_classroom counts it) and, when there is one, of HAProxy."""

    def __init__(self, server: Server, proxy=None):
        self.server, self.proxy_pid = server, (proxy.proc.pid if proxy is not None else None)

    def read(self) -> list[float]:
        return [self.server.cpu_s()] + ([proctree.cpu_s(self.proxy_pid)] if self.proxy_pid else [])

    def since(self, start: list[float]) -> tuple[float, float]:
        now = self.read()
        server = now[0] - start[0]
        proxy = now[1] - start[1] if len(now) > 1 else 0.0
        return server, proxy


# --------------------------------------------------------------------------- recording one arrival


def kind(url: str, mime: str) -> str:
    path = urllib.parse.urlsplit(url).path
    if "/_stcore/" in path:
        return "_stcore (health, host-config)"
    if path.endswith(".js") or "javascript" in mime:
        return "js bundles"
    if path.endswith(".css") or "css" in mime:
        return "css"
    if path.endswith((".woff", ".woff2", ".ttf")) or "font" in mime:
        return "fonts"
    if "html" in mime or "." not in path.rsplit("/", 1)[-1]:
        return "html document"
    return "other (images, manifest)"


async def record(ctx, url: str, meter: Meter) -> dict:
    """Open ``url`` in a new tab of ``ctx``; record its network traffic and the CPU it cost until it settled."""
    page = await ctx.new_page()
    cdp = await ctx.new_cdp_session(page)
    await cdp.send("Network.enable")
    responses: dict[str, dict] = {}
    cached: set[str] = set()
    frames = {"sent": [0, 0], "received": [0, 0]}  # count, bytes

    def on_response(ev):
        r = ev["response"]
        if not r["url"].startswith("http"):  # data: URLs inside the CSS
            return
        headers = {k.lower(): v for k, v in r.get("headers", {}).items()}
        responses[ev["requestId"]] = {
            "url": r["url"],
            "status": r["status"],
            "mime": r.get("mimeType", ""),
            "kind": kind(r["url"], r.get("mimeType", "")),
            "disk_cache": bool(r.get("fromDiskCache")),
            "memory_cache": False,
            "cache_control": headers.get("cache-control", ""),
            "encoding": headers.get("content-encoding", ""),
            "bytes": 0,
        }

    def on_finished(ev):
        if ev["requestId"] in responses:
            responses[ev["requestId"]]["bytes"] = int(ev.get("encodedDataLength", 0))

    def on_frame(direction):
        def handler(ev):
            payload = ev["response"].get("payloadData", "")
            size = len(base64.b64decode(payload)) if ev["response"].get("opcode") == 2 else len(payload.encode())
            frames[direction][0] += 1
            frames[direction][1] += size

        return handler

    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    cdp.on("Network.requestServedFromCache", lambda ev: cached.add(ev["requestId"]))
    cdp.on("Network.webSocketFrameSent", on_frame("sent"))
    cdp.on("Network.webSocketFrameReceived", on_frame("received"))
    c0 = meter.read()
    await page.goto(url, wait_until="domcontentloaded")
    await settle(page)
    cpu = meter.since(c0)
    for rid in cached:
        if rid in responses:
            responses[rid]["memory_cache"] = True
    await cdp.detach()
    return {"page": page, "responses": list(responses.values()), "frames": frames, "cpu": cpu}


async def settle(page) -> None:
    await page.wait_for_timeout(250)
    await page.wait_for_function(SETTLED, timeout=120_000)
    await page.wait_for_timeout(500)  # the last websocket messages, as bench_classroom does


def print_recording(title: str, rec: dict) -> None:
    rows = rec["responses"]
    print(f"\n{title}: {len(rows)} HTTP responses")
    by_kind: dict[str, list] = {}
    for r in rows:
        by_kind.setdefault(r["kind"], []).append(r)
    print(f"  {'kind':32} {'count':>5} {'from cache':>10} {'KB on wire':>10}  cache-control / encoding")
    for k, rs in sorted(by_kind.items(), key=lambda kv: -sum(r["bytes"] for r in kv[1])):
        from_cache = sum(r["disk_cache"] or r["memory_cache"] for r in rs)
        wire = sum(r["bytes"] for r in rs if not (r["disk_cache"] or r["memory_cache"])) / 1024
        cc = sorted({f"{r['cache_control'] or '-'} / {r['encoding'] or 'identity'}" for r in rs})
        print(f"  {k:32} {len(rs):5d} {from_cache:10d} {wire:10.0f}  {'; '.join(cc)[:90]}")
    fetched = [r for r in rows if not (r["disk_cache"] or r["memory_cache"])]
    if len(fetched) <= 12:
        print("  fetched from the server: " + ", ".join(urllib.parse.urlsplit(r["url"]).path for r in fetched))
    else:
        big = sorted(fetched, key=lambda r: -r["bytes"])[:4]
        print("  largest: " + ", ".join(f"{r['url'].rsplit('/', 1)[-1]} {r['bytes'] / 1024:.0f} KB" for r in big))
    (ns, bs), (nr, br) = rec["frames"]["sent"], rec["frames"]["received"]
    print(f"  websocket: {ns} frames sent ({bs / 1024:.1f} KB), {nr} received ({br / 1024:.1f} KB)")


# --------------------------------------------------------------------------- measuring


def replay(base: str, paths: list[str]) -> None:
    """GET every path on one kept-alive connection, as a browser would (it accepts gzip and br)."""
    netloc = urllib.parse.urlsplit(base).netloc
    conn = http.client.HTTPConnection(netloc, timeout=30)
    try:
        for path in paths:
            conn.request("GET", path, headers={"Accept-Encoding": "gzip, deflate, br", "Accept": "*/*"})
            resp = conn.getresponse()
            resp.read()
    finally:
        conn.close()


def static_paths(rec: dict, base: str, *, only_kind: str | None = None, uncached_only: bool = True) -> list[str]:
    out = []
    for r in rec["responses"]:
        if r["url"].startswith(base) and r["status"] < 400 and (only_kind is None or r["kind"] == only_kind):
            if uncached_only and (r["disk_cache"] or r["memory_cache"]):
                continue
            parts = urllib.parse.urlsplit(r["url"])
            out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def cpu_of(meter: Meter, fn) -> tuple[float, float]:
    c0 = meter.read()
    fn()
    return meter.since(c0)


async def cold_arrival(meter: Meter, browser, url: str) -> dict:
    """A new browser context (an empty cache) opens ``url``."""
    ctx = await browser.new_context()
    rec = await record(ctx, url, meter)
    await ctx.close()
    return rec


async def warm_arrival(meter: Meter, ctx, url: str) -> dict:
    """A new tab of a context that was here before (its cache holds the frontend's files)."""
    rec = await record(ctx, url, meter)
    await rec["page"].close()  # the session's websocket closes: the next tab is a new session
    return rec


def med(values) -> float:
    values = list(values)
    return statistics.median(values) if values else float("nan")


async def run(args) -> None:
    from playwright.async_api import async_playwright

    exe = chromium_path()
    if exe is None:
        raise SystemExit("Chromium not found (apt-get install chromium)")
    t_start = time.monotonic()
    server = Server(args.cores, args.server_opt, script=args.script)
    proxy = None
    res: dict[str, list[tuple[float, float, float]]] = {}
    per_kind: dict[str, tuple[int, float]] = {}
    variants: dict[str, float] = {}
    try:
        base = server.base
        if args.proxy:
            from tests.deploy_utils import HAProxy

            proxy = HAProxy([server.base, server.base])
            if args.haproxy_cfg:  # another config to compare with, e.g. the one before the cache
                proxy.cfg.write_text(Path(args.haproxy_cfg).read_text())
            proxy.start()
            base = proxy.url
        meter = Meter(server, proxy)
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
            warm = await browser.new_context()
            for path in ("", "softmax", "entropy", "activations"):  # imports, caches, the st.navigation switch
                page = await warm.new_page()
                await page.goto(f"{base}/{path}?lang=en", wait_until="domcontentloaded")
                await settle(page)
                await page.close()
            await warm.close()
            await asyncio.sleep(2)

            c0 = meter.read()
            await asyncio.sleep(3)
            idle = meter.since(c0)[0] / 3
            print(f"server idle: {idle * 1000:.0f} ms CPU per second (watchers, health checks, pings)")

            url = f"{base}/{args.page}?lang=en"
            ctx = await browser.new_context()
            await warm_arrival(meter, ctx, url)  # fills this context's cache for the warm arrivals
            first = None
            for which in ("cold", "warm"):
                for i in range(args.repeat):
                    rec = await (
                        cold_arrival(meter, browser, url) if which == "cold" else warm_arrival(meter, ctx, url)
                    )
                    if i == 0:
                        print_recording(f"{which} browser, {url}", rec)
                        first = first or rec
                    # the same GETs again, alone: what the files of this very arrival cost the server
                    static = cpu_of(meter, lambda r=rec: replay(base, static_paths(r, base)))
                    res.setdefault(which, []).append((rec["cpu"][0], static[0], rec["cpu"][1]))
            await ctx.close()
            for k in sorted({r["kind"] for r in first["responses"]}):
                paths = static_paths(first, base, only_kind=k)
                if paths:
                    per_kind[k] = (len(paths), med(cpu_of(meter, lambda p=paths: replay(base, p))[0] for _ in range(3)))

            for label, path in (("/", "?lang=en"), ("/entropy", "entropy?lang=en"), ("embed", "")):
                if time.monotonic() - t_start > DEADLINE_S:
                    break
                target = f"{url}&embed=true" if label == "embed" else f"{base}/{path}"
                variants[label] = med(
                    [(await cold_arrival(meter, browser, target))["cpu"][0] for _ in range(args.repeat)]
                )
            await browser.close()
    finally:
        if proxy is not None:
            proxy.close()
        server.stop()
    report(args, idle, res, per_kind, variants)


def report(args, idle, res, per_kind, variants) -> None:
    where = f"through HAProxy ({args.haproxy_cfg or 'deploy/haproxy.cfg'})" if args.proxy else "direct"
    print(
        f"\nserver CPU per arrival on /{args.page}, streamlit run {args.script}, {where}, median of {args.repeat}, "
        f"seconds (idle {idle:.3f} s/s)"
    )
    print(f"  {'browser':8} {'arrival':>8} {'static files':>13} {'websocket/session':>18} {'HAProxy':>8}")
    for which in ("cold", "warm"):
        rows = res[which]
        total, static, proxy = (med(r[i] for r in rows) for i in range(3))
        print(f"  {which:8} {total:8.3f} {static:13.3f} {med(r[0] - r[1] for r in rows):18.3f} {proxy:8.3f}")
    cold, warm = med(r[0] for r in res["cold"]), med(r[0] for r in res["warm"])
    print(f"  cold - warm (the files a browser's cache spares the server): {cold - warm:.3f} s")
    print("  static files of a cold arrival, by kind (replayed alone, median of 3):")
    for k, (count, cpu) in sorted(per_kind.items(), key=lambda kv: -kv[1][1]):
        print(f"    {k:32} {count:3d} files {cpu:7.3f} s")
    print("  cold arrival on other first pages:")
    for label, cpu in variants.items():
        print(f"    {label:12} {cpu:7.3f} s")
    for which, rows in res.items():
        print(f"  {which}, each (arrival, its files replayed): {[(round(a, 2), round(b, 2)) for a, b, _ in rows]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--page", default="softmax")
    ap.add_argument("--proxy", action="store_true", help="go through HAProxy with deploy/haproxy.cfg")
    ap.add_argument("--haproxy-cfg", metavar="PATH", help="with --proxy: this config instead of deploy/haproxy.cfg")
    ap.add_argument("--server-opt", action="append", default=[], metavar="KEY=VALUE")
    ap.add_argument("--script", default="asgi.py", help="asgi.py (as hosted) or app.py (as on a laptop)")
    args = ap.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(asyncio.wait_for(run(args), DEADLINE_S + 120))


if __name__ == "__main__":
    main()
