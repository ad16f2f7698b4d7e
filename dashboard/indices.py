"""The index registry as the build wrote it (indices.csv, method_breaks.csv): the only list of indices the app uses.

The records are those of loaders.indices (one definition of an index), read back from the build's tables.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from dashboard.i18n import localized
from dashboard.paths import resolved
from loaders.indices import Index, MethodBreak, find, from_tables

__all__ = ["Index", "MethodBreak"]


def about(code: str, lang: str) -> str:
    """What the index measures, in the language (Markdown)."""
    return getattr(get(code), localized("about", lang))


def break_text(b: MethodBreak, lang: str) -> str:
    """The short note of a method break in the language."""
    return getattr(b, localized("", lang))


def _rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def _read(folder: Path) -> tuple[Index, ...]:
    rows = _rows(folder / "indices.csv")
    if not rows:
        raise FileNotFoundError(f"No indices.csv in {folder}. Run `make data` (python -m loaders build) first.")
    return from_tables(rows, _rows(folder / "method_breaks.csv"))


def all_indices(folder: Path | None = None) -> tuple[Index, ...]:
    """Every index of the build in `folder` (default: the app's data folder), in display order."""
    if folder is None:
        from dashboard.data import DATA_DIR

        folder = DATA_DIR
    return _read(resolved(folder))


def codes(folder: Path | None = None) -> tuple[str, ...]:
    """Index codes in display order."""
    return tuple(i.code for i in all_indices(folder))


def get(code: str, folder: Path | None = None) -> Index:
    """The record of one index; KeyError for an unknown code."""
    return find(all_indices(folder), code)


def label(code: str) -> str:
    """Short name of an index as its publisher writes it (PCI, PAR INDEX); the code itself if unknown."""
    try:
        return get(code).label
    except KeyError:
        return code


def labels() -> dict[str, str]:
    """Code -> short name, in display order."""
    return {i.code: i.label for i in all_indices()}


def headline(code: str) -> str:
    """The headline indicator of an index (its total)."""
    return get(code).headline


def headlines() -> dict[str, str]:
    """Code -> headline indicator, in display order."""
    return {i.code: i.headline for i in all_indices()}


def sub_level(code: str) -> str:
    """Codebook level of the parts shown beside the headline (subindex, dimension, component)."""
    return get(code).sub_level


def method_breaks(code: str | None = None) -> tuple[MethodBreak, ...]:
    """Method breaks of one index (oldest first), or of every index in display order."""
    if code is None:
        return tuple(b for i in all_indices() for b in i.method_breaks)
    try:
        return get(code).method_breaks
    except KeyError:
        return ()
