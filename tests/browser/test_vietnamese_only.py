"""A Vietnamese page shows Vietnamese only: its text, its tables, the document language, the widgets' placeholders,
the chart images and the brief PDF it gives; and Streamlit's own chart toolbar shows what the chart plots and names
its source. English phrases are those of tests/english.py (quotations, addresses, file names and codes left out)."""

import csv
import io
import json
import re

import pytest

from dashboard.i18n import t
from tests.browser.conftest import settle
from tests.browser.test_downloads import download
from tests.english import english_in

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

PATHS = ["/", "/rankings", "/map", "/compare", "/profile", "/whatif", "/correlate", "/data", "/methods"]
# The visible text of the app, without code blocks (the data page's Python and R snippets) and icon ligatures.
VISIBLE_TEXT = """() => {
  const app = document.querySelector("[data-testid='stApp']").cloneNode(true);
  app.querySelectorAll("pre, code, [data-testid='stCode'], [data-testid='stIconMaterial'], style, script")
     .forEach(e => e.remove());
  app.style.position = "absolute";
  document.body.appendChild(app);
  const text = app.innerText;
  app.remove();
  return text;
}"""
PLACEHOLDERS = (
    "() => Array.from(document.querySelectorAll('input[placeholder], textarea[placeholder]')).map(e => e.placeholder)"
)
# Table columns that hold codes, file references or addresses, and the sources' own words (quoted as published).
NOT_TEXT = {
    t(k, "vi")
    for k in (
        "data_code",
        "data_source_ref",
        "data_kept_source",
        "data_other_source",
        "data_official_page",
        "data_download_url",
        "data_quote",
        "data_address",
        "research_col_file",
        "research_col_address",
    )
}


def english_lines(text: str) -> list[tuple[list[str], str]]:
    return [(found, line[:200]) for line in text.splitlines() if (found := english_in(line))]


