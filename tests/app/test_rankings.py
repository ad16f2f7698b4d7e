"""The rankings page runs in the default and in a non-default URL state."""

import functools
import json

import pytest

from dashboard.data import DATA_DIR

from .conftest import app_page

pytestmark = pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built")


open_page = functools.partial(app_page, "rankings")


def charts(at) -> list:
    return at.get("vega_lite_chart")


def test_default_view():
    at = open_page({})
    assert not at.exception
    assert at.title[0].value == "Xếp hạng & xu hướng"
    assert [s.value for s in at.subheader][:2] == ["Thứ hạng qua các năm", "Điểm qua các năm"]
    assert len(charts(at)) == 2
    assert [e.label for e in at.expander] == ["Bảng xếp hạng mọi tỉnh: năm 2020 và bảng đầy đủ PCI"]
    assert not at.dataframe and not at.tabs, "the tables' box is closed: no table is run or sent"
    at = open_page({"table": "year"})
    table = at.dataframe[0].value
    assert len(table) == 63 and "●" in set(table["Đã chọn"])
    assert any("Nguồn:" in c.value for c in at.caption)


def test_english_papi_2019():
    at = open_page({"lang": "en", "index": "papi", "provinces": "01,79,48", "year": "2019", "table": "year"})
    assert not at.exception
    assert at.title[0].value == "Rankings & trends"
    assert any(s.value.endswith("2019") for s in at.subheader)
    table = at.dataframe[0].value
    assert table["Chosen"].eq("●").sum() == 3
    chosen = json.loads(at.dataframe[0].proto.columns)["Chosen"]["type_config"]
    assert chosen["type"] == "multiselect" and chosen["options"][0]["value"] == "●"  # a coloured mark, easy to find
    for grid in at.dataframe:  # plain frames, no pandas Styler for Streamlit to convert on every run
        assert not grid.proto.arrow_data.HasField("styler")
    assert any("2016" in c.value and "2018" in c.value for c in at.caption), "PAPI method breaks explained"


def test_subindex_shows_scores_not_ranks():
    at = open_page({"lang": "en", "index": "pci", "indicator": "pci_transparency", "year": "2019", "table": "year"})
    assert not at.exception
    assert any("not published" in i.value for i in at.info)
    assert len(charts(at)) == 1
    assert "Rank" not in at.dataframe[0].value.columns


def test_only_the_chosen_table_is_run_and_sent():
    at = open_page({"index": "pci", "year": "2016", "provinces": "01,79"})
    assert not at.dataframe, "the box is closed"
    at = open_page({"index": "pci", "year": "2016", "provinces": "01,79", "table": "year"})
    assert [list(d.value.columns)[0] for d in at.dataframe] == ["Đã chọn"], "the year's table alone"
    assert not any(s.value.startswith("Bảng xếp hạng đầy đủ") for s in at.subheader)
    at = open_page({"index": "pci", "year": "2016", "provinces": "01,79", "table": "full"})
    assert not at.exception
    (full,) = [d.value for d in at.dataframe]
    assert "Đã chọn" not in full.columns and {"PCI", "Xếp loại"} <= set(full.columns) and len(full) == 63
    assert at.query_params["table"] == "full"
    assert any(s.value.startswith("Bảng xếp hạng đầy đủ PCI 2016") for s in at.subheader)
    assert [s.value for s in at.subheader if s.value.startswith("Bảng xếp hạng")] == [
        "Bảng xếp hạng đầy đủ PCI 2016: mọi tỉnh, mọi chỉ số thành phần"
    ], "the year's table is not run"


@pytest.mark.parametrize(
    ("params", "first_column", "notice"),
    [
        ({"table": "nonsense"}, "Đã chọn", True),  # a bad value: the default table, and a notice naming the parameter
        ({"table": "year"}, "Đã chọn", False),
        ({"tier": "Khá", "year": "2016"}, "Xếp hạng", False),  # a tier filter belongs to the full table
        ({"tier": "Khá", "year": "2016", "table": "year"}, "Đã chọn", False),
    ],
)
def test_the_table_parameter_picks_the_table(params, first_column, notice):
    at = open_page({"index": "pci", **params})
    assert not at.exception
    assert [list(d.value.columns)[0] for d in at.dataframe] == [first_column]
    assert any("“table”" in i.value for i in at.info) == notice


def test_a_chosen_province_with_no_figure_in_any_year_is_named_under_each_chart():
    at = open_page({"index": "sipas", "provinces": "08,01", "lang": "en"})
    notes = [c.value for c in at.caption if "No published figure for" in c.value]
    assert len(notes) == 2, "under the rank chart and under the score chart"
    assert all("No published figure for Tuyên Quang yet." in n and "Hà Nội" not in n for n in notes), notes
