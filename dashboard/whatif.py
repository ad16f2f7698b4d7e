"""What moves the rank: the points of total a province gains by raising one sub-index, and the rank that total reaches.

Pure functions on the tidy table and the built weights table (weights.csv); no Streamlit. Everything here is computed
from published figures with the recovered weights, and only for years whose weights reproduce the published totals.
The rank of a simulated total is counted against that year's published table, all other provinces unchanged.
"""

from __future__ import annotations

from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd

from dashboard import indices as registry
from dashboard.data import select
from dashboard.i18n import NOTES_LANGS, fmt_number, t, tn
from dashboard.profile import localize

STEPS = (1, 5, 10)  # places to climb
LEVERS = 3  # sub-indices named for each climb
SUB_COLUMNS = [
    "indicator",
    "weight",
    "score",
    "median",
    "q75",
    "best",
    "n",
    "gain_median",
    "gain_q75",
    "gain_best",
    "rank_median",
    "rank_q75",
    "rank_best",
    "room",
    "priority",
]


def load_weights(folder: Path) -> pd.DataFrame:
    """The build's weights.csv (empty frame when the build has none)."""
    path = Path(folder) / "weights.csv"
    if not path.exists():
        return pd.DataFrame(columns=["index", "year", "total", "indicator", "weight", "max_residual", "note"])
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def weights_of(weights: pd.DataFrame, index: str, year: int) -> dict[str, float] | None:
    """Sub-index → weight of the index's headline total in a year; None where no weights reproduce it."""
    w = weights[(weights["total"] == _headline(index)) & (weights["year"] == year)]
    if w.empty or w["weight"].isna().any():
        return None
    return dict(zip(w["indicator"], w["weight"].astype(float), strict=True))


def _headline(index: str) -> str | None:
    """The index's headline total (None for an unknown code)."""
    try:
        return registry.headline(index)
    except KeyError:
        return None


def indices(weights: pd.DataFrame) -> tuple[str, ...]:
    """Indices, in display order, whose headline total has recovered weights in at least one year (weights.csv)."""
    return tuple(i for i in registry.codes() if years(weights, i))


def years(weights: pd.DataFrame, index: str) -> list[int]:
    """Years in which the index's total can be simulated (its weights reproduce the published totals)."""
    w = weights[weights["total"] == _headline(index)]
    ok = w.groupby("year")["weight"].apply(lambda s: bool(s.notna().all()))
    return sorted(int(y) for y, good in ok.items() if good)


def why_not(weights: pd.DataFrame, index: str, year: int, lang: str = "en") -> str | None:
    """Why a year has no weights, in the language: the weights table's note in English, its figures (largest
    difference, provinces in the fit) in Vietnamese (None when the year has weights or no row)."""
    w = weights[(weights["total"] == _headline(index)) & (weights["year"] == year)]
    if w.empty or w["weight"].notna().all():
        return None
    row = w.iloc[0]
    if lang in NOTES_LANGS:
        return str(row["note"])
    if pd.notna(row["max_residual"]):
        return t("wi_why_residual", lang, residual=fmt_number(float(row["max_residual"]), lang, 4))
    return t("wi_why_too_few", lang, provinces=int(row["provinces"]) if pd.notna(row["provinces"]) else 0)


def year_table(values: pd.DataFrame, index: str, year: int, subs) -> pd.DataFrame:
    """One row per province (vintage 63) with the published total, its rank and the sub-index scores."""
    rows = select(values, index, year=year)
    rows = rows[rows["indicator"].isin([registry.headline(index), *subs])]
    wide = rows.pivot_table(index="province_code", columns="indicator", values="value", aggfunc="first")
    wide = wide.reindex(columns=[registry.headline(index), *subs]).rename(columns={registry.headline(index): "total"})
    tot = (
        rows[rows["indicator"] == registry.headline(index)].drop_duplicates("province_code").set_index("province_code")
    )
    wide["published_rank"] = tot["rank"].reindex(wide.index)
    wide["rank_status"] = tot["rank_status"].reindex(wide.index)
    return wide[wide["total"].notna()].sort_values("total", ascending=False)


def _absent_ranks(table: pd.DataFrame) -> list[int]:
    """Published ranks held by no province of the table (PCI 2006-2008 rank Hà Tây, not a unit of vintage 63)."""
    held = set(table["published_rank"].dropna().astype(int))
    return sorted(set(range(1, max(held) + 1)) - held) if held else []


