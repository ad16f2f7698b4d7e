"""The index registry: one record per index, read from indices.toml, and the interface every index loader has.

A loader is a module of `loaders` named by its registry line (`loader = "pci"`; a dotted name is imported as it
stands). It has:
    SOURCES          list[Source]                 the files it reads, with publisher, address and licence
    INDICATORS       list[Indicator]              the codebook rows it contributes
    EXPECTED_COUNTS  dict[indicator, {year: n}]   provinces each year must have (empty where coverage is sparse)
    load(sources_dir, registry) -> LoadResult     tidy values (with `precedence`), citations, conflicts, warnings
and may have:
    national_stats(sources_dir) -> list[dict]     national and regional figures (national_stats.csv)
    WEIGHTED_TOTALS  dict[total, method]          totals made of the sub-level parts ("least_squares" or "sum"),
                                                  whose weights loaders/weights.py recovers into weights.csv
    OUTSIDE_TOTALS   tuple[indicator, ...]        parts published beside a total but not in it
One loader may serve several indices; every index has exactly one loader.
"""

from __future__ import annotations

import importlib
import tomllib
from dataclasses import asdict, dataclass, fields
from functools import cache
from pathlib import Path
from types import ModuleType

import pandas as pd

REGISTRY_FILE = Path(__file__).with_name("indices.toml")
LOADER_INTERFACE = ("SOURCES", "INDICATORS", "EXPECTED_COUNTS", "load")


@dataclass(frozen=True)
class MethodBreak:
    """A change of method: levels from `year` on are not directly comparable with earlier editions."""

    index: str
    year: int  # first edition under the new method
    vi: str
    en: str


@dataclass(frozen=True)
class Index:
    """One index: names, headline, scale, direction, publisher, method breaks and its loader."""

    code: str
    label: str
    name_vi: str
    name_en: str
    loader: str
    headline: str
    coverage: tuple[str, ...]
    sub_level: str
    scale_min: float
    scale_max: float
    higher_is_better: bool
    publisher: str
    credit: str
    full_table_min: int
    about_vi: str
    about_en: str
    method_breaks: tuple[MethodBreak, ...] = ()


class RegistryError(ValueError):
    """indices.toml is incomplete or inconsistent."""


def parse(text: str, where: str = "indices.toml") -> tuple[Index, ...]:
    """The records of a registry file's text; RegistryError naming the index and the field on any gap."""
    data = tomllib.loads(text)
    names = [f.name for f in fields(Index) if f.name != "method_breaks"]
    out, seen = [], set()
    for n, row in enumerate(data.get("index", []), start=1):
        code = row.get("code", f"#{n}")
        missing = [k for k in names if k not in row]
        if missing:
            raise RegistryError(f"{where}: index {code} lacks {', '.join(missing)}")
        if code in seen:
            raise RegistryError(f"{where}: index {code} is listed twice")
        seen.add(code)
        breaks = tuple(
            MethodBreak(code, int(b["year"]), b["vi"], b["en"])
            for b in sorted(row.get("method_break", []), key=lambda b: b["year"])
        )
        kw = {k: row[k] for k in names}
        kw["coverage"] = tuple(kw["coverage"])
        kw["scale_min"], kw["scale_max"] = float(kw["scale_min"]), float(kw["scale_max"])
        out.append(Index(**kw, method_breaks=breaks))
    if not out:
        raise RegistryError(f"{where}: no [[index]] table")
    return tuple(out)


@cache
def _registry(path: Path) -> tuple[Index, ...]:
    return parse(path.read_text(encoding="utf-8"), path.name)


def from_tables(index_rows: list[dict], break_rows: list[dict]) -> tuple[Index, ...]:
    """The records as a build's indices.csv and method_breaks.csv hold them (text cells, as `table` wrote them)."""
    breaks: dict[str, list[MethodBreak]] = {}
    for b in break_rows:
        breaks.setdefault(b["index"], []).append(MethodBreak(b["index"], int(b["year"]), b["vi"], b["en"]))
    out = []
    for r in index_rows:
        kw = {f.name: r[f.name] for f in fields(Index) if f.name != "method_breaks"}
        kw["coverage"] = tuple(str(kw["coverage"]).split())
        kw["scale_min"], kw["scale_max"] = float(kw["scale_min"]), float(kw["scale_max"])
        kw["higher_is_better"] = str(kw["higher_is_better"]) == "True"
        kw["full_table_min"] = int(kw["full_table_min"])
        out.append(Index(**kw, method_breaks=tuple(sorted(breaks.get(r["code"], []), key=lambda b: b.year))))
    return tuple(out)


def find(records: tuple[Index, ...], code: str) -> Index:
    """The record of one index among `records`; KeyError naming the known codes."""
    for i in records:
        if i.code == code:
            return i
    raise KeyError(f"unknown index {code!r}: use one of {', '.join(i.code for i in records)}")


def all_indices(path: Path | None = None) -> tuple[Index, ...]:
    """Every index, in display order (`path`: another registry file; default REGISTRY_FILE)."""
    return _registry(Path(path or REGISTRY_FILE))


def codes(path: Path | None = None) -> tuple[str, ...]:
    """Index codes in display order."""
    return tuple(i.code for i in all_indices(path))


def get(code: str, path: Path | None = None) -> Index:
    """The record of one index; KeyError naming the known codes."""
    return find(all_indices(path), code)


def loader_modules(path: Path | None = None) -> list[ModuleType]:
    """The loader modules the registry names, each once, in registry order."""
    names = list(dict.fromkeys(i.loader for i in all_indices(path)))
    return [importlib.import_module(n if "." in n else f"loaders.{n}") for n in names]


def interface_gaps(module: ModuleType) -> list[str]:
    """Names of the loader interface a module lacks (empty = complete)."""
    return [n for n in LOADER_INTERFACE if not hasattr(module, n)]


def table(path: Path | None = None) -> pd.DataFrame:
    """indices.csv: one row per index (coverage joined by spaces; method breaks in method_breaks.csv)."""
    rows = []
    for i in all_indices(path):
        d = asdict(i)
        d.pop("method_breaks")
        d["coverage"] = " ".join(i.coverage)
        rows.append(d)
    return pd.DataFrame(rows, columns=[f.name for f in fields(Index) if f.name != "method_breaks"])


def breaks_table(path: Path | None = None) -> pd.DataFrame:
    """method_breaks.csv: index, year, vi, en."""
    rows = [asdict(b) for i in all_indices(path) for b in i.method_breaks]
    return pd.DataFrame(rows, columns=[f.name for f in fields(MethodBreak)])
