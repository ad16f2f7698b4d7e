"""The province profile page runs in both languages and shows the province, its indices, peers and merger."""

import functools

import pytest

from dashboard.data import DATA_DIR

from .conftest import app_page

pytestmark = pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built")


open_page = functools.partial(app_page, "profile")


def test_default_profile_in_vietnamese():
    at = open_page({})
    assert not at.exception
    assert at.title[0].value.startswith("Hồ sơ tỉnh: Tuyên Quang")
    assert any("Bốn chỉ số" in s.value for s in at.subheader)
    assert any("Hà Giang" in i.value for i in at.info)  # merged with Hà Giang on 1 July 2025
    assert at.get("vega_lite_chart"), "no chart drawn"


def test_merged_province_in_english_with_papi():
    at = open_page({"lang": "en", "province": "94", "vintage": "34", "index": "papi"})
    assert not at.exception
    assert "Province profile" in at.title[0].value
    assert any("is part of the new" in i.value for i in at.info)
    headings = " ".join(s.value for s in at.subheader)
    assert "(PAPI)" in headings and "Mekong River Delta" in headings and "After the merger" in headings
    assert len(at.get("vega_lite_chart")) >= 2
    assert any("computed" in c.value for c in at.caption)


def test_unmerged_province_has_no_siblings_section():
    at = open_page({"lang": "en", "province": "04"})
    assert not at.exception
    assert any("not been merged" in i.value for i in at.info)
    assert not any("After the merger" in s.value for s in at.subheader)


def test_profile_of_a_new_province_from_the_url():
    at = open_page({"unit": "92"})
    assert not at.exception
    assert at.title[0].value == "Hồ sơ thành phố Cần Thơ mới"
    assert any("Hậu Giang, Sóc Trăng" in i.value for i in at.info)
    tables = [df.value for df in at.dataframe]
    assert any("Ước tính theo dân số (tính toán)" in t.columns for t in tables)
    assert any("không phải điểm" in w.value for w in at.warning)  # the estimate is never called a score
    assert len(at.get("vega_lite_chart")) >= 2  # the former provinces over the years, the map of the parts
    assert at.selectbox(key="w_province").value == "34:92"


def test_the_province_box_switches_between_the_vintages():
    at = open_page({"province": "94"})
    box = at.selectbox(key="w_province")
    assert box.value == "63:94"
    at = box.select("34:92").run()
    assert at.query_params["unit"] == "92" and at.title[0].value.startswith("Hồ sơ thành phố Cần Thơ")
    at = at.selectbox(key="w_province").select("63:93").run()
    assert "unit" not in at.query_params and at.query_params["province"] == "93"
    assert at.title[0].value.startswith("Hồ sơ tỉnh: Hậu Giang")


def test_each_index_panel_sends_its_own_rows_first_and_names_its_own_source():
    import json

    import pyarrow as pa

    at = open_page({"province": "08"})
    panels = at.get("vega_lite_chart")[:3]  # PCI, PAPI, PAR INDEX: Tuyên Quang has scores in each
    for chart, index, source in zip(panels, ("pci", "papi", "par"), ("PCI", "PAPI", "PAR INDEX"), strict=True):
        rows = pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_pandas()
        assert {"year", "value"} <= set(rows.columns) and set(rows["index"]) == {index}, rows.head()
        sub = json.loads(chart.proto.spec)["title"]["subtitle"]
        subtitle = sub["signal"] if isinstance(sub, dict) else " ".join(sub)  # wrapped to the width as it is drawn
        assert f", {source}" in subtitle and "Phiên bản dữ liệu" in subtitle, subtitle
        assert not [o for o in ("PCI", "PAPI", "PAR INDEX") if o != source and f", {o}" in subtitle], subtitle
