"""Downloads in the page's language: PCI tiers in English in the English files (paired with the published order),
and a citation with title, version, address and date, without placeholders."""

import io
import zipfile

import pandas as pd
import pytest

from dashboard import data, export
from dashboard.export import Selection
from dashboard.i18n import has, t

pytestmark = pytest.mark.skipif(not (data.DATA_DIR / "values.csv").exists(), reason="data/current not built")


@pytest.fixture(scope="module")
def ds():
    return data.load()


def test_every_tier_has_its_words_in_both_languages():
    keys = [f"tier_{k}" for k in range(1, export.TIERS + 1)]
    assert [(k, lang) for k in keys for lang in ("vi", "en") if not has(k, lang)] == []


def test_tiers_pair_by_their_published_order(ds):
    """In every edition the tiers cover consecutive, disjoint rank ranges in catalogue order (tier_1 best)."""
    order = {t(f"tier_{k}", lang): k for k in range(1, export.TIERS + 1) for lang in ("vi", "en")}
    v = ds.values[ds.values["tier"].notna() & ds.values["rank"].notna()]
    for year, g in v.groupby("year"):
        span = g.groupby("tier")["rank"].agg(["min", "max"])
        assert set(span.index) <= set(order), (year, set(span.index) - set(order))
        by_order = span.assign(k=span.index.map(order)).sort_values("k")
        assert (
            by_order["min"].is_monotonic_increasing
            and (by_order["min"].iloc[1:].values > by_order["max"].iloc[:-1].values).all()
        ), year


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_tiers_in_the_language_of_the_file(ds, lang):
    sel = Selection(indices=("pci",), years=(2012, 2014), lang=lang)
    back = pd.read_csv(io.BytesIO(export.export_csv(ds, sel)), encoding="utf-8-sig", dtype=str)
    tiers = set(back["tier"].dropna())
    assert tiers == {t(f"tier_{k}", lang) for k in range(1, export.TIERS + 1)}, "2013 is published in English"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_readme_how_to_cite_has_title_version_address_and_date(ds, lang):
    url = "http://localhost:8501/data"
    sel = Selection(indices=("papi",), years=(2011, 2011), provinces=("08",), lang=lang, url=url)
    with zipfile.ZipFile(io.BytesIO(export.export_zip(ds, sel))) as z:
        readme = z.read("README.md").decode("utf-8")
    cite = readme.split("## How to cite", 1)[1]
    version = ds.summary["version"]
    assert t("research_dataset_title", lang) in cite and version["id"] in cite
    assert url in cite and version["date"] in cite
    assert "<" not in cite.replace("</", "")  # no <province>/<year> placeholders


def test_xlsx_how_to_cite_and_citations(ds):
    sel = Selection(indices=("par",), lang="en", url="http://example.org/data")
    book = pd.read_excel(io.BytesIO(export.export_xlsx(ds, sel)), sheet_name=None, engine="calamine")
    lines = book["how_to_cite"].iloc[:, 0].tolist()
    assert "http://example.org/data" in lines[0] and ds.summary["version"]["id"] in lines[0]
    assert len(book["citations"]) and set(book["citations"]["index"]) == {"par"}
