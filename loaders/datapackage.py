"""Describe the built tables as a Frictionless data package (Table Schema with primary and foreign keys)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_type_hints

from loaders import indices
from loaders.common import COLUMNS, KEY, ROUNDING_RULE, SOURCE_COLUMNS

_TYPES = {"string": "string", "int64": "integer", "Int64": "integer", "float64": "number"}

DESCRIPTIONS = {
    "index": "Index code (see indices.csv)",
    "year": "Edition year as labelled by the publisher",
    "province_code": "GSO province code (two digits); meaningful only together with vintage",
    "vintage": "63 = units valid until 2025-06-30; 34 = units valid from 2025-07-01",
    "province": "Province name with Vietnamese diacritics",
    "indicator": "Indicator code (see indicators.csv)",
    "value": "Published value (or computed, see status); blank when missing at source (never zero-filled); "
    + ROUNDING_RULE,
    "rank": "Rank as published; blank when not published",
    "rank_status": "published (stated by the source), ordered_list (the source lists provinces in an explicit order), "
    "derived (arithmetic from a stated change and a stated rank) or computed (blank when there is no rank)",
    "status": "published, missing (at source) or computed",
    "tier": "Tier or grade label as published (PCI), else blank",
    "source_id": "Source id (see sources.csv)",
    "source_ref": "Location in the source: sheet and row for workbooks, file and line for published figures",
    "source_quality": "Blank, or 'preview only' / 'mirror only' / 'preview or mirror only': every source of the figure "
    "is a dataset preview or a mirror copy of an article (the figure is kept, with this caveat)",
}


def project_title() -> str:
    """The dataset's title, naming the indices of the registry."""
    return f"Vietnam provincial reform indices: {', '.join(i.label for i in indices.all_indices())} in one tidy dataset"


S, INT, N, B = "string", "integer", "number", "boolean"  # Table Schema types


def _fields(*columns) -> list[dict]:
    """Table Schema fields from (name, type) or (name, type, description) tuples, or ready field dicts."""
    out = []
    for c in columns:
        if isinstance(c, dict):
            out.append(c)
        else:
            out.append({"name": c[0], "type": c[1]} | ({"description": c[2]} if len(c) > 2 else {}))
    return out


def _registry_fields() -> list[dict]:
    types, hints = {int: INT, float: N, bool: B}, get_type_hints(indices.Index)
    return [{"name": n, "type": types.get(hints[n], S)} for n in indices.table().columns]


