"""GeoJSON features and the population weights written for the maps (archipelago parts tagged by the build)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from loaders.common import Source
from loaders.geo.read import STATS_34, STATS_63, GeoJoinError
from loaders.geo.shapes import ARCHIPELAGOS, DECIMALS, ISLET_TOLERANCE, TOLERANCE, archipelago_of


def shared_borders(geoms: np.ndarray, codes: list[str], registry) -> list[dict]:
    """Border lines between neighbouring 63-provinces, flagged `dissolved` when both joined one 34-province."""
    tree = shapely.STRtree(geoms)
    a_idx, b_idx = tree.query(geoms, predicate="intersects")
    features = []
    for a, b in sorted({(min(a, b), max(a, b)) for a, b in zip(a_idx, b_idx, strict=True) if a != b}):
        line = shapely.intersection(shapely.boundary(geoms[a]), shapely.boundary(geoms[b]))
        line = shapely.line_merge(shapely.union_all([p for p in shapely.get_parts(line) if p.length > 0]))
        if line.is_empty:
            continue
        sa, sb = registry.get(codes[a], 63).successor, registry.get(codes[b], 63).successor
        props = {"code_a": codes[a], "code_b": codes[b], "dissolved": sa == sb, "code34": sa if sa == sb else ""}
        features.append({"type": "Feature", "properties": props, "geometry": json.loads(shapely.to_geojson(line))})
    return features


def archipelago_parts(geom, code: str) -> dict[str, list[int]]:
    """Per archipelago, the positions of its polygons in the shape's GeoJSON coordinates (empty when none)."""
    parts = shapely.get_parts(geom)
    keys = archipelago_of(parts, np.full(len(parts), code, dtype=object))
    out: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if key:
            out.setdefault(str(key), []).append(i)
    return out


def province_features(geoms: np.ndarray, codes: list[str], registry, vintage: int) -> list[dict]:
    """GeoJSON features with code, vintage, names and the archipelago parts (`archipelago_parts`), in code order."""
    feats = []
    for code, geom in sorted(zip(codes, geoms, strict=True), key=lambda cg: cg[0]):
        p = registry.get(code, vintage)
        props = {"code": code, "vintage": vintage, "name_vi": p.name_vi, "name_en": p.name_en}
        tagged = archipelago_parts(geom, code)
        if tagged:
            props["archipelago_parts"] = tagged
        feats.append(
            {"type": "Feature", "id": code, "properties": props, "geometry": json.loads(shapely.to_geojson(geom))}
        )
    return feats


def population_weights(stats63: pd.DataFrame, stats34: pd.DataFrame, registry) -> pd.DataFrame:
    """Each 63-province's 2024 population and its share of its 34-province (sums checked against the 34 table)."""
    pop = dict(zip(stats63["code"], stats63["population"], strict=True))
    rows = []
    for p in registry.units(63):
        if p.code not in pop or pd.isna(pop[p.code]):
            raise GeoJoinError(f"{STATS_63.path}: no 2024 population for {p.name_vi} ({p.code})")
        rows.append(
            {"code63": p.code, "code34": p.successor, "province63": p.name_vi, "population_2024": int(pop[p.code])}
        )
    df = pd.DataFrame(rows)
    total = df.groupby("code34")["population_2024"].transform("sum")
    df["weight"] = (df["population_2024"] / total).round(6)
    check = df.groupby("code34")["population_2024"].sum()
    ref = dict(zip(stats34["code"], stats34["population"], strict=True))
    bad = [f"{c}: {n} vs {ref.get(c)}" for c, n in check.items() if ref.get(c) is None or abs(n - ref[c]) > 1]
    if bad:
        raise GeoJoinError(f"{STATS_34.path}: member populations do not add up to the 34-province table: {bad}")
    return df.sort_values("code63").reset_index(drop=True)


# --- Save outputs. ---


def write_geojson(path: Path, features: list[dict], meta: dict) -> int:
    """Write a compact FeatureCollection (with its source line); returns the file size in bytes."""
    fc = {"type": "FeatureCollection", "metadata": meta, "features": features}
    path.write_text(json.dumps(fc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return path.stat().st_size


def _meta(source: Source, vintage: int) -> dict:
    return {
        "vintage": vintage,
        "source_id": source.id,
        "attribution": source.attribution,
        "licence": source.licence,
        "crs": "EPSG:4326",
        "processing": f"made valid, coverage-cleaned, coverage-simplified ({TOLERANCE}°; islets alone, "
        f"{ISLET_TOLERANCE}°), rounded to {DECIMALS} "
        "decimals (archipelago islets up to 5), rings clockwise",
        "archipelagos": {k: {n: a[n] for n in ("code", "name_vi", "name_en")} for k, a in ARCHIPELAGOS.items()},
    }


def _count_islets(geoms: np.ndarray, codes: list[str]) -> dict[str, int]:
    parts, idx = shapely.get_parts(geoms, return_index=True)
    arch = pd.Series(archipelago_of(parts, np.asarray(codes, dtype=object)[idx]))
    return {k: int((arch == k).sum()) for k in ARCHIPELAGOS}
