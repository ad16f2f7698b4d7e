"""The index registry as the build wrote it (indices.csv, method_breaks.csv): the only list of indices the app uses."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class MethodBreak:
    """A change of method: levels from `year` on are not directly comparable with earlier editions."""

    index: str
    year: int  # first edition under the new method
    vi: str
    en: str

    def text(self, lang: str) -> str:
        """The short note in the language."""
        return self.vi if lang == "vi" else self.en


@dataclass(frozen=True)
class Index:
    """One row of indices.csv."""

    code: str
    label: str
    name_vi: str
    name_en: str
    headline: str
    sub_level: str
    scale_min: float
    scale_max: float
    higher_is_better: bool
    publisher: str
    credit: str
    full_table_min: int
    about_vi: str
    about_en: str
    method_breaks: tuple[MethodBreak, ...]

    def name(self, lang: str) -> str:
        """Full name in the language."""
        return self.name_vi if lang == "vi" else self.name_en

    def about(self, lang: str) -> str:
        """What the index measures, in the language (Markdown)."""
        return self.about_vi if lang == "vi" else self.about_en


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
    breaks: dict[str, list[MethodBreak]] = {}
    for b in _rows(folder / "method_breaks.csv"):
        breaks.setdefault(b["index"], []).append(MethodBreak(b["index"], int(b["year"]), b["vi"], b["en"]))
    return tuple(
        Index(
            code=r["code"],
            label=r["label"],
            name_vi=r["name_vi"],
            name_en=r["name_en"],
            headline=r["headline"],
            sub_level=r["sub_level"],
            scale_min=float(r["scale_min"]),
            scale_max=float(r["scale_max"]),
            higher_is_better=r["higher_is_better"] == "True",
            publisher=r["publisher"],
            credit=r["credit"],
            full_table_min=int(r["full_table_min"]),
            about_vi=r["about_vi"],
            about_en=r["about_en"],
            method_breaks=tuple(sorted(breaks.get(r["code"], []), key=lambda b: b.year)),
        )
        for r in rows
    )


def all_indices(folder: Path | None = None) -> tuple[Index, ...]:
    """Every index of the build in `folder` (default: the app's data folder), in display order."""
    if folder is None:
        from dashboard.data import DATA_DIR

        folder = DATA_DIR
    return _read(Path(folder).resolve())


def codes(folder: Path | None = None) -> tuple[str, ...]:
    """Index codes in display order."""
    return tuple(i.code for i in all_indices(folder))


def get(code: str, folder: Path | None = None) -> Index:
    """The record of one index; KeyError for an unknown code."""
    for i in all_indices(folder):
        if i.code == code:
            return i
    raise KeyError(code)


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
