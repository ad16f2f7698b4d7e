"""What a build wrote, file by file (rows and sha256, kept in its summary.json), and a check of a folder against it."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from loaders.common import sha256

SUMMARY = "summary.json"
KEY = "files"  # the key of summary.json that lists every file of the build
KINDS = ("missing", "rows", "changed", "summary")  # what can be wrong with a file (Problem.kind)


def csv_rows(path: Path) -> int:
    """Data rows of a CSV file (records, not lines: a quoted field may hold a line break)."""
    with open(path, encoding="utf-8", newline="") as f:
        return max(sum(1 for _ in csv.reader(f)) - 1, 0)


def manifest(folder: Path) -> dict[str, dict]:
    """Every file of a build folder (except summary.json) with its size, sha256 and, for a CSV, its data rows."""
    out = {}
    for p in sorted(Path(folder).iterdir()):
        if p.is_file() and p.name != SUMMARY:
            entry = {"bytes": p.stat().st_size, "sha256": sha256(p)}
            if p.suffix == ".csv":
                entry["rows"] = csv_rows(p)
            out[p.name] = entry
    return out


@dataclass(frozen=True)
class Problem:
    """One file of a build that is not what its build wrote: kind is missing, rows, changed or summary."""

    file: str
    kind: str
    rows: int | None = None
    expected_rows: int | None = None

    def __str__(self) -> str:
        if self.kind == "rows":
            return f"{self.file} has {self.rows:,} of the {self.expected_rows:,} rows its build wrote"
        if self.kind == "summary":
            return f"{self.file} is missing, unreadable or lists no files (an older or interrupted build)"
        return f"{self.file} is {'missing' if self.kind == 'missing' else 'changed (sha256 differs)'}"


def check(folder: Path) -> list[Problem]:
    """What is wrong with a build folder compared with the list its build wrote (empty: the folder is intact)."""
    folder = Path(folder)
    try:
        listed = json.loads((folder / SUMMARY).read_text(encoding="utf-8"))[KEY]
        listed = {str(k): dict(v) for k, v in listed.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return [Problem(SUMMARY, "summary")]
    problems = []
    for name, want in sorted(listed.items()):
        p = folder / name
        if not p.is_file():
            problems.append(Problem(name, "missing"))
        elif p.stat().st_size != want.get("bytes") or sha256(p) != want.get("sha256"):
            problems.append(_changed(p, want))
    return problems


def _changed(p: Path, want: dict) -> Problem:
    if "rows" in want:
        try:
            rows = csv_rows(p)
        except (OSError, UnicodeDecodeError, csv.Error):
            rows = None
        if rows is not None and rows != want["rows"]:
            return Problem(p.name, "rows", rows, want["rows"])
    return Problem(p.name, "changed")
