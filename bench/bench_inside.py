"""What a rerun of /train costs the server once a run has finished: every "Inside the network" tab, or the open one.

Run: ``python bench/bench_inside.py`` (``--reruns 9``). Prints a table; asserts nothing (machines here are noisy).

A default digits run (English) is trained to its end through the real page in AppTest, in-process. Then the
median CPU (``time.process_time``, every thread of the process) of one rerun of the finished page, in ms:

- **every tab drawn** (before issue 11): ``st.tabs`` is called without ``on_change``, as the page did. Streamlit's
  tabs then keep no state, ``.open`` is None for each, and the page fills all seven (a student sees one);
- **only the open tab drawn** (now): for each tab in turn, the tab is opened as a click does (its label set in
  the tabs widget's state) and the page reruns with that tab open.

Both on the same trained model, in the same process, one after the other.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")  # as the app's start-up does

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from bench.bench_server import median_rerun_ms  # noqa: E402
from ui.common.i18n import TEXT  # noqa: E402
from ui.train import inside  # noqa: E402


def finished_page(timeout_s: float = 600) -> AppTest:
    """/train in English after a default digits run has finished (Start, then reruns until the run is done)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/train.py")
    at.run()
    at.button(key="train_start").click().run()
    deadline = time.monotonic() + timeout_s
    while True:
        run = at.session_state["train_run"] if "train_run" in at.session_state else None
        if run is not None and run.trainer.status == "done" and not run.running:
            break
        if time.monotonic() > deadline:
            raise SystemExit("the run did not finish")
        time.sleep(0.05)  # the run may train elsewhere (a worker process) between the page's reruns
        at.run()
    at.run()  # the page's rerun after the last tick
    assert not at.exception, at.exception
    return at


def every_tab_ms(at: AppTest, reruns: int) -> float:
    """The page as before issue 11: tabs that keep no state, every tab filled on every rerun."""
    real = st.tabs

    def stateless(labels, **kwargs):
        kwargs.pop("on_change", None)
        return real(labels, **kwargs)

    st.tabs = stateless
    try:
        ms = median_rerun_ms(at, reruns)
        assert len(at.tabs) == len(inside.TABS) and all(len(tab.children) for tab in at.tabs)
        return ms
    finally:
        st.tabs = real


def open_tab_ms(at: AppTest, name: str, reruns: int) -> float:
    at.session_state[inside.TABS_KEY] = TEXT[f"train.tab.{name}"]["en"]  # what a click on the tab sends
    at.run()
    ms = median_rerun_ms(at, reruns)
    filled = {tab.label for tab in at.tabs if len(tab.children)}  # a closed "Try it" keeps its uploader
    assert filled - {TEXT["train.tab.try"]["en"]} == {TEXT[f"train.tab.{name}"]["en"]} - {TEXT["train.tab.try"]["en"]}
    return ms


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reruns", type=int, default=9)
    args = ap.parse_args()

    import torch

    torch.set_num_threads(1)
    t0 = time.monotonic()
    at = finished_page()
    print(f"default digits run finished in AppTest ({time.monotonic() - t0:.0f} s)\n", flush=True)

    before = every_tab_ms(at, args.reruns)
    print(f"{'CPU per rerun of the finished page':<44}{'ms':>8}{'÷ every tab':>13}")
    print(f"{'every tab drawn (before)':<44}{before:>8.0f}{1:>13.2f}", flush=True)
    lazy = {}
    for name in inside.TABS:
        lazy[name] = open_tab_ms(at, name, args.reruns)
        label = f"only the open tab drawn: {name}"
        print(f"{label:<44}{lazy[name]:>8.0f}{lazy[name] / before:>13.2f}", flush=True)
    mean = statistics.mean(lazy.values())
    print(f"{'only the open tab, mean over the tabs':<44}{mean:>8.0f}{mean / before:>13.2f}")
    print(f"{'only the open tab, first (filters: default)':<44}{lazy[inside.TABS[0]]:>8.0f}", end="")
    print(f"{lazy[inside.TABS[0]] / before:>13.2f}")


if __name__ == "__main__":
    main()
