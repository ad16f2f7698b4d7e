"""Published figures that are in no official workbook: PAR INDEX, SIPAS and PCI statements, one per source.

Publishers of the figures: PAR INDEX (Chỉ số cải cách hành chính) and SIPAS (Chỉ số hài lòng về sự phục vụ hành
chính) — Bộ Nội vụ, the Ministry of Home Affairs (MOHA), https://moha.gov.vn ; PCI — VCCI with USAID,
https://pcivietnam.vn . No full provincial table of PAR INDEX or SIPAS, and none of PCI after 2019, could be
reached; what this module reads are the figures as they were published, each with its address and the source's
own words (sources README, "PAR INDEX and SIPAS"):
    par/par_index_points.csv, par/par_index_components_points.csv, par/par_national_stats.csv,
    sipas/sipas_points.csv, sipas/sipas_components_points.csv,
    pci/published-points/pci_2020_2025_points.csv,
    pci/pcivietnam-pages/*.txt (verbatim transcriptions of official pcivietnam.vn pages).

Precedence (common.PRECEDENCE) — one value per key, never an average:
    1 official file (an official workbook; none is read here: the PCI loader owns those) >
    2 official page (the pcivietnam.vn transcriptions, and any points row whose source_url is on pcivietnam.vn) >
    3 news and other (every other row of the points files, including dataset-viewer previews).
Within this module the chosen statement for a key is the first by: precedence; the row the file marks as chosen
(a row whose quote carries a CONFLICT segment keeps its own value, as the READMEs say); the fuller statement
(a value, then a rank, then a tier); the order of SOURCES (the verbatim page tables before the points rows
that quote the same pages) and of lines in the file. Every statement is a citation; every disagreement beyond
rounding (VALUE_TOLERANCE) on the value or on the rank is a conflict. For PAR 2012 this keeps VietnamPlus for
Đà Nẵng (87.14) and Đồng Tháp (83.44), first in the file, and the dataset preview for Hà Nội (82.77, the only
statement of the pair with a rank); the other figure of each pair is a conflict.
The values carry `precedence`, so that the build keeps an official workbook's value over a page's.

Choices, documented:
- A statement with neither a score nor a rank (a score band, an unordered "bottom five") is kept in the
  citations only: it gives no figure, so it makes no row in the values table.
- A rank-only statement makes a row with status "missing" (no value) and the published rank.
- "N/A" in a pcivietnam.vn table (the sub-index did not exist that year: Policy Bias 2009-2012) makes no row.
- SIPAS 2015 was a pilot of 10 provinces: its ranks are among 10, so they stay out of the rank column (which
  means rank of 63) and remain in the citations (rank and quote). See PILOT_YEARS.
- A CONFLICT segment becomes a statement of its own. Its figure is read from its text: a decimal figure other
  than the row's score disagrees on the value (the one nearest the row's score is taken); otherwise a one- or
  two-digit number other than the row's rank disagrees on the rank (the nearest is taken). The whole text is
  kept in the conflict note and the citation quote so that a reader can check the reading.
- Rows for "NATIONAL" (national means) are not provinces: they are in national_stats(), never in the values.
- Conflicts the READMEs list but that a file states only inside the quote of a row about another key (a typo
  quoted by one source, a figure implied by another) are pointed at in CROSS_ROW_CONFLICTS, read from the file.
- Rows of the PCI codes (PCI_CODES) use the codebook entries of loaders/pci.py, which owns them.
- Component rows of par_index_components_points.csv carry the rank of the PAR total, not of the component:
  that rank is not copied to the component rows.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from loaders.common import (
    CITATION_COLUMNS,
    CONFLICT_COLUMNS,
    KEY,
    PRECEDENCE,
    Indicator,
    LoadResult,
    Source,
    SourceLayoutError,
    source_path,
    tidy_frame,
)
from loaders.registry import UnknownProvinceError

VINTAGE = 63
VALUE_TOLERANCE = 0.005  # sources publish two decimals: smaller differences are rounding
NATIONAL = "NATIONAL"  # the points files' marker for a national (not provincial) figure
PILOT_YEARS = {("sipas", 2015): 10}  # (index, year) -> provinces in a pilot; ranks are among these, not of 63
OFFICIAL_PAGE_HOSTS = ("pcivietnam.vn",)

POINTS_COLUMNS = ["index", "year", "province", "score", "rank", "source_url", "quote"]
PAR_COMPONENT_COLUMNS = [
    "index",
    "year",
    "province",
    "component",
    "value",
    "total_par_index",
    "rank",
    "source_url",
    "quote",
]
SIPAS_COMPONENT_COLUMNS = ["index", "year", "province", "component", "score", "rank", "source_url", "quote"]
NATIONAL_COLUMNS = ["index", "year", "statistic", "value", "source_url", "quote"]
NATIONAL_STATS_COLUMNS = ["index", "year", "statistic", "value", "source_url", "quote", "source_id", "source_ref"]

_MOHA = "Bộ Nội vụ (Ministry of Home Affairs, MOHA)"
_COLLECTION = "; statements compiled with their addresses and quotations by this project's source collection"
_POINTS_LICENCE = (
    "Index values are official MOHA publications. Quotes are short factual quotations from news pages "
    "(© their publishers). Rows quoting a Hugging Face dataset-viewer preview (letrinhan/vn-par-master, "
    "vn-sipas-provincial; licence field 'other', terms not seen) are used only as published figures with their "
    "citation."
)
_PCI_LICENCE = (
    "© VCCI/USAID for the pcivietnam.vn tables; news quotes © their publishers. Redistribution terms not stated: "
    "show the attribution wherever values appear."
)


def _source(id_, index, title, publisher, page, licence, attribution, path, years, citation) -> Source:
    return Source(
        id=id_,
        index=index,
        title=title,
        publisher=publisher,
        official_page=page,
        download_url="",
        licence=licence,
        attribution=attribution,
        path=path,
        years=years,
        citation=citation,
    )


SOURCES = [
    _source(
        "par-points",
        "par",
        "PAR INDEX provincial scores and ranks as published (one row per statement)",
        _MOHA + _COLLECTION,
        "https://moha.gov.vn",
        _POINTS_LICENCE,
        "Bộ Nội vụ (MOHA), PAR INDEX",
        "par/par_index_points.csv",
        "2012-2024",
        "Bộ Nội vụ. Chỉ số cải cách hành chính (PAR INDEX) <year>, as reported in the publication cited for "
        "each figure (citations.csv).",
    ),
    _source(
        "par-components",
        "par",
        "PAR INDEX component scores as published (2012 top 19, 2020 top 10)",
        _MOHA + _COLLECTION,
        "https://moha.gov.vn",
        _POINTS_LICENCE,
        "Bộ Nội vụ (MOHA), PAR INDEX",
        "par/par_index_components_points.csv",
        "2012, 2020",
        "Bộ Nội vụ. PAR INDEX 2020 (Báo Đầu tư 28/6/2021 via the MOFCOM commercial office page) and PAR INDEX "
        "2012 (Hugging Face dataset-viewer preview), as cited for each figure.",
    ),
    _source(
        "par-national",
        "par",
        "PAR INDEX national and regional means and gaps as published",
        _MOHA + _COLLECTION,
        "https://moha.gov.vn",
        _POINTS_LICENCE,
        "Bộ Nội vụ (MOHA), PAR INDEX",
        "par/par_national_stats.csv",
        "2013-2024",
        "Bộ Nội vụ. PAR INDEX <year>, as reported in the publication cited for each figure.",
    ),
    _source(
        "sipas-points",
        "sipas",
        "SIPAS provincial scores and ranks as published (one row per statement)",
        _MOHA + _COLLECTION,
        "https://moha.gov.vn",
        _POINTS_LICENCE,
        "Bộ Nội vụ (MOHA), SIPAS",
        "sipas/sipas_points.csv",
        "2015, 2017-2024",
        "Bộ Nội vụ. Chỉ số hài lòng về sự phục vụ hành chính (SIPAS) <year>, as reported in the publication "
        "cited for each figure (citations.csv). SIPAS 2015 was a pilot of 10 provinces (ranks among 10).",
    ),
    _source(
        "sipas-components",
        "sipas",
        "SIPAS sub-indices and national averages as published",
        _MOHA + _COLLECTION,
        "https://moha.gov.vn",
        _POINTS_LICENCE,
        "Bộ Nội vụ (MOHA), SIPAS",
        "sipas/sipas_components_points.csv",
        "2018-2024",
        "Bộ Nội vụ. SIPAS <year>, as reported in the publication cited for each figure.",
    ),
    _source(
        "pci-pages-4prov",
        "pci",
        "pcivietnam.vn province pages (Phú Thọ, Ninh Thuận, Hải Phòng, Vĩnh Phúc), transcribed verbatim",
        "VCCI & USAID (pcivietnam.vn)",
        "https://pcivietnam.vn/en/provinces",
        _PCI_LICENCE,
        "VCCI & USAID, PCI (pcivietnam.vn)",
        "pci/pcivietnam-pages/pcivietnam_vn_en_provinces_4prov_2006_2022.txt",
        "2006-2022",
        "VCCI & USAID. PCI province profile pages, https://pcivietnam.vn/en/provinces/<province> (archived).",
    ),
    _source(
        "pci-pages-more",
        "pci",
        "pcivietnam.vn province pages (Thanh Hóa, Sóc Trăng), transcribed verbatim",
        "VCCI & USAID (pcivietnam.vn)",
        "https://pcivietnam.vn/en/provinces",
        _PCI_LICENCE,
        "VCCI & USAID, PCI (pcivietnam.vn)",
        "pci/pcivietnam-pages/pcivietnam_vn_more_provinces.txt",
        "2006-2024",
        "VCCI & USAID. PCI province profile pages, https://pcivietnam.vn/en/provinces/<province> (archived).",
    ),
    _source(
        "pci-page-2021-top21",
        "pci",
        "pcivietnam.vn PCI 2021 table (first 21 provinces), transcribed verbatim",
        "VCCI & USAID (pcivietnam.vn)",
        "https://www.pcivietnam.vn/bang-chi-so-cac-tinh-thanh-viet-nam",
        _PCI_LICENCE,
        "VCCI & USAID, PCI 2021 (pcivietnam.vn)",
        "pci/pcivietnam-pages/pcivietnam_vn_bang_chi_so_2021_top21.txt",
        "2021",
        "VCCI & USAID. Bảng chỉ số PCI 2021, https://www.pcivietnam.vn/bang-chi-so-cac-tinh-thanh-viet-nam "
        "(archived; cut after 21 provinces).",
    ),
    _source(
        "pci-points-2020-2024",
        "pci",
        "PCI 2020-2024 provincial scores and ranks as published",
        "VCCI & USAID" + _COLLECTION,
        "https://pcivietnam.vn/en/pci-data",
        _PCI_LICENCE,
        "VCCI & USAID, PCI",
        "pci/published-points/pci_2020_2025_points.csv",
        "2020-2024",
        "VCCI & USAID. Provincial Competitiveness Index (PCI) <year>, as reported in the publication cited "
        "for each figure. From PCI 2023 VCCI publishes scores and ranks of the top 30 only.",
    ),
]
_SOURCE = {s.id: s for s in SOURCES}
_ORDER = {s.id: i for i, s in enumerate(SOURCES)}

_SPARSE = "Sparse: only the figures reported in the cited publications; no full provincial table was reachable. "
_COMPONENT_SCALE = (
    "The method's maximum for this component is below 100 and is not stated in these sources; the codebook bound "
    "is the 100-point total, which certainly holds. "
)
INDICATORS = [
    Indicator(
        "par_total",
        "par",
        "Chỉ số cải cách hành chính (PAR INDEX)",
        "Public Administration Reform Index (PAR INDEX)",
        "",
        "total",
        "percent",
        0,
        100,
        True,
        "2012-2024",
        _SPARSE + "Percent of the maximum score, as published by MOHA; ranks are of 63 provinces.",
    ),
    Indicator(
        "par_score_moha",
        "par",
        "Điểm thẩm định của Bộ Nội vụ (PAR INDEX 2012)",
        "MOHA appraisal score (PAR INDEX 2012 method)",
        "par_total",
        "component",
        "points",
        0,
        100,
        True,
        "2012",
        _COMPONENT_SCALE + "2012 method; with par_score_survey it adds up to par_total. Top 19 of 2012 only "
        "(dataset-viewer preview).",
    ),
    Indicator(
        "par_score_survey",
        "par",
        "Điểm điều tra xã hội học (PAR INDEX 2012)",
        "Sociological survey score (PAR INDEX 2012 method)",
        "par_total",
        "component",
        "points",
        0,
        100,
        True,
        "2012",
        _COMPONENT_SCALE + "2012 method; with par_score_moha it adds up to par_total. Top 19 of 2012 only.",
    ),
    Indicator(
        "par_moha_appraisal",
        "par",
        "Điểm thẩm định (PAR INDEX)",
        "MOHA appraisal score (PAR INDEX)",
        "par_total",
        "component",
        "points",
        0,
        100,
        True,
        "2020",
        _COMPONENT_SCALE + "Top 10 of 2020 only (Báo Đầu tư via the MOFCOM commercial office page).",
    ),
    Indicator(
        "par_sipas_impact",
        "par",
        "Điểm tác động: chỉ số hài lòng (SIPAS) trong PAR INDEX",
        "Impact score: satisfaction (SIPAS) part of the PAR INDEX",
        "par_total",
        "component",
        "points",
        0,
        100,
        True,
        "2020",
        _COMPONENT_SCALE + "Top 10 of 2020 only.",
    ),
    Indicator(
        "par_leaders_survey",
        "par",
        "Điểm tác động: điều tra lãnh đạo, quản lý",
        "Impact score: survey of leaders and managers",
        "par_total",
        "component",
        "points",
        0,
        100,
        True,
        "2020",
        _COMPONENT_SCALE + "Top 10 of 2020 only.",
    ),
    Indicator(
        "par_socioeconomic_impact",
        "par",
        "Điểm tác động của CCHC đến phát triển kinh tế - xã hội",
        "Impact score: effect on socio-economic development",
        "par_total",
        "component",
        "points",
        0,
        100,
        True,
        "2020",
        _COMPONENT_SCALE + "Top 10 of 2020 only.",
    ),
    Indicator(
        "sipas_total",
        "sipas",
        "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
        "Satisfaction Index of Public Administrative Services (SIPAS)",
        "",
        "total",
        "percent",
        0,
        100,
        True,
        "2015, 2017-2024",
        _SPARSE + "2015 was a pilot of 10 provinces: its ranks are among 10 and are kept in the citations, "
        "not in the rank column. MOHA changed the design in 2022 (policy groups + administrative services): "
        "levels before and after 2022 are not comparable.",
    ),
    Indicator(
        "sipas_policy",
        "sipas",
        "Chỉ số hài lòng về xây dựng, tổ chức thực hiện chính sách",
        "Satisfaction with policy making and implementation",
        "sipas_total",
        "component",
        "percent",
        0,
        100,
        True,
        "2024",
        "2022+ design only. " + _SPARSE,
    ),
    Indicator(
        "sipas_service_delivery",
        "sipas",
        "Chỉ số hài lòng về cung ứng dịch vụ hành chính công",
        "Satisfaction with public administrative service delivery",
        "sipas_total",
        "component",
        "percent",
        0,
        100,
        True,
        "2024",
        "2022+ design only. " + _SPARSE,
    ),
]
# Codes of the PCI codebook (owned by loaders/pci.py) that the rows of this module use.
PCI_CODES = [
    "pci_total",
    "pci_entry_costs",
    "pci_land_access",
    "pci_transparency",
    "pci_time_costs",
    "pci_informal_charges",
    "pci_policy_bias",
    "pci_proactivity",
    "pci_business_support",
    "pci_labor_training",
    "pci_legal_institutions",
]
EXPECTED_COUNTS: dict[str, dict[int, int]] = {}  # coverage is sparse by nature

# Component labels (text before the first " (") -> indicator code.
COMPONENT_CODES = {
    "score_moha_appraisal": "par_moha_appraisal",
    "impact: SIPAS satisfaction": "par_sipas_impact",
    "impact: leaders/managers survey": "par_leaders_survey",
    "impact: socio-economic development": "par_socioeconomic_impact",
    "score_moha": "par_score_moha",
    "score_survey": "par_score_survey",
    "satisfaction with policy making & implementation": "sipas_policy",
    "satisfaction with public administrative service delivery": "sipas_service_delivery",
}
# Row labels of the pcivietnam.vn tables -> indicator code ("rank" and "tier" are fields of pci_total).
PAGE_LABELS = {
    "entry costs": "pci_entry_costs",
    "gia nhập thị trường": "pci_entry_costs",
    "access to land": "pci_land_access",
    "tiếp cận đất đai": "pci_land_access",
    "transparency": "pci_transparency",
    "tính minh bạch": "pci_transparency",
    "time costs": "pci_time_costs",
    "chi phí thời gian": "pci_time_costs",
    "informal charges": "pci_informal_charges",
    "chi phí không chính thức": "pci_informal_charges",
    "policy bias": "pci_policy_bias",
    "cạnh tranh bình đẳng": "pci_policy_bias",
    "proactivity": "pci_proactivity",
    "tính năng động": "pci_proactivity",
    # renamed in the 2021 method revision: the same sub-index
    "business support services": "pci_business_support",
    "business support policy": "pci_business_support",
    "chính sách hỗ trợ doanh nghiệp": "pci_business_support",
    "labor policy": "pci_labor_training",
    "đào tạo lao động": "pci_labor_training",
    "law & order": "pci_legal_institutions",
    "thiết chế pháp lý": "pci_legal_institutions",
    "pci scores": "pci_total",
    "điểm số pci": "pci_total",
    "ranking": "rank",
    "bảng xếp hạng": "rank",
    "xếp loại pci": "tier",
}
NOT_AVAILABLE = "N/A"
# Conflicts the READMEs list that a file states only inside the quote of a row about another key:
# (source id, line, index, year, province, words of that quote, what they are). The other figure is read from the
# words as for a CONFLICT segment; if the words are no longer at that line, a warning says so.
CROSS_ROW_CONFLICTS = [
    (
        "par-points",
        62,
        "par",
        2018,
        "Quảng Ninh",
        "Quang Ninh (89.6 points [sic])",
        "VietnamPlus figure, a typo per the README",
    ),
    (
        "par-points",
        127,
        "par",
        2023,
        "Hà Nội",
        "92.57-1.32=91.25",
        "implied by a 2024 article's score and stated rise; not a published figure",
    ),
]


@dataclass
class Statement:
    """One source statement about one key: a figure, a rank or both, with where it was said."""

    index: str
    year: int
    province_code: str
    indicator: str
    value: float | None
    rank: int | None
    source_id: str
    source_ref: str
    source_url: str
    quote: str
    tier: str = ""
    marked: bool = False  # the file marks this row as its chosen reading (its quote flags a CONFLICT)
    order: tuple = ()
    note: str = ""  # why this statement exists (CONFLICT text) — for the conflicts table
    precedence: int = field(init=False)

    def __post_init__(self):
        self.precedence = precedence_of(self.source_id, self.source_url)


def precedence_of(source_id: str, url: str) -> int:
    """Official page (2) for the pcivietnam.vn transcriptions and rows citing pcivietnam.vn, else news (3)."""
    if source_id.startswith("pci-page"):
        return PRECEDENCE["official_page"]
    host = (urlparse(url.strip()).hostname or "").lower()
    if any(host == h or host.endswith("." + h) for h in OFFICIAL_PAGE_HOSTS):
        return PRECEDENCE["official_page"]
    return PRECEDENCE["news"]


# --- Parsing: reformat only ---------------------------------------------------------------------------------------


def read_csv_rows(path: Path, columns: list[str]) -> list[dict]:
    """Rows of a points CSV as dicts with their first file line in `line`; SourceLayoutError if a column is missing."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames or []
        missing = [c for c in columns if c not in header]
        if missing:
            raise SourceLayoutError(
                f"{path.name}: column(s) {', '.join(missing)} missing (header: {', '.join(header)}). "
                f"Expected {', '.join(columns)}; is this the right file?"
            )
        rows, start = [], 2
        for r in reader:
            rows.append({**{c: (r[c] or "").strip() for c in columns}, "line": start})
            start = reader.line_num + 1
    return rows


