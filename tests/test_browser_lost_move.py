"""A slider move is never lost (issue 22.8): a move made while the session is busy is answered, and the page
ends showing it, in its results and in its URL.

Two things looked like a lost move. The simulated class (bench/bench_classroom.py) waited for the loss's text to
change after each move, and at z = 9, 0, 0 (the first softmax session's link) a step of z1 by 0.1 leaves it at
"0.0002": the page had answered, the benchmark waited for ever. And a real one: Streamlit fills
``st.query_params`` at the start of each run from the URL the browser had when it asked for the run, so a move
made before the last run's URL update reached the browser ran with that older URL; ``publish`` skipped a value
the older URL already held, and the older update stayed the browser's last word (the page at T = 1, its URL
at T = 1.2). The second test makes that order certain: a relay holds the server's answers back until the second
move has been run.

Bounded waits only: a slow machine makes this slower, never wrong.
"""

from __future__ import annotations

import asyncio
import base64
import os
import urllib.parse

import pytest

from bench.wsclock import frames, run_finished
from core.softmax import cross_entropy_loss
from tests.browser_utils import CHROMIUM_ARGS, chromium_path, streamlit_server
from ui.common.i18n import TEXT

pytest.importorskip("playwright.async_api")

WAIT_S = 120  # bounded waits (a busy CI machine); no timing assertion
SETTLED = "() => document.querySelector('[data-test-script-state=\"notRunning\"]') && document.querySelector('h1')"
CAT = TEXT["softmax.default_names"]["en"].split(",")[0]  # class 1's name on the page


def _en(key: str, **values: object) -> str:
    return TEXT[key]["en"].format(**values)


@pytest.fixture(scope="module")
def server():
    if chromium_path() is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; .ci/run installs it with apt-get")
        pytest.skip("Chromium not found at /usr/bin/chromium (apt-get install chromium)")
    with streamlit_server() as base:
        yield base


class HoldingRelay:
    """A TCP relay in front of the server: bytes pass unchanged, except that between ``hold()`` and
    ``release()`` what the server sends on a websocket waits here, in order. ``finished`` counts the server's
    "run finished" frames (whole or fragment run) as they leave the server, held or not."""

    def __init__(self, target: str):
        self.target_port = int(target.rsplit(":", 1)[1])
        self.held = False
        self.finished = 0
        self._waiting: list[tuple[asyncio.StreamWriter, list[bytes]]] = []

    async def start(self) -> str:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        return f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"

    def hold(self) -> None:
        self.held = True

    def release(self) -> None:
        self.held = False
        for writer, chunks in self._waiting:
            for chunk in chunks:
                writer.write(chunk)
            chunks.clear()

    async def close(self) -> None:
        self._server.close()

    async def _handle(self, b_reader, b_writer) -> None:
        s_reader, s_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        head = await b_reader.readuntil(b"\r\n\r\n")
        s_writer.write(head)
        websocket = b"upgrade: websocket" in head.lower()
        await asyncio.gather(
            self._pipe(b_reader, s_writer), self._down(s_reader, b_writer, websocket), return_exceptions=True
        )
        b_writer.close()
        s_writer.close()

    async def _pipe(self, reader, writer) -> None:
        while data := await reader.read(65536):
            writer.write(data)

    async def _down(self, reader, writer, websocket: bool) -> None:
        if not websocket:
            return await self._pipe(reader, writer)
        writer.write(await reader.readuntil(b"\r\n\r\n"))  # the 101 answer
        chunks: list[bytes] = []
        self._waiting.append((writer, chunks))
        buf = bytearray()
        while data := await reader.read(65536):
            buf += data
            self.finished += sum(1 for op, payload in frames(buf) if op == 2 and payload and run_finished(payload))
            if self.held:
                chunks.append(data)
            else:
                writer.write(data)


async def _open(browser, base: str, query: str):
    page = await (await browser.new_context(viewport={"width": 1300, "height": 900})).new_page()
    await page.goto(f"{base}/softmax?lang=en{query}", wait_until="domcontentloaded")
    temp = page.get_by_role("slider", name=_en("softmax.temperature")).first  # named twice (aria-labelledby)
    await temp.wait_for(timeout=WAIT_S * 1000)
    return page, page.get_by_role("slider", name=_en("softmax.logit_label", name=CAT)).first, temp


