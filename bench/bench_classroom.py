"""A simulated class on one server: N real Chromium sessions at once, in two rounds.

Run: ``python bench/bench_classroom.py [--sessions 30] [--cores 2] [--roles train,upload,slider]
[--browsers idle|nice|normal] [--script asgi.py|app.py] [--proxy] [--move-timeout 120]``; the class of issue 22.8:
``--sessions 10 --cores 1 --roles slider,train,upload`` (4 slider students, 3 trainings, 3 uploads). It starts its own ``streamlit run asgi.py``
(pinned to at most ``--cores`` cores), talks only to 127.0.0.1, stops by itself and asserts nothing.

A third of the sessions train the default model on /train (pressing Start together, as when the teacher says
"everyone, now"), a third upload a 12 MP photo on /convolution and change the kernel size and the stride, a
third type a class name of their own and move softmax sliders (the first logit and the temperature, in turn) and an
activations slider; the first of them opens the softmax page with ``&sm_z=9,0,0`` (a model sure of class 1). Each
round the class arrives (staggered over a few seconds), works and leaves; the server is given
``disconnectedSessionTTL`` to drop the sessions before the next round.

A slider move is answered when the page's run with the new value has finished: the URL holds the value the
slider shows (the page writes its settings there at the end of every run) and no script runs. A move not answered
within ``--move-timeout`` (120 s) is counted, and printed: there must be none. (Waiting instead for the loss's
text to change waited for ever at z = 9, 0, 0, where a step of z1 leaves it at "0.0002": printed as the moves
"answered with the loss's 4 decimals unchanged".)

Printed: slider moves unanswered (must be 0), slider rerun latency p50/p95 under load vs idle, each training's
wall time vs a solo run, upload → feature map time, server CPU per arriving session, server RSS (base / peak / after each round),
exceptions seen, and whether any session saw another session's typed name. "Server" is the Streamlit process
and its training workers (serve.worker): CPU and RSS are summed over the process tree (bench/proctree.py).

On this 2-core machine the simulated browsers run on the server's cores, and drawing a page costs a browser
far more CPU than the server spends on it (a softmax slider move: 0.8–1.4 CPU-s in headless Chromium, ~0.05
in the server). So latencies are printed twice: as the simulated browser sees it (after its own renderer got its
turn) and as the server's part. A slider student's reruns are timed by bench/wsclock.py, a relay in front of
the server, from the browser's frame asking for a rerun to the server's "run finished" frame (the whole script's
or a fragment's); a training
from the Start click's frame to the frame saying "Finished", as the browser's network service timed them
(``Wire``). The browsers run at SCHED_IDLE (``--browsers``): only on CPU the server leaves, as if they were the
students' laptops; their network service at normal priority.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import proctree  # noqa: E402
from tests.browser_utils import CHROMIUM_ARGS, chromium_path, free_port  # noqa: E402

TTL_S = 10  # server.disconnectedSessionTTL for the benchmark: sessions of a round expire before the next
# Playwright polls a wait_for_function every animation frame by default: 60 frames a second of a page that
# is only waiting, in every simulated browser, was most of the browsers' CPU in a class (not what a student's
# browser does). Polling every 20 ms costs a fraction and blurs a latency by at most that.
POLL_MS = 20
SETTLED = "() => document.querySelector('[data-test-script-state=\"notRunning\"]') && document.querySelector('h1')"


# --------------------------------------------------------------------------- the server


class Server:
    """``streamlit run <script>`` on a free 127.0.0.1 port; ``options`` are extra "key=value" config options.

    ``script``: asgi.py (the app as hosted: the frontend's files from memory) or app.py (as on a laptop).
    """

    def __init__(self, cores: int, options: list[str] = (), *, script: str = "asgi.py"):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(self.port)]
        cmd += ["--server.address", "127.0.0.1", "--server.headless", "true"]
        cmd += ["--server.disconnectedSessionTTL", str(TTL_S)]
        for opt in options:
            key, _, value = opt.partition("=")
            cmd += [f"--{key}", value]
        n = os.cpu_count() or 1
        if n > cores:  # a share-link app gets at most this many cores
            cmd = ["taskset", "-c", ",".join(str(i) for i in range(cores)), *cmd]
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(self.base + "/_stcore/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    self.log.seek(0)
                    raise SystemExit("streamlit did not start:\n" + self.log.read().decode(errors="replace")) from None
                time.sleep(0.3)

    def cpu_s(self) -> float:
        """CPU seconds of the server and its training workers (serve.worker)."""
        return sum(proctree.tree_cpu_s(self.proc.pid))

    def rss_mb(self) -> float:
        """Resident memory of the server and its training workers."""
        return proctree.rss_mb(self.proc.pid)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def photo_12mp(path: Path) -> None:
    """A 4000×3000 JPEG with smooth structure (well under the 10 MB upload limit)."""
    import numpy as np
    from PIL import Image

    y, x = np.mgrid[0:3000, 0:4000].astype(np.float32)
    r = 128 + 100 * np.sin(x / 150) * np.cos(y / 210)
    g = 128 + 90 * np.sin((x + y) / 333)
    b = np.where((x // 500 + y // 500) % 2 == 0, 60, 200).astype(np.float32)
    img = np.stack([r, g, b], axis=-1).clip(0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, "JPEG", quality=85)
    path.write_bytes(buf.getvalue())


# --------------------------------------------------------------------------- what a student does


async def _settle(page, timeout_s: float = 300) -> None:
    await page.wait_for_timeout(250)
    await page.wait_for_function(SETTLED, timeout=timeout_s * 1000, polling=POLL_MS)


async def _count_exceptions(page) -> int:
    return await page.locator('[data-testid="stException"]').count()


class Wire:
    """When a page's websocket received a frame holding ``marker``, as the browser's network service timed it
    (Chrome DevTools protocol), measured from the first frame the page sent after ``mark()``.

    That time does not include the renderer's wait to draw the frame, only (for a busy page) its wait to take
    frames off the network service. For a training (seconds) it is close enough; reruns are timed outside the
    browser, by bench/wsclock.py.
    """

    def __init__(self, marker: bytes):
        self.marker = marker
        self.sent: list[float] = []
        self.marked: list[float] = []
        self.cdp = None

    @classmethod
    async def attach(cls, ctx, page, marker: bytes) -> Wire:
        wire = cls(marker)
        wire.cdp = cdp = await ctx.new_cdp_session(page)
        cdp.on("Network.webSocketFrameSent", lambda ev: wire.sent.append(ev["timestamp"]))
        cdp.on("Network.webSocketFrameReceived", wire._on_received)
        await cdp.send("Network.enable")
        return wire

    async def detach(self) -> None:
        with contextlib.suppress(Exception):  # the page may be gone already
            await asyncio.wait_for(self.cdp.detach(), 10)

    def _on_received(self, ev: dict) -> None:
        payload = ev["response"]["payloadData"]
        data = base64.b64decode(payload) if ev["response"]["opcode"] == 2 else payload.encode()
        if self.marker in data:
            self.marked.append(ev["timestamp"])

    def mark(self) -> tuple[int, int]:
        return len(self.sent), len(self.marked)

    async def span(self, mark: tuple[int, int], timeout_s: float = 30) -> tuple[float, float]:
        """(first frame sent after ``mark``, first frame since holding the marker), in the browser's clock (the
        same for all its pages); (nan, nan) if none came."""
        deadline = time.monotonic() + timeout_s  # the events may still be on their way from the browser
        while (len(self.sent) <= mark[0] or len(self.marked) <= mark[1]) and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        if len(self.sent) <= mark[0] or len(self.marked) <= mark[1]:
            return float("nan"), float("nan")
        return self.sent[mark[0]], self.marked[mark[1]]


async def trainer(ctx, base: str, out: dict, together: asyncio.Barrier | None = None) -> None:
    """Open /train, wait for the other trainers of the round (``together``: "everyone press Start now"), train."""
    page = await ctx.new_page()
    wire = await Wire.attach(ctx, page, marker=b"Finished ")
    await page.goto(f"{base}/train?lang=en", wait_until="domcontentloaded")
    await page.get_by_role("button", name="Start").first.wait_for(timeout=300_000)
    await _settle(page)
    if together is not None:
        with contextlib.suppress(asyncio.TimeoutError, asyncio.BrokenBarrierError):
            await asyncio.wait_for(together.wait(), 300)  # a trainer that never loads breaks it: go anyway
    t0, mark = time.monotonic(), wire.mark()
    await page.get_by_role("button", name="Start").first.click()
    await page.get_by_text("Finished ").first.wait_for(timeout=900_000)
    out.setdefault("train_s", []).append(time.monotonic() - t0)
    start, end = await wire.span(mark)
    out.setdefault("train_wire_s", []).append(end - start)
    out.setdefault("train_spans", []).append((start, end))
    await wire.detach()
    out["exceptions"] = out.get("exceptions", 0) + await _count_exceptions(page)


async def uploader(ctx, base: str, photo: Path, out: dict) -> None:
    page = await ctx.new_page()
    await page.goto(f"{base}/convolution?lang=en&cv_src=upload", wait_until="domcontentloaded")
    await page.locator('input[type="file"]').first.wait_for(state="attached", timeout=300_000)
    await _settle(page)
    t0 = time.monotonic()
    await page.locator('input[type="file"]').first.set_input_files(str(photo))
    await page.locator('img[alt^="Feature map"]').first.wait_for(timeout=300_000)  # the upload's feature map
    await _settle(page)
    out.setdefault("upload_s", []).append(time.monotonic() - t0)
    for label, value in (("Kernel size (k×k)", "5"), ("Stride", "2")):
        box = page.get_by_role("spinbutton", name=label).first
        await box.fill(value)
        await box.press("Enter")
        await _settle(page)
    out["exceptions"] = out.get("exceptions", 0) + await _count_exceptions(page)


# A move is answered when the run it asked for has finished: the page writes its settings to the URL at the end of
# every run (ui/softmax/state.py publish_settings), so the URL holds the value the slider shows, and no script runs.
# (Not "a number on the page changed": at z = 9, 0, 0 a move of z1 by 0.1 leaves the loss's four decimals as they
# were, and a probe waiting for them to change waited for ever.)
ANSWERED = """([param, index, want]) => {
    const raw = new URLSearchParams(location.search).get(param);
    return raw !== null && Math.abs(parseFloat(raw.split(",")[index]) - want) < 1e-9
        && document.querySelector('[data-test-script-state="notRunning"]') !== null;
}"""
# A slider student's sliders: (ARIA name, URL parameter, index of the value in it). The first logit (a copy of
# the page's value, set by the page on every run) and the temperature (a select_slider on a log scale).
SLIDERS = (("Logit of ", "sm_z", 0), ("Temperature T (log scale)", "sm_T", 0))
CONFIDENT = "&sm_z=9,0,0"  # the first slider student of a round: a model sure of class 1 (the loss barely moves)


async def _move(page, name: str, param: str, index: int, key: str, timeout_s: float) -> dict:
    """Press ``key`` on a slider; wait (at most ``timeout_s``) until the page's run with the new value is done.

    Returns what happened: the value the slider shows, whether the run came, how long it took in the browser,
    and whether the loss's text changed (the probe this benchmark used before: it did not for every move)."""
    slider = page.get_by_role("slider", name=name).first
    loss = page.locator('[data-testid="stMetricValue"]').first
    loss_before = await loss.inner_text()
    t0 = time.monotonic()
    await slider.focus()
    await slider.press(key)
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    shown = float(await slider.get_attribute("aria-valuetext"))
    move = {"slider": name.strip(), "key": key, "value": shown, "t0": t0}
    try:
        await page.wait_for_function(ANSWERED, arg=[param, index, shown], timeout=timeout_s * 1000, polling=POLL_MS)
        await _settle(page, timeout_s)
        move["answered"], move["s"] = True, time.monotonic() - t0
        move["loss_changed"] = await loss.inner_text() != loss_before
    except PlaywrightTimeout:
        move["answered"] = False
        move["url"] = page.url.split("?", 1)[-1]
        move["now_shown"] = await slider.get_attribute("aria-valuetext")
    return move


