"""Map builders: choropleths of one index-year on the 63 or 34 provinces, the 2025 merger map, computed estimates.

Pure functions, no Streamlit. Values are joined to shapes by GSO code in Python (never by name), so each chart
carries one inline dataset (geometry + values) that every layer filters. Provinces without a value are drawn in the
no-data style with their own legend entry, never as a low score; computed estimates have a dashed outline and a
legend entry. The Trường Sa archipelago is drawn in a framed inset so the mainland keeps its size; both
archipelagos are labelled as on official Vietnamese maps. Clicking a province selects it (param "province", field
"code"), for `st.altair_chart(..., on_select="rerun")`.
"""

from __future__ import annotations

import json
import textwrap
from functools import lru_cache
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd

from dashboard import theme
from dashboard.i18n import d3_format_locale, fmt_number, has, indicator_name, localized, t
from dashboard.merger import MERGER_SOURCES
from dashboard.ranks import rank_cell
from loaders.common import COLUMNS

SELECTION = "province"  # the selection param name the pages read
WIDTH, HEIGHT = 440, 640
LINE_BREAK = "\n"  # where a map's text mark starts a new line
LABEL_LINE = 13  # line height of the archipelago labels (11 px type), pixels
FOOTER_CHARS = 58  # attribution lines wrapped to fit a phone's map (about 330 px of 10 px type)
COLUMN = WIDTH + 14  # the widest a map is drawn on screen: its natural width with Vega's padding
SCHEME = {"name": theme.SEQUENTIAL, "extent": [0.18, 1.0]}  # the lightest blues are kept apart from no-data grey
NO_DATA_STROKE = "#8c8c8c"
BORDER = "white"
FOCUS_STROKE = "#111111"
HIGHLIGHT_STROKE = "#7b2cbf"  # the province found by the search: purple, apart from the blues and the tier ramp
ISLET_STROKE = "#4d4d4d"
OUTLINE_63 = "#3b3b3b"
MAX_ESTIMATE_YEAR = 2024  # population weights are for 2024; the 63 provinces ended on 2025-06-30
# Trường Sa is moved into a framed inset in the sea east of the southern coast: a window of the true map is
# scaled by INSET_SCALE and put at the frame's south-west corner. Hoàng Sa stays where it is.
INSET_WINDOW = (109.3, 6.9, 118.0, 12.2)  # lon/lat box around the archipelago (both sources)
INSET_ORIGIN = (109.7, 8.4)  # where the window's south-west corner is drawn
INSET_SCALE = 0.46
# Legends stacked in one column in the top-right corner of the map, over the sea east of the northern coast:
# slot -> (distance from the right edge, distance from the top), pixels.
LEGEND_SLOTS = {"value": (125, 0), "no_data": (125, 192), "estimate": (125, 214), "merged": (165, 0), "old": (165, 80)}


def legend_at(slot: str, width=None) -> dict:
    """Legend placement and type size for one slot of the legend column, measured from the map's drawn right edge
    (so it holds at any width, the column's included)."""
    dx, y = LEGEND_SLOTS[slot]
    x = alt.ExprRef(f"width - {dx}")
    # one entry per row: the theme's wrapped columns are for legends below a chart
    return {"orient": "none", "legendX": x, "legendY": y, "labelFontSize": 11, "titleFontSize": 11, "columns": 1}


