"""PCI — the Provincial Competitiveness Index (VCCI with USAID): workbooks 2005–2019, published figures from 2020.

Publisher: VCCI (Vietnam Chamber of Commerce and Industry) with USAID. Official data page:
https://pcivietnam.vn/en/pci-data (province pages https://pcivietnam.vn/en/provinces/<slug>).
    workbooks.py  VCCI's annual workbooks, one parser per layout (precedence 1: official file)
    pages.py      transcribed pcivietnam.vn pages and the 2020–2024 points file, as statements
Metadata beside this file: sources.csv, codebook.csv, page_labels.csv. Where a workbook and a page give one key, the
build keeps the workbook's value and records the page's in citations and conflicts (loaders/merge.py).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from loaders.common import CITATION_COLUMNS, CONFLICT_COLUMNS, Indicator, LoadResult, Source, read_records
from loaders.pci import pages, workbooks

HERE = Path(__file__).parent
SOURCES: list[Source] = read_records(HERE / "sources.csv", Source)
INDICATORS: list[Indicator] = read_records(HERE / "codebook.csv", Indicator)
YEARS = workbooks.YEARS
# 2005: the file ranks 42 provinces; 2006-2008 print 64 (both count Hà Tây, a historical unit, code 28).
EXPECTED_COUNTS = {"pci_total": {2005: 42, **{y: 64 if y <= 2008 else 63 for y in YEARS if y > 2005}}}
# Documented errors of a source: its conflicts carry the note; the higher-precedence value stands.
KNOWN_SOURCE_ERRORS = [
    (r["source_id"], int(r["year"]), r["province"], r["note"])
    for r in pd.read_csv(HERE / "page_errors.csv", dtype=str).to_dict("records")
]

# Totals that are weighted sums of the sub-indices (weights recovered per year by loaders/weights.py), and the
# sub-indices published beside the PCI that are not part of it (pci_infrastructure, 2009: see its codebook note).
WEIGHTED_TOTALS = {"pci_total": "least_squares"}
OUTSIDE_TOTALS = ("pci_infrastructure",)


def _frames(frames: list[pd.DataFrame], columns) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def load(sources_dir, registry) -> LoadResult:
    """The workbooks' values, then the published statements' (both with precedence; the build merges them)."""
    books, published = workbooks.load(sources_dir, registry), pages.load(sources_dir, registry)
    return LoadResult(
        values=pd.concat([books.values, published.values], ignore_index=True),
        citations=_frames([books.citations, published.citations], CITATION_COLUMNS),
        conflicts=_frames([books.conflicts, published.conflicts], CONFLICT_COLUMNS),
        warnings=books.warnings + published.warnings,
    )


def national_stats(sources_dir) -> list[dict]:
    """National figures stated in the published files."""
    return pages.national_stats(sources_dir)
