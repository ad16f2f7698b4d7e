"""Research downloads: files re-read equal the selection, the zip validates, formulas neutralised, computed flagged."""

import io
import json
import re
import zipfile
from dataclasses import replace

import frictionless
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from dashboard import data, export
from dashboard.export import Selection

FOCUS = ("08", "94", "04", "01", "96")
SELECTIONS = {
    "everything": Selection(),
    "pci 2018-2019 focus": Selection(indices=("pci",), years=(2018, 2019), provinces=FOCUS),
    "papi 2019 with computed": Selection(indices=("papi",), years=(2019, 2019), computed=True),
    "all with computed": Selection(computed=True, vintage=None),
    "vintage 34 only": Selection(vintage=34, computed=True),
}


@pytest.fixture(scope="module")
def ds(tiny_build):
    return data.load(tiny_build)


def _expected(ds, sel) -> pd.DataFrame:
    return export.neutralise(export.select_values(ds.values, sel))


def _as_text(df: pd.DataFrame) -> pd.DataFrame:
    """Cells compared as text (blank for missing), so types read back by a tool do not matter."""

    def cell(x):
        if x is None or (not isinstance(x, str) and pd.isna(x)):
            return ""
        if isinstance(x, bool | np.bool_):
            return str(bool(x))
        if isinstance(x, int | float | np.integer | np.floating):
            return f"{float(x):g}"
        return f"{float(x):g}" if export.PLAIN_NUMBER.match(x) else str(x)

    return df.astype(object).map(cell).reset_index(drop=True)


# --- Selection. ---


def test_computed_values_are_excluded_and_computed_ranks_blanked_by_default(ds):
    rows = export.select_values(ds.values, Selection())
    assert "computed" not in set(rows["status"]) and "computed" not in set(rows["rank_status"].dropna())
    ranked = rows[(rows["province_code"] == "08") & (rows["indicator"] == "pci_total") & (rows["year"] == 2017)]
    assert 1 == len(ranked) and pd.isna(ranked["rank"].iloc[0]), "published value kept, computed rank blanked"


def test_computed_values_are_flagged_when_included(ds):
    rows = export.select_values(ds.values, Selection(computed=True))
    flagged = rows[export.is_computed(rows)]
    assert {("computed", 34), ("published", 63)} == set(zip(flagged["status"], flagged["vintage"], strict=True))
    assert len(ds.values) == len(rows)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "zip"])
def test_with_and_without_computed_the_columns_are_the_same(ds, tmp_path, fmt):
    def columns(sel):
        blob = export.export(ds, sel, fmt)
        if fmt == "csv":
            return list(pd.read_csv(io.BytesIO(blob), encoding="utf-8-sig", nrows=1).columns)
        if fmt == "xlsx":
            return list(pd.read_excel(io.BytesIO(blob), sheet_name="values", nrows=1, engine="calamine").columns)
        with zipfile.ZipFile(io.BytesIO(blob)) as z:
            desc = json.loads(z.read("datapackage.json"))
        return [[f["name"] for f in r["schema"]["fields"]] for r in desc["resources"] if r["name"] == "values"][0]

    assert columns(Selection(computed=True)) == columns(Selection()) == list(export.COLUMNS)


def test_indicators_narrow_the_selection(ds):
    rows = export.select_values(ds.values, Selection(indices=("pci",), indicators=("pci_total", "pci_land_access")))
    assert {"pci_total", "pci_land_access"} == set(rows["indicator"])
    assert "indicators pci_total, pci_land_access" in export.selection_text(
        Selection(indicators=("pci_total", "pci_land_access"))
    )


def test_missing_values_stay_blank_never_zero(ds):
    rows = export.select_values(ds.values, Selection(indices=("papi",), years=(2019, 2019), provinces=("94",)))
    assert len(rows) and rows["value"].isna().all() and set(rows["status"]) == {"missing"}
    csv = pd.read_csv(
        io.BytesIO(export.export_csv(ds, Selection(indices=("papi",), provinces=("94",)))),
        encoding="utf-8-sig",
        dtype={"province_code": str},
    )
    assert csv.loc[csv["year"] == 2019, "value"].isna().all()


