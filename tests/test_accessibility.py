"""Accessibility in a real browser: axe-core on every page and on the states a student reaches; the keyboard.

axe-core (npm ``axe-core@4``) is installed by ``.ci/run`` into ``.cache/axe`` (git-ignored); locally this
module installs it the same way when ``npm`` is there, and skips with the reason otherwise (in CI a skip
fails, see ``tests/conftest.py``). Every page is checked in Korean and in English; a critical or serious
violation fails the test, which prints each one (rule, impact, target selectors, an HTML snippet). The
table of counts (page × critical / serious / moderate / minor) is printed at the end of the module.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.browser_utils import CHROMIUM_ARGS, ROOT, chromium_path, streamlit_server
from ui.common.i18n import LANG_NAMES, TEXT
from ui.common.shell import PAGES

playwright_api = pytest.importorskip("playwright.sync_api")

AXE_DIR = ROOT / ".cache" / "axe"  # the same directory as in .ci/run
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
FAILING = ("critical", "serious")
IMPACTS = ("critical", "serious", "moderate", "minor")
_TABLE: dict[str, dict[str, int]] = {}  # state → impact → number of violating nodes, printed at the end


def _axe_source() -> str:
    if not AXE_JS.exists():
        try:
            subprocess.run(
                ["npm", "install", "--prefix", str(AXE_DIR), "axe-core@4"],
                check=True,
                capture_output=True,
                timeout=300,
            )
        except (OSError, subprocess.SubprocessError) as err:
            pytest.skip(f"axe-core missing and `npm install --prefix {AXE_DIR} axe-core@4` failed: {err}")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser_and_server(request):
    """One Chromium and one server for the module (a fresh server per page is test_browser.py's job)."""
    exe = chromium_path()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; .ci/run installs it with apt-get")
        pytest.skip("Chromium not found at /usr/bin/chromium (apt-get install chromium)")
    axe = _axe_source()
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        try:
            with streamlit_server() as base:
                yield browser, base, axe
        finally:
            browser.close()
            _print_table(request)


@pytest.fixture
def page(browser_and_server):
    browser, base, axe = browser_and_server
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.base, pg.axe = base, axe  # what the helpers below need
    yield pg
    context.close()


def _settle(page, extra_ms: int = 1500) -> None:
    """Wait until the script has finished its rerun, a title is shown and charts had time to draw."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => document.querySelector('[data-test-script-state=\"notRunning\"]') && document.querySelector('h1')",
        timeout=180_000,
    )
    page.wait_for_timeout(extra_ms)


def _open(page, path: str) -> None:
    page.goto(f"{page.base}/{path}", wait_until="domcontentloaded")
    _settle(page)
    _settle(page, 800)  # a first deep link reruns once (page_start): settle twice


def _axe(page, state: str) -> list[dict]:
    """Run axe-core on the page as it is now; record the counts under ``state``; return the violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=page.axe)
    violations = page.evaluate(
        """async () => {
            const isChip = t => t.length === 1 && !!document.querySelector(t[0])?.closest('[data-testid="stMultiSelect"] [data-tag]');
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.map(String), html: n.html.slice(0, 200),
                                          impact: n.impact, chip: isChip(n.target)})),
            }));
        }"""
    )
    counts = {impact: 0 for impact in IMPACTS}
    for v in violations:
        for node in v["nodes"]:
            counts[node["impact"] or v["impact"]] += 1
    _TABLE[state] = counts
    return violations


