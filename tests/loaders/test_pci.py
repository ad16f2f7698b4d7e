"""PCI loader on the real VCCI workbooks 2005–2019: every layout, known values, layout errors that name the place."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from loaders import indices
from loaders import pci as pci_index
from loaders.common import (
    COLUMNS,
    SourceLayoutError,
    check_codes_in_registry,
    check_scales,
    check_status,
    check_unique_key,
    read_sheets,
)
from loaders.pci import workbooks as pci

SOURCES = Path(__file__).resolve().parents[3] / "shared" / "sources"
WORKBOOKS = SOURCES / "pci" / "vcci-workbooks"
PAGES = SOURCES / "pci" / "pcivietnam-pages"
SUBS = {
    "pci_entry_costs", "pci_land_access", "pci_transparency", "pci_time_costs", "pci_informal_charges",
    "pci_proactivity", "pci_business_support",
}  # fmt: skip


@pytest.fixture(scope="module")
def result(registry):
    """One load of all fifteen workbooks."""
    return pci.load(SOURCES, registry)


@pytest.fixture(scope="module")
def values(result) -> pd.DataFrame:
    return result.values


def one(values: pd.DataFrame, year: int, code: str, indicator: str) -> pd.Series:
    """The single tidy row for (year, province code, indicator)."""
    rows = values[(values.year == year) & (values.province_code == code) & (values.indicator == indicator)]
    assert len(rows) == 1, f"{year} {code} {indicator}: {len(rows)} rows"
    return rows.iloc[0]


def test_every_year_parsed(values):
    assert sorted(values["year"].unique()) == list(range(2005, 2020))


@pytest.mark.parametrize("year", pci.YEARS)
def test_province_count_with_a_total(values, year):
    totals = values[(values.year == year) & (values.indicator == "pci_total")]
    assert totals["province_code"].nunique() == pci_index.EXPECTED_COUNTS["pci_total"][year]
    assert totals["value"].notna().all()


@pytest.mark.parametrize(
    ("year", "value", "rank"),
    [(2019, 68.80, 9), (2018, 65.40, 9)],  # official: Hà Nội PCI 2019 = 68.80 rank 9; 2018 = 65.40 rank 9
)
def test_ha_noi_known_values(values, year, value, rank):
    row = one(values, year, "01", "pci_total")
    assert round(row["value"], 2) == value
    assert row["rank"] == rank
    assert row["rank_status"] == "published"
    assert row["source_ref"] == "Summary!25"


# Cells read by hand in each layout family (sheet, Excel cell → value).
SPOT_CELLS = [
    # 2005 pilot, summary sheet: F4 (Đà Nẵng, Chi phí gia nhập thị trường), K4 (Thực hiện chính sách của Trung ương)
    (2005, "Đà Nẵng", "pci_entry_costs", 8.771492553273571, "Bảng tóm tắt chỉ số!4"),
    (2005, "Đà Nẵng", "pci_implementation_consistency", 6.351667787670373, "Bảng tóm tắt chỉ số!4"),
    # 2006 'PCI Tóm tắt' C3 and M3 (Bình Dương)
    (2006, "Bình Dương", "pci_entry_costs", 8.492639795146804, "PCI Tóm tắt!3"),
    (2006, "Bình Dương", "pci_total", 76.23340820540244, "PCI Tóm tắt!3"),
    # 2007 summary E2, O2 (unweighted), P2 (weighted), Bình Dương
    (2007, "Bình Dương", "pci_entry_costs", 7.945427, "Tóm tắt các chỉ số PCI !2"),
    (2007, "Bình Dương", "pci_unweighted", 76.02356, "Tóm tắt các chỉ số PCI !2"),
    (2007, "Bình Dương", "pci_total", 77.19708, "Tóm tắt các chỉ số PCI !2"),
    # 2008 pairs 'Tổng hợp': B3/C3 Đà Nẵng entry costs; X33/Y33 Hà Nội weighted PCI
    (2008, "Đà Nẵng", "pci_entry_costs", 9.360684, "Tổng hợp!3"),
    (2008, "Hà Nội", "pci_total", 53.73638, "Tổng hợp!33"),
    # 2009 wide 'Tong Hop': C4/D4/M4 Hà Nội; infrastructure sheet 'Co so ha tang' B3/C3
    (2009, "Hà Nội", "pci_entry_costs", 8.351827, "Tong Hop!4"),
    (2009, "Hà Nội", "pci_total", 58.17699, "Tong Hop!4"),
    (2009, "Hà Nội", "pci_infrastructure", 6.596736, "Co so ha tang!3"),
    # 2010 pairs 'Tong hop' (ASCII names): B2/C2 Quang Tri entry costs; T2/U2 Dong Thap unweighted
    (2010, "Quảng Trị", "pci_entry_costs", 8.11149, "Tong hop!2"),
    (2010, "Đồng Tháp", "pci_unweighted", 62.073515, "Tong hop!2"),
    # 2013 English pairs 'Summary': B2/C2 Tra Vinh entry costs; J32/K32 Phu Tho informal charges
    (2013, "Trà Vinh", "pci_entry_costs", 9.468455, "Summary!2"),
    (2013, "Phú Thọ", "pci_informal_charges", 6.584427, "Summary!32"),
    # 2014 'Summary_VN' L2/M2 Lào Cai 'Cạnh tranh bình đẳng'
    (2014, "Lào Cai", "pci_policy_bias", 7.79036235809326, "Summary_VN!2"),
    # 2019 'Summary' A2/D2 An Giang Sub-Index 1
    (2019, "An Giang", "pci_entry_costs", 7.048645973205566, "Summary!2"),
]


@pytest.mark.parametrize(("year", "province", "indicator", "value", "ref"), SPOT_CELLS)
def test_spot_cells(values, registry, year, province, indicator, value, ref):
    row = one(values, year, registry.lookup(province), indicator)
    assert row["value"] == pytest.approx(value, abs=1e-9)
    assert row["source_ref"] == ref
    assert row["status"] == "published"


@pytest.mark.parametrize(
    ("spelling", "code", "value", "rank", "tier"),
    [
        ("TT-Hue", "46", 65.56182, 2, "Excellent"),
        ("HCMC", "79", 61.19211, 10, "High"),
        ("BRVT", "77", 56.99031, 39, "Mid-high"),
    ],
)
def test_2013_english_spellings_matched(values, spelling, code, value, rank, tier):
    raw = read_sheets(WORKBOOKS / "PCI_2013.xlsx")["Summary"]
    assert spelling in set(raw[21]), f"{spelling} no longer in PCI_2013.xlsx Summary column V"
    row = one(values, 2013, code, "pci_total")
    assert (row["value"], row["rank"], row["tier"]) == (pytest.approx(value), rank, tier)


def test_table_is_tidy_and_checked(values, registry):
    assert list(values.columns)[: len(COLUMNS)] == list(COLUMNS)
    assert check_unique_key(values) == []
    assert check_codes_in_registry(values, registry) == []
    assert check_scales(values, pci_index.INDICATORS) == []
    assert check_status(values) == []
    assert (values["index"] == "pci").all() and (values["vintage"] == 63).all()
    assert (values["precedence"] == 1).all()
    assert set(values["source_id"]) == {s.id for s in pci.SOURCES}


def test_province_is_registry_name(values, registry):
    for code, name in values[["province_code", "province"]].drop_duplicates().itertuples(index=False):
        assert name == registry.name(code, 63)


def test_source_refs_are_sheet_and_row(values):
    refs = values["source_ref"].str.extract(r"^(?P<sheet>.+)!(?P<row>\d+)$")
    assert refs["row"].notna().all()
    assert refs["row"].astype(int).min() >= 2


@pytest.mark.parametrize("year", [2017, 2018, 2019])
def test_summary_extra_rows_not_provinces(values, year):
    """The highlighted 'Ha Noi' row and Min/Median/Max below the 63 provinces are not loaded."""
    sheet = read_sheets(WORKBOOKS / f"PCI_{year}.xlsx")["Summary"]
    names = [str(x) for x in sheet[0]]
    assert names.count("Ha Noi") == 2 and {"Min", "Median", "Max"} <= set(names)  # the workbook does carry them
    rows = values[(values.year == year)]
    assert rows["source_ref"].str.extract(r"!(\d+)$")[0].astype(int).max() == 64
    assert len(rows[(rows.province_code == "01") & (rows.indicator == "pci_total")]) == 1
    extra = sheet.iloc[65]  # Excel row 66: the highlighted Ha Noi row repeats the province row
    assert extra[0] == "Ha Noi" and extra[2] == pytest.approx(one(values, year, "01", "pci_total")["value"])


def test_sub_index_ranks_blank(values):
    subs = values[values.indicator != "pci_total"]
    assert subs["rank"].isna().all() and subs["rank_status"].isna().all() and subs["tier"].isna().all()


@pytest.mark.parametrize(
    ("year", "rank_status", "has_tier"),
    [(2005, "published", True), (2006, "computed", False), (2007, "published", True), (2008, "computed", False)]
    + [(2009, "published", False)]
    + [(y, "published", True) for y in range(2010, 2017)]
    + [(y, "published", False) for y in (2017, 2018, 2019)],
)
def test_total_ranks_and_tiers(values, year, rank_status, has_tier):
    totals = values[(values.year == year) & (values.indicator == "pci_total")]
    assert set(totals["rank_status"]) == {rank_status}
    assert totals["tier"].notna().all() if has_tier else totals["tier"].isna().all()
    ranks = totals["rank"].astype(int)
    assert ranks.min() == 1 and ranks.max() <= 64


def test_2008_order_rank_agrees_with_the_workbooks_own_rank_row(values):
    """PCI_2008.xls 'Tổng hợp' Y70 (row 'Xếp hạng' under the highlighted Hà Nội row) = 31 = Hà Nội's order number."""
    sheet = read_sheets(WORKBOOKS / "PCI_2008.xls")["Tổng hợp"]
    assert (sheet.iat[69, 1], sheet.iat[69, 24]) == ("Xếp hạng", 31)
    assert one(values, 2008, "01", "pci_total")["rank"] == 31


