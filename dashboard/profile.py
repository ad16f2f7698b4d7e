"""One province on one page: its four indices over time, its strengths against the country, its region, its merger.

Pure functions on the tidy table (dashboard.data.Dataset tables) and Altair builders; no Streamlit here.
Missing stays missing (NaN rows break the lines), computed statistics carry a "computed" label.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard import indices as registry
from dashboard.charts import segments
from dashboard.credits import credits
from dashboard.data import (  # noqa: F401 — the profile's questions, answered once in dashboard.data
    select,
    strongest_weakest,
    sub_indicators,
    subindex_comparison,
)
from dashboard.i18n import d3_format_locale, fmt_list, fmt_number, localized, t
from dashboard.methods import breaks_of
from dashboard.ranks import rank_cell, status_text
from dashboard.theme import METHOD_BREAK, color_scale

# --- data -----------------------------------------------------------------------------------------------------


def edition_years(values: pd.DataFrame, indicator: str, vintage: int = 63) -> list[int]:
    """Years in which any province has a score or rank of the indicator (the index's editions in this dataset)."""
    v = values[(values["indicator"] == indicator) & (values["vintage"] == vintage)]
    v = v[v["value"].notna() | v["rank"].notna()]
    return sorted(int(y) for y in v["year"].unique())


def province_series(values: pd.DataFrame, code: str, indicator: str, index: str, years=None) -> pd.DataFrame:
    """One province's values of an indicator for every edition year, NaN (status missing) where it has none."""
    years = edition_years(values, indicator) if years is None else list(years)
    s = select(values, index, indicator, codes=[code])
    s = s.drop_duplicates("year").set_index("year")
    out = pd.DataFrame({"year": years})
    out["index"] = index
    out["indicator"] = indicator
    out["province_code"] = code
    for col in ("value", "rank", "rank_status", "status", "source_id"):
        out[col] = out["year"].map(s[col]) if col in s else pd.NA
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype("float64")
    out["status"] = out["status"].where(out["value"].notna() | out["rank"].notna(), "missing")
    out["segment"] = segments(out["year"], index)
    return out


def index_series(values: pd.DataFrame, code: str, indices=None) -> pd.DataFrame:
    """The headline total of every index with data, for one province, one row per edition year (gaps as NaN)."""
    frames = [
        province_series(values, code, registry.headline(i), i)
        for i in indices or registry.codes()
        if edition_years(values, registry.headline(i))
    ]
    if not frames:
        return pd.DataFrame(
            columns=[
                "year",
                "index",
                "indicator",
                "province_code",
                "value",
                "rank",
                "rank_status",
                "status",
                "source_id",
                "segment",
            ]
        )
    return pd.concat(frames, ignore_index=True)


def region_codes(provinces: pd.DataFrame, code: str) -> list[str]:
    """The 63-vintage provinces of the same region as `code` (itself included), by code; empty if unknown."""
    p63 = provinces[provinces["vintage"] == 63]
    region = p63.loc[p63["code"] == code, "region_code"]
    if region.empty or pd.isna(region.iloc[0]):
        return []
    return sorted(p63.loc[p63["region_code"] == region.iloc[0], "code"])


def peers_default_year(values: pd.DataFrame, provinces: pd.DataFrame, index: str, code: str) -> int | None:
    """The latest edition in which at least half of the region's provinces have a value (else the latest edition)."""
    years = edition_years(values, registry.headline(index))
    peers = region_codes(provinces, code)
    if not years:
        return None
    s = select(values, index, registry.headline(index), codes=peers)
    n = s[s["value"].notna()].groupby("year")["province_code"].nunique()
    good = [y for y in years if n.get(y, 0) * 2 >= len(peers)]
    return (good or years)[-1]


def region_peers(
    values: pd.DataFrame, provinces: pd.DataFrame, index: str, code: str, year: int | None = None
) -> tuple[int | None, pd.DataFrame]:
    """One edition of an index's headline for every province of the same region (vintage 63).

    `year` defaults to peers_default_year. Returns (year, frame with province_code, value, rank, rank_status,
    status, source_id, is_self), best first, missing last.
    """
    cols = ["province_code", "value", "rank", "rank_status", "status", "source_id", "is_self"]
    peers = region_codes(provinces, code)
    year = peers_default_year(values, provinces, index, code) if year is None else year
    if not peers or year is None:
        return year, pd.DataFrame(columns=cols)
    s = select(values, index, registry.headline(index), year, codes=peers).drop_duplicates("province_code")
    out = pd.DataFrame({"province_code": peers}).merge(s, on="province_code", how="left")
    out["status"] = out["status"].where(out["value"].notna() | out["rank"].notna(), "missing")
    out["is_self"] = out["province_code"] == code
    out = out.sort_values(
        ["value", "rank", "province_code"], ascending=[False, True, True], na_position="last", kind="stable"
    )
    return year, out[cols].reset_index(drop=True)


def merger(provinces: pd.DataFrame, code: str) -> dict | None:
    """Where a 63-vintage province went on 1 July 2025: successor code and the old provinces it joined.

    Returns {"successor": code34, "members": [codes63 in order], "siblings": [members other than code],
    "type": the successor's unit type ("city" or "province")} or None.
    """
    p = provinces[(provinces["code"] == code) & (provinces["vintage"] == 63)]
    if p.empty or pd.isna(p.iloc[0]["successor"]):
        return None
    succ = str(p.iloc[0]["successor"])
    new = provinces[(provinces["code"] == succ) & (provinces["vintage"] == 34)]
    members = str(new.iloc[0]["members"]).split() if len(new) and pd.notna(new.iloc[0]["members"]) else [code]
    kind = str(new.iloc[0]["type"]) if len(new) and "type" in new and pd.notna(new.iloc[0]["type"]) else "province"
    return {"successor": succ, "members": members, "siblings": [m for m in members if m != code], "type": kind}


def siblings_series(values: pd.DataFrame, index: str, indicator: str, members) -> pd.DataFrame:
    """The indicator for every old province of one new province, one row per edition year each (gaps as NaN)."""
    years = edition_years(values, indicator)
    frames = [province_series(values, c, indicator, index, years) for c in members]
    return pd.concat(frames, ignore_index=True) if frames and years else pd.DataFrame()


# --- text -----------------------------------------------------------------------------------------------------


def merger_sentence(m: dict, name63: str, name34: str, sibling_names: list[str], lang: str) -> str:
    """'Since 1 July 2025 Sóc Trăng is part of the new Cần Thơ, with Cần Thơ and Hậu Giang' (or: unchanged)."""
    if not m["siblings"]:
        return t("merger_unchanged", lang, name=name63, new=name34)
    new_unit = t(f"unit_name_{m.get('type', 'province')}", lang, name=name34)
    return t("merger_joined", lang, name=name63, new_unit=new_unit, others=fmt_list(sibling_names, lang))


# --- charts ---------------------------------------------------------------------------------------------------


def localize(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """Number formats of the language (decimal comma in Vietnamese) in axes, legends and tooltips."""
    return chart.configure(locale=alt.Locale(number=d3_format_locale(lang)))


def _labels(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Add display columns: value text, rank text (computed marked), status in the language."""
    df = df.copy()
    df["value_text"] = [fmt_number(v, lang) for v in df["value"]]
    df["rank_text"] = [rank_cell(r, s, lang) for r, s in zip(df["rank"], df["rank_status"], strict=True)]
    df["status_text"] = [t(f"status_{s}", lang) if isinstance(s, str) else "" for s in df["status"]]
    return df


PANEL_WIDTH, PANEL_HEIGHT = 300, 170  # one small multiple in an image (on screen it takes its column's width)


def _year_axis(years: list[int], lang: str, field: str = "year") -> alt.X:
    lo, hi = (min(years), max(years)) if years else (2005, 2025)
    return (
        alt.X(f"{field}:Q")
        .title(t("year", lang))
        .scale(domain=[lo - 0.5, hi + 0.5], nice=False, zero=False)
        .axis(format="d", tickMinStep=1, labelOverlap=True)
    )


def _score_axis(lang: str) -> alt.Y:
    return alt.Y("value:Q").title(t("score", lang)).scale(zero=False).axis(format="~f", tickCount=5, minExtent=44)


def _break_rules(index: str, years: list[int], lang: str) -> alt.Chart | None:
    """Dashed rules between the last edition of an old method and the first of the new one (inside `years`)."""
    if not years:
        return None
    rows = [
        {"year": b.year, "x": b.year - 0.5, "note": registry.break_text(b, lang)}
        for b in breaks_of(index)
        if min(years) < b.year <= max(years)
    ]
    if not rows:
        return None
    return (
        alt.Chart(pd.DataFrame(rows))
        .mark_rule(color=METHOD_BREAK, strokeDash=[4, 3])
        .encode(_year_axis(years, lang, "x"), tooltip=[alt.Tooltip("note:N", title=t("method_break", lang))])
    )


def index_panel(df: pd.DataFrame, index: str, lang: str, years: list[int], width=PANEL_WIDTH) -> alt.LayerChart:
    """One small multiple: the index's total over time, lines broken at gaps and method breaks, breaks ruled
    (`width` in pixels, or "container": the width of the column it is drawn in)."""
    d = _labels(df[df["index"] == index], lang)
    tooltip = [
        alt.Tooltip("year:Q", title=t("year", lang), format="d"),
        alt.Tooltip("value_text:N", title=t("score", lang)),
        alt.Tooltip("rank_text:N", title=t("rank", lang)),
        alt.Tooltip("status_text:N", title=t("status", lang)),
    ]
    base = alt.Chart(d).encode(_year_axis(years, lang), _score_axis(lang))
    line = base.mark_line().encode(detail="segment:N")
    points = base.mark_point().encode(tooltip=tooltip)
    rules = _break_rules(index, years, lang)
    layers = [rules, line, points] if rules is not None else [line, points]
    if d["value"].isna().all():
        note = pd.DataFrame([{"note": t("profile_no_score", lang)}])
        layers.append(
            alt.Chart(note)
            .mark_text(color="#777777", fontSize=13)
            .encode(x=alt.datum((min(years) + max(years)) / 2 if years else 2015), y=alt.value(85), text="note:N")
        )
    fit = {"autosize": {"type": "fit-x", "contains": "padding"}} if width == "container" else {}
    return alt.layer(*layers).properties(title=registry.label(index), width=width, height=PANEL_HEIGHT, **fit)


def panel_indices(df: pd.DataFrame) -> list[str]:
    """The indices of `index_panels`, in their order."""
    return [i for i in registry.codes() if i in set(df["index"])]


def index_panels(df: pd.DataFrame, lang: str) -> list[alt.LayerChart]:
    """The small multiples as separate charts, each as wide as its column (a phone stacks them, one per row)."""
    years = sorted(int(y) for y in df["year"].unique())
    return [localize(index_panel(df, i, lang, years, width="container"), lang) for i in panel_indices(df)]


def small_multiples(df: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    """All indices with data for one province, two per row, a shared year axis."""
    years = sorted(int(y) for y in df["year"].unique())
    panels = [index_panel(df, i, lang, years) for i in registry.codes() if i in set(df["index"])]
    chart = alt.concat(*panels, columns=2).resolve_scale(y="independent").properties(autosize={"type": "pad"})
    return localize(chart, lang)


def subindex_chart(comp: pd.DataFrame, names: dict[str, str], lang: str) -> alt.TopLevelMixin:
    """The province's sub-index scores (dots) against the national median (ticks, computed), strongest on top."""
    d = comp.copy()
    d["name"] = d["indicator"].map(names).fillna(d["indicator"])
    d["value_text"] = [fmt_number(v, lang) for v in d["value"]]
    d["median_text"] = [fmt_number(v, lang) for v in d["median"]]
    d["diff_text"] = [fmt_number(v, lang, signed=True) for v in d["diff"]]
    order = d["name"].tolist()
    y = alt.Y("name:N").title(None).sort(order).axis(labelLimit=260)
    tooltip = [
        alt.Tooltip("name:N", title=t("indicator", lang)),
        alt.Tooltip("value_text:N", title=t("score", lang)),
        alt.Tooltip("median_text:N", title=t("national_median", lang)),
        alt.Tooltip("diff_text:N", title=t("diff_from_median", lang)),
    ]
    base = alt.Chart(d).encode(y=y, tooltip=tooltip)
    series = (
        alt.Color("series:N")
        .title(None)
        .scale(domain=[t("this_province", lang), t("national_median", lang)], range=["#0072B2", "#555555"])
    )
    rule = base.mark_rule(color="#bbbbbb").encode(x="median:Q", x2="value:Q")
    median = (
        base.transform_calculate(series=f"'{_js(t('national_median', lang))}'")
        .mark_tick(thickness=3, size=18)
        .encode(x=alt.X("median:Q").title(t("score", lang)).scale(zero=False), color=series)
    )
    dots = (
        base.transform_calculate(series=f"'{_js(t('this_province', lang))}'")
        .mark_point(size=90)
        .encode(x="value:Q", color=series)
    )
    chart = alt.layer(rule, median, dots).properties(
        width="container", height=max(120, 28 * len(d)), autosize={"type": "fit-x", "contains": "padding"}
    )
    return localize(chart, lang)


def _js(text: str) -> str:
    """A string safe inside a single-quoted Vega expression literal."""
    return text.replace("\\", "\\\\").replace("'", "\\'")


def siblings_chart(
    df: pd.DataFrame, names: dict[str, str], order: list[str], lang: str, title: str | None = None
) -> alt.TopLevelMixin:
    """The old provinces that form one new province, over the years (one colour each, gaps and breaks kept)."""
    d = _labels(df, lang)
    d["province"] = d["province_code"].map(names)
    index = str(d["index"].iloc[0])
    years = sorted(int(y) for y in d["year"].unique())
    color = alt.Color("province:N").title(t("province", lang)).scale(color_scale(order, names))
    tooltip = [
        alt.Tooltip("province:N", title=t("province", lang)),
        alt.Tooltip("year:Q", title=t("year", lang), format="d"),
        alt.Tooltip("value_text:N", title=t("score", lang)),
        alt.Tooltip("rank_text:N", title=t("rank", lang)),
        alt.Tooltip("status_text:N", title=t("status", lang)),
    ]
    base = alt.Chart(d).encode(_year_axis(years, lang), _score_axis(lang), color=color)
    layers = [base.mark_line().encode(detail="segment:N"), base.mark_point().encode(tooltip=tooltip)]
    rules = _break_rules(index, years, lang)
    if rules is not None:
        layers.insert(0, rules)
    chart = alt.layer(*layers).properties(
        width="container", height=260, autosize={"type": "fit-x", "contains": "padding"}
    )
    if title:
        chart = chart.properties(title=title)
    return localize(chart, lang)


# --- tables ---------------------------------------------------------------------------------------------------


def latest_rows(series: pd.DataFrame) -> pd.DataFrame:
    """Per index of `index_series` (registry order), its latest row with a score or a rank."""
    with_figure = series[series["value"].notna() | series["rank"].notna()]
    latest = with_figure.groupby("index", sort=False).tail(1)
    order = {i: n for n, i in enumerate(registry.codes())}
    return latest.sort_values("index", key=lambda c: c.map(order), kind="stable").reset_index(drop=True)


def latest_table(series: pd.DataFrame, sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The latest figure of each index for the province, as shown ("–" and status missing where there is none)."""
    latest = latest_rows(series).set_index("index", drop=False)
    rows = []
    for i in registry.codes():
        if i not in latest.index:
            cells = ["–", "–", "–", t("status_missing", lang), "–"]
        else:
            r = latest.loc[i]
            source = "; ".join(credits(latest.loc[[i]], sources, lang=lang)[0]) or "–"
            status = status_text(r["status"], r["value"], r["rank"], lang)
            cells = [str(int(r["year"])), fmt_number(r["value"], lang), rank_cell(r["rank"], r["rank_status"], lang)]
            cells += [status, source]
        keys = ("year", "score", "rank", "status", "source")
        rows.append({t("index", lang): registry.label(i)} | {t(k, lang): c for k, c in zip(keys, cells, strict=True)})
    return pd.DataFrame(rows)


def peers_table(peers: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """The region's provinces of `region_peers` as shown: the province itself marked, missing as "–"."""
    return pd.DataFrame(
        {
            t("province", lang): [
                ("● " if s else "") + names[c] for c, s in zip(peers["province_code"], peers["is_self"], strict=True)
            ],
            t("score", lang): [fmt_number(v, lang) for v in peers["value"]],
            t("rank", lang): [rank_cell(r, s, lang) for r, s in zip(peers["rank"], peers["rank_status"], strict=True)],
            t("status", lang): [
                status_text(s, v, r, lang)
                for s, v, r in zip(peers["status"], peers["value"], peers["rank"], strict=True)
            ],
        }
    )


def subindex_table(comp: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """The sub-indices of `subindex_comparison` as shown: score (computed marked), median, difference, position."""
    computed = f" ({t('computed_label', lang)})"
    return pd.DataFrame(
        {
            t("indicator", lang): [names[c] for c in comp["indicator"]],
            t("score", lang): [
                fmt_number(v, lang) + (computed if s == "computed" else "")
                for v, s in zip(comp["value"], comp["status"], strict=True)
            ],
            t("national_median", lang): [fmt_number(v, lang) for v in comp["median"]],
            t("diff_from_median", lang): [fmt_number(v, lang, signed=True) for v in comp["diff"]],
            t("profile_position", lang): [
                t("rank_of", lang, rank=int(p), n=int(n)) if pd.notna(p) else "–"
                for p, n in zip(comp["position"], comp["n"], strict=True)
            ],
        }
    )


def region_name(provinces: pd.DataFrame, code: str, lang: str) -> str:
    """The name of the province's region (vintage 63) in the language; blank if it has none."""
    p63 = provinces[(provinces["code"] == code) & (provinces["vintage"] == 63)]
    if p63.empty:
        return ""
    name = p63.iloc[0][localized("region", lang)]
    return name if isinstance(name, str) else ""
