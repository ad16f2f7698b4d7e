"""The what-moves-the-rank page and its section on the profile, from the URL, in both languages."""

import functools

import pytest

from dashboard.data import DATA_DIR
from pages._ui import md

from .conftest import app_page, opened

pytestmark = pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built")

open_page = functools.partial(app_page, "whatif")


def test_default_in_vietnamese():
    at = open_page({})
    assert not at.exception
    assert at.title[0].value == "Điều gì nâng hạng: Tuyên Quang"
    assert at.subheader[0].value == "Điều gì nâng hạng PCI 2019 (tính toán)"
    assert any(m.value == "Tuyên Quang năm 2019: 65,13 điểm PCI, hạng 32/63." for m in at.markdown)
    assert any("lên hạng 31" in m.value for m in at.markdown)
    assert len(at.get("vega_lite_chart")) == 1 and len(at.dataframe) == 1


def test_papi_in_english_from_the_url():
    at = open_page({"lang": "en", "index": "papi", "year": "2018", "province": "01"})
    assert not at.exception
    assert at.subheader[0].value == "What moves the PAPI 2018 rank (computed)"
    assert any("Hà Nội in 2018" in m.value and "rank computed by us" in m.value for m in at.markdown)
    assert "If at the median (computed)" in at.dataframe[0].value.columns


def test_year_without_weights_says_why():
    at = open_page({"lang": "en", "year": "2011"})
    assert not at.exception
    assert any("PCI 2011 cannot be simulated" in i.value and "0.3045" in i.value for i in at.info)
    assert at.subheader[0].value == "What moves the PCI 2019 rank (computed)"


def test_profile_shows_the_section():
    at = app_page("profile", {"lang": "en", "province": "08", "section": "whatif"})
    assert not at.exception
    assert any(s.value == "What moves the PCI 2019 rank (computed)" for s in at.subheader)


def test_profile_briefing_with_copy_box_in_both_vintages():
    at = app_page("profile", {"province": "08", "year": "2019"})
    assert not at.exception
    assert any(s.value == "Đoạn tóm tắt viết sẵn" for s in at.subheader)
    assert not at.code, "the copy box is sent once it is opened"
    box = opened(at, "nar_copy").code[0].value
    first = "Tuyên Quang: tóm tắt các chỉ số năm 2019\nNăm 2019, Tuyên Quang đạt 65,13 điểm PCI, xếp thứ 32/63"
    assert box.startswith(first)
    assert "[Nguồn: VCCI & USAID, PCI 2018–2019]" in box
    at = app_page("profile", {"lang": "en", "province": "08", "vintage": "34"})
    assert not at.exception
    assert "former provinces Hà Giang, Tuyên Quang" in opened(at, "nar_copy").code[0].value


def test_profile_offers_the_word_report_and_it_holds_the_page_sentences():
    import io

    from docx import Document

    from pages import _decision as dec
    from pages import _ui as ui

    at = app_page("profile", {"province": "08", "year": "2019"})
    assert any(b.proto.label == "Tải báo cáo Word (.docx)" for b in at.get("download_button"))
    shown = [line for m in at.markdown for line in m.value.splitlines() if line.startswith("- ")]  # list items
    doc = Document(io.BytesIO(dec.report_bytes(ui.build_folder(), "08", 2019, "vi", "pci", 63)))
    paragraphs = [p.text for p in doc.paragraphs]
    for s in dec.briefing_view(ui.build_folder(), "08", 2019, "vi", "pci", 63)["sentences"]:
        assert any(m.startswith(f"- {md(s.text)}") for m in shown)  # shown as text (escaped Markdown)
        assert any(p.startswith(s.text) for p in paragraphs)
    assert len(doc.inline_shapes) == 2