@pytest.mark.parametrize(
    ("year", "row", "tier"),
    [
        (2005, 2, "Tốt"),
        (2005, 8, "Tốt"),
        (2005, 9, "Khá"),
        (2005, 42, "Thấp"),
        (2007, 2, "Rất tốt"),
        (2013, 2, "Excellent"),
    ],
)
def test_tiers_as_printed(values, year, row, tier):
    """2005 tiers are merged cells over the ranking sheet's column D (D2:D8 'Tốt', D9:D21 'Khá', …, D37:D43 'Thấp')."""
    totals = values[(values.year == year) & (values.indicator == "pci_total")]
    assert totals[totals["source_ref"].str.endswith(f"!{row}")]["tier"].tolist() == [tier]


EXPECTED_SUBS = {
    2005: SUBS | {"pci_implementation_consistency", "pci_policy_bias"},
    **{y: SUBS | {"pci_policy_bias", "pci_labor_training", "pci_legal_institutions"} for y in (2006, 2007, 2008)},
    2009: SUBS | {"pci_labor_training", "pci_legal_institutions", "pci_infrastructure"},
    **{y: SUBS | {"pci_labor_training", "pci_legal_institutions"} for y in (2010, 2011, 2012)},
    **{y: SUBS | {"pci_policy_bias", "pci_labor_training", "pci_legal_institutions"} for y in range(2013, 2020)},
}