def _number(text: str, path: Path, line: int, column: str) -> float | None:
    if text in ("", NOT_AVAILABLE):
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise SourceLayoutError(f"{path.name}:{line}: {column} {text!r} is not a number. Fix the file.") from None


def _rank(text: str, path: Path, line: int, column: str = "rank") -> int | None:
    x = _number(text, path, line, column)
    if x is not None and x != int(x):
        raise SourceLayoutError(f"{path.name}:{line}: {column} {text!r} is not a whole number. Fix the file.")
    return None if x is None else int(x)


def _check_index(rows: list[dict], index: str, path: Path) -> None:
    for r in rows:
        if r["index"].lower() != index:
            raise SourceLayoutError(f"{path.name}:{r['line']}: index {r['index']!r}, expected {index.upper()}.")


def parse_points(path: Path, index: str) -> list[dict]:
    """A points file (index,year,province,score,rank,source_url,quote) as typed rows with their line."""
    rows = read_csv_rows(path, POINTS_COLUMNS)
    _check_index(rows, index, path)
    return [
        {
            **r,
            "index": index,
            "year": _rank(r["year"], path, r["line"], "year"),
            "score": _number(r["score"], path, r["line"], "score"),
            "rank": _rank(r["rank"], path, r["line"]),
        }
        for r in rows
    ]


