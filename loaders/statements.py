"""Published statements: figures as they were published, one row per statement with its address and quoted words.

PAR INDEX, SIPAS and PCI from 2020 hold no full official table: what their loaders read are the curated statement
files (sources statements/README.md: one row per figure and source, with its publisher, source kind, language,
rank basis, the source's words and the curator's note), component files and transcribed official pages. This module
turns such rows into Statements (one per source statement about one key); loaders.merge.choose keeps one value and
one rank per key by source kind (merge.SOURCE_KINDS) and records every other statement.

Shared rules, documented (each index's loader adds its own files and exceptions):
- Rows for "NATIONAL" (national means) are not provinces: they go to national_stats.csv (national_rows), never to
  the values.
- A transcribed pcivietnam.vn page is the official index site; a statement without a kind is national press unless
  its address is on an official host (OFFICIAL_PAGE_HOSTS).
- An unknown source kind or rank basis is an error naming the file, line and the known values.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from loaders import merge
from loaders.common import Source, SourceLayoutError
from loaders.merge import PRECEDENCE, RANK_BASES
from loaders.registry import UnknownProvinceError

VINTAGE = 63
NOT_AVAILABLE = "N/A"  # a table cell for a sub-index that did not exist that year
NATIONAL = "NATIONAL"  # the points files' marker for a national (not provincial) figure
OFFICIAL_PAGE_HOSTS = ("pcivietnam.vn",)
POINTS_COLUMNS = ["index", "year", "province", "score", "rank", "source_url", "quote"]
# The curated statements (sources statements/README.md): one row per (figure, source) with its kind and rank basis.
CURATED_COLUMNS = [
    *("index", "year", "province", "score", "rank", "rank_basis", "scope", "source_url"),
    *("publisher", "source_kind", "language", "quote", "note"),
]
NATIONAL_COLUMNS = ["index", "year", "statistic", "value", "source_url", "quote"]
NATIONAL_STATS_COLUMNS = ["index", "year", "statistic", "value", "source_url", "quote", "source_id", "source_ref"]


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
    order: tuple = ()
    note: str = ""  # the curator's note
    source_kind: str = ""  # merge.SOURCE_KINDS; blank: read from the address (kind_of)
    rank_basis: str = ""  # stated | ordered_list | derived (merge.RANK_BASES); blank: stated where there is a rank
    publisher: str = ""
    language: str = ""
    precedence: int = field(init=False)

    def __post_init__(self):
        self.source_kind = self.source_kind or kind_of(self.source_id, self.source_url)
        self.precedence = PRECEDENCE[self.source_kind]


def kind_of(source_id: str, url: str) -> str:
    """official_index_site for the pcivietnam.vn transcriptions and rows citing pcivietnam.vn, else national_press."""
    if source_id.startswith("pci-page"):
        return "official_index_site"
    host = (urlparse(url.strip()).hostname or "").lower()
    if any(host == h or host.endswith("." + h) for h in OFFICIAL_PAGE_HOSTS):
        return "official_index_site"
    return "national_press"


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


def number(text: str, path: Path, line: int, column: str) -> float | None:
    if text in ("", NOT_AVAILABLE):
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise SourceLayoutError(f"{path.name}:{line}: {column} {text!r} is not a number. Fix the file.") from None


def whole_number(text: str, path: Path, line: int, column: str = "rank") -> int | None:
    x = number(text, path, line, column)
    if x is not None and x != int(x):
        raise SourceLayoutError(f"{path.name}:{line}: {column} {text!r} is not a whole number. Fix the file.")
    return None if x is None else int(x)


def _check_index(rows: list[dict], index: str, path: Path) -> None:
    for r in rows:
        if r["index"].lower() != index:
            raise SourceLayoutError(f"{path.name}:{r['line']}: index {r['index']!r}, expected {index.upper()}.")


def parse_curated(path: Path, index: str, extra: tuple = ()) -> list[dict]:
    """A curated statements file as typed rows with their line; SourceLayoutError names an unknown kind or basis."""
    rows = read_csv_rows(path, [*CURATED_COLUMNS, *extra])
    _check_index(rows, index, path)
    for r in rows:
        if r["source_kind"] not in PRECEDENCE:
            raise SourceLayoutError(
                f"{path.name}:{r['line']}: source_kind {r['source_kind']!r} is not one of {', '.join(PRECEDENCE)}. "
                "Fix the file, or add the kind with its precedence to SOURCE_KINDS in loaders/merge.py."
            )
        if r["rank_basis"] not in ("", *RANK_BASES):
            raise SourceLayoutError(
                f"{path.name}:{r['line']}: rank_basis {r['rank_basis']!r} is not one of {', '.join(RANK_BASES)} "
                "(or blank). Fix the file."
            )
    return [
        {
            **r,
            "index": index,
            "year": whole_number(r["year"], path, r["line"], "year"),
            "score": number(r["score"], path, r["line"], "score"),
            "rank": whole_number(r["rank"], path, r["line"]),
            "label": r.get("component", ""),
        }
        for r in rows
    ]


def curated_statements(
    rows: list[dict], source: Source, path: Path, registry, order: int = 0, components=None, keep_rank: bool = True
) -> list[Statement]:
    """Statements from curated rows, one per row with its kind, basis, publisher and language; NATIONAL rows left out.

    `components`: label -> indicator for a component file (None: the index total); `keep_rank` False where the
    file's rank is another figure's (PAR components carry the total's rank).
    """
    codes, out = ProvinceCodes(registry, path), []
    for r in rows:
        if r["province"] == NATIONAL:
            continue
        indicator = f"{r['index']}_total" if components is None else components.get(_component_label(r["label"]))
        if indicator is None:
            raise SourceLayoutError(
                f"{path.name}:{r['line']}: component {r['component']!r} has no indicator code. If it is a new "
                "component, add it to components.csv beside the index's loader (and a codebook row)."
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
                r["rank"] if keep_rank else None,
                source.id,
                ref(path, r["line"]),
                r["source_url"],
                r["quote"],
                order=(order, r["line"], 0),
                note=r["note"],
                source_kind=r["source_kind"],
                rank_basis=r["rank_basis"] if keep_rank else "",
                publisher=r["publisher"],
                language=r["language"],
            )
        )
    codes.check()
    return out


def _component_label(text: str) -> str:
    return text.split(" (", 1)[0].strip()


def parse_national_stats(path: Path) -> list[dict]:
    """par_national_stats.csv as typed rows."""
    rows = read_csv_rows(path, NATIONAL_COLUMNS)
    return [
        {
            **r,
            "index": r["index"].lower(),
            "year": whole_number(r["year"], path, r["line"], "year"),
            "value": number(r["value"], path, r["line"], "value"),
        }
        for r in rows
    ]


URL = re.compile(r"https?://\S+")


# --- Statements: harmonise names, split quotes ---------------------------------------------------------------------


class ProvinceCodes:
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


def ref(path: Path, line: int, extra: str = "") -> str:
    return f"{path.name}:{line}" + (f" {extra}" if extra else "")


def national_rows(rows: list[dict], source_id: str, path: Path, statistic=None) -> list[dict]:
    """NATIONAL rows of a points or components file as national_stats rows (`statistic`: the fixed label, or None
    to use each row's component label)."""
    return [
        {
            "index": r["index"],
            "year": r["year"],
            "statistic": statistic or r["label"],
            "value": r["score"],
            "source_url": r["source_url"],
            "quote": r["quote"],
            "source_id": source_id,
            "source_ref": ref(path, r["line"]),
        }
        for r in rows
        if r["province"] == NATIONAL
    ]


def national_table_rows(path: Path, source_id: str) -> list[dict]:
    """A national statistics file (index, year, statistic, value, source_url, quote) as national_stats rows."""
    return [
        {**{c: r[c] for c in NATIONAL_COLUMNS}, "source_id": source_id, "source_ref": ref(path, r["line"])}
        for r in parse_national_stats(path)
    ]


def read_labels(path: Path) -> dict[str, str]:
    """A label -> indicator table beside a loader (components.csv, page_labels.csv)."""
    with open(path, encoding="utf-8", newline="") as f:
        return {r["label"]: r["indicator"] for r in csv.DictReader(f)}


def load_result(statements: list[Statement], registry, warnings=(), unranked=frozenset()):
    """The LoadResult of a statement loader: merge.choose over its statements, as tidy frames."""
    import pandas as pd

    from loaders.common import CITATION_COLUMNS, CONFLICT_COLUMNS, LoadResult, tidy_frame

    values, citations, conflicts = merge.choose(statements, registry, unranked)
    return LoadResult(
        values=tidy_frame(values),
        citations=pd.DataFrame(citations, columns=CITATION_COLUMNS),
        conflicts=pd.DataFrame(conflicts, columns=CONFLICT_COLUMNS),
        warnings=list(warnings),
    )
