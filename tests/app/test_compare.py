"""The compare page runs, enforces two to six provinces and shows the median as computed."""

import functools

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
    assert len(at.get("vega_lite_chart")) == 2
    table = at.table[0].value
    assert "National median (computed)" in table.columns
    assert len(table) >= 7, "rank row, total and the dimensions"


@pytest.mark.parametrize("provinces", ["01", "01,79,48,08,94,04,96"])
def test_two_to_six(provinces):
    at = open_page({"lang": "en", "provinces": provinces, "year": "2019"})
    assert not at.exception
    assert any("six" in w.value or "two to six" in w.value for w in at.warning)
