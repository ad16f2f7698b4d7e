"""Map builders: spec assertions on real PCI 2019 values and the real boundaries (one rendering test, marked slow)."""

import io
import json

import numpy as np
import pandas as pd
import pytest

from dashboard import maps, theme
from dashboard.i18n import fmt_number
from loaders import geo
from loaders.pci import workbooks as pci

MAX_PAYLOAD = 250_000
HA_GIANG, TUYEN_QUANG, CAN_THO, HAU_GIANG, SOC_TRANG = "02", "08", "92", "93", "94"


@pytest.fixture(scope="module")
def geo_dir(tmp_path_factory, sources_dir, registry):
    """The geography files of one build."""
    out = tmp_path_factory.mktemp("geo")
    geo.build(sources_dir, registry, out)
    return out


@pytest.fixture(scope="module")
def pci2019(sources_dir, registry) -> pd.DataFrame:
    """The published PCI 2019 totals of the 63 provinces (real source files)."""
    v = pci.load(sources_dir, registry).values
    s = v[(v["indicator"] == "pci_total") & (v["year"] == 2019) & (v["vintage"] == 63)].reset_index(drop=True)
    assert len(s) == 63 and s["value"].notna().all()
    return s


META = {"code": "pci_total", "name_vi": "Chỉ số PCI", "name_en": "PCI", "unit": "points", "scale_min": 0,
        "scale_max": 100, "higher_is_better": True}  # fmt: skip


def without(values: pd.DataFrame, codes) -> pd.DataFrame:
    """The slice with these provinces' rows removed (as when a publication omits them)."""
    return values[~values["province_code"].isin(codes)].reset_index(drop=True)


def spec(chart) -> dict:
    return chart.to_dict()


def dataset(d: dict) -> list[dict]:
    """The one large inline dataset of a map spec (geometry + values)."""
    return max(d["datasets"].values(), key=lambda rows: len(json.dumps(rows)))


def layers_with(d: dict, predicate) -> list[dict]:
    return [layer for layer in d["layer"] if predicate(layer)]


def filter_of(layer: dict) -> str:
    return " ".join(t.get("filter", "") for t in layer.get("transform", []) if isinstance(t.get("filter", ""), str))


def test_every_province_joins_exactly_one_mainland_shape(geo_dir, pci2019, registry):
    for vintage in (63, 34):
        g = maps.load_geojson(geo_dir, vintage)
        mainland = [p["code"] for p in maps.display_parts(g) if p["part"] == "mainland"]
        assert sorted(mainland) == sorted(p.code for p in registry.units(vintage))
    rows = maps.map_rows(pci2019, maps.load_geojson(geo_dir, 63), lang="vi")
    by_code = {r["code"]: r["value"] for r in rows if r["part"] == "mainland"}
    assert by_code == dict(zip(pci2019["province_code"], pci2019["value"], strict=True))


def test_missing_provinces_get_the_no_data_layer_and_legend(geo_dir, pci2019):
    values = without(pci2019, [CAN_THO]).copy()  # Cần Thơ has no row, Hậu Giang a row "missing at source"
    values.loc[values["province_code"] == HAU_GIANG, ["value", "rank", "source_id"]] = pd.NA
    values.loc[values["province_code"] == HAU_GIANG, "status"] = "missing"
    d = spec(maps.choropleth(values, maps.load_geojson(geo_dir, 63), vintage=63, indicator_meta=META, lang="vi"))
    rows = {r["code"]: r for r in dataset(d) if r["part"] == "mainland"}
    assert rows[CAN_THO]["value"] is None and rows[HAU_GIANG]["value"] is None  # never 0
    assert rows[CAN_THO]["value_text"] == rows[HAU_GIANG]["value_text"] == "Không có số liệu"
    assert rows[HAU_GIANG]["status_text"] == "không có số liệu" and rows[HAU_GIANG]["rank_text"] == "–"
    (no_data,) = layers_with(d, lambda layer: "datum.value === null" in filter_of(layer))
    fill = no_data["encoding"]["fill"]
    assert fill["scale"] == {"domain": ["Không có số liệu"], "range": [theme.NO_DATA]}
    assert fill["legend"] is not None
    (value_layer,) = layers_with(d, lambda layer: "datum.value !== null" in filter_of(layer))
    assert value_layer["encoding"]["fill"]["field"] == "value"
    assert d["resolve"]["scale"]["fill"] == "independent"


