"""Downloads as a person gets them in Chromium: chart images, research files, the presentation view."""

import io
import re
import zipfile

import pytest

from tests.browser.conftest import settle

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
BOM = b"\xef\xbb\xbf"


def download(page, label: str, nth: int = 0) -> tuple[str, bytes]:
    """Click the nth download button with this label; the file's suggested name and bytes."""
    button = page.locator("[data-testid='stDownloadButton'] button", has_text=label).nth(nth)
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=90_000) as d:
        button.click()
    with open(d.value.path(), "rb") as f:
        return d.value.suggested_filename, f.read()


def test_chart_png_and_svg(app_url, page):
    page.goto(f"{app_url}/rankings?lang=vi&index=pci&year=2019&provinces=08,94")
    settle(page)
    name, png = download(page, "Ảnh PNG")
    assert re.fullmatch(r"[a-z0-9_.-]+\.png", name), name
    assert png.startswith(PNG_SIGNATURE) and len(png) > 30_000
    name, svg = download(page, "Ảnh SVG")
    text = svg.decode("utf-8")
    assert name.endswith(".svg") and "<svg" in text
    assert "Tuyên Quang" in text and "Sóc Trăng" in text, "province names stay text, with their diacritics"
    assert "Nguồn: VCCI &amp; USAID" in text, "the source line is burnt in"


def test_map_png(app_url, page):
    page.goto(f"{app_url}/map?lang=en&index=pci&year=2019")
    settle(page)
    name, png = download(page, "PNG image")
    assert name.startswith("map-pci-total-2019") and png.startswith(PNG_SIGNATURE) and len(png) > 50_000


def test_research_csv_and_data_package(app_url, page):
    page.goto(f"{app_url}/data?lang=en&index=pci&provinces=08,94")
    settle(page)
    name, csv = download(page, "Download CSV")
    assert name.endswith(".csv") and csv.startswith(BOM)
    header = csv[len(BOM) :].split(b"\n", 1)[0].decode("utf-8")
    assert header.startswith("index,year,province_code,vintage,province,indicator,value,rank")
    assert "Tuyên Quang" in csv.decode("utf-8-sig")
    name, package = download(page, "Download data package (zip)")
    members = zipfile.ZipFile(io.BytesIO(package)).namelist()
    assert name.endswith(".zip") and "datapackage.json" in members and "values.csv" in members


def test_presentation_view_hides_the_chrome_and_leads_back(app_url, page):
    page.goto(f"{app_url}/rankings?lang=en")
    settle(page)
    page.get_by_role("button", name="Presentation view").click()
    settle(page)
    assert "present=1" in page.url
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    assert not page.locator("[data-testid='stToolbar']").is_visible()
    assert page.locator("[data-testid='stDownloadButton']").count() == 0
    page.get_by_role("button", name="Leave the presentation view").click()
    settle(page)
    assert "present=1" not in page.url
    assert page.locator("[data-testid='stSidebar']").is_visible()


def test_word_report_from_the_profile(app_url, page):
    from docx import Document

    page.goto(f"{app_url}/profile?lang=vi&province=08&year=2019")
    settle(page)
    name, data = download(page, "Tải báo cáo Word (.docx)")
    assert name == "briefing_08_63_2019_vi.docx"
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Tuyên Quang: tóm tắt các chỉ số năm 2019"
    assert any(t.startswith("Năm 2019, Tuyên Quang đạt 65,13 điểm PCI, xếp thứ 32/63") for t in texts)
    assert doc.tables[0].cell(1, 2).text == "65,13" and len(doc.inline_shapes) == 2


@pytest.mark.parametrize("path", ["whatif?lang=vi&province=08", "correlate?lang=en&province=08"])
def test_decision_charts_download_as_captioned_images(app_url, page, path):
    page.goto(f"{app_url}/{path}")
    settle(page)
    name, png = download(page, "Ảnh PNG" if "lang=vi" in path else "PNG image")
    assert name.endswith(".png") and png.startswith(PNG_SIGNATURE) and len(png) > 20_000
    name, svg = download(page, "Ảnh SVG" if "lang=vi" in path else "SVG image")
    text = svg.decode("utf-8")
    assert "VCCI &amp; USAID" in text, "the source line is burnt in"
    assert ("tính toán" if "lang=vi" in path else "computed") in text
