"""Rank and status as text, in one place: table cells, the overview's rank line, the brief's "29/63", changes."""

from __future__ import annotations

import pandas as pd

from dashboard import indices
from dashboard.credits import year_ranges
from dashboard.i18n import MISSING, fmt_number, t

PROVINCES_63 = 63  # the provinces of the 63-unit vintage every published rank is out of


def _given(x) -> bool:
    return x is not None and not pd.isna(x)


def rank_cell(rank, rank_status, lang: str) -> str:
    """ "9", "9 (computed)" or an en dash: a rank in a table cell."""
    if not _given(rank):
        return MISSING
    return f"{int(rank)} ({t('computed_label', lang)})" if rank_status == "computed" else str(int(rank))


def status_text(status, value, rank, lang: str) -> str:
    """A row's status in the language; a rank published without its score says so instead of plain "missing"."""
    if not _given(value) and _given(rank):
        return t("status_rank_only", lang)
    return t(f"status_{status}", lang) if isinstance(status, str) and status else MISSING


def is_computed(status) -> bool:
    """Whether a value's or rank's status says computed (not published)."""
    return status == "computed"


def computed_mark(status, lang: str) -> str:
    """ " (computed)" after a computed figure in the language, "" after a published one."""
    return f" ({t('computed_label', lang)})" if is_computed(status) else ""


def figure_heading(index: str, year, status, lang: str) -> str:
    """ "PAPI 2024 (computed)": an index's figure of one edition, as a card's label and a sources heading name it."""
    return f"{indices.label(index)} {int(year)}{computed_mark(status, lang)}"


def computed_years(rows: pd.DataFrame | None) -> list[int]:
    """The years in which any of the tidy rows has a computed value or rank."""
    if rows is None or rows.empty:
        return []
    m = pd.Series(False, index=rows.index)
    for c in ("status", "rank_status"):
        if c in rows:
            m |= rows[c].eq("computed").fillna(False)
    return sorted(int(y) for y in rows.loc[m, "year"].unique())


def computed_note(rows: pd.DataFrame | None, lang: str) -> str:
    """The line under an image whose figures include computed ones, naming their years ("" when all published)."""
    years = computed_years(rows)
    return t("image_computed_note", lang, years=year_ranges(years)) if years else ""


def rank_line(fig: dict, lang: str) -> str:
    """ "Rank 9/63" (out of a full table, dashboard.data.ranked_out_of) or "Rank 9"; computed ranks say so."""
    if fig.get("rank") is None:
        return ""
    n = fig.get("n")
    text = t("rank_line_of", lang, rank=fig["rank"], n=n) if n else t("rank_line", lang, rank=fig["rank"])
    return f"{text} ({t('rank_computed', lang)})" if fig.get("rank_status") == "computed" else text


def rank_fraction(fig: dict | None, lang: str) -> str:
    """ "29/63", "29/63 (computed rank)", "29" or an en dash: the brief's rank cell."""
    if fig is None:
        return ""
    if fig["rank"] is None:
        return MISSING
    text = f"{fig['rank']}/{fig.get('n') or PROVINCES_63}"  # a rank of the 63, even where only the top were published
    return f"{text} ({t('brief_computed_rank', lang)})" if fig.get("rank_status") == "computed" else text


def rank_change_line(fig: dict, lang: str) -> str:
    """ "up 3 since 2019 (computed from two ranks)", naming the earlier edition; "" without two ranks to compare."""
    n = fig.get("rank_change")
    if n is None:
        return ""
    key = "rank_up" if n > 0 else "rank_down" if n < 0 else "rank_same"
    return t("rank_change_computed", lang, change=t(key, lang, n=abs(n), year=fig["prev_year"]))


def break_line(fig: dict, lang: str) -> str:
    """ "not comparable with 2021: the method changed in 2022" where the change would cross a method break, else ""."""
    if not fig.get("break_year"):
        return ""
    return t("change_across_break", lang, prev=fig["prev_year"], year=fig["break_year"])


def change_line(fig: dict | None, lang: str) -> str:
    """ "+2,12 points since 2018" and "up 3" on two lines, from the figures that exist: the brief's change cell (one
    line each, so the column never cuts the rank change)."""
    if fig is None:
        return ""
    if fig["prev_year"] is None:
        return t("brief_first_figure", lang)
    if fig.get("break_year"):
        return break_line(fig, lang)
    parts = []
    if fig["change"] is not None:
        sign = fmt_number(fig["change"], lang, signed=True)
        parts.append(t("brief_change", lang, sign=sign, year=fig["prev_year"]))
    if fig["rank_change"] is not None:
        n = fig["rank_change"]
        key = "brief_rank_up" if n > 0 else "brief_rank_down" if n < 0 else "brief_rank_same"
        what = t(key, lang, n=abs(n)) if n else t(key, lang)
        parts.append(what if parts else t("brief_rank_since", lang, what=what, year=fig["prev_year"]))
    return "\n".join(parts) or t("brief_no_like", lang, year=fig["prev_year"])


TIERS = 6  # PCI's tiers, best first (catalogue keys tier_1 … tier_6)


def tier_label(tier: str, lang: str) -> str:
    """A PCI tier in the language: VCCI publishes six ordered tiers, some editions in Vietnamese (Rất tốt … Thấp),
    2013 in English (Excellent … Very low); the catalogue's `tier_1` … `tier_6` pair them by their order. A label
    outside the six is kept as published."""
    for k in range(1, TIERS + 1):
        if tier in (t(f"tier_{k}", "vi"), t(f"tier_{k}", "en")):
            return t(f"tier_{k}", lang)
    return tier