def test_no_data_legend_only_when_a_province_has_no_value(geo_dir, pci2019):
    d = spec(maps.choropleth(pci2019, maps.load_geojson(geo_dir, 63), vintage=63, indicator_meta=META, lang="en"))
    (no_data,) = layers_with(d, lambda layer: "datum.value === null" in filter_of(layer))
    assert "field" not in no_data["encoding"]["fill"]


@pytest.mark.parametrize(("higher_is_better", "reverse"), [(True, False), (False, True)])
def test_darker_is_better(geo_dir, pci2019, higher_is_better, reverse):
    meta = META | {"higher_is_better": higher_is_better}
    d = spec(maps.choropleth(pci2019, maps.load_geojson(geo_dir, 63), vintage=63, indicator_meta=meta))
    (value_layer,) = layers_with(d, lambda layer: "datum.value !== null" in filter_of(layer))
    scale = value_layer["encoding"]["fill"]["scale"]
    assert scale["scheme"]["name"] == theme.SEQUENTIAL and scale["reverse"] is reverse
    assert value_layer["encoding"]["fill"]["legend"]["title"] == "Điểm (0–100)"


@pytest.mark.parametrize(("lang", "sep"), [("vi", ","), ("en", ".")])
def test_tooltip_values_use_the_language_decimal_mark(geo_dir, pci2019, lang, sep):
    d = spec(maps.choropleth(pci2019, maps.load_geojson(geo_dir, 63), vintage=63, indicator_meta=META, lang=lang))
    ha_noi = next(r for r in dataset(d) if r["code"] == "01")
    value = float(pci2019.loc[pci2019["province_code"] == "01", "value"].iloc[0])
    assert ha_noi["value_text"] == fmt_number(value, lang, 2) and sep in ha_noi["value_text"]
    assert ha_noi["name"] == "Hà Nội"  # diacritics in both languages
    (value_layer,) = layers_with(d, lambda layer: "datum.value !== null" in filter_of(layer))
    fields = [t["field"] for t in value_layer["encoding"]["tooltip"]]
    assert fields == ["name", "value_text", "rank_text", "status_text", "source"]


def test_focus_provinces_are_outlined(geo_dir, pci2019):
    focus = (TUYEN_QUANG, SOC_TRANG)
    d = spec(maps.choropleth(pci2019, maps.load_geojson(geo_dir, 63), vintage=63, indicator_meta=META,
                             focus_codes=focus))  # fmt: skip
    (layer,) = layers_with(d, lambda layer: '["08", "94"]' in filter_of(layer))
    assert layer["mark"]["filled"] is False and layer["mark"]["strokeWidth"] >= 2
    no_focus = spec(maps.choropleth(pci2019, maps.load_geojson(geo_dir, 63), vintage=63, indicator_meta=META))
    assert not layers_with(no_focus, lambda layer: "indexof(" in filter_of(layer))


def test_click_selects_a_province_by_code(geo_dir, pci2019, registry):
    for chart in (
        maps.choropleth(pci2019, maps.load_geojson(geo_dir, 63), vintage=63, indicator_meta=META),
        maps.merger_map(maps.load_geojson(geo_dir, 34), maps.load_outlines(geo_dir), registry),
    ):
        (param,) = [p for p in spec(chart)["params"] if p["name"] == maps.SELECTION]
        assert param["select"]["type"] == "point" and param["select"]["fields"] == ["code"]


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        ("vi", ["Quần đảo Hoàng Sa (Đà Nẵng)", "Quần đảo Trường Sa (Khánh Hòa)"]),
        ("en", ["Hoàng Sa archipelago (Đà Nẵng)", "Trường Sa archipelago (Khánh Hòa)"]),
    ],
)
def test_archipelagos_are_drawn_and_labelled(geo_dir, pci2019, lang, labels):
    d = spec(maps.choropleth(pci2019, maps.load_geojson(geo_dir, 63), vintage=63, indicator_meta=META, lang=lang))
    texts = [row["text"] for rows in d["datasets"].values() for row in rows if "text" in row]
    assert [text.replace("\n", " ") for text in texts] == labels  # name, then its province on a second line
    assert not any(w in json.dumps(d, ensure_ascii=False) for w in ("Paracel", "Spratly"))
    parts = {(r["code"], r["part"]) for r in dataset(d)}
    assert {("48", "hoang_sa"), ("56", "truong_sa")} <= parts
    (islets,) = layers_with(d, lambda layer: "datum.part !== 'mainland'" in filter_of(layer))
    assert islets["mark"]["stroke"]


