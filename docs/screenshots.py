"""Take the README's screenshots: a fresh server, Debian's Chromium, each view in Korean and English.

Run from anywhere: ``.venv/bin/python docs/screenshots.py`` (writes ``docs/screenshots/<view>-<lang>.png``).
``python docs/screenshots.py entropy-coin softmax-why`` takes only the views named.
Needs Chromium (``apt-get install chromium fonts-noto-cjk``) and the ``playwright`` package (requirements-dev.txt).
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from core.activations import ACTIVATIONS  # noqa: E402
from tests.browser_utils import CHROMIUM_ARGS, chromium_path, streamlit_server  # noqa: E402
from ui.common.i18n import LANG_NAMES, TEXT  # noqa: E402

SHOTS = ROOT / "docs" / "screenshots"
WIDTH, HEIGHT = 1400, 1000
LANGS = ("ko", "en")
WAIT = 120_000  # ms: the longest any page may take to settle on a busy machine
TRAIN_WAIT = 600_000  # ms: two epochs on the shapes while other work shares the cores
MAIN = '[data-testid="stMainBlockContainer"]'
SIDE = 56  # px of the main column's side padding left out of a shot (the column pads its content by 80)
# Scroll an element to the top of its scrolling container (the main area scrolls, not the document), a margin above.
SCROLL_TO_TOP = """(el, margin) => {
    el.scrollIntoView({block: 'start'});
    let box = el.parentElement;
    while (box && box.scrollHeight <= box.clientHeight) box = box.parentElement;
    if (box) box.scrollBy(0, -margin);
}"""


def tr(key: str, lang: str, **values) -> str:
    return TEXT[key][lang].format(**values) if values else TEXT[key][lang]


def settle(page, rounds: int = 2) -> None:
    """Wait until no script runs and a title is on screen, twice a moment apart (a first visit reruns once)."""
    for _ in range(rounds):
        page.wait_for_timeout(400)
        page.wait_for_function(
            "() => document.querySelector('[data-test-script-state=\"notRunning\"]') && document.querySelector('h1')",
            timeout=WAIT,
        )
    page.wait_for_timeout(1500)  # charts draw after the script has finished


def visit(page, base: str, path: str, lang: str, query: str = "") -> None:
    page.goto(f"{base}/{path}?lang={lang}" + (f"&{query}" if query else ""), wait_until="domcontentloaded")
    settle(page)
    page.add_style_tag(content='[data-testid="stHeader"] {display: none}')  # it would cover a region's top
    if page.locator('[data-testid="stException"]').count():
        raise RuntimeError(f"exception on /{path} ({lang})")


def shoot(page, first, last, name: str, *, pad: int = 12) -> Path:
    """Screenshot the main column from the top of ``first`` to the bottom of ``last`` (locators)."""
    first.first.wait_for(timeout=WAIT)
    last.first.wait_for(timeout=WAIT)
    for _ in range(2):  # a region taller than the window: grow the window, then measure again
        first.first.evaluate(SCROLL_TO_TOP, pad + 8)
        page.wait_for_timeout(600)
        top = first.first.bounding_box()
        bottom = last.first.bounding_box()
        needed = int(bottom["y"] + bottom["height"] + pad + 1)
        if needed <= page.viewport_size["height"]:
            break
        page.set_viewport_size({"width": WIDTH, "height": needed + 40})
        page.wait_for_timeout(1200)
    main = page.locator(MAIN).bounding_box()
    y0 = max(0, top["y"] - 6)  # a small margin above: more would show the end of the element before
    inner = main["x"] + SIDE, main["width"] - 2 * SIDE  # the main column without most of its side padding
    clip = {"x": inner[0], "y": y0, "width": inner[1], "height": bottom["y"] + bottom["height"] + pad - y0}
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), clip=clip)
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    kb = path.stat().st_size // 1024
    print(f"{path.relative_to(ROOT)}: {int(clip['width'])}×{int(clip['height'])} px, {kb} KB")
    return path


def text(page, value: str, exact: bool = True):
    return page.get_by_text(value, exact=exact)


# ---------------------------------------------------------------- the views


def home_path(page, base: str, lang: str) -> None:
    """The "First visit? Start here" path and the page cards."""
    visit(page, base, "", lang)
    start = page.locator('[data-testid="stLayoutWrapper"]').filter(has_text=tr("home.start.title", lang))
    cards = page.locator('[data-testid="stHorizontalBlock"]')
    shoot(page, start.first, cards.last, f"home-path-{lang}")


def entropy_coin(page, base: str, lang: str) -> None:
    """Coin mode at p = 1: tails never happens, its surprisal is ∞ and drawn as an arrow above a finite axis."""
    visit(page, base, "entropy", lang, "ent_mode=binary&ent_bp=1")
    title = text(page, tr("entropy.chart.p_title", lang))
    charts = page.locator('[data-testid="stHorizontalBlock"]').filter(has=title)
    shoot(page, charts.first, charts.first, f"entropy-coin-{lang}")


def activations_all(page, base: str, lang: str) -> None:
    """All eight functions: the picker shows every chip, the legends sit below the plots."""
    visit(page, base, "activations", lang, "act_fns=" + ",".join(ACTIVATIONS))
    picker = page.locator('[data-testid="stMultiSelect"]')
    caption = text(page, tr("activations.curves.caption", lang))
    shoot(page, picker.first, caption.first, f"activations-all-{lang}")


def convolution_steps(page, base: str, lang: str, photo: Path) -> None:
    """An uploaded 1024×768 photo, the step-through with its striped frame around the centre crop."""
    visit(page, base, "convolution", lang, "cv_src=upload")
    page.locator('input[type="file"]').first.set_input_files(str(photo))
    settle(page)
    page.get_by_text(tr("convolution.crop.where", lang)).first.wait_for(timeout=WAIT)
    settle(page, rounds=1)
    header = page.locator("h2").filter(has_text=tr("convolution.section.steps", lang))
    where = text(page, tr("convolution.crop.where", lang))
    shoot(page, header.first, where.first, f"convolution-steps-{lang}")


def train_confusion(page, base: str) -> None:
    """Two epochs on the shapes, then the confusion matrix, in both languages (one run, the sidebar switches)."""
    visit(page, base, "train", "ko", "train_data=shapes&train_epochs=2")
    page.get_by_role("button", name=tr("train.run.start", "ko"), exact=True).click()
    done = {"ko": re.compile(r"^\d+ 에포크 완료"), "en": re.compile(r"^Finished \d+ epochs")}
    for i, lang in enumerate(LANGS):
        if i:
            page.locator('[data-testid="stSidebar"] [data-testid="stRadio"] label').filter(
                has_text=LANG_NAMES[lang]
            ).click()
            settle(page)
        page.get_by_text(done[lang]).first.wait_for(timeout=TRAIN_WAIT)
        settle(page, rounds=1)
        page.get_by_role("tab", name=tr("train.tab.confusion", lang)).click()
        settle(page, rounds=1)  # a click on a tab reruns the page: only the open tab is drawn
        panel = page.locator('[role="tabpanel"]:visible').filter(has=page.locator('[data-testid="stVegaLiteChart"]'))
        chart = panel.locator('[data-testid="stVegaLiteChart"]')
        caption = panel.get_by_text(tr("train.inside.cm_help", lang, acc="")[:12], exact=False)
        shoot(page, chart.first, caption.first, f"train-confusion-{lang}")


def softmax_why(page, base: str, lang: str) -> None:
    """After "make it confidently wrong": both losses' gradients, and what they say."""
    visit(page, base, "softmax", lang)
    button = page.locator(".st-key-sm_wrong button").first
    button.scroll_into_view_if_needed(timeout=WAIT)
    button.click()
    settle(page, rounds=1)
    header = page.locator("h2").filter(has_text=tr("softmax.h.why", lang))
    lesson = page.locator('[data-testid="stAlert"]').filter(has_text=tr("softmax.why.confident", lang)[:8])
    shoot(page, header.first, lesson.first, f"softmax-why-{lang}")


