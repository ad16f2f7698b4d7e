"""The provinces of a build as the dashboard reads them: both vintages, Hà Tây apart, successions, default focus."""

import pytest

from dashboard import data

pytestmark = pytest.mark.skipif(not (data.DATA_DIR / "values.csv").exists(), reason="data/current not built")


@pytest.fixture(scope="module")
def ds():
    return data.load()


def test_the_63_and_the_34_without_the_historical_unit(ds):
    assert len(ds.province_codes(63)) == 63 and len(ds.province_codes(34)) == 34
    assert "28" not in ds.province_codes(63) and ds.historical_codes(63) == ["28"] and ds.historical_codes(34) == []
    assert ds.province_name("28") == "Hà Tây"  # its figures are named in tables and downloads


def test_successions_and_members_read_from_the_build(ds):
    places = ds.places
    assert places.is_historical("28") and not places.is_historical("01")
    ended = places.ended("28")
    assert (ended["successor"], str(ended["date"])) == ("01", "2008-08-01") and "15/2008/QH12" in ended["act"]
    assert places.ended("01") == {}
    assert [p.code for p in places.members("92")] == ["92", "93", "94"]
    assert places.successor("94").name_vi == "Cần Thơ" and places.name("94", 63, "en") == "Soc Trang"
    assert len(places.units(63)) == 63 and [p.code for p in places.historical(63)] == ["28"]


def test_default_focus_from_the_build(ds):
    assert ds.places.focus == ("08", "94", "04", "01", "96")
    from dashboard.state import catalog_from, parse

    s = parse({}, catalog_from(ds))
    assert s.provinces == ("08", "94", "04", "01", "96") and s.province == "08"


def test_ha_tay_rows_are_in_the_table_of_its_years(ds):
    v = ds.values
    ha_tay = v[v["province_code"] == "28"]
    assert sorted(ha_tay["year"].unique()) == [2005, 2006, 2007, 2008] and set(ha_tay["index"]) == {"pci"}
    table = data.ranking_table(v, "pci", "pci_total", 2007)
    assert len(table) == 64 and table.loc[table["province_code"] == "28", "rank"].item() == 41