@pytest.mark.parametrize("vintage", [63, 34])
def test_truong_sa_is_in_an_inset_so_the_mainland_keeps_its_size(geo_dir, vintage):
    rows = maps.display_parts(maps.load_geojson(geo_dir, vintage))
    frame = np.array(maps.inset_frame()["geometry"]["coordinates"])

    def coords(rows):
        return np.array([pt for r in rows for poly in r["geometry"]["coordinates"] for ring in poly for pt in ring])

    truong_sa = coords([r for r in rows if r["part"] == "truong_sa"])
    assert len(truong_sa) and (truong_sa >= frame.min(axis=0)).all() and (truong_sa <= frame.max(axis=0)).all()
    drawn = coords(rows)
    assert drawn[:, 0].max() < 114  # the true extent reaches 117.8°E
    hoang_sa = coords([r for r in rows if r["part"] == "hoang_sa"])
    assert hoang_sa[:, 0].min() > 111  # Hoàng Sa stays where it is


@pytest.mark.parametrize(("vintage", "boundary"), [(63, "Open Development Mekong"), (34, "vietnamese-provinces")])
def test_attribution_under_every_map(geo_dir, registry, pci2019, vintage, boundary):
    values = pci2019 if vintage == 63 else maps.estimate_34(pci2019, maps.load_weights(geo_dir), registry)
    chart = maps.choropleth(values, maps.load_geojson(geo_dir, vintage), vintage=vintage, indicator_meta=META,
                            attribution="VCCI & USAID, PCI 2019")  # fmt: skip
    lines = [r["line"].replace("\n", " ") for rows in spec(chart)["datasets"].values() for r in rows if "line" in r]
    assert boundary in lines[0] and "CC BY-SA 4.0" in lines[0] if vintage == 63 else boundary in lines[0]
    assert lines[-1] == "VCCI & USAID, PCI 2019"


def test_computed_estimates_are_outlined_dashed_with_a_legend_and_a_note(geo_dir, registry, pci2019):
    est = maps.estimate_34(pci2019, maps.load_weights(geo_dir), registry)
    d = spec(maps.choropleth(est, maps.load_geojson(geo_dir, 34), vintage=34, indicator_meta=META, title="PCI 2019"))
    (layer,) = layers_with(d, lambda layer: "strokeDash" in layer.get("encoding", {}))
    assert layer["encoding"]["strokeDash"]["scale"]["range"] == [theme.COMPUTED_DASH]
    assert "datum.status === 'computed'" in filter_of(layer)
    assert any("ước tính" in line for line in d["title"]["subtitle"])
    assert {r["status_text"] for r in dataset(d)} == {"Ước tính theo dân số (tính toán)"}
    published = spec(maps.choropleth(pci2019, maps.load_geojson(geo_dir, 63), vintage=63, indicator_meta=META))
    assert not layers_with(published, lambda layer: "strokeDash" in layer.get("encoding", {}))


def test_payload_of_each_map_is_small(geo_dir, registry, pci2019):
    charts = {
        "63": maps.choropleth(pci2019, maps.load_geojson(geo_dir, 63), vintage=63, indicator_meta=META),
        "34": maps.choropleth(
            maps.estimate_34(pci2019, maps.load_weights(geo_dir), registry),
            maps.load_geojson(geo_dir, 34),
            vintage=34,
            indicator_meta=META,
        ),  # fmt: skip
        "merger": maps.merger_map(maps.load_geojson(geo_dir, 34), maps.load_outlines(geo_dir), registry),
    }
    sizes = {k: len(json.dumps(c.to_dict()).encode()) for k, c in charts.items()}
    assert all(n < MAX_PAYLOAD for n in sizes.values()), sizes


