"""Two real builds, the second from a copy of the sources with one row changed (Hà Nội in PCI 2019): the version,
changes.csv, `python -m loaders diff` on the build folders and on zip packages, and the Parquet copy of the table."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_build_safety import PCI_2019, SUMMARY, edit_xlsx, link_sources, set_cell

from dashboard import data as dashboard_data
from dashboard import export
from loaders import build, diff, version
from loaders.common import COLUMNS, KEY
from tests.conftest import ROOT

pytestmark = pytest.mark.xdist_group("build")

HA_NOI_2019 = {"index": "pci", "year": "2019", "province_code": "01", "vintage": "63", "indicator": "pci_total"}


def _quiet(*_):
    pass


def _ha_noi_changed(xml: str) -> str:
    """PCI 2019 Summary row 25 (Ha Noi): score 68.80 → 70.1 and rank 9 → 8."""
    return set_cell("B25", 8)(set_cell("C25", 70.1)(xml))


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """(data dir, sources A, sources B, build A, build B): B built after A into the same data dir."""
    base = tmp_path_factory.mktemp("release")
    src_a = link_sources(base / "a")
    src_b = link_sources(base / "b", {PCI_2019: edit_xlsx(PCI_2019, {SUMMARY: _ha_noi_changed})})
    data = base / "data"
    build.build(src_a, data, force=True, log=_quiet)
    a = (data / "current").resolve()
    build.build(src_b, data, force=True, log=_quiet)
    b = (data / "current").resolve()
    assert a != b and a.exists()
    return data, src_a, src_b, a, b


def _summary(folder: Path) -> dict:
    return json.loads((folder / "summary.json").read_text(encoding="utf-8"))


def _csv_text(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype=str, keep_default_na=False)


def _row(values: pd.DataFrame, key: dict) -> dict:
    m = pd.Series(True, index=values.index)
    for k, v in key.items():
        m &= values[k] == v
    (row,) = values[m].to_dict("records")
    return row


def test_the_changed_source_row_is_the_only_change(builds):
    _, _, _, a, b = builds
    old = _row(_csv_text(a, "values.csv"), HA_NOI_2019)
    got = _csv_text(b, "changes.csv")
    assert diff.CHANGE_COLUMNS == list(got.columns)
    key = tuple(HA_NOI_2019.values())
    assert [("changed", *key), ("rank", *key)] == [tuple(r) for r in got[["change", *KEY]].itertuples(index=False)]
    changed, rank = got.to_dict("records")
    assert (old["value"], 70.1) == (changed["old"], float(changed["new"]))
    assert ("9", "8") == (rank["old"], rank["new"])
    assert {"pci-vcci-2019"} == set(got["source_id"])
    assert all(ref.endswith("!25") and "Summary" in ref for ref in got["source_ref"])


def test_the_version_names_the_build_date_and_the_tables(builds):
    _, _, _, a, b = builds
    va, vb = _summary(a)["version"], _summary(b)["version"]
    for folder, v in ((a, va), (b, vb)):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}\.[0-9a-f]{8}", v["id"]), v
        assert v["id"] == f"{v['date']}.{version.tables_sha256(folder)[:8]}"
        assert v["id"] == json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["version"]
        assert v["id"] == pq.read_schema(folder / "values.parquet").metadata[b"version"].decode()
    assert va["id"] != vb["id"]
    assert {"against": va["id"], "added": 0, "removed": 0, "changed": 1, "rank": 1} == _summary(b)["changes"]
    assert {"against": None, "added": 0, "removed": 0, "changed": 0, "rank": 0} == _summary(a)["changes"]


def test_diff_command_on_two_build_folders(builds, tmp_path):
    _, _, _, a, b = builds
    out = tmp_path / "changes.csv"
    cmd = [sys.executable, "-m", "loaders", "diff", str(a), str(b), "--out", str(out)]
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert 0 == run.returncode, run.stderr
    va, vb = _summary(a)["version"]["id"], _summary(b)["version"]["id"]
    assert f"From {va} to {vb}: 0 added, 0 removed, 1 changed, 1 rank changes" in run.stdout
    assert re.search(r"changed\s+pci 2019 01/63 pci_total\s+68\.8\d* → 70\.1\s+pci-vcci-2019 Summary!25", run.stdout)
    assert re.search(r"rank\s+pci 2019 01/63 pci_total\s+9 → 8\s", run.stdout)
    assert (b / "changes.csv").read_bytes() == out.read_bytes()


def test_diff_command_on_two_zip_packages(builds, tmp_path):
    _, _, _, a, b = builds
    zips = []
    for name, folder in (("a", a), ("b", b)):
        path = tmp_path / f"{name}.zip"
        path.write_bytes(export.export_zip(dashboard_data.load(folder), export.Selection(indices=("pci",))))
        zips.append(path)
    table, va, vb = diff.compare(*zips)
    assert (va, vb) == (_summary(a)["version"]["id"], _summary(b)["version"]["id"])
    assert [("changed", *HA_NOI_2019.values()), ("rank", *HA_NOI_2019.values())] == [
        tuple(r) for r in table[["change", *KEY]].itertuples(index=False)
    ]


def test_diff_names_a_side_it_cannot_read(tmp_path):
    (tmp_path / "empty").mkdir()
    run = subprocess.run(
        [sys.executable, "-m", "loaders", "diff", str(tmp_path / "empty"), str(tmp_path / "nowhere.zip")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert 1 == run.returncode
    assert "empty: no values.csv here" in run.stderr


def test_the_same_tables_again_keep_their_version_and_changes(builds, tmp_path):
    data0, _, src_b, _, b = builds
    data = tmp_path / "data"
    shutil.copytree(data0, data, symlinks=True, ignore=shutil.ignore_patterns(".build.lock"))
    build.build(src_b, data, force=True, log=_quiet)
    again = (data / "current").resolve()
    assert again.name != b.name
    assert _summary(b)["version"] == _summary(again)["version"]
    assert (b / "changes.csv").read_bytes() == (again / "changes.csv").read_bytes()


# --- Parquet. ---


def _csv_typed(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "values.csv", dtype=dict(COLUMNS), keep_default_na=False, na_values=[""])


def test_parquet_has_the_csv_rows_with_their_types(builds):
    a = builds[3]
    table = pq.read_table(a / "values.parquet")
    assert list(COLUMNS) == table.schema.names
    assert pa.string() == table.schema.field("province_code").type
    assert pa.int32() == table.schema.field("rank").type
    got = table.to_pandas(types_mapper={pa.int32(): pd.Int64Dtype(), pa.string(): pd.StringDtype()}.get)
    want = _csv_typed(a)
    pd.testing.assert_frame_equal(want.astype({"year": "Int64", "vintage": "Int64"}), got, check_dtype=False)
    assert want["rank"].isna().sum() == table.column("rank").null_count > 0


def test_duckdb_reads_the_same_rows_from_the_parquet(builds):
    a = builds[3]
    path = (a / "values.parquet").as_posix()
    con = duckdb.connect()
    types = dict(con.sql(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '{path}')").fetchall())
    assert ("VARCHAR", "INTEGER", "DOUBLE") == (types["province_code"], types["rank"], types["value"])
    got = con.sql(f"SELECT * FROM '{path}' ORDER BY \"index\", year, province_code, vintage, indicator").df()
    want = _csv_typed(a).sort_values(KEY, kind="stable").reset_index(drop=True)
    assert len(want) == len(got)
    for col in COLUMNS:
        left, right = want[col].astype(object).where(want[col].notna(), None), got[col].astype(object)
        right = right.where(got[col].notna(), None)
        assert left.tolist() == right.tolist(), col
    n = con.sql(f"SELECT count(*) FROM '{path}' WHERE province_code = '01' AND rank IS NOT NULL").fetchall()[0][0]
    assert int(((want["province_code"] == "01") & want["rank"].notna()).sum()) == n
