"""Every page in both languages, as a person sees it in Chromium: it renders, charts are drawn, no error shows."""

import re

import pytest

from tests.browser.conftest import SHOTS, settle

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

# page path -> minimum number of drawn charts (vega-embed SVG/canvas) expected in the default view
PAGES = {
    "overview": 1,
    "rankings": 2,
    "map": 1,
    "compare": 1,
    "profile": 1,
    "whatif": 1,
    "correlate": 3,
    "data": 0,
    "methods": 0,
}
TITLES = {
    "vi": {
        "overview": "Tổng quan",
        "rankings": "Xếp hạng",
        "map": "Bản đồ",
        "compare": "So sánh",
        "profile": "Hồ sơ",
        "whatif": "Điều gì nâng hạng",
        "correlate": "Các chỉ số song song",
        "data": "Dữ liệu",
        "methods": "Phương pháp",
    },
    "en": {
        "overview": "Overview",
        "rankings": "Rankings",
        "map": "Map",
        "compare": "Compare",
        "profile": "profile",
        "whatif": "What moves the rank",
        "correlate": "Indices side by side",
        "data": "Data",
        "methods": "Methods",
    },
}


def drawn_charts(page) -> int:
    """Charts with real marks: an SVG with paths/shapes or a non-empty canvas inside a vega-embed container."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.vega-embed')].filter(e => {
              const svg = e.querySelector('svg');
              if (svg) return svg.querySelectorAll('path, rect, circle, line, text').length > 5;
              const c = e.querySelector('canvas');
              return c && c.width > 50 && c.height > 50;
           }).length"""
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders(app_url, page, name, lang):
    path = "" if name == "overview" else name  # the default page lives at the root URL
    page.goto(f"{app_url}/{path}?lang={lang}")
    settle(page)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}_{lang}.png"), full_page=True)
    errors = page.locator("[data-testid='stException'], [data-testid='stAlertContentError']")
    assert errors.count() == 0, errors.first.inner_text()[:500]
    assert drawn_charts(page) >= PAGES[name]
    heading = page.locator("h1").first.inner_text()
    assert re.search(TITLES[lang][name], heading, re.I), heading


def test_language_switch_keeps_the_view(app_url, page):
    page.goto(f"{app_url}/rankings?lang=vi&index=pci&year=2019&provinces=01,79")
    settle(page)
    page.get_by_text("English", exact=True).click()
    settle(page)
    assert "lang=en" in page.url and "provinces=01%2C79" in page.url or "provinces=01,79" in page.url
    assert "Rankings" in page.locator("h1").first.inner_text()


def test_invalid_link_shows_a_notice_not_an_error(app_url, page):
    page.goto(f"{app_url}/rankings?lang=en&year=<script>alert(1)</script>&provinces=zz")
    settle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("was not valid").count() >= 1
    assert "alert(1)" not in page.locator("[data-testid='stMain']").inner_html()  # the link's text is never markup
