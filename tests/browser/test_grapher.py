"""What users of OWID Grapher and pcivietnam.vn expect: the full ranking table with its tiers, a table behind each
chart and map, a map search, and when each index was last updated."""

import io
import re

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from dashboard import data, league
from dashboard.maps import HIGHLIGHT_STROKE
from tests.browser.conftest import settle

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]


@pytest.fixture(scope="module")
def ds():
    return data.load()


def download(page, key: str) -> pd.DataFrame:
    """The CSV behind the download button of `key` (Streamlit marks the button's container st-key-<key>)."""
    button = page.locator(f".st-key-{key} button").first
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=30_000) as info:
        button.click()
    raw = open(info.value.path(), "rb").read()
    return pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype={"Xếp loại": str, "Tier": str})


def test_the_tier_table_is_complete_sorted_and_as_published(app_url, page, ds):
    page.goto(f"{app_url}/rankings?index=pci&year=2016&table=full")
    settle(page)
    table = download(page, "dl_league_csv")
    assert len(table) == 63 and table["Xếp hạng"].tolist() == list(range(1, 64))
    published = league.league_table(ds, "pci", 2016)
    assert table["Xếp loại"].tolist() == published["tier"].tolist()  # the tier printed for each province
    order = league.tiers_of(ds.values, "pci", 2016)
    assert order == ["Rất tốt", "Tốt", "Khá", "Trung bình", "Tương đối thấp", "Thấp"]
    assert table["Xếp loại"].map(order.index).is_monotonic_increasing  # best tier first, in rank order
    n_sub = len(league.columns_of(ds, "pci", 2016))
    assert len(table.columns) == 3 + n_sub  # rank, province, tier, the total and every sub-index
    assert table["PCI"].is_monotonic_decreasing and table["PCI"].iloc[0] == pytest.approx(published["pci_total"][0])


def test_the_tier_filter_is_in_the_url_and_the_download(app_url, page):
    page.goto(f"{app_url}/rankings?index=pci&year=2016&tier=Kh%C3%A1")
    settle(page)
    table = download(page, "dl_league_csv")
    assert set(table["Xếp loại"]) == {"Khá"} and len(table) == 29
    assert "tier=Kh%C3%A1" in page.url


def test_a_year_without_tiers_shows_missing_figures_as_missing(app_url, page):
    page.goto(f"{app_url}/rankings?index=pci&year=2024&lang=en&table=full")
    settle(page)
    table = download(page, "dl_league_csv")
    assert len(table) == 63 and "Tier" not in table.columns
    assert table["PCI"].notna().sum() < 63 and not (table["PCI"] == 0).any()  # top 30 only: blanks stay blank
    assert page.get_by_text("prints no tiers").count()


def purple_pixels(page) -> int:
    """Pixels of the search highlight's colour in the first map."""
    box = page.locator(".vega-embed").first
    box.scroll_into_view_if_needed()
    png = box.screenshot()
    target = np.array([int(HIGHLIGHT_STROKE[i : i + 2], 16) for i in (1, 3, 5)])
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
    return int((np.abs(pixels - target) < 30).all(axis=-1).sum())


@pytest.mark.parametrize("typed", ["Cà Mau", "ca mau"])
def test_the_map_search_finds_a_province_by_either_spelling_and_outlines_it(app_url, page, typed):
    page.goto(f"{app_url}/map?index=pci&year=2016&provinces=")
    settle(page)
    assert purple_pixels(page) == 0
    page.locator(".st-key-w_map_search [data-testid='stSelectbox']").first.click()
    page.keyboard.type(typed)
    page.wait_for_timeout(600)
    page.keyboard.press("Enter")
    settle(page)
    assert "pick=96" in page.url
    assert purple_pixels(page) > 50
    assert page.get_by_text(re.compile("Cà Mau — Giá trị")).count()  # the panel of the province found


def test_the_map_table_and_its_csv_are_every_province_the_map_draws(app_url, page, ds):
    page.goto(f"{app_url}/map?index=pci&year=2024&view=table")
    settle(page)
    table = download(page, "dl_table_map63_csv")
    assert len(table) == 63
    rows = data.select(ds.values, "pci", "pci_total", 2024)
    expect = dict(zip(rows["province"], rows["value"], strict=True))
    got = dict(zip(table["Tỉnh, thành phố"], table["Giá trị"], strict=True))
    assert {k for k, v in got.items() if pd.notna(v)} == {k for k, v in expect.items() if pd.notna(v)}
    assert all(got[k] == pytest.approx(v) for k, v in expect.items() if pd.notna(v))


@pytest.mark.parametrize(
    ("lang", "words"), [("vi", "kỳ mới nhất 2024 · ngày lấy nguồn: chưa ghi nhận"), ("en", "source retrieved")]
)
@pytest.mark.parametrize("path", ["rankings", "map"])
def test_the_last_update_of_the_index_is_visible(app_url, page, lang, words, path):
    page.goto(f"{app_url}/{path}?lang={lang}&index=papi")
    settle(page)
    line = page.locator("[data-testid='stCaptionContainer']", has_text=words)
    assert line.count(), f"no last-updated line on /{path} in {lang}"
    assert "PAPI" in line.first.inner_text()


def search_value(page) -> str:
    """What the map's search box shows."""
    return page.locator(".st-key-w_map_search input").first.input_value()


def province_point(page) -> tuple[float, float, str]:
    """A point of the map over a province, and the province's name from its tooltip."""
    box = page.locator(".vega-embed").first.bounding_box()
    for fy in (0.3, 0.35, 0.4, 0.45, 0.5):
        for fx in (0.15, 0.2, 0.25, 0.3):
            x, y = box["x"] + fx * box["width"], box["y"] + fy * box["height"]
            page.mouse.move(x, y)
            page.wait_for_timeout(80)
            tip = page.locator("#vg-tooltip-element")
            if tip.count() and tip.is_visible():
                return x, y, tip.inner_text().split("\n")[1].strip()
    raise AssertionError("no province under the pointer")


def test_a_click_and_the_search_pick_the_same_province(app_url, page):
    page.goto(f"{app_url}/map?index=pci&year=2016&provinces=")
    settle(page)
    page.locator(".vega-embed").first.scroll_into_view_if_needed()
    x, y, name = province_point(page)
    page.mouse.click(x, y)
    settle(page)
    assert search_value(page).startswith(f"{name} · "), "the box names the province clicked"
    page.locator(".st-key-w_map_search [data-testid='stSelectbox']").first.click()
    page.keyboard.type("ca mau")
    page.wait_for_timeout(600)
    page.keyboard.press("Enter")
    settle(page)
    assert "pick=96" in page.url and search_value(page) == "Cà Mau · Ca Mau"  # the search wins over the old click
    page.mouse.click(x, y)
    settle(page)
    assert search_value(page).startswith(f"{name} · ") and "pick=96" not in page.url
