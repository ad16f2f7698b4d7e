"""The full ranking table, the published tiers, the tables behind maps and the last-updated line, on the real build."""

import datetime as dt

import pandas as pd
import pytest

from dashboard import data, freshness, league
from dashboard.i18n import fmt_number

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


@pytest.mark.parametrize(
    "values,computed,lang,decimals,expected",
    [
        ([65.4, None, 7.125], None, "vi", 2, ["65,40", "    –", " 7,12"]),  # Babel rounds half to even, as Vega does
        ([65.4, 7.0], [True, False], "en", 2, ["65.40 †", " 7.00"]),  # the mark after the padded number
        ([1234.5, 99.0], None, "vi", 1, ["1.234,5", "   99,0"]),  # thousands grouped in the language
        ([3, 12, None], [False, True, False], "vi", 0, [" 3", "12 †", " –"]),
        ([None, None], None, "en", 2, ["–", "–"]),  # nothing published: missing, never zero
        ([], None, "vi", 2, []),
    ],
)
def test_sortable_texts_write_each_figure_in_the_language(values, computed, lang, decimals, expected):
    marks = None if computed is None else pd.Series(computed)
    got = league.sortable_texts(pd.Series(values, dtype="Float64"), lang, decimals, marks)
    assert got == expected


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_sortable_texts_sort_as_the_numbers_with_computed_ones_in_place(lang):
    xs = pd.Series([5.5, 61.25, 100.0, 9.0, 61.0, 0.5])
    marks = pd.Series([False, True, False, True, False, False])
    texts = league.sortable_texts(xs, lang, 2, marks)
    assert [xs[texts.index(x)] for x in sorted(texts)] == sorted(xs)


@pytest.mark.parametrize(
    ("index", "year", "lang"), [("papi", 2024, "vi"), ("pci", 2016, "en"), ("par", 2023, "vi"), ("pci", 2024, "vi")]
)
def test_the_shown_full_table_writes_every_cell_as_babel_does(ds, index, year, lang):
    table = league.league_table(ds, index, year, None)
    frame = league.league_frame(ds, table, index, year, lang)
    marks = league.league_marks(ds, table, index, year, lang)
    shown = league.shown_frame(frame, marks, lang)
    assert shown.columns.to_list() == frame.columns.to_list() and len(shown) == len(frame) == 63
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    assert numeric, "the table has figures"
    for col in frame.columns:
        assert shown[col].map(type).eq(str).all(), col  # plain text, no styler: the grid shows it as it is
        if col not in numeric:
            have = frame[col].notna()
            assert shown.loc[have, col].to_list() == frame.loc[have, col].to_list()
            assert (shown.loc[~have, col] == "–").all()
            continue
        d = 0 if pd.api.types.is_integer_dtype(frame[col]) else 2
        m = marks.get(col, pd.Series(False, index=frame.index))
        for x, c, cell in zip(frame[col], m, shown[col], strict=True):
            want = fmt_number(x, lang, decimals=d) + (f" {league.COMPUTED_MARK}" if c else "")
            assert cell.strip() == want, (col, cell, want)
    if index == "papi":
        assert marks, "PAPI 2024 has computed figures, so the marked branch is tested"
