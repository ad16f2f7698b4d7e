"""What a leader sees when pointing at and sharing a view: tooltips on chosen provinces, links that keep the view."""

import re

import pytest

from tests.browser.conftest import settle

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]


def tooltips_over(page, fx=(0.1, 0.45), fy=(0.04, 0.3), steps=9) -> list[str]:
    """The tooltip texts met by moving the pointer over a grid of the first map (fractions of its box)."""
    page.wait_for_selector(".vega-embed canvas, .vega-embed svg", timeout=60_000)
    box = page.locator(".vega-embed").first.bounding_box()
    seen = []
    for i in range(steps):
        for j in range(steps):
            x = box["x"] + (fx[0] + (fx[1] - fx[0]) * i / (steps - 1)) * box["width"]
            y = box["y"] + (fy[0] + (fy[1] - fy[0]) * j / (steps - 1)) * box["height"]
            page.mouse.move(x, y)
            page.wait_for_timeout(60)
            tip = page.locator("#vg-tooltip-element")
            if tip.count() and tip.is_visible():
                seen.append(tip.inner_text())
    return seen


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("vintage", ["63", "34"])
def test_a_chosen_province_shows_its_figure_on_hover(app_url, page, lang, vintage):
    page.goto(f"{app_url}/map?lang={lang}&year=2019&provinces=08&vintage={vintage}")
    settle(page)
    tips = tooltips_over(page)
    assert tips, "no tooltip met"
    assert not [t for t in tips if t.strip() == "true"], "a tooltip says only 'true'"
    assert any("Tuyên Quang" in t for t in tips), tips[:5]


def shared_link(page) -> str:
    """The address in the page's share box."""
    page.get_by_role("button", name=re.compile("Chia sẻ|Share")).first.click()
    code = page.locator("[data-testid='stPopoverBody'] code").first
    code.wait_for(timeout=10_000)
    return code.inner_text().strip()


@pytest.mark.parametrize("present", ["0", "1"])
def test_the_share_box_gives_a_link_that_restores_the_view(app_url, page, present):
    page.goto(f"{app_url}/data?lang=en&index=papi&years=2012-2018&all_provinces=1&published_only=1&present={present}")
    settle(page)
    link = shared_link(page)
    assert link.startswith(f"{app_url}/data?") and "years=2012-2018" in link and "all_provinces=1" in link
    assert "index=papi" in link and "lang=en" in link and "published_only=1" in link
    page.goto(link)
    settle(page)
    thumbs = [t.inner_text() for t in page.locator("[data-testid='stSliderThumbValue']").all()]
    assert thumbs == ["2012", "2018"]
    checked = [c.is_checked() for c in page.locator("[data-testid='stMain'] input[type=checkbox]").all()]
    assert checked[:2] == [False, True] and checked[-1] is True  # all indicators off, all provinces on, published only


def test_a_new_province_profile_is_reached_from_the_34_map(app_url, page):
    page.goto(f"{app_url}/map?year=2019&vintage=34&provinces=&pick=92")
    settle(page)
    page.get_by_role("link", name=re.compile("Hồ sơ Cần Thơ \\(34 tỉnh\\)")).click()
    settle(page)
    assert page.locator("h1").first.inner_text().startswith("Hồ sơ thành phố Cần Thơ mới")
    assert "unit=92" in page.url
    warning = page.locator("[data-testid='stAlert']", has_text="không phải số liệu công bố")
    warning.first.wait_for(timeout=30_000)
    assert "không phải điểm của Cần Thơ" in warning.first.inner_text()  # the estimate is never called a score


@pytest.mark.parametrize("typed", ["Sóc Trăng", "soc trang"])
def test_the_province_box_finds_both_vintages_by_any_name(app_url, page, typed):
    page.goto(f"{app_url}/profile")
    settle(page)
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first.click()
    page.keyboard.type(typed)
    page.wait_for_timeout(800)
    options = [o.inner_text() for o in page.locator("[role=option]").all()]
    assert any(o.startswith("Sóc Trăng · 63 tỉnh") for o in options), options
    assert any(o.startswith("Cần Thơ · 34 tỉnh") for o in options), options  # the new unit Sóc Trăng joined


def test_the_navigation_menu_keeps_the_view(app_url, page):
    """Streamlit's menu opens a page without query parameters: the page shows the view the session had."""
    page.goto(f"{app_url}/rankings?lang=en&index=papi&provinces=01,96")
    settle(page)
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name="Map").click()
    page.wait_for_url(re.compile(r"/map\?"), timeout=30_000)
    settle(page)
    assert "index=papi" in page.url and "provinces=01%2C96" in page.url and "lang=en" in page.url, page.url
    assert page.locator("h1").first.inner_text() == "Map"


@pytest.mark.parametrize("path", ["/overview?lang=en&provinces=01,96", "/?lang=en&provinces=01,96"])
def test_the_overview_opens_at_its_name_and_at_the_root(app_url, page, path):
    """Every page's address is its name; the overview is Streamlit's default page, served at the root. Typing
    /overview opens the root with the same view, with no "page not found" box and the overview marked in the menu.
    (A first request to a fresh server takes another route, pages/_routing.py: open another page first.)"""
    page.goto(f"{app_url}/methods?lang=en")
    settle(page)
    page.goto(f"{app_url}{path}")
    settle(page)
    assert re.search(r":\d+/\?", page.url), page.url
    assert "lang=en" in page.url and "provinces=01%2C96" in page.url, page.url
    assert page.locator("h1").first.inner_text() == "Overview"
    assert page.get_by_text("Page not found").count() == 0
    current = page.locator("[data-testid='stSidebarNav'] a[aria-current='page']")
    assert current.count() == 1 and "Overview" in current.inner_text()


def test_the_rankings_tables_open_from_their_box_and_the_address_keeps_it(app_url, page):
    """The tables of every province sit in a closed box under the charts (their data grid loads only when asked):
    opening it shows the year's table and writes table=year to the address, closing it drops it."""
    page.goto(f"{app_url}/rankings?lang=en&index=pci&year=2019")
    settle(page)
    assert page.locator("[data-testid='stDataFrame']").count() == 0, "closed: no grid"
    box = page.get_by_text("Tables of every province: the 2019 ranking and the full PCI table")
    box.click()
    page.wait_for_url(re.compile(r"table=year"), timeout=30_000)
    settle(page)
    assert page.locator("[data-testid='stDataFrame']").count() == 1
    assert page.get_by_role("heading", name="Weighted PCI score ranking 2019").count() == 1
    box.click()
    page.wait_for_url(lambda url: "table=" not in url, timeout=30_000)
    settle(page)
    assert page.locator("[data-testid='stDataFrame']").count() == 0
