"""PAPI loader on the real files: known values, omissions, eras, source comparison and layout errors."""

import math
import re

import openpyxl
import pandas as pd
import pytest

from loaders import common, merge, papi
from loaders.common import SourceLayoutError
from tests.conftest import SOURCES

COMPILED = SOURCES / "papi" / "compiled-2011-2024"


@pytest.fixture(scope="module")
def result(registry):
    return papi.load(SOURCES, registry)


@pytest.fixture(scope="module")
def values(result):
    return result.values


def _rows(values, year, name, registry):
    code = registry.lookup(name)
    assert code is not None, name
    return values[(values["year"] == year) & (values["province_code"] == code)].set_index("indicator")


@pytest.mark.parametrize(
    "year, name, expected",
    [
        (2023, "Thừa Thiên Huế", 46.04),
        (2023, "Thái Nguyên", 45.79),
        (2023, "Bắc Ninh", 45.70),
        (2023, "Hà Nội", 43.96),
        (2020, "Tuyên Quang", 44.40),
    ],
)
def test_known_unweighted_totals(values, registry, year, name, expected):
    row = _rows(values, year, name, registry).loc["papi_total_unweighted"]
    assert expected == round(row["value"], 2)
    assert "computed" == row["status"]
    assert f"papi_compiled_{year}" == row["source_id"]


# Cells read by hand (openpyxl) from the official workbooks.
@pytest.mark.parametrize(
    "year, name, indicator, expected, ref",
    [
        (2015, "Hà Nội", "papi_d4_3", 0.6288788318634033, "PAPI_2015_eng.xlsx!2015- PAPI ALL Dimensions !2"),
        (2015, "Lai Châu", "papi_d1", 3.7508530616760254, "PAPI_2015_eng.xlsx!2015- PAPI ALL Dimensions !9"),
        (2015, "Lai Châu", "papi_d4", 5.042064666748047, "PAPI_2015_eng.xlsx!2015- PAPI ALL Dimensions !9"),
        (
            2018,
            "Hà Nội",
            "papi_total_unweighted",
            42.3194694519043,
            "PAPI_2018_FULL_vie.xlsx!ProvincialIndicators_VIE!C2",
        ),
        (
            2019,
            "Hà Nội",
            "papi_total_weighted",
            43.524197,
            "2019_PAPI_Provincial_indicators2019_VIE_ENG.xlsx!2019PAPI_Indicators_VIE!C3",
        ),
    ],
)
def test_official_cells_read_by_hand(values, registry, year, name, indicator, expected, ref):
    row = _rows(values, year, name, registry).loc[indicator]
    assert math.isclose(expected, row["value"], abs_tol=1e-6)
    assert "published" == row["status"]
    assert ref == row["source_ref"]
    assert 1 == row["precedence"]


@pytest.mark.parametrize(
    "year, name, missing, present",
    [
        (2014, "Bắc Giang", ["papi_total_unweighted", "papi_d1", "papi_d6", "papi_d3_2"], []),
        (2014, "Đồng Tháp", ["papi_total_unweighted", "papi_d2", "papi_d5_4"], []),
        (
            2018,
            "Quảng Ninh",
            ["papi_total_unweighted", "papi_d2", "papi_d4", "papi_d2_4", "papi_d4_1"],
            ["papi_d1", "papi_d3", "papi_d8"],
        ),
        (2018, "Đồng Tháp", ["papi_total_unweighted", "papi_d2", "papi_d4", "papi_d2_1"], ["papi_d5", "papi_d7"]),
        (2021, "Quảng Ninh", ["papi_total_unweighted", "papi_d1", "papi_d8", "papi_d8_3"], []),
        (2021, "Bắc Giang", ["papi_total_unweighted", "papi_d5", "papi_d5_1"], []),
        (2021, "Bắc Ninh", ["papi_total_unweighted", "papi_d7"], []),
        (
            2022,
            "Bắc Giang",
            ["papi_total_unweighted", "papi_d1", "papi_d2", "papi_d4", "papi_d5"],
            ["papi_d3", "papi_d6", "papi_d7", "papi_d8"],
        ),
        (
            2022,
            "Bắc Ninh",
            ["papi_total_unweighted", "papi_d2", "papi_d3", "papi_d4", "papi_d8"],
            ["papi_d1", "papi_d5", "papi_d6", "papi_d7"],
        ),
        (2023, "Quảng Ninh", ["papi_total_unweighted", "papi_d1", "papi_d1_1"], []),
        (2023, "Bình Dương", ["papi_total_unweighted", "papi_d6"], []),
        (2024, "Vĩnh Phúc", ["papi_total_unweighted", "papi_d4"], []),
        (2024, "Tiền Giang", ["papi_total_unweighted", "papi_d8"], []),
    ],
)
def test_official_omissions_stay_missing(values, registry, year, name, missing, present):
    rows = _rows(values, year, name, registry)
    for ind in missing:
        assert rows.loc[ind, "status"] == "missing", ind
        assert pd.isna(rows.loc[ind, "value"]), ind
    for ind in present:
        assert rows.loc[ind, "value"] > 0, ind


