"""The compare page's figures: per indicator each chosen province, the national median and the best province; the
wide table and the gaps read from it. Pure functions of the tidy table."""

from __future__ import annotations

import pandas as pd

from dashboard.data import best_province, national_median, select

COLUMNS = ["indicator", "order", "series", "kind", "code", "value", "rank"]


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
