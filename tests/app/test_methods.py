"""The methods page runs in both languages and states the method breaks and the merger."""

import re

import pytest

from dashboard.data import DATA_DIR

from .conftest import app_page

pytestmark = pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built")


@pytest.mark.parametrize(
    "lang,title,phrases",
    [
        ("vi", "Phương pháp", ["Nghị quyết 202/2025/QH15", "30 tỉnh"]),
        ("en", "Methods", ["Resolution 202/2025/QH15", "top 30"]),
    ],
)
def test_methods_page(lang, title, phrases):
    at = app_page("methods", {"lang": lang, "province": "94", "index": "papi"})
    assert not at.exception
    assert at.title[0].value == title
    text = " ".join(m.value for m in at.markdown)
    for p in phrases:
        assert p in text
    tables = [d.value for d in at.dataframe]
    codes = next(t for t in tables if t.iloc[:, 0].tolist()[:1] == ["15"])  # the seven codes that change meaning
    assert len(codes) == 7 and codes.iloc[:, 0].tolist() == ["15", "24", "44", "52", "80", "82", "91"]
    assert any(len(t) == 4 for t in tables)  # the four method breaks


def test_the_merger_table_names_its_sources_as_the_map_does():
    """Mapping (Resolution 202/2025/QH15) first, then the codes (GSO letter 915/CTK-CSCL): dashboard.merger's order."""
    at = app_page("methods", {"lang": "vi"})
    line = next(c.value for c in at.caption if "915/CTK-CSCL" in c.value)
    assert line.index("202/2025/QH15") < line.index("915/CTK-CSCL")


def test_a_components_box_sends_its_table_only_when_opened():
    at = app_page("methods", {"lang": "en"})
    (box,) = [e for e in at.expander if e.label.startswith("PCI indicators")]
    n = int(re.search(r"\((\d+)\)$", box.label)[1])

    def pci_books(at):
        return [d.value for d in at.dataframe if d.value.iloc[:, 0].astype(str).str.startswith("pci_").all()]

    assert not pci_books(at), "a closed box: its table is not sent"
    at.session_state["w_methods_components_pci"] = True
    at.run()
    assert not at.exception
    (book,) = pci_books(at)
    assert len(book) == n, "the box's label counts the rows it shows"