def _resource(name: str, fields: list[dict], key=None, foreign=None, description: str | None = None) -> dict:
    """One tabular data resource of the package: `name`.csv with its schema (primary and foreign keys if given)."""
    schema = {"fields": fields} | ({"primaryKey": key} if key else {}) | {"missingValues": [""]}
    if foreign:
        schema["foreignKeys"] = [{"fields": f, "reference": {"resource": r, "fields": rf}} for f, r, rf in foreign]
    head = {"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "encoding": "utf-8"}
    return head | ({"description": description} if description else {}) | {"schema": schema}


def _values_fields() -> list[dict]:
    fields = [{"name": c, "type": _TYPES[t], "description": DESCRIPTIONS[c]} for c, t in COLUMNS.items()]
    for f in fields:
        if f["name"] in KEY:
            f["constraints"] = {"required": True}
        if f["name"] == "status":
            f["constraints"] = {"required": True, "enum": ["published", "missing", "computed"]}
    return fields


FIGURE_KEY = (("index", S), ("year", INT), ("province_code", S), ("vintage", INT), ("indicator", S))


def descriptor() -> dict:
    """The datapackage.json content for a build folder."""
    to_indices = ("index", "indices", "code")
    to_provinces = (["code", "vintage"], "provinces", ["code", "vintage"])
    return {
        "profile": "tabular-data-package",
        "name": "vietnam-provincial-reform-indices",
        "title": project_title(),
        "licenses": [
            {
                "name": "other-attribution",
                "title": "Values © their publishers (see indices.csv); attribute each source as in sources.csv",
            }
        ],
        "resources": [
            _resource(
                "values",
                _values_fields(),
                KEY,
                [
                    (["province_code", "vintage"], "provinces", ["code", "vintage"]),
                    to_indices,
                    ("indicator", "indicators", "code"),
                    ("source_id", "sources", "id"),
                ],
            ),
            _resource(
                "indices",
                _registry_fields(),
                ["code"],
                description="The index registry: names, headline indicator, scale, direction, publisher",
            ),
            _resource(
                "method_breaks",
                _fields(("index", S), ("year", INT), ("vi", S), ("en", S)),
                ["index", "year"],
                [to_indices],
                description="Changes of method: levels from `year` on are not directly comparable with earlier ones",
            ),
            _resource(
                "indicators",
                _fields(
                    *[(n, S) for n in ("code", "index", "name_vi", "name_en", "parent", "level", "unit")],
                    ("scale_min", N),
                    ("scale_max", N),
                    ("higher_is_better", B),
                    ("years", S),
                    ("notes", S),
                    ("notes_vi", S),
                ),
                ["code"],
            ),
            _resource("sources", _fields(*[(n, S) for n in SOURCE_COLUMNS]), ["id"]),
            _resource(
                "provinces",
                _fields(
                    ("code", S),
                    ("vintage", INT),
                    *[(n, S) for n in ("iso", "name_vi", "name_ascii", "name_en", "type", "region_code")],
                    *[(n, S) for n in ("valid_from", "valid_to", "successor", "members", "region_vi", "region_en")],
                ),
                ["code", "vintage"],
            ),
            _resource(
                "successions",
                _fields(
                    ("code", S),
                    ("vintage", INT),
                    ("successor", S),
                    ("successor_vintage", INT),
                    ("date", "date"),
                    ("act", S),
                    ("code_basis", S),
                ),
                ["code", "vintage"],
                [to_provinces, (["successor", "successor_vintage"], "provinces", ["code", "vintage"])],
                description="Every succession of a unit: Hà Tây (GSO code 28, a historical unit of vintage 63) into "
                "Hà Nội on 2008-08-01, each of the 63 into one of the 34 on 2025-07-01; with the act and the basis "
                "of a historical unit's code",
            ),
            _resource(
                "focus",
                _fields(("code", S), ("vintage", INT), ("name_vi", S)),
                ["code", "vintage"],
                [to_provinces],
                description="The provinces the dashboard shows when a link names none, in their order",
            ),
            _resource(
                "citations",
                _fields(
                    *FIGURE_KEY,
                    ("value", N),
                    ("rank", INT),
                    ("source_id", S),
                    ("source_url", S),
                    ("quote", S),
                    ("chosen", B),
                    *[(n, S) for n in ("publisher", "source_kind", "language", "rank_basis", "note")],
                ),
            ),
            _resource(
                "national_stats",
                _fields(
                    ("index", S),
                    ("year", INT),
                    ("statistic", S),
                    ("value", N),
                    *[(n, S) for n in ("source_url", "quote", "source_id", "source_ref")],
                ),
                description="National and regional statistics as published (means, gaps); not province values",
            ),
            _resource(
                "weights",
                _fields(
                    ("index", S),
                    ("year", INT),
                    ("total", S, "The total the weights make up"),
                    ("indicator", S, "The sub-index or dimension weighted"),
                    ("weight", N, "Blank where no weights reproduce"),
                    ("max_residual", N, "Largest |fitted - published|"),
                    ("provinces", INT, "Provinces in the fit"),
                    ("method", S, "least_squares or sum (weight 1 each)"),
                    {"name": "status", "type": S, "constraints": {"enum": ["computed"]}},
                    ("note", S),
                ),
                ["total", "year", "indicator"],
                description="Computed: weights of the PCI and PAPI totals recovered from the published figures "
                "(least squares per year, kept only where they reproduce every published total; loaders/weights.py)",
            ),
            _resource(
                "conflicts",
                _fields(
                    *FIGURE_KEY,
                    *[(n, S) for n in ("field", "chosen_value", "other_value", "chosen_source", "other_source")],
                    ("note", S),
                ),
            ),
        ],
    }


def write(folder: Path) -> None:
    """Write datapackage.json into a build folder."""
    (Path(folder) / "datapackage.json").write_text(
        json.dumps(descriptor(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
