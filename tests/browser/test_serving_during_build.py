"""The running app keeps serving while a build runs, and after a failed build it still serves the last good data."""

import threading
from pathlib import Path

import pytest

from loaders.build import BuildError, build
from tests.browser.conftest import _free_port, settle, start_app
from tests.browser.test_pages import drawn_charts
from tests.conftest import SOURCES

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]


def link_sources(dest: Path) -> Path:
    """A sources folder of symlinks to the real files, so one file can be replaced without touching the others."""
    for f in SOURCES.rglob("*"):
        if f.is_file():
            target = dest / f.relative_to(SOURCES)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(f)
    return dest


def load_rankings(page, url) -> int:
    page.goto(f"{url}/rankings?lang=en&index=pci&year=2019&provinces=01,94")
    settle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    return drawn_charts(page)


def test_serving_through_failed_and_good_builds(tmp_path, browser):
    sources, data = link_sources(tmp_path / "sources"), tmp_path / "data"
    build(sources, data, log=lambda *_: None)
    good = (data / "current").resolve()
    port = _free_port()
    app = start_app(port, env={"REFORM_DATA_DIR": str(data)})
    url = f"http://127.0.0.1:{port}"
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        assert load_rankings(page, url) >= 2

        # A broken workbook: the build fails while pages keep loading; the last good build stays current.
        broken = sources / "pci" / "vcci-workbooks" / "PCI_2019.xlsx"
        broken.unlink()
        broken.write_bytes((SOURCES / "pci" / "vcci-workbooks" / "PCI_2019.xlsx").read_bytes()[:5000])
        errors = []

        def failing_build():
            try:
                build(sources, data, force=True, log=lambda *_: None)
            except BuildError as e:
                errors.append(str(e))

        t = threading.Thread(target=failing_build)
        t.start()
        while t.is_alive():
            assert load_rankings(page, url) >= 2
        t.join()
        assert errors and "PCI_2019.xlsx" in errors[0]
        assert (data / "current").resolve() == good
        assert load_rankings(page, url) >= 2

        # A good rebuild while pages load: every load succeeds, and the new build becomes current.
        broken.unlink()
        broken.symlink_to(SOURCES / "pci" / "vcci-workbooks" / "PCI_2019.xlsx")
        t = threading.Thread(target=lambda: build(sources, data, force=True, log=lambda *_: None))
        t.start()
        while t.is_alive():
            assert load_rankings(page, url) >= 2
        t.join()
        assert (data / "current").resolve() != good
        assert load_rankings(page, url) >= 2
    finally:
        page.close()
        app.terminate()
        app.wait(10)
