"""A one-image province brief across the four indices (scores, ranks, trends, strengths, map, sources), PNG or PDF.

Missing figures are written out ("No published figure"), never drawn as zero; national medians, the distances
to them and any computed value are labelled computed.
"""

from __future__ import annotations

import functools
import io
import json
import re
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert as vlc

from dashboard import images, provenance
from dashboard import indices as registry
from dashboard.charts import segments
from dashboard.conflict_notes import rank_conflict_note, rank_conflicts
from dashboard.credits import credits, translated, year_ranges
from dashboard.data import (
    Dataset,
    is_full_table,
    latest_figures,
    select,
)
from dashboard.data import strengths as data_strengths
from dashboard.export import data_version, source_citation
from dashboard.i18n import fmt_number, localized, t
from dashboard.ranks import change_line, rank_fraction
from dashboard.theme import NO_DATA, PALETTE

WIDTH = 940  # drawing width of the card in pixels
Y_AXIS_W = 28  # room for a trend panel's score labels ("100,0"), the same in every card so its width never varies
YEAR_LABEL_HALF = 14  # pixels: half a year label ("2024") at 11 px, kept inside its panel
PANEL_H, PANEL_GAP = 120, 38  # trend panels: height, spacing; their width shares WIDTH between the indices


def panel_width() -> int:
    """Width of one trend panel: the card's width shared by the indices (190 px for four)."""
    n = len(registry.codes())
    return (WIDTH - 66 - PANEL_GAP * (n - 1)) // n


MAP_W, MAP_H = 190, 250
HIGHLIGHT, COMPUTED_COLOR, MEDIAN_COLOR = PALETTE[1], "#555555", "#9a9a9a"
ARCHIPELAGO_LON = 110.5  # polygon parts east of this are the Hoàng Sa / Trường Sa islets
LOCATOR_TOLERANCE = 0.02  # degrees: enough detail for a thumbnail
ARCHIPELAGO_OWNER = {"48": "hoang_sa", "56": "truong_sa"}  # Đà Nẵng, Khánh Hòa (63-province vintage)


def s(key: str, lang: str, **kw) -> str:
    """A string of the brief card in the language (the catalogue's `brief_` keys)."""
    return t(f"brief_{key}", lang, **kw)


# --- Facts (pure). ---


def latest(values: pd.DataFrame, index: str, indicator: str, code: str) -> dict | None:
    """The latest year with a score or a rank for the province, with the change since the one before it."""
    return latest_figures(values, index, indicator, code)


def _num(x) -> float | None:
    return None if pd.isna(x) else float(x)


def _int(x) -> int | None:
    return None if pd.isna(x) else int(x)


def trend(values: pd.DataFrame, index: str, indicator: str, code: str) -> pd.DataFrame:
    """The province's values for every year the index has any value, blank where it has none, with the median.

    Columns: year, value, computed (bool), run (consecutive years with a value under one method share a run), median
    (computed) and median_run.
    """
    allv = select(values, index, indicator)
    allv = allv[allv["value"].notna()]
    years = sorted(int(y) for y in allv["year"].unique())
    mine = allv[allv["province_code"] == code].drop_duplicates("year").set_index("year")
    counts = allv.groupby("year")["value"].count()
    medians = allv.groupby("year")["value"].median()
    out = pd.DataFrame({"year": years})
    out["value"] = out["year"].map(mine["value"]).astype("float64")
    out["computed"] = out["year"].isin(mine.index[mine["status"].eq("computed")])
    segment = segments(out["year"], index)  # a run also ends at a method change (both counts only grow)
    out["run"] = out["value"].isna().cumsum() + segment
    out["median"] = [float(medians[y]) if is_full_table(counts.get(y, 0), index) else float("nan") for y in years]
    out["median_run"] = out["median"].isna().cumsum() + segment
    return out


