"""Province boundaries for the maps: the 63 provinces (until 2025-06-30) and the 34 (from 2025-07-01).

63 provinces: Open Development Mekong, "Địa phận tỉnh" (data of the Department of Survey and Mapping), CC BY-SA 4.0,
https://data.opendevelopmentmekong.net — read from the TopoJSON copy in phamductu/vietnamese-provincial-icons.
34 provinces: thanglequoc/vietnamese-provinces-database (MIT), drawn from the official merger reference map.
Both include the Hoàng Sa archipelago (Đà Nẵng) and the Trường Sa archipelago (Khánh Hòa).

`build()` joins each shape to its GSO code (63: the registry, by name; 34: the file's GSO code, checked against the
official code list and the registry), cleans the shapes into a coverage (no overlaps, no slivers), simplifies the
shared borders once so neighbours stay exactly edge-matched, keeps every archipelago islet, orients rings clockwise
(as Vega-Lite draws them), and writes small GeoJSON files plus the population weights for computed estimates.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from loaders.common import Source, SourceLayoutError, source_path

ODM_63 = Source(
    id="geo_odm_63",
    index="geo",
    title="Địa phận tỉnh (63 provinces), TopoJSON",
    publisher="Open Development Mekong / Department of Survey and Mapping",
    publisher_vi="Open Development Mekong / Cục Đo đạc, Bản đồ",
    official_page="https://data.opendevelopmentmekong.net",
    download_url="",
    licence="CC BY-SA 4.0",
    attribution="Open Development Mekong / Department of Survey and Mapping",
    attribution_vi="Open Development Mekong / Cục Đo đạc, Bản đồ",
    path="geo/vn63/odm_diaphantinh_63.topo.json",
    years="until 2025-06-30",
    citation="Open Development Mekong, Địa phận tỉnh; copy in phamductu/vietnamese-provincial-icons @ 8eb9ac1, "
    "data/diaphantinh.json (https://github.com/phamductu/vietnamese-provincial-icons)",
    title_vi="Địa phận tỉnh (63 tỉnh, thành phố), TopoJSON",
    citation_vi="Open Development Mekong, Địa phận tỉnh; bản sao trong phamductu/vietnamese-provincial-icons "
    "@ 8eb9ac1, data/diaphantinh.json (https://github.com/phamductu/vietnamese-provincial-icons)",
)
VN34 = Source(
    id="geo_vn34",
    index="geo",
    title="34 provinces from 2025-07-01, one GeoJSON file per province",
    publisher="thanglequoc/vietnamese-provinces-database",
    official_page="https://github.com/thanglequoc/vietnamese-provinces-database",
    download_url="",
    licence="MIT",
    attribution="vietnamese-provinces-database (thanglequoc), from the official merger reference map",
    attribution_vi="vietnamese-provinces-database (thanglequoc), theo bản đồ tham khảo chính thức về sắp xếp tỉnh",
    path="geo/vn34",
    years="from 2025-07-01",
    citation="thanglequoc/vietnamese-provinces-database @ cd58063",
    title_vi="34 tỉnh, thành phố từ 01/07/2025, mỗi tỉnh một tệp GeoJSON",
)
DVHCVN_MERGES = Source(
    id="geo_dvhcvn_merges",
    index="geo",
    title="Province-level merges of 2025-07-01 (new → old provinces)",
    title_vi="Sắp xếp đơn vị hành chính cấp tỉnh ngày 01/07/2025 (tỉnh mới → tỉnh cũ)",
    publisher="dvhcvn",
    official_page="https://github.com/dvhcvn/20250701",
    download_url="",
    licence="MIT",
    attribution="dvhcvn/20250701 (Resolution 202/2025/QH15)",
    attribution_vi="dvhcvn/20250701 (Nghị quyết 202/2025/QH15)",
    path="geo/admin/dvhcvn_merges_province_level.json",
    years="2025",
    citation="dvhcvn/20250701 @ dd94887",
)
DVHCVN_CODES34 = Source(
    id="geo_dvhcvn_codes34",
    index="geo",
    title="Codes and names of the 34 province-level units (GSO letter 915/CTK-CSCL)",
    title_vi="Mã và tên 34 đơn vị hành chính cấp tỉnh (Công văn 915/CTK-CSCL của Tổng cục Thống kê)",
    publisher="dvhcvn",
    official_page="https://github.com/dvhcvn/20250701",
    download_url="",
    licence="MIT",
    attribution="GSO letter 915/CTK-CSCL, table by dvhcvn",
    attribution_vi="Công văn 915/CTK-CSCL của Tổng cục Thống kê, bảng của dvhcvn",
    path="geo/admin/dvhcvn_915_CTK-CSCL_34_codes.csv",
    years="2025",
    citation="dvhcvn/20250701 @ dd94887",
)
STATS_63 = Source(
    id="stats_nso_2024_63",
    index="geo",
    title="Area, population, density and GRDP per capita of the 63 provinces, 2024",
    title_vi="Diện tích, dân số, mật độ và GRDP bình quân đầu người của 63 tỉnh, thành phố, 2024",
    publisher="General Statistics Office / National Statistics Office (tables packaged by ura8107/vnmap)",
    publisher_vi="Tổng cục Thống kê / Cục Thống kê (bảng do ura8107/vnmap đóng gói)",
    official_page="https://github.com/ura8107/vnmap",
    download_url="",
    licence="MIT (packaging)",
    licence_vi="MIT (phần đóng gói)",
    attribution="NSO/GSO 2024 population, packaged by ura8107/vnmap",
    attribution_vi="Dân số 2024 của Cục Thống kê, đóng gói bởi ura8107/vnmap",
    path="stats/vnmap_nso_province_stats_2024_63.csv",
    years="2024",
    citation="ura8107/vnmap @ dfc51f8",
)
STATS_34 = Source(
    id="stats_nso_2024_34",
    index="geo",
    title="Area and population of the 34 provinces, 2024 (sums of their former provinces)",
    title_vi="Diện tích và dân số của 34 tỉnh, thành phố, 2024 (tổng của các tỉnh cũ)",
    publisher="General Statistics Office / National Statistics Office (tables packaged by ura8107/vnmap)",
    publisher_vi="Tổng cục Thống kê / Cục Thống kê (bảng do ura8107/vnmap đóng gói)",
    official_page="https://github.com/ura8107/vnmap",
    download_url="",
    licence="MIT (packaging)",
    licence_vi="MIT (phần đóng gói)",
    attribution="NSO/GSO 2024 population, packaged by ura8107/vnmap",
    attribution_vi="Dân số 2024 của Cục Thống kê, đóng gói bởi ura8107/vnmap",
    path="stats/vnmap_province_stats_2024_34.csv",
    years="2024",
    citation="ura8107/vnmap @ dfc51f8",
)
SOURCES = [ODM_63, VN34, DVHCVN_MERGES, DVHCVN_CODES34, STATS_63, STATS_34]

TOPO_OBJECT = "diaphantinh"
# The archipelagos: the parts of these provinces' shapes whose centroid lies in one of `boxes` (min_lon, min_lat,
# max_lon, max_lat); the same GSO codes in both vintages. Trường Sa's second box takes the offshore bank that the
# 34-province source gives Khánh Hòa (Tư Chính, about 109.5–110°E, 7.3–7.6°N), far from the islands of Nha Trang
# bay (about 109.2–109.35°E, 12.1–12.3°N), which stay on the mainland map.
ARCHIPELAGOS = {
    "hoang_sa": {
        "code": "48",
        "boxes": [(110.0, 14.0, 120.0, 20.0)],
        "name_vi": "Quần đảo Hoàng Sa (Đà Nẵng)",
        "name_en": "Hoàng Sa archipelago (Đà Nẵng)",
    },
    "truong_sa": {
        "code": "56",
        "boxes": [(110.0, 5.0, 120.0, 13.0), (109.4, 5.0, 110.0, 8.0)],
        "name_vi": "Quần đảo Trường Sa (Khánh Hòa)",
        "name_en": "Trường Sa archipelago (Khánh Hòa)",
    },
}
TOLERANCE = 0.013  # coverage simplification, degrees (about 1 km; a pixel of a 600-px map is about 2.5 km)
# Gaps between neighbours narrower than this (degrees) are merged into the neighbour with the longest border:
# 63 has only a hairline sliver (its atoll lagoons, 0.01° and wider, are real and kept); 34 has one 4 km² gap
# between Đồng Tháp and An Giang.
GAP_WIDTH = {63: 0.008, 34: 0.02}
MIN_ISLET_AREA = 5e-5  # square degrees (about 0.6 km²): smaller coastal islets are dropped, archipelago ones never
ISLET_TOLERANCE = 0.003  # archipelago islets are simplified alone, more gently (they share no border)
DECIMALS = 3  # coordinates (about 110 m); archipelago islets keep up to 5 so none collapses
ISLET_DECIMALS = (4, 5)
MIN_OVERLAP = 0.9  # share of a 63-province's area that must lie inside its successor's 34-province shape
MAX_AREA_ERROR = 0.15  # shape area vs the statistical office's area (islands and sea areas differ)


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


def without_archipelagos(geoms: np.ndarray, codes: list[str]) -> np.ndarray:
    """The shapes without their archipelago parts."""
    parts, idx = shapely.get_parts(geoms, return_index=True)
    keep = archipelago_of(parts, np.asarray(codes, dtype=object)[idx]) == ""
    return regroup(parts[keep], idx[keep], len(geoms))


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


def province_features(geoms: np.ndarray, codes: list[str], registry, vintage: int) -> list[dict]:
    """GeoJSON features with code, vintage and names, in code order."""
    feats = []
    for code, geom in sorted(zip(codes, geoms, strict=True), key=lambda cg: cg[0]):
        p = registry.get(code, vintage)
        props = {"code": code, "vintage": vintage, "name_vi": p.name_vi, "name_en": p.name_en}
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
    }


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


def _count_islets(geoms: np.ndarray, codes: list[str]) -> dict[str, int]:
    parts, idx = shapely.get_parts(geoms, return_index=True)
    arch = pd.Series(archipelago_of(parts, np.asarray(codes, dtype=object)[idx]))
    return {k: int((arch == k).sum()) for k in ARCHIPELAGOS}
