"""A running app and a headless Chromium (Debian's, driven by Playwright) for the browser tests."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "shots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(
    port: int, env: dict | None = None, script: Path = ROOT / "streamlit_app.py", cwd: Path = ROOT
) -> subprocess.Popen:
    """Start a Streamlit script (the app by default) on 127.0.0.1:port and wait until it answers its health check.

    Streamlit reads `.streamlit/config.toml` from `cwd`.
    """
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
        if proc.poll() is not None:
            raise RuntimeError(f"app exited: {proc.stderr.read().decode(errors='replace')[-2000:]}")
    proc.kill()
    raise RuntimeError("app did not start within 60 s")


@pytest.fixture(scope="session")
def app_url():
    """Base URL of a freshly started app (stopped after the session)."""
    port = _free_port()
    proc = start_app(port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: `make test` installs Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page at a briefing-friendly size."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="vi-VN")
    pg = ctx.new_page()
    yield pg
    ctx.close()


def settle(page, timeout_s: float = 45.0) -> None:
    """Wait until the app has finished running its script and the DOM stops changing."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_s * 1000)
    # every page has a title; before it shows, the app may still be routing the first request
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=timeout_s * 1000)
    t0, last, stable = time.time(), None, 0
    while time.time() - t0 < timeout_s:
        running = page.locator("[data-testid='stStatusWidget']").count()
        n = len(page.content())
        stable = stable + 1 if (n == last and not running) else 0
        if stable >= 3:
            return
        last = n
        page.wait_for_timeout(300)
