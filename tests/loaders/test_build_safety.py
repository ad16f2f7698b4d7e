"""Bad input loses nothing: a broken source file fails the build with a message naming the file and the remedy,
and the last good build stays byte-identical; concurrent builds cannot corrupt the output; builds are deterministic.

Each case copies the real sources (symlinks, with the one broken file written for real), breaks one thing in a
real layout, and builds into a copy of a good build.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from loaders import build
from tests.conftest import ROOT

pytestmark = pytest.mark.xdist_group("build")

SOURCES = Path(__file__).resolve().parents[3] / "shared" / "sources"
PCI_2019 = "pci/vcci-workbooks/PCI_2019.xlsx"
SUMMARY = "xl/worksheets/sheet1.xml"  # PCI_2019.xlsx: the Summary sheet (row 25 = Ha Noi, row 24 = Ha Nam)
PAPI_2020 = "papi/compiled-2011-2024/2020.csv"


def _quiet(*_):
    pass


def link_sources(dest: Path, broken: dict[str, bytes] | None = None) -> Path:
    """A sources folder of symlinks to the real files, with the files in `broken` written for real instead."""
    broken = broken or {}
    for src in SOURCES.rglob("*"):
        rel = src.relative_to(SOURCES).as_posix()
        target = dest / rel
        if src.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif rel in broken:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(broken[rel])
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(src)
    return dest


def build_hashes(data_dir: Path) -> dict[str, str]:
    """sha256 of every file of the build that data_dir/current points to."""
    cur = (data_dir / "current").resolve()
    return {
        p.relative_to(cur).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(cur.rglob("*"))
        if p.is_file()
    }


# --- Breaking real files: xlsx cells edited in the sheet XML (cached values kept), CSV lines edited as text. ---


def edit_xlsx(rel: str, edits: dict[str, callable]) -> bytes:
    """The workbook `rel` with some of its zip members' XML text rewritten."""
    src = SOURCES / rel
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"edit-{os.getpid()}-{random.random()}.xlsx"
    try:
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                data = zin.read(item.filename)
                if item.filename in edits:
                    data = edits[item.filename](data.decode("utf-8")).encode("utf-8")
                zout.writestr(item, data)
        return out.read_bytes()
    finally:
        out.unlink(missing_ok=True)


def _cell_re(ref: str) -> re.Pattern:
    return re.compile(rf'<c r="{ref}"(?:[^>]*/>|[^>]*>.*?</c>)', re.S)


def set_cell(ref: str, value):
    """An edit putting a number or an inline string into one cell."""

    def edit(xml: str) -> str:
        if isinstance(value, str):
            cell = f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
        else:
            cell = f'<c r="{ref}"><v>{value}</v></c>'
        new, n = _cell_re(ref).subn(cell, xml, count=1)
        assert n == 1, f"cell {ref} not found"
        return new

    return edit


def drop_row(n: int):
    """An edit deleting sheet row n (the rows below keep their numbers: a gap, as when a row is cleared)."""

    def edit(xml: str) -> str:
        new, k = re.subn(rf'<row r="{n}"[^>]*>.*?</row>', "", xml, count=1, flags=re.S)
        assert k == 1
        return new

    return edit


def swap_columns(a: str, b: str):
    """An edit swapping the contents of columns a and b in every row (header and values move together)."""

    def edit(xml: str) -> str:
        def row(m):
            text = m.group(0)
            ca = re.search(rf'<c r="{a}(\d+)"((?:[^>]*/>)|(?:[^>]*>.*?</c>))', text, re.S)
            cb = re.search(rf'<c r="{b}(\d+)"((?:[^>]*/>)|(?:[^>]*>.*?</c>))', text, re.S)
            if not (ca and cb):
                return text
            new_a, new_b = f'<c r="{a}{ca.group(1)}"{cb.group(2)}', f'<c r="{b}{cb.group(1)}"{ca.group(2)}'
            return text[: ca.start()] + new_a + text[ca.end() : cb.start()] + new_b + text[cb.end() :]

        return re.sub(r"<row [^>]*>.*?</row>", row, xml, flags=re.S)

    return edit


