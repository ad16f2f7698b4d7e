"""A figure's source one click away: the overview card's source popover opens the PAR INDEX figure's address and quoted
words under its index and year."""

import pandas as pd
import pytest

from tests.browser.conftest import SHOTS, settle
from tests.conftest import DATA

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]


def test_par_index_card_opens_its_address_and_quote_on_the_page(app_url, page):
    cit = pd.read_csv(DATA / "citations.csv", dtype={"province_code": str})
    par = cit[(cit["indicator"] == "par_total") & (cit["province_code"] == "96") & cit["chosen"]]
    latest = par[par["year"] == par["year"].max()].iloc[0]  # the card shows the latest edition
    page.goto(f"{app_url}/?lang=vi&provinces=96")
    settle(page)
    before = page.url
    page.locator(".st-key-src_overview_96 [data-testid='stPopoverButton']").first.click()
    body = page.locator("[data-testid='stPopoverBody']")
    body.get_by_text(f"PAR INDEX {int(latest['year'])}").first.wait_for(timeout=15000)  # sent once it is open
    assert f"PAR INDEX {int(latest['year'])}" in body.inner_text(), "the figure's heading"
    link = body.locator(f"a[href='{latest['source_url']}']")
    assert link.count() >= 1
    assert latest["quote"][:40] in body.inner_text()
    assert page.url == before  # still on the overview
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "overview_par_source.png"))
