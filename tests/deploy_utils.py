"""HAProxy from ``deploy/haproxy.cfg`` in front of test servers, on free ports, restartable.

The real config file is used; only its addresses change, through the environment variables the file
reads (``ML_PROXY_BIND``, ``ML_REPLICA_1``, ``ML_REPLICA_2``). ``sticky=False`` drops the file's
``cookie SERVERID`` line, to show by hand what stickiness is for (see tests/test_deploy.py).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.browser_utils import free_port

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
HAPROXY_CFG = DEPLOY / "haproxy.cfg"


def haproxy_path() -> str | None:
    for name in (shutil.which("haproxy"), "/usr/sbin/haproxy"):
        if name and os.path.exists(name):
            return name
    return None


def haproxy_config(*, sticky: bool = True) -> str:
    """The text of deploy/haproxy.cfg; without stickiness, the same file less its cookie line."""
    text = HAPROXY_CFG.read_text()
    if sticky:
        return text
    lines = text.splitlines(keepends=True)
    kept = [line for line in lines if not line.strip().startswith("cookie SERVERID")]
    assert len(kept) == len(lines) - 1, "deploy/haproxy.cfg should have exactly one 'cookie SERVERID' line"
    return "".join(kept)


def wait_healthy(url: str, *, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before {url} answered")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer 200 within {timeout:.0f} s")
        time.sleep(0.3)


class HAProxy:
    """``haproxy -db -f <config>`` on a free 127.0.0.1 port, balancing the given replica URLs."""

    def __init__(self, replicas: list[str], *, sticky: bool = True) -> None:
        exe = haproxy_path()
        if exe is None:
            raise RuntimeError("haproxy not found (apt-get install haproxy)")
        self._dir = tempfile.TemporaryDirectory(prefix="ml-explorer-haproxy-")
        self.cfg = Path(self._dir.name) / "haproxy.cfg"
        self.cfg.write_text(haproxy_config(sticky=sticky))
        self.log = Path(self._dir.name) / "haproxy.log"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, ML_PROXY_BIND=f"127.0.0.1:{self.port}")
        for k, base in enumerate(replicas, start=1):
            self.env[f"ML_REPLICA_{k}"] = base.removeprefix("http://")
        self._cmd = [exe, "-db", "-f", str(self.cfg)]
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 30.0) -> None:
        with self.log.open("ab") as log:  # the child keeps its own handle
            self.proc = subprocess.Popen(self._cmd, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        # healthy through the proxy means: listening, and at least one replica passed its check
        wait_healthy(self.url + "/_stcore/health", timeout=timeout, proc=self.proc)

    def kill(self) -> None:
        """Stop at once: every connection through the proxy, websockets included, drops."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.proc = None

    def log_lines(self, needle: str = "") -> list[str]:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return [line for line in text.splitlines() if needle in line]

    def close(self) -> None:
        self.kill()
        self._dir.cleanup()

    def __enter__(self) -> HAProxy:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