def sample_photo(folder: Path) -> Path:
    """A 1024×768 JPEG with structure for the edge kernels: gradients, shapes and stripes."""
    from PIL import Image, ImageDraw

    w, h = 1024, 768
    img = Image.new("RGB", (w, h))
    img.putdata([(x * 255 // w, y * 255 // h, 160) for y in range(h) for x in range(w)])
    draw = ImageDraw.Draw(img)
    draw.ellipse((380, 260, 660, 520), fill=(240, 200, 40), outline=(20, 20, 20), width=8)
    draw.rectangle((80, 80, 300, 300), fill=(30, 60, 160))
    draw.polygon([(760, 620), (960, 620), (860, 440)], fill=(200, 40, 40))
    for x in range(640, 1000, 24):
        draw.line((x, 80, x + 60, 320), fill=(250, 250, 250), width=6)
    path = folder / "photo.jpg"
    img.save(path, quality=90)
    return path


VIEWS = ("home-path", "entropy-coin", "activations-all", "convolution-steps", "train-confusion", "softmax-why")


def main(wanted: list[str]) -> None:
    unknown = set(wanted) - set(VIEWS)
    if unknown:
        sys.exit(f"unknown view(s) {sorted(unknown)}; choose from {', '.join(VIEWS)}")
    wanted = wanted or list(VIEWS)
    exe = chromium_path()
    if exe is None:
        sys.exit("Chromium not found (apt-get install chromium fonts-noto-cjk)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p, streamlit_server() as base:
        photo = sample_photo(Path(tmp))
        browser = p.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            page.set_default_timeout(WAIT)
            simple = {"home-path": home_path, "entropy-coin": entropy_coin, "activations-all": activations_all}
            simple |= {"softmax-why": softmax_why}
            for view in wanted:
                if view == "train-confusion":
                    train_confusion(page, base)
                    continue
                for lang in LANGS:
                    if view == "convolution-steps":
                        convolution_steps(page, base, lang, photo)
                    else:
                        simple[view](page, base, lang)
        finally:
            browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
