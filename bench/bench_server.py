"""What one click costs the server: CPU per rerun and per first visit of every page, and a training run.

Run: ``python bench/bench_server.py`` (``make bench``). Prints tables; asserts nothing (machines here are noisy).

1. Rerun: each page opened in-process with AppTest, warmed up, then ``--reruns`` reruns; the median CPU
   (``time.process_time``, every thread of the process) of one rerun, in ms.
2. First visit on a warm server: a new session opening the page (the page's first run in that session).
3. A default digits run through the real page: a real ``streamlit run`` and headless Chromium click Start and
   wait for the end; the CPU (from /proc) of the server process and of its training workers (serve.worker) for
   the whole run is divided by the Trainer's own compute for the same run, measured in this process. 1.0 would
   mean drawing and shipping the run to a worker and back are free.
"""

from __future__ import annotations

import argparse
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
os.environ.setdefault("OMP_NUM_THREADS", "1")  # as the app's start-up does

from streamlit.testing.v1 import AppTest  # noqa: E402

from bench import proctree  # noqa: E402
from tests.browser_utils import CHROMIUM_ARGS, chromium_path, free_port  # noqa: E402

PAGES = {  # page -> (script, query)
    "home": ("pages/home.py", {}),
    "entropy": ("pages/entropy.py", {}),
    "activations": ("pages/activations.py", {}),
    "softmax": ("pages/softmax.py", {}),
    "convolution": ("pages/convolution.py", {}),
    "train (idle)": ("pages/train.py", {}),
}


def _open(script: str, query: dict[str, str]) -> tuple[AppTest, float]:
    """A new session on ``script``; returns it and the CPU seconds of the page's first run."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.query_params["lang"] = "en"
    for k, v in query.items():
        at.query_params[k] = v
    if script == "pages/home.py":
        t0 = time.process_time()
        at.run()
        return at, time.process_time() - t0
    at.run()
    at.switch_page(script)
    t0 = time.process_time()
    at.run()
    return at, time.process_time() - t0


def rerun_ms(script: str, query: dict[str, str], reruns: int) -> float:
    at, _ = _open(script, query)
    return median_rerun_ms(at, reruns)


def median_rerun_ms(at: AppTest, reruns: int) -> float:
    """Median CPU ms of ``reruns`` reruns of an open page, after two warm-up reruns (caches, lazy imports)."""
    for _ in range(2):
        at.run()
    samples = []
    for _ in range(reruns):
        t0 = time.process_time()
        at.run()
        samples.append(time.process_time() - t0)
        assert not at.exception, at.exception
    return 1000 * statistics.median(samples)


def first_visit_ms(script: str, query: dict[str, str], visits: int) -> float:
    _open(script, query)  # warm the "server": imports and caches
    return 1000 * statistics.median(_open(script, query)[1] for _ in range(visits))


# --------------------------------------------------------------------------- training through the real page


def trainer_compute_s() -> tuple[float, float]:
    """CPU seconds of the default digits run in the Trainer alone, and its validation accuracy."""
    import torch

    from core.datasets import digits
    from core.training import CNNConfig, Trainer
    from ui.train import controls

    torch.set_num_threads(1)
    ds = digits(seed=0)
    cfg = CNNConfig(input_shape=ds.input_shape, n_classes=ds.n_classes)
    hp = {name: s.default for name, s in (("epochs", controls.EPOCHS), ("bs", controls.BATCH), ("lr", controls.LR))}

    def new() -> Trainer:
        opt = controls.OPTIMIZER.default
        return Trainer(cfg, ds, optimizer=opt, lr=hp["lr"], batch_size=hp["bs"], epochs=hp["epochs"], seed=0)

    new().step(1)  # warm-up, as a worker does at its start: torch's first optimizer and backward pass
    trainer = new()
    t0 = time.process_time()
    while trainer.status == "ready":
        trainer.step(1)
    acc = trainer.history.val_acc[-1] if trainer.history.val_acc else float("nan")
    return time.process_time() - t0, float(acc)


def _settle(pid: int, page) -> tuple[float, float]:
    """Wait until the server and its workers are idle (a worker loads torch when /train is first visited)."""
    last = (-1.0, -1.0)
    while True:
        page.wait_for_timeout(1000)
        now = proctree.tree_cpu_s(pid)
        if abs(sum(now) - sum(last)) < 0.03:
            return now
        last = now


def _one_run(pid: int, page, timeout_s: float) -> tuple[float, float, float]:
    """(server CPU, workers' CPU, wall seconds) of one default run, from the click on Start to the settled page."""
    main0, workers0 = _settle(pid, page)
    t0 = time.monotonic()
    page.get_by_role("button", name="Start").first.click()
    page.get_by_text("Finished ").first.wait_for(timeout=timeout_s * 1000)
    wall = time.monotonic() - t0
    page.wait_for_function("() => document.querySelector('[data-test-script-state=\"notRunning\"]')", timeout=60_000)
    page.wait_for_timeout(1000)
    main1, workers1 = proctree.tree_cpu_s(pid)
    return main1 - main0, workers1 - workers0, wall


def page_training_cpu_s(timeout_s: float = 300) -> list[tuple[float, float, float]]:
    """(server CPU, workers' CPU, wall s) of the first default run after a server start and of the next one."""
    from playwright.sync_api import sync_playwright

    exe = chromium_path()
    if exe is None:
        raise SystemExit("Chromium not found (apt-get install chromium)")
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    cmd += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(base + "/_stcore/health", timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        raise SystemExit("streamlit did not start") from None
                    time.sleep(0.3)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(f"{base}/train?lang=en", wait_until="domcontentloaded")
                page.get_by_role("button", name="Start").first.wait_for(timeout=120_000)
                runs = [_one_run(proc.pid, page, timeout_s)]
                page.get_by_role("button", name="Reset").first.click()
                page.get_by_text("Finished ").first.wait_for(state="detached", timeout=60_000)
                runs.append(_one_run(proc.pid, page, timeout_s))
                browser.close()
            return runs
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reruns", type=int, default=9)
    ap.add_argument("--visits", type=int, default=5)
    ap.add_argument("--no-training", action="store_true", help="skip the real-browser training run")
    args = ap.parse_args()

    print(f"{'page':<16}{'CPU per rerun (ms)':>20}{'first visit (ms)':>18}")
    for name, (script, query) in PAGES.items():
        rerun = rerun_ms(script, query, args.reruns)
        first = first_visit_ms(script, query, args.visits)
        print(f"{name:<16}{rerun:>20.0f}{first:>18.0f}", flush=True)

    if not args.no_training:
        own, acc = trainer_compute_s()
        print(f"\ndefault digits run: Trainer compute {own:.2f} s (val acc {acc:.3f}), measured here")
        for label, (main, workers, wall) in zip(("first run after a server start", "next run"), page_training_cpu_s()):
            print(
                f"{label}: server CPU {main + workers:.2f} s = Streamlit process {main:.2f} s (drawing) + training "
                f"workers {workers:.2f} s; ÷ Trainer compute = {(main + workers) / own:.2f}; wall {wall:.1f} s"
            )


if __name__ == "__main__":
    main()
