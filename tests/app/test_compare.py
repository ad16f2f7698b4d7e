"""The compare page runs, enforces two to six provinces and shows the median as computed."""

import functools
import json

import pytest

from dashboard.data import DATA_DIR

from .conftest import app_page

pytestmark = pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built")


open_page = functools.partial(app_page, "compare")


def test_default_view():
    at = open_page({})
    assert not at.exception
    assert at.title[0].value == "So sánh"
    assert at.info or at.table, "either the comparison or an explanation"


def test_english_papi_2019():
    at = open_page({"lang": "en", "index": "papi", "provinces": "01,79,48", "year": "2019"})
    assert not at.exception
    assert at.title[0].value == "Compare"
    assert len(at.get("vega_lite_chart")) == 1
    assert [t.label for t in at.tabs][:2] == ["Total score", "Sub-indices"]
    table = at.table[0].value
    assert "National median (computed)" in table.columns
    assert len(table) >= 7, "rank row, total and the dimensions"


@pytest.mark.parametrize("provinces", ["01", "01,79,48,08,94,04,96"])
def test_two_to_six(provinces):
    at = open_page({"lang": "en", "provinces": provinces, "year": "2019"})
    assert not at.exception
    assert any("six" in w.value or "two to six" in w.value for w in at.warning)


@pytest.mark.parametrize("part,title", [("total", "PAPI 2019: tổng điểm"), ("sub", "PAPI 2019: các chỉ số thành phần")])
def test_one_chart_at_a_time_chosen_in_the_url(part, title):
    at = open_page({"index": "papi", "provinces": "01,79,48", "year": "2019", "chart": part})
    assert not at.exception
    (chart,) = at.get("vega_lite_chart")  # the other part is not built or sent
    assert at.query_params["chart"] == part
    assert title in json.dumps(json.loads(chart.proto.spec)["title"], ensure_ascii=False)


def test_a_wrong_chart_value_is_named_and_the_total_shown():
    at = open_page({"lang": "en", "provinces": "01,79,48", "year": "2019", "chart": "pie"})
    assert not at.exception
    assert any("“chart”" in i.value and "“pie”" in i.value and "total, sub" in i.value for i in at.info), [
        i.value for i in at.info
    ]
    assert len(at.get("vega_lite_chart")) == 1
