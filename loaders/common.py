"""What every loader shares: the tidy table's shape, source and indicator metadata, errors and checks.

Every loader module has the interface written down in loaders/indices.py (SOURCES, INDICATORS, EXPECTED_COUNTS,
load); which module loads which index is a line of the index registry (loaders/indices.toml).
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field, fields
from pathlib import Path

import pandas as pd

# The tidy value table: one row per (index, year, province_code, vintage, indicator).
KEY = ["index", "year", "province_code", "vintage", "indicator"]
COLUMNS = {
    "index": "string",  # index code (loaders/indices.toml, indices.csv)
    "year": "int64",  # edition year as the publisher labels it
    "province_code": "string",  # GSO code, two digits, meaningful only with `vintage`
    "vintage": "int64",  # 63 (until 2025-06-30) or 34 (from 2025-07-01)
    "province": "string",  # registry name with diacritics (for reading; the code is the key)
    "indicator": "string",  # stable indicator code, see the codebook (indicators.csv)
    "value": "float64",  # blank where missing at source; never zero-filled
    "rank": "Int64",  # published rank; blank where not published
    "rank_status": "string",  # published (stated) | ordered_list | derived | computed | blank when no rank
    "status": "string",  # published | missing | computed
    "tier": "string",  # published tier/grade label where given (PCI), else blank
    "source_id": "string",  # id in sources.csv
    "source_ref": "string",  # where in the source: "Sheet!row" for workbooks, "file.csv:line" for points
    "source_quality": "string",  # blank, or "preview only" / "mirror only": every source of the figure is weak
}
STATUSES = ("published", "missing", "computed")
# Where several sources give a value for one key, the build keeps the one with the lowest precedence number (by
# source kind: loaders.merge.SOURCE_KINDS) and records every other one in citations.csv, and disagreements (beyond
# rounding) in conflicts.csv.


class SourceLayoutError(ValueError):
    """A source file does not have the layout its parser expects (missing sheet, moved column, ...)."""


class SourceMissingError(FileNotFoundError):
    """A source file is not in the sources directory."""


@dataclass(frozen=True)
class Source:
    """One source file (or one publication) the tidy values trace to."""

    id: str
    index: str
    title: str
    publisher: str
    official_page: str
    download_url: str  # exact file address where one exists, else blank
    licence: str
    attribution: str  # the credit line to show next to values, e.g. "VCCI & USAID, PCI 2019"
    path: str  # path relative to the sources directory
    years: str  # e.g. "2005-2019" or "2019"
    citation: str = ""  # how to cite it
    # The same in Vietnamese (title, publisher, licence, citation and attribution above are English or names); blank
    # where the English text serves both languages.
    title_vi: str = ""
    licence_vi: str = ""
    citation_vi: str = ""
    attribution_vi: str = ""
    publisher_vi: str = ""
    retrieved: str = ""  # ISO date the copy was taken, where the file or the sources README records it; else blank


SOURCE_COLUMNS = (*(f.name for f in fields(Source)), "sha256")  # the columns of the built sources table


@dataclass(frozen=True)
class Indicator:
    """One codebook row."""

    code: str
    index: str
    name_vi: str
    name_en: str
    parent: str  # code of the total/dimension this one belongs to, blank for a total
    level: str  # total | subindex | dimension | subdimension | component
    unit: str  # points | percent | rank
    scale_min: float
    scale_max: float
    higher_is_better: bool
    notes: str = ""  # method era, comparability, naming history (English)
    notes_vi: str = ""  # the same notes in Vietnamese
    years: str = ""  # editions the built values cover, e.g. "2005-2008, 2013-2019": set by the build (year_span)


@dataclass
class LoadResult:
    """What a loader returns: tidy values plus everything a reviewer needs to trust them."""

    values: pd.DataFrame  # COLUMNS
    citations: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CITATION_COLUMNS))
    conflicts: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CONFLICT_COLUMNS))
    warnings: list[str] = field(default_factory=list)


# The one rounding rule for computed values (sums of published parts, estimates): a computed value is rounded to the
# largest number of decimals among the published values it is computed from, at most COMPUTED_DECIMALS_MAX (below that
# a sum of doubles carries only rounding noise: 35.259381999999995 is 35.259382). Stated in the codebook (datapackage).
COMPUTED_DECIMALS_MAX = 10
ROUNDING_RULE = (
    "computed values are rounded to the largest number of decimals among the published values they are computed from "
    f"(at most {COMPUTED_DECIMALS_MAX})"
)


def decimals(x: float) -> int:
    """Decimals of a number as written at its shortest (6.25 -> 2, 7.0 -> 0); 0 for a missing value."""
    if x is None or pd.isna(x):
        return 0
    text = repr(float(x))
    if "e" in text:
        mantissa, exp = text.split("e")
        return max(0, len(mantissa.split(".")[1].rstrip("0") if "." in mantissa else "") - int(exp))
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def round_to_inputs(value: float, inputs) -> float:
    """A computed value rounded by the one rule (ROUNDING_RULE) to the precision of the values it is computed from."""
    if value is None or pd.isna(value):
        return value
    places = max((decimals(v) for v in inputs), default=COMPUTED_DECIMALS_MAX)
    return round(float(value), min(places, COMPUTED_DECIMALS_MAX))


def year_span(years) -> str:
    """Years as the codebook writes them: runs of consecutive years, '2005-2008, 2013-2019'."""
    parts: list[list[int]] = []
    for y in sorted({int(y) for y in years}):
        if parts and y == parts[-1][1] + 1:
            parts[-1][1] = y
        else:
            parts.append([y, y])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in parts)


def _cell(text: str, kind):
    if kind is bool:
        if text not in ("True", "False"):
            raise ValueError(f"{text!r} is not True or False")
        return text == "True"
    if kind is float:
        return int(text) if text.lstrip("-").isdigit() else float(text)
    return text


def read_records(path: Path, cls):
    """The rows of a metadata CSV beside a loader (sources.csv, codebook.csv) as `cls` records (Source, Indicator).

    Its header names the record's fields; a missing column or a malformed cell fails naming the file and line.
    """
    kinds = {"float": float, "bool": bool}
    names = {f.name: kinds.get(str(f.type), str) for f in fields(cls)}
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [
            n
            for n, f_ in zip(names, fields(cls))
            if n not in (reader.fieldnames or []) and f_.default is f_.default_factory
        ]
        if missing:
            raise SourceLayoutError(f"{path}: columns {', '.join(missing)} missing. Add them to the header.")
        out = []
        for n, row in enumerate(reader, start=2):
            try:
                out.append(cls(**{k: _cell(row[k], kind) for k, kind in names.items() if k in row}))
            except (TypeError, ValueError) as e:
                raise SourceLayoutError(f"{path}:{n}: {e}. Correct the row.") from e
        return out


def write_records(path: Path, records) -> None:
    """Write records (Source, Indicator) as a metadata CSV, one column per field (the inverse of read_records)."""
    rows = list(records)
    names = [f.name for f in fields(rows[0])]
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, names, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: getattr(r, k) for k in names})


# A published figure's citations: every statement kept, the chosen one marked.
CITATION_COLUMNS = [
    *KEY,
    *("value", "rank", "source_id", "source_url", "quote", "chosen"),
    *("publisher", "source_kind", "language", "rank_basis", "note"),
]
# Disagreements between sources for one key: every alternative kept, never averaged.
CONFLICT_COLUMNS = [*KEY, "field", "chosen_value", "other_value", "chosen_source", "other_source", "note"]


def tidy_frame(rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """A DataFrame with the tidy COLUMNS and dtypes (missing optional columns become blank).

    A `precedence` column (loaders.merge.SOURCE_KINDS) is kept when present: the build uses it to choose a source.
    """
    df = pd.DataFrame(rows).copy()
    for col, dtype in COLUMNS.items():
        if col not in df:
            df[col] = pd.NA
        df[col] = df[col].astype(dtype)
    extra = ["precedence"] if "precedence" in df else []
    return df[list(COLUMNS) + extra]


def sha256(path: Path) -> str:
    """Hex sha256 of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def source_path(sources_dir: Path, source: Source) -> Path:
    """The file of a source inside the sources directory, or SourceMissingError with the remedy."""
    p = Path(sources_dir) / source.path
    if not p.exists():
        raise SourceMissingError(
            f"{source.id}: {p} not found. Run `python -m loaders fetch` or pass --sources DIR "
            f"(a folder holding {source.path})."
        )
    return p


