"""Chart builders for the overview, rankings and compare pages: pure functions `frame, labels -> alt.Chart`.

Missing figures stay missing: a blank row breaks a line (Vega-Lite's default for path marks), it is never zero and
never interpolated. Ranks run from 1 at the top. Numbers follow the language's locale (decimal comma in Vietnamese).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard import indices, theme
from dashboard.i18n import d3_format_locale, fmt_number, t

YEAR_FORMAT = "d"
SCORE_FORMAT = ".2f"
MEDIAN_COLOR = "#7f7f7f"
BEST_COLOR = "#000000"
COVERAGE_CELL = 36  # the narrowest coverage cell (px) that holds its "n/k" label
# Trend charts: the plot's own height, with title, legend and axes added around it (a phone's legend of one entry a
# row would otherwise squeeze the plot below the length of its axis title).
TREND_FIT = {"type": "fit-x", "contains": "padding"}
BUMP_PLOT_HEIGHT = 220
SCORE_PLOT_HEIGHT = 200


def localized(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """The chart with the language's number locale (decimal comma and dot grouping in Vietnamese)."""
    return chart.configure(locale=alt.Locale(number=d3_format_locale(lang)))


def _title(text: str, subtitle=()) -> alt.TitleParams:
    lines = [s for s in subtitle if s]
    return alt.TitleParams(text, subtitle=lines) if lines else alt.TitleParams(text)


def _year_x(lang: str, years) -> alt.X:
    years = sorted(int(y) for y in years)
    scale = alt.Scale(domain=[years[0] - 0.5, years[-1] + 0.5], nice=False, zero=False) if years else alt.Undefined
    return alt.X("year:Q").title(t("year", lang)).scale(scale).axis(format=YEAR_FORMAT, tickMinStep=1, grid=False)


