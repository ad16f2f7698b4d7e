"""Province boundaries: joined one-to-one to the registry, edge-matched after simplification, islets kept, small."""

import json

import numpy as np
import pandas as pd
import pytest
import shapely

from loaders import geo

MAX_BYTES = 250_000


@pytest.fixture(scope="module")
def built(tmp_path_factory, sources_dir, registry):
    """One geography build into a temporary folder: (folder, summary)."""
    out = tmp_path_factory.mktemp("geo")
    return out, geo.build(sources_dir, registry, out)


@pytest.fixture(scope="module")
def raw(sources_dir, registry):
    """The unsimplified, made-valid shapes with their codes, per vintage."""
    props63, g63 = geo.read_topojson(sources_dir / geo.ODM_63.path)
    props34, g34 = geo.read_geojson_folder(sources_dir / geo.VN34.path)
    valid = lambda g: np.array([geo.polygonal(x) for x in shapely.make_valid(g)], dtype=object)  # noqa: E731
    return {63: (geo.codes_63(props63, registry, "odm"), valid(g63)), 34: ([p["code"] for p in props34], valid(g34))}


def shapes(folder, vintage) -> tuple[list[str], np.ndarray]:
    """Codes and geometries of a built provinces file."""
    fc = json.loads((folder / f"provinces_{vintage}.geojson").read_text(encoding="utf-8"))
    codes = [f["properties"]["code"] for f in fc["features"]]
    return codes, np.array([shapely.from_geojson(json.dumps(f["geometry"])) for f in fc["features"]], dtype=object)


@pytest.mark.parametrize("vintage", [63, 34])
def test_every_unit_has_exactly_one_shape(built, registry, vintage):
    codes, _ = shapes(built[0], vintage)
    assert sorted(codes) == sorted(p.code for p in registry.units(vintage))
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("vintage", [63, 34])
def test_features_carry_code_vintage_and_names(built, registry, vintage):
    fc = json.loads((built[0] / f"provinces_{vintage}.geojson").read_text(encoding="utf-8"))
    assert fc["metadata"]["crs"] == "EPSG:4326"
    for f in fc["features"]:
        p = f["properties"]
        assert (p["vintage"], p["name_vi"], p["name_en"]) == (
            vintage,
            registry.name(p["code"], vintage, "vi"),
            registry.name(p["code"], vintage, "en"),
        )


@pytest.mark.parametrize(
    ("spelling", "code"),
    [("Cần Thơn", "92"), ("Quản Bình", "44"), ("Kien Giang", "91"), ("Đăk Lăk", "66"), ("TP. Hồ Chí Minh", "79")],
)
def test_odm_misspellings_join_the_right_unit(registry, spelling, code):
    assert geo.codes_63([{"ten_tinh": spelling}], registry, "odm") == [code]


def test_join_check_catches_a_wrong_join(sources_dir, registry, raw):
    codes, g63 = raw[63]
    codes34, g34 = raw[34]
    stats = pd.read_csv(sources_dir / geo.STATS_63.path, dtype={"code": str})
    assert geo.check_join_63(codes, g63, codes34, g34, registry, stats) == []
    swapped = ["22" if c == "02" else "02" if c == "22" else c for c in codes]  # Hà Giang <-> Quảng Ninh
    problems = geo.check_join_63(swapped, g63, codes34, g34, registry, stats)
    assert any("Hà Giang" in p for p in problems) and any("Quảng Ninh" in p for p in problems)


@pytest.mark.parametrize("vintage", [63, 34])
def test_output_is_a_valid_coverage(built, vintage):
    _, g = shapes(built[0], vintage)
    assert shapely.is_valid(g).all()
    assert shapely.coverage_is_valid(g), "neighbours overlap or are not edge-matched"


@pytest.mark.parametrize("vintage", [63, 34])
def test_neighbours_still_share_their_border(built, raw, vintage):
    codes_raw, g_raw = raw[vintage]
    codes, g = shapes(built[0], vintage)
    by_code = dict(zip(codes, g, strict=True))
    a_idx, b_idx = shapely.STRtree(g_raw).query(g_raw, predicate="intersects")
    lost = []
    for a, b in {(min(a, b), max(a, b)) for a, b in zip(a_idx, b_idx, strict=True) if a != b}:
        shared = shapely.intersection(shapely.boundary(g_raw[a]), shapely.boundary(g_raw[b])).length
        if shared > 0.02:  # a real border, not a corner or a hairline
            ga, gb = by_code[codes_raw[a]], by_code[codes_raw[b]]
            if shapely.intersection(shapely.boundary(ga), shapely.boundary(gb)).length < 0.5 * shared:
                lost.append((codes_raw[a], codes_raw[b]))
    assert lost == []