def shift_rows(k: int, titles: list[str]):
    """An edit moving every row down by k and writing title lines into the new top rows."""

    def edit(xml: str) -> str:
        xml = re.sub(r'(<row r=")(\d+)"', lambda m: f'{m.group(1)}{int(m.group(2)) + k}"', xml)
        xml = re.sub(r'(<c r="[A-Z]+)(\d+)"', lambda m: f'{m.group(1)}{int(m.group(2)) + k}"', xml)
        top = "".join(
            f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>{t}</t></is></c></row>' for i, t in enumerate(titles, 1)
        )
        return xml.replace("<sheetData>", "<sheetData>" + top, 1)

    return edit


def rename_sheet(old: str, new: str):
    def edit(xml: str) -> str:
        assert f'name="{old}"' in xml
        return xml.replace(f'name="{old}"', f'name="{new}"', 1)

    return edit


def edit_csv(rel: str, fn) -> bytes:
    """The CSV `rel` with its lines rewritten by fn(lines) -> lines."""
    lines = (SOURCES / rel).read_text(encoding="utf-8").splitlines()
    return ("\n".join(fn(lines)) + "\n").encode("utf-8")


def _replace_line(prefix: str, old: str, new: str):
    def fn(lines):
        i = next(i for i, x in enumerate(lines) if x.startswith(prefix))
        assert old in lines[i]
        return [*lines[:i], lines[i].replace(old, new, 1), *lines[i + 1 :]]

    return fn