def _with_names(df: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    out = df.copy()
    out["province"] = out["province_code"].map(names)
    return out


def _plain(df: pd.DataFrame, cols) -> pd.DataFrame:
    """Only the columns a chart needs, nullable dtypes made JSON-friendly (NA -> null, never 0)."""
    out = df[list(cols)].copy()
    for c in out.columns:
        if str(out[c].dtype) in ("Int64", "Float64"):
            out[c] = out[c].astype("float64")
        elif out[c].dtype != "float64" and out[c].dtype != "int64":
            out[c] = out[c].astype(object).where(out[c].notna(), None)
    return out


BREAK_LABEL_ROW = 18  # pixels per row of method-break labels above the plot (one row per break: they never overlap)


def segments(years: pd.Series, index: str) -> pd.Series:
    """Segment number per year: a new segment starts at every method break of the index, so no line joins across it."""
    starts = [b.year for b in indices.method_breaks(index)]
    return years.map(lambda y: sum(1 for s in starts if int(y) >= s)).astype("int64")


def method_breaks(index: str, years, lang: str) -> pd.DataFrame:
    """Method breaks of an index that fall inside the years shown: break year, rule position, short label, label row.

    Each label has its own row above the plot (row 0 nearest), so labels overlap neither each other nor a point; a
    label in the right half of the years runs leftwards from its rule so it stays inside the chart.
    """
    years = sorted(int(y) for y in years)
    rows = [
        {"break_year": y, "x": y - 0.5, "label": t(f"break_{index}_{y}", lang)}
        for y in (b.year for b in indices.method_breaks(index))
        if years and years[0] < y <= years[-1]
    ]
    middle = (years[0] + years[-1]) / 2 if years else 0
    for i, r in enumerate(rows):
        r["row"] = len(rows) - 1 - i  # the latest break nearest the plot
        r["align"] = "right" if r["x"] > middle else "left"
    return pd.DataFrame(rows, columns=["break_year", "x", "label", "row", "align"])


def _break_layers(index: str, years, lang: str) -> list[alt.Chart]:
    """The dashed rule of every method break inside the years, with its label above the plot."""
    b = method_breaks(index, years, lang)
    if b.empty:
        return []
    base = alt.Chart(b)
    rule = base.mark_rule(color=theme.METHOD_BREAK, strokeDash=theme.COMPUTED_DASH, strokeWidth=1.5).encode(
        x="x:Q", tooltip=[alt.Tooltip("label:N", title=t("method_break", lang))]
    )
    texts = []
    for r in b.itertuples(index=False):
        one = base.transform_filter(f"datum.break_year == {int(r.break_year)}")
        dx = 4 if r.align == "left" else -4
        style = dict(align=r.align, baseline="bottom", dx=dx, dy=-4 - BREAK_LABEL_ROW * int(r.row), fontSize=12)
        texts.append(one.mark_text(**style, color=theme.METHOD_BREAK).encode(x="x:Q", y=alt.value(0), text="label:N"))
    return [rule, *texts]


def _break_title(index: str, years, lang: str, title: str, subtitle=()) -> alt.TitleParams:
    """The chart title, raised above the rows of method-break labels."""
    n = len(method_breaks(index, years, lang))
    out = _title(title, subtitle)
    if n:
        out.offset = 8 + BREAK_LABEL_ROW * n
    return out


def _trend_lines(base: alt.Chart, **mark) -> alt.Chart:
    """One line per province and method segment: lines break at missing years and at every method change."""
    return base.mark_line(**mark).encode(detail=["province_code:N", "segment:N"])


def rank_ticks(top: int) -> list[int]:
    """Rank axis ticks: 1, then every 10 (every 5 for short rankings), up to the last rank."""
    step = 10 if top > 25 else 5 if top > 10 else 1
    return sorted({1, *range(step, top + 1, step)})


def _province_color(codes, names: dict[str, str], lang: str) -> alt.Color:
    return alt.Color("province:N").scale(theme.color_scale(codes, names)).legend(title=t("provinces", lang))


def _highlight(names: dict[str, str], highlight: str | None):
    """A legend selection of one province (clicking a legend entry; `highlight` pre-selects one): the others fade."""
    value = [{"province": names[highlight]}] if highlight in names else alt.Undefined
    pick = alt.selection_point(name="highlight", fields=["province"], bind="legend", value=value)
    return pick, alt.condition(pick, alt.value(1.0), alt.value(0.2))


def bump_chart(
    df: pd.DataFrame,
    codes,
    names: dict[str, str],
    lang: str,
    *,
    index: str,
    title: str,
    subtitle=(),
    rank_max: int | None = None,
    highlight: str | None = None,
) -> alt.TopLevelMixin:
    """Rank over the years, rank 1 on top; computed ranks drawn as hollow diamonds; method breaks as rules.

    `df` has province_code, year, rank, rank_status with blank rows for years without a rank (they break the line);
    lines also break at every method change. A legend click (or `highlight`, a code) brings one province forward.
    """
    d = _with_names(df, names)
    d["rank_label"] = d["rank_status"].map(
        {"published": t("status_published", lang), "computed": t("rank_computed", lang)}
    )
    d["segment"] = segments(d["year"], index)
    d = _plain(d, ["province_code", "province", "year", "rank", "rank_status", "rank_label", "segment"])
    ranked = d["rank"].dropna()
    top = int(max(rank_max or 0, ranked.max() if len(ranked) else 1, 2))
    years = d["year"].unique()
    x = _year_x(lang, years)
    y = alt.Y("rank:Q").title(t("rank_axis", lang)).scale(domain=[1, top], reverse=True, nice=False, zero=False)
    y = y.axis(values=rank_ticks(top), format=YEAR_FORMAT)
    color = _province_color(codes, names, lang)
    tooltip = [
        alt.Tooltip("province:N", title=t("province", lang)),
        alt.Tooltip("year:Q", title=t("year", lang), format=YEAR_FORMAT),
        alt.Tooltip("rank:Q", title=t("rank", lang), format=YEAR_FORMAT),
        alt.Tooltip("rank_label:N", title=t("status", lang)),
    ]
    pick, opacity = _highlight(names, highlight)
    base = alt.Chart(d).encode(x=x, y=y, color=color, opacity=opacity)
    line = _trend_lines(base).add_params(pick)
    pub = base.transform_filter("datum.rank != null && datum.rank_status != 'computed'")
    comp = base.transform_filter("datum.rank != null && datum.rank_status == 'computed'")
    points = pub.mark_point(filled=True, size=70).encode(tooltip=tooltip)
    computed = comp.mark_point(shape="diamond", filled=False, size=140, strokeWidth=2).encode(tooltip=tooltip)
    layers = [*_break_layers(index, years, lang), line, points, computed]
    chart = alt.layer(*layers).properties(
        title=_break_title(index, years, lang, title, subtitle), height=BUMP_PLOT_HEIGHT, autosize=TREND_FIT
    )
    return localized(chart, lang)


def score_chart(
    df: pd.DataFrame,
    codes,
    names: dict[str, str],
    lang: str,
    *,
    index: str,
    title: str,
    subtitle=(),
    y_title: str | None = None,
    median: pd.DataFrame | None = None,
    highlight: str | None = None,
) -> alt.TopLevelMixin:
    """Score over the years per province: lines broken at missing years and method changes, a point on every value.

    Each point's tooltip says whether the value is published or computed. `median` (year, value: the national
    median of full tables, dashboard.data.median_series) adds a dashed grey line labelled computed; a legend click
    (or `highlight`, a code) brings one province forward.
    """
    d = _with_names(df, names)
    d["status_label"] = d["status"].map(lambda s: t(f"status_{s}", lang) if isinstance(s, str) else None)
    d["segment"] = segments(d["year"], index)
    d = _plain(d, ["province_code", "province", "year", "value", "status_label", "segment"])
    years = d["year"].unique()
    x = _year_x(lang, years)
    y = alt.Y("value:Q").title(y_title or t("score", lang)).scale(zero=False)
    color = _province_color(codes, names, lang)
    tooltip = [
        alt.Tooltip("province:N", title=t("province", lang)),
        alt.Tooltip("year:Q", title=t("year", lang), format=YEAR_FORMAT),
        alt.Tooltip("value:Q", title=t("score", lang), format=SCORE_FORMAT),
        alt.Tooltip("status_label:N", title=t("status", lang)),
    ]
    layers = _break_layers(index, years, lang)
    if median is not None and median["value"].notna().any():
        m = median.assign(
            province_code="median",
            province=t("national_median", lang),
            status_label=t("status_computed", lang),
            segment=segments(median["year"], index),
        )
        m = _plain(m, ["province_code", "province", "year", "value", "status_label", "segment"])
        color = _median_color(codes, names, lang)
        mbase = alt.Chart(m).encode(x=x, y=y, color=color)
        layers += [
            _trend_lines(mbase, strokeDash=theme.COMPUTED_DASH, strokeWidth=2),
            mbase.transform_filter("datum.value != null").mark_point(shape="diamond", size=50).encode(tooltip=tooltip),
        ]
    pick, opacity = _highlight(names, highlight)
    base = alt.Chart(d).encode(x=x, y=y, color=color, opacity=opacity)
    points = base.transform_filter("datum.value != null").mark_point(filled=True, size=60).encode(tooltip=tooltip)
    layers += [_trend_lines(base).add_params(pick), points]
    chart = alt.layer(*layers).properties(
        title=_break_title(index, years, lang, title, subtitle), height=SCORE_PLOT_HEIGHT, autosize=TREND_FIT
    )
    return localized(chart, lang)


def _median_color(codes, names: dict[str, str], lang: str) -> alt.Color:
    """The province colours with the national median (computed) in grey, one legend for both."""
    scale = theme.color_scale(codes, names)
    scale = alt.Scale(domain=[*scale.domain, t("national_median", lang)], range=[*scale.range, MEDIAN_COLOR])
    return alt.Color("province:N").scale(scale).legend(title=t("provinces", lang))


def coverage_grid(cov: pd.DataFrame, names: dict[str, str], lang: str, *, title: str, subtitle=()) -> alt.TopLevelMixin:
    """Index × year grid: how many of the chosen provinces have a published figure (score or rank) in each edition."""

    d = cov.copy()
    d["index_label"] = d["index"].map(indices.labels())
    d["share"] = d["n"] / d["k"].where(d["k"] > 0)
    d["text"] = d["n"].astype(str) + "/" + d["k"].astype(str)
    none = t("coverage_none", lang)
    d["who"] = d["codes"].map(lambda cs: ", ".join(names.get(c, c) for c in cs) or none)
    d = _plain(d, ["index_label", "year", "share", "text", "who"])
    order = [indices.label(i) for i in indices.codes()]
    narrow = f"width < {COVERAGE_CELL * max(1, d['year'].nunique())}"  # cells too small for "n/k": colour only
    x = (
        alt.X("year:O")
        .title(None)
        .axis(labelAngle=alt.ExprRef(f"{narrow} ? -90 : 0"), orient="top", labelFontSize=11, labelOverlap=False)
    )
    y = alt.Y("index_label:N").title(None).sort(order).scale(domain=order)
    base = alt.Chart(d).encode(x=x, y=y)
    rect = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("share:Q").scale(domain=[0, 1], range=[theme.NO_DATA, "#0072B2"]).legend(None),
        tooltip=[
            alt.Tooltip("index_label:N", title=t("index", lang)),
            alt.Tooltip("year:O", title=t("year", lang)),
            alt.Tooltip("text:N", title=t("coverage_count", lang)),
            alt.Tooltip("who:N", title=t("coverage_who", lang)),
        ],
    )
    text = base.mark_text(fontSize=11, opacity=alt.ExprRef(f"{narrow} ? 0 : 1")).encode(
        text="text:N", color=alt.condition("datum.share > 0.5", alt.value("white"), alt.value("#333333"))
    )
    chart = alt.layer(rect, text).properties(title=_title(title, subtitle), height=alt.Step(30), width="container")
    return localized(chart, lang)


