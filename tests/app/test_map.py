"""The map page: a choropleth for the 63 provinces; on the 34 a labelled estimate, the merger map and table."""

import functools

import pytest

from dashboard.data import DATA_DIR

from .conftest import app_page

pytestmark = pytest.mark.skipif(
    not (DATA_DIR / "provinces_63.geojson").exists(), reason="data/current (with boundaries) not built"
)


open_page = functools.partial(app_page, "map")


def test_default_map():
    at = open_page({})
    assert not at.exception
    assert at.title[0].value == "Bản đồ"
    assert len(at.get("vega_lite_chart")) == 1
    assert any("Nguồn:" in c.value for c in at.caption)


def test_34_provinces_in_english_show_a_labelled_estimate_and_the_merger():
    at = open_page({"lang": "en", "province": "94", "vintage": "34", "index": "papi"})
    assert not at.exception
    assert at.title[0].value == "Map"
    assert len(at.get("vega_lite_chart")) == 2  # the estimate map and the merger map
    assert any("Estimate (computed)" in w.value for w in at.warning)
    table = at.dataframe[0].value
    assert len(table) == 34 and "Former provinces" in table.columns
    can_tho = table[table.iloc[:, 0] == "92"].iloc[0]
    assert "Soc Trang" in can_tho["Former provinces"] or "Sóc Trăng" in can_tho["Former provinces"]


def test_former_provinces_mode_draws_the_63():
    at = open_page({"lang": "vi", "vintage": "34", "index": "pci", "year": "2019"})
    at.radio(key="w_map34_mode").set_value("former").run()
    assert not at.exception
    assert not at.warning  # published figures: no estimate notice
    assert any("63 tỉnh cũ" in c.value for c in at.caption)


def test_ha_tay_is_said_not_drawn_in_its_years_only():
    """PCI 2007 ranks Hà Tây (merged into Hà Nội in 2008): the 63 map says it is not drawn; 2019 says nothing."""
    at = app_page("map", {"year": "2007"})
    assert not at.exception
    notes = [c.value for c in at.caption if "Hà Tây" in c.value]
    assert len(notes) == 1 and "không được vẽ trên bản đồ 63 tỉnh" in notes[0] and "1 tháng 8, 2008" in notes[0]
    assert any("63/63 tỉnh" in c.value for c in at.caption)  # the count is of the 63, not 64/63
    at = app_page("map", {"year": "2019", "lang": "en"})
    assert not at.exception and not [c.value for c in at.caption if "Hà Tây" in c.value]