def read_sheets(path: Path, only=None) -> dict[str, pd.DataFrame]:
    """Every sheet of a workbook as raw cells (header=None); calamine first, openpyxl for sheets calamine cannot read.

    `only`: names of the sheets wanted; the others are not read (a wanted sheet the workbook lacks is simply absent).
    """
    try:
        import python_calamine

        wb = python_calamine.CalamineWorkbook.from_path(str(path))
        names = wb.sheet_names
    except Exception as e:  # noqa: BLE001 — re-raised with the file name
        raise SourceLayoutError(f"{path.name}: cannot open workbook ({e}). Is the file complete? Re-fetch it.") from e
    if only is not None:
        names = [n for n in names if n in set(only)]
    sheets = {}
    for name in names:
        try:
            sheets[name] = pd.read_excel(path, sheet_name=name, header=None, engine="calamine")
        except Exception:  # noqa: BLE001 — calamine fails on a few PCI 2014 sheets
            try:
                sheets[name] = pd.read_excel(path, sheet_name=name, header=None, engine="openpyxl")
            except Exception as e:  # noqa: BLE001
                raise SourceLayoutError(f"{path.name}: sheet {name!r} unreadable ({e}).") from e
    return sheets


# --- Sanity checks: small named functions returning a list of problems (empty = fine). ---


