"""What moves the rank, on the real build: simulated totals and ranks against the published table."""

import pandas as pd
import pytest

from dashboard import data, whatif
from tests.conftest import DATA

pytestmark = pytest.mark.skipif(not (DATA / "values.csv").exists(), reason="needs data/current (make data)")


@pytest.fixture(scope="module")
def ds():
    return data.load(DATA)


@pytest.fixture(scope="module")
def weights(ds):
    return whatif.load_weights(ds.folder)


def _all_years(weights):
    return [(i, y) for i in whatif.indices(weights) for y in whatif.years(weights, i)]


def test_simulated_years():
    w = whatif.load_weights(DATA)
    assert whatif.years(w, "pci") == [*range(2006, 2011), *range(2012, 2020)]
    assert whatif.years(w, "papi") == list(range(2011, 2025))
    assert "0.3045" in whatif.why_not(w, "pci", 2011) and whatif.why_not(w, "pci", 2019) is None
    assert whatif.pick_year(w, "pci", 2011) == 2019 and whatif.pick_year(w, "pci", 2008) == 2008


def test_total_at_own_scores_equals_the_published_total(ds, weights):
    for index, year in _all_years(weights):
        w = whatif.weights_of(weights, index, year)
        table = whatif.year_table(ds.values, index, year, list(w)).dropna(subset=list(w))
        simulated = sum(table[c] * v for c, v in w.items())
        worst = (simulated - table["total"]).abs().max()
        assert worst <= whatif.max_residual(weights, index, year) + 1e-9 < 1e-4, (index, year, worst)


def test_rank_with_no_change_equals_the_published_rank(ds, weights):
    checked = 0
    for index, year in _all_years(weights):
        table = whatif.year_table(ds.values, index, year, list(whatif.weights_of(weights, index, year)))
        for code, row in table.iterrows():
            computed = 1 + (table["total"] > row["total"]).sum()  # PAPI publishes no rank
            expected = row["published_rank"] if pd.notna(row["published_rank"]) else computed
            assert whatif.simulated_rank(table, code, row["total"]) == int(expected), (index, year, code)
            checked += pd.notna(row["published_rank"])
    assert checked == 13 * 63 + 3  # every PCI province in every simulated year has a published rank (+ Hà Tây 2006-8)


def test_hatay_is_ranked_with_its_own_total(ds, weights):
    """PCI 2007 ranks 64 provinces, Hà Tây (code 28) 41st: the 42nd passes it by passing its published total."""
    table = whatif.year_table(ds.values, "pci", 2007, list(whatif.weights_of(weights, "pci", 2007)))
    assert whatif.table_size(table) == 64 and table.loc["28", "published_rank"] == 41
    by_rank = table.reset_index().set_index("published_rank")
    code42, t41, t42 = by_rank.loc[42, "province_code"], by_rank.loc[41, "total"], by_rank.loc[42, "total"]
    assert whatif.simulated_rank(table, code42, (t41 + t42) / 2) == 42
    assert whatif.simulated_rank(table, code42, t41 + 1e-6) == 41


def test_hand_worked_tuyen_quang_2019(ds, weights):
    """Tuyên Quang, PCI 2019: 65.132683 points, 32nd. Business support 5.383024, weight 2; the national median of
    the 63 scores (the 32nd value) is 6.173721. At the median: 2 × (6.173721 - 5.383024) = 1.581394 points,
    total 66.714077 — below Vĩnh Phúc (17th, 66.747475), above Nghệ An (18th, 66.640213): rank 18.
    """
    r = whatif.subindex_gains(ds.values, weights, "pci", 2019, "08")
    assert (round(r["total"], 6), r["rank"], r["published_rank"], r["n"]) == (65.132683, 32, 32, 63)
    bs = r["subs"].set_index("indicator").loc["pci_business_support"]
    assert round(bs["weight"], 4) == 2.0 and round(bs["score"], 6) == 5.383024
    assert round(bs["median"], 6) == 6.173721 and round(bs["gain_median"], 4) == 1.5814
    assert bs["rank_median"] == 18
    assert r["subs"]["indicator"].iloc[0] == "pci_business_support"  # the largest gain at the best comes first
    # A sub-index already above the median gains nothing there and keeps the rank.
    entry = r["subs"].set_index("indicator").loc["pci_entry_costs"]
    assert entry["gain_median"] == 0 and entry["rank_median"] == 32


def test_climbs_close_the_gap(ds, weights):
    r = whatif.subindex_gains(ds.values, weights, "pci", 2019, "08")
    w = whatif.weights_of(weights, "pci", 2019)
    table = whatif.year_table(ds.values, "pci", 2019, list(w))
    assert list(r["climb"]["places"]) == [1, 5, 10] and list(r["climb"]["target_rank"]) == [31, 27, 22]
    for c in r["climb"].itertuples(index=False):
        assert whatif.simulated_rank(table, "08", r["total"] + c.gap + 1e-6) <= c.target_rank
        assert whatif.simulated_rank(table, "08", r["total"] + c.gap - 1e-6) > c.target_rank
        lever = c.levers[0]
        assert lever["indicator"] == "pci_business_support"  # largest weight × room to grow
        assert lever["change"] == pytest.approx(c.gap / w["pci_business_support"])


def test_first_place_has_no_climb_and_years_without_weights_none(ds, weights):
    first = whatif.year_table(ds.values, "pci", 2019, list(whatif.weights_of(weights, "pci", 2019))).index[0]
    r = whatif.subindex_gains(ds.values, weights, "pci", 2019, first)
    assert r["rank"] == 1 and r["climb"].empty
    assert whatif.subindex_gains(ds.values, weights, "pci", 2011, "08") is None


def test_gains_chart_spec(ds, weights):
    r = whatif.subindex_gains(ds.values, weights, "papi", 2019, "08")
    names = {c: ds.indicator(c)["name_vi"] for c in r["subs"]["indicator"]}
    spec = whatif.gains_chart(r["subs"], names, "vi", title="Điểm PAPI tăng thêm (tính toán)")
    rows = next(iter(spec["datasets"].values()))
    assert {x["series"] for x in rows} == {"Nếu đạt trung vị", "Nếu đạt mức cao nhất"}
    assert len(rows) == 2 * len(r["subs"]) == 16
    assert spec["encoding"]["y"]["sort"] == [names[c] for c in r["subs"]["indicator"]]
    assert spec["title"] == "Điểm PAPI tăng thêm (tính toán)"
    assert all("," in x["text"] or x["text"] == "0,00" for x in rows)  # decimal comma in Vietnamese
    table = whatif.gains_table(r, names, "en")
    assert all("(computed)" in c for c in table.columns if c.startswith(("If at", "Rank if")))


def test_why_a_year_has_no_weights_reads_in_vietnamese(weights):
    from tests.english import english_in

    w = weights
    vi = whatif.why_not(w, "pci", 2011, "vi")
    assert vi == "chênh lệch lớn nhất 0,3045 điểm, nên không đưa ra trọng số" and not english_in(vi)
    assert whatif.why_not(w, "pci", 2022, "vi").startswith("chỉ 9 tỉnh có đủ")
    assert whatif.why_not(w, "pci", 2019, "vi") is None