def strengths(ds: Dataset, index: str, code: str) -> dict | None:
    """The strongest and weakest sub-index against the national median (dashboard.data.strengths)."""
    return data_strengths(ds.values, ds.indicators, index, code)


def source_items(ds: Dataset, rows: pd.DataFrame, lang: str = "en") -> list[str]:
    """Attribution lines of the sources of some rows, in index order, one per publisher and form, years merged."""
    order = {index: i for i, index in enumerate(registry.codes())}
    rows = rows.assign(_o=rows["index"].map(order)).sort_values(["_o", "year", "source_id"], kind="stable")
    names = credits(rows, ds.sources, date_undated=False, undated_last=True, lang=lang)[0]
    return names


def card_facts(ds: Dataset, code: str, lang: str = "vi") -> dict:
    """Everything the card shows, as plain data: per index its latest figures, trend and strengths; the sources."""
    indices, used = [], []
    for index in registry.codes():
        indicator = registry.headline(index)
        fig = latest(ds.values, index, indicator, code)
        tr = trend(ds.values, index, indicator, code)
        st = strengths(ds, index, code)
        conflict = conflict_line(ds, index, indicator, code, fig, lang)
        indices.append(
            {"index": index, "indicator": indicator, "latest": fig, "trend": tr, "strengths": st, "conflict": conflict}
        )
        mine = select(ds.values, index, codes=[code])
        keep = mine["indicator"].eq(indicator) & (mine["value"].notna() | mine["rank"].notna())
        if st:
            keep |= mine["indicator"].isin([st["best"][0], st["weakest"][0]]) & mine["year"].eq(st["year"])
        used.append(mine[keep])
    rows = pd.concat(used, ignore_index=True) if used else pd.DataFrame(columns=["index", "source_id", "year"])
    years = rows.groupby("source_id")["year"].agg(lambda y: sorted({int(v) for v in y})).to_dict() if len(rows) else {}
    return {
        "code": code,
        "name": ds.province_name(code, 63),
        "region": _region(ds, code, lang),
        "indices": indices,
        "source_ids": sorted(set(rows["source_id"])),
        "source_years": years,
        "sources": source_items(ds, rows, lang),
    }


def conflict_line(ds: Dataset, index: str, indicator: str, code: str, fig: dict | None, lang: str) -> str | None:
    """Where either rank of the card's change in rank has a recorded conflict between sources, the note saying so
    (as on the overview's cards); None otherwise."""
    if fig is None or fig["rank_change"] is None:
        return None
    rows = rank_conflicts(ds.conflicts, index, indicator, code, [fig["year"], fig["prev_year"]])
    return f"{registry.label(index)}: {rank_conflict_note(rows, lang)}" if len(rows) else None


def _region(ds: Dataset, code: str, lang: str) -> str:
    p = ds.provinces[(ds.provinces["code"] == code) & (ds.provinces["vintage"] == 63)]
    col = localized("region", lang)
    return str(p.iloc[0][col]) if len(p) and col in p and pd.notna(p.iloc[0][col]) else ""


# --- Text of the summary table. ---


def score_text(fig: dict | None, lang: str) -> str:
    """ "64,76" (with "tính toán" if computed), or the no-figure text; never 0 for a missing value."""
    if fig is not None and fig["value"] is None and fig["rank"] is not None:
        return s("rank_only", lang)
    if fig is None or fig["value"] is None:
        return s("no_figure", lang)
    text = fmt_number(fig["value"], lang)
    return f"{text} ({s('computed', lang)})" if fig["status"] == "computed" else text


def rank_text(fig: dict | None, lang: str) -> str:
    """ "29/63", "29/63 (computed rank)" or an en dash when no rank is published (dashboard.ranks)."""
    return rank_fraction(fig, lang)


