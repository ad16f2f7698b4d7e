"""The data & sources page runs, filters by the URL's selection and offers a CSV."""

import functools

import pytest

from dashboard.data import DATA_DIR

from .conftest import app_page

pytestmark = pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built")


open_page = functools.partial(app_page, "data")


def headings(at) -> str:
    return " | ".join(s.value for s in at.subheader)


def test_default_view():
    at = open_page({})
    assert not at.exception
    assert at.title[0].value == "Dữ liệu & nguồn"
    for h in ("Bảng dữ liệu", "Độ phủ", "Từ điển chỉ tiêu", "Nguồn", "Khi các nguồn không khớp", "Cách trích dẫn"):
        assert h in headings(at)
    assert len(at.dataframe) >= 4


def test_english_par_selection():
    at = open_page({"lang": "en", "index": "papi", "provinces": "94,01", "province": "94", "vintage": "34"})
    assert not at.exception
    assert at.title[0].value == "Data & sources"
    assert at.get("download_button"), "no CSV download"
    table = at.dataframe[0].value
    assert set(table["Province"]) <= {"Soc Trang", "Ha Noi", "Sóc Trăng", "Hà Nội"} and len(table) > 0
    assert "How to cite" in headings(at)


def test_empty_selection_explains_itself():
    at = open_page({"lang": "en", "provinces": ""})
    assert not at.exception
    assert any("No province selected" in i.value for i in at.info)


def test_closed_sections_are_sent_when_opened():
    at = open_page({"lang": "en"})
    codes = " ".join(c.value for c in at.code)
    assert "cff-version" not in codes and "read.csv" not in codes, "closed box and unchosen tab: not sent"
    at.session_state["w_data_cff"] = True
    at.session_state["w_data_cite_format"] = "BibTeX"
    at.session_state["w_data_snippets"] = "R"
    at.run()
    assert not at.exception
    codes = [c.value for c in at.code]
    assert any("cff-version" in c for c in codes), "the opened CITATION.cff box shows the file"
    assert any(c.lstrip().startswith("@") for c in codes), "the chosen BibTeX tab shows BibTeX"
    assert any("read.csv" in c for c in codes), "the chosen R tab shows the R code"