async def _slider_moves(page, token: str, moves: int, out: dict, timeout_s: float) -> None:
    """Move the sliders of ``SLIDERS`` in turn by keyboard, each one step right, left, right...; a move that is not
    answered within ``timeout_s`` is counted (``unanswered``), and the student goes on."""
    for i in range(moves):
        name, param, index = SLIDERS[i % len(SLIDERS)]
        key = "ArrowRight" if (i // len(SLIDERS)) % 2 == 0 else "ArrowLeft"
        move = await _move(page, name, param, index, key, timeout_s)
        out.setdefault("moves", []).append(move)
        if move["answered"]:
            out.setdefault("slider_s", []).append(move["s"])
        else:
            out.setdefault("unanswered", []).append({"session": token, **move})
            _log(f"{token}: a move of {name.strip()!r} to {move['value']:g} was not answered in {timeout_s:.0f} s")
        await page.wait_for_timeout(700)


async def slider_student(
    ctx, base: str, token: str, out: dict, *, moves: int = 6, query: str = "", timeout_s: float = 120
) -> None:
    page = await ctx.new_page()
    await page.goto(f"{base}/softmax?lang=en{query}", wait_until="domcontentloaded")
    await page.get_by_role("slider").nth(1).wait_for(timeout=300_000)
    await _settle(page)
    name = page.get_by_role("textbox", name="Name of class 1", exact=True)
    await name.fill(token)
    await name.press("Enter")
    await _settle(page)
    await _slider_moves(page, token, moves, out, timeout_s)
    text = await page.locator("body").inner_text()
    values = [await el.input_value() for el in await page.locator("input").all()]
    out.setdefault("seen", []).append((token, text + " ".join(values)))
    await page.goto(f"{base}/activations?lang=en", wait_until="domcontentloaded")
    await page.get_by_role("slider").first.wait_for(timeout=300_000)
    await _settle(page)
    slider = page.get_by_role("slider").first
    await slider.focus()
    await slider.press("ArrowRight")
    await _settle(page)
    out["exceptions"] = out.get("exceptions", 0) + await _count_exceptions(page)


# --------------------------------------------------------------------------- rounds


def _launcher(exe: str, priority: str) -> str:
    """A launcher running Chromium (and every process it starts) at ``priority``.

    In a real class the browsers run on the students' laptops, not on the server's cores. Here they share them:
    ``idle`` (SCHED_IDLE) lets them run only on CPU the server and its workers leave, the nearest this machine
    comes to other machines; ``nice`` runs them at nice 10; ``normal`` as the server.
    """
    if priority == "normal":
        return exe
    wrap = "chrt --idle 0" if priority == "idle" and shutil.which("chrt") else "nice -n 10"
    launcher = Path(tempfile.mkdtemp()) / "chromium-launcher"
    launcher.write_text(f'#!/bin/sh\nexec {wrap} "{exe}" "$@"\n')
    launcher.chmod(0o755)
    return str(launcher)


def _network_service_normal() -> int:
    """Put the browsers' network service (every thread) back at normal priority; how many threads were moved.

    It only moves bytes between sockets and renderers and timestamps websocket frames (``Wire``): at SCHED_IDLE
    behind 30 busy renderers it would read the server's answers late, and the server would look slow."""
    moved = 0
    for pid in proctree.tree(os.getpid()):
        try:
            if b"network.mojom.NetworkService" not in Path(f"/proc/{pid}/cmdline").read_bytes():
                continue
            for tid in os.listdir(f"/proc/{pid}/task"):
                os.sched_setscheduler(int(tid), os.SCHED_OTHER, os.sched_param(0))
                moved += 1
        except (OSError, PermissionError):
            continue
    return moved


class Clock:
    """bench/wsclock.py in front of ``target``: the slider students open the app through ``base``, and each of
    their reruns is timed there, from the browser's frame asking for it to the server's "script finished"."""

    def __init__(self, target: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = Path(tempfile.mkdtemp()) / "reruns.log"
        self.log.touch()
        target_port = target.rsplit(":", 1)[1]
        cmd = [sys.executable, str(ROOT / "bench" / "wsclock.py"), str(self.port), target_port, str(self.log)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, cwd=ROOT)
        if self.proc.stdout.readline().strip() != b"ready":
            raise SystemExit("bench/wsclock.py did not start")

    def reruns_s(self, since: float, until: float) -> list[float]:
        """Server time of every rerun asked for between ``since`` and ``until`` (time.monotonic())."""
        out = []
        for line in self.log.read_text().splitlines():
            _, start, end = line.split()
            if since <= float(start) <= until:
                out.append(float(end) - float(start))
        return out

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()


def _cpu_split(server: Server, proxy, clock: Clock) -> tuple[float, float, float, float]:
    """CPU seconds so far: the Streamlit process, its training workers, HAProxy, and everything else this
    benchmark started (the Chromium processes and Playwright's driver; not the rerun clock)."""
    main, workers = proctree.tree_cpu_s(server.proc.pid)
    haproxy = proctree.cpu_s(proxy.proc.pid) if proxy is not None and proxy.proc is not None else 0.0
    _, mine = proctree.tree_cpu_s(os.getpid())
    return main, workers, haproxy, mine - main - workers - haproxy - proctree.cpu_s(clock.proc.pid)


async def _watch_rss(server: Server, peak: list, stop: asyncio.Event) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], server.rss_mb())
        await asyncio.sleep(0.5)