def _report(state: str, violations: list[dict]) -> str:
    lines = [f"axe-core on {state}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            lines.append(f"    {' '.join(node['target'])}  ({node['impact']})\n      {node['html']}")
    return "\n".join(lines)


def _assert_clean(state: str, violations: list[dict], *, dark: bool = False) -> None:
    bad = [v for v in violations if v["impact"] in FAILING]
    assert not bad, _report(state, violations)


def _print_table(request) -> None:
    """The counts per state, on the terminal (past pytest's capture) and in .cache/axe/report.txt."""
    if not _TABLE:
        return
    width = max(map(len, _TABLE))
    lines = ["", "axe-core violations (nodes) per state: " + " / ".join(IMPACTS)]
    lines += [f"  {state:<{width}}  " + "  ".join(f"{c[i]:>3}" for i in IMPACTS) for state, c in _TABLE.items()]
    (AXE_DIR / "report.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        print("\n".join(lines), flush=True)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("spec", PAGES, ids=[p.name for p in PAGES])
def test_axe_every_page(page, spec, lang):
    _open(page, f"{spec.url_path}?lang={lang}")
    state = f"/{spec.url_path} ({lang})"
    _assert_clean(state, _axe(page, state))


# Dark mode: every page, and the convolution page's number grid (cells with their own colours and ink).
_DARK = [f"{p.url_path}?lang=ko" for p in PAGES] + ["convolution?lang=ko&cv_src=grid"]


@pytest.mark.browser
@pytest.mark.parametrize("path", _DARK)
def test_axe_every_page_in_dark_mode(browser_and_server, path):
    """The visitor's system asks for dark: Streamlit's dark theme, checked the same way (colours are per mode)."""
    browser, base, axe = browser_and_server
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme="dark")
    try:
        pg = context.new_page()
        pg.base, pg.axe = base, axe
        _open(pg, path)
        state = f"/{path} (dark)"
        _assert_clean(state, _axe(pg, state), dark=True)
    finally:
        context.close()


def _switch_language(page, lang: str) -> None:
    page.locator('[data-testid="stSidebar"] [data-testid="stRadio"] label').filter(has_text=LANG_NAMES[lang]).click()
    _settle(page)


def _check_every_tab(page, where: str, problems: list[str]) -> None:
    """Open each tab on the page in turn and run axe-core on what it shows."""
    tabs = page.get_by_role("tab")
    for k in range(tabs.count()):
        tab = tabs.nth(k)
        name = tab.inner_text().strip()
        tab.click()
        page.wait_for_timeout(800)
        _settle(page, 500)
        state = f"{where}, tab {name}"
        violations = _axe(page, state)
        if any(v["impact"] in FAILING for v in violations):
            problems.append(_report(state, violations))


@pytest.mark.browser
def test_axe_finished_training_run_inside_tabs(browser_and_server):
    """A short run to its end, then every tab of "Inside the network" opened, in Korean and in English.

    On a server of its own: the run should not wait for a training slot behind other tests' sessions.
    """
    browser, _, axe = browser_and_server
    with streamlit_server() as base:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            page = context.new_page()
            page.base, page.axe = base, axe
            _train_and_check(page)
        finally:
            context.close()


def _train_and_check(page) -> None:
    _open(page, "train?lang=ko&train_epochs=1")
    page.get_by_role("button", name=TEXT["train.run.start"]["ko"], exact=True).click()
    page.get_by_role("heading", name=TEXT["train.section.inside"]["ko"]).wait_for(timeout=240_000)
    page.get_by_role("tab").first.wait_for(timeout=240_000)
    _settle(page)
    problems: list[str] = []
    for lang in ("ko", "en"):
        if lang == "en":
            _switch_language(page, "en")
        _check_every_tab(page, f"/train after a run ({lang})", problems)
    assert not problems, "\n\n".join(problems)


def _jpeg(path: Path) -> Path:
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(0)
    pixels = (rng.random((60, 80, 3)) * 255).astype(np.uint8)
    pixels[20:40, 30:50] = 255  # a bright square for the kernel to find
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="JPEG", quality=85)
    path.write_bytes(buf.getvalue())
    return path


@pytest.mark.browser
def test_axe_convolution_with_a_photo_and_the_step_through(page, tmp_path):
    """An uploaded photo, one step of each walk-through (convolution, pooling) taken; in Korean and in English."""
    _open(page, "convolution?lang=ko&cv_src=upload")
    page.locator('input[type="file"]').first.set_input_files(str(_jpeg(tmp_path / "photo.jpg")))
    page.get_by_role("heading", name=TEXT["convolution.section.steps"]["ko"]).wait_for(timeout=120_000)
    _settle(page)
    nexts = page.get_by_role("button", name=TEXT["convolution.step.next"]["ko"])
    assert nexts.count() == 2  # the convolution walk-through's and the pooling walk-through's
    for k in range(2):
        nexts.nth(k).click()
        _settle(page)
    problems: list[str] = []
    for lang in ("ko", "en"):
        if lang == "en":
            _switch_language(page, "en")
        state = f"/convolution with a photo ({lang})"
        violations = _axe(page, state)  # the whole page: both walk-throughs are shown, not in tabs
        if any(v["impact"] in FAILING for v in violations):
            problems.append(_report(state, violations))
        _check_every_tab(page, state, problems)
    assert not problems, "\n\n".join(problems)


# --- keyboard -------------------------------------------------------------------------------------------

