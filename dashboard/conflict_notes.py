"""Where a figure on a card rests on a recorded conflict between sources (conflicts.csv), the words that say so."""

from __future__ import annotations

import re

import pandas as pd

from dashboard.i18n import NOTES_LANGS, fmt_number, t


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


# --- The notes of conflicts.csv in the page's language. ---

# Every kind of note the build writes (loaders/merge.py, loaders/pci/page_errors.csv), as a pattern whose named parts
# go into the string of the same key; English pages show the note as written, a note matching none is shown as written.
NOTE_PATTERNS = {
    "conflict_note_precedence": r"kept the higher-precedence source \((?P<kind>\w+) over (?P<other_kind>\w+)\); "
    r"never averaged",
    "conflict_note_precedence_official": r"kept the higher-precedence source \(by source kind: official file first\)",
    "conflict_note_same_kind": r"same source kind \((?P<kind>\w+)\): kept the fuller statement, else the stated rank, "
    r"else the first in file order; never averaged(?P<more>\. Note on the other: .*)?",
    "conflict_note_inversion": r"rank/score inversion: (?P<province>.+?) rank (?P<rank>\d+) with (?P<value>[\d.]+), "
    r"(?P<province_o>.+?) rank (?P<rank_o>\d+) with (?P<value_o>[\d.]+) \(a higher score ranked lower\); "
    r"both as published",
    "conflict_note_workbooks": r"two official workbooks disagree: (?P<why>.+); kept the chosen \(official\) value",
    "conflict_note_compiled": r"compiled file disagrees with the official workbook: (?P<why>.+); "
    r"kept the chosen \(official\) value",
    "conflict_note_page_error": r"page error: the (?P<province>.+?) page's (?P<year>\d{4}) column is "
    r"(?P<province_o>.+?)'s workbook row \((?P<ref>[^)]*)\); the workbook's value stands",
}
WHY = {  # the reasons of a table comparison (loaders.merge.compare_tables)
    "not in the chosen source": "conflict_why_not_in_chosen",
    "blank in the chosen source": "conflict_why_blank_in_chosen",
    "blank in the other source": "conflict_why_blank_in_other",
    "not in the other source": "conflict_why_not_in_other",
}
DIFFERS = re.compile(r"differs by (?P<diff>[+-][\d.]+)")


def note_key(note: str) -> tuple[str, dict] | None:
    """The string key of a conflict note and its parts, or None for a note of no known kind."""
    for key, pattern in NOTE_PATTERNS.items():
        if m := re.fullmatch(pattern, note, flags=re.S):
            return key, m.groupdict()
    return None


def _why(why: str, lang: str) -> str:
    if why in WHY:
        return t(WHY[why], lang)
    if m := DIFFERS.fullmatch(why):
        diff = m["diff"]
        decimals = len(diff.split(".")[1]) if "." in diff else 0
        return t(
            "conflict_why_differs", lang, diff=("+" if diff[0] == "+" else "") + fmt_number(float(diff), lang, decimals)
        )
    return why


def conflict_note(note, lang: str) -> str:
    """A note of conflicts.csv in the language (English: as written)."""
    if not isinstance(note, str) or lang in NOTES_LANGS or (found := note_key(note)) is None:
        return note if isinstance(note, str) else ""
    key, parts = found
    for k in ("kind", "other_kind"):
        if k in parts:
            parts[k] = t(f"kind_{parts[k]}", lang)
    for k in ("value", "value_o"):
        if k in parts:
            v = parts[k]
            parts[k] = fmt_number(float(v), lang, len(v.split(".")[1]) if "." in v else 0)
    if "why" in parts:
        parts["why"] = _why(parts["why"], lang)
    if "more" in parts:
        parts["more"] = t("conflict_note_more", lang) if parts["more"] else ""
    return t(key, lang, **parts)
