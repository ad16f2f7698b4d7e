"""Published statements: figures as they were published, one row per statement with its address and quoted words.

PAR INDEX, SIPAS and PCI from 2020 hold no full official table: what their loaders read are points files (one row per
figure, with its address and the source's words), component files and transcribed official pages. This module turns
such rows into Statements (one per source statement about one key); loaders.merge.choose keeps one per key.

Shared rules, documented (each index's loader adds its own files and exceptions):
- A CONFLICT segment of a quote becomes a statement of its own. Its figure is read from its text: a decimal figure
  other than the row's score disagrees on the value (the one nearest the row's score is taken); otherwise a one- or
  two-digit number other than the row's rank disagrees on the rank (the nearest is taken). The whole text is kept
  in the conflict note and the citation quote so that a reader can check the reading. The row keeps its own figure
  (`marked`), as the sources' READMEs say.
- Rows for "NATIONAL" (national means) are not provinces: they go to national_stats.csv (national_rows), never to
  the values.
- Conflicts a README lists but that a file states only inside the quote of a row about another key (a typo quoted by
  one source, a figure implied by another) are named in the index's cross_row_conflicts.csv and read from the file.
- Precedence (common.PRECEDENCE): a transcribed official page, or a row whose address is on an official host
  (OFFICIAL_PAGE_HOSTS), is an official page (2); every other statement is news (3).
A new statement layout (e.g. curated files with their own source kind) adds a parser here that returns the same typed
rows, or builds Statements directly with its precedence.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlparse

from loaders import merge
from loaders.common import PRECEDENCE, Source, SourceLayoutError
from loaders.registry import UnknownProvinceError

VINTAGE = 63
NOT_AVAILABLE = "N/A"  # a table cell for a sub-index that did not exist that year
NATIONAL = "NATIONAL"  # the points files' marker for a national (not provincial) figure
OFFICIAL_PAGE_HOSTS = ("pcivietnam.vn",)
POINTS_COLUMNS = ["index", "year", "province", "score", "rank", "source_url", "quote"]
NATIONAL_COLUMNS = ["index", "year", "statistic", "value", "source_url", "quote"]
NATIONAL_STATS_COLUMNS = ["index", "year", "statistic", "value", "source_url", "quote", "source_id", "source_ref"]


class CrossRowConflict(NamedTuple):
    """A known conflict stated inside the quote of a row about another key (one line of cross_row_conflicts.csv)."""

    source_id: str
    line: int
    index: str
    year: int
    province: str
    words: str
    what: str


def read_cross_row_conflicts(path: Path) -> list[CrossRowConflict]:
    """cross_row_conflicts.csv beside a loader (absent: none)."""
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return [
            CrossRowConflict(
                r["source_id"], int(r["line"]), r["index"], int(r["year"]), r["province"], r["words"], r["what"]
            )
            for r in csv.DictReader(f)
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


def parse_points(path: Path, index: str) -> list[dict]:
    """A points file (index,year,province,score,rank,source_url,quote) as typed rows with their line."""
    rows = read_csv_rows(path, POINTS_COLUMNS)
    _check_index(rows, index, path)
    return [
        {
            **r,
            "index": index,
            "year": whole_number(r["year"], path, r["line"], "year"),
            "score": number(r["score"], path, r["line"], "score"),
            "rank": whole_number(r["rank"], path, r["line"]),
        }
        for r in rows
    ]


def _component_label(text: str) -> str:
    return text.split(" (", 1)[0].strip()


def component_rows(path: Path, columns, index: str, score_column: str, rank_field: str) -> list[dict]:
    """A components CSV as typed rows; its `rank` column is kept as `rank_field` (`rank` stays empty otherwise)."""
    rows = read_csv_rows(path, columns)
    _check_index(rows, index, path)
    return [
        {
            **r,
            "index": index,
            "year": whole_number(r["year"], path, r["line"], "year"),
            "component": _component_label(r["component"]),
            "label": r["component"],
            "score": number(r[score_column], path, r["line"], score_column),
            "rank": None,
            rank_field: whole_number(r["rank"], path, r["line"]),
        }
        for r in rows
    ]


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
        m = URL.search(seg) if seg.lstrip().startswith("CONFLICT") else None
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
    plain = URL.sub(" ", text)
    decimals = [float(d.replace(",", ".")) for d in _DECIMAL.findall(plain)]
    if value is not None:
        others = [d for d in decimals if abs(d - value) > merge.VALUE_TOLERANCE]
        if others:
            return "value", min(others, key=lambda d: (abs(d - value), d))
    if rank is not None:
        others = [int(i) for i in _SMALL_INT.findall(_DECIMAL.sub(" ", plain)) if int(i) != rank]
        if others:
            return "rank", float(min(others, key=lambda i: (abs(i - rank), i)))
    return ("value" if value is not None else "rank"), None


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
                source_ref=ref(path, line, "CONFLICT"),
                source_url=url,
                quote=f"CONFLICT {text}",
                order=(*base.order, i + 1),
                note=f"flagged CONFLICT in {path.name}:{line}; the row keeps its own figure (README); "
                f"other figure read from: {text!r}" + ("" if x is not None else " (no differing figure found)"),
            )
        )
    return out


def points_statements(rows: list[dict], source: Source, path: Path, registry, order: int = 0) -> list[Statement]:
    """Statements from a points file: one per row, plus one per CONFLICT segment; NATIONAL rows left out."""
    codes, out = ProvinceCodes(registry, path), []
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
            ref(path, r["line"]),
            r["source_url"],
            r["quote"],
            order=(order, r["line"], 0),
        )
        extra = _conflict_statements(s, path, r["line"])
        s.marked = bool(extra)
        out += [s, *extra]
    codes.check()
    return out


def component_statements(
    rows: list[dict], source: Source, path: Path, registry, components: dict[str, str], order: int = 0
) -> list[Statement]:
    """Statements from a components file, one per row (`components`: label -> indicator); NATIONAL rows left out."""
    codes, out = ProvinceCodes(registry, path), []
    for r in rows:
        if r["province"] == NATIONAL:
            continue
        indicator = components.get(r["component"])
        if indicator is None:
            raise SourceLayoutError(
                f"{path.name}:{r['line']}: component {r['label']!r} has no indicator code. If it is a new component, "
                "add it to components.csv beside the index's loader (and a codebook row)."
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
                ref(path, r["line"]),
                r["source_url"],
                r["quote"],
                order=(order, r["line"], 0),
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
    return min(same, key=merge.statement_order) if same else None


def _segment_url(quote: str, words: str, default: str) -> str:
    segments = quote_segments(quote)
    seg = next(sg for sg in segments if words in sg)
    m = URL.search(seg) if seg is not segments[0] else None
    return m.group(0).rstrip(":") if m else default


def cross_row_statements(
    rows: list[dict], source: Source, path: Path, registry, statements: list[Statement], known, order: int = 0
) -> tuple[list[Statement], list[str]]:
    """Statements for the README-listed conflicts stated inside another row's quote (`known`: CrossRowConflict)."""
    by_line, out, warnings = {r["line"]: r for r in rows}, [], []
    for sid, line, index, year, province, words, what in known:
        if sid != source.id:
            continue
        r, code = by_line.get(line), registry.lookup(province, VINTAGE)
        best = _target(statements, index, year, code) if code else None
        if r is None or words not in r["quote"] or best is None:
            warnings.append(
                f"{sid}: the known conflict {words!r} ({index} {year} {province}) is no longer at "
                f"{path.name}:{line}; check the README and the index's cross_row_conflicts.csv"
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
                source_ref=ref(path, line, "(quote of another row)"),
                source_url=_segment_url(r["quote"], words, r["source_url"]),
                quote=f"{words} ({what})",
                order=(order, line, 9),
                note=f"README known conflict ({what}), stated in the quote of {path.name}:{line} (a row about another "
                f"key): {words!r}",
            )
        )
    return out, warnings


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
