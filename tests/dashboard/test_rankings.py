"""The rankings page's figures on the built data and on small frames: order, missing last, columns by content."""

import pandas as pd
import pytest

from dashboard import rankings
from dashboard.data import DATA_DIR, load
from dashboard.i18n import t

pytestmark = pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built")


@pytest.fixture(scope="module")
def ds():
    return load()


@pytest.mark.parametrize(
    "index,indicator,year",
    [("pci", "pci_total", 2019), ("pci", "pci_total", 2024), ("par", "par_total", 2023), ("pci", "pci_total", 2005)],
)
def test_year_rows_every_province_once_ranked_first_missing_last(ds, index, indicator, year):
    rows = rankings.year_rows(ds, index, indicator, year)
    held = [c for c in ds.historical_codes(63) if year <= 2008 and index == "pci"]  # Hà Tây in PCI 2005-2008
    assert sorted(rows["province_code"]) == sorted(ds.province_codes(63) + held)
    assert rows["province_code"].is_unique
    figure = rankings.has_figure(rows).to_list()
    assert figure == sorted(figure, reverse=True)  # every province with a figure comes before every one without
    ranks = rows["rank"].dropna().to_list()
    assert ranks == sorted(ranks)


RANKED = ["col_chosen", "rank", "col_province", "score", "col_rank_status"]


@pytest.mark.parametrize(
    "lang,index,indicator,year,columns",
    [
        ("vi", "pci", "pci_total", 2016, [*RANKED, "col_tier"]),
        ("en", "pci", "pci_total", 2019, RANKED),
        ("en", "pci", "pci_total", 2024, RANKED),
        ("vi", "pci", "pci_entry_costs", 2019, ["col_chosen", "col_province", "score"]),  # a sub-index has no rank
    ],
)
def test_year_table_columns_follow_the_figures(ds, lang, index, indicator, year, columns):
    rows = rankings.year_rows(ds, index, indicator, year)
    names = {c: ds.province_name(c) for c in rows["province_code"]}
    is_total = ds.indicator(indicator).get("level") == "total"
    shown = rankings.year_table(rows, names, ["01", "79"], lang, is_total)
    assert shown.columns.to_list() == [t(k, lang) for k in columns]
    assert len(shown) == 63
    marked = shown.loc[shown[t("col_chosen", lang)] == rankings.CHOSEN_MARK, t("col_province", lang)]
    assert sorted(marked) == sorted([ds.province_name("01"), ds.province_name("79")])
    missing = shown.loc[~rankings.has_figure(rows).to_numpy(), t("score", lang)]
    assert set(missing.str.strip()) <= {"–"}  # missing stays missing, never zero


@pytest.mark.parametrize("lang,decimal", [("vi", ","), ("en", ".")])
def test_year_table_figures_sort_as_text_as_the_numbers(ds, lang, decimal):
    rows = rankings.year_rows(ds, "pci", "pci_total", 2019)
    names = {c: ds.province_name(c) for c in rows["province_code"]}
    shown = rankings.year_table(rows, names, ["01"], lang, True)
    score, rank = shown[t("score", lang)], shown[t("rank", lang)]
    assert score.str.len().nunique() == 1 and rank.str.len().nunique() == 1  # one width per column
    have = rows["value"].notna().to_numpy()
    assert rows.loc[have, "value"].to_list() == sorted(rows.loc[have, "value"], reverse=True)
    assert score[have].to_list() == sorted(score[have], reverse=True)  # the text order is the number order
    assert rank[have].to_list() == sorted(rank[have])
    assert decimal in score.iloc[0]


@pytest.mark.parametrize(
    "codes,expected",
    [(["01", "08"], []), (["01", "08", "99"], ["Nowhere"]), (["99", "01"], ["Nowhere"])],
)
def test_without_names_chosen_provinces_with_no_figure(codes, expected):
    ser = pd.DataFrame({"province_code": ["01", "01", "08", "99"], "value": [1.0, None, 2.0, None]})
    names = {"01": "Hà Nội", "08": "Tuyên Quang", "99": "Nowhere"}
    assert rankings.without(ser["value"], ser, codes, names) == expected


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_trends_charts_drawn_only_with_figures(ds, lang):
    tr = rankings.trends(ds, "pci", "pci_total", ["01", "79"], lang)
    assert tr["span"]["first"] == 2005 and tr["codes"] == ["01", "79"]
    assert rankings.bump_chart(tr, lang) is not None and rankings.score_chart(tr, lang) is not None
    sub = rankings.trends(ds, "pci", "pci_entry_costs", ["01"], lang)
    assert sub["ser"]["rank"].isna().all() and rankings.bump_chart(sub, lang) is None


@pytest.mark.parametrize(
    "indicator,codes,is_total,bump,score",
    [
        ("pci_total", ["01", "79"], True, None, None),
        ("pci_entry_costs", ["01"], False, "subindex_no_rank", None),
        ("pci_total", ["nowhere"], True, "no_ranks_for", "no_scores_for"),
    ],
)
def test_not_drawn_says_why(ds, indicator, codes, is_total, bump, score):
    tr = rankings.trends(ds, "pci", indicator, codes, "vi")
    assert (rankings.not_drawn(tr, "bump", is_total), rankings.not_drawn(tr, "score", is_total)) == (bump, score)
    assert (rankings.bump_chart(tr, "vi") is None) == (bump is not None)
    assert (rankings.score_chart(tr, "vi") is None) == (score is not None)
