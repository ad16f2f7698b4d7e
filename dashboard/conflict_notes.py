"""Where a figure on a card rests on a recorded conflict between sources (conflicts.csv), the words that say so."""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import t


def rank_conflicts(conflicts: pd.DataFrame, index: str, indicator: str, code: str, years) -> pd.DataFrame:
    """The recorded rank conflicts of one province's indicator in any of `years` (vintage 63), by year."""
    if conflicts.empty:
        return conflicts
    c = conflicts
    m = (
        (c["index"] == index)
        & (c["indicator"] == indicator)
        & (c["province_code"] == code)
        & (c["field"] == "rank")
        & (c["vintage"].astype(int) == 63)
        & c["year"].astype(int).isin([int(y) for y in years if y is not None])
    )
    return c[m].sort_values("year")


def rank_conflict_note(rows: pd.DataFrame, lang: str) -> str:
    """'Hạng 2023 có hai con số trong các nguồn: giữ 32, nguồn khác ghi 34; thay đổi thứ hạng có thể khác.'"""
    parts = [
        t("conflict_rank_part", lang, year=int(r["year"]), kept=r["chosen_value"], other=r["other_value"])
        for r in rows.to_dict("records")
    ]  # two sources giving the same other rank make one part
    return t("conflict_rank_note", lang, parts="; ".join(dict.fromkeys(parts)))