_TAG_CONTROLS = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const sel = 'input:not([type=hidden]), button, a[href], select, textarea, [role="slider"], [tabindex="0"]';
    const shown = [...main.querySelectorAll(sel)].filter(e => {
        const r = e.getBoundingClientRect(), s = getComputedStyle(e);
        return !e.disabled && r.width > 0 && r.height > 0 && s.visibility !== 'hidden'
            && !e.closest('[aria-hidden="true"], [hidden]') && e.tabIndex >= 0;
    });
    shown.forEach((e, i) => {
        e.setAttribute('data-a11y-id', String(i));
        // the widget around it: a focus ring may be drawn on the widget's frame, not on the <input>
        const box = e.closest('[data-testid="stElementContainer"]') || e;
        if (!box.hasAttribute('data-a11y-box')) box.setAttribute('data-a11y-box', String(i));
        e.setAttribute('data-a11y-in', box.getAttribute('data-a11y-box'));
    });
    return shown.map(e => e.getAttribute('aria-label') || e.innerText.slice(0, 40) || e.tagName);
}"""


def _box(page, i: int):
    """The widget around control ``i`` (tagged by _TAG_CONTROLS)."""
    box = page.locator(f'[data-a11y-id="{i}"]').get_attribute("data-a11y-in")
    return page.locator(f'[data-a11y-box="{box}"]')


# the label of the slider whose thumb has the focus (not of a help button inside the slider's widget)
_SLIDER_LABEL_JS = """() => {
    const e = document.activeElement;
    return e.matches('input[type="range"], [role="slider"]') ? e.closest('[data-testid="stSlider"]').innerText : '';
}"""


def _look(page, i: int) -> bytes:
    """A picture of control ``i``'s widget and a margin around it (a chart's toolbar floats just above it)."""
    box = _box(page, i)
    box.evaluate("e => e.scrollIntoView({block: 'center'})")
    bb = box.bounding_box()
    x, y = max(0.0, bb["x"] - 8), max(0.0, bb["y"] - 40)
    clip = {"x": x, "y": y, "width": bb["width"] + 16, "height": min(bb["height"] + 48, 1000 - y)}
    return page.screenshot(clip=clip, animations="disabled")


_TEMPERATURE_JS = """(label) => {
    const box = [...document.querySelectorAll('[data-testid="stSlider"]')].find(b => b.innerText.includes(label));
    const thumb = box && box.querySelector('[data-testid="stSliderThumbValue"]');
    return thumb ? thumb.innerText.trim() : null;
}"""


def _temperature(page) -> str | None:
    return page.evaluate(_TEMPERATURE_JS, TEXT["softmax.temperature"]["en"])


@pytest.mark.browser
def test_keyboard_walks_softmax_and_changes_the_temperature(page):
    """Tab reaches every control of /softmax, each focus is visible, and ArrowRight moves the temperature."""
    _open(page, "softmax?lang=en")
    names = page.evaluate(_TAG_CONTROLS)
    assert len(names) > 5, names
    wanted = [i for i in range(len(names)) if page.locator(f'[data-a11y-id="{i}"]').is_visible()]
    # Unfocused look of every control's widget, to compare with its look while the control has the focus.
    plain = {i: _look(page, i) for i in wanted}
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    visited, invisible, slider = set(), [], None
    for _ in range(4 * len(names) + 60):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement?.getAttribute('data-a11y-id') ?? null")
        if focused is None or int(focused) in visited:
            continue
        i = int(focused)
        visited.add(i)
        if i in plain and _look(page, i) == plain[i]:
            invisible.append(names[i])
        label = page.evaluate(_SLIDER_LABEL_JS)
        if slider is None and TEXT["softmax.temperature"]["en"] in label:
            slider = i
        if visited >= set(wanted):
            break
    missed = [names[i] for i in wanted if i not in visited]
    assert not missed, f"not reachable by Tab on /softmax: {missed}"
    assert not invisible, f"no visible focus on /softmax: {invisible}"
    assert slider is not None, "the temperature slider was never focused"
    # Back to the slider by keys only, then one step to the right.
    for _ in range(4 * len(names) + 60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement?.getAttribute('data-a11y-id') ?? null") == str(slider):
            break
    else:
        pytest.fail("Tab did not come back to the temperature slider")
    before, url_before = _temperature(page), page.url
    assert before is not None, "the temperature slider has no value"
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        f"([label, before]) => ({_TEMPERATURE_JS})(label) !== before",
        arg=[TEXT["softmax.temperature"]["en"], before],
        timeout=60_000,
    )
    _settle(page)
    now = _temperature(page)
    assert float(now) > float(before), f"temperature {before} → {now} after ArrowRight"
    assert f"sm_T={now}" in page.url, (now, page.url)
    t_before = re.search(r"sm_T=([^&]+)", url_before)
    t_after = re.search(r"sm_T=([^&]+)", page.url)
    assert t_after and (t_before is None or t_after.group(1) != t_before.group(1)), (url_before, page.url)


@pytest.mark.browser
def test_softmax_confidently_wrong_inside_the_temperature_fragment_moves_the_logit_boxes_outside_it(page):
    """Issue 21: the temperature's sections are a fragment; "confidently wrong" there changes the logits, whose
    widgets are drawn outside it, so the whole page must rerun (else the boxes would show the old logits)."""
    _open(page, "softmax?lang=en")
    first = TEXT["softmax.default_names"]["en"].split(",")[0]  # the true class
    label = TEXT["softmax.exact_label"]["en"].format(name=first)
    box = page.get_by_role("spinbutton", name=label, exact=True)
    before = float(box.input_value())
    wrong = TEXT["softmax.why.wrong_button"]["en"].format(name=first)
    page.get_by_role("button", name=wrong, exact=True).click()
    page.wait_for_function(
        '([label, before]) => { const b = document.querySelector(`input[aria-label="${label}"]`);'
        " return b && Number(b.value) !== before; }",
        arg=[label, before],
        timeout=60_000,
    )
    _settle(page, 300)
    assert float(box.input_value()) < before  # the true class's logit pushed far down