def test_total_missing_exactly_where_a_dimension_is_missing(values):
    dims = values[papi.is_dim(values["indicator"])]
    complete = dims.groupby(["year", "province_code"])["value"].apply(lambda s: s.notna().all())
    total = values[values["indicator"] == "papi_total_unweighted"].set_index(["year", "province_code"])["value"]
    assert (total.notna() == complete.reindex(total.index)).all()
    # 2014: 2, 2018: 2 (no D2/D4), 2021: 3, 2022: 2 (partial), 2023: 2, 2024: 2 province-years
    assert 13 == int(total.isna().sum())


def test_no_zero_scores(values):
    assert not (values["value"] == 0).any()


@pytest.mark.parametrize("year", range(2011, 2025))
def test_dimensions_per_era(values, year):
    dims = set(values.loc[(values["year"] == year) & papi.is_dim(values["indicator"]), "indicator"])
    assert {f"papi_d{k}" for k in range(1, 7 if year < 2018 else 9)} == dims


def test_weighted_total_2019_only_and_in_scale(values):
    w = values[values["indicator"] == "papi_total_weighted"]
    assert {2019} == set(w["year"])
    assert 63 == w["province_code"].nunique() == w["value"].notna().sum()
    assert w["value"].between(10, 80).all()
    assert {"published"} == set(w["status"])


@pytest.mark.parametrize(
    "year, status",
    [(2011, "computed"), (2017, "computed"), (2018, "published"), (2019, "published"), (2020, "computed")],
)
def test_total_status_per_year(values, year, status):
    t = values[(values["year"] == year) & (values["indicator"] == "papi_total_unweighted")]
    assert {status} == set(t.loc[t["value"].notna(), "status"])


def test_compiled_years_subdimensions_published_dimensions_computed(values):
    v = values[values["year"] >= 2020].dropna(subset=["value"])
    assert {"published"} == set(v.loc[papi.is_sub(v["indicator"]), "status"])
    assert {"computed"} == set(v.loc[papi.is_dim(v["indicator"]), "status"])
    assert {3} == set(v["precedence"])
    assert {1} == set(values.loc[values["year"] <= 2019, "precedence"])


def test_construction_permits_not_in_design_from_2021(values):
    years = set(values.loc[values["indicator"] == "papi_d5_2", "year"])
    assert set(range(2011, 2021)) == years


def test_no_ranks(values):
    assert values["rank"].isna().all()
    assert values["rank_status"].isna().all()


def test_build_checks_pass(values, registry):
    assert [] == common.check_unique_key(values)
    assert [] == common.check_codes_in_registry(values, registry)
    assert [] == common.check_scales(values, papi.INDICATORS)
    assert [] == common.check_status(values)
    for indicator, expected in papi.EXPECTED_COUNTS.items():
        assert [] == common.check_province_counts(values, indicator, expected)


def test_codebook_rows_are_the_indicators_with_data(values):
    have = values.dropna(subset=["value"])["indicator"]
    assert set(have) == {i.code for i in papi.INDICATORS}


def test_source_refs_and_ids(values):
    ids = {s.id for s in papi.SOURCES}
    assert set(values["source_id"]) <= ids
    pattern = re.compile(r"^(PAPI_\d{4}_\w+\.xlsx!.+!\d+|.+\.xlsx!.+![A-Z]+\d+|\d{4}\.csv:\d+)( \(sum of .+\))?$")
    bad = [r for r in values["source_ref"].unique() if not pattern.match(r)]
    assert [] == bad[:5]


def test_every_source_file_exists():
    for s in papi.SOURCES:
        assert (SOURCES / s.path).is_file(), s.path
        assert s.attribution.startswith("CECODES, VFF-CRT, RTA & UNDP, PAPI ")


