"""What the data page shows researchers: addresses, code, version, changes and citations (on the real build)."""

import re

import pandas as pd
import pytest

from dashboard import data, indices, research
from tests.conftest import DATA

PLACEHOLDER = re.compile(r"<[a-z_]+>|\{[a-z_]+\}|\[(?:url|year|version)\]", re.I)


@pytest.fixture(scope="module")
def ds():
    return data.load(DATA)


@pytest.mark.parametrize(
    "years, text",
    [
        ([2019], "2019"),
        ([2015, 2017, 2018, 2019, 2020], "2015, 2017–2020"),
        ([2012, 2013, 2016, 2018, 2019], "2012–2013, 2016, 2018–2019"),
        ([2019, 2018, 2018], "2018–2019"),
    ],
)
def test_year_ranges(years, text):
    assert text == research.year_ranges(years)


@pytest.mark.parametrize(
    "page, base",
    [
        ("http://127.0.0.1:8501/data", "http://127.0.0.1:8501"),
        ("https://example.org/reform/data?lang=en", "https://example.org/reform"),
        ("http://localhost:8501/", "http://localhost:8501"),
        (None, ""),
    ],
)
def test_base_url(page, base):
    assert base == research.base_url(page)


def test_addresses_list_the_files_of_the_build(ds):
    table = research.addresses(ds, "http://h:1", "en")
    assert "http://h:1/app/static/current/values.csv" == table["Address"].iloc[0]
    assert {"values.csv", "values.parquet", "datapackage.json", "changes.csv"} <= set(table["File"])
    assert all((DATA / name).exists() for name in table["File"])
    assert not table["Contents"].str.startswith("research_").any()


def test_snippets_read_province_codes_as_text():
    code = {name: text for name, (text, _) in research.snippets("http://h:1").items()}
    assert 'dtype={"province_code": str}' in code["Python"]
    assert 'colClasses = c(province_code = "character")' in code["R"]
    assert 'import delimited "http://h:1/app/static/current/values.csv"' in code["Stata"]
    assert "stringcols(3)" in code["Stata"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_dataset_citation_in_three_formats(ds, lang):
    vid, day = research.version_of(ds.summary)
    cite = research.dataset_citation(ds.summary, "http://h:1/data", lang)
    for text in cite.values():
        assert vid in text and "http://h:1/data" in text
    assert not PLACEHOLDER.search(cite["apa"]) and not PLACEHOLDER.search(cite["ris"])
    assert not re.search(r"<[a-z_]+>", cite["bibtex"])
    assert cite["apa"].startswith(research.t("research_dataset_authors", lang) + f". ({day[:4]}). ")
    bib = cite["bibtex"]
    assert bib.startswith(f"@dataset{{vn_reform_indices_{re.sub(r'[^0-9a-z]+', '_', vid)},")
    assert bib.count("{") == bib.count("}") and f"date = {{{day}}}" in bib and f"version = {{{vid}}}" in bib
    assert "&" not in bib.replace("\\&", "")
    lines = cite["ris"].splitlines()
    assert ("TY  - DATA", "ER  -") == (lines[0], lines[-1])
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", x) for x in lines[:-1])
    assert f"ET  - {vid}" in lines and f"DA  - {day.replace('-', '/')}" in lines


def test_dataset_citation_without_an_address_leaves_it_out(ds):
    cite = research.dataset_citation(ds.summary, "", "en")
    assert "url" not in cite["bibtex"] and not any(x.startswith("UR") for x in cite["ris"].splitlines())
    assert cite["apa"].endswith("project.")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_each_index_has_its_publishers_citation(ds, lang):
    cites = research.index_citations(ds, lang)
    assert list(indices.codes()) == list(cites)
    assert "VCCI & USAID (2005–2024)" in cites["pci"] and "https://pcivietnam.vn/en/pci-data" in cites["pci"]
    assert "UNDP" in cites["papi"] and "https://papi.org.vn/eng/papi-data/" in cites["papi"]
    moha = "Bộ Nội vụ" if lang == "vi" else "Ministry of Home Affairs"
    assert cites["par"].startswith(moha) and cites["sipas"].startswith(moha)
    assert "2015, 2017–2024" in cites["sipas"]
    assert "(2012–2024)" in cites["par"]  # PAR INDEX 2015: only ranks published, but the edition is shown and cited
    assert not any(PLACEHOLDER.search(c) for c in cites.values())


def test_citation_cff_carries_the_data_version(ds):
    vid, day = research.version_of(ds.summary)
    cff = research.cff_with_version(
        (research.ROOT / "CITATION.cff").read_text(encoding="utf-8"), ds.summary, "http://h:1/data"
    )
    assert f'\nversion: {vid}\ndate-released: {day}\nurl: "http://h:1/data"\n' in cff
    assert 1 == cff.count("\nversion:")


def test_one_footer_line_gives_each_index_latest_edition_and_the_data_version(ds):
    vid, _ = research.version_of(ds.summary)
    latest = data.latest_editions(ds.values)
    assert list(latest) == [c for c in indices.codes() if c in latest] and latest["pci"] >= 2024
    line = research.footer(ds.summary, "vi", latest)
    assert line.startswith("Cập nhật gần nhất: PCI kỳ ") and f"Phiên bản dữ liệu {vid}" in line
    assert 1 == line.count("Cập nhật") and "edition" not in line
    assert research.footer({}, "en", {"pci": 2024}) == "Last updated: PCI 2024 edition."


def test_the_footer_and_the_changes_sentence(ds):
    vid, day = research.version_of(ds.summary)
    assert f"Data version {vid} (built {day})" in research.footer(ds.summary, "en")
    assert f"Phiên bản dữ liệu {vid}" in research.footer(ds.summary, "vi")
    assert "" == research.footer({}, "en")
    summary = {"changes": {"against": "2026-11-30.0123abcd", "added": 2, "removed": 0, "changed": 1, "rank": 3}}
    assert "Against version 2026-11-30.0123abcd: 2 rows added, 0 removed, 1 values changed, 3 ranks changed." == (
        research.changes_summary(summary, "en")
    )
    same = {"changes": {"against": "2026-11-30.0123abcd", "added": 0, "removed": 0, "changed": 0, "rank": 0}}
    assert "identical" in research.changes_summary(same, "en")
    assert "first build" in research.changes_summary({"changes": {"against": None}}, "en")


@pytest.mark.parametrize(
    ("cell", "lang", "shown"),
    [("3.2706045190307913", "vi", "3,2706045190307913"), ("68.8", "en", "68.8"), ("14", "vi", "14"), ("", "vi", "")],
)
def test_changed_cells_are_written_as_the_language_writes_numbers_every_digit_kept(ds, cell, lang, shown):
    row = {"change": "added", "index": "pci", "year": "2019", "province_code": "01", "vintage": "63"}
    row |= {"indicator": "pci_total", "old": "", "new": cell, "source_id": "x", "source_ref": ""}
    table = pd.DataFrame([row])
    assert shown == research.changes_display(table, ds, lang, {}).iloc[0, 6]
