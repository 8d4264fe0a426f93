"""A simulated class on one server: N real Chromium sessions at once, in two rounds.

Run: ``python bench/bench_classroom.py [--sessions 30] [--cores 2]``. It starts its own ``streamlit run``
(pinned to at most ``--cores`` cores), talks only to 127.0.0.1, stops by itself and asserts nothing.

A third of the sessions train the default model on /train, a third upload a 12 MP photo on /convolution
and change the kernel size and the stride, a third move softmax and activations sliders and type a class
name of their own. Each round the class arrives (staggered over a few seconds), works and leaves; the
server is given ``disconnectedSessionTTL`` to drop the sessions before the next round.

Printed: slider rerun latency p50/p95 under load vs idle, each training's wall time vs a solo run,
upload → feature map time, server CPU per arriving session, server RSS (base / peak / after each round),
exceptions seen, and whether any session saw another session's typed name. "Server" is the Streamlit process
and its training workers (serve.worker): CPU and RSS are summed over the process tree (bench/proctree.py).

On this 2-core machine the browsers run on the server's cores; they run at ``--browser-nice`` (default 10) so
that, as in a real class where they are the students' laptops, they do not outrank the server.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
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
SETTLED = "() => document.querySelector('[data-test-script-state=\"notRunning\"]') && document.querySelector('h1')"


# --------------------------------------------------------------------------- the server


class Server:
    """``streamlit run app.py`` on a free 127.0.0.1 port; ``options`` are extra "key=value" config options."""

    def __init__(self, cores: int, options: list[str] = ()):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port)]
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
    await page.wait_for_function(SETTLED, timeout=timeout_s * 1000)


async def _count_exceptions(page) -> int:
    return await page.locator('[data-testid="stException"]').count()


async def trainer(ctx, base: str, out: dict) -> None:
    page = await ctx.new_page()
    await page.goto(f"{base}/train?lang=en", wait_until="domcontentloaded")
    await page.get_by_role("button", name="Start").first.wait_for(timeout=300_000)
    await _settle(page)
    t0 = time.monotonic()
    await page.get_by_role("button", name="Start").first.click()
    await page.get_by_text("Finished ").first.wait_for(timeout=900_000)
    out.setdefault("train_s", []).append(time.monotonic() - t0)
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


async def _slider_moves(page, slider, probe, moves: int, out: list) -> None:
    """Move a slider by keyboard and time until the value it drives is redrawn."""
    for i in range(moves):
        before = await probe.inner_text()
        t0 = time.monotonic()
        await slider.focus()
        await slider.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        await page.wait_for_function(
            "([el, old]) => el.innerText !== old", arg=[await probe.element_handle(), before], timeout=120_000
        )
        await _settle(page)
        out.append(time.monotonic() - t0)
        await page.wait_for_timeout(700)


async def slider_student(ctx, base: str, token: str, out: dict, *, moves: int = 6) -> None:
    page = await ctx.new_page()
    await page.goto(f"{base}/softmax?lang=en", wait_until="domcontentloaded")
    await page.get_by_role("slider").nth(1).wait_for(timeout=300_000)
    await _settle(page)
    name = page.get_by_role("textbox", name="Name of class 1", exact=True)
    await name.fill(token)
    await name.press("Enter")
    await _settle(page)
    probe = page.locator('[data-testid="stMetricValue"]').first  # the loss: moves with the first logit
    await _slider_moves(page, page.get_by_role("slider").nth(1), probe, moves, out.setdefault("slider_s", []))
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


def _niced(exe: str, nice: int) -> str:
    """A launcher running Chromium (and every process it starts) at ``nice``: in a real class the browsers run on
    the students' laptops, not on the server's cores; here they share them, and must not outrank the server."""
    if nice <= 0:
        return exe
    launcher = Path(tempfile.mkdtemp()) / "chromium-niced"
    launcher.write_text(f'#!/bin/sh\nexec nice -n {int(nice)} "{exe}" "$@"\n')
    launcher.chmod(0o755)
    return str(launcher)


def _cpu_split(server: Server, proxy) -> tuple[float, float, float, float]:
    """CPU seconds so far: the Streamlit process, its training workers, HAProxy, and everything else this
    benchmark started (the Chromium processes and Playwright's driver)."""
    main, workers = proctree.tree_cpu_s(server.proc.pid)
    haproxy = proctree.cpu_s(proxy.proc.pid) if proxy is not None and proxy.proc is not None else 0.0
    _, mine = proctree.tree_cpu_s(os.getpid())
    return main, workers, haproxy, mine - main - workers - haproxy


async def _watch_rss(server: Server, peak: list, stop: asyncio.Event) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], server.rss_mb())
        await asyncio.sleep(0.5)


