"""What fits on the screen: every chart within a phone's width (390 px), nothing cut on a desktop (1400 px)."""

import pytest

from pages._ui import PAGES
from tests.browser.conftest import settle

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

PHONE, DESKTOP = 390, 1400
# Elements drawn wider than the main column (charts, tables, images) and how far the main column scrolls sideways.
OVERFLOW_JS = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const right = main.getBoundingClientRect().right;
  const wide = [...main.querySelectorAll('.vega-embed, [data-testid=stDataFrame], [data-testid=stTable], img')]
    .map(e => ({what: e.className || e.dataset.testid || e.tagName, right: e.getBoundingClientRect().right}))
    .filter(e => e.right > right + 1);
  return {scroll: Math.max(main.scrollWidth, document.documentElement.scrollWidth), wide};
}"""


@pytest.fixture
def phone(browser):
    """A page at a phone's width."""
    ctx = browser.new_context(viewport={"width": PHONE, "height": 844}, locale="vi-VN", is_mobile=True)
    pg = ctx.new_page()
    yield pg
    ctx.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_every_chart_fits_a_phone(app_url, phone, name):
    phone.goto(f"{app_url}/{'' if name == 'overview' else name}?lang=vi")
    settle(phone)
    phone.wait_for_timeout(500)  # charts of the container's width are laid out after the first paint
    found = phone.evaluate(OVERFLOW_JS)
    assert found["wide"] == [], f"{name}: drawn wider than the {PHONE} px screen: {found['wide']}"
    assert found["scroll"] <= PHONE, f"{name}: the page scrolls sideways to {found['scroll']} px"


@pytest.mark.parametrize("path", ["profile?unit=92", "map?vintage=34"])
def test_the_34_unit_views_fit_a_phone(app_url, phone, path):
    """The 34-unit profile (its map of the parts) and the map in 34 mode, not only the default views."""
    phone.goto(f"{app_url}/{path}&lang=vi")
    settle(phone)
    phone.wait_for_timeout(500)
    found = phone.evaluate(OVERFLOW_JS)
    assert found["wide"] == [], f"{path}: drawn wider than the {PHONE} px screen: {found['wide']}"


@pytest.mark.xfail(
    strict=True,
    reason="Streamlit 1.67 keeps the sidebar open after a page link (and after its own navigation menu) at 390 px, "
    "and its public API cannot close it; this passes, and must then be unmarked, once Streamlit closes it",
)
def test_the_sidebar_closes_after_choosing_a_page_on_a_phone(app_url, phone):
    phone.goto(f"{app_url}/?lang=vi")
    settle(phone)
    sidebar = phone.locator("[data-testid='stSidebar']")
    phone.locator("[data-testid='stExpandSidebarButton']").click()
    phone.wait_for_timeout(800)
    assert sidebar.bounding_box()["x"] >= 0, "the sidebar did not open"
    sidebar.get_by_role("link", name="Bản đồ").click()
    settle(phone)
    phone.wait_for_timeout(800)
    assert "/map" in phone.url
    box = sidebar.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0, "the sidebar still covers the page"


GRIDS_JS = """() => [...document.querySelectorAll('[data-testid=stMain] [data-testid=stDataFrame]')].map(g => {
  const s = g.querySelector('.dvn-scroller');
  return {headers: [...g.querySelectorAll('[role=columnheader]')].map(h => h.innerText.trim()),
          hidden: s ? s.scrollWidth - s.clientWidth : 0};
})"""


def grids(page) -> list[dict]:
    """Each table of the page: its rendered column headers and how many pixels of columns lie beyond its width."""
    return page.evaluate(GRIDS_JS)


TABLES_JS = """() => [...document.querySelectorAll('[data-testid=stMain] [data-testid=stTable]')].map(t => {
  const main = document.querySelector('[data-testid=stMainBlockContainer]').getBoundingClientRect();
  const heads = [...t.querySelectorAll('th')];
  const last = heads[heads.length - 1].getBoundingClientRect();
  return {headers: heads.map(h => h.innerText.trim()), beyond: Math.round(last.right - main.right),
          hidden: t.scrollWidth - t.clientWidth};
})"""


def test_the_compare_table_shows_its_last_header(app_url, page):
    page.goto(f"{app_url}/compare?lang=vi")
    settle(page)
    table = page.evaluate(TABLES_JS)[0]
    assert table["headers"][0] == "Chỉ tiêu"
    assert table["hidden"] <= 0 and table["beyond"] <= 0, f"the table's last header {table['headers'][-1]!r} is cut"


