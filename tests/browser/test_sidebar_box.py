"""The sidebar's province box: with many provinces chosen, every chosen name is readable in its chip."""

import pytest

from tests.browser.conftest import settle

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

SEVEN = ("01", "79", "46", "77", "96", "04", "31")  # Hà Nội first, the longest names among them

CHIPS = """() => {
  const box = document.querySelector('[data-testid="stSidebar"] .stMultiSelect');
  const tags = box.querySelector('[data-testid="stMultiSelectTagsContainer"]');
  const view = tags.getBoundingClientRect();
  const clip = tags.parentElement.getBoundingClientRect();
  return [...box.querySelectorAll('[data-tag] span[title]')].map(s => {
    const r = s.getBoundingClientRect();
    const inside = r.top >= Math.max(view.top, clip.top) - 0.5 && r.bottom <= Math.min(view.bottom, clip.bottom) + 0.5
      && r.left >= view.left - 0.5 && r.right <= view.right + 0.5;
    return {name: s.title, text: s.innerText, truncated: s.scrollWidth > s.clientWidth, inside};
  });
}"""


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_seven_chosen_names_are_fully_visible(app_url, page, lang):
    page.goto(f"{app_url}/?lang={lang}&provinces={','.join(SEVEN)}")
    settle(page)
    chips = page.evaluate(CHIPS)
    assert 7 == len(chips), chips
    hidden = [c for c in chips if c["truncated"] or not c["inside"] or c["text"] != c["name"]]
    assert [] == hidden, "a chosen name is cut or scrolled out of the box"