def change_text(fig: dict | None, lang: str) -> str:
    """ "+2,12 points since 2018; up 3" from the figures that exist (dashboard.ranks), each line wrapped to the
    change column (a longer sentence, such as a change across a method break, takes two lines, never the width)."""
    lines = change_line(fig, lang).split("\n")
    return "\n".join(w for line in lines for w in images.wrap_lines([line], CHANGE_W, 13) or [line])


def table_rows(facts: dict, lang: str) -> list[dict]:
    """Cells of the summary table: one row per index, the header first."""
    rows = [
        {
            "index": s("col_index", lang),
            "year": s("col_year", lang),
            "score": s("col_score", lang),
            "rank": s("col_rank", lang),
            "change": s("col_change", lang),
            "header": True,
        }
    ]
    for item in facts["indices"]:
        fig = item["latest"]
        rows.append(
            {
                "index": registry.label(item["index"]),
                "year": str(fig["year"]) if fig else "",
                "score": score_text(fig, lang),
                "rank": rank_text(fig, lang),
                "change": change_text(fig, lang),
                "header": False,
            }
        )
    return rows


# --- Chart parts. ---

TABLE_COLUMNS = {"index": 0, "year": 104, "score": 162, "rank": 362, "change": 446}
TABLE_W = WIDTH - MAP_W - 30
CHANGE_W = TABLE_W - TABLE_COLUMNS["change"]  # the change column's width, its cells wrapped to it
LINE_H = 38
HEADER_Y = 12


def _row_y(i: int) -> float:
    """Vertical centre of table row i (0 = header)."""
    return HEADER_Y if i == 0 else HEADER_Y + 12 + i * LINE_H - LINE_H / 2 + 6


RANK_ONLY = tuple(s("rank_only", lang) for lang in ("vi", "en"))


def _cells(rows: list[dict]) -> pd.DataFrame:
    cells = []
    for i, r in enumerate(rows):
        for col, x in TABLE_COLUMNS.items():
            missing = r[col] in (s("no_figure", "vi"), s("no_figure", "en"), *RANK_ONLY)
            small = missing or (col == "change" and "\n" in r[col])
            size = 12 if r["header"] else 13 if small else 16
            cells.append(
                {
                    "x": x,
                    "y": _row_y(i) - r[col].count("\n") * size * 0.6,  # a two-line cell centred on its row
                    "text": r[col],
                    "weight": "bold" if (r["header"] or col == "index") else "normal",
                    "color": "#555555" if r["header"] or missing else "#000000",
                    "size": size,
                }
            )
    return pd.DataFrame(cells)


def _text_layers(df: pd.DataFrame, width: int, height: int) -> alt.LayerChart:
    """Text placed at pixel positions (x, y), bold and normal in two layers."""
    base = alt.Chart(df).encode(
        x=alt.X("x:Q").scale(None).axis(None),
        y=alt.Y("y:Q").scale(None).axis(None),
        text="text:N",
        color=alt.Color("color:N").scale(None),
        size=alt.Size("size:Q").scale(None),
    )
    layers = [
        base.transform_filter(alt.datum.weight == w).mark_text(
            align="left", baseline="middle", fontWeight=w, lineBreak="\n"
        )
        for w in ("bold", "normal")
    ]
    return alt.layer(*layers).properties(width=width, height=height)


def _legend(y: float, lang: str) -> list[alt.Chart]:
    """Marks explaining the trend panels, drawn with the same marks (filled / hollow dot, dashed median)."""
    dots = pd.DataFrame({"x": [6, 116], "y": [y, y], "hollow": [False, True]})
    labels = pd.DataFrame(
        {
            "x": [16, 126, 262],
            "y": [y] * 3,
            "text": [s("legend_published", lang), s("legend_computed", lang), s("legend_median", lang)],
        }
    )
    enc = {"x": alt.X("x:Q").scale(None), "y": alt.Y("y:Q").scale(None)}
    return [
        alt.Chart(dots)
        .mark_point(size=50, strokeWidth=1.5, opacity=1, stroke=HIGHLIGHT, filled=True)
        .encode(**enc, fill=alt.condition("datum.hollow", alt.value("white"), alt.value(HIGHLIGHT))),
        alt.Chart(pd.DataFrame({"x": [230], "x2": [256], "y": [y]}))
        .mark_rule(color=MEDIAN_COLOR, strokeDash=[3, 3], strokeWidth=1.5)
        .encode(**enc, x2="x2:Q"),
        alt.Chart(labels)
        .mark_text(align="left", baseline="middle", fontSize=12, color="#555555")
        .encode(**enc, text="text:N"),
    ]