def _truncated():
    data = (SOURCES / PCI_2019).read_bytes()
    return data[: len(data) // 2]


def _corrupt():
    return random.Random(2019).randbytes((SOURCES / "papi/undp-workbooks/PAPI_2015_eng.xlsx").stat().st_size)


# case id -> (file, lazily built broken bytes, words the message must contain, whether an unchanged result is
# acceptable instead of an error: a loader that finds moved columns by their header may build the same values)
CASES = {
    "truncated workbook": (PCI_2019, _truncated, ["PCI_2019.xlsx"], False),
    "corrupt workbook": ("papi/undp-workbooks/PAPI_2015_eng.xlsx", _corrupt, ["PAPI_2015_eng.xlsx"], False),
    "missing sheet": (PCI_2019, lambda: edit_xlsx(PCI_2019, {"xl/workbook.xml": rename_sheet("Summary", "Tóm tắt")}),
                      ["PCI_2019.xlsx", "Summary"], False),
    "renamed column": (PCI_2019, lambda: edit_xlsx(PCI_2019, {SUMMARY: set_cell("C1", "PCI (draft)")}),
                       ["PCI_2019.xlsx", "Summary"], True),
    "moved column": (PCI_2019, lambda: edit_xlsx(PCI_2019, {SUMMARY: swap_columns("B", "C")}),
                     ["PCI_2019.xlsx", "Summary"], True),
    "extra header rows": (PCI_2019, lambda: edit_xlsx(PCI_2019, {SUMMARY: shift_rows(2, ["PCI 2019", "Bảng"])}),
                          ["PCI_2019.xlsx", "Summary"], True),
    "footer row": (PAPI_2020, lambda: edit_csv(PAPI_2020, lambda lines: [*lines, "Nguồn: PAPI 2020" + "," * 29]),
                   ["2020.csv", "Nguồn: PAPI 2020"], False),
    "unknown province (workbook)": (PCI_2019, lambda: edit_xlsx(PCI_2019, {SUMMARY: set_cell("A25", "Ha Noi Capital")}),
                                    ["PCI_2019.xlsx", "Ha Noi Capital", "aliases.csv"], False),
    "unknown province (points)": ("statements/par_statements.csv",
                                  lambda: edit_csv("statements/par_statements.csv",
                                                   _replace_line("PAR,2013,Đà Nẵng", "Đà Nẵng", "Da Nang City Hall")),
                                  ["par_statements.csv", "Da Nang City Hall", "aliases.csv"], False),
    "province twice (workbook)": (PCI_2019, lambda: edit_xlsx(PCI_2019, {SUMMARY: set_cell("A24", "Ha Noi")}),
                                  ["PCI_2019.xlsx", "Hà Nội", "Summary!24", "Summary!25"], False),
    "province twice (csv)": (PAPI_2020, lambda: edit_csv(PAPI_2020, _replace_line("P02,", "P02,", "P01,")),
                             ["2020.csv:2", "2020.csv:3", "appears 2 times"], False),
    "value outside the scale": (PCI_2019, lambda: edit_xlsx(PCI_2019, {SUMMARY: set_cell("C25", 168.8)}),
                                ["PCI_2019.xlsx", "168.8"], False),
    "fewer provinces": (PCI_2019, lambda: edit_xlsx(PCI_2019, {SUMMARY: drop_row(64)}),
                        ["PCI_2019.xlsx", "62", "63"], False),
}  # fmt: skip
REMEDY = re.compile(
    r"fetch|aliases\.csv|update|restore|replace|correct|fix|re-?download|add |remove|rename|delete|check the |"
    r"is the file complete",
    re.I,
)
# Cases where the build's message is known to miss the file, the place or the remedy. Strict: once fixed, the
# case passes, the xfail fails, and the entry must go.
KNOWN_GAPS: dict[str, str] = {}


@pytest.fixture(scope="session")
def good(tmp_path_factory):
    """A good build from the real sources (via symlinks): (sources, data dir, file hashes)."""
    base = tmp_path_factory.mktemp("good")
    src = link_sources(base / "sources")
    data = base / "data"
    build.build(src, data, force=True, log=_quiet)
    return src, data, build_hashes(data)


def _same_code(good) -> None:
    """Skip a comparison with the good build when the loader code has changed since (edits during the run)."""
    src, data, _ = good
    built = json.loads((data / "current" / "summary.json").read_text(encoding="utf-8"))["fingerprint"]
    if build.fingerprint(src) != built:
        pytest.skip("the loader code changed since the good build was made")


def _copy_build(data: Path, dest: Path) -> Path:
    shutil.copytree(data, dest, symlinks=True, ignore=shutil.ignore_patterns(".build.lock"))
    return dest


def _values_without_refs(data_dir: Path) -> pd.DataFrame:
    v = pd.read_csv((data_dir / "current" / "values.csv"), dtype=str, keep_default_na=False)
    return v.drop(columns=["source_ref"])


def _case(case: str):
    if case in KNOWN_GAPS:
        return pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[case]))
    return case


@pytest.mark.parametrize("case", [_case(c) for c in CASES])
def test_a_broken_source_fails_clearly_and_keeps_the_last_good_build(good, tmp_path, case):
    rel, make, words, same_is_fine = CASES[case]
    src0, data0, hashes0 = good
    src = link_sources(tmp_path / "sources", {rel: make()})
    data = _copy_build(data0, tmp_path / "data")
    target = os.readlink(data / "current")
    try:
        build.build(src, data, log=_quiet)
    except build.BuildError as e:
        msg = str(e)
        for w in words:
            assert w in msg, f"{case}: {w!r} not in the message:\n{msg}"
        assert REMEDY.search(msg), f"{case}: no remedy in the message:\n{msg}"
        assert hashes0 == build_hashes(data), f"{case}: the last good build changed"
        assert target == os.readlink(data / "current")
        assert [] == [p.name for p in data.iterdir() if p.name.startswith(".stage")]
        return
    assert same_is_fine, f"{case}: the build accepted a broken {rel}"
    _same_code(good)
    assert _values_without_refs(data0).equals(_values_without_refs(data)), f"{case}: built, but the values changed"


