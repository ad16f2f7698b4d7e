"""The data version of a build: its build date and a short hash of the content of its tables.

A version reads `2026-12-01.3f9a2c1b`: the UTC date of the build that first produced these tables, then the first
eight hex digits of a sha256 over every table (the CSV files, by name, in name order). A rebuild that produces the
same tables keeps the version of the build it replaces, date included, so the version changes only when the data do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

HASH_DIGITS = 8
VERSION_RE = re.compile(r"^\d{4}-\d{2}-\d{2}\.[0-9a-f]{8}$")
NOT_CONTENT = {"changes.csv"}  # derived from the build before, not part of this build's content


def tables_sha256(folder: Path) -> str:
    """sha256 over the names and bytes of every table (CSV) of a build folder, in name order."""
    h = hashlib.sha256()
    for p in sorted(Path(folder).glob("*.csv")):
        if p.name in NOT_CONTENT:
            continue
        h.update(p.name.encode() + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def make(tables_hash: str, date: dt.date) -> dict:
    """The version record: {"id": "2026-12-01.3f9a2c1b", "date": "2026-12-01", "tables_sha256": …}."""
    day = date.isoformat()
    return {"id": f"{day}.{tables_hash[:HASH_DIGITS]}", "date": day, "tables_sha256": tables_hash}


def of_build(folder: Path | None) -> dict | None:
    """The version record of a finished build (None if there is no build or it predates versions)."""
    path = Path(folder) / "summary.json" if folder else None
    if path is None or not path.exists():
        return None
    v = json.loads(path.read_text(encoding="utf-8")).get("version")
    return v if isinstance(v, dict) and VERSION_RE.match(str(v.get("id", ""))) else None


def for_stage(stage: Path, previous: Path | None, today: dt.date | None = None) -> dict:
    """The version of the tables in `stage`: the previous build's when its tables are the same, else a new one."""
    tables_hash = tables_sha256(stage)
    prev = of_build(previous)
    if prev and prev.get("tables_sha256") == tables_hash:
        return prev
    return make(tables_hash, today or dt.datetime.now(dt.UTC).date())


def version_id(summary: dict) -> str:
    """The version id of a build's summary ("" for a build without one)."""
    v = summary.get("version")
    return str(v.get("id", "")) if isinstance(v, dict) else ""
