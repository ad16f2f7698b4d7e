"""The full ranking table, the published tiers, the tables behind maps and the last-updated line, on the real build."""

import datetime as dt

import pandas as pd
import pytest

from dashboard import data, freshness, league

pytestmark = pytest.mark.skipif(not (data.DATA_DIR / "values.csv").exists(), reason="data/current not built")


@pytest.fixture(scope="module")
def ds():
    return data.load()


def test_tiers_are_ordered_by_the_published_ranks(ds):
    order = league.tier_order(ds.values, "pci")
    vi = [x for x in order if not x.isascii()]
    en = [x for x in order if x.isascii()]
    assert vi == ["Rất tốt", "Tốt", "Khá", "Trung bình", "Tương đối thấp", "Thấp"]
    assert en == ["Excellent", "High", "Mid-high", "Mid-low", "Low", "Very low"]  # 2013 printed them in English
    assert league.tier_colors(ds.values, "pci")["Rất tốt"] == league.tier_colors(ds.values, "pci")["Excellent"]
    assert league.tiers_of(ds.values, "pci", 2012) == ["Tốt", "Khá", "Trung bình", "Tương đối thấp"]
    assert league.tiers_of(ds.values, "pci", 2019) == [] and league.tier_order(ds.values, "papi") == []


def test_the_full_table_keeps_missing_figures_missing(ds):
    table = league.league_table(ds, "pci", 2024)
    assert len(table) == 63 and table["province_code"].is_unique
    assert table["pci_total"].notna().sum() <= 30 and not (table["pci_total"] == 0).any()
    assert table["rank"].dropna().is_monotonic_increasing
    frame = league.league_frame(ds, table, "pci", 2024, "vi")
    assert "Xếp loại" not in frame.columns and frame["PCI"].isna().sum() == table["pci_total"].isna().sum()
    assert league.cell_text(float("nan"), "vi", 2) == "–" and league.cell_text(65.4, "vi", 2, True) == "65,40 †"


def test_computed_figures_are_marked_and_named_in_the_csv(ds):
    table = league.league_table(ds, "papi", 2024)
    frame = league.league_frame(ds, table, "papi", 2024, "en")
    marks = league.league_marks(ds, table, "papi", 2024, "en")
    assert "PAPI" in marks and int(marks["PAPI"].sum()) == int(frame["PAPI"].notna().sum())
    csv = league.league_csv_frame(frame, marks, "en")
    assert list(csv.columns) == [*frame.columns, "Computed cells"]
    assert csv["Computed cells"].iloc[0].startswith("PAPI")


def test_the_map_table_lists_every_province_drawn(ds):
    rows = data.select(ds.values, "pci", "pci_total", 2016)
    names = {c: ds.province_name(c) for c in ds.province_codes(63)}
    table = league.map_table(rows.iloc[:10], ds.province_codes(63), names, "vi")
    assert len(table) == 63 and table["Giá trị"].notna().sum() == 10
    assert (table.loc[table["Giá trị"].isna(), "Trạng thái"] == "không có số liệu").all()
    assert "Xếp loại" in table.columns


def test_the_last_updated_line_says_when_no_retrieval_date_is_recorded(ds):
    latest = data.latest_editions(ds.values)
    assert "retrieved" in ds.sources.columns
    assert freshness.freshness_text(ds.sources, latest, "vi", only="par") == (
        "PAR INDEX: kỳ mới nhất 2024 · ngày lấy nguồn: chưa ghi nhận"
    )
    dated = pd.DataFrame({"index": ["par", "par"], "retrieved": ["2025-03-01", "2025-07-15"]})
    assert freshness.retrieved_dates(dated, "par")[-1] == dt.date(2025, 7, 15)
    assert freshness.freshness_text(dated, {"par": 2024}, "en") == (
        "PAR INDEX: latest edition 2024 · source retrieved: July 15, 2025"
    )


@pytest.mark.parametrize(
    "lang,tiers",
    [
        ("vi", {"Rất tốt", "Tốt", "Khá", "Trung bình", "Tương đối thấp", "Thấp"}),
        ("en", {"Excellent", "High", "Mid-high", "Mid-low", "Low", "Very low"}),
    ],
)
@pytest.mark.parametrize("year", [2013, 2016])  # 2013 printed its tiers in English, 2016 in Vietnamese
def test_tiers_are_shown_in_the_page_language(ds, lang, tiers, year):
    from dashboard.i18n import t

    table = league.league_table(ds, "pci", year)
    shown = league.league_frame(ds, table, "pci", year, lang)[t("col_tier", lang)].dropna()
    assert len(shown) > 40 and set(shown) <= tiers


@pytest.mark.parametrize(
    ("lang", "header"), [("vi", "Ước tính theo dân số (tính toán)"), ("en", "Population-weighted estimate (computed)")]
)
def test_the_estimate_map_table_heads_its_figures_as_an_estimate(ds, lang, header):
    from dashboard import maps

    s63 = data.select(ds.values, "pci", "pci_total", 2019)
    s63 = s63[s63["vintage"] == 63]
    est = maps.estimate_34(s63, maps.load_weights(ds.folder), ds.places)
    table = league.map_table(est, ds.province_codes(34), {}, lang)
    assert header in table.columns and table[header].notna().sum() == 34
    assert "Giá trị" not in table.columns and "Value" not in table.columns
