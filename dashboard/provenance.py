"""The source of one figure: each statement of it (publisher, kind, language, address, quoted words, rank basis) and
its conflicts, read from the built citations, conflicts and sources tables; no Streamlit here."""

from __future__ import annotations

import pandas as pd

from dashboard.conflict_notes import conflict_note
from dashboard.i18n import fmt_number, t
from loaders.merge import SOURCE_KINDS

WEAK = {"preview only", "mirror only", "preview or mirror only"}


def _key(df: pd.DataFrame, index: str, indicator: str, year: int, code: str, vintage: int) -> pd.Series:
    return (
        (df["index"] == index)
        & (df["indicator"] == indicator)
        & (df["year"] == year)
        & (df["province_code"] == code)
        & (df["vintage"] == vintage)
    )


def _text(x) -> str:
    return "" if x is None or (not isinstance(x, str) and pd.isna(x)) else str(x)


def statements(ds, index: str, indicator: str, year: int, code: str, vintage: int = 63) -> list[dict]:
    """Every statement of one figure, the chosen first: publisher, kind, language, url, quote, basis, figures."""
    cit = ds.citations
    rows = cit[_key(cit, index, indicator, year, code, vintage)] if len(cit) else cit
    out = []
    for r in rows.sort_values("chosen", ascending=False, kind="stable").to_dict("records"):
        src = ds.source(r["source_id"]) if r.get("source_id") else {}
        out.append(
            {
                "publisher": _text(r.get("publisher")) or _text(src.get("publisher")),
                "kind": _text(r.get("source_kind")),
                "language": _text(r.get("language")),
                "url": _text(r.get("source_url")) or _text(src.get("download_url")) or _text(src.get("official_page")),
                "quote": _text(r.get("quote")),
                "rank_basis": _text(r.get("rank_basis")),
                "value": r.get("value"),
                "rank": r.get("rank"),
                "chosen": bool(r.get("chosen")),
                "note": _text(r.get("note")),
            }
        )
    if not out:  # an official file with no other statement: the values row and its source
        v = ds.values
        row = v[_key(v, index, indicator, year, code, vintage)]
        if len(row):
            r = row.iloc[0]
            src = ds.source(r["source_id"])
            out.append(
                {
                    "publisher": _text(src.get("publisher")),
                    "kind": "official_file" if str(r["source_id"]).startswith(f"{index}-") else "",
                    "language": "",
                    "url": _text(src.get("official_page")) or _text(src.get("download_url")),
                    "quote": "",
                    "title": _text(src.get("title")),
                    "where": _text(r["source_ref"]),
                    "rank_basis": "",
                    "value": r["value"],
                    "rank": r["rank"],
                    "chosen": True,
                    "note": "",
                }
            )
    return out


def conflicts(ds, index: str, indicator: str, year: int, code: str, vintage: int = 63) -> list[dict]:
    """The conflicts recorded for one figure (field, chosen and other figure, note)."""
    c = ds.conflicts
    if not len(c):
        return []
    rows = c[_key(c, index, indicator, year, code, vintage)]
    return rows[["field", "chosen_value", "other_value", "other_source", "note"]].to_dict("records")


def quality(ds, index: str, indicator: str, year: int, code: str, vintage: int = 63) -> str:
    """The figure's source_quality ("preview only", "mirror only", …) or blank."""
    v = ds.values
    if "source_quality" not in v:
        return ""
    row = v[_key(v, index, indicator, year, code, vintage)]
    return _text(row["source_quality"].iloc[0]) if len(row) else ""


def _figure(s: dict, lang: str) -> str:
    parts = []
    if s["value"] is not None and pd.notna(s["value"]):
        parts.append(fmt_number(s["value"], lang))
    if s["rank"] is not None and pd.notna(s["rank"]):
        basis = t(f"basis_{s['rank_basis'] or 'stated'}", lang)
        parts.append(t("src_rank", lang, rank=int(s["rank"]), basis=basis))
    return " · ".join(parts)


def markdown(ds, index: str, indicator: str, year: int, code: str, lang: str, vintage: int = 63, esc=str) -> str:
    """The sources of one figure as Markdown: each statement with its link and quote, then the conflicts; `esc`
    escapes the text taken from the data (publisher, title, quote, note) for the element that shows it."""
    lines = []
    q = quality(ds, index, indicator, year, code, vintage)
    if q in WEAK:
        caveat = t(f"src_quality_{q.replace(' ', '_')}", lang)
        lines.append(f"⚠️ {caveat}")
    for s in statements(ds, index, indicator, year, code, vintage):
        kind = t(f"kind_{s['kind']}", lang) if s["kind"] else ""
        head = " · ".join(p for p in (f"**{esc(s['publisher'])}**", kind, _figure(s, lang)) if p.strip("*"))
        lines.append(f"{'✔ ' if s['chosen'] else ''}{head}")
        if s["url"]:
            lines.append(f"[{s['url']}]({s['url']})")
        if s.get("title") or s.get("where"):
            lines.append(f"{esc(s.get('title', ''))} — {esc(s.get('where', ''))}")
        if s["quote"]:
            note = ""
            if s["language"] and s["language"] != lang:
                language = t(f"lang_{s['language']}", lang)
                note = f" _({t('src_quote_language', lang, language=language)})_"
            lines.append(f"> {esc(s['quote'])}{note}")
        lines.append("")
    for c in conflicts(ds, index, indicator, year, code, vintage):
        field = t(f"field_{c['field']}", lang)
        head = t("src_conflict", lang, field=field, chosen=c["chosen_value"], other=c["other_value"])
        lines.append(f"⚠️ {head}: {esc(conflict_note(c['note'], lang))}")
    return "\n\n".join(lines) if lines else t("src_none", lang)


def kinds_table(lang: str) -> pd.DataFrame:
    """The order of source kinds (best first) with their precedence, for the Methods page."""
    return pd.DataFrame(
        {t("methods_kinds_order", lang): [t(f"kind_{k}", lang) for k in SOURCE_KINDS], "": list(SOURCE_KINDS.values())}
    )


def under_headings(found, caveat: str) -> tuple[bool, str]:
    """Several figures' sources in one Markdown text, as every multi-figure sources box shows them: each under its
    heading (Markdown, escaped by the caller), the heading followed by `caveat` where the figure rests on weak sources
    only, a rule between two; and whether any does. `found`: (heading, quality, Markdown) triples."""
    parts = [f"**{heading}**{f' ⚠️ {caveat}' if q in WEAK else ''}\n\n{text}" for heading, q, text in found]
    return any(q in WEAK for _, q, _ in found), "\n\n---\n\n".join(parts)
