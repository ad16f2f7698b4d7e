"""The overview page runs in the default and in a non-default URL state, and says plainly what is missing."""

import functools

import pytest

from dashboard.data import DATA_DIR
from dashboard.i18n import t

from .conftest import app_page, opened

pytestmark = pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built")


open_page = functools.partial(app_page, "overview")


def card_boxes(at) -> list:
    """The province cards' sources boxes (the router's share box sits above every page)."""
    share = {t("share_label", "vi"), t("share_label", "en")}
    return [p for p in at.get("popover") if p.proto.popover.label not in share]


def texts(at) -> str:
    return " | ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info])


def test_default_view():
    at = open_page({})
    assert not at.exception
    assert at.title[0].value == "Tổng quan"
    assert [tab.label for tab in at.tabs] == ["Số liệu gần nhất", "Các năm có số liệu"]
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


def test_one_trend_chart_per_card_sends_its_plotted_rows_for_the_toolbar_data_view():
    import pyarrow as pa

    at = open_page({"provinces": "08,01"})
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2, "one trend chart per province card (four panels); the coverage grid is not run"
    for chart in charts:
        first = chart.proto.datasets[0]
        rows = pa.ipc.open_stream(first.data.data).read_all().to_pylist()
        assert rows and {"index_label", "year", "value", "status_label"} <= set(rows[0]), rows[:1]
        assert {r["index_label"] for r in rows} >= {"PCI", "PAPI"}


def test_one_source_popover_per_card_lists_every_figure_under_its_index_and_year():
    import pandas as pd

    at = open_page({"provinces": "96,08"})
    assert not at.exception
    assert len(card_boxes(at)) == 2 and not any(p.markdown for p in card_boxes(at)), "closed: nothing sent"
    popovers = card_boxes(opened(at, "src_overview_96", "src_overview_08"))
    assert len(popovers) == 2, "one per province card"
    cards = [" ".join(m.value for m in p.markdown) for p in popovers]
    metrics = [m.label for m in at.metric]
    cit = pd.read_csv(DATA_DIR / "citations.csv", dtype={"province_code": str})
    for code, text in zip(("96", "08"), cards, strict=True):
        chosen = cit[(cit["province_code"] == code) & cit["chosen"] & cit["indicator"].str.endswith("_total")]
        for label in metrics[:4] if code == "96" else metrics[4:]:
            assert f"**{label.split(' (')[0]}" in text, (code, label)
        latest = chosen[chosen["year"] == chosen[chosen["indicator"] == "par_total"]["year"].max()]
        assert any(u in text for u in latest["source_url"].dropna()), code
    assert "SIPAS" not in cards[1], "Tuyên Quang has no SIPAS figure: no heading for it"


def test_the_coverage_section_runs_only_when_chosen_and_its_link_opens_it():
    at = open_page({"lang": "en"})
    assert not at.exception
    assert not at.download_button, "the coverage grid (the page's one briefing chart) is not run by default"
    assert "One cell per edition" not in texts(at) and len(at.metric) >= 5
    at = open_page({"lang": "en", "section": "coverage"})
    assert not at.exception
    assert not at.metric and not card_boxes(at), "the cards are not run while the coverage grid is shown"
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1 and "One cell per edition" in texts(at)
    assert [b.label for b in at.download_button] == ["PNG image", "SVG image"]


def test_a_wrong_section_in_the_link_is_named_and_the_cards_shown():
    at = open_page({"section": "trends"})
    assert not at.exception
    assert "Tham số “section” trong đường dẫn không hợp lệ" in texts(at)
    assert len(at.metric) >= 5