def fit_column(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The map as wide as the column it is drawn in (never wider than WIDTH: the page caps the column), scaled with
    its inset, island labels, legends and attribution lines inside the frame."""
    return chart.properties(width="container", autosize={"type": "fit-x", "contains": "padding"})


MERGER_COLORS = {1: "#f2f2f2", 2: "#c6dbef", 3: "#6baed6"}


def merger_source_rows() -> pd.DataFrame:
    """The (source_id, year) rows a merger map or its parts are credited with."""
    return pd.DataFrame({"source_id": list(MERGER_SOURCES), "year": [2025] * len(MERGER_SOURCES)})


class MapDataError(FileNotFoundError):
    """A geography file of the build is missing."""


def s(key: str, lang: str, **kw) -> str:
    """A map string in the language (falls back to the shared i18n table)."""
    return t(f"maps_{key}", lang, **kw) if has(f"maps_{key}") else t(key, lang, **kw)


# --- Geography files of the build. ---


def _read_json(path: Path) -> dict:
    if not path.exists():
        raise MapDataError(f"{path} not found. Run `make data` (python -m loaders build) to write the map files.")
    return _cached_json(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _cached_json(path: str, _mtime: int) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def load_geojson(data_dir, vintage: int) -> dict:
    """The provinces FeatureCollection of a vintage (63 or 34) from a build folder."""
    if vintage not in (63, 34):
        raise ValueError(f"vintage must be 63 or 34, not {vintage!r}")
    return _read_json(Path(data_dir) / f"provinces_{vintage}.geojson")


def load_outlines(data_dir) -> dict:
    """The 63-province border lines (flag `dissolved` for borders inside a new province)."""
    return _read_json(Path(data_dir) / "outlines_63.geojson")


def load_weights(data_dir) -> pd.DataFrame:
    """Population weights of the former provinces within each new one (population_weights.csv)."""
    path = Path(data_dir) / "population_weights.csv"
    if not path.exists():
        raise MapDataError(f"{path} not found. Run `make data` (python -m loaders build).")
    return pd.read_csv(path, dtype={"code63": "string", "code34": "string"})


# --- Geometry for display: the Trường Sa inset. ---


def to_inset(lon: float, lat: float, decimals: int = 4) -> tuple[float, float]:
    """Where a point of the Trường Sa window is drawn in the inset."""
    x0, y0 = INSET_WINDOW[:2]
    x, y = INSET_ORIGIN[0] + (lon - x0) * INSET_SCALE, INSET_ORIGIN[1] + (lat - y0) * INSET_SCALE
    return round(x, decimals), round(y, decimals)


def inset_ring(ring: list) -> list:
    """A ring moved into the inset: 3 decimals where the islet keeps a triangle at least, else 4 (never lost)."""
    pts = [list(to_inset(x, y, 3)) for x, y in ring]
    pts = [p for i, p in enumerate(pts) if i == 0 or p != pts[i - 1]]
    if len({tuple(p) for p in pts}) >= 3:
        return pts
    return [list(to_inset(x, y, 4)) for x, y in ring]


def _polygons(geometry: dict) -> list:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def display_parts(geo: dict) -> list[dict]:
    """Features for drawing: each province split into mainland and archipelago parts, Trường Sa moved to the inset.

    Each item has `code` and `part` ("mainland", "hoang_sa" or "truong_sa") next to the GeoJSON keys; the build tags
    the archipelago polygons of each shape (`archipelago_parts`, loaders/geo/features.py).
    """
    out = []
    for f in geo["features"]:
        code = f["properties"]["code"]
        tagged = {i: key for key, idx in f["properties"].get("archipelago_parts", {}).items() for i in idx}
        groups: dict[str, list] = {}
        for i, poly in enumerate(_polygons(f["geometry"])):
            part = tagged.get(i, "mainland")
            if part == "truong_sa":
                poly = [inset_ring(ring) for ring in poly]
            groups.setdefault(part, []).append(poly)
        for part, polys in groups.items():
            geometry = {"type": "MultiPolygon", "coordinates": polys}
            out.append({"type": "Feature", "geometry": geometry, "properties": {}, "code": code, "part": part})
    return out


def inset_frame() -> dict:
    """The inset's frame as a GeoJSON line feature (drawn, not filled)."""
    (x0, y0), (x1, y1) = to_inset(*INSET_WINDOW[:2]), to_inset(*INSET_WINDOW[2:])
    ring = [[x0, y0], [x0, y1], [x1, y1], [x1, y0], [x0, y0]]
    return {"type": "Feature", "geometry": {"type": "LineString", "coordinates": ring}, "properties": {}}


def archipelago_labels(geo: dict, lang: str) -> list[dict]:
    """Label rows (lon, lat, text, align) for Hoàng Sa (below the islands) and Trường Sa (above its inset).

    The names are those the build wrote into the shapes' metadata (loaders/geo/archipelagos.csv).
    """
    names = geo.get("metadata", {}).get("archipelagos", {})
    if not {"hoang_sa", "truong_sa"} <= set(names):
        raise MapDataError("the map shapes name no archipelagos: rebuild the data (`make data`)")
    x0, _ = to_inset(*INSET_WINDOW[:2])
    _, y1 = to_inset(*INSET_WINDOW[2:])
    name = localized("name", lang)
    return [
        {"lon": 111.95, "lat": 15.55, "text": _two_lines(names["hoang_sa"][name]), "align": "center"}
        | {"baseline": "top"},
        {"lon": x0, "lat": y1 + 0.12, "text": _two_lines(names["truong_sa"][name]), "align": "left"}
        | {"baseline": "bottom", "dy": -LABEL_LINE},  # its second line ends above the frame
    ]


def _two_lines(name: str) -> str:
    """An archipelago's label as lines: its name, then the province it belongs to (kept inside a phone's map)."""
    head, sep, tail = name.partition(" (")
    return f"{head}{LINE_BREAK}({tail}" if sep else name


# --- Values joined to shapes. ---


def _status_text(status, lang: str, estimate: bool = False) -> str:
    if estimate and status == "computed":
        return s("estimate", lang)
    return t(f"status_{status}", lang) if isinstance(status, str) and status else t("status_missing", lang)


def _given(x):
    """The value, or None where it is blank (None, NaN, NA)."""
    return None if x is None or pd.isna(x) else x


def map_rows(values: pd.DataFrame, geo: dict, *, lang: str, decimals: int = 2, source_names=None) -> list[dict]:
    """Display parts with the value fields of their province (by code); provinces without a row get no value."""
    by_code = {r["province_code"]: {k: _given(v) for k, v in r.items()} for r in values.to_dict("records")}
    names = {f["properties"]["code"]: f["properties"]["name_vi"] for f in geo["features"]}  # diacritics in any language
    source_names = source_names or {}
    rows = []
    for feat in display_parts(geo):
        r = by_code.get(feat["code"], {})
        value = r.get("value")
        status = (r.get("status") or "published") if value is not None else "missing"
        source = r.get("source_id")
        rows.append(
            feat
            | {
                "name": names[feat["code"]],
                "value": float(value) if value is not None else None,
                "value_text": fmt_number(value, lang, decimals) if value is not None else t("no_data", lang),
                "rank_text": rank_cell(r.get("rank"), r.get("rank_status"), lang),
                "status": status,
                "status_text": _status_text(status, lang, estimate=bool(r.get("method"))),
                "source": source_names.get(source, source) if source else "–",
                "tier": r.get("tier"),
            }
        )
    return rows


# --- Chart parts. ---


def _tooltip(lang: str) -> list[alt.Tooltip]:
    return [
        alt.Tooltip("name:N", title=t("province", lang)),
        alt.Tooltip("value_text:N", title=t("value", lang)),
        alt.Tooltip("rank_text:N", title=t("rank", lang)),
        alt.Tooltip("status_text:N", title=t("status", lang)),
        alt.Tooltip("source:N", title=t("source", lang)),
    ]


def unit_label(indicator_meta: dict, lang: str, estimate: bool = False) -> str:
    """Legend title: the indicator's unit (or, for a computed estimate, what it is) and scale in the language."""
    unit = indicator_meta.get("unit", "points")
    label = s(f"unit_{unit}", lang) if has(f"maps_unit_{unit}") else unit
    label = s("estimate", lang) if estimate else label
    lo, hi = indicator_meta.get("scale_min"), indicator_meta.get("scale_max")
    if lo is not None and hi is not None and not (pd.isna(lo) or pd.isna(hi)):
        label += f" ({fmt_number(lo, lang, 0)}–{fmt_number(hi, lang, 0)})"
    return label


def _base(data=None) -> alt.Chart:
    """A geoshape base: with its own data, or (None) the map's dataset given once to the layer chart."""
    return (alt.Chart(data) if data is not None else alt.Chart()).project(type="mercator")


def _no_data_layer(data, lang, *, legend: bool, width: int) -> alt.Chart:
    label = t("no_data", lang)
    fill = (
        alt.Fill("nodata_label:N")
        .scale(domain=[label], range=[theme.NO_DATA])
        .legend(
            title=None,
            symbolType="square",
            symbolStrokeColor=NO_DATA_STROKE,
            symbolStrokeWidth=1,
            **legend_at("no_data", width),
        )
        if legend
        else alt.value(theme.NO_DATA)
    )
    return (
        _base(data)
        .mark_geoshape(stroke=NO_DATA_STROKE, strokeWidth=0.6)
        .transform_filter("datum.value === null")
        .transform_calculate(nodata_label=f"{json.dumps(label)}")
        .encode(fill=fill, tooltip=_tooltip(lang))
    )


def _value_layer(data, indicator_meta, lang, width: int, estimate: bool = False) -> alt.Chart:
    better_high = indicator_meta.get("higher_is_better", True)
    better_high = True if better_high is None or pd.isna(better_high) else bool(better_high)
    scale = alt.Scale(scheme=SCHEME, zero=False, nice=False, reverse=not better_high)
    label = unit_label(indicator_meta, lang, estimate)
    return (
        _base(data)
        .mark_geoshape(stroke=BORDER, strokeWidth=0.5)
        .transform_filter("datum.value !== null")
        .encode(
            fill=alt.Fill("value:Q")
            .scale(scale)
            .legend(
                title=textwrap.wrap(label, LEGEND_CHARS, break_long_words=False, break_on_hyphens=False)
                if estimate
                else label,
                direction="vertical",
                gradientLength=150,
                **legend_at("value", width),
            ),
            tooltip=_tooltip(lang),
        )
    )


LEGEND_CHARS = 18  # a legend label wrapped to fit the legend column (125 px of 11 px type, symbol included)
SUBTITLE_CHARS = 42  # a subtitle line that fits a phone's map (a 47-character line is cut at 390 px)


def _computed_layer(data, lang, width: int) -> alt.Chart:
    label = LINE_BREAK.join(textwrap.wrap(s("estimate", lang), LEGEND_CHARS))
    return (
        _base(data)
        .mark_geoshape(filled=False, stroke=FOCUS_STROKE, strokeWidth=1.2)
        .transform_filter("datum.status === 'computed' && datum.part === 'mainland'")
        .transform_calculate(estimate_label=json.dumps(label))
        .encode(
            strokeDash=alt.StrokeDash("estimate_label:N")
            .scale(domain=[label], range=[theme.COMPUTED_DASH])
            .legend(
                title=None,
                symbolType="square",
                labelExpr=f"split(datum.label, {json.dumps(LINE_BREAK)})",
                **legend_at("estimate", width),
            ),
            tooltip=_tooltip(lang),
        )
    )


# An outline drawn over a province is what the pointer meets there: it carries the province's own tooltip (without
# one the browser shows "true" on exactly the province a leader chose).


def _focus_layer(data, focus_codes, tooltip) -> alt.Chart:
    codes = json.dumps([str(c) for c in focus_codes])
    return (
        _base(data)
        .mark_geoshape(filled=False, stroke=FOCUS_STROKE, strokeWidth=2.2)
        .transform_filter(f"indexof({codes}, datum.code) >= 0 && datum.part === 'mainland'")
        .encode(tooltip=tooltip)
    )


def _highlight_layer(data, code: str, tooltip) -> alt.Chart:
    """The province found by the map's search: a thick dark outline over every part of it."""
    return (
        _base(data)
        .mark_geoshape(filled=False, stroke=HIGHLIGHT_STROKE, strokeWidth=3.4)
        .transform_filter(f"datum.code === {json.dumps(str(code))}")
        .encode(tooltip=tooltip)
    )


def label_points(geo: dict) -> list[dict]:
    """One label per province: its name at a point inside its largest mainland polygon (lon, lat, name, code)."""
    import shapely.geometry

    names = {f["properties"]["code"]: f["properties"]["name_vi"] for f in geo["features"]}
    out = []
    for feat in display_parts(geo):
        if feat["part"] != "mainland":
            continue
        shape = shapely.geometry.shape(feat["geometry"])
        largest = max(getattr(shape, "geoms", [shape]), key=lambda g: g.area)
        p = largest.representative_point()
        out.append({"lon": round(p.x, 4), "lat": round(p.y, 4), "label": names[feat["code"]], "code": feat["code"]})
    return out


def _label_layer(geo: dict) -> alt.LayerChart:
    """The provinces' names, dark on a white halo."""
    base = alt.Chart({"values": label_points(geo)}).encode(longitude="lon:Q", latitude="lat:Q", text="label:N")
    halo = base.mark_text(fontSize=7, color="white", stroke="white", strokeWidth=2.5, strokeOpacity=0.8)
    return alt.layer(halo, base.mark_text(fontSize=7, color="#1a1a1a")).project(type="mercator")


def _tier_layer(data, tiers: dict[str, str], title: str, lang: str, width: int, untiered: bool) -> alt.Chart:
    """Provinces with a figure coloured by their published tier (best first); those without a tier in grey."""
    none = s("no_tier", lang)
    domain, colours = [*tiers, *([none] if untiered else [])], [*tiers.values(), *([theme.NO_DATA] if untiered else [])]
    return (
        _base(data)
        .mark_geoshape(stroke=BORDER, strokeWidth=0.5)
        .transform_filter("datum.value !== null")
        .transform_calculate(tier_label=f"datum.tier === null ? {json.dumps(none)} : datum.tier")
        .encode(
            fill=alt.Fill("tier_label:N")
            .scale(domain=domain, range=colours)
            .legend(title=title, symbolType="square", symbolStrokeColor=NO_DATA_STROKE, **legend_at("value", width)),
            tooltip=[*_tooltip(lang), alt.Tooltip("tier_label:N", title=t("col_tier", lang))],
        )
    )


def _islet_layer(data, tooltip) -> alt.Chart:
    """Archipelago islets outlined so that they stay visible at map scale."""
    return (
        _base(data)
        .mark_geoshape(filled=False, stroke=ISLET_STROKE, strokeWidth=0.9)
        .transform_filter("datum.part !== 'mainland'")
        .encode(tooltip=tooltip)
    )


def _inset_layers(geo: dict, lang: str) -> list[alt.Chart]:
    frame = _base({"values": [inset_frame()]}).mark_geoshape(
        filled=False, stroke="#7a7a7a", strokeWidth=0.8, strokeDash=[1, 0]
    )
    labels = [
        alt.Chart({"values": [row]})
        .mark_text(fontSize=11, fontStyle="italic", color="#333333", lineBreak=LINE_BREAK, **_placed(row))
        .encode(longitude="lon:Q", latitude="lat:Q", text="text:N")
        for row in archipelago_labels(geo, lang)
    ]
    return [frame, *labels]


def _placed(row: dict) -> dict:
    return {"align": row["align"], "baseline": row["baseline"], "dy": row.get("dy", 0)}


def _footer(lines: list[str], height: int) -> alt.Chart:
    rows, y = [], height + 14
    for line in (x for x in lines if x):
        wrapped = textwrap.wrap(line, FOOTER_CHARS)  # one source per row, wrapped to fit
        rows.append({"line": LINE_BREAK.join(wrapped), "y": y})
        y += 13 * len(wrapped)
    return (
        alt.Chart({"values": rows})
        .mark_text(align="left", baseline="top", fontSize=10, color="#666666", lineBreak=LINE_BREAK)
        .encode(x=alt.value(0), y=alt.Y("y:Q", scale=None), text="line:N")
    )


def _localized(chart, lang: str):
    return chart.configure(locale=alt.Locale(number=d3_format_locale(lang)))


def choropleth(
    values: pd.DataFrame,
    geo: dict,
    *,
    vintage: int,
    indicator_meta: dict,
    lang: str = "vi",
    focus_codes=(),
    title: str | None = None,
    attribution: str | list[str] | None = None,
    source_names: dict | None = None,
    decimals: int = 2,
    width: int = WIDTH,
    height: int = HEIGHT,
    highlight: str | None = None,
    labels: bool = False,
    tiers: dict[str, str] | None = None,
    tier_title: str = "",
) -> alt.LayerChart:
    """A choropleth of one index/indicator/year slice of the tidy table (COLUMNS) on the shapes of `vintage`.

    `attribution` is the data source line(s) shown under the map after the boundary attribution; `highlight` a
    province outlined in bold (the search), `labels` draws the names, `tiers` (label → colour, best first) colours
    the provinces by their published tier instead of the value.
    """
    _check_slice(values, vintage)
    rows = map_rows(values, geo, lang=lang, decimals=decimals, source_names=source_names)
    data = None  # the layers share the chart's one dataset
    missing = any(r["value"] is None for r in rows)
    computed = any(r["status"] == "computed" for r in rows)
    estimate = "method" in values and values["method"].notna().any()
    layers = [
        _no_data_layer(data, lang, legend=missing, width=width),
        _tier_layer(data, tiers, tier_title, lang, width, any(r["value"] is not None and not r["tier"] for r in rows))
        if tiers
        else _value_layer(data, indicator_meta, lang, width, estimate),
    ]
    layers[1] = layers[1].add_params(alt.selection_point(name=SELECTION, fields=["code"], on="click", clear="dblclick"))
    if computed:
        layers.append(_computed_layer(data, lang, width))
    layers.append(_islet_layer(data, _tooltip(lang)))
    if len(focus_codes):
        layers.append(_focus_layer(data, focus_codes, _tooltip(lang)))
    if highlight:
        layers.append(_highlight_layer(data, highlight, _tooltip(lang)))
    if labels:
        layers.append(_label_layer(geo))
    extra = [attribution] if isinstance(attribution, str) else list(attribution or [])
    lines = [t(f"map_attribution_{vintage}", lang), *extra]
    layers += [*_inset_layers(geo, lang), _footer(lines, height)]
    name = indicator_name(indicator_meta, lang)
    subtitle = [name] + (textwrap.wrap(s("estimate_note", lang), SUBTITLE_CHARS) if computed else [])
    chart = (
        alt.layer(*layers, data={"values": rows})
        .resolve_scale(fill="independent")
        .properties(
            width=width,
            height=height,
            title=alt.TitleParams(title or name, subtitle=subtitle if title else subtitle[1:]),
        )
    )
    return _localized(chart, lang)


def _check_slice(values: pd.DataFrame, vintage: int) -> None:
    missing = [c for c in ("province_code", "value", "status") if c not in values]
    if missing:
        raise ValueError(f"values need the columns {missing} (see loaders.common.COLUMNS)")
    if "vintage" in values and len(values) and set(values["vintage"].astype(int)) != {vintage}:
        raise ValueError(f"values are of vintage {sorted(set(values['vintage']))}, the map of vintage {vintage}")
    keys = [c for c in ("index", "indicator", "year") if c in values]
    if keys and len(values.drop_duplicates(keys)) > 1:
        raise ValueError(f"values hold more than one {'/'.join(keys)}: pass a slice for one map")
    if values["province_code"].duplicated().any():
        raise ValueError("values hold a province twice: pass one index/indicator/year slice")


# --- The merger of 2025. ---


def merger_table(registry, lang: str = "vi") -> pd.DataFrame:
    """Which former provinces form each new one: code, province, former_codes, former_provinces, n_former."""
    rows = []
    for p in registry.units(34):
        members = registry.members(p.code)
        rows.append(
            {
                "code": p.code,
                "province": registry.name(p.code, 34, lang),
                "former_codes": " ".join(m.code for m in members),
                "former_provinces": ", ".join(registry.name(m.code, 63, lang) for m in members),
                "n_former": len(members),
            }
        )
    return pd.DataFrame(rows)


def merger_map(
    geo34: dict,
    outlines63: dict,
    registry,
    *,
    lang: str = "vi",
    focus_codes=(),
    title: str | None = None,
    attribution: str | list[str] | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> alt.LayerChart:
    """The 34 new provinces, shaded by how many former provinces each joins, with the dissolved 63 borders dashed."""
    table = merger_table(registry, lang).set_index("code")
    rows = []
    for feat in display_parts(geo34):
        r = table.loc[feat["code"]]
        n = int(r["n_former"])
        rows.append(
            feat
            | {
                "name": registry.name(feat["code"], 34, "vi"),  # diacritics in any language
                "former": ", ".join(m.name_vi for m in registry.members(feat["code"])),
                "merged": s(f"merged_{n}", lang),
                "n_former": n,
            }
        )
    data = None  # the layers share the chart's one dataset
    domain = [s(f"merged_{n}", lang) for n in sorted(MERGER_COLORS)]
    fill = (
        alt.Fill("merged:N")
        .scale(domain=domain, range=list(MERGER_COLORS.values()))
        .legend(
            title=s("merged_from", lang),
            symbolType="square",
            symbolStrokeColor=NO_DATA_STROKE,
            **legend_at("merged", width),
        )
    )
    tooltip = [
        alt.Tooltip("name:N", title=s("new_province", lang)),
        alt.Tooltip("former:N", title=s("former_provinces", lang)),
    ]
    provinces = (
        _base(data)
        .mark_geoshape(stroke="#525252", strokeWidth=0.9)
        .encode(fill=fill, tooltip=tooltip)
        .add_params(alt.selection_point(name=SELECTION, fields=["code"], on="click", clear="dblclick"))
    )
    dissolved = [f for f in outlines63["features"] if f["properties"].get("dissolved")]
    old_label = s("old_borders", lang)
    old = (
        _base({"values": [{"type": "Feature", "geometry": f["geometry"]} for f in dissolved]})
        .mark_geoshape(filled=False, stroke=OUTLINE_63, strokeWidth=0.6)
        .transform_calculate(old_label=json.dumps(old_label))
        .encode(
            strokeDash=alt.StrokeDash("old_label:N")
            .scale(domain=[old_label], range=[[3, 2]])
            .legend(title=None, **legend_at("old", width))
        )
    )
    layers = [provinces, old, _islet_layer(data, tooltip)]
    if len(focus_codes):
        layers.append(_focus_layer(data, focus_codes, tooltip))
    extra = [attribution] if isinstance(attribution, str) else list(attribution or [])
    lines = [t("map_attribution_34", lang), t("map_attribution_63", lang), *extra]
    layers += [*_inset_layers(geo34, lang), _footer(lines, height)]
    chart = alt.layer(*layers, data={"values": rows}).properties(
        width=width, height=height, title=alt.TitleParams(title or s("merger_title", lang))
    )
    return _localized(chart, lang)


# --- Computed estimates for the 34 provinces and the merger siblings. ---


def estimate_34(values63: pd.DataFrame, weights: pd.DataFrame, registry) -> pd.DataFrame:
    """Population-weighted estimates for the 34 provinces from one index/indicator/year slice of 63-province values.

    Only where every former province has a value; otherwise the row is missing. Every row is status "computed"
    (or "missing"), rank blank, with a `method` note. For display only: never written into values.csv.
    """
    keys = values63[["index", "indicator", "year"]].drop_duplicates()
    if len(keys) != 1:
        raise ValueError(f"estimate_34 needs one index/indicator/year slice, got {len(keys)}")
    if (values63["vintage"].astype(int) != 63).any():
        raise ValueError("estimate_34 needs 63-province values (vintage 63)")
    index, indicator, year = keys.iloc[0]
    if int(year) > MAX_ESTIMATE_YEAR:
        raise ValueError(f"no estimate for {year}: the former provinces ended on 2025-06-30")
    w = dict(zip(weights["code63"], weights["weight"], strict=True))
    known = values63[values63["value"].notna()].set_index("province_code")
    rows = []
    for p in registry.units(34):
        members = list(p.members)
        codes = ", ".join(members)
        have = [c for c in members if c in known.index]
        lacking = [c for c in members if c not in known.index]
        value = float(np.sum([w[c] * float(known.loc[c, "value"]) for c in members])) if not lacking else None
        sources = sorted({str(known.loc[c, "source_id"]) for c in have})
        rows.append(
            {
                "index": index,
                "year": int(year),
                "province_code": p.code,
                "vintage": 34,
                "province": p.name_vi,
                "indicator": indicator,
                "value": value,
                "status": "computed" if value is not None else "missing",
                "source_id": ";".join(sources),
                "source_ref": f"population_weights.csv: {codes}",
                "method": (
                    s("estimate_method", "en", n=len(members), codes=codes)
                    if value is not None
                    else s("estimate_missing", "en", codes=", ".join(lacking))
                ),
            }
        )
    out = pd.DataFrame(rows)
    out["value"] = out["value"].astype("float64")
    for col, dtype in COLUMNS.items():
        if col not in out:
            out[col] = pd.NA
        out[col] = out[col].astype(dtype)
    return out[[*COLUMNS, "method"]]


def siblings(values: pd.DataFrame, registry, code34: str) -> pd.DataFrame:
    """Tidy rows (vintage 63) of the former provinces that form the new province `code34`."""
    codes = [m.code for m in registry.members(code34)]
    rows = values[(values["vintage"].astype(int) == 63) & values["province_code"].isin(codes)]
    order = {c: i for i, c in enumerate(codes)}
    return rows.sort_values(
        ["year", "province_code"], key=lambda c: c.map(order) if c.name == "province_code" else c
    ).reset_index(drop=True)


def parts_map(
    geo63: dict, geo34: dict, registry, code34: str, *, lang: str = "vi", width: int = WIDTH, height: int = HEIGHT
) -> alt.LayerChart:
    """The whole country with one new province's former provinces in their own colours, its new border bold and the
    other provinces grey; Hoàng Sa and Trường Sa drawn and labelled as on every map."""
    members = list(registry.get(code34, 34).members)
    names = {c: registry.name(c, 63, "vi") for c in members}
    rows = [feat | {"name": registry.name(feat["code"], 63, "vi")} for feat in display_parts(geo63)]
    for r in rows:
        r["former"] = names.get(r["code"], s("parts_other", lang))
    fill = (
        alt.Fill("former:N")
        .scale(domain=[*names.values(), s("parts_other", lang)], range=[*theme.PALETTE[: len(names)], theme.NO_DATA])
        .legend(title=s("parts_legend", lang), symbolType="square", **legend_at("merged", width))
    )
    tooltip = [alt.Tooltip("name:N", title=s("former_provinces", lang))]
    provinces = _base().mark_geoshape(stroke=BORDER, strokeWidth=0.5).encode(fill=fill, tooltip=tooltip)
    new_name = registry.name(code34, 34, "vi")
    outline = [f | {"name": new_name} for f in display_parts(geo34) if f["code"] == code34 and f["part"] == "mainland"]
    new_border = (
        _base({"values": outline})
        .mark_geoshape(filled=False, stroke=FOCUS_STROKE, strokeWidth=2.2)
        .encode(tooltip=[alt.Tooltip("name:N", title=s("new_province", lang))])
    )
    lines = [t("map_attribution_63", lang), t("map_attribution_34", lang)]
    insets = _inset_layers(geo34, lang)
    layers = [provinces, new_border, _islet_layer(None, tooltip), *insets, _footer(lines, height)]
    title = s("parts_map_title", lang, name=registry.name(code34, 34, "vi"))
    chart = alt.layer(*layers, data={"values": rows}).properties(width=width, height=height, title=title)
    return _localized(chart, lang)