@pytest.fixture
def vi_page(browser):
    """A Vietnamese page whose table downloads arrive as downloads (not the browser's save dialog)."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="vi-VN")
    ctx.add_init_script("delete window.showSaveFilePicker;")
    ctx.grant_permissions(["clipboard-read", "clipboard-write"])
    pg = ctx.new_page()
    yield pg
    ctx.close()


@pytest.mark.parametrize("path", PATHS)
def test_every_page_in_vietnamese_shows_no_english(app_url, vi_page, path):
    vi_page.goto(f"{app_url}{path}")
    settle(vi_page)
    assert vi_page.evaluate("document.documentElement.lang") == "vi"
    assert english_lines(vi_page.evaluate(VISIBLE_TEXT)) == []
    assert english_lines("\n".join(vi_page.evaluate(PLACEHOLDERS))) == []


def test_the_english_page_says_so_to_the_browser(app_url, vi_page):
    vi_page.goto(f"{app_url}/rankings?lang=en")
    settle(vi_page)
    assert vi_page.evaluate("document.documentElement.lang") == "en"


def test_an_empty_province_box_asks_in_vietnamese(app_url, vi_page):
    vi_page.goto(f"{app_url}/rankings?provinces=")
    settle(vi_page)
    placeholders = vi_page.evaluate(PLACEHOLDERS)
    assert t("choose_provinces", "vi") in placeholders
    assert not [p for p in placeholders if "Choose" in p]


def table_csv(page, nth: int) -> list[list[str]]:
    """The rows of the nth table of the page, as its own toolbar downloads them (header first)."""
    button = toolbar(page.locator("[data-testid='stDataFrame']").nth(nth)).get_by_role("button", name="Download as CSV")
    with page.expect_download(timeout=60_000) as d:
        button.click()
    with open(d.value.path(), encoding="utf-8-sig") as f:
        return list(csv.reader(f))


def test_the_data_page_tables_read_in_vietnamese(app_url, vi_page):
    """Codebook notes, source titles, publishers, licences and conflict notes: the tables are canvases, so they are
    read from their CSV (each reference tab opened from the URL, as a reader's click would)."""
    seen, english, n = set(), [], 0
    for section in ("coverage", "codebook", "sources", "conflicts", "citations"):
        vi_page.goto(f"{app_url}/data?section={section}")
        settle(vi_page)
        grids = vi_page.locator("[data-testid='stDataFrame']").count()
        for i in range(grids - 1, -1, -1) if section == "coverage" else [grids - 1]:  # the tab's table last on the page
            rows = table_csv(vi_page, i)
            n += 1
            seen |= set(rows[0])
            cells = [(h, c) for r in rows[1:] for h, c in zip(rows[0], r, strict=False) if h not in NOT_TEXT]
            english += [(h, c[:160]) for h, c in cells if english_in(c)]
    assert n >= 5
    assert {t("data_notes", "vi"), t("licence", "vi"), t("data_title", "vi"), t("data_publisher", "vi")} <= seen
    assert english == []


def svg_text(svg: bytes) -> str:
    """The text of an SVG image, one line per text element."""
    return "\n".join(re.sub(r"<[^>]+>", "", m) for m in re.findall(r"<text[^>]*>(.*?)</text>", svg.decode("utf-8")))


def test_a_chart_image_reads_in_vietnamese_and_names_its_provenance(app_url, vi_page):
    """The SVG is the PNG's twin (one captioned chart, two renderers), with its text as text."""
    vi_page.goto(f"{app_url}/rankings?index=pci&indicator=pci_total&year=2019&provinces=08,94")
    settle(vi_page)
    _, svg = download(vi_page, t("download_svg", "vi"))
    text = svg_text(svg).replace("&amp;", "&")
    assert "Nguồn: VCCI & USAID" in text and "Giấy phép" in text
    assert "Phiên bản dữ liệu " in text and "https://pcivietnam.vn/en/pci-data" in text
    assert english_lines(text) == []


def test_the_brief_pdf_reads_in_vietnamese(app_url, vi_page):
    from pypdf import PdfReader

    vi_page.goto(f"{app_url}/profile?province=96")
    settle(vi_page)
    _, pdf = download(vi_page, t("brief_pdf", "vi"))
    pages = PdfReader(io.BytesIO(pdf)).pages
    text = "\n".join(p.extract_text() for p in pages)
    assert "Giấy phép" in text and "Phiên bản dữ liệu" in text
    assert "Cà Mau: bốn chỉ số" in text and "Hạng có công bố" in text, "the card itself is text"
    assert [] == [im for p in pages for im in p.images], "no picture of the card"
    assert english_lines(text) == []


def toolbar(element):
    """The toolbar Streamlit shows over an element (a chart, a table) while the pointer is on it."""
    element.scroll_into_view_if_needed()
    element.hover()
    container = element.locator("xpath=ancestor::*[@data-testid='stElementContainer'][1]")
    return container.locator("[data-testid='stElementToolbar']")


def test_the_chart_toolbar_shows_the_plotted_rows_and_its_image_names_the_source(app_url, vi_page):
    """PAPI's trend has method-break labels in a layer of their own: "Show data" must show the scores, and the
    image "Download as PNG" makes (the spec the toolbar copies) must carry the title, source and data version."""
    vi_page.goto(f"{app_url}/rankings?index=papi&indicator=papi_total_unweighted&provinces=08,94")
    settle(vi_page)
    chart = vi_page.locator("[data-testid='stVegaLiteChart']").first
    toolbar(chart).get_by_role("button", name="Copy Vega-Lite spec").click()
    spec = json.loads(vi_page.evaluate("navigator.clipboard.readText()"))
    subtitle = spec["title"]["subtitle"]["signal"]  # the lines, wrapped to the chart's width as it is drawn
    assert spec["title"]["text"] and "Nguồn: CECODES" in subtitle and "Phiên bản dữ liệu" in subtitle
    toolbar(chart).get_by_role("button", name="Show data").click()
    rows = table_csv(vi_page, 0)
    assert {"province_code", "year", "value"} <= set(rows[0]), rows[0]
    assert "break_year" not in rows[0] and len(rows) > 10
