"""What a leader sees when pointing at and sharing a view: tooltips on chosen provinces, links that keep the view."""

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
