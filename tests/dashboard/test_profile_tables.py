"""The profile page's tables on the built data: one row per index, missing said missing, the language's words."""

import pandas as pd
import pytest

from dashboard import indices, profile
from dashboard.data import DATA_DIR, load
from dashboard.i18n import t

pytestmark = pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built")


@pytest.fixture(scope="module")
def ds():
    return load()


@pytest.mark.parametrize("code", ["01", "79", "08", "92"])
def test_latest_rows_one_per_index_with_a_figure_and_the_last_edition(ds, code):
    series = profile.index_series(ds.values, code)
    latest = profile.latest_rows(series)
    assert latest["index"].to_list() == [i for i in indices.codes() if i in set(latest["index"])]
    for r in latest.itertuples():
        mine = series[(series["index"] == r.index) & (series["value"].notna() | series["rank"].notna())]
        assert r.year == mine["year"].max()


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("code", ["01", "79"])
def test_latest_table_has_every_index_and_dashes_for_none(ds, code, lang):
    series = profile.index_series(ds.values, code)
    table = profile.latest_table(series, ds.sources, lang)
    assert table[t("index", lang)].to_list() == [indices.label(i) for i in indices.codes()]
    latest = profile.latest_rows(series).set_index("index")
    for i, row in zip(indices.codes(), table.to_dict("records"), strict=True):
        if i in latest.index:
            assert row[t("year", lang)] == str(int(latest.loc[i, "year"])) and row[t("source", lang)] != "–"
        else:
            assert row[t("status", lang)] == t("status_missing", lang) and row[t("score", lang)] == "–"


def test_latest_table_of_a_province_without_figures_says_missing(ds):
    empty = profile.index_series(ds.values, "00")
    table = profile.latest_table(empty, ds.sources, "vi")
    assert set(table[t("status", "vi")]) == {t("status_missing", "vi")}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_peers_table_marks_the_province_and_keeps_missing(ds, lang):
    year, peers = profile.region_peers(ds.values, ds.provinces, "pci", "01", year=2019)
    names = {c: ds.province_name(c) for c in peers["province_code"]}
    table = profile.peers_table(peers, names, lang)
    assert len(table) == len(peers)
    assert [p for p in table[t("province", lang)] if p.startswith("● ")] == ["● " + ds.province_name("01")]
    assert (table[t("score", lang)] == "–").sum() == peers["value"].isna().sum()


@pytest.mark.parametrize(
    "status,value,expected_vi",
    [("published", 6.5, "6,50"), ("computed", 6.5, "6,50 ({computed})"), ("published", float("nan"), "–")],
)
def test_subindex_table_marks_computed_scores(status, value, expected_vi):
    comp = pd.DataFrame(
        {
            "indicator": ["a"],
            "value": [value],
            "status": [status],
            "median": [6.0],
            "n": [63],
            "position": pd.array([5], dtype="Int64"),
            "diff": [0.5],
        }
    )
    table = profile.subindex_table(comp, {"a": "Chi phí gia nhập"}, "vi")
    assert table[t("score", "vi")].iloc[0] == expected_vi.format(computed=t("computed_label", "vi"))
    assert table[t("diff_from_median", "vi")].iloc[0] == "+0,50"
    assert table[t("profile_position", "vi")].iloc[0] == t("rank_of", "vi", rank=5, n=63)


@pytest.mark.parametrize("lang,column", [("vi", "region_vi"), ("en", "region_en"), ("fr", "region_vi")])
def test_region_name_reads_the_language_column(ds, lang, column):
    p = ds.provinces[(ds.provinces["code"] == "01") & (ds.provinces["vintage"] == 63)]
    assert profile.region_name(ds.provinces, "01", lang) == p.iloc[0][column]
    assert profile.region_name(ds.provinces, "nowhere", lang) == ""
