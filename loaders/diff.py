"""What changed between two builds: tidy values added, removed and changed, and ranks changed.

Either side is a build folder (with values.csv), a data folder (its current build) or a zip data package made by
`python -m dashboard export --format zip` or the data page. Values are compared as numbers, ranks as integers; the
cells written out are the tables' own text, so a change reads exactly as each build wrote it.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pandas as pd

from loaders.common import KEY

CHANGE_COLUMNS = [
    "change",  # added | removed | changed (value) | rank (rank only)
    *KEY,
    "old",
    "new",
    "source_id",  # where the new figure comes from (the old one's for a removed row)
    "source_ref",
]
CHANGE_KINDS = ("added", "removed", "changed", "rank")
_READ = ["value", "rank", "status", "source_id", "source_ref"]


class DiffError(ValueError):
    """A side of the comparison is not a build folder, data folder or zip data package."""


def read_side(path: Path) -> tuple[pd.DataFrame, str]:
    """The tidy values (all columns as text) and version id of a build folder, data folder or zip package."""
    path = Path(path)
    if path.is_dir():
        folder = path / "current" if not (path / "values.csv").exists() and (path / "current").exists() else path
        if not (folder / "values.csv").exists():
            raise DiffError(f"{path}: no values.csv here: give a build folder (data/current) or a zip data package")
        values = _read_csv((folder / "values.csv").read_bytes())
        summary = folder / "summary.json"
        version = json.loads(summary.read_text(encoding="utf-8")).get("version", {}) if summary.exists() else {}
        return values, str(version.get("id", "")) if isinstance(version, dict) else ""
    if path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "values.csv" not in names:
                raise DiffError(f"{path}: the zip has no values.csv: give a zip data package made by the export")
            values = _read_csv(z.read("values.csv"))
            desc = json.loads(z.read("datapackage.json")) if "datapackage.json" in names else {}
        return values, str(desc.get("version", ""))
    raise DiffError(f"{path}: not found, or neither a folder nor a zip: give two build folders or two zip packages")


def _read_csv(data: bytes) -> pd.DataFrame:
    df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in [*KEY, *_READ] if c not in df.columns]
    if missing:
        raise DiffError(f"values.csv lacks the column(s) {', '.join(missing)}: is it a tidy table of this dataset?")
    return df[[*KEY, *_READ]]


def changes(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Rows added, removed, with a changed value, and with a changed rank, in key order (CHANGE_COLUMNS)."""
    both = old.merge(new, on=KEY, how="outer", suffixes=("_old", "_new"), indicator=True)
    parts = [
        _rows(both[both["_merge"] == "right_only"], "added", "value", "new"),
        _rows(both[both["_merge"] == "left_only"], "removed", "value", "old"),
    ]
    kept = both[both["_merge"] == "both"]
    for kind, col in (("changed", "value"), ("rank", "rank")):
        a, b = (pd.to_numeric(kept[f"{col}_{s}"], errors="coerce") for s in ("old", "new"))
        differs = (a.isna() != b.isna()) | ((a - b).abs() > 1e-9).fillna(False)
        parts.append(_rows(kept[differs], kind, col, "new"))
    out = pd.concat(parts, ignore_index=True)
    order = {k: i for i, k in enumerate(CHANGE_KINDS)}
    out = out.assign(_year=pd.to_numeric(out["year"]), _kind=out["change"].map(order))
    keys = ["index", "_year", "province_code", "vintage", "indicator", "_kind"]
    return out.sort_values(keys, kind="stable").drop(columns=["_year", "_kind"]).reset_index(drop=True)


def _rows(df: pd.DataFrame, kind: str, col: str, side: str) -> pd.DataFrame:
    """Change rows of one kind: the key, the old and new cells of `col`, the source of `side`."""
    old = df[f"{col}_old"] if kind != "added" else ""
    new = df[f"{col}_new"] if kind != "removed" else ""
    out = df[KEY].assign(
        change=kind, old=old, new=new, source_id=df[f"source_id_{side}"], source_ref=df[f"source_ref_{side}"]
    )
    return out.reindex(columns=CHANGE_COLUMNS).fillna("")


def counts(table: pd.DataFrame) -> dict[str, int]:
    """Number of changes of each kind."""
    return {k: int((table["change"] == k).sum()) for k in CHANGE_KINDS}


def empty() -> pd.DataFrame:
    """A changes table with no rows."""
    return pd.DataFrame(columns=CHANGE_COLUMNS)


def compare(old_path: Path, new_path: Path) -> tuple[pd.DataFrame, str, str]:
    """The changes from one build or package to another, with both version ids."""
    old, old_version = read_side(old_path)
    new, new_version = read_side(new_path)
    return changes(old, new), old_version, new_version


def report(table: pd.DataFrame, old_version: str, new_version: str, limit: int = 200) -> str:
    """The changes as text, one line each (at most `limit` lines, then a count of the rest)."""
    n = counts(table)
    head = (
        f"From {old_version or 'unversioned'} to {new_version or 'unversioned'}: {n['added']} added, "
        f"{n['removed']} removed, {n['changed']} changed, {n['rank']} rank changes"
    )
    lines = [head]
    for r in table.head(limit).to_dict("records"):
        key = f"{r['index']} {r['year']} {r['province_code']}/{r['vintage']} {r['indicator']}"
        what = {"added": f"+ {r['new']}", "removed": f"- {r['old']}"}.get(r["change"], f"{r['old']} → {r['new']}")
        where = f"{r['source_id']} {r['source_ref']}".strip()
        lines.append(f"  {r['change']:<8} {key:<44} {what:<22} {where}")
    if len(table) > limit:
        lines.append(f"  … and {len(table) - limit} more (write them all with --out FILE.csv)")
    return "\n".join(lines)