def _component_label(text: str) -> str:
    return text.split(" (", 1)[0].strip()


def _component_rows(path: Path, columns, index: str, score_column: str, rank_field: str) -> list[dict]:
    """A components CSV as typed rows; its `rank` column is kept as `rank_field` (`rank` stays empty otherwise)."""
    rows = read_csv_rows(path, columns)
    _check_index(rows, index, path)
    return [
        {
            **r,
            "index": index,
            "year": _rank(r["year"], path, r["line"], "year"),
            "component": _component_label(r["component"]),
            "label": r["component"],
            "score": _number(r[score_column], path, r["line"], score_column),
            "rank": None,
            rank_field: _rank(r["rank"], path, r["line"]),
        }
        for r in rows
    ]


def parse_par_components(path: Path) -> list[dict]:
    """par_index_components_points.csv as typed rows; its `rank` is the PAR total's rank, kept as `total_rank`."""
    return _component_rows(path, PAR_COMPONENT_COLUMNS, "par", "value", "total_rank")


def parse_sipas_components(path: Path) -> list[dict]:
    """sipas_components_points.csv as typed rows; its `rank` is the component's own rank."""
    return _component_rows(path, SIPAS_COMPONENT_COLUMNS, "sipas", "score", "rank")


def parse_national_stats(path: Path) -> list[dict]:
    """par_national_stats.csv as typed rows."""
    rows = read_csv_rows(path, NATIONAL_COLUMNS)
    return [
        {
            **r,
            "index": r["index"].lower(),
            "year": _rank(r["year"], path, r["line"], "year"),
            "value": _number(r["value"], path, r["line"], "value"),
        }
        for r in rows
    ]


