"""The one rounding rule for computed values: to the precision of the published values they are computed from."""

import pandas as pd
import pytest

from dashboard.data import DATA_DIR, load
from loaders import datapackage
from loaders.common import COMPUTED_DECIMALS_MAX, ROUNDING_RULE, decimals, round_to_inputs

pytestmark = pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built")


@pytest.mark.parametrize("x,n", [(6.25, 2), (7.0, 0), (35.259382, 6), (1e-7, 7), (35.259381999999995, 15)])
def test_decimals(x, n):
    assert decimals(x) == n


def test_round_to_inputs():
    assert round_to_inputs(35.259381999999995, [5.123456, 6.1]) == 35.259382
    assert round_to_inputs(0.1 + 0.2, [0.1, 0.2]) == 0.3
    assert round_to_inputs(1 / 3, [1 / 3]) == round(1 / 3, COMPUTED_DECIMALS_MAX)
    assert pd.isna(round_to_inputs(float("nan"), [1.5]))


def test_papi_sums_carry_no_float_noise():
    """PAPI 2011 Tuyên Quang: the total (sum of six dimensions given to 6 decimals) is 35.259382, not …999995."""
    v = load().values
    one = v[(v["index"] == "papi") & (v["year"] == 2011) & (v["province_code"] == "08") & (v["vintage"] == 63)]
    total = one.loc[one["indicator"] == "papi_total_unweighted"].iloc[0]
    dims = one.loc[one["indicator"].str.fullmatch(r"papi_d\d"), "value"]
    assert total["status"] == "computed" and len(dims) == 6
    assert total["value"] == round(dims.sum(), max(decimals(x) for x in dims)) == 35.259382
    computed = v.loc[(v["status"] == "computed") & v["value"].notna(), "value"]
    assert computed.map(decimals).max() <= COMPUTED_DECIMALS_MAX


def test_the_rule_is_in_the_codebook():
    values = next(r for r in datapackage.descriptor()["resources"] if r["name"] == "values")
    field = next(f for f in values["schema"]["fields"] if f["name"] == "value")
    assert ROUNDING_RULE in field["description"]
