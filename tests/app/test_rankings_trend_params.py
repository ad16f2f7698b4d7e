"""The rankings page's median line and highlighted province: restored from the link, written back on change."""

import pytest

from dashboard.data import DATA_DIR

from .conftest import app_page, opened

pytestmark = pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built")


def test_median_and_highlight_are_restored_and_written():
    at = app_page("rankings", {"index": "pci", "median": "1", "highlight": "94"})
    assert not at.exception
    assert at.toggle(key="w_rank_median").value is True
    assert at.selectbox(key="w_rank_highlight").value == "94"
    at = at.selectbox(key="w_rank_highlight").set_value("01").run()
    at = at.toggle(key="w_rank_median").set_value(False).run()
    assert (at.query_params["highlight"], at.query_params["median"]) == ("01", "0")


def test_a_highlight_outside_the_selection_falls_back_to_none():
    at = app_page("rankings", {"index": "pci", "provinces": "08,94", "highlight": "01"})
    assert not at.exception and at.selectbox(key="w_rank_highlight").value == ""


def test_the_presentation_view_keeps_them_without_the_controls():
    at = app_page("rankings", {"index": "pci", "median": "1", "highlight": "94", "present": "1"})
    assert not at.exception
    assert [w for w in at.toggle if w.key == "w_rank_median"] == []
    assert at.query_params["median"] == "1" and at.query_params["highlight"] == "94"


def test_the_presentation_view_drops_the_source_button():
    """One 'Nguồn' popover holds every chosen province's sources under its name; the view for screenshots shows
    none (the credit line under the table stays)."""

    def source_texts(at):
        return [[m.value for m in p.markdown] for p in at.get("popover") if p.proto.popover.label.startswith("Nguồn")]

    at = app_page("rankings", {"index": "pci", "year": "2019", "provinces": "08,94", "table": "year"})
    assert source_texts(at) == [[]], "closed: its content is not sent"
    (texts,) = source_texts(opened(at, "src_rankings"))
    assert len(texts) == 1 and "**Tuyên Quang**" in texts[0] and "**Sóc Trăng**" in texts[0]
    assert texts[0].index("Tuyên Quang") < texts[0].index("Sóc Trăng")  # in the chosen order
    shown = app_page("rankings", {"index": "pci", "provinces": "08,94", "present": "1", "table": "year"})
    assert source_texts(shown) == []