_URL = re.compile(r"https?://\S+")


def _cells(line: str) -> list[str]:
    if "|" in line:
        return [c.strip() for c in line.split("|") if c.strip()]
    return line.split()


def parse_province_pages(path: Path) -> list[dict]:
    """pcivietnam.vn province-page blocks as rows (url, slug, year, label, text, line); one row per table cell."""
    out, url, years = [], None, None
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("## URL:"):
            url, years = line.split()[2], None
            continue
        if not line or line.startswith("#"):
            continue
        cells = _cells(line)
        if cells[0] == "Year":
            years = [_rank(c, path, n, "year") for c in cells[1:]]
            continue
        if url is None or years is None:
            raise SourceLayoutError(f"{path.name}:{n}: table row before a '## URL:' line and a 'Year' header row.")
        if "|" in line:
            label, texts = cells[0], cells[1:]
        else:
            label, texts = " ".join(cells[: len(cells) - len(years)]), cells[len(cells) - len(years) :]
        if not label or len(texts) != len(years):
            raise SourceLayoutError(
                f"{path.name}:{n}: expected a row label then {len(years)} cells (one per year of the header) in "
                f"{line[:60]!r}. Fix the transcription."
            )
        slug = url.rstrip("/").rsplit("/", 1)[-1]
        out += [
            {"url": url, "slug": slug, "year": y, "label": label, "text": t, "line": n}
            for y, t in zip(years, texts, strict=True)
        ]
    return out