def _where(r, files: dict[str, str] | None) -> str:
    """'file ref' for a row: the source file's path when known, else the source id."""
    return f"{(files or {}).get(r.source_id, r.source_id)} {r.source_ref}"


def check_unique_key(df: pd.DataFrame, files: dict[str, str] | None = None) -> list[str]:
    """Every (index, year, province_code, vintage, indicator) appears once."""
    dup = df[df.duplicated(KEY, keep=False)]
    out = []
    for key, grp in dup.groupby(KEY, sort=True):
        rows = "; ".join(_where(r, files) for r in grp.itertuples(index=False))
        out.append(f"{grp['province'].iloc[0]} appears {len(grp)} times for {key[0]} {key[1]} {key[4]} ({rows})")
    return out


def check_codes_in_registry(df: pd.DataFrame, registry) -> list[str]:
    """Every (province_code, vintage) is a registry unit."""
    known = {(p.code, p.vintage) for p in registry.provinces}
    pairs = set(zip(df["province_code"], df["vintage"]))
    return [f"province code {c} (vintage {v}) not in the registry" for c, v in sorted(pairs - known)]


def check_scales(df: pd.DataFrame, indicators: list[Indicator], files: dict[str, str] | None = None) -> list[str]:
    """Every value lies inside its indicator's scale."""
    scale = {i.code: (i.scale_min, i.scale_max) for i in indicators}
    problems = []
    for r in df[df["value"].notna()].itertuples(index=False):
        lo, hi = scale.get(r.indicator, (None, None))
        if lo is None:
            problems.append(f"{r.indicator}: not in the codebook ({_where(r, files)})")
        elif not lo <= r.value <= hi:
            problems.append(
                f"{r.indicator} {r.year} {r.province}: value {r.value} outside the scale [{lo}, {hi}] "
                f"({_where(r, files)})"
            )
    return problems


def check_status(df: pd.DataFrame) -> list[str]:
    """Missing rows have no value; published/computed rows have one; statuses are known."""
    bad = df[~df["status"].isin(STATUSES)]
    out = [f"unknown status {s!r}" for s in bad["status"].unique()]
    miss = df[(df["status"] == "missing") & df["value"].notna()]
    out += [f"{r.indicator} {r.year} {r.province}: status missing but value {r.value}" for r in miss.itertuples()]
    blank = df[(df["status"] != "missing") & df["value"].isna()]
    out += [f"{r.indicator} {r.year} {r.province}: no value but status {r.status}" for r in blank.itertuples()]
    return out


def check_province_counts(
    df: pd.DataFrame, indicator: str, expected: dict[int, int], files: dict[str, str] | None = None
) -> list[str]:
    """Provinces with a row for `indicator` per year equal the expected count (documented omissions included)."""
    rows = df[df["indicator"] == indicator]
    counts = rows.groupby("year")["province_code"].nunique()
    out = []
    for y, n in sorted(expected.items()):
        if counts.get(y, 0) != n:
            ids = sorted(set(rows.loc[rows["year"] == y, "source_id"]))
            named = ", ".join((files or {}).get(i, i) for i in ids) or "no source"
            out.append(f"{indicator} {y}: {counts.get(y, 0)} provinces, expected {n} (from {named})")
    return out
