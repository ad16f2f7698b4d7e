"""PCI from 2020 (and the official pages of earlier years): published figures and transcribed pcivietnam.vn pages.

VCCI publishes no downloadable provincial table after 2019 (and from PCI 2023 only the top 30). This module reads
    pci/pcivietnam-pages/*.txt (verbatim transcriptions of official pcivietnam.vn pages: one parser per layout) and
    pci/pcivietnam-pages/more-province-pages/*.txt (one stored official province page per file), and
    statements/pci_statements.csv (curated: one row per figure and source, with source kind and rank basis; it holds
    the full official PCI 2020 ranking table, pci/published-points/pci_2020_vcci_ranking_table.csv, as 63 rows),
as statements (loaders/statements.py); loaders/merge.py keeps one per key. The transcribed pages are the official index
site (official_index_site); the workbooks' values (official_file) win where both exist (loaders/merge.py).
"N/A" in a pcivietnam.vn table (the sub-index did not exist that year: Policy Bias 2009-2012) makes no row.
Row labels of the pages map to indicator codes through page_labels.csv.
"""

from __future__ import annotations

import re
from pathlib import Path

from loaders import statements as st
from loaders.common import Source, SourceLayoutError, read_records, source_path

HERE = Path(__file__).parent
PAGE_LABELS = st.read_labels(HERE / "page_labels.csv")
SOURCES = [s for s in read_records(HERE / "sources.csv", Source) if not s.id.startswith("pci-vcci-")]
_SOURCE = {s.id: s for s in SOURCES}
_ORDER = {s.id: i for i, s in enumerate(SOURCES)}
PAGES = {
    "pci-pages-4prov": "province",
    "pci-pages-more": "province",
    "pci-page-2021-top21": "table",
    "pci-pages-profiles": "profiles",
}
POINTS = "pci-points-2020-2024"


def _cells(line: str) -> list[str]:
    if "|" in line:
        return [c.strip() for c in line.split("|") if c.strip()]
    return line.split()


def parse_province_pages(path: Path, header_facts: bool = False) -> list[dict]:
    """pcivietnam.vn province-page blocks as rows (url, slug, year, label, text, line); one row per table cell.

    `header_facts`: a single stored page ('# URL:' first, then the page's heading lines before the 'Year'/'Năm'
    header row, which are not table rows; a '(…)' line is a transcriber's remark).
    """
    out, url, years = [], None, None
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("## URL:") or (header_facts and line.startswith("# URL:")):
            url, years = line.split()[2], None
            continue
        if not line or line.startswith("#") or (header_facts and line.startswith("(")):
            continue
        cells = _cells(line)
        if cells[0] in ("Year", "Năm"):
            years = [st.whole_number(c, path, n, "year") for c in cells[1:]]
            continue
        if header_facts and url is not None and years is None:
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
    url = next((m.group(0) for s in lines if s.startswith("#") for m in [st.URL.search(s)] if m), "")
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


def _page_code(label: str, path: Path, line: int) -> str:
    code = PAGE_LABELS.get(label.lower())
    if code is None:
        raise SourceLayoutError(
            f"{path.name}:{line}: row label {label!r} is not a known PCI sub-index. Add it to page_labels.csv "
            "beside loaders/pci/pages.py with its fixed PCI code if the page renamed a sub-index."
        )
    return code


def page_statements(cells: list[dict], source: Source, path: Path, registry, order: int = 0) -> list[st.Statement]:
    """Statements from pcivietnam.vn tables: one per sub-index cell, one per pci_total (score, rank, tier)."""
    codes, by_key = st.ProvinceCodes(registry, path), {}
    for c in cells:
        code = codes(c.get("province") or c["slug"], c["line"])
        target = _page_code(c["label"], path, c["line"])
        if code is None or c["text"] == st.NOT_AVAILABLE:
            continue
        year = c["year"]
        indicator = "pci_total" if target in ("rank", "tier") else target
        s = by_key.get((year, code, indicator))
        if s is None:
            s = by_key[(year, code, indicator)] = st.Statement(
                "pci",
                year,
                code,
                indicator,
                None,
                None,
                source.id,
                st.ref(path, c["line"], f"({year})"),
                c["url"],
                c.get("row", ""),
                order=(order, c["line"], year),
            )
        if target == "rank":
            s.rank = st.whole_number(c["text"], path, c["line"])
        elif target == "tier":
            s.tier = c["text"]
        else:
            s.value = st.number(c["text"], path, c["line"], c["label"])
            s.source_ref = st.ref(path, c["line"], f"({year})")
        if "row" not in c:
            s.quote = (s.quote + "; " if s.quote else "") + f"{c['label']} {year}: {c['text']}"
    codes.check()
    return list(by_key.values())


def statements(sources_dir: Path, registry) -> list[st.Statement]:
    """Every statement of the transcribed pages and of the points file."""
    out = []
    for sid, layout in PAGES.items():
        p = source_path(sources_dir, _SOURCE[sid])
        if layout == "profiles":
            for i, f in enumerate(sorted(p.glob("*.txt"))):
                cells = parse_province_pages(f, header_facts=True)
                out += page_statements(cells, _SOURCE[sid], f, registry, _ORDER[sid] + i / 100)
            continue
        cells = parse_province_pages(p) if layout == "province" else parse_table_2021(p)
        out += page_statements(cells, _SOURCE[sid], p, registry, _ORDER[sid])
    p = source_path(sources_dir, _SOURCE[POINTS])
    return out + st.curated_statements(st.parse_curated(p, "pci"), _SOURCE[POINTS], p, registry, _ORDER[POINTS])


def load(sources_dir, registry):
    """Tidy values (one per key, with precedence), every statement as a citation, every disagreement as a conflict."""
    return st.load_result(statements(Path(sources_dir), registry), registry)


def national_stats(sources_dir) -> list[dict]:
    """National figures: the NATIONAL rows of the points file."""
    p = source_path(Path(sources_dir), _SOURCE[POINTS])
    return st.national_rows(st.parse_curated(p, "pci"), POINTS, p, "PCI (national)")
