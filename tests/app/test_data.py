"""The data & sources page runs, filters by the URL's selection and offers a CSV."""

import functools

import pandas as pd
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
    for h in ("Bảng dữ liệu", "Cách trích dẫn"):
        assert h in headings(at)
    labels = [tab.label for tab in at.tabs]
    for h in ("Độ phủ", "Từ điển chỉ tiêu", "Nguồn", "Khi các nguồn không khớp", "Trích dẫn"):
        assert any(lbl.startswith(h) for lbl in labels), (h, labels)
    # the selection, the addresses, the changes (only when this build changed figures of the one it replaced) and
    # coverage, the first reference tab
    changed = len(pd.read_csv(DATA_DIR / "changes.csv", dtype=str)) if (DATA_DIR / "changes.csv").exists() else 0
    columns = [list(d.value.columns) for d in at.dataframe]
    assert len(columns) == 3 + (changed > 0), columns
    assert "2024" in columns[-1], "the coverage table (years as columns) is the last table drawn"


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
    at = open_page({"section": "nonsense"})
    assert any("2015" in t.value.columns for t in at.dataframe), "a bad value falls back to coverage"


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
