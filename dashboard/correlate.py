"""The four indices side by side: any two indicators across provinces, their correlation, a matrix per year, and a
province's rank on each index. Pure functions and Vega-Lite builders; every statistic here is computed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from dashboard import indices as registry
from dashboard.data import select
from dashboard.i18n import fmt_number, t
from dashboard.profile import localize

MIN_N = 10  # fewer provinces with both figures than this: no correlation is given
MATRIX_MIN_N = 30  # the matrix shows a pair only where at least this many provinces have both
SECOND = ("y_index", "y_indicator", "y_year")  # URL parameters of the second indicator


def figures(values: pd.DataFrame, index: str, indicator: str, year: int) -> pd.Series:
    """Values of one indicator and year by province (vintage 63), missing left out."""
    s = select(values, index, indicator, year)
    s = s[s["value"].notna()].drop_duplicates("province_code")
    return pd.Series(s["value"].to_numpy(dtype="float64"), index=s["province_code"].to_numpy(), name=indicator)


def pair(values: pd.DataFrame, x: tuple[str, str, int], y: tuple[str, str, int]) -> pd.DataFrame:
    """Provinces with both figures: province_code, x, y (and each one's status)."""
    a, b = figures(values, *x), figures(values, *y)
    both = pd.concat([a.rename("x"), b.rename("y")], axis=1, join="inner").dropna()
    return both.rename_axis("province_code").reset_index().sort_values("province_code", ignore_index=True)


def pearson(x, y) -> float:
    """Pearson's r (NaN with fewer than 3 pairs or no spread)."""
    x, y = np.asarray(x, dtype="float64"), np.asarray(y, dtype="float64")
    if len(x) < 3:
        return float("nan")
    dx, dy = x - x.mean(), y - y.mean()
    denom = np.sqrt((dx * dx).sum() * (dy * dy).sum())
    return float((dx * dy).sum() / denom) if denom > 0 else float("nan")


def spearman(x, y) -> float:
    """Spearman's rho: Pearson's r of the ranks (ties get their average rank)."""
    return pearson(pd.Series(x).rank(method="average"), pd.Series(y).rank(method="average"))


def stats(frame: pd.DataFrame, min_n: int = MIN_N) -> dict:
    """n, Pearson and Spearman of a pair frame; the coefficients are NaN when n < min_n (too few to say)."""
    n = len(frame)
    if n < min_n:
        return {"n": n, "pearson": float("nan"), "spearman": float("nan"), "enough": False}
    return {
        "n": n,
        "pearson": pearson(frame["x"], frame["y"]),
        "spearman": spearman(frame["x"], frame["y"]),
        "enough": True,
    }


def matrix(values: pd.DataFrame, indices=None) -> pd.DataFrame:
    """Correlations between the headline totals of every pair of indices, per year where ≥ MATRIX_MIN_N provinces
    have both: year, a, b, n, pearson, spearman (both orders of each pair, and the diagonal).
    """
    indices = registry.codes() if indices is None else indices
    years = sorted(set(int(y) for y in values.loc[values["indicator"].isin(registry.headlines().values()), "year"]))
    rows = []
    for year in years:
        heads = {i: figures(values, i, registry.headline(i), year) for i in indices}
        for a in indices:
            for b in indices:
                both = pd.concat([heads[a].rename("x"), heads[b].rename("y")], axis=1, join="inner").dropna()
                if len(both) < MATRIX_MIN_N:
                    continue
                s = stats(both, MATRIX_MIN_N)
                rows.append({"year": year, "a": a, "b": b, **{k: s[k] for k in ("n", "pearson", "spearman")}})
    return pd.DataFrame(rows, columns=["year", "a", "b", "n", "pearson", "spearman"])


def matrix_years(m: pd.DataFrame) -> list[int]:
    """Years in which at least one pair of different indices has enough provinces."""
    return sorted(set(int(y) for y in m.loc[m["a"] != m["b"], "year"]))


def positions(values: pd.DataFrame, code: str, year: int) -> pd.DataFrame:
    """The province's rank on each index's headline in one year: published where published, else computed from the
    scores when enough provinces have one; missing otherwise. Columns: index, rank, n, basis (published/computed/
    missing), value.
    """
    rows = []
    for index in registry.codes():
        s = select(values, index, registry.headline(index), year).drop_duplicates("province_code")
        mine = s[s["province_code"] == code]
        scored = s[s["value"].notna()]
        row = {"index": index, "rank": None, "n": None, "basis": "missing", "value": None}
        if len(mine) and pd.notna(mine["value"].iloc[0]):
            row["value"] = float(mine["value"].iloc[0])
        if len(mine) and pd.notna(mine["rank"].iloc[0]) and mine["rank_status"].iloc[0] == "published":
            row |= {"rank": int(mine["rank"].iloc[0]), "n": int(s["rank"].notna().sum()), "basis": "published"}
        elif row["value"] is not None and len(scored) >= MATRIX_MIN_N:
            rank = 1 + int((scored["value"] > row["value"]).sum())
            row |= {"rank": rank, "n": len(scored), "basis": "computed"}
        rows.append(row)
    out = pd.DataFrame(rows, columns=["index", "rank", "n", "basis", "value"])
    return out.astype({"rank": "Int64", "n": "Int64"})


def parse_second(raw: Mapping, catalog, first: tuple[str, str, int | None]) -> tuple[str, str, int | None]:
    """The second indicator from the URL (y_index, y_indicator, y_year), validated against the catalog.

    Default: the headline of the registry's second index (its first when the first axis shows the second), in the
    first indicator's year or its latest year.
    """

    def one(name):
        v = raw.get(name)
        v = v[-1] if isinstance(v, list | tuple) and v else v
        return str(v) if v not in (None, "") and len(str(v)) <= 40 else None

    index = one("y_index")
    if index not in catalog.indices:
        first_two = registry.codes()[:2]
        index = first_two[1] if first[0] != first_two[1] else first_two[0]
    indicator = one("y_indicator")
    if indicator not in catalog.indicators.get(index, ()):
        indicator = catalog.headline.get(index, registry.headline(index))
    years = catalog.years.get(indicator, ())
    year = one("y_year")
    year = int(year) if year and re.fullmatch(r"\d{4}", year) and int(year) in years else None
    if year is None and years:
        year = first[2] if first[2] in years else catalog.default_years.get(indicator, max(years))
    return index, indicator, year


# --- charts ---------------------------------------------------------------------------------------------------


def scatter_chart(
    frame: pd.DataFrame, names: dict[str, str], chosen, x_title: str, y_title: str, lang: str, title: str = ""
) -> dict:
    """Provinces as points, the chosen ones highlighted and named (Vega-Lite spec)."""
    chosen = list(chosen)
    d = frame.copy()
    d["name"] = d["province_code"].map(names).fillna(d["province_code"])
    d["chosen"] = d["province_code"].isin(chosen)
    d["label"] = d["name"].where(d["chosen"], "")
    d["x_text"] = [fmt_number(v, lang) for v in d["x"]]
    d["y_text"] = [fmt_number(v, lang) for v in d["y"]]
    x = alt.X("x:Q").title(x_title).scale(zero=False)
    y = alt.Y("y:Q").title(y_title).scale(zero=False)
    tooltip = [
        alt.Tooltip("name:N", title=t("province", lang)),
        alt.Tooltip("x_text:N", title=x_title),
        alt.Tooltip("y_text:N", title=y_title),
    ]
    base = alt.Chart(d).encode(x=x, y=y, tooltip=tooltip)
    others = base.transform_filter("!datum.chosen").mark_circle(size=45, color="#9e9e9e", opacity=0.7)
    picked = base.transform_filter("datum.chosen").mark_circle(size=110, color="#d95f02")
    labels = (
        base.transform_filter("datum.chosen").mark_text(align="left", dx=7, dy=-6, fontSize=12).encode(text="label:N")
    )
    chart = alt.layer(others, picked, labels).properties(
        width="container",
        height=420,
        **({"title": title} if title else {}),
        autosize={"type": "fit-x", "contains": "padding"},
    )
    return localize(chart, lang).to_dict()


def matrix_chart(m: pd.DataFrame, year: int, lang: str) -> dict:
    """Heatmap of Spearman's rho between the indices' headline totals in one year, with n in each cell."""
    d = m[m["year"] == year].copy()
    d["a_label"] = d["a"].map(registry.labels())
    d["b_label"] = d["b"].map(registry.labels())
    d["text"] = [f"{fmt_number(r, lang)}\nn={n}" for r, n in zip(d["spearman"], d["n"], strict=True)]
    d["rho_text"] = [fmt_number(r, lang) for r in d["spearman"]]
    d["r_text"] = [fmt_number(r, lang) for r in d["pearson"]]
    order = [registry.label(i) for i in registry.codes() if i in set(d["a"])]
    x = alt.X("a_label:N").title(None).sort(order).axis(labelAngle=0, orient="top")
    y = alt.Y("b_label:N").title(None).sort(order)
    base = alt.Chart(d).encode(x=x, y=y)
    cells = base.mark_rect().encode(
        color=alt.Color("spearman:Q").title("Spearman ρ").scale(domain=[-1, 1], scheme="redblue"),
        tooltip=[
            alt.Tooltip("a_label:N", title=t("index", lang)),
            alt.Tooltip("b_label:N", title=t("index", lang)),
            alt.Tooltip("rho_text:N", title="Spearman ρ"),
            alt.Tooltip("r_text:N", title="Pearson r"),
            alt.Tooltip("n:Q", title="n"),
        ],
    )
    ink = alt.when("abs(datum.spearman) > 0.6").then(alt.value("white")).otherwise(alt.value("black"))
    text = base.mark_text(fontSize=12, lineBreak="\n").encode(text="text:N", color=ink)
    chart = alt.layer(cells, text).properties(width=80 * len(order) + 60, height=60 * len(order) + 20)
    return localize(chart, lang).to_dict()


def positions_chart(p: pd.DataFrame, lang: str, title: str = "") -> dict:
    """The province's rank on each index in one chart: rank 1 at the right, each bar labelled 'rank r/n'."""
    d = p[p["rank"].notna()].copy()
    d["label"] = [registry.label(i) for i in d["index"]]
    d["rank"] = d["rank"].astype(int)
    d["n"] = d["n"].astype(int)
    d["text"] = [
        t("rank_of", lang, rank=r, n=n) + (f" ({t('computed_label', lang)})" if b == "computed" else "")
        for r, n, b in zip(d["rank"], d["n"], d["basis"], strict=True)
    ]
    d["share"] = [(n - r + 1) / n for r, n in zip(d["rank"], d["n"], strict=True)]
    order = [registry.label(i) for i in registry.codes()]
    y = alt.Y("label:N").title(None).sort(order)
    x = alt.X("share:Q").title(t("cor_position_axis", lang)).scale(domain=[0, 1]).axis(format="%")
    base = alt.Chart(d).encode(y=y, x=x, tooltip=[alt.Tooltip("text:N", title=t("rank", lang))])
    bars = base.mark_bar(color="#0072B2", height=18)
    text = base.mark_text(align="left", dx=4).encode(text="text:N")
    chart = alt.layer(bars, text).properties(
        width="container",
        height=40 * max(1, len(d)) + 20,
        **({"title": title} if title else {}),
        autosize={"type": "fit-x", "contains": "padding"},
    )
    return localize(chart, lang).to_dict()
