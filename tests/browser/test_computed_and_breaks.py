"""What a person sees of computed values and method changes: cards and images say "computed", trend lines break at
a method change with labels clear of each other and of the points, the median line and the highlighted province
come back from the link, and the default download holds the computed figures the pages show."""

import io

import pandas as pd
import pytest

from dashboard.i18n import t
from tests.browser.conftest import settle

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_computed_headline_is_marked_on_its_card(app_url, page, lang):
    """Tuyên Quang's PAPI 2024 total is the sum of its dimensions: the card's label says computed, PCI's does not."""
    page.goto(f"{app_url}/?lang={lang}&provinces=08")
    settle(page)
    labels = [x.inner_text().strip() for x in page.locator("[data-testid='stMetricLabel']").all()]
    mark = f"({t('computed_label', lang)})"
    assert [x for x in labels if x.startswith("PAPI")] == [f"PAPI 2024 {mark}"]
    assert all(mark not in x for x in labels if x.startswith("PCI"))


def download(page, label: str, nth: int = 0) -> tuple[str, bytes]:
    """Click the nth visible download button with this label; the file's suggested name and bytes."""
    buttons = page.locator("[data-testid='stDownloadButton'] button", has_text=label)
    button = [b for b in buttons.all() if b.is_visible()][nth]
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=90_000) as d:
        button.click()
    with open(d.value.path(), "rb") as f:
        return d.value.suggested_filename, f.read()


def _boxes(page, selector: str) -> list[dict]:
    return page.eval_on_selector_all(
        selector,
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom, text: e.textContent}; })",
    )


def _overlap(a: dict, b: dict) -> bool:
    return a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_papi_break_labels_clear_of_each_other_and_of_every_point(app_url, page, lang):
    """The score chart's SVG, opened as a page: the two method-change labels and the points, by their drawn boxes."""
    page.goto(f"{app_url}/rankings?lang={lang}&index=papi")
    settle(page)
    _, svg = download(page, t("download_svg", lang))
    page.set_content(svg.decode("utf-8"))
    labels = [b for b in _boxes(page, "text") if b["text"] in (t("break_papi_2016", lang), t("break_papi_2018", lang))]
    points = _boxes(page, ".mark-symbol path")
    assert len(labels) == 2 and len(points) > 20
    assert not _overlap(*labels), labels
    assert [(lab["text"], p) for lab in labels for p in points if _overlap(lab, p)] == []


def test_median_line_and_highlight_come_back_from_the_link(app_url, page):
    page.goto(f"{app_url}/rankings?lang=en&index=pci&median=1&highlight=94")
    settle(page)
    assert page.locator("[data-testid='stMain'] input[type=checkbox]").first.is_checked(), "the median switch"
    box = page.locator("[data-testid='stSelectbox']", has_text=t("trend_highlight", "en"))
    shown = box.inner_text() + " ".join(i.input_value() for i in box.locator("input").all())
    assert "Sóc Trăng" in shown, shown
    _, svg = download(page, t("download_svg", "en"), nth=1)  # the score chart (the first is the rank chart)
    assert t("national_median", "en") in svg.decode("utf-8"), "the median is in the image's legend, labelled computed"


def test_an_image_of_computed_values_says_so(app_url, page):
    page.goto(f"{app_url}/rankings?lang=vi&index=papi&provinces=08")
    settle(page)
    _, svg = download(page, t("download_svg", "vi"))
    text = svg.decode("utf-8")
    assert "Giá trị tính toán, không phải số liệu công bố (các năm 2011–2017, 2020–2024)" in text


def _csv(page, url: str) -> pd.DataFrame:
    page.goto(url)
    settle(page)
    _, raw = download(page, t("download_csv", "en"))
    return pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str)


def test_the_default_download_has_the_computed_figures_and_published_only_leaves_them_out(app_url, page):
    url = f"{app_url}/data?lang=en&index=papi&provinces=08&years=2011-2012&all_indicators=1"
    full = _csv(page, url)
    total = full[(full["indicator"] == "papi_total_unweighted") & (full["year"] == "2011")]
    assert total[["value", "status"]].values.tolist() == [["35.259382", "computed"]], "as on the overview, rounded"
    published = _csv(page, f"{url}&published_only=1")
    assert list(published.columns) == list(full.columns)
    assert "computed" not in set(published["status"]) and len(published) < len(full)