def compare_dots(
    df: pd.DataFrame, codes, names: dict[str, str], lang: str, *, title: str, subtitle=(), x_title: str | None = None
) -> alt.TopLevelMixin:
    """Dot plot: one row per indicator, a dot per province, the national median (computed) and the best province.

    `df` has indicator_label, series (province name, or the median/best label), kind (province|median|best), value,
    order (row order). Rows without a value are left out of the marks and of the legend (the table shows them as "–").
    """
    median_label, best_label = t("national_median", lang), t("best_province", lang)
    colors = theme.province_colors(codes)
    styles = [(names[c], colors[c], "circle") for c in codes]
    styles += [(median_label, MEDIAN_COLOR, "diamond"), (best_label, BEST_COLOR, "triangle-down")]
    d = _plain(df[df["value"].notna()], ["indicator_label", "series", "kind", "value", "order"])
    drawn = set(d["series"])
    styles = [x for x in styles if x[0] in drawn]  # the legend lists only what is drawn
    domain, color_range, shapes = ([x[i] for x in styles] for i in range(3))
    order = df.drop_duplicates("indicator_label").sort_values("order")["indicator_label"].tolist()
    legend = alt.Legend(title=None, columns=alt.ExprRef(theme.LEGEND_COLUMNS))
    enc = {
        "x": alt.X("value:Q").title(x_title or t("score", lang)).scale(zero=False, padding=10),
        "y": alt.Y("indicator_label:N").title(None).sort(order).axis(labelLimit=320),
        "color": alt.Color("series:N").scale(domain=domain, range=color_range).legend(legend),
        "shape": alt.Shape("series:N").scale(domain=domain, range=shapes).legend(legend),
        "tooltip": [
            alt.Tooltip("indicator_label:N", title=t("indicator", lang)),
            alt.Tooltip("series:N", title=t("province", lang)),
            alt.Tooltip("value:Q", title=t("score", lang), format=SCORE_FORMAT),
        ],
    }
    base = alt.Chart(d)
    guide = base.mark_rule(color="#d9d9d9").encode(y=enc["y"], x="min(value):Q", x2="max(value):Q")
    dots = base.mark_point(filled=True, size=110, opacity=0.9).encode(**enc)
    height = alt.Step(34) if len(order) > 1 else 90
    chart = alt.layer(guide, dots).properties(title=_title(title, subtitle), height=height)
    return localized(chart, lang)