# --- Neutralising formulas. ---


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-cmd", "'-cmd"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\r=x", "'\r=x"),
        ("-1.5", "-1.5"),
        ("+3", "+3"),
        ("Hà Nội", "Hà Nội"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise_cell(cell, expected):
    assert expected == export.neutralise_cell(cell)


def test_neutralise_leaves_numeric_columns_alone():
    df = pd.DataFrame({"value": [-1.5, 2.0], "rank": pd.array([-1, None], dtype="Int64"), "tier": ["=1+1", "-x"]})
    out = export.neutralise(df)
    assert [-1.5, 2.0] == out["value"].tolist() and -1 == out["rank"].iloc[0]
    assert ["'=1+1", "'-x"] == out["tier"].tolist()


def test_formula_cells_are_neutralised_in_csv_and_xlsx(ds):
    sel = Selection(indices=("pci",), years=(2019, 2019), provinces=("01", "02", "04", "06"))
    csv = pd.read_csv(io.BytesIO(export.export_csv(ds, sel)), encoding="utf-8-sig", dtype=str)
    assert {"'=1+1", "'+SUM(A1)", "'-cmd", "'@x"} == set(csv["tier"].dropna())
    ws = load_workbook(io.BytesIO(export.export_xlsx(ds, sel)))["values"]
    cells = [c for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "no cell is a formula"
    assert {"'=1+1", "'+SUM(A1)", "'-cmd", "'@x"} <= {c.value for c in cells}


# --- Files re-read equal the selection. ---


@pytest.mark.parametrize("name", SELECTIONS)
def test_csv_reads_back_as_the_selection(ds, name):
    sel = SELECTIONS[name]
    raw = export.export_csv(ds, sel)
    assert raw.startswith("\ufeff".encode()), "UTF-8 with BOM"
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(_as_text(_expected(ds, sel)), _as_text(back.replace({"": None})))


@pytest.mark.parametrize("name", SELECTIONS)
def test_xlsx_reads_back_as_the_selection(ds, name):
    sel = SELECTIONS[name]
    back = pd.read_excel(io.BytesIO(export.export_xlsx(ds, sel)), sheet_name="values", dtype=object, engine="openpyxl")
    pd.testing.assert_frame_equal(_as_text(_expected(ds, sel)), _as_text(back))


def test_xlsx_carries_codebook_and_sources_of_the_rows(ds):
    book = pd.read_excel(
        io.BytesIO(export.export_xlsx(ds, Selection(indices=("papi",)))), sheet_name=None, engine="openpyxl"
    )
    assert ["values", "codebook", "indicators", "sources", "citations", "how_to_cite"] == list(book)
    assert list(book["codebook"]["column"]) == list(book["values"].columns)
    assert book["codebook"]["description"].str.len().gt(0).all()
    assert set(book["indicators"]["code"]) == set(book["values"]["indicator"])
    assert ["test_papi"] == book["sources"]["id"].tolist()


def test_diacritics_survive_csv(ds):
    back = pd.read_csv(io.BytesIO(export.export_csv(ds, Selection(provinces=("08", "94")))), encoding="utf-8-sig")
    assert {"Tuyên Quang", "Sóc Trăng"} == set(back["province"])


# --- The zip data package. ---


def _unzip(blob: bytes, folder):
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        z.extractall(folder)
        return sorted(z.namelist())


@pytest.mark.parametrize("name", ["pci 2018-2019 focus", "all with computed"])
def test_zip_validates_against_its_datapackage(ds, tmp_path, name):
    sel = SELECTIONS[name]
    names = _unzip(export.export_zip(ds, sel), tmp_path)
    desc = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    described = sorted(r["path"] for r in desc["resources"])
    docs = {"datapackage.json", "README.md", "CITATION.cff"}
    assert sorted(set(names) - docs) == described, "descriptor lists exactly the files"
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
    back = pd.read_csv(tmp_path / "values.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(_as_text(_expected(ds, sel)), _as_text(back.replace({"": None})))
    typed = pq.read_table(tmp_path / "values.parquet")
    assert (pa.string(), pa.int32()) == (typed.schema.field("province_code").type, typed.schema.field("rank").type)
    as_read = typed.to_pandas(types_mapper={pa.int32(): pd.Int64Dtype()}.get)
    # Parquet is read by programs, not spreadsheets: its text cells are the table's own, not neutralised
    pd.testing.assert_frame_equal(_as_text(export.select_values(ds.values, sel)), _as_text(as_read))


@pytest.mark.parametrize(
    "column, bad", [("status", "invented"), ("year", "20x9"), ("province_code", "99"), ("indicator", "duplicate key")]
)
def test_zip_validation_catches_a_wrong_file(ds, tmp_path, column, bad):
    _unzip(export.export_zip(ds, SELECTIONS["pci 2018-2019 focus"]), tmp_path)
    values = pd.read_csv(tmp_path / "values.csv", dtype=str, keep_default_na=False)
    if bad == "duplicate key":
        values = pd.concat([values, values.iloc[[0]]])
    else:
        values.loc[0, column] = bad
    values.to_csv(tmp_path / "values.csv", index=False)
    assert not frictionless.validate(tmp_path / "datapackage.json").valid


def test_zip_side_tables_follow_the_selection(ds, tmp_path):
    _unzip(export.export_zip(ds, Selection(indices=("pci",), provinces=("08", "94"))), tmp_path)
    provinces = pd.read_csv(tmp_path / "provinces.csv", dtype={"code": str})
    assert [("08", 63), ("94", 63)] == list(zip(provinces["code"], provinces["vintage"], strict=True))
    sources = pd.read_csv(tmp_path / "sources.csv")
    assert ["Cited as given"] == sources["citation"].tolist()
    assert ["'=HYPERLINK(x)"] == pd.read_csv(tmp_path / "citations.csv")["quote"].tolist()
    conflicts = pd.read_csv(tmp_path / "conflicts.csv", dtype=str)
    assert ["-1.5"] == conflicts["chosen_value"].tolist(), "a number held as text is not neutralised"
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "How to cite" in readme and "Cited as given" in readme


def test_zip_is_reproducible(ds):
    sel = SELECTIONS["pci 2018-2019 focus"]
    assert export.export_zip(ds, sel) == export.export_zip(ds, sel)


def test_source_citation_is_made_when_blank(ds):
    src = ds.source("test_papi")
    assert "Test publisher (2017-2019). Test PAPI tables. https://example.org/papi" == export.source_citation(src)


# --- File names. ---


@pytest.mark.parametrize(
    "sel, fmt, expected",
    [
        (Selection(), "csv", "vn-reform-indices_all.csv"),
        (
            Selection(("pci", "papi"), (2010, 2019), FOCUS),
            "zip",
            "vn-reform-indices_pci-papi_2010-2019_01-04-08-94-96.zip",
        ),
        (
            Selection(("pci",), (2019, 2019), computed=True, vintage=63),
            "xlsx",
            "vn-reform-indices_pci_2019_v63_with-computed.xlsx",
        ),
        (Selection(("../../etc/passwd",), provinces=("a/b", "<x>")), "csv", "vn-reform-indices_etc-passwd_a-b-x.csv"),
        (
            Selection(("pci",), (2019, 2019), indicators=("pci_total",)),
            "csv",
            "vn-reform-indices_pci_pci-total_2019.csv",
        ),
    ],
)
def test_export_filename(sel, fmt, expected):
    name = export.export_filename(sel, fmt)
    assert expected == name
    assert re.fullmatch(r"[a-z0-9_.-]+", name) and ".." not in name


def test_export_filename_rejects_unknown_format():
    with pytest.raises(export.ExportError, match="unknown format"):
        export.export_filename(Selection(), "exe")


# --- Parsing user input. ---


@pytest.mark.parametrize(
    "text, expected", [("", None), ("2019", (2019, 2019)), ("2010-2019", (2010, 2019)), (" 2010 – 2019 ", (2010, 2019))]
)
def test_parse_years(text, expected):
    assert expected == export.parse_years(text)


@pytest.mark.parametrize("text", ["2019-2010", "19-20", "abc", "2010-", "2010-2019-2020"])
def test_parse_years_rejects(text):
    with pytest.raises(export.ExportError, match="bad year range"):
        export.parse_years(text)


def test_parse_indices_and_provinces():
    assert ("pci", "papi") == export.parse_indices(" PCI, papi ,pci")
    with pytest.raises(export.ExportError, match="unknown index 'pcx'"):
        export.parse_indices("pci,pcx")
    assert ("08", "94") == export.parse_provinces("8, 94", {"08", "94"})
    with pytest.raises(export.ExportError, match="unknown province code '99'"):
        export.parse_provinces("08,99", {"08", "94"})


@pytest.mark.parametrize(
    "version, expected",
    [
        ("2026-12-01.3f9a2c1b", "vn-reform-indices_pci_2019_2026-12-01.3f9a2c1b.csv"),
        ("", "vn-reform-indices_pci_2019.csv"),
        ("../x y", "vn-reform-indices_pci_2019_xy.csv"),
    ],
)
def test_export_filename_names_the_data_version(version, expected):
    name = export.export_filename(Selection(("pci",), (2019, 2019)), "csv", version)
    assert expected == name
    assert re.fullmatch(r"[a-z0-9_.-]+", name) and ".." not in name


def test_xlsx_and_zip_carry_the_data_version(ds):
    version = "2026-12-01.3f9a2c1b"
    versioned = replace(ds, summary={**ds.summary, "version": {"id": version, "date": "2026-12-01"}})
    sel = SELECTIONS["pci 2018-2019 focus"]
    book = load_workbook(io.BytesIO(export.export_xlsx(versioned, sel)))
    assert (version, export.datapackage.project_title()) == (book.properties.version, book.properties.title)
    with zipfile.ZipFile(io.BytesIO(export.export_zip(versioned, sel))) as z:
        assert version == json.loads(z.read("datapackage.json"))["version"]
        assert f"Data version `{version}`" in z.read("README.md").decode()
        assert f"\nversion: {version}\ndate-released: 2026-12-01\n" in z.read("CITATION.cff").decode()
        assert version.encode() == pq.read_schema(io.BytesIO(z.read("values.parquet"))).metadata[b"version"]
