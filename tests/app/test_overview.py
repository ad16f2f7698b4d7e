"""The overview page runs in the default and in a non-default URL state, and says plainly what is missing."""

import functools

import pytest

from dashboard.data import DATA_DIR

from .conftest import app_page

pytestmark = pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built")


open_page = functools.partial(app_page, "overview")


def texts(at) -> str:
    return " | ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info])


def test_default_view():
    at = open_page({})
    assert not at.exception
    assert at.title[0].value == "Tổng quan"
    assert [s.value for s in at.subheader] == ["Số liệu công bố gần nhất", "Các chỉ số và năm có số liệu"]
    for name in ("Tuyên Quang", "Sóc Trăng", "Cao Bằng", "Hà Nội", "Cà Mau"):
        assert f"#### {name}" in texts(at)
    assert len(at.metric) >= 5, "one metric per province and index with a figure"
    assert "Nguồn:" in texts(at)


def test_missing_index_said_plainly():
    at = open_page({"provinces": "08"})  # Tuyên Quang: no SIPAS figure in any source
    assert not at.exception
    assert "Chưa có số liệu công bố cho Tuyên Quang." in texts(at)
    assert all(m.label != "SIPAS" for m in at.metric)


def test_english_other_provinces():
    at = open_page({"lang": "en", "index": "papi", "provinces": "01,79,48", "year": "2019"})
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert "#### Ha Noi" in texts(at) or "#### Hà Nội" in texts(at)
    labels = [m.label for m in at.metric]
    assert any(label.startswith("PAPI ") for label in labels)
    assert all("," not in m.value or "." in m.value for m in at.metric if m.value[:1].isdigit())


def test_empty_selection_explains_itself():
    at = open_page({"provinces": ""})
    assert not at.exception
    assert "Chưa chọn tỉnh nào" in texts(at)


def test_a_rank_change_is_labelled_computed_and_a_conflicting_rank_is_named():
    at = app_page("overview", {"provinces": "96"})
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any("tăng 12 bậc so với 2023 (tính toán từ hai thứ hạng)" in c for c in captions)
    assert any("giữ 32, nguồn khác ghi 34" in c for c in captions)  # Cà Mau PAR INDEX 2023: 32 or 34
    links = [link.label for link in at.get("page_link")]
    assert "Xem các nguồn không khớp" in links


def test_each_sparkline_sends_its_plotted_rows_for_the_toolbar_data_view():
    import pyarrow as pa

    at = open_page({"provinces": "08"})
    charts = at.get("vega_lite_chart")
    assert charts, "a sparkline per index with a score"
    for chart in charts[:-1]:  # the last chart is the coverage grid
        first = chart.proto.datasets[0]
        rows = pa.ipc.open_stream(first.data.data).read_all().to_pylist()
        assert rows and {"year", "value", "status_label"} <= set(rows[0]), rows[:1]