def summary_table(facts: dict, lang: str) -> alt.LayerChart:
    """The latest score, rank and change of each index as a small table, with the legend of the trend panels."""
    rows = table_rows(facts, lang)
    lines = pd.DataFrame({"y": [_row_y(i) + LINE_H / 2 for i in range(1, len(rows) - 1)] + [_row_y(0) + 12]})
    rules = (
        alt.Chart(lines)
        .mark_rule(color="#e4e4e4")
        .encode(y=alt.Y("y:Q").scale(None), x=alt.value(0), x2=alt.value(TABLE_W))
    )
    legend_y = _row_y(len(rows) - 1) + LINE_H
    return alt.layer(rules, _text_layers(_cells(rows), TABLE_W, int(legend_y + 14)), *_legend(legend_y, lang))


def _no_figure_panel(title: alt.TitleParams, lang: str) -> alt.Chart:
    df = pd.DataFrame({"text": [s("no_figure", lang)]})
    return (
        alt.Chart(df)
        .mark_text(color="#555555", fontSize=12)
        .encode(text="text:N", x=alt.value(panel_width() / 2), y=alt.value(PANEL_H / 2))
        .properties(width=panel_width(), height=PANEL_H, title=title)  # as wide as a panel's plot
        .properties(view=alt.ViewConfig(fill="#f7f7f7", stroke=None))
    )