def table_size(table: pd.DataFrame) -> int:
    """Provinces in the published ranking (those of the table and any ranked province it does not hold)."""
    return len(table) + len(_absent_ranks(table))


def simulated_rank(table: pd.DataFrame, code: str, total: float) -> int:
    """Rank the province would hold with `total`, every other province as published.

    A ranked province the table does not hold (Hà Tây before 2009) stays above unless the total passes the province
    ranked just above it.
    """
    others = table.drop(index=code, errors="ignore")
    rank = 1 + int((others["total"] > total).sum())
    ranked = table[table["published_rank"].notna()]
    by_rank = dict(zip(ranked["published_rank"].astype(int), ranked["total"], strict=True))
    for a in _absent_ranks(table):
        if total < by_rank.get(a - 1, np.inf):
            rank += 1
    return rank


def subindex_gains(values: pd.DataFrame, weights: pd.DataFrame, index: str, year: int, code: str) -> dict | None:
    """Per sub-index: weight, score, national median / top quartile / best (computed), the gain in total points at
    each level on that sub-index alone and the rank it reaches; None when the year has no weights or no province data.
    """
    w = weights_of(weights, index, year)
    if w is None:
        return None
    table = year_table(values, index, year, list(w))
    if code not in table.index or table.loc[code, list(w)].isna().any():
        return None
    own_total = float(table.loc[code, "total"])
    rows = []
    for sub, weight in w.items():
        col = table[sub].dropna()
        score = float(table.loc[code, sub])
        levels = {"median": float(col.median()), "q75": float(col.quantile(0.75)), "best": float(col.max())}
        row = {"indicator": sub, "weight": weight, "score": score, "n": len(col), **levels}
        for level, target in levels.items():
            gain = weight * max(0.0, target - score)
            row[f"gain_{level}"] = gain
            row[f"rank_{level}"] = simulated_rank(table, code, own_total + gain)
        row["room"] = levels["best"] - score
        row["priority"] = weight * row["room"]
        rows.append(row)
    subs = pd.DataFrame(rows, columns=SUB_COLUMNS).sort_values(
        ["gain_best", "indicator"], ascending=[False, True], kind="stable"
    )
    own = table.loc[code]
    return {
        "index": index,
        "year": year,
        "code": code,
        "total": own_total,
        "rank": simulated_rank(table, code, own_total),
        "published_rank": None if pd.isna(own["published_rank"]) else int(own["published_rank"]),
        "rank_status": None if pd.isna(own["rank_status"]) else str(own["rank_status"]),
        "n": table_size(table),
        "subs": subs.reset_index(drop=True),
        "climb": climb(table, code, w, subs),
    }


def climb(table: pd.DataFrame, code: str, w: dict[str, float], subs: pd.DataFrame) -> pd.DataFrame:
    """For 1, 5 and 10 places up: the province to pass, the gap in total points and the sub-indices that close it
    with the least change (largest weight × room to grow): the score each would need on its own.
    """
    cols = ["places", "target_rank", "target_code", "gap", "levers"]
    own_total = float(table.loc[code, "total"])
    rank = simulated_rank(table, code, own_total)
    ranks = {c: simulated_rank(table, c, float(t)) for c, t in table["total"].items()}
    rows, seen = [], set()
    for places in STEPS:
        target = max(1, rank - places)
        if target >= rank or target in seen:
            continue
        seen.add(target)
        ahead = [c for c, r in ranks.items() if r <= target]
        passed = min(ahead, key=lambda c: float(table.loc[c, "total"]))
        gap = float(table.loc[passed, "total"]) - own_total
        top = subs.sort_values(["priority", "indicator"], ascending=[False, True], kind="stable").head(LEVERS)
        levers = [
            {"indicator": r.indicator, "change": gap / r.weight, "reachable": gap / r.weight <= r.room}
            for r in top.itertuples(index=False)
        ]
        rows.append({"places": places, "target_rank": target, "target_code": passed, "gap": gap, "levers": levers})
    return pd.DataFrame(rows, columns=cols)


# --- chart and table ------------------------------------------------------------------------------------------


