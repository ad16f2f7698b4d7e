"""The Word report of one province and year: title, the briefing's sentences, a table of the four indices, the trend
and what-moves-the-rank charts as images, and the sources as a numbered list. Returns .docx bytes; no Streamlit.
"""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from dashboard import indices, narrative
from dashboard.i18n import fmt_number, t, tn
from dashboard.ranks import break_line

FONT = "Times New Roman"  # in Word everywhere, and mapped by LibreOffice to Liberation Serif; both set Vietnamese
IMAGE_WIDTH = Cm(16)


def _set_font(document) -> None:
    """One font with full Vietnamese coverage for the body and the headings (every script slot of the run fonts)."""
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "List Bullet", "List Number", "Caption"):
        try:
            style = document.styles[name]
        except KeyError:
            continue
        style.font.name = FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(slot), FONT)
    document.styles["Normal"].font.size = Pt(12)


def facts_rows(facts: list[dict], lang: str) -> list[list[str]]:
    """The table of the four indices as text: index, year, score, rank of n, change since the previous edition."""
    computed = t("computed_label", lang)
    rows = []
    for f in facts:
        score = fmt_number(f["value"], lang)
        if f["value"] is not None and f["status"] == "computed":
            score += f" ({computed})"
        rank = "–" if f["rank"] is None else t("rank_of", lang, rank=f["rank"], n=f["n"])
        if f["rank"] is not None and f["basis"] == "computed":
            rank += f" ({computed})"
        change = break_line(f, lang) or "–"
        if f["change"] is not None:
            change = t("doc_change", lang, change=fmt_number(f["change"], lang, signed=True), prev=f["prev_year"])
            if f["rank_change"] is not None:
                k = f["rank_change"]
                change += "; " + tn("doc_rank_change", abs(k), lang, k=f"{k:+d}")
        label = indices.label(f["index"]) + (f" · {f['name']}" if f.get("name") else "")
        rows.append([label, str(f["year"]), score, rank, change])
    return rows


def numbered_sources(sentences: list[narrative.Sentence]) -> list[str]:
    """Every source named by the sentences, once each, in order of first use."""
    return list(dict.fromkeys(s for x in sentences for s in x.sources))


def report(
    title: str,
    sentences: list[narrative.Sentence],
    facts: list[dict],
    images: list[tuple[str, bytes]],
    lang: str,
    date: str,
) -> bytes:
    """The .docx bytes: title, sentences (each pointing to its numbered source), the table, images, the sources."""
    doc = Document()
    _set_font(doc)
    doc.core_properties.title = title
    doc.core_properties.language = t("doc_language", lang)
    doc.add_heading(title, level=0)
    doc.add_paragraph(t("doc_generated", lang, date=date))
    sources = numbered_sources(sentences)

    doc.add_heading(t("doc_summary", lang), level=1)
    for s in sentences:
        refs = "".join(f"[{sources.index(x) + 1}]" for x in s.sources) or f"[{t('nar_source_none', lang)}]"
        doc.add_paragraph(f"{s.text} {refs}", style="List Bullet")

    doc.add_heading(t("doc_table", lang), level=1)
    header = [t("index", lang), t("year", lang), t("score", lang), t("rank", lang), t("doc_change_col", lang)]
    body = facts_rows(facts, lang)
    table = doc.add_table(rows=1 + len(body), cols=len(header))
    table.style = "Table Grid"
    for j, text in enumerate(header):
        table.cell(0, j).text = text
        for run in table.cell(0, j).paragraphs[0].runs:
            run.bold = True
    for i, row in enumerate(body, start=1):
        for j, text in enumerate(row):
            table.cell(i, j).text = text

    for caption, png in images:
        doc.add_heading(caption, level=1)
        doc.add_picture(io.BytesIO(png), width=IMAGE_WIDTH)

    doc.add_heading(t("sources", lang), level=1)
    for src in sources:
        doc.add_paragraph(src, style="List Number")
    doc.add_paragraph(t("doc_computed_note", lang))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