@pytest.mark.parametrize("year", pci.YEARS)
def test_sub_index_set_per_year(values, year):
    got = set(values[values.year == year]["indicator"]) - {"pci_total", "pci_unweighted"}
    assert got == EXPECTED_SUBS[year]
    has_unweighted = "pci_unweighted" in set(values[values.year == year]["indicator"])
    assert has_unweighted == (year in (2007, 2008, 2010))
    per_indicator = values[values.year == year].groupby("indicator")["province_code"].nunique()
    assert (per_indicator == pci_index.EXPECTED_COUNTS["pci_total"][year]).all()


def test_codebook_matches_values(values):
    codes = {i.code: i for i in pci_index.INDICATORS}
    assert set(values["indicator"]) == set(codes)
    assert set(indices.get("pci").coverage) <= set(codes)
    assert all(codes[c].scale_max == 10 for c in codes if codes[c].level == "subindex")


def test_sources_one_per_workbook():
    assert [s.years for s in pci.SOURCES] == [str(y) for y in pci.YEARS]
    for s in pci.SOURCES:
        assert (SOURCES / s.path).is_file(), s.path
        assert s.attribution == f"VCCI & USAID, PCI {s.years}"
        assert s.official_page == "https://pcivietnam.vn/en/pci-data"
        assert s.download_url == "" or "/84348767/Data/PCI/PCI%20" in s.download_url