def gains_chart(subs: pd.DataFrame, names: dict[str, str], lang: str, title: str = "") -> dict:
    """Bars of the total points gained at the national median and at the best, one row per sub-index (Vega-Lite)."""
    at_median, at_best = t("wi_gain_median", lang), t("wi_gain_best", lang)
    rows = []
    for r in subs.itertuples(index=False):
        name = names.get(r.indicator, r.indicator)
        for series, gain in ((at_best, r.gain_best), (at_median, r.gain_median)):
            rows.append({"name": name, "series": series, "gain": round(float(gain), 4), "text": fmt_number(gain, lang)})
    d = pd.DataFrame(rows, columns=["name", "series", "gain", "text"])
    order = [names.get(c, c) for c in subs["indicator"]]
    y = alt.Y("name:N").title(None).sort(order).axis(labelLimit=260, labelOverlap=False)
    color = alt.Color("series:N").title(None).scale(domain=[at_best, at_median], range=["#9ecae1", "#08519c"])
    chart = (
        alt.Chart(d)
        .mark_bar()
        .encode(
            y=y,
            yOffset=alt.YOffset("series:N").sort([at_median, at_best]),
            x=alt.X("gain:Q").title(t("wi_gain_axis", lang)),
            color=color,
            tooltip=[
                alt.Tooltip("name:N", title=t("indicator", lang)),
                alt.Tooltip("series:N", title=" "),
                alt.Tooltip("text:N", title=t("wi_gain_axis", lang)),
            ],
        )
        .properties(width="container", height=44 * max(3, len(subs)), **({"title": title} if title else {}))
    )
    return localize(chart, lang).to_dict()


def gains_table(result: dict, names: dict[str, str], lang: str) -> pd.DataFrame:
    """The sub-index table in the language (every computed column says so in its header)."""
    s = result["subs"]
    n = result["n"]
    computed = t("computed_label", lang)
    return pd.DataFrame(
        {
            t("indicator", lang): [names.get(c, c) for c in s["indicator"]],
            t("wi_weight", lang): [fmt_number(w, lang) for w in s["weight"]],
            t("score", lang): [fmt_number(v, lang) for v in s["score"]],
            t("national_median", lang): [fmt_number(v, lang) for v in s["median"]],
            t("wi_q75", lang): [fmt_number(v, lang) for v in s["q75"]],
            t("wi_best", lang): [fmt_number(v, lang) for v in s["best"]],
            f"{t('wi_gain_median', lang)} ({computed})": [fmt_number(v, lang, signed=v > 0) for v in s["gain_median"]],
            f"{t('wi_gain_q75', lang)} ({computed})": [fmt_number(v, lang, signed=v > 0) for v in s["gain_q75"]],
            f"{t('wi_gain_best', lang)} ({computed})": [fmt_number(v, lang, signed=v > 0) for v in s["gain_best"]],
            f"{t('wi_rank_median', lang)} ({computed})": [f"{int(r)}/{n}" for r in s["rank_median"]],
            f"{t('wi_rank_best', lang)} ({computed})": [f"{int(r)}/{n}" for r in s["rank_best"]],
        }
    )


def climb_lines(result: dict, names: dict[str, str], province_name, lang: str) -> list[str]:
    """One sentence per climb: the province to pass, the gap and the sub-indices that close it alone (computed)."""
    out = []
    for r in result["climb"].itertuples(index=False):
        levers = [
            t(
                "wi_lever" if lever["reachable"] else "wi_lever_beyond",
                lang,
                name=names.get(lever["indicator"], lever["indicator"]),
                change=fmt_number(lever["change"], lang, signed=True),
            )
            for lever in r.levers
        ]
        out.append(
            tn(
                "wi_climb_line",
                r.places,
                lang,
                rank=r.target_rank,
                other=province_name(r.target_code),
                gap=fmt_number(r.gap, lang),
                levers="; ".join(levers),
            )
        )
    return out


def pick_year(weights: pd.DataFrame, index: str, requested: int | None) -> int | None:
    """The requested year when it can be simulated, else the latest year that can (None if none)."""
    ok = years(weights, index)
    return requested if requested in ok else (ok[-1] if ok else None)


def max_residual(weights: pd.DataFrame, index: str, year: int) -> float | None:
    """The largest difference between the weighted sum and a published total in that year's fit."""
    w = weights[(weights["total"] == _headline(index)) & (weights["year"] == year)]
    return None if w.empty else float(w["max_residual"].iloc[0])
