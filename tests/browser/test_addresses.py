"""The stable addresses, fetched from a running app over HTTP: every file whole and with a usable type, the data
package valid from its address, pandas reading the tables from theirs, the data page naming them, and a build swap
never serving a mixed or partial file."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import threading
import urllib.request
from pathlib import Path

import frictionless
import pandas as pd
import pytest

from dashboard import research
from loaders.build import _swap_in
from loaders.common import COLUMNS
from tests.browser.conftest import _free_port, settle, start_app
from tests.conftest import DATA

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

TYPES = {".csv": "text/csv; charset=utf-8", ".json": "application/json", ".parquet": "application/octet-stream"}


def _get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.status, r.headers.get("Content-Type", ""), r.read()


def _served_files() -> list[str]:
    return [name for name, _ in research.FILES if (DATA / name).exists()]


def test_the_app_serves_its_own_data_folder():
    assert research.served(DATA.parent), "static/ must link to the data folder the app reads"
    assert {"values.csv", "values.parquet", "datapackage.json", "changes.csv", "provinces.csv"} <= set(_served_files())


@pytest.mark.parametrize("name", [name for name, _ in research.FILES if (DATA / name).exists()])
def test_every_address_returns_the_current_file_whole(app_url, name):
    status, ctype, body = _get(f"{research.files_url(app_url)}/{name}")
    assert 200 == status
    assert TYPES[Path(name).suffix] == ctype
    assert (DATA / name).read_bytes() == body


def test_an_unknown_file_is_not_found(app_url):
    with pytest.raises(urllib.error.HTTPError) as e:
        _get(f"{research.files_url(app_url)}/no-such-table.csv")
    assert 404 == e.value.code


def test_the_data_package_validates_from_its_address(app_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no table here: every resource is read from the app
    url = f"{research.files_url(app_url)}/datapackage.json"
    report = frictionless.validate(url)
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
    names = {t.name for t in report.tasks}
    assert {"values", "values_parquet", "indicators", "sources", "provinces", "changes"} <= names
    values = next(t for t in report.tasks if t.name == "values")
    assert len(pd.read_csv(DATA / "values.csv", usecols=["index"])) == values.stats["rows"]
    summary = json.loads((DATA / "summary.json").read_text(encoding="utf-8"))
    assert summary["version"]["id"] == json.loads(_get(url)[2])["version"]


def test_pandas_reads_the_tables_from_their_addresses(app_url):
    base = research.files_url(app_url)
    local = pd.read_csv(DATA / "values.csv", dtype=dict(COLUMNS), keep_default_na=False, na_values=[""])
    remote = pd.read_csv(f"{base}/values.csv", dtype={"province_code": str})
    assert len(local) == len(remote) and remote["province_code"].str.fullmatch(r"\d\d").all()
    typed = pd.read_parquet(f"{base}/values.parquet", dtype_backend="numpy_nullable")
    assert len(local) == len(typed)
    assert local["rank"].isna().sum() == typed["rank"].isna().sum()
    assert local["province_code"].tolist() == typed["province_code"].tolist()
    codebook = pd.read_csv(f"{base}/indicators.csv")
    assert set(local["indicator"]) <= set(codebook["code"])


def test_the_data_page_shows_the_addresses_code_and_version(app_url, page):
    page.goto(f"{app_url}/data?lang=en&section=addresses")  # each reference section is sent when chosen
    settle(page)
    main = page.locator("[data-testid='stMain']")
    text = main.inner_text()
    version = json.loads((DATA / "summary.json").read_text(encoding="utf-8"))["version"]["id"]
    assert f"{research.files_url(app_url)}/values.csv" in page.content()
    assert f'BASE = "{research.files_url(app_url)}"' in text
    assert f"Data version {version} (built " in text  # the footer
    sections = main.locator("[data-testid='stButtonGroup']")  # the pills choosing the reference section
    sections.get_by_text("Changes in this version", exact=True).click()
    settle(page)
    assert "changes.csv at its stable address" in main.inner_text()
    assert "section=changes" in page.url, "the chosen section is in the address"
    sections.get_by_text("How to cite", exact=True).click()
    settle(page)
    text = main.inner_text()
    assert f"(Data version {version}) [Data set]" in text  # the citation
    html = page.content()
    for who in ("VCCI &amp; USAID (2005–2024)", "CECODES, VFF-CRT, RTA &amp; UNDP", "Ministry of Home Affairs ("):
        assert who in html
    page.get_by_role("tab", name="BibTeX").click()  # each citation format is sent when its tab is chosen
    settle(page)
    assert f"@dataset{{vn_reform_indices_{version.replace('-', '_').replace('.', '_')}," in page.content()
    page.get_by_role("tab", name="RIS").click()
    settle(page)
    html = page.content()
    assert "TY  - DATA" in html and f"ET  - {version}" in html
    assert not re.search(r"<(year|province)>|\{(version|date|years|url|against|n)\}", text), "a placeholder is shown"


# --- A build swap while files are being read. ---


def _write_build(data: Path, name: str, values: bytes) -> bytes:
    folder = data / name
    folder.mkdir(parents=True)
    for f in ("datapackage.json", "summary.json", "indicators.csv"):
        shutil.copyfile(DATA / f, folder / f)
    (folder / "values.csv").write_bytes(values)
    return values


def test_a_build_swap_serves_one_build_or_the_other_whole(tmp_path):
    """Readers during swaps get build A's or build B's values.csv entire, never a mix or a cut file."""
    data, app = tmp_path / "data", tmp_path / "app"
    original = (DATA / "values.csv").read_bytes()
    a = _write_build(data, "build-a", original)
    b = _write_build(data, "build-b", original.replace(b",pci,", b",PCI,", 1) + original[: len(original) // 3])
    _swap_in(data, data / "build-a")
    app.mkdir()
    (app / "files.py").write_text('import streamlit as st\n\nst.write("files")\n', encoding="utf-8")
    (app / "static").symlink_to(data)
    (app / ".streamlit").mkdir()
    (app / ".streamlit" / "config.toml").write_text("[server]\nenableStaticServing = true\n", encoding="utf-8")
    port = _free_port()
    proc = start_app(port, script=app / "files.py", cwd=app)
    url = f"http://127.0.0.1:{port}/app/static/current/values.csv"
    wanted = {hashlib.sha256(a).hexdigest(): "a", hashlib.sha256(b).hexdigest(): "b"}
    seen, stop = [], threading.Event()

    def swap():
        n = 0
        while not stop.is_set():
            _swap_in(data, data / ("build-b" if n % 2 == 0 else "build-a"))
            n += 1

    swapper = threading.Thread(target=swap)
    swapper.start()
    try:
        for _ in range(60):
            status, _, body = _get(url)
            assert 200 == status
            seen.append(wanted.get(hashlib.sha256(body).hexdigest(), f"mixed/partial ({len(body)} bytes)"))
    finally:
        stop.set()
        swapper.join()
        proc.terminate()
        proc.wait(10)
    assert set(seen) <= {"a", "b"}, [s for s in seen if s not in ("a", "b")][:3]
    assert {"a", "b"} == set(seen), "the swaps happened while the files were read"
