"""Short source lines for what a chart or table shows: one credit per publisher and edition series, years merged.

"CECODES, VFF-CRT, RTA & UNDP, PAPI 2011; … PAPI 2012; …" becomes "CECODES, VFF-CRT, RTA & UNDP, PAPI 2011–2024";
an attribution written with a "<year>" placeholder gets the years of the rows it covers. Pure functions.
"""

from __future__ import annotations

import re

import pandas as pd

from dashboard.i18n import t

YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
RANGE = re.compile(r"\b((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})\b")
PLACEHOLDER = "<year>"


def year_ranges(years) -> str:
    """2011, 2012, 2013, 2015 → '2011–2013, 2015'."""
    ys = sorted({int(y) for y in years})
    parts, start = [], None
    for i, y in enumerate(ys):
        start = y if start is None else start
        if i + 1 == len(ys) or ys[i + 1] != y + 1:
            parts.append(str(y) if y == start else f"{start}–{y}")
            start = None
    return ", ".join(parts)


def _series(text: str, row_year: int) -> tuple[str, list[int]]:
    """An attribution as (text with its years replaced by one placeholder, the years it covers).

    Years written in the text (single or as a range) are kept; a "<year>" placeholder or an attribution without any
    year gets the row's year ("VCCI & USAID, PCI" → "VCCI & USAID, PCI, 2021").
    """
    years = [y for a, b in RANGE.findall(text) for y in range(int(a), int(b) + 1)]
    text = RANGE.sub(PLACEHOLDER, text)
    years += [int(y) for y in YEAR.findall(text)]
    text = YEAR.sub(PLACEHOLDER, text)
    if PLACEHOLDER not in text:
        text = f"{text}, {PLACEHOLDER}"
    if not years:
        years = [row_year]
    first = text.index(PLACEHOLDER) + len(PLACEHOLDER)
    return text[:first] + text[first:].replace(PLACEHOLDER, ""), years


def credits(rows: pd.DataFrame, sources: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(attributions, licences) for the (source_id, year) pairs of `rows`, years merged per attribution."""
    if rows.empty or sources.empty:
        return [], []
    src = sources.set_index("id")
    groups: dict[str, set[int]] = {}
    licences: dict[str, None] = {}
    pairs = rows[["source_id", "year"]].dropna().drop_duplicates()
    for sid_field, year in pairs.itertuples(index=False):
        for sid in str(sid_field).split(";"):
            if sid not in src.index:
                continue
            r = src.loc[sid]
            text = str(r.get("attribution") or r.get("title") or sid)
            key, years = _series(text, int(year))
            groups.setdefault(key, set()).update(years)
            if isinstance(r.get("licence"), str) and r.get("licence"):
                licences[r["licence"]] = None
    names = [k.replace(PLACEHOLDER, year_ranges(ys)) for k, ys in groups.items()]
    return names, list(licences)


def credit_line(rows: pd.DataFrame, sources: pd.DataFrame, lang: str) -> str:
    """'Source: … · Licence: …' in the language, or '' when nothing is shown."""
    names, licences = credits(rows, sources)
    if not names:
        return ""
    line = t("source_line", lang, sources="; ".join(names))
    return f"{line} · {t('licence', lang)}: {'; '.join(licences)}" if licences else line
