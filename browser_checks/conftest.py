"""Shared pieces of the real-browser checks: Debian's chromium driven headless by Playwright, a request log.

Run them with ``make browser-check`` (it installs chromium, the npm assets and Playwright first), or
``python -m pytest browser_checks``. They are not part of ``pytest tests chapters``.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "build" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags for a quiet, sandbox-free headless chromium that talks to nothing on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_SCHEMES = ("file", "data", "blob", "about")
LOOPBACK = ("127.0.0.1", "localhost", "[::1]", "::1")


def is_on_this_machine(url: str) -> bool:
    """True for file:, data:, blob: and about: URLs and for http(s)/ws(s) to the loopback interface."""
    parts = urlsplit(url)
    web = parts.scheme in ("http", "https", "ws", "wss")
    return parts.scheme in LOCAL_SCHEMES or (web and parts.hostname in LOOPBACK)


class RequestLog:
    """Every request a page makes, the ones that failed, console errors and uncaught exceptions.

    Requests that would leave the machine are recorded and aborted, so a faulty page cannot hang on the network.
    """

    def __init__(self, page):
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        page.route("**/*", self._route)

    @staticmethod
    def _route(route):
        if is_on_this_machine(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    @property
    def outside(self) -> list[str]:
        """The requests that would have left the machine."""
        return [u for u in self.requests if not is_on_this_machine(u)]


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.exit("Playwright is missing: run `make browser-check` or `pip install -e '.[browser]'`", returncode=1)
    if not Path(CHROMIUM).exists():
        pytest.exit("chromium is missing: run `make browser-check` or `apt-get install chromium`", returncode=1)
    with sync_playwright() as p:
        # Playwright gives the browser a new, empty profile (user data dir) in a temporary folder.
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(url: str, server: subprocess.Popen, log, log_path: Path, what: str, timeout_s: float) -> None:
    """Poll ``url`` until it answers; fail with the last lines of ``log_path`` if ``server`` exits or time runs out."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail(f"{what} did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.5)
