"""The table behind each chart and map is exactly what it plots; the new controls round-trip through the URL."""

import pandas as pd
import pyarrow as pa
import pytest
from babel.numbers import parse_decimal

from dashboard.data import DATA_DIR

from .conftest import app_page

pytestmark = pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built")


def plotted_points(chart, field: str) -> set[tuple]:
    """(name, year, figure) of every point a drawn trend chart's data holds with the figure given (Streamlit sends
    a chart's datasets beside its spec, as Arrow)."""
    out = set()
    for d in chart.proto.datasets:
        rows = pa.ipc.open_stream(d.data.data).read_pandas()
        if {"province", "year", field} <= set(rows.columns):
            rows = rows[rows[field].notna()]
            out |= {(n, int(y), round(float(v), 6)) for n, y, v in zip(rows["province"], rows["year"], rows[field])}
    return out


@pytest.mark.parametrize(("field", "column", "n"), [("rank", "Xếp hạng", 0), ("value", "Giá trị", 1)])
def test_the_trend_table_is_what_the_chart_plots(field, column, n):
    params = {"index": "pci", "provinces": "01,79,96"}
    chart = app_page("rankings", params).get("vega_lite_chart")[n]
    at = app_page("rankings", params | {"view": "table"})
    assert not at.exception
    table = at.dataframe[n].value
    figures = [float(parse_decimal(v.strip(), locale="vi")) for v in table[column]]  # shown as Babel writes them
    shown = {(p, int(y), v) for p, y, v in zip(table["Tỉnh, thành phố"], table["Năm"], figures, strict=True)}
    assert shown and shown == {(p, y, round(v, 2)) for p, y, v in plotted_points(chart, field)}  # two decimals shown


def test_the_view_tier_labels_and_colour_round_trip():
    at = app_page("map", {"index": "pci", "year": "2016", "labels": "1", "color": "tier", "view": "chart"})
    assert at.checkbox(key="w_map_labels").value is True
    assert at.radio(key="w_map_color").value == "tier"
    at = at.radio(key="w_map_color").set_value("value").run()
    assert at.query_params["color"] == "value"
    at = at.checkbox(key="w_map_labels").uncheck().run()
    assert at.query_params["labels"] == "0"
    at = app_page("rankings", {"index": "pci", "year": "2016", "tier": "Tốt"})
    assert at.selectbox(key="w_league_tier").value == "Tốt"
    league = at.dataframe[-1].value
    assert set(league["Xếp loại"]) == {"Tốt"}
    at = at.selectbox(key="w_league_tier").set_value("").run()
    assert at.query_params["tier"] == "" and len(at.dataframe[-1].value) == 63


def test_the_map_search_is_the_pick():
    at = app_page("map", {"index": "pci", "year": "2019", "pick": "01"})
    assert at.selectbox(key="w_map_search").value == "01"
    at = at.selectbox(key="w_map_search").set_value("96").run()
    assert at.query_params["pick"] == "96"
    assert any(m.value.startswith("**Cà Mau**") for m in at.markdown)
    assert '"#7b2cbf"' in at.get("vega_lite_chart")[0].proto.spec  # outlined on the map


def test_an_unknown_tier_in_the_url_shows_every_province():
    at = app_page("rankings", {"index": "pci", "year": "2016", "tier": "Xuất sắc"})
    assert not at.exception
    assert at.selectbox(key="w_league_tier").value == ""
    assert len(pd.DataFrame(at.dataframe[-1].value)) == 63


@pytest.mark.parametrize(("page", "params"), [("rankings", {"table": "full"}), ("map", {"view": "table"})])
def test_each_table_has_its_csv_except_in_the_presentation_view(page, params):
    assert "Tải bảng (CSV)" in [b.label for b in app_page(page, params).download_button]
    assert "Tải bảng (CSV)" not in [b.label for b in app_page(page, params | {"present": "1"}).download_button]


@pytest.mark.parametrize(
    ("page", "params"), [("rankings", {"year": "2020", "table": "full"}), ("map", {"year": "2023", "view": "table"})]
)
def test_missing_cells_of_the_tables_read_as_a_dash_not_none(page, params):
    """PCI 2020 has sub-indices for a few provinces, PCI 2023 figures for the top 30: blank cells show "–"."""
    at = app_page(page, {"index": "pci", **params})
    table = pd.DataFrame(at.dataframe[-1].value)
    assert not table.isna().any().any(), "every cell is written out as text"
    assert table.map(lambda x: x.strip() == "–").any().any()
