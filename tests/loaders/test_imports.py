"""Importing official tables: real VCCI tables in, every kind of bad table refused with a message that says why."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from loaders import __main__ as cli
from loaders import imports
from loaders.common import CITATION_COLUMNS, COLUMNS, sha256

SOURCES = Path(__file__).resolve().parents[3] / "shared" / "sources"
PCI_2019 = SOURCES / "pci" / "vcci-workbooks" / "PCI_2019.xlsx"
PCI_2021_PAGE = SOURCES / "pci" / "pcivietnam-pages" / "pcivietnam_vn_bang_chi_so_2021_top21.txt"
PAPI_2019 = SOURCES / "papi" / "undp-workbooks" / "2019_PAPI_Provincial_indicators2019_VIE_ENG.xlsx"
URL = "https://pcivietnam.vn/en/pci-data"
TODAY = dt.date(2025, 1, 31)


def _summary_2019() -> list[list]:
    """PCI 2019 Summary: the 63 province rows (Province, Rank, weighted score) and the Median row after them."""
    rows = python_calamine.CalamineWorkbook.from_path(str(PCI_2019)).get_sheet_by_name("Summary").to_python()
    provinces = [r[:3] for r in rows[1:64]]
    median = next(r[:3] for r in rows if r[0] == "Median")
    return provinces + [median]


def _page_2021() -> tuple[list[str], list[list[str]]]:
    """The PCI 2021 official page table (21 rows) as header and rows, split from its verbatim transcription."""
    lines = PCI_2021_PAGE.read_text(encoding="utf-8").splitlines()
    header = [h.strip() for h in next(x for x in lines if x.startswith("# Columns:")).split(":", 1)[1].split("|")]
    rows = []
    for line in lines:
        if line and not line.startswith("#"):
            words = line.split()
            cut = next(i for i, w in enumerate(words) if w[0].isdigit())
            rows.append([" ".join(words[:cut]), *words[cut : cut + 12], " ".join(words[cut + 12 :])])
    return header, rows


def _write(path: Path, header: list, rows: list[list], title: list[str] = ()) -> Path:
    """A table as CSV or XLSX (by suffix), with optional title lines above the header."""
    lines = [[t] for t in title] + [header] + rows
    if path.suffix == ".csv":
        with open(path, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(lines)
    else:
        wb = openpyxl.Workbook()
        for line in lines:
            wb.active.append(line)
        wb.save(path)
    return path


def _import(index, year, file, tmp_path, url=URL):
    return imports.import_table(
        index, year, file, url, imports_dir=tmp_path / "imports", today=TODAY, log=lambda m: None
    )


def _read(csv_path: Path) -> dict[str, dict]:
    with open(csv_path, encoding="utf-8") as f:
        return {r["province"]: r for r in csv.DictReader(f)}


def test_the_real_pci_2019_workbook_imports_as_an_official_table(tmp_path, registry):
    out = _import("pci", 2019, PCI_2019, tmp_path)
    rows = _read(out)
    assert 63 == len(rows)  # stops at the blank row: the repeated "Ha Noi" and Min/Median/Max are not read
    assert ("68.80", "9") == (f"{float(rows['Hà Nội']['value']):.2f}", rows["Hà Nội"]["rank"])
    assert ("BRVT", "77") == (
        rows["Bà Rịa - Vũng Tàu"]["province_as_written"],
        rows["Bà Rịa - Vũng Tàu"]["province_code"],
    )
    meta = imports._sidecars(tmp_path / "imports")[0][1]
    expected = {
        "index": "pci",
        "year": 2019,
        "source_url": URL,
        "original_file": "PCI_2019.xlsx",
        "original_sha256": sha256(PCI_2019),
        "imported_on": "2025-01-31",
        "sheet": "Summary",
        "indicator": "pci_total",
        "vintage": 63,
        "provinces": 63,
        "columns": {"province": "Province", "score": "The Weighted PCI Score", "rank": "Rank"},
    }
    assert expected == {k: meta[k] for k in expected}


def test_a_vietnamese_csv_with_tiers_and_abbreviations(tmp_path):
    header, rows = _page_2021()
    out = _import("pci", 2021, _write(tmp_path / "bang_chi_so_2021.csv", header, rows), tmp_path)
    got = _read(out)
    assert 21 == len(got)
    assert ("73.02", "1", "Rất tốt") == (
        got["Quảng Ninh"]["value"],
        got["Quảng Ninh"]["rank"],
        got["Quảng Ninh"]["tier"],
    )
    assert {"TT-Huế", "BRVT", "TP.HCM"} <= {r["province_as_written"] for r in got.values()}
    meta = imports._sidecars(tmp_path / "imports")[0][1]
    assert {"province": "Tỉnh", "score": "Điểm số PCI", "rank": "Bảng xếp hạng", "tier": "Xếp loại PCI"} == meta[
        "columns"
    ]


def test_title_rows_a_number_column_and_a_summary_row_in_a_workbook(tmp_path):
    rows = [[i, *r] for i, r in enumerate(_summary_2019(), 1)]
    rows[-1][0] = None
    file = _write(
        tmp_path / "QD-PCI-2019.xlsx", ["STT", "Tên tỉnh", "Xếp hạng", "Điểm"], rows, ["BỘ NỘI VỤ", "Bảng kết quả"]
    )
    got = _read(_import("pci", 2019, file, tmp_path))
    assert 63 == len(got) and "9" == got["Hà Nội"]["rank"]
    meta = imports._sidecars(tmp_path / "imports")[0][1]
    assert (3, ["row 67: Median"]) == (meta["header_row"], meta["skipped_rows"])


def test_papi_weighted_header_gives_the_weighted_total():
    assert "papi_total_weighted" == imports._indicator("papi", "Chỉ số PAPI tổng hợp (có trọng số)")
    assert "papi_total_weighted" == imports._indicator("papi", "Weighted PAPI Score")
    assert "papi_total_unweighted" == imports._indicator("papi", "Unweighted PAPI Score")
    assert "papi_total_unweighted" == imports._indicator("papi", "Tổng điểm")


def _breaks():
    """(case, file name, header, rows, words the error must contain) built from the real PCI 2019 table."""
    base = _summary_2019()[:-1]
    header = ["Province", "Rank", "Score"]

    def changed(i, col, value, rows=base):
        rows = [list(r) for r in rows]
        rows[i][col] = value
        return rows

    hanoi = next(i for i, r in enumerate(base) if r[0] == "Ha Noi")
    return [
        ("unknown names", header, changed(0, 0, "Atlantis", changed(hanoi, 0, "Ha Noi X")),
         ["'Atlantis'", "'Ha Noi X'", "aliases.csv"]),
        ("no columns", ["A", "B", "C"], base, ["no header row", "Headers found", "A | B | C", "Rename"]),
        ("two score columns", ["Province", "Score", "Điểm"], base, ["several columns could be the score", "'Score'"]),
        ("out of scale", header, changed(hanoi, 2, 168.8), ["outside the PCI scale [0, 100]", "168.8"]),
        ("fractions", header, [[r[0], r[1], r[2] / 100] for r in base], ["look like fractions", "published figures"]),
        ("province twice", header, changed(hanoi - 1, 0, "Ha Noi"), ["more than once", "'Ha Noi'", "Keep one"]),
        ("not a number", header, changed(hanoi, 2, "68,8 điểm"), ["'68,8 điểm' is not a number", f"{hanoi + 2}"]),
        ("bad rank", header, changed(hanoi, 1, 9.5), ["9.5' is not a whole number", "rank"]),
        ("score without name", header, changed(hanoi, 0, None), ["without a province name"]),
        ("huge rank", header, changed(hanoi, 1, 1e20), ["rank", "not a whole number from 1 to 63"]),
        ("infinite rank", header, changed(hanoi, 1, "inf"), ["rank 'inf'", "not a whole number from 1 to 63"]),
        ("rank 999 of 63", header, changed(hanoi, 1, 999), ["rank '999'", "not a whole number from 1 to 63"]),
        ("two ranked 1", header, changed(hanoi, 1, 1, changed(hanoi + 1, 1, 1)),
         ["rank 1 is given to 3 provinces with different scores", "Ha Noi", "Equal ranks need equal scores"]),
    ]  # fmt: skip


BREAKS = _breaks()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("case, header, rows, words", BREAKS, ids=[b[0] for b in BREAKS])
def test_a_bad_table_is_refused_and_the_previous_import_stays(tmp_path, case, header, rows, words, suffix):
    _import("pci", 2019, PCI_2019, tmp_path)
    before = {p.name: p.read_bytes() for p in (tmp_path / "imports").iterdir()}
    file = _write(tmp_path / f"bad{suffix}", header, rows)
    with pytest.raises(imports.ImportTableError) as e:
        _import("pci", 2019, file, tmp_path)
    for w in [f"bad{suffix}", *words]:
        assert w in str(e.value), f"{w!r} not in:\n{e.value}"
    assert before == {p.name: p.read_bytes() for p in (tmp_path / "imports").iterdir()}


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda p: p.write_bytes(PCI_2019.read_bytes()[:20000]) or p.rename(p.with_suffix(".xlsx")), []),
        (lambda p: p.write_text("%PDF-1.4"), []),
    ],
    ids=["truncated workbook", "pdf"],
)
def test_a_file_that_is_not_a_table_is_refused(tmp_path, make, words):
    file = tmp_path / "table.pdf"
    make(file)
    file = next(tmp_path.glob("table.*"))
    with pytest.raises(
        imports.ImportTableError, match=r"table\.(xlsx: cannot open the workbook|pdf: unknown file type)"
    ):
        _import("par", 2024, file, tmp_path)
    assert not (tmp_path / "imports").exists()


def test_real_papi_2019_workbook_finds_the_one_sheet_with_a_single_total(tmp_path):
    got = _read(_import("papi", 2019, PAPI_2019, tmp_path, url="https://papi.org.vn/eng/papi-data/"))
    meta = imports._sidecars(tmp_path / "imports")[0][1]
    assert ("2019PAPI_Dims_Sub-dims_ENG", "Unweighted PAPI Score", "papi_total_unweighted") == (
        meta["sheet"],
        meta["columns"]["score"],
        meta["indicator"],
    )
    assert (63, "41.53") == (len(got), f"{float(got['Hà Nội']['value']):.2f}")  # as on sheet 2019PAPI_Indicators_VIE


@pytest.mark.parametrize("index, year, match", [("hdi", 2019, "unknown index"), ("par", 1990, "not an edition")])
def test_bad_index_or_year(tmp_path, index, year, match):
    with pytest.raises(imports.ImportTableError, match=match):
        _import(index, year, PCI_2019, tmp_path)


def test_2025_tables_are_matched_against_the_34_provinces(tmp_path):
    header, rows = _page_2021()
    file = _write(tmp_path / "t.csv", header, [r for r in rows if r[0] in ("Hải Phòng", "Đà Nẵng", "Hà Nội")])
    got = _read(_import("pci", 2025, file, tmp_path))
    assert {"34"} == {r["vintage"] for r in got.values()}
    header, rows = _page_2021()
    file = _write(tmp_path / "t.csv", header, [r for r in rows if r[0] == "Bình Dương"])  # merged into HCMC in 2025
    with pytest.raises(imports.ImportTableError, match="34-province registry"):
        _import("pci", 2025, file, tmp_path)


def test_load_imports_gives_official_rows_with_citations(tmp_path, registry):
    _import("pci", 2019, PCI_2019, tmp_path)
    header, rows = _page_2021()
    _import("pci", 2021, _write(tmp_path / "bang.csv", header, rows), tmp_path)
    r = imports.load_imports(tmp_path / "imports", registry)
    assert [*COLUMNS, "precedence"] == list(r.values.columns)
    assert 63 + 21 == len(r.values) == len(r.citations)
    assert {1} == set(r.values["precedence"])
    assert {"import-pci-2019", "import-pci-2021"} == set(r.values["source_id"])
    hn = r.values[(r.values["year"] == 2019) & (r.values["province_code"] == "01")].iloc[0]
    assert ("PCI_2019.xlsx!Summary:25", 9, "published", "published") == (
        hn["source_ref"],
        hn["rank"],
        hn["rank_status"],
        hn["status"],
    )
    assert CITATION_COLUMNS == list(r.citations.columns)
    assert {URL} == set(r.citations["source_url"])
    assert r.citations["quote"].str.contains("bang.csv row ").sum() == 21
    assert [] == r.warnings


def test_load_imports_refuses_a_table_changed_after_import(tmp_path, registry):
    out = _import("pci", 2019, PCI_2019, tmp_path)
    out.write_text(out.read_text().replace("68.80", "98.80"))
    with pytest.raises(imports.ImportTableError, match=r"pci-2019.csv: missing or changed since it was imported"):
        imports.load_imports(tmp_path / "imports", registry)


def test_sources_and_fingerprint_of_imports(tmp_path):
    assert [] == imports.SOURCES_FROM_IMPORTS(tmp_path / "imports")
    assert "abc" == imports.fingerprint("abc", tmp_path / "imports")
    _import("pci", 2019, PCI_2019, tmp_path)
    (s,) = imports.SOURCES_FROM_IMPORTS(tmp_path / "imports")
    assert ("import-pci-2019", "pci", URL, "VCCI & USAID, PCI 2019") == (s.id, s.index, s.official_page, s.attribution)
    assert sha256(PCI_2019) in s.citation
    fp = imports.fingerprint("abc", tmp_path / "imports")
    assert fp != "abc" and len(fp) == len(hashlib.sha256().hexdigest())
    import pandas as pd

    table = imports.with_import_sources(pd.DataFrame([{"id": "pci-2019", "sha256": "x"}]), tmp_path / "imports")
    assert ["pci-2019", "import-pci-2019"] == list(table["id"])
    assert sha256(PCI_2019) == table["sha256"].iloc[1]


def test_cli_import(tmp_path, capsys):
    data = tmp_path / "data"
    assert 0 == cli.main(["--data", str(data), "import", "--index", "pci", "--year", "2019", "--file", str(PCI_2019)])
    assert (data / "imports" / "pci-2019.csv").exists() and (data / "imports" / "pci-2019.json").exists()
    assert "63 of 63 provinces" in capsys.readouterr().out
    bad = tmp_path / "cut.xlsx"
    bad.write_bytes(PCI_2019.read_bytes()[:30000])
    assert 1 == cli.main(["--data", str(data), "import", "--index", "pci", "--year", "2019", "--file", str(bad)])
    assert "IMPORT FAILED" in capsys.readouterr().err
    assert ["pci-2019.csv", "pci-2019.json"] == sorted(p.name for p in (data / "imports").iterdir())


def test_a_stored_table_with_bad_ranks_fails_the_build_check_naming_the_file(tmp_path, registry):
    """A table stored by an earlier version that did not check ranks: the build refuses it with a message."""
    out = _import("pci", 2019, PCI_2019, tmp_path)
    text = out.read_text(encoding="utf-8")
    rows = text.splitlines()
    i = next(i for i, line in enumerate(rows) if ",Hà Nội," in line or line.endswith(",Hà Nội"))
    header = rows[0].split(",")
    cells = rows[i].split(",")
    cells[header.index("rank")] = "1e+20"
    rows[i] = ",".join(cells)
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    meta_path = out.with_suffix(".json")
    meta = meta_path.read_text(encoding="utf-8").replace(
        hashlib.sha256(text.encode()).hexdigest(), hashlib.sha256(out.read_bytes()).hexdigest()
    )
    meta_path.write_text(meta, encoding="utf-8")
    with pytest.raises(
        imports.ImportTableError, match=r"pci-2019.csv.*rank '1e\+20' is not a whole number from 1 to 63"
    ):
        imports.load_imports(tmp_path / "imports", registry)


# --- Size limits: refused before reading; long lists of problems capped. ---


def _bomb(path: Path, unpacked_mb: int) -> Path:
    """The real PCI 2019 workbook with one extra member of zeros that unpacks to `unpacked_mb` MiB."""
    import zipfile

    with zipfile.ZipFile(PCI_2019) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        with zout.open("xl/media/padding.bin", "w", force_zip64=True) as f:
            chunk = bytes(1 << 20)
            for _ in range(unpacked_mb):
                f.write(chunk)
    return path


def test_a_workbook_that_unpacks_too_large_is_refused_unread(tmp_path):
    bomb = _bomb(tmp_path / "bomb.xlsx", imports.MAX_UNPACKED_BYTES // 2**20 + 50)
    assert bomb.stat().st_size < 2 * 2**20
    with pytest.raises(imports.ImportTableError, match=r"bomb.xlsx: unpacks to [\d,]+ bytes, more than the limit"):
        _import("pci", 2019, bomb, tmp_path)
    assert not (tmp_path / "imports").exists()


def test_a_file_too_large_is_refused_unread(tmp_path):
    big = tmp_path / "big.csv"
    with open(big, "wb") as f:
        f.truncate(imports.MAX_FILE_BYTES + 1)
    with pytest.raises(imports.ImportTableError, match=r"big.csv: [\d,]+ bytes, more than the limit"):
        _import("par", 2024, big, tmp_path)


def test_a_table_with_too_many_rows_is_refused_with_a_short_message(tmp_path):
    rows = [[f"Atlantis {i}", "50"] for i in range(100_000)]
    file = _write(tmp_path / "long.csv", ["Province", "Score"], rows)
    with pytest.raises(imports.ImportTableError) as e:
        _import("par", 2024, file, tmp_path)
    assert "long.csv: 100,001 rows, more than the limit" in str(e.value)
    assert len(str(e.value)) < 2000


def test_many_problems_are_listed_first_twenty_and_counted(tmp_path):
    rows = [[f"Atlantis {i}", "50"] for i in range(300)]
    file = _write(tmp_path / "names.csv", ["Province", "Score"], rows)
    with pytest.raises(imports.ImportTableError) as e:
        _import("par", 2024, file, tmp_path)
    lines = str(e.value).splitlines()
    assert len(lines) <= imports.MAX_PROBLEMS + 3
    assert "300 province name(s) not in" in lines[0]
    assert any("… and 280 more" in line for line in lines) and "aliases.csv" in lines[-1]


def test_formula_cells_without_a_cached_value_are_refused_by_name(tmp_path):
    """A workbook saved by a program that does not calculate (here openpyxl) holds formulas but no results."""
    base = _summary_2019()[:-1]
    hanoi = next(i for i, r in enumerate(base) if r[0] == "Ha Noi")
    rows = [list(r) for r in base]
    rows[hanoi][2] = "=60+8.8"
    rows[hanoi + 1][1] = "=1+1"
    file = _write(tmp_path / "formulas.xlsx", ["Province", "Rank", "Score"], rows)
    with pytest.raises(imports.ImportTableError) as e:
        _import("pci", 2019, file, tmp_path)
    msg = str(e.value)
    assert f"formulas.xlsx: 2 formula cell(s) have no calculated value: Sheet!C{hanoi + 2}, Sheet!B{hanoi + 3}" in msg
    assert "open the file in Excel or LibreOffice, let it calculate, save" in msg
    assert not (tmp_path / "imports").exists()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "<a href='https://x.example'>x</a>",
        '=HYPERLINK("https://x.example","x")',
        "ftp://x.example/table.xlsx",
        "https://",
        "https://x.example/a b",
        "x.example/table",
    ],
)
def test_a_source_url_that_is_not_a_web_address_is_refused(tmp_path, url):
    with pytest.raises(imports.ImportTableError, match=r"--source-url .* is not an http\(s\) address"):
        _import("pci", 2019, PCI_2019, tmp_path, url=url)
    assert not (tmp_path / "imports").exists()


def test_a_stored_table_with_a_bad_source_url_fails_the_build_check(tmp_path, registry):
    _import("pci", 2019, PCI_2019, tmp_path)
    meta = tmp_path / "imports" / "pci-2019.json"
    meta.write_text(meta.read_text(encoding="utf-8").replace(URL, "javascript:alert(1)"), encoding="utf-8")
    with pytest.raises(imports.ImportTableError, match=r"pci-2019.json: --source-url 'javascript:alert\(1\)' is not"):
        imports.load_imports(tmp_path / "imports", registry)


def test_imported_files_are_readable_like_any_other_file(tmp_path):
    out = _import("pci", 2019, PCI_2019, tmp_path)
    umask = os.umask(0)
    os.umask(umask)
    assert {p.stat().st_mode & 0o777 for p in out.parent.iterdir()} == {0o666 & ~umask}