async def run(args) -> None:
    from playwright.async_api import async_playwright

    exe = chromium_path()
    if exe is None:
        raise SystemExit("Chromium not found (apt-get install chromium)")
    exe = _launcher(exe, args.browsers)
    photo = Path(tempfile.mkdtemp()) / "photo_12mp.jpg"
    photo_12mp(photo)
    server = Server(args.cores, script=args.script)
    proxy = clock = None
    try:
        base = server.base
        if args.proxy:  # deploy/haproxy.cfg in front: its cache serves the frontend's files after the first browser
            from tests.deploy_utils import HAProxy

            proxy = HAProxy([server.base, server.base])
            proxy.start()
            base = proxy.url
        clock = Clock(base)
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
            warm = await browser.new_context()
            await (await warm.new_page()).goto(f"{base}/_stcore/health")  # the network service is up
            if args.browsers == "idle" and not _network_service_normal():
                _log("could not raise the browsers' network service: server round trips include its waits")
            for path in ("", "softmax", "activations", "convolution", "train"):  # imports, caches
                page = await warm.new_page()
                await page.goto(f"{base}/{path}?lang=en", wait_until="domcontentloaded")
                await _settle(page)
            await warm.close()
            rss_base = server.rss_mb()

            # arriving sessions, one at a time on an otherwise idle server
            arrive = []
            for _ in range(5):
                ctx = await browser.new_context()
                page = await ctx.new_page()
                cpu0 = server.cpu_s()
                await page.goto(f"{base}/softmax?lang=en", wait_until="domcontentloaded")
                await _settle(page)
                await page.wait_for_timeout(500)
                arrive.append(server.cpu_s() - cpu0)
                await ctx.close()

            idle: dict = {}
            ctx = await browser.new_context()
            t_idle = time.monotonic()
            await slider_student(ctx, clock.base, "solo0", idle, moves=8, timeout_s=args.move_timeout)
            idle["reruns_s"] = clock.reruns_s(t_idle, time.monotonic())
            await ctx.close()
            solo: dict = {}
            ctx = await browser.new_context()
            await trainer(ctx, base, solo)
            await ctx.close()

            _log("arrivals, the idle slider and the solo training measured")
            rounds = []
            roles = [args.roles[i % len(args.roles)] for i in range(args.sessions)]
            for r in range(args.rounds):
                out: dict = {}
                peak = [server.rss_mb()]
                stop = asyncio.Event()
                watcher = asyncio.create_task(_watch_rss(server, peak, stop))
                contexts, tasks, sliders = [], [], 0
                together = asyncio.Barrier(max(1, roles.count("train")))
                cpu0, t_round = _cpu_split(server, proxy, clock), time.monotonic()
                for i in range(args.sessions):
                    ctx = await browser.new_context(viewport={"width": 1300, "height": 900})
                    ctx.set_default_timeout(args.timeout * 1000)  # slow is a result; a 30 s default made it a failure
                    ctx.set_default_navigation_timeout(args.timeout * 1000)
                    contexts.append(ctx)
                    role = roles[i]
                    if role == "train":
                        job = trainer(ctx, base, out, together)
                    elif role == "upload":
                        job = uploader(ctx, base, photo, out)
                    else:
                        query = CONFIDENT if sliders == 0 else ""  # the first one: the session
                        job = slider_student(
                            ctx, clock.base, f"r{r}s{i}q", out, query=query, timeout_s=args.move_timeout
                        )
                        sliders += 1
                    tasks.append(asyncio.create_task(asyncio.wait_for(job, args.timeout)))
                    await asyncio.sleep(args.arrival / args.sessions)
                _log(f"round {r + 1}: {args.sessions} sessions arrived")
                results = await asyncio.gather(*tasks, return_exceptions=True)
                _log(f"round {r + 1}: every session done; the class leaves")
                out["cpu"] = [b - a for a, b in zip(cpu0, _cpu_split(server, proxy, clock))]
                out["reruns_s"] = clock.reruns_s(t_round, time.monotonic())
                out["failed"] = [repr(e)[:160] for e in results if isinstance(e, BaseException)]
                for ctx in contexts:  # the class leaves: every websocket closes
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(ctx.close(), 30)
                await asyncio.sleep(TTL_S + 20)  # the server drops the sessions, then collects them
                stop.set()
                await watcher
                out["rss_peak"], out["rss_after"] = peak[0], server.rss_mb()
                rounds.append(out)
            await browser.close()
    finally:
        if clock is not None:
            clock.stop()
        if proxy is not None:
            proxy.kill()
        server.stop()
    report(args, rss_base, arrive, idle, solo, rounds)