def parse_table_2021(path: Path) -> list[dict]:
    """The pcivietnam.vn PCI table page as rows (url, province, year, label, text, line); one row per cell."""
    lines = path.read_text(encoding="utf-8").splitlines()
    url = next((m.group(0) for s in lines if s.startswith("#") for m in [_URL.search(s)] if m), "")
    header = next((s for s in lines if s.startswith("# Columns:")), None)
    if header is None or not url:
        raise SourceLayoutError(f"{path.name}: no '# Columns:' header or no page address in the comment lines.")
    edition = next(
        (m.group(1) for s in lines if s.startswith("#") for m in [re.search(r"PCI (\d{4}) table", s)] if m), None
    )
    if edition is None:
        raise SourceLayoutError(f"{path.name}: the comment lines do not name the edition ('PCI <year> table').")
    labels = [c.strip() for c in header.split(":", 1)[1].split("|")][1:]  # first column is the province
    n_numbers = sum(PAGE_LABELS.get(lb.lower()) != "tier" for lb in labels)
    out = []
    for n, raw in enumerate(lines, start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        tokens = raw.split()
        first = next((i for i, t in enumerate(tokens) if re.fullmatch(r"\d+(\.\d+)?", t)), None)
        if first is None or first == 0 or len(tokens) < first + n_numbers:
            raise SourceLayoutError(f"{path.name}:{n}: expected a name then {n_numbers} numbers in {raw[:60]!r}.")
        cells = tokens[first : first + n_numbers] + (
            [" ".join(tokens[first + n_numbers :])] if len(labels) > n_numbers else []
        )
        out += [
            {
                "url": url,
                "province": " ".join(tokens[:first]),
                "year": int(edition),
                "label": lb,
                "text": c,
                "line": n,
                "row": raw.strip(),
            }
            for lb, c in zip(labels, cells, strict=True)
        ]
    return out


# --- Statements: harmonise names, split quotes ---------------------------------------------------------------------


_SEGMENT = re.compile(r"\s\|\s(?=(?:CONFLICT\s+|corroborated by\s+)?https?://)")


def quote_segments(quote: str) -> list[str]:
    """A quote cut into its source statements: the row's own words, then each ' | url: text' appended to it."""
    return _SEGMENT.split(quote)


def conflict_texts(quote: str) -> list[tuple[str, str]]:
    """(url, text) of every segment of a quote that says CONFLICT (an appended source, or a bracketed note)."""
    out = []
    for seg in quote_segments(quote):
        if "CONFLICT" not in seg:
            continue
        m = _URL.search(seg) if seg.lstrip().startswith("CONFLICT") else None
        if m:
            out.append((m.group(0).rstrip(":"), seg[m.end() :].lstrip(": ").strip()))
        else:
            bracket = re.search(r"\[CONFLICT:?\s*([^\]]*)\]?", seg)
            out.append(("", bracket.group(1).strip() if bracket else seg.strip()))
    return out


_DECIMAL = re.compile(r"(?<![\d.,])\d{1,3}[.,]\d{1,2}(?![\d])")
_SMALL_INT = re.compile(r"(?<![\d.,])\d{1,2}(?![\d.,]?\d)")


def read_other_figure(text: str, value: float | None, rank: int | None) -> tuple[str, float | None]:
    """('value', x) or ('rank', n) that a CONFLICT text states instead of the row's figure; (field, None) if none."""
    plain = _URL.sub(" ", text)
    decimals = [float(d.replace(",", ".")) for d in _DECIMAL.findall(plain)]
    if value is not None:
        others = [d for d in decimals if abs(d - value) > VALUE_TOLERANCE]
        if others:
            return "value", min(others, key=lambda d: (abs(d - value), d))
    if rank is not None:
        others = [int(i) for i in _SMALL_INT.findall(_DECIMAL.sub(" ", plain)) if int(i) != rank]
        if others:
            return "rank", float(min(others, key=lambda i: (abs(i - rank), i)))
    return ("value" if value is not None else "rank"), None


class _Codes:
    """Province names to codes for one file, collecting every unknown name before raising."""

    def __init__(self, registry, path: Path):
        self.registry, self.path, self.unknown = registry, path, {}

    def __call__(self, name: str, line: int) -> str | None:
        code = self.registry.lookup(name, VINTAGE)
        if code is None:
            self.unknown.setdefault(name, []).append(f"{self.path.name}:{line}")
        return code

    def check(self) -> None:
        if self.unknown:
            raise UnknownProvinceError(self.unknown, VINTAGE)


def _ref(path: Path, line: int, extra: str = "") -> str:
    return f"{path.name}:{line}" + (f" {extra}" if extra else "")


def _conflict_statements(base: Statement, path: Path, line: int) -> list[Statement]:
    out = []
    for i, (url, text) in enumerate(conflict_texts(base.quote)):
        fld, x = read_other_figure(text, base.value, base.rank)
        out.append(
            Statement(
                base.index,
                base.year,
                base.province_code,
                base.indicator,
                value=x if fld == "value" else None,
                rank=int(x) if fld == "rank" and x is not None else None,
                source_id=base.source_id,
                source_ref=_ref(path, line, "CONFLICT"),
                source_url=url,
                quote=f"CONFLICT {text}",
                order=(*base.order, i + 1),
                note=f"flagged CONFLICT in {path.name}:{line}; the row keeps its own figure (README); "
                f"other figure read from: {text!r}" + ("" if x is not None else " (no differing figure found)"),
            )
        )
    return out


def points_statements(rows: list[dict], source: Source, path: Path, registry) -> list[Statement]:
    """Statements from a points file: one per row, plus one per CONFLICT segment; NATIONAL rows left out."""
    codes, out = _Codes(registry, path), []
    for r in rows:
        if r["province"] == NATIONAL:
            continue
        code = codes(r["province"], r["line"])
        if code is None:
            continue
        s = Statement(
            r["index"],
            r["year"],
            code,
            f"{r['index']}_total",
            r["score"],
            r["rank"],
            source.id,
            _ref(path, r["line"]),
            r["source_url"],
            r["quote"],
            order=(_ORDER[source.id], r["line"], 0),
        )
        extra = _conflict_statements(s, path, r["line"])
        s.marked = bool(extra)
        out += [s, *extra]
    codes.check()
    return out


def component_statements(rows: list[dict], source: Source, path: Path, registry) -> list[Statement]:
    """Statements from a components file, one per row; NATIONAL rows left out; unknown labels fail."""
    codes, out = _Codes(registry, path), []
    for r in rows:
        if r["province"] == NATIONAL:
            continue
        indicator = COMPONENT_CODES.get(r["component"])
        if indicator is None:
            raise SourceLayoutError(
                f"{path.name}:{r['line']}: component {r['label']!r} has no indicator code. Add it to "
                "COMPONENT_CODES in loaders/published.py (with a codebook entry) if it is a new component."
            )
        code = codes(r["province"], r["line"])
        if code is None:
            continue
        out.append(
            Statement(
                r["index"],
                r["year"],
                code,
                indicator,
                r["score"],
                r["rank"],
                source.id,
                _ref(path, r["line"]),
                r["source_url"],
                r["quote"],
                order=(_ORDER[source.id], r["line"], 0),
            )
        )
    codes.check()
    return out


def _target(statements: list[Statement], index: str, year: int, code: str) -> Statement | None:
    same = [
        s
        for s in statements
        if (s.index, s.year, s.province_code, s.indicator) == (index, year, code, f"{index}_total")
    ]
    return min(same, key=_sort_key) if same else None


def _segment_url(quote: str, words: str, default: str) -> str:
    segments = quote_segments(quote)
    seg = next(sg for sg in segments if words in sg)
    m = _URL.search(seg) if seg is not segments[0] else None
    return m.group(0).rstrip(":") if m else default


def cross_row_statements(
    rows: list[dict], source: Source, path: Path, registry, statements: list[Statement]
) -> tuple[list[Statement], list[str]]:
    """Statements for the README-listed conflicts stated inside another row's quote (CROSS_ROW_CONFLICTS)."""
    by_line, out, warnings = {r["line"]: r for r in rows}, [], []
    for sid, line, index, year, province, words, what in CROSS_ROW_CONFLICTS:
        if sid != source.id:
            continue
        r, code = by_line.get(line), registry.lookup(province, VINTAGE)
        best = _target(statements, index, year, code) if code else None
        if r is None or words not in r["quote"] or best is None:
            warnings.append(
                f"{sid}: the known conflict {words!r} ({index} {year} {province}) is no longer at "
                f"{path.name}:{line}; check the README and CROSS_ROW_CONFLICTS"
            )
            continue
        fld, x = read_other_figure(words, best.value, best.rank)
        out.append(
            Statement(
                index,
                year,
                code,
                f"{index}_total",
                value=x if fld == "value" else None,
                rank=int(x) if fld == "rank" and x is not None else None,
                source_id=sid,
                source_ref=_ref(path, line, "(quote of another row)"),
                source_url=_segment_url(r["quote"], words, r["source_url"]),
                quote=f"{words} ({what})",
                order=(_ORDER[sid], line, 9),
                note=f"README known conflict ({what}), stated in the quote of {path.name}:{line} (a row about another "
                f"key): {words!r}",
            )
        )
    return out, warnings


def _page_code(label: str, path: Path, line: int) -> str:
    code = PAGE_LABELS.get(label.lower())
    if code is None:
        raise SourceLayoutError(
            f"{path.name}:{line}: row label {label!r} is not a known PCI sub-index. Add it to PAGE_LABELS in "
            "loaders/published.py with its fixed PCI code if the page renamed a sub-index."
        )
    return code


def page_statements(cells: list[dict], source: Source, path: Path, registry) -> list[Statement]:
    """Statements from pcivietnam.vn tables: one per sub-index cell, one per pci_total (score, rank, tier)."""
    codes, by_key = _Codes(registry, path), {}
    for c in cells:
        code = codes(c.get("province") or c["slug"], c["line"])
        target = _page_code(c["label"], path, c["line"])
        if code is None or c["text"] == NOT_AVAILABLE:
            continue
        year = c["year"]
        indicator = "pci_total" if target in ("rank", "tier") else target
        s = by_key.get((year, code, indicator))
        if s is None:
            s = by_key[(year, code, indicator)] = Statement(
                "pci",
                year,
                code,
                indicator,
                None,
                None,
                source.id,
                _ref(path, c["line"], f"({year})"),
                c["url"],
                c.get("row", ""),
                order=(_ORDER[source.id], c["line"], year),
            )
        if target == "rank":
            s.rank = _rank(c["text"], path, c["line"])
        elif target == "tier":
            s.tier = c["text"]
        else:
            s.value = _number(c["text"], path, c["line"], c["label"])
            s.source_ref = _ref(path, c["line"], f"({year})")
        if "row" not in c:
            s.quote = (s.quote + "; " if s.quote else "") + f"{c['label']} {year}: {c['text']}"
    codes.check()
    return list(by_key.values())


# --- Choosing: one statement per key -------------------------------------------------------------------------------


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _sort_key(s: Statement) -> tuple:
    return (s.precedence, not s.marked, _missing(s.value), _missing(s.rank), not s.tier, s.order)


def _key(s: Statement) -> tuple:
    return (s.index, s.year, s.province_code, VINTAGE, s.indicator)


def _key_dict(s: Statement) -> dict:
    return dict(zip(KEY, _key(s), strict=True))


def _why(chosen: Statement, other: Statement) -> str:
    if other.note:
        return other.note
    if chosen.precedence < other.precedence:
        return "kept the higher-precedence source (official page > news); never averaged"
    return (
        "same precedence: kept the file's chosen row, else the fuller statement, else the first in file order; "
        "never averaged"
    )


def _row(chosen: Statement, other: Statement, fld: str, a, b) -> dict:
    return {
        **_key_dict(chosen),
        "field": fld,
        "chosen_value": _fmt(a),
        "other_value": _fmt(b),
        "chosen_source": f"{chosen.source_id} {chosen.source_ref}",
        "other_source": f"{other.source_id} {other.source_ref} {other.source_url}".strip(),
        "note": _why(chosen, other),
    }


def _disagreements(chosen: Statement, other: Statement) -> list[dict]:
    if other.note and _missing(other.value) and _missing(other.rank):
        # a CONFLICT whose figure could not be read is still reported, with its text in the note
        fld = "value" if not _missing(chosen.value) else "rank"
        return [_row(chosen, other, fld, getattr(chosen, fld), None)]
    out = []
    for fld in ("value", "rank"):
        a, b = getattr(chosen, fld), getattr(other, fld)
        if _missing(a) or _missing(b) or (abs(a - b) <= VALUE_TOLERANCE if fld == "value" else a == b):
            continue
        out.append(_row(chosen, other, fld, a, b))
    return out


def _fmt(x) -> str:
    return "" if _missing(x) else f"{x:g}"


def _citation(s: Statement, chosen: bool) -> dict:
    return {
        **_key_dict(s),
        "value": s.value,
        "rank": s.rank,
        "source_id": s.source_id,
        "source_url": s.source_url,
        "quote": s.quote,
        "chosen": chosen,
    }


def _value_row(s: Statement, registry) -> dict:
    rank = None if (s.index, s.year) in PILOT_YEARS else s.rank
    return {
        **_key_dict(s),
        "province": registry.name(s.province_code, VINTAGE),
        "value": s.value,
        "rank": rank,
        "rank_status": "published" if rank is not None else pd.NA,
        "status": "missing" if _missing(s.value) else "published",
        "tier": s.tier or pd.NA,
        "source_id": s.source_id,
        "source_ref": s.source_ref,
        "precedence": s.precedence,
    }


def choose(statements: list[Statement], registry) -> tuple[list[dict], list[dict], list[dict]]:
    """(value rows, citations, conflicts): one chosen statement per key, every statement cited, no averaging."""
    groups: dict[tuple, list[Statement]] = {}
    for s in statements:
        groups.setdefault(_key(s), []).append(s)
    values, citations, conflicts = [], [], []
    for key in sorted(groups):
        ranked = sorted(groups[key], key=_sort_key)
        best = ranked[0]
        has_figure = not (_missing(best.value) and _missing(best.rank))
        if has_figure:
            values.append(_value_row(best, registry))
            conflicts += [c for other in ranked[1:] for c in _disagreements(best, other)]
        citations += [_citation(s, has_figure and s is best) for s in ranked]
    return values, citations, conflicts


# --- Load ----------------------------------------------------------------------------------------------------------


def _statements(sources_dir: Path, registry) -> tuple[list[Statement], list[str]]:
    out, parsed, warnings = [], {}, []
    for sid, index in (("par-points", "par"), ("sipas-points", "sipas"), ("pci-points-2020-2024", "pci")):
        p = source_path(sources_dir, _SOURCE[sid])
        parsed[sid] = (parse_points(p, index), p)
        out += points_statements(parsed[sid][0], _SOURCE[sid], p, registry)
    for sid, parse in (("par-components", parse_par_components), ("sipas-components", parse_sipas_components)):
        p = source_path(sources_dir, _SOURCE[sid])
        out += component_statements(parse(p), _SOURCE[sid], p, registry)
    for sid in ("pci-pages-4prov", "pci-pages-more"):
        p = source_path(sources_dir, _SOURCE[sid])
        out += page_statements(parse_province_pages(p), _SOURCE[sid], p, registry)
    p = source_path(sources_dir, _SOURCE["pci-page-2021-top21"])
    out += page_statements(parse_table_2021(p), _SOURCE["pci-page-2021-top21"], p, registry)
    for sid, (rows, p) in parsed.items():
        extra, w = cross_row_statements(rows, _SOURCE[sid], p, registry, out)
        out, warnings = out + extra, warnings + w
    return out, warnings


def load(sources_dir, registry) -> LoadResult:
    """Tidy values (one per key, with precedence), every statement as a citation, every disagreement as a conflict."""
    # Load inputs.
    statements, warnings = _statements(Path(sources_dir), registry)
    # Process data.
    values, citations, conflicts = choose(statements, registry)
    # Save outputs.
    return LoadResult(
        values=tidy_frame(values),
        citations=pd.DataFrame(citations, columns=CITATION_COLUMNS),
        conflicts=pd.DataFrame(conflicts, columns=CONFLICT_COLUMNS),
        warnings=warnings,
    )


def national_stats(sources_dir) -> pd.DataFrame:
    """National and regional figures (not provinces): par_national_stats.csv and the NATIONAL rows of the points."""
    sources_dir, rows = Path(sources_dir), []
    src = _SOURCE["par-national"]
    p = source_path(sources_dir, src)
    rows += [
        {**{c: r[c] for c in NATIONAL_COLUMNS}, "source_id": src.id, "source_ref": _ref(p, r["line"])}
        for r in parse_national_stats(p)
    ]
    for sid, parse in (("sipas-components", parse_sipas_components), ("par-components", parse_par_components)):
        p = source_path(sources_dir, _SOURCE[sid])
        rows += [
            {
                "index": r["index"],
                "year": r["year"],
                "statistic": r["label"],
                "value": r["score"],
                "source_url": r["source_url"],
                "quote": r["quote"],
                "source_id": sid,
                "source_ref": _ref(p, r["line"]),
            }
            for r in parse(p)
            if r["province"] == NATIONAL
        ]
    for sid, index in (("par-points", "par"), ("sipas-points", "sipas"), ("pci-points-2020-2024", "pci")):
        p = source_path(sources_dir, _SOURCE[sid])
        rows += [
            {
                "index": index,
                "year": r["year"],
                "statistic": f"{index.upper()} (national)",
                "value": r["score"],
                "source_url": r["source_url"],
                "quote": r["quote"],
                "source_id": sid,
                "source_ref": _ref(p, r["line"]),
            }
            for r in parse_points(p, index)
            if r["province"] == NATIONAL
        ]
    df = pd.DataFrame(rows, columns=NATIONAL_STATS_COLUMNS)
    return (
        df.astype({"year": "int64", "value": "float64"})
        .sort_values(["index", "year", "statistic"], kind="stable")
        .reset_index(drop=True)
    )