def compare_totals(
    df: pd.DataFrame,
    codes,
    names: dict[str, str],
    lang: str,
    *,
    title: str,
    subtitle=(),
    best_name: str | None = None,
    x_title: str | None = None,
) -> alt.TopLevelMixin:
    """One row per province with its total (labelled), and rules for the national median (computed) and the best.

    `df` is the compare frame of one indicator: series, kind (province|median|best), value. Missing totals are not
    drawn; the province keeps its row so the gap is visible.
    """
    prov = df[df["kind"] == "province"].copy()
    prov["label"] = prov["value"].map(lambda v: fmt_number(v, lang))
    order = [names[c] for c in codes]
    refs = []
    for kind, color, text in (
        ("median", MEDIAN_COLOR, t("national_median", lang)),
        ("best", BEST_COLOR, t("best_province", lang)),
    ):
        v = df.loc[df["kind"] == kind, "value"].dropna()
        if len(v):
            who = f" {best_name}" if kind == "best" and best_name else ""
            refs.append(
                {
                    "kind": kind,
                    "value": float(v.iloc[0]),
                    "color": color,
                    "label": f"{text}:{who} {fmt_number(v.iloc[0], lang)}",
                }
            )
    x = alt.X("value:Q").title(x_title or t("score", lang)).scale(zero=False, padding=24)
    y = alt.Y("series:N").title(None).sort(order).scale(domain=order).axis(labelLimit=260)
    color = alt.Color("series:N").scale(theme.color_scale(codes, names)).legend(None)
    tooltip = [
        alt.Tooltip("series:N", title=t("province", lang)),
        alt.Tooltip("value:Q", title=t("score", lang), format=SCORE_FORMAT),
    ]
    base = alt.Chart(_plain(prov, ["series", "value", "label"])).encode(y=y)
    drawn = base.transform_filter("datum.value != null")
    layers = [
        drawn.mark_point(filled=True, size=160).encode(x=x, color=color, tooltip=tooltip),
        drawn.mark_text(align="left", dx=10, fontSize=13).encode(x=x, text="label:N"),
    ]
    if refs:
        r = alt.Chart(pd.DataFrame(refs))
        layers.insert(
            0,
            r.mark_rule(strokeDash=theme.COMPUTED_DASH, strokeWidth=1.5).encode(
                x="value:Q", color=alt.Color("color:N").scale(None), tooltip=[alt.Tooltip("label:N", title=" ")]
            ),
        )
        for i, ref in enumerate(refs):  # the best is the right-most: its label runs leftwards
            align, dx = ("right", -4) if ref["kind"] == "best" else ("left", 4)
            layers.append(
                r.transform_filter(f"datum.kind == '{ref['kind']}'")
                .mark_text(align=align, baseline="bottom", dx=dx, dy=-2 - 16 * i, fontSize=12, color=ref["color"])
                .encode(x="value:Q", y=alt.value(0), text="label:N")
            )
    chart = alt.layer(*layers).properties(title=_title(title, subtitle), height=alt.Step(36))
    return localized(chart, lang)


