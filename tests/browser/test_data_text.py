"""Text that comes from the build (a province name, a credit line) is shown as text, never as Markdown."""

import json
import shutil

import pandas as pd
import pytest

from dashboard.data import DATA_DIR
from loaders import integrity
from tests.browser.conftest import _free_port, settle, start_app

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]
HOSTILE = "Hà Nội **x** http://evil.example [y](http://evil.example) $a$"


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    """The real build with Hà Nội's name replaced by Markdown (the build's file list written again)."""
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(DATA_DIR.resolve(), data / "current")
    cur = data / "current"
    p = pd.read_csv(cur / "provinces.csv", dtype=str, keep_default_na=False)
    p.loc[p["code"] == "01", "name_vi"] = HOSTILE
    p.to_csv(cur / "provinces.csv", index=False)
    summary = json.loads((cur / "summary.json").read_text(encoding="utf-8"))
    summary[integrity.KEY] = integrity.manifest(cur)
    (cur / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    port = _free_port()
    app = start_app(port, env={"REFORM_DATA_DIR": str(data)})
    yield f"http://127.0.0.1:{port}"
    app.terminate()
    app.wait(10)


@pytest.mark.parametrize("path", ["/profile?province=01", "/?provinces=01,79", "/map?index=pci&year=2019"])
def test_a_hostile_name_is_shown_as_written(hostile_app, page, path):
    page.goto(hostile_app + path)
    settle(page)
    main = page.locator("[data-testid='stMain']")
    assert page.locator("[data-testid='stException']").count() == 0
    assert main.locator("a[href^='http://evil']").count() == 0, "a link from the data went live"
    assert main.locator("strong", has_text="x").count() == 0 or "**x**" in main.inner_text()
    if "map" not in path:
        assert HOSTILE in main.inner_text().replace("\u2060", ""), "shown as written (word joiners are invisible)"
