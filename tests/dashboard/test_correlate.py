"""The indices side by side on the real build: correlations checked against scipy on the same frames."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from dashboard import correlate, data, state
from tests.conftest import DATA

pytestmark = pytest.mark.skipif(not (DATA / "values.csv").exists(), reason="needs data/current (make data)")


@pytest.fixture(scope="module")
def ds():
    return data.load(DATA)


@pytest.fixture(scope="module")
def m(ds):
    return correlate.matrix(ds.values)


@pytest.mark.parametrize(
    "x,y",
    [
        (("pci", "pci_total", 2019), ("papi", "papi_total_unweighted", 2019)),
        (("pci", "pci_transparency", 2015), ("papi", "papi_d4", 2015)),
        (("pci", "pci_total", 2018), ("pci", "pci_total", 2019)),
        (("papi", "papi_total_unweighted", 2014), ("papi", "papi_d1", 2013)),
    ],
)
def test_pair_statistics_equal_scipy(ds, x, y):
    frame = correlate.pair(ds.values, x, y)
    s = correlate.stats(frame)
    assert s["n"] == len(frame) >= 61 and s["enough"]
    assert s["pearson"] == pytest.approx(sps.pearsonr(frame["x"], frame["y"]).statistic, abs=1e-12)
    assert s["spearman"] == pytest.approx(sps.spearmanr(frame["x"], frame["y"]).statistic, abs=1e-12)
    # the frame is the provinces with both figures, nothing filled
    a = data.select(ds.values, x[0], x[1], x[2])
    b = data.select(ds.values, y[0], y[1], y[2])
    both = set(a.loc[a["value"].notna(), "province_code"]) & set(b.loc[b["value"].notna(), "province_code"])
    assert set(frame["province_code"]) == both


def test_spearman_with_ties_equals_scipy():
    x, y = [1, 2, 2, 3, 5, 5, 5, 9, 10, 11], [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]
    assert correlate.spearman(x, y) == pytest.approx(sps.spearmanr(x, y).statistic, abs=1e-12)


def test_too_few_provinces_give_no_coefficient_but_n(ds):
    sparse = correlate.pair(ds.values, ("sipas", "sipas_total", 2019), ("pci", "pci_total", 2019))
    s = correlate.stats(sparse)
    assert s["n"] == len(sparse) < correlate.MIN_N and not s["enough"] and np.isnan(s["spearman"])


def test_matrix_pci_papi_per_year_equals_pandas(ds, m):
    pp = m[(m["a"] == "pci") & (m["b"] == "papi")].set_index("year")
    assert list(pp.index) == list(range(2011, 2022))  # at least 30 with both (PCI 2020-2021 from the official tables)
    assert (pp["n"] >= correlate.MATRIX_MIN_N).all() and (m["n"] >= correlate.MATRIX_MIN_N).all()
    for year, row in pp.iterrows():
        pci = correlate.figures(ds.values, "pci", "pci_total", year)
        papi = correlate.figures(ds.values, "papi", "papi_total_unweighted", year)
        wide = pd.concat([pci, papi], axis=1).dropna()
        assert row["n"] == len(wide)
        assert row["pearson"] == pytest.approx(wide.corr(method="pearson").iloc[0, 1], abs=1e-12)
        assert row["spearman"] == pytest.approx(wide.corr(method="spearman").iloc[0, 1], abs=1e-12)
    assert round(pp.loc[2019, "spearman"], 3) == 0.098 and round(pp.loc[2015, "pearson"], 3) == 0.347
    diag = m[m["a"] == m["b"]]
    assert np.allclose(diag["spearman"], 1.0)


def test_positions_tuyen_quang_2019(ds):
    p = correlate.positions(ds.values, "08", 2019).set_index("index")
    assert (p.loc["pci", "rank"], p.loc["pci", "n"], p.loc["pci", "basis"]) == (32, 63, "published")
    papi = data.select(ds.values, "papi", "papi_total_unweighted", 2019)
    mine = papi.loc[papi["province_code"] == "08", "value"].iloc[0]
    assert p.loc["papi", "rank"] == 1 + (papi["value"] > mine).sum() and p.loc["papi", "basis"] == "computed"
    assert p.loc["par", "basis"] == "missing" and pd.isna(p.loc["par", "rank"])
    spec = correlate.positions_chart(correlate.positions(ds.values, "08", 2019), "vi")
    rows = next(iter(spec["datasets"].values()))
    assert [r["text"] for r in rows] == ["hạng 32/63", f"hạng {p.loc['papi', 'rank']}/63 (tính toán)"]


def test_second_indicator_from_the_url(ds):
    catalog = state.catalog_from(ds)
    assert correlate.parse_second({}, catalog, ("pci", "pci_total", 2019)) == ("papi", "papi_total_unweighted", 2019)
    assert correlate.parse_second({}, catalog, ("papi", "papi_d1", 2015)) == ("pci", "pci_total", 2015)
    raw = {"y_index": "pci", "y_indicator": "pci_transparency", "y_year": "2012"}
    assert correlate.parse_second(raw, catalog, ("papi", "papi_d1", 2015)) == ("pci", "pci_transparency", 2012)
    bad = {"y_index": "x", "y_indicator": "<script>", "y_year": "1900"}
    assert correlate.parse_second(bad, catalog, ("pci", "pci_total", 2019)) == ("papi", "papi_total_unweighted", 2019)


def test_scatter_names_the_chosen(ds):
    frame = correlate.pair(ds.values, ("pci", "pci_total", 2019), ("papi", "papi_total_unweighted", 2019))
    names = {c: ds.province_name(c) for c in frame["province_code"]}
    spec = correlate.scatter_chart(frame, names, ["08", "01"], "PCI 2019", "PAPI 2019", "en")
    rows = next(iter(spec["datasets"].values()))
    assert sorted(r["label"] for r in rows if r["chosen"]) == ["Hà Nội", "Tuyên Quang"]
    assert sum(r["chosen"] for r in rows) == 2 and len(rows) == 63
