"""The province profile page runs in both languages and shows the province, its indices, peers and merger."""

import functools

import pytest

from dashboard.data import DATA_DIR

from .conftest import app_page, opened

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
    params = {"lang": "en", "province": "94", "vintage": "34", "index": "papi"}
    at = open_page(params)
    assert not at.exception
    assert "Province profile" in at.title[0].value
    assert any("is part of the new" in i.value for i in at.info)
    assert [t.label for t in at.tabs] == [
        "Briefing",
        "Strengths and weaknesses",
        "What moves the rank",
        "Provinces of the region",
        "After the 2025 merger",
    ]
    sections = {"strengths": "(PAPI)", "peers": "Mekong River Delta", "merger": "After the merger"}
    for section, heading in sections.items():
        at = open_page(params | {"section": section})
        assert not at.exception
        assert any(heading in s.value for s in at.subheader), (section, [s.value for s in at.subheader])
        assert len(at.get("vega_lite_chart")) >= 4 + (section != "peers")  # the four panels, and the section's own
        assert section != "strengths" or any("computed" in c.value for c in at.caption)  # the national median


@pytest.mark.parametrize(
    ("section", "heading", "absent"),
    [
        ("brief", "Đoạn tóm tắt viết sẵn", "Điểm mạnh"),
        ("strengths", "Điểm mạnh và điểm yếu", "Đoạn tóm tắt"),
        ("whatif", "Điều gì nâng hạng", "Các tỉnh cùng vùng"),
        ("peers", "Các tỉnh cùng vùng", "Điều gì nâng hạng"),
    ],
)
def test_a_section_from_the_url_runs_alone_and_round_trips(section, heading, absent):
    at = open_page({"province": "08", "section": section})
    assert not at.exception
    headings = [s.value for s in at.subheader]
    assert any(heading in h for h in headings) and not any(absent in h for h in headings), headings
    assert at.query_params["section"] == section
    charts = len(at.get("vega_lite_chart"))
    assert charts == 4 + (section in ("strengths", "whatif")), charts  # closed sections send no chart


def test_the_default_section_is_the_briefing_with_its_downloads():
    at = open_page({"province": "08"})
    assert "section" not in at.query_params
    assert any("Đoạn tóm tắt viết sẵn" in s.value for s in at.subheader)
    labels = [b.label for b in at.download_button]
    assert any("Word" in x for x in labels), labels


def test_a_wrong_section_is_named_and_the_first_shown():
    at = open_page({"province": "08", "section": "nonsense"})
    assert not at.exception
    notes = [i.value for i in at.info if "“section”" in i.value and "“nonsense”" in i.value]
    assert notes and "brief, strengths, whatif, peers" in notes[0], [i.value for i in at.info]
    assert any("Đoạn tóm tắt viết sẵn" in s.value for s in at.subheader)


def test_the_latest_figures_sources_are_one_click_away():
    at = open_page({"province": "08"})
    pops = [p for p in at.get("popover") if p.proto.popover.label.startswith("Nguồn:")]
    assert len(pops) == 1 and not pops[0].markdown, "closed: its content is not sent"
    at = opened(at, "src_profile_latest")
    pops = [p for p in at.get("popover") if p.proto.popover.label.startswith("Nguồn:")]
    assert len(pops) == 1, [p.proto.popover.label for p in at.get("popover")]
    assert "PCI" in pops[0].proto.popover.label and "PAPI" in pops[0].proto.popover.label
    text = " ".join(m.value for m in pops[0].markdown)
    assert text.count("**PCI ") == 1 and "**PAPI " in text and "**PAR INDEX " in text, text[:300]


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