async def _shows(page, *, z1: float, temperature: float) -> None:
    """Wait until the page's last run was one with these values (the settings it writes to the URL, and no
    script running), then check its results on screen: the loss of z = (z1, 0, 0) at this T, and the exact-logit
    box (the page's own copy of z1, set on every run)."""
    await page.wait_for_function(
        """([z1, t]) => {
            const q = new URLSearchParams(location.search);
            const z = q.get("sm_z"), temp = q.get("sm_T");
            return z !== null && temp !== null && Math.abs(parseFloat(z.split(",")[0]) - z1) < 1e-9
                && Math.abs(parseFloat(temp) - t) < 1e-9
                && document.querySelector('[data-test-script-state="notRunning"]') !== null;
        }""",
        arg=[z1, temperature],
        timeout=WAIT_S * 1000,
        polling=50,
    )
    loss = float(cross_entropy_loss([z1, 0.0, 0.0], 0, temperature=temperature))
    assert await page.locator('[data-testid="stMetricValue"]').first.inner_text() == f"{loss:.4f}"
    box = page.get_by_role("spinbutton", name=_en("softmax.exact_label", name=CAT), exact=True)
    assert float(await box.input_value()) == pytest.approx(z1)
    assert await page.locator('[data-testid="stException"]').count() == 0


async def _count_finished_runs(page) -> list[int]:
    """A counter (``[n]``) of the "run finished" frames this page's websocket has received."""
    heard = [0]

    def received(event: dict) -> None:
        response = event["response"]
        if response["opcode"] == 2 and run_finished(base64.b64decode(response["payloadData"])):
            heard[0] += 1

    cdp = await page.context.new_cdp_session(page)
    cdp.on("Network.webSocketFrameReceived", received)
    await cdp.send("Network.enable")
    return heard


async def _warm(browser, base: str) -> None:
    page = await browser.new_page()  # the server's first visit reruns once (ui/common/shell.py)
    await page.goto(f"{base}/softmax?lang=en", wait_until="domcontentloaded")
    await page.wait_for_function(SETTLED, timeout=WAIT_S * 1000)
    await page.close()


async def _the_class_session(base: str) -> None:
    from playwright.async_api import async_playwright

    from bench.bench_classroom import CONFIDENT, _move

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            await _warm(browser, base)
            page, logit, temp = await _open(browser, base, CONFIDENT)
            # Busy: the first move as soon as the sliders are there, each next one right after the last.
            for slider, key, shown in (
                (logit, "ArrowRight", "9.10"),
                (temp, "ArrowRight", "1.2"),
                (temp, "ArrowLeft", "1"),
            ):
                await slider.focus()
                await slider.press(key)
                assert await slider.get_attribute("aria-valuetext") == shown
            await _shows(page, z1=9.1, temperature=1.0)

            # The benchmark's move: answered, though the loss's four decimals do not change (2.24e-4 → 2.47e-4,
            # "0.0002"; the benchmark's old probe, the loss's text, waited for ever here).
            move = await _move(page, _en("softmax.logit_label", name=CAT), "sm_z", 0, "ArrowLeft", WAIT_S)
            assert move["answered"], move
            assert move["value"] == pytest.approx(9.0)
            assert not move["loss_changed"]
            await _shows(page, z1=9.0, temperature=1.0)
        finally:
            await browser.close()


async def _a_move_before_the_last_answer_arrived(base: str) -> None:
    from playwright.async_api import async_playwright

    relay = HoldingRelay(base)
    via = await relay.start()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            await _warm(browser, base)
            page, _, temp = await _open(browser, via, "&sm_z=9,0,0")
            heard = await _count_finished_runs(page)
            await page.wait_for_function(SETTLED, timeout=WAIT_S * 1000)
            await _shows(page, z1=9.0, temperature=1.0)
            await temp.focus()

            sent, got = relay.finished, heard[0]
            relay.hold()  # the browser hears nothing back: to it the session is busy with the first move
            for key, shown in (("ArrowRight", "1.2"), ("ArrowLeft", "1")):
                done = relay.finished
                await temp.press(key)
                assert await temp.get_attribute("aria-valuetext") == shown
                async with asyncio.timeout(WAIT_S):  # the server ran it (the browser has not heard yet)
                    while relay.finished == done:
                        await asyncio.sleep(0.05)
            relay.release()  # now the browser gets both answers, in order
            async with asyncio.timeout(WAIT_S):
                while heard[0] - got < relay.finished - sent:
                    await asyncio.sleep(0.05)

            await _shows(page, z1=9.0, temperature=1.0)
            assert urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)["sm_T"] == ["1"]
            assert await temp.get_attribute("aria-valuetext") == "1"
        finally:
            await browser.close()
            await relay.close()


@pytest.mark.browser
def test_moves_made_while_the_session_is_busy_are_answered(server):
    asyncio.run(_the_class_session(server))


@pytest.mark.browser
def test_a_move_made_before_the_last_answer_arrived_ends_in_the_url_too(server):
    asyncio.run(_a_move_before_the_last_answer_arrived(server))