def test_estimate_is_population_weighted_and_labelled_computed(geo_dir, registry, pci2019):
    weights = maps.load_weights(geo_dir)
    est = maps.estimate_34(pci2019, weights, registry).set_index("province_code")
    assert len(est) == 34 and (est["status"] == "computed").all() and est["rank"].isna().all()
    assert est["method"].str.contains("population").all()
    w = weights.set_index("code63")["weight"]
    v = pci2019.set_index("province_code")["value"]
    expected = sum(w[c] * v[c] for c in (CAN_THO, HAU_GIANG, SOC_TRANG))
    assert est.loc[CAN_THO, "value"] == pytest.approx(expected)
    assert min(v[c] for c in (CAN_THO, HAU_GIANG, SOC_TRANG)) <= est.loc[CAN_THO, "value"] <= v.max()


def test_estimate_is_missing_when_a_former_province_has_no_value(geo_dir, registry, pci2019):
    est = maps.estimate_34(without(pci2019, [HAU_GIANG]), maps.load_weights(geo_dir), registry)
    est = est.set_index("province_code")
    assert pd.isna(est.loc[CAN_THO, "value"]) and est.loc[CAN_THO, "status"] == "missing"
    assert HAU_GIANG in est.loc[CAN_THO, "method"]
    assert est.drop(index=CAN_THO)["status"].eq("computed").all()


def test_estimate_refuses_years_after_the_merger(geo_dir, registry, pci2019):
    with pytest.raises(ValueError, match="2025"):
        maps.estimate_34(pci2019.assign(year=2025), maps.load_weights(geo_dir), registry)


@pytest.mark.parametrize(
    ("code34", "codes", "names"),
    [
        (CAN_THO, "92 93 94", "Cần Thơ, Hậu Giang, Sóc Trăng"),
        (TUYEN_QUANG, "02 08", "Hà Giang, Tuyên Quang"),
        ("01", "01", "Hà Nội"),
    ],
)
def test_merger_table(registry, code34, codes, names):
    table = maps.merger_table(registry, "vi").set_index("code")
    assert (table.loc[code34, "former_codes"], table.loc[code34, "former_provinces"]) == (codes, names)
    assert len(table) == 34 and table["n_former"].sum() == 63


@pytest.mark.parametrize(
    ("code34", "codes"), [(CAN_THO, [CAN_THO, HAU_GIANG, SOC_TRANG]), (TUYEN_QUANG, [HA_GIANG, TUYEN_QUANG])]
)
def test_siblings_are_the_former_provinces(registry, pci2019, code34, codes):
    rows = maps.siblings(pci2019, registry, code34)
    assert rows["province_code"].tolist() == codes
    assert (rows["vintage"] == 63).all()


def test_merger_map_draws_the_dissolved_borders_dashed(geo_dir, registry):
    d = spec(maps.merger_map(maps.load_geojson(geo_dir, 34), maps.load_outlines(geo_dir), registry, lang="en"))
    (old,) = layers_with(d, lambda layer: "strokeDash" in layer.get("encoding", {}))
    assert old["mark"]["filled"] is False and old["encoding"]["strokeDash"]["legend"] is not None
    lines = [r["line"].replace("\n", " ") for rows in d["datasets"].values() for r in rows if "line" in r]
    assert "vietnamese-provinces-database" in lines[0] and "Open Development Mekong" in lines[1]
    rows = {r["code"]: r for r in dataset(d) if r.get("part") == "mainland"}
    assert rows[CAN_THO]["former"] == "Cần Thơ, Hậu Giang, Sóc Trăng"


@pytest.mark.slow
def test_rendered_map_is_not_a_filled_rectangle(geo_dir, pci2019):
    """Counter-clockwise rings make Vega-Lite fill the whole view: most of the picture must stay white."""
    import vl_convert
    from PIL import Image

    chart = maps.choropleth(without(pci2019, [CAN_THO]), maps.load_geojson(geo_dir, 63), vintage=63,
                            indicator_meta=META)  # fmt: skip
    img = np.asarray(Image.open(io.BytesIO(vl_convert.vegalite_to_png(chart.to_json(), scale=1))).convert("L"))
    assert 0.15 < (img < 250).mean() < 0.6


def test_english_map_tooltips_keep_the_diacritics_and_the_legend_says_score(geo_dir, pci2019):
    d = spec(maps.choropleth(pci2019, maps.load_geojson(geo_dir, 63), vintage=63, indicator_meta=META, lang="en"))
    names = {r["name"] for r in dataset(d)}
    assert "Bạc Liêu" in names and "Bac Lieu" not in names
    (value_layer,) = layers_with(d, lambda layer: layer.get("encoding", {}).get("fill", {}).get("field") == "value")
    assert value_layer["encoding"]["fill"]["legend"]["title"] == "Score (0–100)"


