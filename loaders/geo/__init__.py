"""Province boundaries for the maps: the 63 provinces (until 2025-06-30) and the 34 (from 2025-07-01).

63 provinces: Open Development Mekong, "Địa phận tỉnh" (data of the Department of Survey and Mapping), CC BY-SA 4.0,
https://data.opendevelopmentmekong.net — read from the TopoJSON copy in phamductu/vietnamese-provincial-icons.
34 provinces: thanglequoc/vietnamese-provinces-database (MIT), drawn from the official merger reference map.
Both include the Hoàng Sa archipelago (Đà Nẵng) and the Trường Sa archipelago (Khánh Hòa).

`build()` joins each shape to its GSO code (63: the registry, by name; 34: the file's GSO code, checked against the
official code list and the registry), cleans the shapes into a coverage (no overlaps, no slivers), simplifies the
shared borders once so neighbours stay exactly edge-matched, keeps every archipelago islet, orients rings clockwise
(as Vega-Lite draws them), and writes small GeoJSON files plus the population weights for computed estimates.

The steps, one module each: read.py (sources, reading, joining shapes to codes), checks.py (join checks),
shapes.py (archipelagos, coverage cleaning, simplification, rounding), features.py (GeoJSON features, weights).
Metadata beside them: sources.csv, archipelagos.csv.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from loaders.common import source_path
from loaders.geo.checks import check_join_63, check_merges, check_one_to_one
from loaders.geo.features import (
    _count_islets,
    _meta,
    population_weights,
    province_features,
    shared_borders,
    write_geojson,
)
from loaders.geo.read import (
    DVHCVN_CODES34,
    DVHCVN_MERGES,
    ODM_63,
    SOURCES,
    STATS_34,
    STATS_63,
    VN34,
    GeoJoinError,
    codes_34,
    codes_63,
    read_geojson_folder,
    read_official_34,
    read_topojson,
)
from loaders.geo.shapes import ARCHIPELAGOS, GAP_WIDTH, archipelago_of, polygonal, simplify_coverage

__all__ = [
    "ARCHIPELAGOS",
    "ODM_63",
    "SOURCES",
    "STATS_63",
    "VN34",
    "GeoJoinError",
    "archipelago_of",
    "build",
    "check_join_63",
    "codes_63",
    "polygonal",
    "read_geojson_folder",
    "read_topojson",
]


def build(sources_dir, registry, out_dir) -> dict:
    """Write provinces_63/34.geojson, outlines_63.geojson and population_weights.csv into out_dir; return a summary."""
    # Load inputs.
    sources_dir, out_dir = Path(sources_dir), Path(out_dir)
    props63, raw63 = read_topojson(source_path(sources_dir, ODM_63))
    props34, raw34 = read_geojson_folder(source_path(sources_dir, VN34))
    official34 = read_official_34(source_path(sources_dir, DVHCVN_CODES34))
    merges = json.loads(source_path(sources_dir, DVHCVN_MERGES).read_text(encoding="utf-8"))
    stats63 = pd.read_csv(source_path(sources_dir, STATS_63), dtype={"code": str})
    stats34 = pd.read_csv(source_path(sources_dir, STATS_34), dtype={"code": str})

    # Process data.
    c63 = codes_63(props63, registry, ODM_63.path)
    c34 = codes_34(props34, registry, official34, VN34.path)
    problems = check_one_to_one(c63, registry, 63, ODM_63.path) + check_one_to_one(c34, registry, 34, VN34.path)
    problems += check_merges(merges, registry)
    if not problems:
        valid63 = np.array([polygonal(x) for x in shapely.make_valid(raw63)], dtype=object)
        problems += check_join_63(c63, valid63, c34, raw34, registry, stats63)
    if problems:
        raise GeoJoinError("province shapes do not join the registry:\n  " + "\n  ".join(problems))
    g63, g34 = simplify_coverage(raw63, c63, GAP_WIDTH[63]), simplify_coverage(raw34, c34, GAP_WIDTH[34])
    weights = population_weights(stats63, stats34, registry)

    # Save outputs.
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        "provinces_63.geojson": (province_features(g63, c63, registry, 63), _meta(ODM_63, 63)),
        "provinces_34.geojson": (province_features(g34, c34, registry, 34), _meta(VN34, 34)),
        "outlines_63.geojson": (shared_borders(g63, c63, registry), _meta(ODM_63, 63)),
    }
    sizes = {name: write_geojson(out_dir / name, feats, meta) for name, (feats, meta) in files.items()}
    weights.to_csv(out_dir / "population_weights.csv", index=False, encoding="utf-8", lineterminator="\n")
    return {
        "features": {name: len(feats) for name, (feats, _) in files.items()},
        "bytes": sizes | {"population_weights.csv": (out_dir / "population_weights.csv").stat().st_size},
        "islets": {f"vintage_{v}": _count_islets(g, c) for v, g, c in ((63, g63, c63), (34, g34, c34))},
    }
