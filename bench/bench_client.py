"""What one control move costs the student's browser: main-thread time per rerun, against Streamlit's floor.

Run: ``python bench/bench_client.py [--pages softmax,activations,...] [--moves 6] [--warmups 2]
[--throttle 1,4] [--json out.json] [--markdown out.md]``. It starts its own ``streamlit run asgi.py`` and
``streamlit run bench/floor_app.py`` (one slider and nothing else: Streamlit's floor) pinned to core 0, and Debian's
Chromium (driven by Playwright) on core 1, talks only to 127.0.0.1, stops by itself within a few minutes and
asserts nothing.

Per control (a slider found by its role and English accessible name, ``?lang=en``; entropy: the one-hot toggle),
``--warmups`` moves, then ``--moves`` measured ones (arrow keys, back and forth between the slider's ends; the
toggle: Space). One move, measured through the Chrome DevTools protocol:

- ``Performance.getMetrics`` TaskDuration (the page's main thread) read before the key press and again once the
  page stopped changing: the server's ``script_finished`` message arrived, Streamlit's running indicator is off
  (``data-test-script-state="notRunning"``) and a MutationObserver saw no DOM change for 300 ms. The quiet
  tail's own cost (the waiting loop's timers, measured on the idle page as ms per ms) is subtracted.
- The websocket messages the rerun sent (``Network.webSocketFrameReceived``, each a ForwardMsg, decoded with
  Streamlit's protobuf): how many, how many of them deltas, their bytes (uncompressed payloads), from the key
  press to ``script_finished``.

``--throttle 4``: ``Emulation.setCPUThrottlingRate`` rate 4, a school Chromebook. Printed per control and rate:
median and p90 of TaskDuration ms, its median as a multiple of the floor's median at the same rate (same run); the
CPU time Chromium spent (from /proc schedstat: the renderer's main thread, and every Chromium thread: compositor,
raster, GPU process); wall ms from the key press to the last DOM change; messages, deltas and KB per rerun.

TaskDuration is the time the main thread's tasks took, waits for a core included: on a machine busy with other
work it grows with the load (below, 2-4x the issue's figures, measured on a quieter machine). The main thread's
CPU ms does not: compare runs by it, and by the × floor columns.

``--app-dir DIR`` runs the app from another folder (e.g. an older commit: ``git archive <commit> | tar -x -C DIR``)
to measure a "before" with today's benchmark.

Baseline: the code before issue 21's changes (f00f948, ``--app-dir``), on the shared 2-core machine with a load
average of 10-14 from other work (so TaskDuration is inflated; the CPU columns are the ones to compare):

| control | CPU | main thread ms (TaskDuration) median | p90 | × floor | main thread CPU ms | × floor | all Chromium CPU ms | wall ms (key → last change) | deltas / rerun | messages | KB / rerun |
|---|---|---|---|---|---|---|---|---|---|---|---|
| floor | 1× | 134 | 190 | 1.0 | 23 | 1.0 | 45 | 176 | 1 | 4 | 0.6 |
| floor | 4× | 328 | 523 | 1.0 | 135 | 1.0 | 158 | 166 | 1 | 4 | 0.6 |
| softmax/temperature | 1× | 1791 | 2704 | 13.4 | 310 | 13.5 | 661 | 1905 | 111 | 118 | 62.5 |
| softmax/temperature | 4× | 8822 | 11858 | 26.9 | 1899 | 14.1 | 2416 | 8727 | 111 | 118 | 62.6 |
| softmax/logit | 1× | 1387 | 1941 | 10.4 | 323 | 14.1 | 559 | 1514 | 111 | 118 | 62.4 |
| softmax/logit | 4× | 6665 | 8296 | 20.3 | 1964 | 14.6 | 2492 | 6989 | 111 | 118 | 62.4 |
| activations/depth | 1× | 1484 | 1900 | 11.1 | 182 | 7.9 | 442 | 1612 | 71 | 82 | 24.9 |
| activations/depth | 4× | 5225 | 5967 | 15.9 | 1213 | 9.0 | 1768 | 5618 | 71 | 82 | 25.0 |
| convolution/sample | 1× | 953 | 1532 | 7.1 | 188 | 8.2 | 372 | 1086 | 138 | 150 | 52.3 |
| convolution/sample | 4× | 4476 | 5188 | 13.6 | 1412 | 10.5 | 2049 | 5371 | 138 | 150 | 52.3 |
| convolution/photo1024 | 1× | 961 | 1314 | 7.2 | 242 | 10.6 | 450 | 1124 | 138 | 150 | 69.4 |
| convolution/photo1024 | 4× | 4711 | 5105 | 14.4 | 1498 | 11.1 | 2101 | 5309 | 138 | 150 | 69.4 |
| entropy/table | 1× | 761 | 1091 | 5.7 | 153 | 6.7 | 307 | 843 | 64 | 70 | 37.0 |
| entropy/table | 4× | 3012 | 3838 | 9.2 | 948 | 7.0 | 1274 | 3300 | 64 | 70 | 37.0 |
| entropy/text | 1× | 703 | 814 | 5.2 | 144 | 6.3 | 298 | 811 | 66 | 74 | 36.8 |
| entropy/text | 4× | 3021 | 4795 | 9.2 | 990 | 7.3 | 1230 | 3008 | 66 | 74 | 36.8 |
| train/idle | 1× | 614 | 816 | 4.6 | 129 | 5.6 | 252 | 694 | 123 | 130 | 47.3 |
| train/idle | 4× | 2973 | 3911 | 9.1 | 1029 | 7.6 | 1579 | 3239 | 123 | 130 | 47.3 |
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_classroom import Server  # noqa: E402

from bench import proctree  # noqa: E402
from tests.browser_utils import CHROMIUM_ARGS, chromium_path, free_port  # noqa: E402
from ui.common.i18n import TEXT  # noqa: E402

DEADLINE_S = 1500  # the whole benchmark stops after this, whatever is left
QUIET_MS = 300  # no DOM change for this long: the page stopped changing
STEP_TIMEOUT_S = 90  # any one step (a load, a rerun) at 1× CPU; scaled by the throttle rate
VIEWPORT = {"width": 1400, "height": 1000}
# The floor app has no title: its slider says it is drawn.
SETTLED = (
    "() => document.querySelector('[data-test-script-state=\"notRunning\"]')"
    " && document.querySelector('h1, input[type=range]')"
)


def en(key: str, **params) -> str:
    return TEXT[key]["en"].format(**params)


@dataclass(frozen=True)
class Control:
    """One control to move: on ``path`` (of the floor app when ``floor``), by ``role`` and accessible ``name``."""

    name: str
    path: str
    label: str
    role: str = "slider"
    upload: bool = False  # /convolution: switch to "My image" and upload the 1024 px photo first
    floor: bool = False


def controls() -> list[Control]:
    first_class = en("softmax.default_names").split(",")[0]
    return [
        Control("floor", "?lang=en", "Value", floor=True),
        Control("softmax/temperature", "softmax?lang=en", en("softmax.temperature")),
        Control("softmax/logit", "softmax?lang=en", en("softmax.logit_label", name=first_class)),
        Control("activations/depth", "activations?lang=en", en("activations.flow.depth")),
        Control("convolution/sample", "convolution?lang=en", en("convolution.pool.stride")),
        Control("convolution/photo1024", "convolution?lang=en", en("convolution.pool.stride"), upload=True),
        Control("entropy/table", "entropy?lang=en&ent_mode=table", en("entropy.ce.onehot"), role="switch"),
        Control("entropy/text", "entropy?lang=en&ent_mode=text", en("entropy.ce.onehot"), role="switch"),
        Control("train/idle", "train?lang=en", en("train.hyper.epochs")),
    ]


# --------------------------------------------------------------------------- in the page

OBSERVE_JS = """() => {
  if (window.__bench) return;
  const b = (window.__bench = { last: performance.now(), count: 0 });
  new MutationObserver(() => { b.last = performance.now(); b.count++; })
    .observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
}"""

# Resolves once the page was quiet for ``quiet`` ms (after at least one change since ``count`` unless
# ``anyway``) with no script running; ``tail``: ms from the last change to now (the quiet tail).
QUIET_JS = """([count, quiet, timeout, anyway]) => new Promise((resolve) => {
  const b = window.__bench, start = performance.now();
  const tick = () => {
    const now = performance.now();
    const el = document.querySelector('[data-test-script-state]');
    const state = el ? el.getAttribute('data-test-script-state') : 'none';
    if ((anyway || b.count > count) && state === 'notRunning' && now - b.last >= quiet) {
      resolve({ ok: true, tail: now - Math.max(b.last, start), sinceLast: b.last, mutations: b.count - count });
    } else if (now - start > timeout) {
      resolve({ ok: false, tail: 0, state, mutations: b.count - count });
    } else {
      setTimeout(tick, 50);
    }
  };
  tick();
})"""

SLIDER_STATE_JS = "(el) => [Number(el.value), Number(el.min), Number(el.max)]"  # an <input type=range>


# --------------------------------------------------------------------------- the websocket


class Wire:
    """The websocket messages the page received (ForwardMsg), decoded: kind and size, in arrival order."""

    def __init__(self):
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._parse = ForwardMsg.FromString
        self.msgs: list[tuple[str, int]] = []
        self.finished = asyncio.Event()

    def on_frame(self, ev: dict) -> None:
        r = ev["response"]
        if r.get("opcode") != 2:
            return
        data = base64.b64decode(r.get("payloadData", ""))
        try:
            kind = self._parse(data).WhichOneof("type") or "?"
        except Exception:  # a frame that is no ForwardMsg still counts its bytes
            kind = "?"
        self.msgs.append((kind, len(data)))
        if kind == "script_finished":
            self.finished.set()

    def mark(self) -> int:
        self.finished.clear()
        return len(self.msgs)

    def since(self, mark: int) -> dict:
        """Messages from ``mark`` to the first script_finished after it (included)."""
        out = {"messages": 0, "deltas": 0, "bytes": 0}
        for kind, size in self.msgs[mark:]:
            out["messages"] += 1
            out["bytes"] += size
            out["deltas"] += kind == "delta"
            if kind == "script_finished":
                break
        return out


# --------------------------------------------------------------------------- Chromium's CPU, from /proc


def _chromium_threads() -> list[tuple[int, int, bool]]:
    """(pid, tid, is a renderer's main thread) of every thread of the Chromium processes this benchmark started."""
    out = []
    for pid in proctree.tree(os.getpid()):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()  # Chromium rewrites it: one string, spaces
            if b"chromium" not in cmdline.split(b" ", 1)[0].split(b"\0", 1)[0]:
                continue
            renderer = b"--type=renderer" in cmdline
            for task in Path(f"/proc/{pid}/task").iterdir():
                out.append((pid, int(task.name), renderer and int(task.name) == pid))
        except OSError:  # gone meanwhile
            continue
    return out


def chromium_cpu_ms() -> tuple[float, float]:
    """(CPU ms of the renderers' main threads, CPU ms of every Chromium thread), from the scheduler's ns counts.

    Time on a CPU, not the time a task took: other work on the browser's core does not inflate it. (Chromium's
    CPU throttling keeps the main thread busy while it holds it back, so this grows at ``--throttle 4`` too.)
    """
    main = total = 0
    for pid, tid, main_thread in _chromium_threads():
        try:
            ns = int(Path(f"/proc/{pid}/task/{tid}/schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue
        total += ns
        main += ns if main_thread else 0
    return main / 1e6, total / 1e6


# --------------------------------------------------------------------------- measuring one control


@dataclass
class Result:
    control: str
    rate: float
    busy_ms: list[float] = field(default_factory=list)  # TaskDuration of the page's main thread
    main_cpu_ms: list[float] = field(default_factory=list)  # CPU time of the renderers' main threads
    chromium_cpu_ms: list[float] = field(default_factory=list)  # CPU time of every Chromium thread
    wall_ms: list[float] = field(default_factory=list)
    wire: list[dict] = field(default_factory=list)
    idle_ms_per_s: float = 0.0
    error: str = ""


class AppServer(Server):
    """``streamlit run asgi.py`` on core 0, from ``app_dir`` (default: this checkout)."""

    def __init__(self, app_dir: Path | None):
        if app_dir is None:
            super().__init__(1, script="asgi.py")
            return
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "streamlit", "run", "asgi.py", "--server.port", str(self.port)]
        cmd += ["--server.address", "127.0.0.1", "--server.headless", "true"]
        if (os.cpu_count() or 1) > 1:
            cmd = ["taskset", "-c", "0", *cmd]
        self.log = tempfile.TemporaryFile()
        env = {**os.environ, "PYTHONPATH": str(app_dir)}
        self.proc = subprocess.Popen(cmd, cwd=app_dir, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(self.base + "/_stcore/health", timeout=2):
                    return
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    self.log.seek(0)
                    text = self.log.read().decode(errors="replace")
                    self.stop()
                    raise SystemExit("streamlit did not start:\n" + text) from None
                time.sleep(0.3)


def photo_1024(path: Path) -> tuple[int, int]:
    """scikit-learn's china.jpg (640×427) scaled up to 1024 px wide, as a JPEG; returns (height, width)."""
    from PIL import Image
    from sklearn.datasets import load_sample_image

    img = Image.fromarray(load_sample_image("china.jpg"))
    w, h = 1024, round(1024 * img.height / img.width)
    img.resize((w, h), Image.BICUBIC).save(path, "JPEG", quality=90)
    return h, w


async def task_ms(cdp) -> float:
    metrics = await cdp.send("Performance.getMetrics")
    return 1000 * next(m["value"] for m in metrics["metrics"] if m["name"] == "TaskDuration")


async def settle(page, timeout_s: float) -> None:
    await page.wait_for_timeout(300)
    await page.wait_for_function(SETTLED, timeout=timeout_s * 1000, polling=100)


async def quiet(page, count: int, timeout_s: float, *, anyway: bool = False) -> dict:
    return await page.evaluate(QUIET_JS, [count, QUIET_MS, timeout_s * 1000, anyway])


async def upload_photo(page, photo: Path, shape: tuple[int, int], timeout_s: float) -> None:
    await page.get_by_text(en("convolution.input.upload"), exact=True).click(timeout=timeout_s * 1000)
    await settle(page, timeout_s)
    files = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    await files.set_input_files(str(photo), timeout=timeout_s * 1000)
    h, w = shape
    await page.get_by_text(f"×{h}×{w}").first.wait_for(timeout=timeout_s * 1000)
    await settle(page, timeout_s)


class Mover:
    """Presses a key on the control: arrows back and forth between a slider's ends, Space on a switch."""

    def __init__(self, page, control: Control):
        self.page, self.control = page, control
        self.locator = page.get_by_role(control.role, name=control.label).first
        self.direction = "ArrowRight"

    async def focus(self, timeout_s: float) -> str:
        """Focus the control (it may have been redrawn); return the key that moves it."""
        await self.locator.focus(timeout=timeout_s * 1000)
        if self.control.role != "slider":
            return "Space"
        now, lo, hi = await self.locator.evaluate(SLIDER_STATE_JS)
        if now >= hi:
            self.direction = "ArrowLeft"
        elif now <= lo:
            self.direction = "ArrowRight"
        return self.direction


async def measure(ctx, base: str, control: Control, rates: list[float], args, photo) -> list[Result]:
    page = await ctx.new_page()
    cdp = await ctx.new_cdp_session(page)
    wire = Wire()
    cdp.on("Network.webSocketFrameReceived", wire.on_frame)
    await cdp.send("Network.enable")
    await cdp.send("Performance.enable")
    results = []
    try:
        step = STEP_TIMEOUT_S
        await page.goto(f"{base}/{control.path}", wait_until="domcontentloaded", timeout=step * 1000)
        await settle(page, step)
        if control.upload:
            await upload_photo(page, *photo, step)
        mover = Mover(page, control)
        await mover.locator.wait_for(timeout=step * 1000)
        await page.evaluate(OBSERVE_JS)
        for rate in rates:
            res = Result(control.name, rate)
            results.append(res)
            step = STEP_TIMEOUT_S * rate
            await cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
            # The waiting loop's own cost on the quiet page, ms of main thread per s.
            await quiet(page, 0, step, anyway=True)
            t0 = await task_ms(cdp)
            w0 = time.monotonic()
            await page.evaluate("(ms) => new Promise((r) => setTimeout(r, ms))", 50)  # one round trip
            await page.evaluate(QUIET_JS, [1 << 30, 1000, 1000, False])  # never quiet "after a change": 1 s
            res.idle_ms_per_s = (await task_ms(cdp) - t0) / (time.monotonic() - w0)
            for i in range(args.warmups + args.moves):
                key = await mover.focus(step)
                await quiet(page, 0, step, anyway=True)  # the focus may have changed the page
                count = await page.evaluate("() => window.__bench.count")
                mark = wire.mark()
                before = await task_ms(cdp)
                cpu_before = chromium_cpu_ms()
                pressed = await page.evaluate("() => performance.now()")
                await page.keyboard.press(key)
                await asyncio.wait_for(wire.finished.wait(), step)
                done = await quiet(page, count, step)
                if not done["ok"]:
                    raise TimeoutError(f"the page did not settle after move {i + 1}: {done}")
                after = await task_ms(cdp)
                cpu_after = chromium_cpu_ms()
                if i < args.warmups:
                    continue
                res.busy_ms.append(after - before - res.idle_ms_per_s * done["tail"] / 1000)
                res.main_cpu_ms.append(cpu_after[0] - cpu_before[0])
                res.chromium_cpu_ms.append(cpu_after[1] - cpu_before[1])
                res.wall_ms.append(done["sinceLast"] - pressed)
                res.wire.append(wire.since(mark))
        await cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(page.close(), 30)
    return results


# --------------------------------------------------------------------------- report


def p90(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=10, method="inclusive")[8]


def med(values) -> float:
    values = list(values)
    return statistics.median(values) if values else float("nan")


def table(results: list[Result]) -> str:
    def floor_of(attr: str) -> dict[float, float]:
        return {r.rate: med(getattr(r, attr)) for r in results if r.control == "floor" and getattr(r, attr)}

    floors = {attr: floor_of(attr) for attr in ("busy_ms", "main_cpu_ms")}

    def ratio(r: Result, attr: str) -> str:
        f = floors[attr].get(r.rate)
        return f"{med(getattr(r, attr)) / f:.1f}" if f else "–"

    rows = [
        "| control | CPU | main thread ms (TaskDuration) median | p90 | × floor | main thread CPU ms | × floor "
        "| all Chromium CPU ms | wall ms (key → last change) | deltas / rerun | messages | KB / rerun |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        if r.error or not r.busy_ms:
            error = " ".join(r.error.split()).replace("|", "/")[:100]
            rows.append(f"| {r.control} | {r.rate:g}× | failed: {error} | | | | | | | | | |")
            continue
        rows.append(
            f"| {r.control} | {r.rate:g}× | {med(r.busy_ms):.0f} | {p90(r.busy_ms):.0f} | {ratio(r, 'busy_ms')} "
            f"| {med(r.main_cpu_ms):.0f} | {ratio(r, 'main_cpu_ms')} | {med(r.chromium_cpu_ms):.0f} "
            f"| {med(r.wall_ms):.0f} | {med(w['deltas'] for w in r.wire):.0f} "
            f"| {med(w['messages'] for w in r.wire):.0f} | {med(w['bytes'] for w in r.wire) / 1024:.1f} |"
        )
    return "\n".join(rows)


# --------------------------------------------------------------------------- main


async def run(args, chosen: list[Control]) -> list[Result]:
    from playwright.async_api import async_playwright

    exe = chromium_path()
    if exe is None:
        raise SystemExit("Chromium not found (apt-get install chromium)")
    rates = [float(r) for r in args.throttle.split(",")]
    results: list[Result] = []
    servers: list[Server] = []
    tmp = tempfile.TemporaryDirectory()
    try:
        # The servers on core 0; this process, Playwright's driver and the browser (they inherit it) on core 1.
        servers.append(Server(1, script=str(ROOT / "bench" / "floor_app.py")))
        servers.append(AppServer(args.app_dir))
        floor_base, app_base = servers[0].base, servers[1].base
        if (os.cpu_count() or 1) > 1:
            os.sched_setaffinity(0, {1})
        photo = Path(tmp.name) / "china_1024.jpg"
        photo_shape = photo_1024(photo)
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
            try:
                for control in chosen:
                    ctx = await browser.new_context(viewport=VIEWPORT)
                    base = floor_base if control.floor else app_base
                    print(f"{control.name} ...", file=sys.stderr, flush=True)
                    try:
                        budget = STEP_TIMEOUT_S * max(rates) * (args.moves + args.warmups + 4)
                        got = await asyncio.wait_for(
                            measure(ctx, base, control, rates, args, (photo, photo_shape)), budget
                        )
                        results += got
                    except Exception as exc:  # one control failing must not lose the others
                        results.append(Result(control.name, 0, error=f"{type(exc).__name__}: {exc}"))
                        print(f"  failed: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
                    finally:
                        with contextlib.suppress(Exception):
                            await asyncio.wait_for(ctx.close(), 30)
            finally:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(browser.close(), 30)
    finally:
        for server in servers:
            server.stop()
        tmp.cleanup()
    return results


def _interrupted(*_) -> None:
    raise KeyboardInterrupt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    names = [c.name.split("/")[0] for c in controls() if not c.floor]
    ap.add_argument(
        "--pages",
        default="",
        help=f"comma-separated pages or page/control names (default: all of {sorted(set(names))})",
    )
    ap.add_argument("--moves", type=int, default=6, help="measured moves per control and CPU rate")
    ap.add_argument("--warmups", type=int, default=2, help="moves before those, not measured")
    ap.add_argument("--throttle", default="1,4", help="CPU throttling rates to run, comma-separated (1: none)")
    ap.add_argument(
        "--app-dir",
        type=Path,
        help="run the app from this folder instead of this checkout, e.g. an older commit's files: "
        "mkdir /tmp/old && git archive HEAD | tar -x -C /tmp/old",
    )
    ap.add_argument("--json", type=Path, help="write every measurement here as JSON")
    ap.add_argument("--markdown", type=Path, help="write the table here as markdown")
    args = ap.parse_args()
    wanted = [w.strip() for w in args.pages.split(",") if w.strip()]
    chosen = [c for c in controls() if c.floor or not wanted or c.name in wanted or c.name.split("/")[0] in wanted]
    signal.signal(signal.SIGTERM, _interrupted)  # stopped from outside: the servers and the browser still end
    started = time.monotonic()
    results = asyncio.run(asyncio.wait_for(run(args, chosen), DEADLINE_S))
    out = table(results)
    print(out)
    print(f"\n({time.monotonic() - started:.0f} s; median of {args.moves} moves after {args.warmups} warm-ups)")
    if args.markdown:
        args.markdown.write_text(out + "\n")
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in results], indent=1))


if __name__ == "__main__":
    main()