def test_merger_map_tooltips_keep_the_diacritics_in_english(geo_dir, registry):
    g34, outlines = maps.load_geojson(geo_dir, 34), maps.load_outlines(geo_dir)
    d = spec(maps.merger_map(g34, outlines, registry, lang="en"))
    names = {r["name"] for r in dataset(d)}
    assert "Cần Thơ" in names and "Can Tho" not in names


def _shape_layers_without_tooltip(d: dict) -> list[dict]:
    """Geoshape layers drawn from the map's own dataset (hoverable provinces) that carry no tooltip."""
    out = []
    for layer in d["layer"]:
        mark = layer["mark"] if isinstance(layer["mark"], dict) else {"type": layer["mark"]}
        if mark["type"] == "geoshape" and "data" not in layer and "tooltip" not in layer.get("encoding", {}):
            out.append(layer)
    return out


def test_outlined_provinces_show_the_same_tooltip_as_the_others(geo_dir, registry, pci2019):
    """A chosen (outlined), estimated (dashed) or island shape lies on top of its province: without its own tooltip
    the browser shows "true" for exactly the province a leader chose."""
    g63, g34 = maps.load_geojson(geo_dir, 63), maps.load_geojson(geo_dir, 34)
    est = maps.estimate_34(pci2019, maps.load_weights(geo_dir), registry)
    charts = [
        maps.choropleth(pci2019, g63, vintage=63, indicator_meta=META, focus_codes=[TUYEN_QUANG]),
        maps.choropleth(est, g34, vintage=34, indicator_meta=META, focus_codes=[CAN_THO], lang="en"),
        maps.merger_map(g34, maps.load_outlines(geo_dir), registry, focus_codes=[CAN_THO]),
    ]
    for chart in charts:
        assert not _shape_layers_without_tooltip(spec(chart))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_estimate_legend_and_note_are_wrapped_to_fit_the_map(geo_dir, registry, pci2019, lang):
    """The dashed-outline legend sits in a 125 px column and the note under a phone's title: both in short lines."""
    est = maps.estimate_34(pci2019, maps.load_weights(geo_dir), registry)
    geo = maps.load_geojson(geo_dir, 34)
    d = spec(maps.choropleth(est, geo, vintage=34, indicator_meta=META, title="PCI", lang=lang))
    (layer,) = layers_with(d, lambda layer: "strokeDash" in layer.get("encoding", {}))
    dash = layer["encoding"]["strokeDash"]
    assert "split(datum.label" in dash["legend"]["labelExpr"]
    assert all(len(line) <= maps.LEGEND_CHARS for line in dash["scale"]["domain"][0].split(maps.LINE_BREAK))
    note = d["title"]["subtitle"][1:]
    assert len(note) > 1 and all(len(line) <= maps.SUBTITLE_CHARS for line in note)


@pytest.mark.parametrize(("lang", "word"), [("vi", "Ước tính theo dân số"), ("en", "Population-weighted estimate")])
def test_the_estimate_legend_names_an_estimate_never_a_score(geo_dir, registry, pci2019, lang, word):
    """The 34-province estimate's colour legend says what it is (a computed estimate), not 'Điểm' / 'Score'."""
    est = maps.estimate_34(pci2019, maps.load_weights(geo_dir), registry)
    d = spec(maps.choropleth(est, maps.load_geojson(geo_dir, 34), vintage=34, indicator_meta=META, lang=lang))
    (layer,) = layers_with(d, lambda layer: "legend" in layer.get("encoding", {}).get("fill", {}) and
                           layer["encoding"]["fill"].get("type") == "quantitative")  # fmt: skip
    title = " ".join(np.atleast_1d(layer["encoding"]["fill"]["legend"]["title"]))
    assert word in title and ("tính toán" if lang == "vi" else "computed") in title and "0–100" in title
    assert "Điểm" not in title and "Score" not in title
    published = spec(maps.choropleth(pci2019, maps.load_geojson(geo_dir, 63), vintage=63, indicator_meta=META))
    (value,) = layers_with(
        published, lambda layer: layer.get("encoding", {}).get("fill", {}).get("type") == "quantitative"
    )
    assert value["encoding"]["fill"]["legend"]["title"] == "Điểm (0–100)"
