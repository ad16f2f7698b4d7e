"""A build folder changed after its build wrote it (truncated, emptied) is never served as if complete."""

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data as dashboard_data
from dashboard import integrity


def open_root(params: dict) -> AppTest:
    """The app at its root URL (the overview) with `params` as its query."""
    at = AppTest.from_file("../../streamlit_app.py", default_timeout=60)
    at.query_params.update(params)
    return at.run()


pytestmark = pytest.mark.skipif(not (dashboard_data.DATA_DIR / "values.csv").exists(), reason="data/current not built")


def _texts(at) -> str:
    return " | ".join([m.value for m in at.markdown] + [e.value for e in at.error] + [w.value for w in at.warning])


def _builds(tmp_path: Path, names) -> Path:
    """A data folder holding copies of the real build (oldest first), data/current pointing at the last one."""
    data = tmp_path / "data"
    data.mkdir()
    for name in names:
        shutil.copytree(dashboard_data.DATA_DIR.resolve(), data / name)
    (data / "current").symlink_to(names[-1])
    return data


def _papi_only(values: Path) -> None:
    """values.csv cut after its PAPI rows, as a disk that filled up mid-write leaves it."""
    lines = values.read_text(encoding="utf-8").splitlines(keepends=True)
    keep = [lines[0]] + [line for line in lines[1:] if line.startswith("papi,")]
    values.write_text("".join(keep), encoding="utf-8")


@pytest.fixture
def serve(monkeypatch):
    def _serve(data: Path):
        monkeypatch.setattr(dashboard_data, "DATA_DIR", data / "current")

    return _serve


def test_truncated_current_build_falls_back_to_the_previous_intact_one(tmp_path, serve):
    data = _builds(tmp_path, ["build-a", "build-b"])
    _papi_only(data / "build-b" / "values.csv")
    serve(data)
    at = open_root({"provinces": "01"})
    assert not at.exception
    assert "values.csv chỉ còn" in _texts(at) and "bản dữ liệu hợp lệ trước đó" in _texts(at)
    assert {"PCI", "PAPI"} <= {m.label.split()[0] for m in at.metric}, "the previous build's figures, all indices"
    at = open_root({"lang": "en", "index": "pci", "year": "2019"})
    assert not at.exception and "values.csv has only" in _texts(at)
    assert integrity.verdict(data / "current").folder == (data / "build-a").resolve()


@pytest.mark.parametrize("damage", ["truncated", "empty"])
def test_no_intact_build_stops_with_a_clear_message(tmp_path, serve, damage):
    data = _builds(tmp_path, ["build-a"])
    values = data / "build-a" / "values.csv"
    _papi_only(values) if damage == "truncated" else values.write_bytes(b"")
    serve(data)
    at = open_root({})
    assert not at.exception
    assert not at.metric, "no half of the data"
    assert "Không có bản dữ liệu hợp lệ" in at.error[0].value and "values.csv" in at.error[0].value
    at = open_root({"lang": "en"})
    assert not at.exception and "No intact data build" in at.error[0].value
