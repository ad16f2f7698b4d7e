"""The data & sources page runs, filters by the URL's selection and offers a CSV."""

import functools

import pytest

from dashboard.data import DATA_DIR

from .conftest import app_page

pytestmark = pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built")


open_page = functools.partial(app_page, "data")


def headings(at) -> str:
    return " | ".join(s.value for s in at.subheader)


def sections(at) -> list[str]:
    return list(at.pills(key="w_data_section").options)


def test_default_view():
    at = open_page({})
    assert not at.exception
    assert at.title[0].value == "Dữ liệu & nguồn"
    assert "Bảng dữ liệu" in headings(at)
    expected = ["Độ phủ", "Từ điển chỉ tiêu", "Nguồn", "Khi các nguồn không khớp", "Trích dẫn số liệu"]
    expected += ["Địa chỉ tệp", "Thay đổi trong phiên bản", "Cách trích dẫn"]
    assert expected == sections(at)
    assert "coverage" == at.pills(key="w_data_section").value
    # only the selection and coverage, the first section: the other sections are not run, so not sent
    columns = [list(d.value.columns) for d in at.dataframe]
    assert len(columns) == 2, columns
    assert "2024" in columns[-1], "the coverage table (years as columns) is the last table drawn"
    assert "w_data_only_index" not in [t.key for t in at.toggle], "coverage is not filtered by index: no switch"
    assert not any("changes.csv" in c.value for c in at.caption), "the changes section is not run"


@pytest.mark.parametrize(
    ("section", "column"), [("codebook", "Thang điểm"), ("sources", "Giấy phép"), ("conflicts", "Giữ")]
)
def test_a_reference_tab_from_the_url_runs_alone_and_round_trips(section, column):
    at = open_page({"section": section})
    assert not at.exception
    assert at.query_params["section"] == section
    shown = [df.value for df in at.dataframe]
    assert any(column in t.columns for t in shown), [list(t.columns) for t in shown]
    assert not any("2015" in t.columns for t in shown), "the coverage tab is not chosen, so it is not sent"
    assert at.toggle(key="w_data_only_index").value is True, "the sections an index filters have the switch"
    assert not at.info, "a valid section: no notice"


def test_a_wrong_section_falls_back_to_coverage_and_says_so():
    at = open_page({"lang": "en", "section": "nonsense"})
    assert not at.exception
    assert any("2015" in t.value.columns for t in at.dataframe), "a bad value falls back to coverage"
    assert any("“section”" in i.value for i in at.info), [i.value for i in at.info]


@pytest.mark.parametrize(
    ("section", "shows"),
    [
        ("changes", lambda at: any("changes.csv" in c.value for c in at.caption)),
        ("cite", lambda at: any("Cite this dataset" in m.value for m in at.markdown)),
        ("addresses", lambda at: any("read" in c.value for c in at.code) or any("static" in i.value for i in at.info)),
    ],
)
def test_the_researcher_sections_run_only_when_chosen(section, shows):
    at = open_page({"lang": "en"})
    assert not shows(at), f"{section}: not chosen, not sent"
    at = at.pills(key="w_data_section").set_value(section).run()
    assert not at.exception
    assert at.query_params["section"] == section, "the choice is written to the URL"
    assert shows(at), f"{section}: chosen, shown"
    assert len(at.dataframe) <= 2, "the coverage table is no longer sent"


def test_english_par_selection():
    at = open_page({"lang": "en", "index": "papi", "provinces": "94,01", "province": "94", "vintage": "34"})
    assert not at.exception
    assert at.title[0].value == "Data & sources"
    assert at.get("download_button"), "no CSV download"
    table = at.dataframe[0].value
    assert set(table["Province"]) <= {"Soc Trang", "Ha Noi", "Sóc Trăng", "Hà Nội"} and len(table) > 0
    assert "How to cite" in sections(at)


def test_empty_selection_explains_itself():
    at = open_page({"lang": "en", "provinces": ""})
    assert not at.exception
    assert any("No province selected" in i.value for i in at.info)


def test_closed_sections_are_sent_when_opened():
    at = open_page({"lang": "en", "section": "cite"})
    codes = " ".join(c.value for c in at.code)
    assert "cff-version" not in codes, "closed box: not sent"
    at.session_state["w_data_cff"] = True
    at.session_state["w_data_cite_format"] = "BibTeX"
    at.run()
    assert not at.exception
    codes = [c.value for c in at.code]
    assert any("cff-version" in c for c in codes), "the opened CITATION.cff box shows the file"
    assert any(c.lstrip().startswith("@") for c in codes), "the chosen BibTeX tab shows BibTeX"


def test_the_chosen_language_of_the_code_is_sent_alone():
    at = open_page({"lang": "en", "section": "addresses"})
    if any("static" in i.value for i in at.info):
        pytest.skip("this server does not serve the data files at stable addresses")
    assert "read.csv" not in " ".join(c.value for c in at.code), "unchosen tab: not sent"
    at.session_state["w_data_snippets"] = "R"
    at.run()
    assert any("read.csv" in c.value for c in at.code), "the chosen R tab shows the R code"
