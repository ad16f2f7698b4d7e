"""Checks of the name join that do not rest on names: one shape per unit, the merge table, areas, overlaps."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from loaders.geo.shapes import ARCHIPELAGOS, without_archipelagos

MIN_OVERLAP = 0.9  # share of a 63-province's area that must lie inside its successor's 34-province shape
MAX_AREA_ERROR = 0.15  # shape area vs the statistical office's area (islands and sea areas differ)


def check_one_to_one(codes: list[str], registry, vintage: int, where: str) -> list[str]:
    """Every registry unit of the vintage has exactly one shape and every shape one unit."""
    units = {p.code for p in registry.units(vintage)}
    seen = pd.Series(codes).value_counts()
    problems = [f"{where}: unit {c} has {n} shapes" for c, n in seen.items() if n > 1]
    problems += [f"{where}: unit {c} ({registry.name(c, vintage)}) has no shape" for c in sorted(units - set(codes))]
    problems += [f"{where}: shape code {c} is not a {vintage}-province unit" for c in sorted(set(codes) - units)]
    return problems


def check_merges(merges: list[dict], registry) -> list[str]:
    """The registry's 63→34 members agree with the published merge table."""
    problems = []
    for m in merges:
        code = str(m["level1_id"]).zfill(2)
        old = sorted(str(x["old_id"]).zfill(2) for x in m["merges"])
        ours = sorted(p.code for p in registry.members(code))
        if old != ours:
            problems.append(f"merge table: unit {code} = {old}, registry says {ours}")
    return problems


def area_km2(geoms: np.ndarray) -> np.ndarray:
    """Approximate area in km² of lon/lat shapes (each part scaled by the cosine of its latitude)."""
    parts, idx = shapely.get_parts(geoms, return_index=True)
    lat = shapely.get_y(shapely.centroid(parts))
    a = shapely.area(parts) * 111.32**2 * np.cos(np.radians(lat))
    return np.bincount(idx, weights=a, minlength=len(geoms))


def check_join_63(codes, geoms63, codes34, geoms34, registry, stats63: pd.DataFrame) -> list[str]:
    """Checks of the name join that do not use names: each shape lies in its successor and has its GSO area."""
    by34 = dict(zip(codes34, geoms34, strict=True))
    official_area = dict(zip(stats63["code"], stats63["area_km2"], strict=True))
    mainland = without_archipelagos(geoms63, codes)
    owners = {a["code"] for a in ARCHIPELAGOS.values()}  # the statistics count sea areas of the archipelagos
    problems = []
    for code, geom, area in zip(codes, mainland, area_km2(geoms63), strict=True):
        succ = registry.get(code, 63).successor
        inside = shapely.area(shapely.intersection(geom, by34[succ])) / shapely.area(geom)
        if inside < MIN_OVERLAP:
            problems.append(f"{registry.name(code)} ({code}): only {inside:.0%} inside its successor {succ}")
        ref = official_area.get(code)
        if ref and code not in owners and abs(area - ref) / ref > MAX_AREA_ERROR:
            problems.append(f"{registry.name(code)} ({code}): shape area {area:.0f} km², statistics {ref:.0f} km²")
    return problems
