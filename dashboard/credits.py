"""Short source lines for what a chart or table shows: one credit per publisher and edition series, years merged.

"CECODES, VFF-CRT, RTA & UNDP, PAPI 2011; … PAPI 2012; …" becomes "CECODES, VFF-CRT, RTA & UNDP, PAPI 2011–2024";
an attribution written with a "<year>" placeholder gets the years of the rows it covers. Pure functions.
"""

from __future__ import annotations

import re

import pandas as pd

from dashboard.i18n import localized, t

YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
RANGE = re.compile(r"\b((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})\b")
PLACEHOLDER = "<year>"
# Source and codebook fields with a `_vi` twin (Vietnamese) beside the English one.
TRANSLATED = ("title", "publisher", "licence", "citation", "attribution", "notes")


def translated(row, field: str, lang: str) -> str:
    """A source or codebook field in the language: its `<field>_<lang>` twin (the build writes `_vi` ones beside the
    English text) where the row has one, else the field itself."""
    if field in TRANSLATED:
        twin = row.get(localized(field, lang))
        if isinstance(twin, str) and twin.strip():
            return twin
    value = row.get(field)
    return value if isinstance(value, str) else ""


def translated_column(table: pd.DataFrame, field: str, lang: str) -> list[str]:
    """One field of every row of a sources or codebook table in the language (see `translated`)."""
    return [translated(r, field, lang) for r in table.to_dict("records")]


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


def _series(text: str, row_year: int, date_undated: bool = True) -> tuple[str, list[int]]:
    """An attribution as (text with its years replaced by one placeholder, the years it covers).

    Years written in the text (single or as a range) are kept; a "<year>" placeholder gets the row's year, and so
    does an attribution without any year when `date_undated` ("VCCI & USAID, PCI" → "VCCI & USAID, PCI, 2021");
    otherwise such an attribution stays as written.
    """
    years = [y for a, b in RANGE.findall(text) for y in range(int(a), int(b) + 1)]
    text = RANGE.sub(PLACEHOLDER, text)
    years += [int(y) for y in YEAR.findall(text)]
    text = YEAR.sub(PLACEHOLDER, text)
    if PLACEHOLDER not in text:
        if not date_undated:
            return text, []
        text = f"{text}, {PLACEHOLDER}"
    if not years:
        years = [row_year]
    first = text.index(PLACEHOLDER) + len(PLACEHOLDER)
    return text[:first] + text[first:].replace(PLACEHOLDER, ""), years


def credits(
    rows: pd.DataFrame,
    sources: pd.DataFrame,
    lang: str,
    *,
    date_undated: bool = True,
    undated_last: bool = False,
    by_source_id: bool = False,
) -> tuple[list[str], list[str]]:
    """(attributions, licences) in the language for the (source_id, year) pairs of `rows`, years merged per attribution.

    In the order of the rows (`by_source_id`: of their source ids). `date_undated=False` keeps an attribution naming
    no year as written; `undated_last` lists those after the rest.
    """
    if rows.empty or sources.empty:
        return [], []
    src = sources.set_index("id")
    groups: dict[str, set[int]] = {}
    licences: dict[str, None] = {}
    pairs = rows[["source_id", "year"]].dropna().drop_duplicates()
    if by_source_id:
        pairs = pairs.sort_values("source_id", kind="stable")
    for sid_field, year in pairs.itertuples(index=False):
        for sid in str(sid_field).split(";"):
            if sid not in src.index:
                continue
            r = src.loc[sid]
            text = translated(r, "attribution", lang) or translated(r, "title", lang) or sid
            key, years = _series(text, int(year), date_undated)
            groups.setdefault(key, set()).update(years)
            if licence := translated(r, "licence", lang):
                licences[licence] = None
    if undated_last:
        groups = {k: ys for k, ys in groups.items() if ys} | {k: ys for k, ys in groups.items() if not ys}
    names = [k.replace(PLACEHOLDER, year_ranges(ys)) for k, ys in groups.items()]
    return names, list(licences)


# The line of the overview, rankings and compare pages: attributions naming no year as written, in source-id order,
# licences joined by spaces and always labelled.
AS_WRITTEN = {"date_undated": False, "by_source_id": True}
COMPACT = AS_WRITTEN | {"licence_sep": " ", "always_licence": True}


def format_line(names, licences, lang: str, *, licence_sep: str = "; ", always_licence: bool = False) -> str:
    """'Source: … · Licence: …' from attributions and licences; '' without attributions."""
    if not names:
        return ""
    line = t("source_line", lang, sources="; ".join(names))
    if not licences and not always_licence:
        return line
    return f"{line} · {t('licence', lang)}: {join_licences(licences, licence_sep)}"


def join_licences(licences, sep: str = "; ") -> str:
    """Licences in one line; a licence's closing full stop is dropped before a semicolon (no '.;')."""
    items = list(licences)
    if sep.strip().startswith(";"):
        items = [x[:-1] if x.endswith(".") else x for x in items[:-1]] + items[-1:]
    return sep.join(items)


def short_names(sources: pd.DataFrame) -> dict[str, str]:
    """Source id -> its attribution as written (else its title, else the id; a missing field is skipped, never
    shown as "nan"): how the data table and the map's attribution lines name a source."""
    rows = sources.to_dict("records")
    return {
        i: next((v for v in (r.get("attribution"), r.get("title")) if isinstance(v, str) and v), i)
        for i, r in zip(sources["id"], rows, strict=True)
    }


def source_line(rows: pd.DataFrame, sources: pd.DataFrame, lang: str) -> str:
    """'Source: …' (no licence) for the rows shown, or ''."""
    names = credits(rows, sources, lang=lang)[0]
    return t("source_line", lang, sources="; ".join(names)) if names else ""


def credit_line(
    rows: pd.DataFrame,
    sources: pd.DataFrame,
    lang: str,
    *,
    date_undated: bool = True,
    by_source_id: bool = False,
    licence_sep: str = "; ",
    always_licence: bool = False,
) -> str:
    """'Source: … · Licence: …' in the language, or '' when nothing is shown."""
    names, licences = credits(rows, sources, date_undated=date_undated, by_source_id=by_source_id, lang=lang)
    return format_line(names, licences, lang, licence_sep=licence_sep, always_licence=always_licence)


def ids_credit_line(source_ids, sources: pd.DataFrame, lang: str) -> str:
    """'Source: … · Licence: …' for whole sources named by id (attributions as written), or ''."""
    src = sources.drop_duplicates("id").set_index("id") if "id" in sources else pd.DataFrame()
    rows = [src.loc[s].to_dict() for s in dict.fromkeys(source_ids) if s and s in src.index]
    names = list(dict.fromkeys(translated(r, "attribution", lang) or translated(r, "title", lang) for r in rows))
    licences = list(dict.fromkeys(lic for r in rows if (lic := translated(r, "licence", lang))))
    return format_line(names, licences, lang, always_licence=True) if rows else ""
