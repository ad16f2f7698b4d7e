"""When each index was last updated: its latest edition in the data and the date its source copies were taken."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import indices
from dashboard.i18n import fmt_date, t


def retrieved_dates(sources: pd.DataFrame, index: str) -> list[dt.date]:
    """The recorded retrieval dates of an index's sources (sources.csv `retrieved`), oldest first; blanks skipped."""
    if sources.empty or "retrieved" not in sources:
        return []
    cells = sources.loc[sources["index"] == index, "retrieved"].dropna().astype(str).str.strip()
    return sorted({dt.date.fromisoformat(c) for c in cells if c})


def freshness(sources: pd.DataFrame, latest: dict[str, int]) -> list[dict]:
    """Per index with data (registry order): its latest edition, the latest retrieval date of its sources (None
    when no source records one) and how many of its sources record none."""
    out = []
    for code, year in latest.items():
        days = retrieved_dates(sources, code)
        n = int((sources["index"] == code).sum()) if "index" in sources else 0
        out.append({"index": code, "edition": year, "retrieved": days[-1] if days else None, "n_sources": n})
    return out


def freshness_line(item: dict, lang: str) -> str:
    """'PCI: kỳ mới nhất 2024 · nguồn lấy ngày: chưa ghi nhận' for one index."""
    day = item["retrieved"]
    when = fmt_date(day, lang) if day else t("retrieved_not_recorded", lang)
    return t("freshness_line", lang, index=indices.label(item["index"]), year=item["edition"], retrieved=when)


def freshness_text(sources: pd.DataFrame, latest: dict[str, int], lang: str, only: str | None = None) -> str:
    """The lines of every index (or only one), joined for one caption."""
    items = [i for i in freshness(sources, latest) if only is None or i["index"] == only]
    return " · ".join(freshness_line(i, lang) for i in items)