def test_ha_tay_kept_under_its_own_code(result):
    """Hà Tây (merged into Hà Nội in 2008) keeps code 28 and its published figures 2005-2008, never Hà Nội's."""
    v = result.values
    ha_tay = v[v["province_code"] == "28"]
    assert sorted(ha_tay["year"].unique()) == [2005, 2006, 2007, 2008]
    assert set(ha_tay["province"]) == {"Hà Tây"} and set(ha_tay["vintage"]) == {63}
    total = ha_tay[ha_tay["indicator"] == "pci_total"].set_index("year")
    assert total.loc[2007, "rank"] == 41 and total.loc[2007, "rank_status"] == "published"
    assert round(total.loc[2007, "value"], 2) == 52.24
    for year in (2006, 2007, 2008):  # 64 ranks, each once: Hà Tây's is its own, not a second Hà Nội
        t = v[(v["year"] == year) & (v["indicator"] == "pci_total")]
        assert sorted(t["rank"].dropna().astype(int)) == list(range(1, 65))
        assert t["province_code"].is_unique and len(t) == 64
    assert not any("Hà Tây" in w for w in result.warnings)


# Official pcivietnam.vn province pages (pcivietnam-pages/*.txt, transcribed): score and rank, 2 decimals.
PAGE_VALUES = [
    ("Phú Thọ", 2006, 54.42, 24),
    ("Phú Thọ", 2008, 52.49, 34),
    ("Ninh Thuận", 2009, 54.91, 48),
    ("Hải Phòng", 2012, 53.58, 50),
    ("Vĩnh Phúc", 2007, 66.06, 7),
    ("Thanh Hóa", 2016, 58.54, 31),
    ("Sóc Trăng", 2019, 63.70, 53),
]


@pytest.mark.parametrize(("province", "year", "score", "rank"), PAGE_VALUES)
def test_agrees_with_official_pages(values, registry, province, year, score, rank):
    row = one(values, year, registry.lookup(province), "pci_total")
    assert (round(row["value"], 2), row["rank"]) == (score, rank)


# --- Layout errors on small workbooks made here. ---


def _workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


HEADER_2019 = ["Province", "Rank", "The Weighted PCI Score"] + [f"Sub-Index {i}: Entry Costs" for i in range(1, 11)]


def test_missing_sheet_names_file_and_sheet(tmp_path):
    path = _workbook(tmp_path / "PCI_2019.xlsx", {"Tóm tắt": [HEADER_2019, ["An Giang", 21, 66.4] + [7.0] * 10]})
    with pytest.raises(SourceLayoutError, match=r"PCI_2019\.xlsx: sheet 'Summary' not found"):
        pci.parse_year(2019, path)


