"""The compare page's figures: per indicator each chosen province, the national median and the best province; the
wide table and the gaps read from it; the charts. Pure functions of the tidy table (no Streamlit here)."""

from __future__ import annotations

import pandas as pd

from dashboard import charts, indices
from dashboard.credits import COMPACT, credit_line
from dashboard.data import Dataset, best_province, national_median, select
from dashboard.i18n import fmt_number, indicator_name, t

COLUMNS = ["indicator", "order", "series", "kind", "code", "value", "rank"]
MIN_COMPARE, MAX_COMPARE = 2, 6
SUB_LEVELS = ("subindex", "dimension", "component")


def indicator_rows(values, index: str, year: int, indicator: str, order: int, codes, labels: dict) -> list[dict]:
    """Dots for one indicator: each chosen province, the national median (computed) and the best province.

    `labels` names the series: a province's code → its name, and "median" / "best" → their labels.
    """
    sel = select(values, index, indicator, year, codes=codes).set_index("province_code")
    rows = [
        {
            "indicator": indicator,
            "order": order,
            "series": labels[c],
            "kind": "province",
            "code": c,
            "value": sel["value"].get(c),
            "rank": sel["rank"].get(c),
        }
        for c in codes
    ]
    best = best_province(values, index, indicator, year)
    median = national_median(values, index, indicator, year)
    rows.append({**dict.fromkeys(COLUMNS), "indicator": indicator, "order": order, "series": labels["median"]})
    rows[-1] |= {"kind": "median", "value": median}
    rows.append({**dict.fromkeys(COLUMNS), "indicator": indicator, "order": order, "series": labels["best"]})
    rows[-1] |= {"kind": "best", "code": best["code"] if best else None, "value": best["value"] if best else None}
    return rows


def comparison_long(values, index: str, year: int, indicators: list[str], codes, labels: dict) -> pd.DataFrame:
    """indicator_rows of every indicator, in order (the total first), as one long frame."""
    rows = [r for i, c in enumerate(indicators) for r in indicator_rows(values, index, year, c, i, codes, labels)]
    long = pd.DataFrame(rows, columns=COLUMNS)
    long["value"] = pd.to_numeric(long["value"], errors="coerce")
    return long


def wide_table(long: pd.DataFrame, series: list[str]) -> pd.DataFrame:
    """One row per indicator (by its label, in order), one column per series (provinces, median, best)."""
    wide = long.set_index(["order", "indicator_label", "series"])["value"].unstack("series")
    return wide.sort_index(level="order").droplevel("order").reindex(columns=series)


def gap_table(wide: pd.DataFrame, provinces: list[str], reference: str) -> pd.DataFrame:
    """Each province's distance from a reference column (the median or the best province); missing stays missing."""
    return wide[provinces].sub(wide[reference], axis=0)


def view(ds: Dataset, index: str, year: int, codes, lang: str) -> dict:
    """Every figure the page shows: the long frame (with indicator labels), its total and sub-index parts, names."""
    values, codes = ds.values, list(codes)
    labels = {c: ds.province_name(c) for c in codes} | {
        "median": t("national_median", lang),
        "best": t("best_province", lang),
    }
    total = indices.headline(index)
    subs = [c for c in ds.indicators_of(index) if ds.indicator(c).get("level") in SUB_LEVELS]
    subs = [c for c in subs if select(values, index, c, year)["value"].notna().any()]
    long = comparison_long(values, index, year, [total, *subs], codes, labels)
    long["indicator_label"] = long["indicator"].map(lambda c: indicator_name(ds.indicator(c), lang))
    shown = select(values, index, None, year)
    shown = shown[shown["value"].notna()]
    tot = long[long["indicator"] == total]
    best_code = tot.loc[tot["kind"] == "best", "code"].iloc[0]
    return {
        "long": long,
        "total": total,
        "subs": subs,
        "credit": credit_line(shown[["source_id", "year"]], ds.sources, lang, **COMPACT),
        "shown_rows": shown,
        "tot": tot,
        "sub": long[long["indicator"].isin(subs)],
        "names": {c: labels[c] for c in codes},
        "best_name": ds.province_name(best_code) if isinstance(best_code, str) else None,
        "index": index,
        "year": year,
        "codes": codes,
    }


def chart(cmp: dict, part: str, lang: str):
    """The chart of one part of `view` ("total": bars, "sub": dots per sub-index); None with no province's score."""
    frame = cmp["tot"] if part == "total" else cmp["sub"]
    if frame.empty or not frame.loc[frame["kind"] == "province", "value"].notna().any():
        return None
    names, label = cmp["names"], indices.label(cmp["index"])
    kw = dict(subtitle=[", ".join(names.values())])
    if part == "total":
        title = t("compare_total_title", lang, index=label, year=cmp["year"])
        return charts.compare_totals(frame, cmp["codes"], names, lang, best_name=cmp["best_name"], title=title, **kw)
    title = t("compare_sub_title", lang, index=label, year=cmp["year"])
    return charts.compare_dots(frame, cmp["codes"], names, lang, title=title, **kw)


def years_with_figures(values, index: str, indicator: str, codes) -> list[int]:
    """Years in which at least MIN_COMPARE of the chosen provinces have a published score."""
    v = select(values, index, indicator, codes=list(codes))
    n = v[v["value"].notna()].groupby("year")["province_code"].nunique()
    return sorted(int(y) for y in n[n >= MIN_COMPARE].index)


def as_text(df: pd.DataFrame, lang: str, **kw) -> pd.DataFrame:
    """Numbers as text in the language, "–" where missing (these tables are read, not sorted)."""
    return df.apply(lambda col: col.map(lambda x: fmt_number(x, lang, **kw)))


def figures_table(cmp: dict, names: dict, lang: str) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The wide figures (numbers), the table shown (rank row first when there are ranks, best province named) and
    the numeric columns of the table."""
    long, tot, index_label = cmp["long"], cmp["tot"], indices.label(cmp["index"])
    median_label, best_label = t("national_median", lang), t("best_province", lang)
    province_cols = [names[c] for c in cmp["codes"]]
    wide = wide_table(long, [*province_cols, median_label, best_label])
    best_col = f"{best_label}: {t('col_province', lang).lower()}"
    best_names = long[long["kind"] == "best"].set_index("indicator_label")["code"].map(lambda c: names.get(c, "–"))
    ranks = tot[tot["kind"] == "province"].set_index("series")["rank"].reindex(province_cols)
    rank_row = pd.DataFrame(
        [ranks.map(lambda r: fmt_number(r, lang, decimals=0)).to_list() + ["", "", ""]],
        columns=[*province_cols, median_label, best_label, best_col],
        index=[f"{index_label}: {t('rank_row', lang).lower()}"],
    )
    table = as_text(wide, lang).assign(**{best_col: best_names.reindex(wide.index).fillna("–")})
    table = pd.concat([rank_row, table] if ranks.notna().any() else [table]).rename_axis(t("indicator", lang))
    return wide, table, [*province_cols, median_label, best_label]


def gaps_tables(wide: pd.DataFrame, province_cols: list[str], lang: str) -> dict[str, pd.DataFrame]:
    """The gaps to the national median and to the best province, as shown (signed, "–" where missing)."""
    refs = {"median": t("national_median", lang), "best": t("best_province", lang)}
    return {
        k: as_text(gap_table(wide, province_cols, ref).rename_axis(t("indicator", lang)), lang, signed=True)
        for k, ref in refs.items()
    }
