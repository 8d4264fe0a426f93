"""A shared link full of Markdown/HTML payloads, opened in a real browser: the payloads show as text (issue 22.1).

``tests/test_injection.py`` checks every rendered string with a Markdown parser; this checks the DOM Chromium
actually builds from Streamlit's own Markdown renderer: no link to the payload's host, no picture loaded from
it, no tag the payload wrote, no math, and the payload's characters on screen as typed.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from tests.test_browser import fresh_page

pytestmark = pytest.mark.browser

NAMES = ["[Login](//ev.il)", "![](//ev.il/p)", "<b>bold</b>", "https://ev.il", "$x$", "dog"]
ROWS = ["[Login](//ev.il):1", "![](//ev.il/p):1", "<b>bold</b>:1", "$x$:1"]
LINKS = {
    "softmax": "sm_z=3,2,1,0,-1,-2&sm_y=1&sm_names=" + quote(",".join(NAMES)),
    "entropy": "ent_mode=table&ent_true=0&ent_d=" + quote(",".join(ROWS)),
}

INJECTED = """() => ({
    links: [...document.querySelectorAll('a[href*="ev.il"]')].map(a => a.outerHTML),
    images: [...document.querySelectorAll('img[src*="ev.il"]')].map(i => i.outerHTML),
    tags: [...document.querySelectorAll('b')].filter(b => b.textContent === 'bold').map(b => b.outerHTML),
    math: [...document.querySelectorAll('.katex annotation')].filter(a => a.textContent.trim() === 'x').length,
    text: document.body.innerText.replaceAll('\\u2060', ''),
})"""


def _settled(page) -> None:
    page.wait_for_function(
        """() => document.querySelector('h1') && document.querySelector('[data-test-script-state="notRunning"]')
                 && document.body.innerText.includes('[Login](//ev.il)')""",
        timeout=120_000,
    )
    page.wait_for_timeout(1500)  # the fragments and charts drawn after the first paint


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_payload_link_renders_as_text(lang):
    requests: list[str] = []
    with fresh_page() as (page, base):
        page.on("request", lambda r: requests.append(r.url))
        for path, query in LINKS.items():
            page.goto(f"{base}/{path}?lang={lang}&{query}", wait_until="domcontentloaded")
            _settled(page)
            found = page.evaluate(INJECTED)
            assert page.locator('[data-testid="stException"]').count() == 0, path
            assert not found["links"] and not found["images"] and not found["tags"] and not found["math"], (path, found)
            for shown in ("[Login](//ev.il)", "![](//ev.il/p)", "<b>bold</b>", "$x$"):
                assert shown in found["text"], (path, shown)  # on screen exactly as typed
    fetched = [u for u in requests if "ev.il" in (urlsplit(u).hostname or "") + urlsplit(u).path]
    assert not fetched, f"a payload made the browser fetch {fetched}"
