"""PCI from VCCI's annual provincial workbooks 2005–2019 (sources.csv: the rows `pci-vcci-<year>`).

Publisher: VCCI (Vietnam Chamber of Commerce and Industry) with USAID. Official data page:
https://pcivietnam.vn/en/pci-data (province pages https://pcivietnam.vn/en/provinces/<slug>).

The workbooks come in five layouts, parsed (reformat only) by loaders/pci/parse.py. `load()` harmonises: province
names through the registry, column labels to the fixed indicator codes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from loaders.common import (
    LoadResult,
    Source,
    SourceLayoutError,
    read_records,
    source_path,
    tidy_frame,
)
from loaders.merge import PRECEDENCE
from loaders.pci.parse import (  # noqa: F401 — the parsers are part of this loader's interface for tests
    ORDER_AS_RANK,
    PARSERS,
    SHEETS,
    Pairs,
    clean,
    parse_pairs,
    parse_year,
)

YEARS = tuple(range(2005, 2020))
FILES = {y: f"PCI_{y}.xls" if y <= 2011 else f"PCI_{y}.xlsx" for y in YEARS}

SOURCES = [s for s in read_records(Path(__file__).with_name("sources.csv"), Source) if s.id.startswith("pci-vcci-")]
SOURCE_BY_YEAR = {int(s.years): s for s in SOURCES}

# Sub-index label → indicator code; a label must match exactly one pattern.
SUB_PATTERNS = {
    "pci_entry_costs": r"gia nhập|entry",
    "pci_land_access": r"đất đai|land",
    "pci_transparency": r"minh bạch|transparency",
    "pci_time_costs": r"thời gian|time cost",
    "pci_informal_charges": r"không\s*chính thức|informal",
    "pci_policy_bias": r"dnnn|doanh nghiệp nhà nước|bình đẳng|bias",
    "pci_proactivity": r"năng động|proactivity",
    "pci_business_support": r"hỗ trợ|kinh tế tư nhân|kttn|business support",
    "pci_labor_training": r"lao động|labou?r",
    "pci_legal_institutions": r"pháp lý|legal|law",
    "pci_implementation_consistency": r"trung ương",
    "pci_infrastructure": r"hạ tầng|ha tang|csht|infrastructure",
}


def sub_code(label: str) -> str | None:
    """The indicator code of a sub-index label, or None unless exactly one pattern matches."""
    low = clean(label).casefold()
    hits = [code for code, pat in SUB_PATTERNS.items() if re.search(pat, low)]
    return hits[0] if len(hits) == 1 else None


# --- Harmonising. ---


def _indicator(label: str, role: str, file: str, sheet: str) -> str:
    if role == "total":
        return "pci_total"
    if role == "unweighted":
        return "pci_unweighted"
    code = sub_code(label)
    if code is None:
        raise SourceLayoutError(
            f"{file}: sheet {sheet!r}: column label {label!r} names no known PCI sub-index (or several). "
            "Add its pattern to SUB_PATTERNS in loaders/pci/workbooks.py if it is a sub-index."
        )
    return code


def harmonise(raw: pd.DataFrame, year: int, registry, file: str) -> list[dict]:
    """Tidy rows of one workbook's raw records (Hà Tây, 2005-2008, under its own code: a historical unit)."""
    src = SOURCE_BY_YEAR[year]
    rows = []
    for sheet, g in raw.groupby("sheet", sort=False):
        codes = registry.match(list(g["province"]), 63, where=f"{file}!{sheet}")
        for code, r in zip(codes, g.itertuples(index=False), strict=True):
            indicator = _indicator(r.label, r.role, file, sheet)
            rank, rank_status = r.rank, "published"
            if r.role == "total" and pd.isna(rank) and year in ORDER_AS_RANK:
                rank, rank_status = r.order, "computed"
            has_rank = r.role == "total" and pd.notna(rank)
            rows.append(
                {
                    "index": "pci",
                    "year": year,
                    "province_code": code,
                    "vintage": 63,
                    "province": registry.name(code, 63),
                    "indicator": indicator,
                    "value": r.value,
                    "rank": int(rank) if has_rank else pd.NA,
                    "rank_status": rank_status if has_rank else pd.NA,
                    "status": "missing" if pd.isna(r.value) else "published",
                    "tier": r.tier or pd.NA,
                    "source_id": src.id,
                    "source_ref": f"{sheet}!{r.row}",
                    "precedence": PRECEDENCE["official_file"],
                }
            )
    return rows


def _check_unique(rows: list[dict], file: str) -> None:
    seen = {}
    for r in rows:
        k = (r["province_code"], r["indicator"])
        if k in seen:
            raise SourceLayoutError(
                f"{file}: {r['province']} has two {r['indicator']} values ({seen[k]} and {r['source_ref']}). "
                "Two rows or columns name the same province or sub-index: check the workbook's layout."
            )
        seen[k] = r["source_ref"]


def check_year_labels(raw: pd.DataFrame, year: int, file: str) -> None:
    """A total column whose label names a year must name this workbook's year (catches stale copied sheets)."""
    for r in raw[raw["role"].isin(["total", "unweighted"])].drop_duplicates(["sheet", "label"]).itertuples():
        named = {int(y) for y in re.findall(r"\b(20\d\d)\b", r.label)}
        if named and named != {year}:
            raise SourceLayoutError(
                f"{file}: sheet {r.sheet!r}: total column {r.label!r} belongs to another year than {year}. "
                "The sheet is a copy of another edition's table: point the parser at this year's sheet."
            )


def load(sources_dir, registry) -> LoadResult:
    """Every PCI workbook 2005–2019 as tidy rows (63-province vintage)."""
    # Load inputs.
    raws = {y: (parse_year(y, source_path(sources_dir, SOURCE_BY_YEAR[y])), FILES[y]) for y in YEARS}
    # Process data.
    rows = []
    for year, (raw, file) in raws.items():
        check_year_labels(raw, year, file)
        year_rows = harmonise(raw, year, registry, file)
        _check_unique(year_rows, file)
        rows += year_rows
    # Save outputs.
    return LoadResult(values=tidy_frame(rows))
