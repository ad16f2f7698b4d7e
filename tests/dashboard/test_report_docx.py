"""The Word report opened with python-docx: its paragraphs, table cells and images are the briefing's."""

import io

import pytest
from docx import Document

from dashboard import data as dashboard_data
from dashboard import images, narrative, profile, report_docx, whatif
from tests.conftest import DATA

pytestmark = pytest.mark.skipif(not (DATA / "values.csv").exists(), reason="needs data/current (make data)")


@pytest.fixture(scope="module")
def ds():
    return dashboard_data.load(DATA)


@pytest.fixture(scope="module", params=["vi", "en"])
def made(request, ds):
    lang = request.param
    w = whatif.load_weights(ds.folder)
    sentences = narrative.briefing(ds, w, "08", 2019, lang)
    facts = narrative.index_facts(ds, "08", 2019)
    trend = images.chart_png(profile.small_multiples(profile.index_series(ds.values, "08"), lang), lang=lang)
    r = whatif.subindex_gains(ds.values, w, "pci", 2019, "08")
    names = {c: ds.indicator(c)["name_vi"] for c in r["subs"]["indicator"]}
    gains = images.chart_png(whatif.gains_chart(r["subs"], names, lang), lang=lang)
    title = "Tuyên Quang: tóm tắt các chỉ số năm 2019" if lang == "vi" else "Tuyên Quang: the indices in 2019"
    data = report_docx.report(title, sentences, facts, [("trend", trend), ("gains", gains)], lang, "01/12/2026")
    return lang, sentences, facts, Document(io.BytesIO(data))


def test_title_sentences_and_numbered_sources(made):
    lang, sentences, _, doc = made
    texts = [p.text for p in doc.paragraphs]
    assert texts[0].startswith("Tuyên Quang:") and doc.paragraphs[0].style.name == "Title"
    sources = report_docx.numbered_sources(sentences)
    assert sources[0] == "VCCI & USAID, PCI 2018–2019"
    for s in sentences:
        refs = "".join(f"[{sources.index(x) + 1}]" for x in s.sources)
        assert any(p == f"{s.text} {refs}" or (not refs and p.startswith(s.text)) for p in texts), s.text
    numbered = [p.text for p in doc.paragraphs if p.style.name == "List Number"]
    assert numbered == sources
    first = next(p for p in texts if p.startswith(sentences[0].text))
    assert first.endswith("[1]")
    word = "tính toán" if lang == "vi" else "computed"
    assert sum(word in p for p in texts) >= 3


def test_table_of_the_four_indices_equals_the_facts(made):
    lang, sentences, facts, doc = made
    table = doc.tables[0]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert len(cells) == 5 and cells[1:] == report_docx.facts_rows(facts, lang)
    pci, papi, par = cells[1], cells[2], cells[3]
    expected = ["65,13", "hạng 32/63"] if lang == "vi" else ["65.13", "rank 32 of 63"]
    assert pci[:4] == ["PCI", "2019", *expected]
    assert pci[2] in sentences[0].text and str(facts[0]["rank"]) in sentences[0].text
    assert papi[3].endswith("(tính toán)" if lang == "vi" else "(computed)")
    assert par[2:] == ["–", "–", "–"]  # missing stays missing, never zero


def test_images_and_a_font_with_vietnamese(made):
    _, _, _, doc = made
    assert len(doc.inline_shapes) == 2
    assert doc.styles["Normal"].font.name == report_docx.FONT
    rfonts = doc.styles["Normal"].element.rPr.rFonts
    assert rfonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == report_docx.FONT
    assert any("ố" in p.text or "Tuyên" in p.text for p in doc.paragraphs)
