"""HAProxy from ``deploy/haproxy.cfg`` in front of test servers, on free ports, restartable.

The real config file is used; only its addresses change, through the environment variables the file
reads (``ML_PROXY_BIND``, ``ML_REPLICA_1``, ``ML_REPLICA_2``; with ``tls_cert``, ``ML_TLS_CERT``,
``ML_PROXY_TLS_BIND`` and ``ML_HTTPS_PORT`` too). ``sticky=False`` drops the file's ``cookie SERVERID``
lines, to show by hand what stickiness is for (see tests/test_deploy.py). ``self_signed_cert`` makes a
certificate for 127.0.0.1 with the ``openssl`` command.
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
    """The text of deploy/haproxy.cfg; without stickiness, the same file less its cookie lines."""
    text = HAPROXY_CFG.read_text()
    if sticky:
        return text
    lines = text.splitlines(keepends=True)
    kept = [line for line in lines if not line.strip().startswith("cookie SERVERID")]
    assert len(kept) == len(lines) - 2, "deploy/haproxy.cfg should have two 'cookie SERVERID' lines (TLS and not)"
    return "".join(kept)


def openssl_path() -> str | None:
    return shutil.which("openssl")


def self_signed_cert(folder: Path) -> tuple[Path, Path]:
    """(PEM for HAProxy: certificate then key, the certificate alone for a client to trust), for 127.0.0.1."""
    key, cert, pem = folder / "key.pem", folder / "cert.pem", folder / "site.pem"
    subprocess.run(
        [openssl_path() or "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    pem.write_bytes(cert.read_bytes() + key.read_bytes())
    return pem, cert


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
    """``haproxy -db -f <config>`` on a free 127.0.0.1 port, balancing the given replica URLs.

    With ``tls_cert`` (a PEM: certificate, then key) it also listens with TLS on a second free port,
    ``https_url``; plain HTTP then redirects there (the health check excepted)."""

    def __init__(self, replicas: list[str], *, sticky: bool = True, tls_cert: Path | None = None) -> None:
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
        self.env.pop("ML_TLS_CERT", None)
        self.https_url = None
        if tls_cert is not None:
            self.https_port = free_port()
            self.https_url = f"https://127.0.0.1:{self.https_port}"
            self.env.update(
                ML_TLS_CERT=str(tls_cert),
                ML_PROXY_TLS_BIND=f"127.0.0.1:{self.https_port}",
                ML_HTTPS_PORT=str(self.https_port),
            )
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