def year_ticks(first: int, last: int, most: int = 5) -> list[int]:
    """Round years to label a panel's axis (every 1, 2, 5 or 10 years), at most `most` of them."""
    step = next((k for k in (1, 2, 5, 10) if last // k - (first - 1) // k <= most), 20)
    return [y for y in range(first, last + 1) if y % step == 0]


def year_domain(years: pd.Series, ticks: list[int]) -> list[float]:
    """Half a year either side of the years, more on the right where the last label (centred on its tick) would
    pass the panel's end: no label overhangs, so every card is as wide."""
    lo, hi = int(years.min()) - 0.5, int(years.max()) + 0.5
    if ticks:
        share = YEAR_LABEL_HALF / panel_width()
        hi = max(hi, (ticks[-1] - share * lo) / (1 - share))
    return [lo, hi]


def trend_panel(item: dict, ds: Dataset, lang: str) -> alt.TopLevelMixin:
    """A small line of the province's headline total over the years, published dots filled, computed hollow."""
    row = ds.indicators[ds.indicators["code"] == item["indicator"]]
    name = (row.iloc[0][localized("name", lang)] if len(row) else item["indicator"]) or ""
    subtitle = (images.wrap_lines([name], panel_width(), 11) + [" "])[:2]  # two lines in every panel: plots align
    title = alt.TitleParams(
        registry.label(item["index"]),
        subtitle=subtitle,
        fontSize=14,
        subtitleFontSize=11,
        subtitleColor="#555555",
        anchor="start",
        limit=panel_width() + Y_AXIS_W,  # never wider than its panel: the card keeps one width
    )
    tr = item["trend"]
    if tr["value"].notna().sum() == 0:
        return _no_figure_panel(title, lang)
    ticks = year_ticks(int(tr["year"].min()), int(tr["year"].max()))
    x = alt.X("year:Q").title(None).scale(domain=year_domain(tr["year"], ticks), nice=False)
    x = x.axis(format="d", values=ticks, labelFontSize=11, grid=False)
    lo, hi = pd.concat([tr["value"], tr["median"]]).agg(["min", "max"])
    pad = max((hi - lo) * 0.15, 0.5)
    y = alt.Y("value:Q").title(None).scale(domain=[lo - pad, hi + pad], nice=True, zero=False)
    y = y.axis(labelFontSize=11, tickCount=3, minExtent=Y_AXIS_W, maxExtent=Y_AXIS_W)  # every panel as wide
    base = alt.Chart(tr).encode(x=x)
    median = (
        base.transform_filter("isValid(datum.median)")
        .mark_line(color=MEDIAN_COLOR, strokeDash=[3, 3], strokeWidth=1.2)
        .encode(y=alt.Y("median:Q"), detail="median_run:N")
    )
    valid = base.transform_filter("isValid(datum.value)")
    line = valid.mark_line(color=HIGHLIGHT, strokeWidth=2).encode(y=y, detail="run:N")
    dots = valid.mark_point(size=50, strokeWidth=1.5, opacity=1, stroke=HIGHLIGHT, filled=True).encode(
        y=alt.Y("value:Q"), fill=alt.condition("datum.computed", alt.value("white"), alt.value(HIGHLIGHT))
    )
    return alt.layer(median, line, dots).properties(width=panel_width(), height=PANEL_H, title=title)


def trend_row(facts: dict, ds: Dataset, lang: str) -> alt.HConcatChart:
    """The four trend panels side by side, placed by their plots alone (flush): a wider score label or title never
    moves the panels after it, so the card keeps one width whatever the province."""
    panels = [trend_panel(i, ds, lang) for i in facts["indices"]]
    return alt.hconcat(*panels, spacing=PANEL_GAP + Y_AXIS_W, bounds="flush")


def strengths_lines(facts: dict, ds: Dataset, lang: str) -> list[str]:
    """One line per index: its strongest and weakest sub-index against the national median, or why there is none."""
    names = (
        dict(zip(ds.indicators["code"], ds.indicators[localized("name", lang)], strict=True))
        if not ds.indicators.empty
        else {}
    )
    lines = []
    for item in facts["indices"]:
        st = item["strengths"]
        label = registry.label(item["index"])
        if st is None:
            lines.append(f"{label}: {s('no_subs', lang)}")
            continue
        (b, bd), (w, wd) = st["best"], st["weakest"]
        best = f"{s('best', lang)}: {names.get(b, b)} ({fmt_number(bd, lang, signed=True)})"
        weakest = f"{s('weakest', lang)}: {names.get(w, w)} ({fmt_number(wd, lang, signed=True)})"
        lines.append(f"{label} {st['year']} — {best}; {weakest}")
    return lines


def strengths_block(facts: dict, ds: Dataset, lang: str) -> alt.LayerChart:
    """The strengths lines under a heading, then any note of sources disagreeing on a rank, as text."""
    notes = images.wrap_lines([i["conflict"] for i in facts["indices"] if i["conflict"]], WIDTH, 14)
    lines = [s("strengths", lang), *strengths_lines(facts, ds, lang), *notes]
    df = pd.DataFrame(
        {
            "x": 0,
            "y": [10 + 24 * i for i in range(len(lines))],
            "text": lines,
            "weight": ["bold"] + ["normal"] * (len(lines) - 1),
            "color": ["#000000"] * (len(lines) - len(notes)) + ["#8a4b00"] * len(notes),
            "size": 14,
        }
    )
    return _text_layers(df, WIDTH, 24 * len(lines))


def _parts(geom) -> list:
    return list(getattr(geom, "geoms", [geom]))


@functools.lru_cache(maxsize=4)
def locator_shapes(path: str, mtime_ns: int) -> tuple[tuple[str, object, tuple], ...]:
    """(code, mainland shape simplified for a thumbnail, islet points) per province of a GeoJSON file."""
    import shapely

    out = []
    for f in json.loads(Path(path).read_text(encoding="utf-8"))["features"]:
        geom = shapely.from_geojson(json.dumps(f["geometry"]))
        main = [p for p in _parts(geom) if p.centroid.x <= ARCHIPELAGO_LON]
        islets = tuple(p.representative_point() for p in _parts(geom) if p.centroid.x > ARCHIPELAGO_LON)
        small = shapely.simplify(shapely.MultiPolygon(main), LOCATOR_TOLERANCE) if main else shapely.MultiPolygon()
        small = shapely.set_precision(small, 0.001)
        out.append((str(f["properties"]["code"]), small, islets))
    return tuple(out)


def _features(shapes) -> list[dict]:
    import shapely

    return [
        {"type": "Feature", "properties": {"code": code}, "geometry": json.loads(shapely.to_geojson(geom))}
        for code, geom, _ in shapes
        if not geom.is_empty
    ]


def _islets(shapes) -> pd.DataFrame:
    return pd.DataFrame(
        [{"lon": round(p.x, 3), "lat": round(p.y, 3)} for _, _, pts in shapes for p in pts], columns=["lon", "lat"]
    )


def _archipelago_labels(shapes, lang: str) -> pd.DataFrame:
    """Label positions of Hoàng Sa and Trường Sa: the centre of the islets held by their province's shape."""
    import shapely

    rows = []
    for code, _, islets in shapes:
        key = ARCHIPELAGO_OWNER.get(code)
        if key and islets:
            c = shapely.MultiPoint(list(islets))
            rows.append({"lon": c.centroid.x, "lat": max(p.y for p in islets), "text": s(key, lang)})
    return pd.DataFrame(rows, columns=["lon", "lat", "text"])


def _marker(shapes, code: str) -> pd.DataFrame:
    """A point inside the province's largest mainland part."""
    for c, geom, _ in shapes:
        if c == code and not geom.is_empty:
            pt = max(_parts(geom), key=lambda p: p.area).representative_point()
            return pd.DataFrame({"lon": [pt.x], "lat": [pt.y]})
    return pd.DataFrame(columns=["lon", "lat"])


def locator_map(folder: Path, code: str, lang: str) -> alt.TopLevelMixin:
    """Vietnam's 63 provinces in grey with the province in colour and marked; a labelled placeholder without data."""
    path = Path(folder) / "provinces_63.geojson"
    if not path.exists():
        lines = images.wrap_lines([s("map_missing", lang)], MAP_W - 20, 11)
        df = pd.DataFrame({"text": lines, "y": [MAP_H / 2 + 15 * (i - len(lines) / 2) for i in range(len(lines))]})
        return (
            alt.Chart(df)
            .mark_text(color="#555555", fontSize=11)
            .encode(text="text:N", x=alt.value(MAP_W / 2), y=alt.Y("y:Q").scale(None))
            .properties(width=MAP_W, height=MAP_H, view=alt.ViewConfig(fill=NO_DATA, stroke=None))
        )
    shapes = locator_shapes(str(path), path.stat().st_mtime_ns)
    provinces = (
        alt.Chart(alt.Data(values=_features(shapes)))
        .mark_geoshape(stroke="white", strokeWidth=0.3)
        .encode(color=alt.condition(f"datum.properties.code === '{code}'", alt.value(HIGHLIGHT), alt.value("#cfcfcf")))
    )
    marker = (
        alt.Chart(_marker(shapes, code))
        .mark_point(shape="circle", size=260, color=HIGHLIGHT, strokeWidth=2, filled=False)
        .encode(longitude="lon:Q", latitude="lat:Q")
    )
    islets = (
        alt.Chart(_islets(shapes))
        .mark_point(size=3, color="#9a9a9a", filled=True, opacity=1)
        .encode(longitude="lon:Q", latitude="lat:Q")
    )
    labels = (
        alt.Chart(_archipelago_labels(shapes, lang))
        .mark_text(fontSize=9, color="#555555", align="center", baseline="bottom", dy=-5)
        .encode(longitude="lon:Q", latitude="lat:Q", text="text:N")
    )
    return alt.layer(provinces, islets, marker, labels).project(type="mercator").properties(width=MAP_W, height=MAP_H)


# --- The card. ---


def brief_card(ds: Dataset, code: str, lang: str = "vi", caption: bool = True, date: str | None = None):
    """One image summarising a province across the four indices; `caption` burns in sources and date."""
    facts = card_facts(ds, code, lang)
    top = alt.hconcat(locator_map(ds.folder, code, lang), summary_table(facts, lang), spacing=30)
    card = alt.vconcat(top, trend_row(facts, ds, lang), strengths_block(facts, ds, lang), spacing=22)
    title = s("title", lang, name=facts["name"])
    subtitle = s("subtitle", lang, region=facts["region"], code=code).lstrip(" ·")
    if not caption:
        return card.properties(title=alt.TitleParams(title, subtitle=[subtitle], anchor="start", fontSize=22))
    date_text = s("date", lang, date=images.today(lang) if date is None else date)
    sources = s("sources", lang, items="; ".join(facts["sources"]) or "–")
    used = pd.DataFrame({"source_id": list(facts["source_ids"])})
    provenance = images.provenance_lines(ds.sources, used, lang, data_version(ds))
    rights = [s("rights", lang), s("map_credit", lang), *provenance]
    return images.with_caption(card, title, [subtitle], sources, rights, date_text, lang, width=WIDTH)


def brief_png(ds: Dataset, code: str, lang: str = "vi", scale: float = 2, date: str | None = None) -> bytes:
    """The brief card as PNG bytes (sources and date burnt in)."""
    return images.chart_png(brief_card(ds, code, lang, date=date), scale=scale, lang=lang)


def pdf_source_lines(ds: Dataset, facts: dict, lang: str) -> list[str]:
    """Full citation of every source the card uses (years filled in), each licence once after its sources."""
    by_licence: dict[str, list[str]] = {}
    for sid in facts["source_ids"]:
        src = ds.source(sid)
        years = year_ranges(facts["source_years"].get(sid, []))
        citation = _with_addresses(source_citation(src, lang).replace("<year>", years or ""), ds, sid, facts, lang)
        licence = translated(src, "licence", lang).strip()
        by_licence.setdefault(licence, []).append(citation)
    lines = []
    for licence, citations in by_licence.items():
        lines += citations
        if licence:
            lines.append(f"{s('licence', lang)}: {licence}")
    return lines


def figure_source_lines(ds: Dataset, facts: dict, lang: str) -> list[str]:
    """Each latest figure on the card with the publisher, kind and address of the statement(s) it was taken from."""
    lines = []
    for item in facts["indices"]:
        fig = item["latest"]
        if not fig:
            continue
        rows = provenance.statements(ds, item["index"], item["indicator"], fig["year"], facts["code"])
        for r in [r for r in rows if r["chosen"]]:
            kind = t(f"kind_{r['kind']}", lang) if r["kind"] else ""
            who = f"{r['publisher']} ({kind})" if kind else r["publisher"]
            lines.append(f"{registry.label(item['index'])} {fig['year']}: {who} — {r['url']}")
    return lines


def _with_addresses(citation: str, ds: Dataset, sid: str, facts: dict, lang: str) -> str:
    """A citation whose address depends on the figure (a province page, a news item) with the real addresses of the
    figures on the card, from citations.csv, in place of the placeholder."""
    c = ds.citations
    if c.empty or ("<province>" not in citation and "citations.csv" not in citation):
        return citation
    years = facts["source_years"].get(sid, [])
    m = (c["source_id"] == sid) & (c["province_code"] == facts["code"]) & c["year"].isin(years)
    m &= c["chosen"].astype(str).str.lower().eq("true") & c["source_url"].notna()
    urls = list(dict.fromkeys(c.loc[m, "source_url"].astype(str)))
    text = re.sub(r",?\s*\S*<province>\S*", "", citation).replace(" (citations.csv)", "").strip()
    return f"{text} {s('addresses', lang, urls='; '.join(urls))}" if urls else text


def card_pdf(ds: Dataset, code: str, lang: str = "vi") -> bytes:
    """The card (title on top, no caption) as a one-page vector PDF: its words and figures are text in the shipped
    font, as on the PNG."""
    images.register_fonts()
    spec = images.chart_spec(brief_card(ds, code, lang, caption=False))
    return vlc.vegalite_to_pdf(spec, format_locale=images.d3_format_locale(lang))


PT_PER_MM = 72 / 25.4
MARGIN = 12  # mm around the page


def brief_pdf(ds: Dataset, code: str, lang: str = "vi", date: str | None = None) -> bytes:
    """One A4 page: the card as vector drawing with real text, then its sources and licences as text, all in the
    shipped font (the card's page drawn onto the text page)."""
    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter, Transformation

    facts = card_facts(ds, code, lang)
    card = PdfReader(io.BytesIO(card_pdf(ds, code, lang))).pages[0]
    card_w, card_h = float(card.mediabox.width), float(card.mediabox.height)
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_page()
    pdf.add_font("NotoSans", "", str(images.FONT_REGULAR))
    pdf.add_font("NotoSans", "B", str(images.FONT_BOLD))
    text_w = pdf.w - 2 * MARGIN
    body = [
        s("rights", lang),
        s("map_credit", lang),
        *figure_source_lines(ds, facts, lang),
        *pdf_source_lines(ds, facts, lang),
        *images.provenance_lines(ds.sources, None, lang, data_version(ds)),
        s("date", lang, date=images.today(lang) if date is None else date),
    ]
    size = _fit_font(pdf, body, text_w, max_height=pdf.h * 0.5)
    text_h = _text_height(pdf, body, text_w, size) + 8
    img_w = min(text_w, (pdf.h - 2 * MARGIN - text_h) * card_w / card_h)
    img_h = img_w * card_h / card_w
    x = MARGIN + (text_w - img_w) / 2
    pdf.set_y(MARGIN + img_h + 4)
    pdf.set_font("NotoSans", "B", size + 1)
    pdf.cell(text_w, size * 0.5, s("pdf_sources", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("NotoSans", "", size)
    for line in body:
        pdf.set_text_color(*((90, 90, 90) if line.startswith(s("licence", lang)) else (0, 0, 0)))
        pdf.multi_cell(text_w, size * 0.45, line, align="L", new_x="LMARGIN", new_y="NEXT")
    out = PdfWriter(clone_from=io.BytesIO(bytes(pdf.output())))
    page = out.pages[0]
    k = img_w * PT_PER_MM / card_w
    at = Transformation().scale(k).translate(x * PT_PER_MM, float(page.mediabox.height) - (MARGIN + img_h) * PT_PER_MM)
    page.merge_transformed_page(card, at)
    out.add_metadata({"/Title": s("title", lang, name=facts["name"])})
    buf = io.BytesIO()
    out.write(buf)
    return buf.getvalue()


def _text_height(pdf, lines: list[str], width: float, size: float) -> float:
    pdf.set_font("NotoSans", "", size)
    h = size * 0.5
    for line in lines:
        h += pdf.multi_cell(width, size * 0.45, line, align="L", dry_run=True, output="HEIGHT")
    return h


def _fit_font(pdf, lines: list[str], width: float, max_height: float) -> float:
    """The largest font size (9 down to 5 pt) at which the lines fit in max_height."""
    for size in (9, 8, 7, 6, 5):
        if _text_height(pdf, lines, width, size) <= max_height:
            return size
    return 5
