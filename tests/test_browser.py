"""Real-browser smoke test: every page by deep link on a freshly started server.

A fresh server is the case Streamlit gets wrong with a ``pages/`` folder (the legacy
menu); each page gets its own server so each deep link is the server's first visit.
Screenshots land in ``docs/screenshots`` (the README shows them).
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

import pytest

from tests.browser_utils import CHROMIUM_ARGS, chromium_path, streamlit_server
from ui.common.i18n import LANG_NAMES, TEXT
from ui.common.shell import PAGES

SHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"

playwright_api = pytest.importorskip("playwright.sync_api")


def _settle(page) -> None:
    """Wait until the script has finished its rerun and the page shows a title."""
    page.wait_for_timeout(300)  # let the click's rerun start
    page.wait_for_function(
        "() => document.querySelector('[data-test-script-state=\"notRunning\"]') && document.querySelector('h1')",
        timeout=120_000,
    )
    page.wait_for_timeout(1200)


@contextlib.contextmanager
def fresh_page(script: str = "asgi.py"):
    """A Chromium page and the base URL of a streamlit server (``streamlit run <script>``) started just for it."""
    exe = chromium_path()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; .ci/run installs it with apt-get")
        pytest.skip("Chromium not found at /usr/bin/chromium (apt-get install chromium)")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        try:
            with streamlit_server(script=script) as base:
                yield browser.new_page(viewport={"width": 1400, "height": 1000}), base
        finally:
            browser.close()


def _check_page(page, base: str, spec, lang: str) -> None:
    title = TEXT[f"nav.{spec.name}"][lang]
    menu = [TEXT[f"nav.{p.name}"][lang] for p in PAGES]
    page.goto(f"{base}/{spec.url_path}?lang={lang}", wait_until="domcontentloaded")
    # Settled means: the real menu (every page title in this language, in order; the legacy menu shows
    # file names), the shared sidebar's language switch, a title, and no script running. Checked twice,
    # a moment apart, because the first visit reruns once from the legacy menu to st.navigation.
    for _ in range(2):
        page.wait_for_function(
            """(menu) => {
                const links = [...document.querySelectorAll('[data-testid="stSidebarNavLink"]')];
                const texts = links.map(a => a.innerText.trim());
                return texts.length === menu.length && menu.every((m, i) => texts[i].includes(m))
                    && document.querySelector('[data-testid="stSidebar"] [data-testid="stRadio"]') !== null
                    && document.querySelector('h1') !== null
                    && document.querySelector('[data-test-script-state="notRunning"]') !== null;
            }""",
            arg=menu,
            timeout=120_000,
        )
        page.wait_for_timeout(700)
    assert page.title().startswith(title), f"tab title {page.title()!r} should start with {title!r}"
    active = page.locator('[data-testid="stSidebarNavLink"][aria-current="page"]').inner_text()
    assert title in active, f"active menu item {active!r} should be {title!r}"
    assert page.locator('[data-testid="stSidebar"] [data-testid="stRadio"]').count() == 1, "language switch missing"
    assert page.locator('[data-testid="stException"]').count() == 0, f"exception on /{spec.url_path}"
    assert page.locator("h1").count() >= 1
    assert f"lang={lang}" in page.url
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{spec.name}-{lang}.png"), full_page=False)


@pytest.mark.browser
@pytest.mark.parametrize("spec", PAGES, ids=[p.name for p in PAGES])
def test_deep_link_on_fresh_server(spec):
    with fresh_page() as (page, base):
        # First visit of this server: the deep link itself.
        _check_page(page, base, spec, "ko")
        _check_page(page, base, spec, "en")


@pytest.mark.browser
def test_laptop_entry_app_py():
    """``streamlit run app.py`` (a laptop, no st.App around it) serves the same pages."""
    spec = next(p for p in PAGES if p.name == "softmax")
    with fresh_page(script="app.py") as (page, base):
        _check_page(page, base, spec, "en")


@pytest.mark.browser
def test_training_runs_live_in_the_browser():
    """AppTest never ticks ``st.fragment(run_every=...)``; a real browser does: train to the end."""
    with fresh_page() as (page, base):
        page.goto(f"{base}/train?lang=en")
        page.get_by_role("button", name=TEXT["train.run.start"]["en"]).click()
        done = page.get_by_text(re.compile(r"^Finished \d+ epochs: (\d+\.\d)% of the validation images"))
        done.wait_for(timeout=240_000)
        accuracy = float(re.search(r"(\d+\.\d)%", done.inner_text()).group(1))
        assert accuracy >= 90.0, done.inner_text()
        assert page.locator('[data-testid="stException"]').count() == 0
        done.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        page.screenshot(path=str(SHOTS / "train-run-en.png"))


@pytest.mark.browser
def test_convolution_checks_against_pytorch_in_the_browser():
    """The feature map renders, and the page's own PyTorch check agrees to float precision."""
    with fresh_page() as (page, base):
        page.goto(f"{base}/convolution?lang=ko")
        page.get_by_role("button", name=TEXT["convolution.torch.button"]["ko"]).click()
        result = page.get_by_text(re.compile(r"^conv2d: NumPy와 PyTorch 결과의 최대 차이 = (\S+)"))
        result.wait_for(timeout=120_000)
        diff = float(re.search(r"= ([0-9.eE+-]+)", result.inner_text()).group(1))
        assert diff < 1e-3, result.inner_text()
        assert page.locator('[data-testid="stException"]').count() == 0
        page.get_by_text(TEXT["convolution.section.output"]["ko"], exact=True).scroll_into_view_if_needed()
        page.wait_for_timeout(800)
        page.screenshot(path=str(SHOTS / "convolution-output-ko.png"))