def _log(what: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {what}", file=sys.stderr, flush=True)


def most_at_once(spans: list[tuple[float, float]]) -> int:
    """The largest number of (start, end) spans that overlap at one moment."""
    events = sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans], key=lambda x: (x[0], x[1]))
    most = now = 0
    for _, step in events:
        now += step
        most = max(most, now)
    return most


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def report(args, rss_base, arrive, idle, solo, rounds) -> None:
    idle_s, idle_w = idle.get("slider_s", []), idle.get("reruns_s", [])
    solo_s = solo.get("train_s", [float("nan")])[0]
    solo_w = solo.get("train_wire_s", [float("nan")])[0]
    print(
        f"\nclass of {args.sessions} sessions on {args.cores} core(s), streamlit run {args.script}, {args.rounds} round(s), "
        f"browsers at priority {args.browsers}{', through HAProxy (deploy/haproxy.cfg)' if args.proxy else ''}"
    )
    print(f"server CPU per arriving session: {statistics.median(arrive):.3f} s (median of {len(arrive)})")
    print(
        f"slider rerun, idle: p50 {_pct(idle_s, 0.5):.2f} s, p95 {_pct(idle_s, 0.95):.2f} s in the browser; "
        f"on the server {_pct(idle_w, 0.5):.3f} s, p95 {_pct(idle_w, 0.95):.3f} s ({len(idle_w)} reruns)"
    )
    idle_lost = idle.get("unanswered", [])
    print(f"idle slider moves: {len(idle.get('moves', []))}, unanswered: {len(idle_lost)} (must be 0)")
    print(f"solo training (default digits run): {solo_s:.1f} s in the browser, {solo_w:.1f} s on the wire")
    print(f"RSS base {rss_base:.0f} MB")
    for r, out in enumerate(rounds, 1):
        sl, tr, up = out.get("slider_s", []), out.get("train_s", []), out.get("upload_s", [])
        sw, tw = out.get("reruns_s", []), out.get("train_wire_s", [])
        n_train = len(tr)
        print(f"round {r}:")
        print(
            f"  slider in the browser: p50 {_pct(sl, 0.5):.2f} s, p95 {_pct(sl, 0.95):.2f} s "
            f"(p95 / idle p95 = {_pct(sl, 0.95) / _pct(idle_s, 0.95):.1f}x)"
        )
        print(
            f"  slider students' reruns on the server ({len(sw)}): p50 {_pct(sw, 0.5):.3f} s, "
            f"p95 {_pct(sw, 0.95):.3f} s (p95 / idle p95 = {_pct(sw, 0.95) / _pct(idle_w, 0.95):.1f}x, limit 3x)"
        )
        if tr:
            k = most_at_once(out.get("train_spans", []))
            print(
                f"  {n_train} trainings started together, at most {k} at once (limit 1.5·{k} = {1.5 * k:.0f}x solo): "
                "in the browser "
                f"{min(tr):.0f}–{max(tr):.0f} s = up to {max(tr) / solo_s:.1f}x solo; on the wire "
                f"{min(tw):.0f}–{max(tw):.0f} s = up to {max(tw) / solo_w:.1f}x solo"
            )
        moves, lost = out.get("moves", []), out.get("unanswered", [])
        flat = sum(1 for m in moves if m["answered"] and not m["loss_changed"])
        print(
            f"  slider moves: {len(moves)}, unanswered within {args.move_timeout:.0f} s: {len(lost)} (must be 0); "
            f"answered with the loss's 4 decimals unchanged: {flat}"
        )
        for m in lost[:5]:
            print(f"    unanswered: {m['session']} {m['slider']!r} {m['key']} -> {m['value']:g}; URL then {m['url']}")
        print(f"  upload → feature map: p50 {_pct(up, 0.5):.1f} s, max {max(up, default=float('nan')):.1f} s")
        print(f"  RSS peak {out['rss_peak']:.0f} MB, after the round {out['rss_after']:.0f} MB")
        main, workers, haproxy, browsers = out["cpu"]
        print(
            f"  CPU-s in the round: Streamlit process {main:.0f}, training workers {workers:.0f}, HAProxy {haproxy:.0f},"
            f" the simulated students' browsers {browsers:.0f}"
        )
        leaks = [
            (own, other)
            for own, text in out.get("seen", [])
            for other, _ in out.get("seen", [])
            if other != own and other in text
        ]
        print(f"  exceptions on pages: {out.get('exceptions', 0)}; sessions that saw another's name: {len(leaks)}")
        if out["failed"]:
            print(f"  sessions that failed or timed out: {len(out['failed'])}: {out['failed'][:3]}")
    if len(rounds) > 1:
        print(f"RSS growth round 1 → round {len(rounds)}: {rounds[-1]['rss_after'] - rounds[0]['rss_after']:+.0f} MB")


def _roles(value: str) -> list[str]:
    roles = value.split(",")
    unknown = sorted(set(roles) - {"train", "upload", "slider"})
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown role(s) {', '.join(unknown)}: use train, upload, slider")
    return roles


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--arrival", type=float, default=8.0, help="seconds over which a round's sessions arrive")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds one session may take")
    ap.add_argument(
        "--move-timeout",
        type=float,
        default=120.0,
        help="seconds a slider move may wait for its run; a move not answered by then is counted as unanswered",
    )
    ap.add_argument("--proxy", action="store_true", help="through HAProxy with deploy/haproxy.cfg (cache, gzip)")
    ap.add_argument(
        "--roles",
        type=_roles,
        default=["train", "upload", "slider"],
        help="what the sessions do, in turn (default train,upload,slider; e.g. slider,slider,train)",
    )
    ap.add_argument("--script", default="asgi.py", help="asgi.py (as hosted) or app.py (as on a laptop)")
    ap.add_argument(
        "--browsers",
        choices=("idle", "nice", "normal"),
        default="idle",
        help="the simulated browsers' CPU priority: idle (SCHED_IDLE: only what the server leaves), nice 10, normal",
    )
    asyncio.run(run(ap.parse_args()))


if __name__ == "__main__":
    main()
