"""Shapes for the maps: the archipelagos, coverage cleaning and simplification, rounding (islets never lost)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import shapely


def _archipelagos() -> dict[str, dict]:
    with open(Path(__file__).with_name("archipelagos.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return {
        r["key"]: {
            "code": r["code"],
            "boxes": [tuple(float(x) for x in box.split()) for box in r["boxes"].split(";")],
            "name_vi": r["name_vi"],
            "name_en": r["name_en"],
        }
        for r in rows
    }


# The archipelagos: the parts of these provinces' shapes whose centroid lies in one of `boxes` (min_lon, min_lat,
# max_lon, max_lat); the same GSO codes in both vintages. Trường Sa's second box takes the offshore bank that the
# 34-province source gives Khánh Hòa (Tư Chính, about 109.5–110°E, 7.3–7.6°N), far from the islands of Nha Trang
# bay (about 109.2–109.35°E, 12.1–12.3°N), which stay on the mainland map.
ARCHIPELAGOS = _archipelagos()
TOLERANCE = 0.013  # coverage simplification, degrees (about 1 km; a pixel of a 600-px map is about 2.5 km)
# Gaps between neighbours narrower than this (degrees) are merged into the neighbour with the longest border:
# 63 has only a hairline sliver (its atoll lagoons, 0.01° and wider, are real and kept); 34 has one 4 km² gap
# between Đồng Tháp and An Giang.
GAP_WIDTH = {63: 0.008, 34: 0.02}
MIN_ISLET_AREA = 5e-5  # square degrees (about 0.6 km²): smaller coastal islets are dropped, archipelago ones never
ISLET_TOLERANCE = 0.003  # archipelago islets are simplified alone, more gently (they share no border)
DECIMALS = 3  # coordinates (about 110 m); archipelago islets keep up to 5 so none collapses
ISLET_DECIMALS = (4, 5)

# --- Process: clean, simplify as a coverage, keep islets, round, orient. ---


def polygonal(geom):
    """The polygonal part of a geometry (make_valid can add stray lines or points)."""
    if shapely.get_type_id(geom) in (3, 6):
        return geom
    parts = [p for p in shapely.get_parts(geom) if shapely.get_type_id(p) in (3, 6)]
    return shapely.union_all(parts) if parts else shapely.MultiPolygon()


def archipelago_of(parts: np.ndarray, owner_codes: np.ndarray) -> np.ndarray:
    """For each part, the id of the archipelago it belongs to (by owner code and position), else ""."""
    c = shapely.centroid(parts)
    x, y = shapely.get_x(c), shapely.get_y(c)
    out = np.full(len(parts), "", dtype=object)
    for key, a in ARCHIPELAGOS.items():
        for x0, y0, x1, y1 in a["boxes"]:
            out[(owner_codes == a["code"]) & (x > x0) & (x < x1) & (y > y0) & (y < y1)] = key
    return out


def _round_part(part, decimals: int, keep_tiny: bool):
    """A polygon rounded to `decimals`, made valid; tiny archipelago parts get finer decimals instead of vanishing."""
    for d in (decimals, *ISLET_DECIMALS) if keep_tiny else (decimals,):
        r = polygonal(shapely.make_valid(shapely.transform(part, lambda c, d=d: np.round(c, d))))
        if not r.is_empty and r.area > 0:
            return r
    return None


def round_parts(parts: np.ndarray, keep_tiny: bool) -> list:
    """Parts rounded to DECIMALS; the few that rounding breaks are repaired one by one (None when they vanish)."""
    rounded = shapely.transform(parts, lambda c: np.round(c, DECIMALS))
    fine = shapely.is_valid(rounded) & (shapely.area(rounded) > 0)
    return [r if ok else _round_part(p, DECIMALS, keep_tiny) for p, r, ok in zip(parts, rounded, fine, strict=True)]


def simplify_coverage(
    geoms: np.ndarray, codes: list[str], gap_width: float, tolerance: float = TOLERANCE
) -> np.ndarray:
    """Clean and simplify shapes as one coverage: shared borders simplified once, archipelago islets kept."""
    g = np.array([polygonal(x) for x in shapely.make_valid(geoms)], dtype=object)
    g = shapely.coverage_clean(g, gap_width=gap_width)
    parts, idx = shapely.get_parts(g, return_index=True)
    arch = archipelago_of(parts, np.asarray(codes, dtype=object)[idx]) != ""
    rest = shapely.coverage_simplify(regroup(parts[~arch], idx[~arch], len(g)), tolerance)
    rest_parts, rest_idx = shapely.get_parts(rest, return_index=True)
    big = shapely.area(rest_parts) >= MIN_ISLET_AREA  # smaller coastal islets are dropped
    islets = shapely.coverage_simplify(parts[arch], ISLET_TOLERANCE)
    out = [[] for _ in g]
    for i, r in zip(rest_idx[big], round_parts(rest_parts[big], keep_tiny=False), strict=True):
        out[i].extend(shapely.get_parts(r) if r is not None else [])
    for i, r in zip(idx[arch], round_parts(islets, keep_tiny=True), strict=True):
        out[i].extend(shapely.get_parts(r) if r is not None else [])
    result = np.array([_assemble(p) for p in out], dtype=object)
    return shapely.orient_polygons(result, exterior_cw=True)


def regroup(parts: np.ndarray, idx: np.ndarray, n: int) -> np.ndarray:
    """n MultiPolygons from parts and the index of the shape each belongs to."""
    out = [[] for _ in range(n)]
    for part, i in zip(parts, idx, strict=True):
        out[i].append(part)
    return np.array([shapely.MultiPolygon(p) for p in out], dtype=object)


def _assemble(parts: list):
    """One MultiPolygon from rounded parts (rounding can make two islets touch or overlap: they are merged)."""
    mp = shapely.MultiPolygon(list(parts))
    return mp if mp.is_valid else polygonal(shapely.make_valid(mp))


def without_archipelagos(geoms: np.ndarray, codes: list[str]) -> np.ndarray:
    """The shapes without their archipelago parts."""
    parts, idx = shapely.get_parts(geoms, return_index=True)
    keep = archipelago_of(parts, np.asarray(codes, dtype=object)[idx]) == ""
    return regroup(parts[keep], idx[keep], len(geoms))
