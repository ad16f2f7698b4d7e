"""The rankings page's figures: the chosen provinces' series with their chart parts, and the full table of one year.

Pure functions of a Dataset; no Streamlit here. Missing stays missing ("–" in the table, last in the order).
"""

from __future__ import annotations

import pandas as pd

from dashboard import charts, data, indices
from dashboard.credits import COMPACT, credit_line
from dashboard.i18n import indicator_name, t
from dashboard.league import sortable_texts
from dashboard.ranks import status_text

CHOSEN_MARK = "●"
CHOSEN_COLOR = "#f5b400"  # the mark drawn as an amber label, so the chosen rows stand out in the table
RANK_TYPES = {  # rank_status → catalogue key of its label in the table
    "published": "status_published",
    "computed": "rank_computed",
    "ordered_list": "basis_ordered_list",
    "derived": "basis_derived",
}


def trends(
    ds: data.Dataset,
    index: str,
    indicator: str,
    codes,
    lang: str,
    *,
    median: bool = False,
    highlight: str | None = None,
) -> dict:
    """The series of the chosen provinces and what the rank and score charts and their captions need; with `median`
    the national median series (computed, full tables only), with `highlight` one province brought forward."""
    values, meta = ds.values, ds.indicator(indicator)
    names = {c: ds.province_name(c) for c in codes}
    label = indices.label(index)
    years = data.editions(values, indicator)
    ser = data.series(values, index, indicator, list(codes))
    span = dict(first=years[0], last=years[-1])
    ranks = data.select(values, index, indicator)["rank"]
    score_label = label if meta.get("level") == "total" else indicator_name(meta, lang)
    return {
        "ser": ser,
        "span": span,
        "credit": credit_line(ser[["source_id", "year"]], ds.sources, lang, **COMPACT),
        "has_breaks": not charts.method_breaks(index, years, lang).empty,
        "index_has_ranks": bool(ranks.notna().any()),
        "bump_kw": dict(index=index, rank_max=int(ranks.max()) if ranks.notna().any() else None),
        "bump_title": t("bump_title", lang, index=label, **span),
        "score_title": t("score_title", lang, indicator=score_label, **span),
        "subtitle": [", ".join(names.values())],
        "names": names,
        "codes": list(codes),
        "index": index,
        "highlight": highlight,
        "median": data.median_series(values, index, indicator) if median else None,
    }


def bump_chart(tr: dict, lang: str):
    """The rank chart of `trends`, or None when no chosen province has a rank."""
    if not (tr["index_has_ranks"] and tr["ser"]["rank"].notna().any()):
        return None
    return charts.bump_chart(
        tr["ser"],
        tr["codes"],
        tr["names"],
        lang,
        **tr["bump_kw"],
        title=tr["bump_title"],
        subtitle=tr["subtitle"],
        highlight=tr["highlight"],
    )


def score_chart(tr: dict, lang: str):
    """The score chart of `trends`, or None when no chosen province has a score."""
    if not tr["ser"]["value"].notna().any():
        return None
    return charts.score_chart(
        tr["ser"],
        tr["codes"],
        tr["names"],
        lang,
        index=tr["index"],
        title=tr["score_title"],
        subtitle=tr["subtitle"],
        median=tr["median"],
        highlight=tr["highlight"],
    )


def not_drawn(tr: dict, chart: str, is_total: bool) -> str | None:
    """The catalogue key saying why the chart ("bump" or "score") of `trends` is not drawn; None when it is."""
    if chart == "score":
        return None if tr["ser"]["value"].notna().any() else "no_scores_for"
    if not is_total:
        return "subindex_no_rank"
    if not tr["index_has_ranks"]:
        return "index_no_ranks"
    return None if tr["ser"]["rank"].notna().any() else "no_ranks_for"


def without(ser: pd.Series, rows: pd.DataFrame, codes, names: dict) -> list[str]:
    """Names of the chosen provinces with no figure in `ser` (a column of `rows`) in any year, in the chosen order."""
    have = set(rows.loc[ser.notna(), "province_code"])
    return [names[c] for c in codes if c not in have]


def year_rows(ds: data.Dataset, index: str, indicator: str, year: int) -> pd.DataFrame:
    """Every province of the 63 in one year (and Hà Tây where the year's table has it), ranked first (by rank, then
    score, then code), missing last."""
    table = data.ranking_table(ds.values, index, indicator, year)
    held = [c for c in ds.historical_codes(63) if c in set(table["province_code"])]
    units = pd.DataFrame({"province_code": ds.province_codes(63) + held})
    rows = units.merge(table, on="province_code", how="left")
    rows = rows.sort_values(["rank", "value", "province_code"], ascending=[True, False, True], na_position="last")
    return rows.reset_index(drop=True)


def year_table(rows: pd.DataFrame, names: dict, codes, lang: str, is_total: bool) -> pd.DataFrame:
    """The year's table as shown: chosen mark, rank, province, score (and its status where any is computed), rank
    type, tier (columns without figures go)."""
    rank_type = {k: t(key, lang) for k, key in RANK_TYPES.items()}
    chosen = set(codes)
    shown = pd.DataFrame(
        {
            t("col_chosen", lang): rows["province_code"].map(lambda c: CHOSEN_MARK if c in chosen else ""),
            t("rank", lang): sortable_texts(rows["rank"], lang, 0),
            t("col_province", lang): rows["province_code"].map(names),
            t("score", lang): sortable_texts(rows["value"], lang, 2),
            t("col_rank_status", lang): rows["rank_status"].map(rank_type).fillna(""),
            t("col_tier", lang): rows["tier"].fillna(""),
        }
    )
    if rows["status"].eq("computed").any():  # computed values say so in the table too
        shown.insert(
            shown.columns.get_loc(t("score", lang)) + 1,
            t("status", lang),
            [status_text(s, v, r, lang) for s, v, r in zip(rows["status"], rows["value"], rows["rank"], strict=True)],
        )
    if not is_total or rows["rank"].isna().all():
        return shown.drop(columns=[t("rank", lang), t("col_rank_status", lang), t("col_tier", lang)])
    if rows["tier"].isna().all():
        return shown.drop(columns=[t("col_tier", lang)])
    return shown


def has_figure(rows: pd.DataFrame) -> pd.Series:
    """Rows of `year_rows` with a score or a rank."""
    return rows["value"].notna() | rows["rank"].notna()