@pytest.mark.parametrize("vintage", [63, 34])
def test_no_gaps_between_neighbours(built, raw, vintage):
    """Holes of the union are only the atoll lagoons of the source, none opened by simplification."""
    _, g = shapes(built[0], vintage)
    _, g_raw = raw[vintage]
    raw_union = shapely.union_all(g_raw)
    union = shapely.union_all(g)
    holes = [shapely.Polygon(r) for p in shapely.get_parts(union) for r in p.interiors]
    new = [h.centroid for h in holes if h.area > 1e-6 and raw_union.contains(h.point_on_surface())]
    assert new == []
    assert len(holes) == {63: 13, 34: 0}[vintage]


@pytest.mark.parametrize("vintage", [63, 34])
def test_rings_are_clockwise_for_vega(built, vintage):
    _, g = shapes(built[0], vintage)
    parts = shapely.get_parts(g)
    assert not any(shapely.is_ccw(p.exterior) for p in parts)
    assert all(shapely.is_ccw(r) for p in parts for r in p.interiors)


@pytest.mark.parametrize("name", ["provinces_63.geojson", "provinces_34.geojson", "outlines_63.geojson"])
def test_payload_is_small(built, name):
    assert (built[0] / name).stat().st_size < MAX_BYTES
    assert built[1]["bytes"][name] == (built[0] / name).stat().st_size


@pytest.mark.parametrize("vintage", [63, 34])
@pytest.mark.parametrize(("code", "east_of"), [("48", 111.0), ("56", 113.0)])
def test_archipelagos_are_present(built, vintage, code, east_of):
    codes, g = shapes(built[0], vintage)
    parts = shapely.get_parts(g[codes.index(code)])
    assert (shapely.bounds(parts)[:, 0] > east_of).any()


@pytest.mark.parametrize("vintage", [63, 34])
def test_every_archipelago_islet_is_kept(built, raw, vintage):
    def islets(codes, geoms):
        parts, idx = shapely.get_parts(geoms, return_index=True)
        return parts[geo.archipelago_of(parts, np.asarray(codes, dtype=object)[idx]) != ""]

    kept = shapely.STRtree(islets(*shapes(built[0], vintage)))
    source = islets(*raw[vintage])
    assert len(source) > 100
    nearest = kept.query_nearest(shapely.point_on_surface(source), return_distance=True, all_matches=False)[1]
    assert nearest.max() < 0.002  # degrees: every islet of the source still has a shape within ~200 m


def test_outlines_mark_the_borders_dissolved_by_the_merger(built, registry):
    fc = json.loads((built[0] / "outlines_63.geojson").read_text(encoding="utf-8"))
    dissolved = {f["properties"]["code34"] for f in fc["features"] if f["properties"]["dissolved"]}
    merged = {p.code for p in registry.units(34) if len(p.members) > 1}
    assert dissolved == merged
    for f in fc["features"]:
        p = f["properties"]
        same = registry.successor(p["code_a"]).code == registry.successor(p["code_b"]).code
        assert p["dissolved"] == same


def test_population_weights(built, registry):
    w = pd.read_csv(built[0] / "population_weights.csv", dtype={"code63": str, "code34": str})
    assert sorted(w["code63"]) == sorted(p.code for p in registry.units(63))
    assert w.groupby("code34")["weight"].sum().round(4).eq(1).all()
    can_tho = w[w["code34"] == "92"].set_index("code63")["population_2024"]
    assert sorted(can_tho.index) == ["92", "93", "94"]
    assert (w["population_2024"] > 0).all()


def test_summary_counts(built):
    summary = built[1]
    assert summary["features"]["provinces_63.geojson"] == 63
    assert summary["features"]["provinces_34.geojson"] == 34
    assert all(n > 0 for v in summary["islets"].values() for n in v.values())


@pytest.mark.parametrize("vintage", [63, 34])
def test_archipelago_parts_are_tagged_by_the_build(built, vintage):
    """Each feature lists the positions of its archipelago polygons; the metadata names the archipelagos."""
    fc = json.loads((built[0] / f"provinces_{vintage}.geojson").read_text(encoding="utf-8"))
    names = fc["metadata"]["archipelagos"]
    assert names["hoang_sa"]["name_vi"] == "Quần đảo Hoàng Sa (Đà Nẵng)" and names["truong_sa"]["code"] == "56"
    tagged = {}
    for f in fc["features"]:
        parts = shapely.get_parts(shapely.from_geojson(json.dumps(f["geometry"])))
        for key, idx in f["properties"].get("archipelago_parts", {}).items():
            tagged[(f["properties"]["code"], key)] = len(idx)
            assert (shapely.bounds(parts[idx])[:, 0] > 109.4).all()  # offshore, east of the mainland coast
            assert len(idx) < len(parts)  # the mainland stays untagged
    assert set(tagged) == {("48", "hoang_sa"), ("56", "truong_sa")} and min(tagged.values()) > 10
