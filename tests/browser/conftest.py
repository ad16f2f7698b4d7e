"""A running app and a headless Chromium (Debian's, driven by Playwright) for the browser tests."""

import subprocess
import time
from pathlib import Path

import pytest

from bench.serving import CHROMIUM, FLAGS, start_app  # noqa: F401 — shared with the benchmark
from bench.serving import free_port as _free_port

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "shots"


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
    # the script has run to its end (Streamlit marks the app root with its script state), not merely paused between
    # two cached computations that send nothing
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout_s * 1000)
    t0, last, stable = time.time(), None, 0
    while time.time() - t0 < timeout_s:
        running = page.locator("[data-testid='stStatusWidget']").count()
        n = len(page.content())
        stable = stable + 1 if (n == last and not running) else 0
        if stable >= 3:
            return
        last = n
        page.wait_for_timeout(300)