CARD_TREND_GAP = 0.05  # each panel's margin, as a share of its width (panels line up with the card's columns)
CARD_TREND_HEIGHT = 48


def card_trends(series: dict[str, pd.DataFrame], color: str, lang: str) -> alt.TopLevelMixin:
    """One province's trends on every index in one view: a panel per index (in registry order, labelled with the
    index and its years), each scaled to its own scores like a sparkline, lines broken at missing years and method
    changes (ruled), a point on every value with its year, score and status (published or computed) in the tooltip.

    `series`: index -> data.series rows of the province (an index left out or without a score: an empty panel)."""
    codes, inner = indices.codes(), 1 - 2 * CARD_TREND_GAP
    points, panels, breaks = [], [], []
    for p, index in enumerate(codes):
        s = series.get(index)
        label = indices.label(index)
        years = sorted(int(y) for y in s["year"]) if s is not None and s["value"].notna().any() else []
        panels.append({"x0": p + CARD_TREND_GAP / 2, "x1": p + 1 - CARD_TREND_GAP / 2, "label": label})
        if not years:
            continue
        y0, n = years[0], years[-1] - years[0] + 1
        panels[-1] |= {
            "first": str(y0),
            "last": str(years[-1]),
            "left": p + CARD_TREND_GAP,
            "right": p + 1 - CARD_TREND_GAP,
        }

        def at(year, p=p, y0=y0, n=n):
            return p + CARD_TREND_GAP + inner * (year - y0 + 0.5) / n

        v = s["value"].astype("float64")
        lo, hi = v.min(), v.max()
        d = s.assign(
            index_label=label,
            segment=segments(s["year"], index) + 10 * p,
            px=s["year"].map(at),
            py=(v - lo) / (hi - lo) if hi > lo else v * 0 + 0.5,
            status_label=s["status"].map(lambda x: t(f"status_{x}", lang) if isinstance(x, str) else None),
        )
        points.append(_plain(d, ["index_label", "year", "value", "px", "py", "segment", "status_label"]))
        b = method_breaks(index, years, lang)
        breaks += [{"px": at(r.x), "label": f"{label}: {r.label}"} for r in b.itertuples(index=False)]
    x = alt.X("px:Q").axis(None).scale(domain=[0, len(codes)], nice=False, zero=False)
    y = alt.Y("py:Q").axis(None).scale(domain=[-0.12, 1.12], nice=False, zero=False)
    top = dict(baseline="bottom", dy=-3, fontSize=11)
    foot = dict(baseline="top", dy=3, fontSize=10, color=MEDIAN_COLOR)
    box = alt.Chart(pd.DataFrame(panels, columns=["x0", "x1", "label", "first", "last", "left", "right"]))
    dated = box.transform_filter("datum.first != null")
    layers = [
        box.mark_rect(color="#f5f5f5").encode(
            x=alt.X("x0:Q").axis(None), x2="x1:Q", y=alt.value(0), y2=alt.value(CARD_TREND_HEIGHT)
        ),
        box.mark_text(align="left", fontWeight="bold", color="#444444", **top).encode(
            x=alt.X("x0:Q").axis(None), y=alt.value(0), text="label:N"
        ),
        dated.mark_text(align="left", **foot).encode(
            x=alt.X("left:Q").axis(None), y=alt.value(CARD_TREND_HEIGHT), text="first:N"
        ),
        dated.transform_filter("datum.last != datum.first")
        .mark_text(align="right", **foot)
        .encode(x=alt.X("right:Q").axis(None), y=alt.value(CARD_TREND_HEIGHT), text="last:N"),
    ]
    if breaks:
        tip = [alt.Tooltip("label:N", title=t("method_break", lang))]
        rule = alt.Chart(pd.DataFrame(breaks)).mark_rule(color=theme.METHOD_BREAK, strokeDash=[2, 2], strokeWidth=1)
        layers.append(rule.encode(x=alt.X("px:Q").axis(None), tooltip=tip))
    if points:
        base = alt.Chart(pd.concat(points, ignore_index=True)).encode(x=x, y=y)
        tooltip = [
            alt.Tooltip("index_label:N", title=t("index", lang)),
            alt.Tooltip("year:Q", title=t("year", lang), format=YEAR_FORMAT),
            alt.Tooltip("value:Q", title=t("score", lang), format=SCORE_FORMAT),
            alt.Tooltip("status_label:N", title=t("status", lang)),
        ]
        layers.append(base.mark_line(color=color, strokeWidth=2).encode(detail="segment:N"))
        layers.append(
            base.transform_filter("datum.value != null")
            .mark_point(color=color, filled=True, size=22)
            .encode(tooltip=tooltip)
        )
    chart = alt.layer(*layers).properties(height=CARD_TREND_HEIGHT, width="container", autosize=TREND_FIT)
    chart = chart.configure_view(stroke=None)
    return localized(chart, lang)