async def run(args) -> None:
    from playwright.async_api import async_playwright

    exe = chromium_path()
    if exe is None:
        raise SystemExit("Chromium not found (apt-get install chromium)")
    exe = _niced(exe, args.browser_nice)
    photo = Path(tempfile.mkdtemp()) / "photo_12mp.jpg"
    photo_12mp(photo)
    server = Server(args.cores)
    proxy = None
    try:
        base = server.base
        if args.proxy:  # deploy/haproxy.cfg in front: its cache serves the frontend's files after the first browser
            from tests.deploy_utils import HAProxy

            proxy = HAProxy([server.base, server.base])
            proxy.start()
            base = proxy.url
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
            warm = await browser.new_context()
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
            await slider_student(ctx, base, "solo0", idle, moves=8)
            await ctx.close()
            solo: dict = {}
            ctx = await browser.new_context()
            await trainer(ctx, base, solo)
            await ctx.close()

            rounds = []
            for r in range(args.rounds):
                out: dict = {}
                peak = [server.rss_mb()]
                stop = asyncio.Event()
                watcher = asyncio.create_task(_watch_rss(server, peak, stop))
                contexts, tasks = [], []
                cpu0 = _cpu_split(server, proxy)
                for i in range(args.sessions):
                    ctx = await browser.new_context(viewport={"width": 1300, "height": 900})
                    ctx.set_default_timeout(args.timeout * 1000)  # slow is a result; a 30 s default made it a failure
                    ctx.set_default_navigation_timeout(args.timeout * 1000)
                    contexts.append(ctx)
                    role = i % 3
                    if role == 0:
                        job = trainer(ctx, base, out)
                    elif role == 1:
                        job = uploader(ctx, base, photo, out)
                    else:
                        job = slider_student(ctx, base, f"r{r}s{i}q", out)
                    tasks.append(asyncio.create_task(asyncio.wait_for(job, args.timeout)))
                    await asyncio.sleep(args.arrival / args.sessions)
                results = await asyncio.gather(*tasks, return_exceptions=True)
                out["cpu"] = [b - a for a, b in zip(cpu0, _cpu_split(server, proxy))]
                out["failed"] = [repr(e)[:160] for e in results if isinstance(e, BaseException)]
                for ctx in contexts:  # the class leaves: every websocket closes
                    await ctx.close()
                await asyncio.sleep(TTL_S + 20)  # the server drops the sessions, then collects them
                stop.set()
                await watcher
                out["rss_peak"], out["rss_after"] = peak[0], server.rss_mb()
                rounds.append(out)
            await browser.close()
    finally:
        if proxy is not None:
            proxy.kill()
        server.stop()
    report(args, rss_base, arrive, idle, solo, rounds)


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def report(args, rss_base, arrive, idle, solo, rounds) -> None:
    idle_s = idle.get("slider_s", [])
    solo_s = solo.get("train_s", [float("nan")])[0]
    print(
        f"\nclass of {args.sessions} sessions on {args.cores} core(s), {args.rounds} round(s), "
        f"browsers at nice {args.browser_nice}{', through HAProxy (deploy/haproxy.cfg)' if args.proxy else ''}"
    )
    print(f"server CPU per arriving session: {statistics.median(arrive):.3f} s (median of {len(arrive)})")
    print(f"slider rerun, idle: p50 {_pct(idle_s, 0.5):.2f} s, p95 {_pct(idle_s, 0.95):.2f} s")
    print(f"solo training (default digits run): {solo_s:.1f} s")
    print(f"RSS base {rss_base:.0f} MB")
    for r, out in enumerate(rounds, 1):
        sl, tr, up = out.get("slider_s", []), out.get("train_s", []), out.get("upload_s", [])
        n_train = len(tr)
        print(f"round {r}:")
        print(
            f"  slider p50 {_pct(sl, 0.5):.2f} s, p95 {_pct(sl, 0.95):.2f} s "
            f"(p95 / idle p95 = {_pct(sl, 0.95) / _pct(idle_s, 0.95):.1f}x)"
        )
        if tr:
            worst = max(tr) / solo_s
            print(
                f"  {n_train} trainings: wall {min(tr):.0f}–{max(tr):.0f} s = up to {worst:.1f}x solo "
                f"(limit 1.5·N = {1.5 * n_train:.0f}x)"
            )
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--arrival", type=float, default=8.0, help="seconds over which a round's sessions arrive")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds one session may take")
    ap.add_argument("--proxy", action="store_true", help="through HAProxy with deploy/haproxy.cfg (cache, gzip)")
    ap.add_argument(
        "--browser-nice", type=int, default=10, help="niceness of the Chromium processes (0: as the server)"
    )
    asyncio.run(run(ap.parse_args()))


if __name__ == "__main__":
    main()
