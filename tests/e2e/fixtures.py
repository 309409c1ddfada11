"""The browser tests' server, browser and axe-core.

The server is a separate process (gunicorn, as in production) on its own SQLite file,
built once per session by tests/e2e/bootstrap.py from the demo loaders; the browser is
Debian's chromium driven by Playwright (never a downloaded browser). Without chromium
or node_modules/axe-core the browser tests skip — except in CI (CI=true), where they
fail.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MODES = {"standard": None, "elder": "elder"}
IN_CI = os.environ.get("CI") == "true"


def missing_or_fail(reason: str):
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: browser tests must run)", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the e2e server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the e2e server did not answer at {url}")


class Server:
    def __init__(self, base_url: str, pages: dict, skipped_demos: list, env: dict | None = None):
        self.base_url = base_url
        self.pages = pages
        self.skipped_demos = skipped_demos
        self.env = env or {}  # the server's environment (settings, E2E_DB) for tests that add data

    def run_python(self, code: str) -> str:
        """Run ``code`` with Django set up against the server's database; its stdout."""
        done = subprocess.run(
            [sys.executable, "-c", "import django; django.setup()\n" + code],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-4000:])
        return done.stdout

    def url(self, name: str) -> str:
        """The absolute URL of a page type, skipping the test if it does not exist yet."""
        entry = self.pages[name]
        if not entry["url"]:
            pytest.skip(f"page type {name!r}: {entry['reason']}")
        return self.base_url + entry["url"]


@contextlib.contextmanager
def demo_server(port: int | None = None):
    """Build the demo site in a temporary directory and serve it with gunicorn; yields a
    ``Server``. Used by the e2e fixture and by docs/screenshots/make_screenshots.py.
    Raises RuntimeError when the demo cannot be built or the server does not come up."""
    # Not tmp_path_factory: pytest deletes all but the newest three base temp directories,
    # so a concurrent pytest run would remove this server's database mid-session.
    workdir = Path(tempfile.mkdtemp(prefix="anxin-e2e-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.e2e.settings",
        "E2E_DB": str(workdir / "e2e.sqlite3"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    pages_file = workdir / "pages.json"
    built = subprocess.run(
        [sys.executable, "-m", "tests.e2e.bootstrap", str(pages_file)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if built.returncode != 0:
        shutil.rmtree(workdir, ignore_errors=True)
        raise RuntimeError(f"building the e2e demo site failed:\n{built.stderr[-4000:]}")
    data = json.loads(pages_file.read_text(encoding="utf-8"))
    port = port or int(os.environ.get("E2E_PORT") or free_port())  # a fixed port where ports are assigned
    log = open(workdir / "server.log", "w")  # noqa: SIM115 - closed at teardown
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "8", "anxin.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_for(base_url + "/offline/", process)
        yield Server(base_url, data["pages"], data["skipped_demos"], env)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def e2e_server():
    try:
        server = demo_server()
        started = server.__enter__()
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
    try:
        yield started
    finally:
        server.__exit__(None, None, None)


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        missing_or_fail(f"{AXE} is missing: run `npm ci` (axe-core is a dev dependency in package.json)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser():
    """One chromium per test module: Playwright's sync API keeps an event loop running
    while it is open, and Django refuses database calls from a thread with a running
    loop, so the browser must be closed before the next module's database tests."""
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        missing_or_fail(f"{CHROMIUM} is missing: `apt-get install chromium` (no browser is downloaded)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def new_page(browser, e2e_server):
    """``new_page(mode="elder", width=360)``: a fresh context (own cookies) and page."""
    contexts = []

    def make(mode: str = "standard", width: int = 360, height: int = 800, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN", **options)
        contexts.append(context)
        if MODES.get(mode, mode) and mode != "standard":
            context.add_cookies([{"name": "anxin_mode", "value": MODES.get(mode, mode), "url": e2e_server.base_url}])
        page = context.new_page()
        page.foreign_requests = []
        page.csp_errors = []
        page.on(
            "request",
            lambda request: (
                None
                if request.url.startswith((e2e_server.base_url, "data:", "blob:"))
                else page.foreign_requests.append(request.url)
            ),
        )
        page.on(
            "console",
            lambda message: page.csp_errors.append(message.text) if "Content Security Policy" in message.text else None,
        )
        return page

    yield make
    for context in contexts:
        context.close()
