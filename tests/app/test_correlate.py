"""The indices side by side page from the URL, in both languages; sparse pairs show n and say it is too few."""

import functools

import pytest

from dashboard.data import DATA_DIR

from .conftest import app_page

pytestmark = pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built")

open_page = functools.partial(app_page, "correlate")


def test_default_pci_against_papi_in_vietnamese():
    at = open_page({})
    assert not at.exception
    assert at.title[0].value == "Các chỉ số song song"
    assert at.subheader[0].value.startswith("PCI 2020") and "PAPI 2020" in at.subheader[0].value  # PCI 2020: 63 of 63
    assert any(m.value.startswith("Spearman ρ = 0,35, Pearson r = 0,46, n = 63") for m in at.markdown)
    assert len(at.get("vega_lite_chart")) == 3


def test_sparse_pair_in_english_keeps_n():
    params = {"lang": "en", "index": "sipas", "year": "2019", "y_index": "pci", "y_year": "2019", "province": "01"}
    at = open_page(params)
    assert not at.exception
    assert any("too few to say anything" in w.value and "n = " in w.value for w in at.warning)
    assert any(s.value == "Hà Nội on the four indices in 2019" for s in at.subheader)
