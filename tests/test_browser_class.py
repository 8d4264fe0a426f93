"""A class on one server (issue 11.6): three browser sessions at once, each with its own settings and results.

Two sessions train the default digits network to the end at the same time (3 epochs, different seeds); a
third types a class name on the softmax page. Each training must finish with exactly the accuracy its own
seed gives when trained alone, and nothing typed in one session may show up in another.
"""

from __future__ import annotations

import os
import re

import pytest

from tests.browser_utils import CHROMIUM_ARGS, chromium_path, streamlit_server
from ui.common.i18n import TEXT

playwright_api = pytest.importorskip("playwright.sync_api")

EPOCHS = 3
SEEDS = (1, 2)
NAME = "zebra7391"  # typed in the third session only
TIMEOUT_MS = 480_000  # the whole class shares one process (and CI a busy machine): generous; no timing assertion


def _expected_accuracy(seed: int) -> str:
    """The run of the page's defaults trained alone, in this process (one torch thread, as the app)."""
    import torch

    from core.datasets import digits
    from core.training import CNNConfig, Trainer

    torch.set_num_threads(1)
    trainer = Trainer(CNNConfig(), digits(seed=0), epochs=EPOCHS, seed=seed)
    while trainer.status == "ready":
        trainer.step(100)
    return f"{trainer.history.val_acc[-1]:.1%}"


def _settled(page) -> None:
    page.wait_for_function(
        "() => document.querySelector('[data-test-script-state=\"notRunning\"]') && document.querySelector('h1')",
        timeout=TIMEOUT_MS,
    )


@pytest.mark.browser
def test_three_sessions_share_a_server_and_nothing_else():
    exe = chromium_path()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; .ci/run installs it with apt-get")
        pytest.skip("Chromium not found at /usr/bin/chromium (apt-get install chromium)")
    expected = {seed: _expected_accuracy(seed) for seed in SEEDS}
    done = re.compile(rf"^Finished {EPOCHS} epochs: (\d+\.\d)% of the validation images", re.MULTILINE)
    with playwright_api.sync_playwright() as p, streamlit_server() as base:
        browser = p.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        try:
            contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(3)]
            trainers = [ctx.new_page() for ctx in contexts[:2]]
            typist = contexts[2].new_page()
            for page, seed in zip(trainers, SEEDS):
                page.goto(f"{base}/train?lang=en&train_epochs={EPOCHS}&train_seed={seed}")
            typist.goto(f"{base}/softmax?lang=en")
            for page in (*trainers, typist):
                _settled(page)
            for page in trainers:  # both runs go at the same time
                page.get_by_role("button", name=TEXT["train.run.start"]["en"], exact=True).click()

            name_box = typist.get_by_role("textbox", name=TEXT["softmax.name_label"]["en"].format(n=1), exact=True)
            name_box.fill(NAME)
            name_box.press("Enter")
            _settled(typist)

            for page, seed in zip(trainers, SEEDS):
                page.get_by_text(done).wait_for(timeout=TIMEOUT_MS)
                _settled(page)
                finished = done.search(page.locator("body").inner_text())
                assert finished and f"{finished.group(1)}%" == expected[seed], (seed, finished, expected)
                seed_box = page.get_by_role("spinbutton", name=TEXT["train.hyper.seed"]["en"], exact=True)
                assert seed_box.input_value() == str(seed)
                assert page.locator('[data-testid="stException"]').count() == 0

            assert NAME in typist.locator("body").inner_text() or name_box.input_value() == NAME
            for page in trainers:
                assert NAME not in page.locator("body").inner_text()
                page.locator('[data-testid="stSidebarNavLink"]', has_text=TEXT["nav.softmax"]["en"]).click()
                other_box = page.get_by_role("textbox", name=TEXT["softmax.name_label"]["en"].format(n=1), exact=True)
                other_box.wait_for(timeout=TIMEOUT_MS)
                _settled(page)
                assert other_box.input_value() != NAME and NAME not in page.locator("body").inner_text()
            assert typist.locator('[data-testid="stException"]').count() == 0
        finally:
            browser.close()
