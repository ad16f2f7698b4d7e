"""Reading the boundary sources (reformat only) and joining their shapes to registry codes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from loaders.common import Source, SourceLayoutError, read_records

SOURCES: list[Source] = read_records(Path(__file__).with_name("sources.csv"), Source)
_BY_ID = {s.id: s for s in SOURCES}
ODM_63, VN34 = _BY_ID["geo_odm_63"], _BY_ID["geo_vn34"]
DVHCVN_MERGES, DVHCVN_CODES34 = _BY_ID["geo_dvhcvn_merges"], _BY_ID["geo_dvhcvn_codes34"]
STATS_63, STATS_34 = _BY_ID["stats_nso_2024_63"], _BY_ID["stats_nso_2024_34"]

TOPO_OBJECT = "diaphantinh"


class GeoJoinError(ValueError):
    """A shape could not be joined to exactly one registry unit; the message lists every problem."""


# --- Load inputs: reformat only. ---


def read_topojson(path: Path, obj: str = TOPO_OBJECT) -> tuple[list[dict], np.ndarray]:
    """Properties and (Multi)Polygons of one TopoJSON object (quantized arcs decoded, lon/lat)."""
    topo = json.loads(Path(path).read_text(encoding="utf-8"))
    if obj not in topo.get("objects", {}):
        raise SourceLayoutError(f"{Path(path).name}: no TopoJSON object {obj!r} (has {list(topo.get('objects', {}))})")
    tr = topo.get("transform", {"scale": [1, 1], "translate": [0, 0]})
    arcs = [np.cumsum(np.asarray(a, dtype=float), axis=0) * tr["scale"] + tr["translate"] for a in topo["arcs"]]

    def ring(indices):
        parts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in indices]
        return np.concatenate([parts[0], *[p[1:] for p in parts[1:]]])

    props, geoms = [], []
    for g in topo["objects"][obj]["geometries"]:
        polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        geoms.append(shapely.MultiPolygon([shapely.Polygon(ring(p[0]), [ring(h) for h in p[1:]]) for p in polys]))
        props.append(g.get("properties", {}))
    return props, np.array(geoms, dtype=object)


def read_geojson_folder(folder: Path) -> tuple[list[dict], np.ndarray]:
    """Properties and geometries of every feature of every *.geojson file in a folder (file name order)."""
    props, geoms = [], []
    for f in sorted(Path(folder).glob("*.geojson")):
        for feat in json.loads(f.read_text(encoding="utf-8"))["features"]:
            props.append({**feat["properties"], "_file": f.name})
            geoms.append(shapely.from_geojson(json.dumps(feat["geometry"])))
    if not geoms:
        raise SourceLayoutError(f"{folder}: no *.geojson files")
    return props, np.array(geoms, dtype=object)


# --- Join shapes to registry codes. ---


def codes_63(props: list[dict], registry, where: str) -> list[str]:
    """GSO codes of the ODM shapes through the registry (its aliases cover the file's misspellings)."""
    names = [p.get("ten_tinh") for p in props]
    if any(n is None for n in names):
        raise SourceLayoutError(f"{where}: a feature has no 'ten_tinh' property")
    return registry.match(names, 63, where=where)


def codes_34(props: list[dict], registry, official: pd.DataFrame, where: str) -> list[str]:
    """GSO codes of the 34-province shapes from their `code`, checked against the official list and the registry."""
    official_names = dict(zip(official["code"], official["name"], strict=True))
    problems, codes = [], []
    for p in props:
        code = str(p.get("code", "")).zfill(2)
        codes.append(code)
        if code not in official_names:
            problems.append(f"{p['_file']}: code {code!r} not in the official list of 34 units")
        elif registry.lookup(p.get("name", ""), 34) != code or registry.lookup(official_names[code], 34) != code:
            problems.append(f"{p['_file']}: name {p.get('name')!r} / {official_names[code]!r} is not unit {code}")
    if problems:
        raise GeoJoinError(f"{where}:\n  " + "\n  ".join(problems))
    return codes


def read_official_34(path: Path) -> pd.DataFrame:
    """The official code list of the 34 units (code, name)."""
    df = pd.read_csv(path, dtype=str)
    if not {"Mã số", "Tên 34 tỉnh sau sáp nhập"} <= set(df.columns):
        raise SourceLayoutError(f"{path.name}: expected columns 'Mã số' and 'Tên 34 tỉnh sau sáp nhập'")
    return pd.DataFrame({"code": df["Mã số"].str.zfill(2), "name": df["Tên 34 tỉnh sau sáp nhập"]})