@pytest.mark.browser
def test_shared_link_reopens_settings_on_fresh_server():
    """The legacy-menu rerun keeps the query string: a shared link's settings survive a first visit."""
    with fresh_page() as (page, base):
        page.goto(f"{base}/softmax?lang=ko&sm_z=5,1,0.5,-2&sm_T=2&sm_y=1")
        logits = page.locator('input[type="text"][value="5, 1, 0.5, -2"]')
        logits.wait_for(timeout=120_000)
        assert "sm_z=5%2C1%2C0.5%2C-2" in page.url and "lang=ko" in page.url
        assert (
            page.locator('[data-testid="stSidebarNavLink"][aria-current="page"]')
            .inner_text()
            .endswith(TEXT["nav.softmax"]["ko"])
        )


@pytest.mark.browser
def test_menu_round_trip_keeps_settings():
    """Through the real menu (which drops the URL's page settings) and back: values stay, nothing breaks."""
    with fresh_page() as (page, base):
        links = page.locator('[data-testid="stSidebarNavLink"]')
        page.goto(f"{base}/activations?lang=en")
        x_from = page.get_by_role("spinbutton", name=TEXT["activations.xmin"]["en"], exact=True)
        x_from.fill("-3")
        x_from.press("Enter")
        page.wait_for_url(re.compile(r"act_xmin=-3"), timeout=60_000)
        for target in ("convolution", "home", "convolution", "activations"):
            links.nth([p.name for p in PAGES].index(target)).click()
            _settle(page)
            assert page.locator('[data-testid="stException"]').count() == 0, f"exception on {target}"
        assert x_from.input_value() == "-3.00"


# One setting per page, expressed in a translated choice widget (the browser keeps such a choice as its label).
_CHOICES = {
    "entropy": "ent_preset=days&ent_true=2",
    "activations": "act_init=xavier",
    "softmax": "sm_y=2",
    "convolution": "cv_src=grid&cv_pmode=reflect",
    "train": "train_pace=medium&train_opt=momentum",
}


@pytest.mark.browser
def test_language_switches_keep_translated_choices():
    """Switching 한국어 → English in the sidebar keeps every page's choices, with no exception."""
    with fresh_page() as (page, base):
        sidebar_option = page.locator('[data-testid="stSidebar"] [data-testid="stRadio"] label')
        for name, query in _CHOICES.items():
            page.goto(f"{base}/{name}?lang=en&{query}")
            _settle(page)
            for lang in ("ko", "en"):
                sidebar_option.filter(has_text=LANG_NAMES[lang]).click()
                _settle(page)
                assert f"lang={lang}" in page.url
                assert page.locator('[data-testid="stException"]').count() == 0, f"exception on {name} ({lang})"
            for setting in query.split("&"):
                assert setting in page.url, f"{name}: {setting} lost after two language switches ({page.url})"
