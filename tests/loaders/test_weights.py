"""Weights of the PCI and PAPI totals recovered from the built tidy table (real sources), checked against it."""

import numpy as np
import pandas as pd
import pytest

from loaders import weights
from tests.conftest import DATA

pytestmark = pytest.mark.skipif(not (DATA / "values.csv").exists(), reason="needs data/current (make data)")


@pytest.fixture(scope="module")
def values():
    return pd.read_csv(DATA / "values.csv", dtype={"province_code": str}, keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def table(values):
    indicators = pd.read_csv(DATA / "indicators.csv", keep_default_na=False, na_values=[""])
    return weights.weights_table(values, indicators)


def test_built_table_is_the_one_computed_here(table):
    built = pd.read_csv(DATA / "weights.csv", keep_default_na=False, na_values=[""])
    pd.testing.assert_frame_equal(built, table, check_dtype=False, atol=1e-12)
    assert (built["status"] == "computed").all()


def test_every_kept_weight_reproduces_every_published_total_within_its_residual(values, table):
    kept = table[table["weight"].notna()]
    assert len(kept.groupby(["total", "year"])) >= 28
    for (total, year), g in kept.groupby(["total", "year"]):
        v = values[(values["year"] == year) & (values["vintage"] == 63)]
        wide = v.pivot_table(index="province_code", columns="indicator", values="value", aggfunc="first")
        wide = wide[[total, *g["indicator"]]].dropna()
        fitted = wide[list(g["indicator"])].to_numpy() @ g["weight"].to_numpy()
        worst = float(np.abs(fitted - wide[total].to_numpy()).max())
        assert worst <= g["max_residual"].iloc[0] + 1e-12 < weights.TOLERANCE, (total, year, worst)
        assert len(wide) == g["provinces"].iloc[0] >= 60, (total, year)


@pytest.mark.parametrize("year", [*range(2006, 2011), *range(2012, 2020)])
def test_pci_weights_are_round_halves(table, year):
    g = table[(table["total"] == "pci_total") & (table["year"] == year)]
    assert g["weight"].notna().all() and len(g) in (9, 10)
    assert np.allclose(g["weight"] * 2, (g["weight"] * 2).round(), atol=1e-4), g


@pytest.mark.parametrize("year,worst", [(2005, 0.0039), (2011, 0.3045)])
def test_pci_years_that_do_not_reproduce_give_no_weights_and_say_why(table, year, worst):
    g = table[(table["total"] == "pci_total") & (table["year"] == year)]
    assert len(g) and g["weight"].isna().all()
    assert round(g["max_residual"].iloc[0], 4) == worst
    assert "does not reproduce" in g["note"].iloc[0]


def test_papi_unweighted_total_is_the_plain_sum(table):
    g = table[table["total"] == "papi_total_unweighted"]
    assert set(g["year"]) == set(range(2011, 2025)) and (g["weight"] == 1.0).all()
    published = g[g["year"].isin([2018, 2019])]
    assert (published["max_residual"] < weights.TOLERANCE).all() and published["note"].str.startswith(
        "reproduces"
    ).all()


def test_papi_2019_weighted_total_has_weights_that_reproduce(table):
    g = table[table["total"] == "papi_total_weighted"]
    assert list(g["year"].unique()) == [2019] and len(g) == 8
    assert g["weight"].notna().all() and g["max_residual"].iloc[0] < weights.TOLERANCE


def test_hand_worked_pci_2019_tuyen_quang(values, table):
    """65,13 by hand: 2 × (transparency, business support, labour) + 1 × informal charges + 0,5 × the other six."""
    w = table[(table["total"] == "pci_total") & (table["year"] == 2019)].set_index("indicator")["weight"].round(4)
    assert w.to_dict() == {
        "pci_business_support": 2.0,
        "pci_entry_costs": 0.5,
        "pci_informal_charges": 1.0,
        "pci_labor_training": 2.0,
        "pci_land_access": 0.5,
        "pci_legal_institutions": 0.5,
        "pci_policy_bias": 0.5,
        "pci_proactivity": 0.5,
        "pci_time_costs": 0.5,
        "pci_transparency": 2.0,
    }
    tq = values[(values["year"] == 2019) & (values["province_code"] == "08") & (values["vintage"] == 63)]
    s = tq.set_index("indicator")["value"]
    # 2×6.877729 + 2×5.383024 + 2×6.825908 + 6.294160 + 0.5×(8.001091+7.083674+6.573176+5.856715+6.170401+7.645346)
    by_hand = 13.755458 + 10.766048 + 13.651816 + 6.294160 + 0.5 * 41.330403
    assert round(s["pci_total"], 4) == round(by_hand, 4) == 65.1327


def test_data_package_lists_the_weights():
    import json

    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    res = {r["name"]: r for r in package["resources"]}["weights"]
    assert res["path"] == "weights.csv" and "Computed" in res["description"]
    assert [f["name"] for f in res["schema"]["fields"]] == weights.COLUMNS