def test_the_data_page_shows_every_year_of_coverage_without_scrolling(app_url, page):
    page.goto(f"{app_url}/data?lang=vi")
    settle(page)
    coverage = next(g for g in grids(page) if "2015" in g["headers"])
    assert {"2022", "2023", "2024"} <= set(coverage["headers"]), coverage["headers"]
    assert coverage["hidden"] <= 0, f"{coverage['hidden']} px of the coverage table behind a sideways scroll"


LOOK_JS = r"""() => ({
  metric: [...document.querySelectorAll('[data-testid=stMetricValue] p')]
    .map(e => parseFloat(getComputedStyle(e).fontSize))[0] || 0,
  title: [...document.querySelectorAll('[data-testid=stMain] .vega-embed svg .role-title-text text')]
    .map(e => parseFloat(e.getAttribute('font-size') || getComputedStyle(e).fontSize))[0] || 0,
  discrete: [...document.querySelectorAll('[data-testid=stMain] .vega-embed svg g[aria-roledescription=axis]')]
    .map(g => [g.getAttribute('aria-label').match(/discrete scale with (\d+) values/), g])
    .filter(([m]) => m)
    .map(([m, g]) => [+m[1], [...g.querySelectorAll('.role-axis-label text')]
      .filter(t => t.getAttribute('opacity') !== '0').length]),
})"""


# path -> (a headline number to compare, a titled chart to compare): the overview's cards, its coverage tab, the profile
LOOKS = {"?lang=vi": (True, False), "?lang=vi&section=coverage": (False, True), "profile?lang=vi": (False, True)}


@pytest.mark.parametrize("path", list(LOOKS))
def test_the_presentation_view_is_larger_and_drops_no_label(app_url, page, path):
    metric, title = LOOKS[path]
    looks = []
    for present in ("", "&present=1"):
        page.goto(f"{app_url}/{path}{present}")
        settle(page)
        page.wait_for_timeout(500)
        looks.append(page.evaluate(LOOK_JS))
    normal, shown = looks
    assert shown["metric"] > normal["metric"] > 0 or not metric, ("headline number px", normal, shown)
    assert shown["title"] > normal["title"] > 0 or not title, ("chart title px", normal["title"], shown["title"])
    cut = [(n, seen) for n, seen in shown["discrete"] if seen < n]
    assert cut == [], f"axes of the presentation view showing fewer labels than values (values, shown): {cut}"


# Per trend chart: the subtitle lines drawn, whether any ends cut ("…"), and the rank/score axis title's top against
# the plot's top (the first gridline group spans the plot).
TREND_TEXT_JS = """() => [...document.querySelectorAll('[data-testid=stMain] .vega-embed')].map(e => {
  const sub = e.querySelector('.role-title-subtitle text');
  const title = e.querySelector('.role-axis[aria-label^="Y-axis"] .role-axis-title');
  const grid = e.querySelector('.role-axis-grid');
  const spans = sub ? [...sub.querySelectorAll('tspan')] : [];
  return {lines: spans.map(t => t.textContent),
          titleTop: title.getBoundingClientRect().top, plotTop: grid.getBoundingClientRect().top - 2,
          right: Math.max(...spans.map(t => t.getBoundingClientRect().right)),
          box: e.getBoundingClientRect().right};
})"""


@pytest.mark.parametrize("index", ["sipas", "pci", "par"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_trend_chart_on_a_phone_shows_its_whole_source_line_and_axis_title(app_url, phone, index, lang):
    phone.goto(f"{app_url}/rankings?index={index}&lang={lang}")
    settle(phone)
    phone.wait_for_timeout(500)
    found = phone.evaluate(TREND_TEXT_JS)
    assert len(found) == 2, f"{index}: rank and score charts expected, found {len(found)}"
    source = "Nguồn:" if lang == "vi" else "Source:"
    for chart in found:
        drawn = " ".join(chart["lines"])
        assert source in drawn and not any(line.endswith("…") for line in chart["lines"]), chart["lines"]
        assert chart["right"] <= chart["box"] + 1, f"{index}: a subtitle line runs past the chart: {chart['lines']}"
        assert chart["titleTop"] >= chart["plotTop"], f"{index}: the axis title rises above the plot: {chart}"
