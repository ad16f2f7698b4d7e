"""Describe the built tables as a Frictionless data package (Table Schema with primary and foreign keys)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_type_hints

from loaders import indices
from loaders.common import COLUMNS, KEY

_TYPES = {"string": "string", "int64": "integer", "Int64": "integer", "float64": "number"}

DESCRIPTIONS = {
    "index": "Index code (see indices.csv)",
    "year": "Edition year as labelled by the publisher",
    "province_code": "GSO province code (two digits); meaningful only together with vintage",
    "vintage": "63 = units valid until 2025-06-30; 34 = units valid from 2025-07-01",
    "province": "Province name with Vietnamese diacritics",
    "indicator": "Indicator code (see indicators.csv)",
    "value": "Published value; blank when missing at source (never zero-filled)",
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


def _fields(columns: dict[str, str]) -> list[dict]:
    return [{"name": c, "type": t} for c, t in columns.items()]


def _registry_fields() -> list[dict]:
    types, hints = {int: "integer", float: "number", bool: "boolean"}, get_type_hints(indices.Index)
    return [{"name": n, "type": types.get(hints[n], "string")} for n in indices.table().columns]


def descriptor() -> dict:
    """The datapackage.json content for a build folder."""
    values_fields = [{"name": c, "type": _TYPES[t], "description": DESCRIPTIONS[c]} for c, t in COLUMNS.items()]
    for f in values_fields:
        if f["name"] in KEY:
            f["constraints"] = {"required": True}
    values_fields[[f["name"] for f in values_fields].index("status")]["constraints"] = {
        "required": True,
        "enum": ["published", "missing", "computed"],
    }
    s = "string"
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
            {
                "name": "values",
                "path": "values.csv",
                "profile": "tabular-data-resource",
                "encoding": "utf-8",
                "schema": {
                    "fields": values_fields,
                    "primaryKey": KEY,
                    "missingValues": [""],
                    "foreignKeys": [
                        {
                            "fields": ["province_code", "vintage"],
                            "reference": {"resource": "provinces", "fields": ["code", "vintage"]},
                        },
                        {"fields": "index", "reference": {"resource": "indices", "fields": "code"}},
                        {"fields": "indicator", "reference": {"resource": "indicators", "fields": "code"}},
                        {"fields": "source_id", "reference": {"resource": "sources", "fields": "id"}},
                    ],
                },
            },
            {
                "name": "indices",
                "path": "indices.csv",
                "profile": "tabular-data-resource",
                "encoding": "utf-8",
                "description": "The index registry: names, headline indicator, scale, direction, publisher",
                "schema": {"fields": _registry_fields(), "primaryKey": ["code"], "missingValues": [""]},
            },
            {
                "name": "method_breaks",
                "path": "method_breaks.csv",
                "profile": "tabular-data-resource",
                "encoding": "utf-8",
                "description": "Changes of method: levels from `year` on are not directly comparable with earlier ones",
                "schema": {
                    "fields": [
                        {"name": "index", "type": s},
                        {"name": "year", "type": "integer"},
                        {"name": "vi", "type": s},
                        {"name": "en", "type": s},
                    ],
                    "primaryKey": ["index", "year"],
                    "missingValues": [""],
                    "foreignKeys": [{"fields": "index", "reference": {"resource": "indices", "fields": "code"}}],
                },
            },
            {
                "name": "indicators",
                "path": "indicators.csv",
                "profile": "tabular-data-resource",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": "code", "type": s},
                        {"name": "index", "type": s},
                        {"name": "name_vi", "type": s},
                        {"name": "name_en", "type": s},
                        {"name": "parent", "type": s},
                        {"name": "level", "type": s},
                        {"name": "unit", "type": s},
                        {"name": "scale_min", "type": "number"},
                        {"name": "scale_max", "type": "number"},
                        {"name": "higher_is_better", "type": "boolean"},
                        {"name": "years", "type": s},
                        {"name": "notes", "type": s},
                    ],
                    "primaryKey": ["code"],
                    "missingValues": [""],
                },
            },
            {
                "name": "sources",
                "path": "sources.csv",
                "profile": "tabular-data-resource",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": n, "type": s}
                        for n in (
                            "id",
                            "index",
                            "title",
                            "publisher",
                            "official_page",
                            "download_url",
                            "licence",
                            "attribution",
                            "path",
                            "years",
                            "citation",
                            "sha256",
                        )
                    ],
                    "primaryKey": ["id"],
                    "missingValues": [""],
                },
            },
            {
                "name": "provinces",
                "path": "provinces.csv",
                "profile": "tabular-data-resource",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": "code", "type": s},
                        {"name": "vintage", "type": "integer"},
                        {"name": "iso", "type": s},
                        {"name": "name_vi", "type": s},
                        {"name": "name_ascii", "type": s},
                        {"name": "name_en", "type": s},
                        {"name": "type", "type": s},
                        {"name": "region_code", "type": s},
                        {"name": "valid_from", "type": s},
                        {"name": "valid_to", "type": s},
                        {"name": "successor", "type": s},
                        {"name": "members", "type": s},
                        {"name": "region_vi", "type": s},
                        {"name": "region_en", "type": s},
                    ],
                    "primaryKey": ["code", "vintage"],
                    "missingValues": [""],
                },
            },
            {
                "name": "successions",
                "path": "successions.csv",
                "profile": "tabular-data-resource",
                "encoding": "utf-8",
                "description": "Every succession of a unit: Hà Tây (GSO code 28, a historical unit of vintage 63) into "
                "Hà Nội on 2008-08-01, each of the 63 into one of the 34 on 2025-07-01; with the act and the basis "
                "of a historical unit's code",
                "schema": {
                    "fields": [
                        {"name": "code", "type": s},
                        {"name": "vintage", "type": "integer"},
                        {"name": "successor", "type": s},
                        {"name": "successor_vintage", "type": "integer"},
                        {"name": "date", "type": "date"},
                        {"name": "act", "type": s},
                        {"name": "code_basis", "type": s},
                    ],
                    "primaryKey": ["code", "vintage"],
                    "foreignKeys": [
                        {
                            "fields": ["code", "vintage"],
                            "reference": {"resource": "provinces", "fields": ["code", "vintage"]},
                        },
                        {
                            "fields": ["successor", "successor_vintage"],
                            "reference": {"resource": "provinces", "fields": ["code", "vintage"]},
                        },
                    ],
                    "missingValues": [""],
                },
            },
            {
                "name": "focus",
                "path": "focus.csv",
                "profile": "tabular-data-resource",
                "encoding": "utf-8",
                "description": "The provinces the dashboard shows when a link names none, in their order",
                "schema": {
                    "fields": [
                        {"name": "code", "type": s},
                        {"name": "vintage", "type": "integer"},
                        {"name": "name_vi", "type": s},
                    ],
                    "primaryKey": ["code", "vintage"],
                    "foreignKeys": [
                        {
                            "fields": ["code", "vintage"],
                            "reference": {"resource": "provinces", "fields": ["code", "vintage"]},
                        }
                    ],
                    "missingValues": [""],
                },
            },
            {
                "name": "citations",
                "path": "citations.csv",
                "profile": "tabular-data-resource",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": "index", "type": s},
                        {"name": "year", "type": "integer"},
                        {"name": "province_code", "type": s},
                        {"name": "vintage", "type": "integer"},
                        {"name": "indicator", "type": s},
                        {"name": "value", "type": "number"},
                        {"name": "rank", "type": "integer"},
                        {"name": "source_id", "type": s},
                        {"name": "source_url", "type": s},
                        {"name": "quote", "type": s},
                        {"name": "chosen", "type": "boolean"},
                        {"name": "publisher", "type": s},
                        {"name": "source_kind", "type": s},
                        {"name": "language", "type": s},
                        {"name": "rank_basis", "type": s},
                        {"name": "note", "type": s},
                    ],
                    "missingValues": [""],
                },
            },
            {
                "name": "national_stats",
                "path": "national_stats.csv",
                "profile": "tabular-data-resource",
                "encoding": "utf-8",
                "description": "National and regional statistics as published (means, gaps); not province values",
                "schema": {
                    "fields": [
                        {"name": "index", "type": s},
                        {"name": "year", "type": "integer"},
                        {"name": "statistic", "type": s},
                        {"name": "value", "type": "number"},
                        {"name": "source_url", "type": s},
                        {"name": "quote", "type": s},
                        {"name": "source_id", "type": s},
                        {"name": "source_ref", "type": s},
                    ],
                    "missingValues": [""],
                },
            },
            {
                "name": "weights",
                "path": "weights.csv",
                "profile": "tabular-data-resource",
                "encoding": "utf-8",
                "description": "Computed: weights of the PCI and PAPI totals recovered from the published figures "
                "(least squares per year, kept only where they reproduce every published total; loaders/weights.py)",
                "schema": {
                    "fields": [
                        {"name": "index", "type": s},
                        {"name": "year", "type": "integer"},
                        {"name": "total", "type": s, "description": "The total the weights make up"},
                        {"name": "indicator", "type": s, "description": "The sub-index or dimension weighted"},
                        {"name": "weight", "type": "number", "description": "Blank where no weights reproduce"},
                        {"name": "max_residual", "type": "number", "description": "Largest |fitted - published|"},
                        {"name": "provinces", "type": "integer", "description": "Provinces in the fit"},
                        {"name": "method", "type": s, "description": "least_squares or sum (weight 1 each)"},
                        {"name": "status", "type": s, "constraints": {"enum": ["computed"]}},
                        {"name": "note", "type": s},
                    ],
                    "primaryKey": ["total", "year", "indicator"],
                    "missingValues": [""],
                },
            },
            {
                "name": "conflicts",
                "path": "conflicts.csv",
                "profile": "tabular-data-resource",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": "index", "type": s},
                        {"name": "year", "type": "integer"},
                        {"name": "province_code", "type": s},
                        {"name": "vintage", "type": "integer"},
                        {"name": "indicator", "type": s},
                        {"name": "field", "type": s},
                        {"name": "chosen_value", "type": s},
                        {"name": "other_value", "type": s},
                        {"name": "chosen_source", "type": s},
                        {"name": "other_source", "type": s},
                        {"name": "note", "type": s},
                    ],
                    "missingValues": [""],
                },
            },
        ],
    }


def write(folder: Path) -> None:
    """Write datapackage.json into a build folder."""
    (Path(folder) / "datapackage.json").write_text(
        json.dumps(descriptor(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
