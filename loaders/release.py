"""What a build adds for researchers once its tables are written: the data version, the Parquet copy of the tidy
table, the changes since the build it replaces, and all three described in datapackage.json."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from loaders import diff, parquet, version
from loaders.datapackage import DESCRIPTIONS, project_title

PARQUET = "values.parquet"
CHANGES = "changes.csv"
CHANGE_DESCRIPTIONS = {
    "change": "added, removed, changed (the value) or rank (the rank only), against the build this one replaced",
    "old": "The value (or rank) in the build replaced, as it wrote it; blank for an added row",
    "new": "The value (or rank) in this build, as it is written in values.csv; blank for a removed row",
    "source_id": "Source of the new figure (of the old one for a removed row); see sources.csv",
    "source_ref": "Location in that source: sheet and row, or file and line",
}


def finish(stage: Path, previous: Path | None) -> dict:
    """Version the tables in `stage`, write values.parquet and changes.csv, describe them; the summary entries.

    `previous` is the build being replaced (None for a first build). Returns {"version": …, "changes": …}.
    """
    stage = Path(stage)
    previous = Path(previous).resolve() if previous and (Path(previous) / "values.csv").exists() else None
    ver = version.for_stage(stage, previous)
    parquet.write_values(stage / "values.csv", stage / PARQUET, {"title": project_title(), "version": ver["id"]})
    same = previous is not None and version.of_build(previous) == ver
    if same and (previous / CHANGES).exists():
        # the same tables again: what changed in this version is what changed when it was first built
        shutil.copyfile(previous / CHANGES, stage / CHANGES)
        summary = json.loads((previous / "summary.json").read_text(encoding="utf-8"))
        change_info = summary.get("changes", _info(diff.empty(), None))
    else:
        if previous is None:
            table, against = diff.empty(), None
        else:
            table = diff.changes(diff.read_side(previous)[0], diff.read_side(stage)[0])
            summary = json.loads((previous / "summary.json").read_text(encoding="utf-8"))
            against = version.version_id(summary) or previous.name  # a build from before versions: its folder
        table.to_csv(stage / CHANGES, index=False, encoding="utf-8", lineterminator="\n")
        change_info = _info(table, against)
    stamp_datapackage(stage / "datapackage.json", ver)
    return {"version": ver, "changes": change_info}


def _info(table, against: str | None) -> dict:
    return {"against": against, **diff.counts(table)}


def stamp_datapackage(path: Path, ver: dict) -> None:
    """Add the version, its date and the Parquet and changes resources to a build's datapackage.json."""
    desc = json.loads(path.read_text(encoding="utf-8"))
    # A tabular package may hold only tables; frictionless reads Parquet through pandas without nullable integers
    # (every blank rank would fail the check), so the Parquet copy is a file resource and the package a data package.
    desc["profile"] = "data-package"
    desc["version"] = ver["id"]
    desc["created"] = f"{ver['date']}T00:00:00Z"
    desc["resources"] = [*desc["resources"], parquet_resource(desc), changes_resource()]
    path.write_text(json.dumps(desc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def parquet_resource(desc: dict) -> dict:
    """values.parquet: the same rows and fields as values.csv."""
    values = next(r for r in desc["resources"] if r["name"] == "values")
    return {
        "name": "values_parquet",
        "type": "file",
        "profile": "data-resource",
        "path": PARQUET,
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        "description": "values.csv as Parquet (pyarrow): the same rows in the same order, codes as text, "
        "year, vintage and rank as integers (rank null where not published)",
        "schema": {"fields": values["schema"]["fields"], "primaryKey": values["schema"]["primaryKey"]},
    }


def changes_resource() -> dict:
    """changes.csv: what changed since the build this one replaced."""
    fields = [
        {"name": c, "type": "integer" if c in ("year", "vintage") else "string"}
        | {"description": CHANGE_DESCRIPTIONS.get(c) or DESCRIPTIONS[c]}
        for c in diff.CHANGE_COLUMNS
    ]
    fields[0]["constraints"] = {"required": True, "enum": list(diff.CHANGE_KINDS)}
    return {
        "name": "changes",
        "path": CHANGES,
        "profile": "tabular-data-resource",
        "encoding": "utf-8",
        "description": "Values added, removed and changed, and ranks changed, since the build this one replaced",
        "schema": {"fields": fields, "missingValues": [""]},
    }