def test_compiled_file_agrees_with_official_workbooks(result):
    """The truth on these files: the compilation equals the official scores 2011–2019; the workbooks agree."""
    assert 0 == len(result.conflicts)
    assert [] == result.warnings


def test_comparison_reports_a_real_disagreement(registry):
    official, _ = papi._official_year(SOURCES, 2015, registry)
    subs = official[papi.is_sub(official["indicator"])]
    other = subs.copy()
    hanoi = (other["province_code"] == "01") & (other["indicator"] == "papi_d4_3")
    other.loc[hanoi, "value"] += 0.02
    other.loc[(other["province_code"] == "02") & (other["indicator"] == "papi_d1_1"), "value"] += 0.004  # rounding
    other.loc[(other["province_code"] == "04") & (other["indicator"] == "papi_d6_1"), "value"] = float("nan")
    conf = merge.compare_tables(subs, other, "papi", 2015, "test")
    assert [("01", "papi_d4_3"), ("04", "papi_d6_1")] == sorted(
        zip(conf["province_code"], conf["indicator"], strict=True)
    )
    row = conf.set_index("province_code").loc["01"]
    assert "+0.0200" in row["note"] and row["chosen_source"].startswith("papi_2015_eng ")


@pytest.mark.parametrize(
    "label, code",
    [
        (" 1: Participation at Local Levels", "papi_d1"),
        ("2.4: Transparent Land-Use Plan/Price Frames", "papi_d2_4"),
        ("Chỉ số nội dung 8: Quản trị điện tử*", "papi_d8"),
        ("Dimension 3: Vertical Accountability", "papi_d3"),
        ("Unweighted PAPI Score", "papi_total_unweighted"),
        ("Chỉ số PAPI 2018 (không có trọng số)", "papi_total_unweighted"),
        ("Chỉ số PAPI tổng hợp (có trọng số)", "papi_total_weighted"),
        ("Chỉ số PAPI tổng hợp (có trọng số) - sai số", None),
        ("Variance (Dimension 1)", None),
        ("Provinces", None),
    ],
)
def test_indicator_code(label, code):
    assert code == papi.indicator_code(label)


def test_compiled_csv_with_unknown_province_code_names_the_file(tmp_path, registry):
    path = tmp_path / "2099.csv"
    path.write_text("Province,SC11,SC12\nP01,1.1,1.2\nP99,1.0,1.3\n", encoding="utf-8")
    pmap = papi.compiled_provinces(SOURCES, registry)
    long = papi.parse_compiled_csv(path, ["SC11", "SC12"])
    with pytest.raises(SourceLayoutError, match=r"2099\.csv: province code\(s\) P99 not in codebook_provinces\.csv"):
        papi.harmonise_compiled(long, pmap, path.name)


def test_compiled_csv_with_unexpected_columns_names_the_file(tmp_path):
    path = tmp_path / "2099.csv"
    path.write_text("Province,SC11,SCX\nP01,1.1,1.2\n", encoding="utf-8")
    with pytest.raises(SourceLayoutError, match=r"2099\.csv: columns"):
        papi.parse_compiled_csv(path, ["SC11", "SC12"])


def _workbook(path, sheet, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_workbook_missing_its_sheet_names_file_and_sheet(tmp_path):
    path = _workbook(tmp_path / "PAPI_2099_eng.xlsx", "Other", [["Provinces", "1: Participation"], ["Ha Noi", 5.1]])
    with pytest.raises(SourceLayoutError, match=r"PAPI_2099_eng\.xlsx: no sheet '2099- PAPI ALL Dimensions '"):
        papi.parse_dimension_table(path, "2099- PAPI ALL Dimensions ")


def test_workbook_with_an_unknown_column_names_the_cell(tmp_path):
    rows = [["Provinces", "1: Participation", "Rank"], ["Ha Noi", 5.1, 3]]
    path = _workbook(tmp_path / "PAPI_2099_eng.xlsx", "S", rows)
    with pytest.raises(SourceLayoutError, match=r"PAPI_2099_eng\.xlsx!S!C1: column 'Rank'"):
        papi.parse_dimension_table(path, "S")


def test_workbook_with_text_in_a_score_cell_names_the_cell(tmp_path):
    rows = [["Provinces", "1: Participation"], ["Ha Noi", "n/a"]]
    path = _workbook(tmp_path / "PAPI_2099_eng.xlsx", "S", rows)
    with pytest.raises(SourceLayoutError, match=r"PAPI_2099_eng\.xlsx!S!B2: unexpected value 'n/a'"):
        papi.parse_dimension_table(path, "S")
