"""Every control that changes what a page shows is in the URL: a link restores it, a change writes it."""

import pytest

from dashboard.data import DATA_DIR

from .conftest import app_page

pytestmark = pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built")


def test_data_page_controls_are_restored_from_the_link():
    at = app_page(
        "data",
        {"years": "2010-2019", "all_indicators": "1", "all_provinces": "1", "scope": "all", "published_only": "1",
         "only_index": "0", "section": "codebook"},
    )  # fmt: skip
    assert not at.exception
    assert at.slider[0].value == (2010, 2019)
    assert [t.value for t in at.toggle] == [True, True, False]
    assert at.radio(key="w_data_scope").value == "all" and at.checkbox[0].value is True


def test_data_page_controls_write_the_link():
    at = app_page("data", {})
    at = at.slider[0].set_range(2012, 2018).run()
    at = at.toggle(key="w_data_all_ind").set_value(True).run()
    at = at.toggle(key="w_data_all_prov").set_value(True).run()
    at = at.pills(key="w_data_section").set_value("codebook").run()  # a section that the index switch filters
    at = at.toggle(key="w_data_only_index").set_value(False).run()
    at = at.radio(key="w_data_scope").set_value("all").run()
    at = at.checkbox(key="w_data_published_only").check().run()
    q = at.query_params
    assert (q["years"], q["all_indicators"], q["all_provinces"], q["only_index"]) == ("2012-2018", "1", "1", "0")
    assert (q["scope"], q["published_only"], q["section"]) == ("all", "1", "codebook")
    again = app_page("data", {k: v for k, v in q.items()})
    assert again.slider[0].value == (2012, 2018) and again.checkbox[0].value is True


def test_invalid_page_parameters_fall_back_to_the_defaults():
    at = app_page("data", {"years": "1990-2030", "published_only": "yes", "scope": "<b>"})
    assert not at.exception
    assert at.slider[0].value == (2005, 2024) and at.checkbox[0].value is False
    assert at.radio(key="w_data_scope").value == "selection"
    notes = [i.value for i in at.info if "“scope”" in i.value]
    assert notes and "selection, all" in notes[0] and "<b>" not in notes[0].replace("\\<b\\>", ""), notes


@pytest.mark.parametrize(
    "page,params,name,valid",
    [
        ("map", {"vintage": "34", "map34": "both"}, "map34", "estimate, former"),
        ("rankings", {"view": "pie"}, "view", "chart, table"),
    ],
)
def test_a_bad_choice_in_the_link_is_named_with_its_valid_values(page, params, name, valid):
    at = app_page(page, params)
    assert not at.exception
    notes = [i.value for i in at.info if f"“{name}”" in i.value]
    assert len(notes) == 1 and valid in notes[0], [i.value for i in at.info]


def test_map_34_mode_and_clicked_province_are_restored():
    at = app_page("map", {"vintage": "34", "map34": "former", "pick": "94"})
    assert not at.exception
    assert at.radio(key="w_map34_mode").value == "former"
    assert any("Sóc Trăng" in m.value for m in at.markdown)  # the clicked province's panel
    at = at.radio(key="w_map34_mode").set_value("estimate").run()
    assert at.query_params["map34"] == "estimate" and "pick" not in at.query_params  # 94 is no unit of the 34


def test_profile_peer_year_round_trips():
    at = app_page("profile", {"province": "94", "section": "peers", "peer_year": "2015"})
    assert at.query_params["section"] == "peers"
    assert at.selectbox(key="w_peer_year_pci_94").value == 2015
    at = at.selectbox(key="w_peer_year_pci_94").set_value(2012).run()
    assert at.query_params["peer_year"] == "2012"


def test_compare_tab_is_restored():
    at = app_page("compare", {"tab": "best"})
    assert not at.exception
    assert at.query_params["tab"] == "best"


def test_compare_chart_is_restored_next_to_the_gaps_tab():
    at = app_page("compare", {"chart": "sub", "tab": "best"})
    assert not at.exception
    assert at.query_params["chart"] == "sub" and at.query_params["tab"] == "best"


def test_empty_province_list_has_its_own_message_and_no_invalid_notice():
    at = app_page("overview", {"provinces": ""})
    assert not at.exception
    assert not [i for i in at.info if "không hợp lệ" in i.value]
    assert any("Chưa chọn tỉnh nào" in i.value for i in at.info)


def test_the_presentation_button_enters_and_leaves_the_view_in_the_url():
    at = app_page("overview", {"index": "pci"})  # AppTest keeps the router's elements on the default page
    at = at.button(key="w_present_sidebar").click().run()
    assert at.query_params["present"] == "1"
    at = at.button(key="w_present_main").click().run()
    assert "present" not in at.query_params
    assert not at.exception