def test_moved_province_column_names_file_sheet_and_cell(tmp_path):
    header = [HEADER_2019[1], HEADER_2019[0], *HEADER_2019[2:]]
    path = _workbook(tmp_path / "PCI_2019.xlsx", {"Summary": [header, [21, "An Giang", 66.4] + [7.0] * 10]})
    with pytest.raises(SourceLayoutError, match=r"PCI_2019\.xlsx: sheet 'Summary' cell A1: expected the province"):
        pci.parse_year(2019, path)


def test_narrow_sheet_names_file_and_sheet(tmp_path):
    path = _workbook(tmp_path / "PCI_2019.xlsx", {"Summary": [HEADER_2019[:4], ["An Giang", 21, 66.4, 7.0]]})
    with pytest.raises(SourceLayoutError, match=r"PCI_2019\.xlsx: sheet 'Summary' has 4 columns"):
        pci.parse_year(2019, path)


def test_unknown_sub_index_label_names_file_and_sheet(tmp_path, registry):
    header = [*HEADER_2019[:3], "Sub-Index 1: Happiness", *HEADER_2019[4:]]
    path = _workbook(tmp_path / "PCI_2019.xlsx", {"Summary": [header, ["An Giang", 21, 66.4] + [7.0] * 10]})
    raw = pci.parse_year(2019, path)
    with pytest.raises(SourceLayoutError, match=r"PCI_2019\.xlsx: sheet 'Summary': column label 'Sub-Index 1: Happ"):
        pci.harmonise(raw, 2019, registry, path.name)


def test_missing_value_stays_missing(tmp_path, registry):
    path = _workbook(tmp_path / "PCI_2019.xlsx", {"Summary": [HEADER_2019, ["An Giang", 21, 66.4, None] + [7.0] * 9]})
    rows = pci.harmonise(pci.parse_year(2019, path), 2019, registry, path.name)
    sub = next(r for r in rows if r["indicator"] == "pci_entry_costs")
    assert math.isnan(sub["value"]) and sub["status"] == "missing"


def test_stale_copied_sheet_is_refused():
    """PCI_2015.xlsx's English 'Summary' sheet is the 2013 table ('PCI 2013'): read as 2015 it must fail."""
    raw = pci.parse_pairs(read_sheets(WORKBOOKS / "PCI_2015.xlsx"), "PCI_2015.xlsx", pci.Pairs("Summary", 0, 0, 1))
    with pytest.raises(SourceLayoutError, match=r"PCI_2015\.xlsx: sheet 'Summary': total column 'PCI 2013'"):
        pci.check_year_labels(raw, 2015, "PCI_2015.xlsx")


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Ưu đãi đối với DNNN (Môi trường cạnh tranh)", "pci_policy_bias"),
        ("Cạnh tranh bình đẳng", "pci_policy_bias"),
        ("Bias", "pci_policy_bias"),
        ("Sub-Index 6: Policy Bias", "pci_policy_bias"),
        ("Chỉ số 8: Chính sách phát triển khu vực KTTN", "pci_business_support"),
        ("Chi phí về thời gian để thực hiện các quy định của Nhà nước", "pci_time_costs"),
        ("Sub-Index 10: Law & Order", "pci_legal_institutions"),
        ("Thực hiện chính sách của Trung ương", "pci_implementation_consistency"),
        ("Something else", None),
    ],
)
def test_sub_index_labels(label, code):
    assert pci.sub_code(label) == code


def test_only_the_needed_sheets_are_read():
    """PCI_2014.xlsx: the one sheet needed is read (with openpyxl, calamine cannot), not the other workbook sheets."""
    sheets = read_sheets(WORKBOOKS / "PCI_2014.xlsx", only=[*pci.SHEETS[2014], "No such sheet"])
    assert list(sheets) == ["Summary_VN"]
    assert sheets["Summary_VN"].iat[0, 22] == "PCI 2014"