def test_two_builds_at_once_leave_one_complete_build(good, tmp_path):
    src, _, hashes0 = good
    data = tmp_path / "data"
    _same_code(good)
    # two real `python -m loaders build` processes started together (the command line a user runs)
    cmd = [sys.executable, "-m", "loaders", "--sources", str(src), "--data", str(data), "build", "--force"]
    procs = [subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
    for p in procs:
        p.wait(180)
    assert [0, 0] == [p.returncode for p in procs], [p.stderr.read().decode()[-2000:] for p in procs]
    _same_code(good)
    assert hashes0 == build_hashes(data)
    assert ["current"] == sorted(p.name for p in data.iterdir() if not p.name.startswith(("build-", ".build.lock")))
    assert (data / "current").resolve() in {p.resolve() for p in data.glob("build-*")}
    assert len(list(data.glob("build-*"))) <= 2  # the current build and at most the one before it


def test_building_twice_gives_identical_files(good, tmp_path):
    src, data0, hashes0 = good
    data = _copy_build(data0, tmp_path / "data")
    build.build(src, data, force=True, log=_quiet)
    _same_code(good)
    assert os.readlink(data / "current") != os.readlink(data0 / "current")  # a new build, not the old one
    assert hashes0 == build_hashes(data)


def test_an_unchanged_build_is_skipped(good, tmp_path):
    src, data0, hashes0 = good
    _same_code(good)
    data = _copy_build(data0, tmp_path / "data")
    log = []
    build.build(src, data, log=log.append)
    assert any("nothing to do" in m for m in log)
    assert os.readlink(data / "current") == os.readlink(data0 / "current")


def _import_page_2021(data: Path) -> None:
    from test_imports import _page_2021, _write

    from loaders import imports

    header, rows = _page_2021()
    table = _write(data.parent / "bang_chi_so_2021.csv", header, rows)
    url = "https://www.pcivietnam.vn/bang-chi-so-cac-tinh-thanh-viet-nam"
    imports.import_table("pci", 2021, table, url, imports_dir=data / "imports", log=_quiet)


def test_an_imported_official_table_is_built_and_beats_other_statements(good, tmp_path):
    src, data0, _ = good
    data = _copy_build(data0, tmp_path / "data")
    _import_page_2021(data)
    build.build(src, data, log=_quiet)  # no --force: the import alone makes the build run again
    assert os.readlink(data / "current") != os.readlink(data0 / "current")
    cur = data / "current"
    v = pd.read_csv(cur / "values.csv", dtype={"province_code": str})
    total = v[(v["indicator"] == "pci_total") & (v["year"] == 2021)].set_index("province_code")
    assert 21 == (total["source_id"] == "import-pci-2021").sum()
    assert (73.02, 1, "bang_chi_so_2021.csv:2") == tuple(total.loc["22", ["value", "rank", "source_ref"]])
    c = pd.read_csv(cur / "citations.csv", dtype={"province_code": str})
    qn = c[(c["indicator"] == "pci_total") & (c["year"] == 2021) & (c["province_code"] == "22")]
    assert ["import-pci-2021"] == list(qn.loc[qn["chosen"].astype(str) == "True", "source_id"])
    assert len(qn) > 1  # the page and news statements stay cited
    s = pd.read_csv(cur / "sources.csv").set_index("id")
    assert "imports/pci-2021.csv" == s.loc["import-pci-2021", "path"]


def test_a_tampered_import_fails_the_build_and_keeps_the_last_good_build(good, tmp_path):
    src, data0, hashes0 = good
    data = _copy_build(data0, tmp_path / "data")
    _import_page_2021(data)
    csv_path = data / "imports" / "pci-2021.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace("73.02", "93.02"), encoding="utf-8")
    with pytest.raises(build.BuildError, match=r"pci-2021.csv: missing or changed since it was imported\. Import"):
        build.build(src, data, log=_quiet)
    assert hashes0 == build_hashes(data)


# --- A build folder changed after it was written (truncated, emptied) is noticed. ---


def _truncate(path: Path, lines: int) -> None:
    path.write_text("".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:lines]), encoding="utf-8")


def test_the_summary_lists_every_file_with_rows_and_sha256(good):
    from loaders import integrity

    _, data, hashes = good
    files = json.loads((data / "current" / "summary.json").read_text(encoding="utf-8"))["files"]
    assert set(files) == set(hashes) - {"summary.json"}
    assert {n: f["sha256"] for n, f in files.items()} == {n: h for n, h in hashes.items() if n in files}
    assert files["values.csv"]["rows"] == len(pd.read_csv(data / "current" / "values.csv"))
    assert integrity.check(data / "current") == []


def test_a_truncated_build_is_reported_and_rebuilt(good, tmp_path):
    from loaders import integrity

    src, data0, hashes0 = good
    _same_code(good)
    data = _copy_build(data0, tmp_path / "data")
    cur = (data / "current").resolve()
    rows = json.loads((cur / "summary.json").read_text(encoding="utf-8"))["files"]["values.csv"]["rows"]
    _truncate(cur / "values.csv", 8055)
    (cur / "conflicts.csv").write_text("", encoding="utf-8")
    assert [str(p) for p in integrity.check(cur)] == [
        "conflicts.csv has 0 of the {:,} rows its build wrote".format(
            json.loads((cur / "summary.json").read_text(encoding="utf-8"))["files"]["conflicts.csv"]["rows"]
        ),
        f"values.csv has 8,054 of the {rows:,} rows its build wrote",
    ]
    log = []
    build.build(src, data, log=log.append)
    assert not any("nothing to do" in m for m in log)
    assert any("values.csv has 8,054" in m for m in log)
    assert (data / "current").resolve() != cur
    assert build_hashes(data) == hashes0


# --- What killed builds leave behind is removed by the next build (under the lock). ---


def test_the_next_build_removes_what_killed_builds_left(good, tmp_path):
    src, data0, hashes0 = good
    _same_code(good)
    data = _copy_build(data0, tmp_path / "data")
    for pid in (999_991, 999_992):
        stage = data / f".stage-{pid}"
        stage.mkdir()
        (stage / "values.csv").write_text("index,year\n", encoding="utf-8")
    (data / ".current-999993").symlink_to((data / "current").resolve().name)
    orphan = data / "build-000000000000-9999999999999999999"
    shutil.copytree((data / "current").resolve(), orphan)  # written, then killed before it became current
    newer = (data / "current").resolve().stat().st_mtime + 60
    os.utime(orphan, (newer, newer))
    previous = data / "build-previous"
    shutil.copytree((data / "current").resolve(), previous)
    os.utime(previous, (1, 1))  # older than current: the one kept for readers
    log = []
    build.build(src, data, log=log.append)
    assert any("nothing to do" in m for m in log)
    assert any(".stage-999991" in m and orphan.name in m for m in log)
    left = sorted(p.name for p in data.iterdir() if p.name != ".build.lock")
    assert left == sorted(["current", "build-previous", os.readlink(data / "current")])
    assert build_hashes(data) == hashes0


@pytest.fixture
def few_inodes(tmp_path):
    """A data folder on a real tmpfs that has room for a copy of the good build and not one inode more."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m,nr_inodes=64", "tmpfs", str(mnt)]).returncode:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_no_inodes_left_fails_clearly_and_leaves_nothing(good, few_inodes):
    src, data0, hashes0 = good
    data = few_inodes / "data"
    shutil.copytree(data0, data, symlinks=True, ignore=shutil.ignore_patterns(".build.lock"))
    (data / ".build.lock").touch()
    filler = few_inodes / "filler"
    filler.mkdir()
    i = 0
    while True:  # use up every inode
        try:
            (filler / str(i)).touch()
        except OSError:
            break
        i += 1
    before = sorted(p.name for p in data.iterdir())
    with pytest.raises(build.BuildError, match=r"(?s)writing outputs failed: .*No space left on device.*df -i"):
        build.build(src, data, force=True, log=_quiet)
    assert sorted(p.name for p in data.iterdir()) == before
    assert build_hashes(data) == hashes0
