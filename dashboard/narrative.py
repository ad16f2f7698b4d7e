"""The briefing written for you: deterministic sentences about one province and year, each with its source.

Built from the same facts the pages show (the tidy table, the ranks of dashboard.correlate.positions, the what-if of
dashboard.whatif). A missing figure is said to be missing; a computed one says so. No Streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard import correlate, indices, whatif
from dashboard.credits import credits
from dashboard.data import is_full_table, method_break_between, select, sub_indicators
from dashboard.i18n import fmt_number, indicator_name, t, tn
from dashboard.merger import MERGER_SOURCE
from dashboard.ranks import break_line


@dataclass(frozen=True)
class Sentence:
    """One sentence of the briefing with the sources of its figures."""

    kind: str
    text: str
    sources: tuple[str, ...] = ()
    computed: bool = False
    numbers: dict = field(default_factory=dict, compare=False)

    def with_source(self, lang: str) -> str:
        """The sentence followed by its source in brackets (as copied into a report)."""
        src = "; ".join(self.sources) if self.sources else t("nar_source_none", lang)
        return f"{self.text} [{t('source', lang)}: {src}]"


def _sources(rows: pd.DataFrame, ds, lang: str) -> tuple[str, ...]:
    return tuple(credits(rows, ds.sources, lang=lang)[0]) if len(rows) else ()


def index_facts(ds, code: str, year: int) -> list[dict]:
    """Per index, the province's headline in the year: value, status, rank of n (basis), and the change since its
    previous edition with a value (score and rank, where both editions have them). Missing stays missing.
    """
    now = correlate.positions(ds.values, code, year).set_index("index")
    rows = []
    for index in indices.codes():
        s = select(ds.values, index, indices.headline(index), codes=[code])
        s = s[s["value"].notna()].sort_values("year")
        cur = s[s["year"] == year]
        earlier = s[s["year"] < year]
        row = {
            "index": index,
            "year": year,
            "value": float(cur["value"].iloc[0]) if len(cur) else None,
            "status": str(cur["status"].iloc[0]) if len(cur) else "missing",
            "rank": _int(now.loc[index, "rank"]),
            "n": _int(now.loc[index, "n"]),
            "basis": str(now.loc[index, "basis"]),
            "prev_year": None,
            "change": None,
            "rank_change": None,
            "break_year": None,
            "latest_year": int(s["year"].iloc[-1]) if len(s) else None,
            "source_id": str(cur["source_id"].iloc[0]) if len(cur) else None,
        }
        if len(cur) and len(earlier):
            prev = earlier.iloc[-1]
            row["prev_year"] = int(prev["year"])
            crossed = method_break_between(index, row["prev_year"], year)
            if crossed:  # no like-for-like change across a method break
                row["break_year"] = crossed.year
                rows.append(row)
                continue
            row["change"] = row["value"] - float(prev["value"])
            before = correlate.positions(ds.values, code, row["prev_year"]).set_index("index").loc[index]
            if row["rank"] is not None and pd.notna(before["rank"]) and before["basis"] == row["basis"]:
                row["rank_change"] = int(before["rank"]) - row["rank"]  # positive = moved up
        rows.append(row)
    return rows


def _int(x) -> int | None:
    return None if pd.isna(x) else int(x)


def index_sentence(f: dict, name: str, ds, code: str, lang: str) -> Sentence:
    """'Năm 2019, Tuyên Quang đạt 65,13 điểm PCI, xếp thứ 32/63, tăng 2 bậc so với năm 2018.' (or: missing)."""
    label, year = indices.label(f["index"]), f["year"]
    if f["value"] is None:
        latest = f["latest_year"]
        key = "nar_missing_latest" if latest else "nar_missing"
        return Sentence("index", t(key, lang, year=year, index=label, name=name, latest=latest))
    computed = f["status"] == "computed" or f["basis"] == "computed"
    parts = [t("nar_score", lang, year=year, name=name, value=fmt_number(f["value"], lang), index=label)]
    if f["status"] == "computed":
        parts.append(t("nar_score_computed", lang))
    if f["rank"] is not None:
        parts.append(t("nar_rank", lang, rank=f["rank"], n=f["n"]))
        if f["basis"] == "computed":
            parts.append(t("nar_rank_computed", lang))
    if f["rank_change"] is not None:
        k = f["rank_change"]
        if k:
            parts.append(tn("nar_up" if k > 0 else "nar_down", abs(k), lang, prev=f["prev_year"]))
        else:
            parts.append(t("nar_same", lang, prev=f["prev_year"]))
    elif f.get("break_year"):
        parts.append(", " + break_line(f, lang))
    elif f["change"] is not None:
        parts.append(t("nar_change", lang, change=fmt_number(f["change"], lang, signed=True), prev=f["prev_year"]))
    rows = select(ds.values, f["index"], indices.headline(f["index"]), codes=[code])
    rows = rows[rows["year"].isin([year, f["prev_year"]])]
    numbers = {k: f[k] for k in ("value", "rank", "n", "rank_change", "change")}
    return Sentence("index", "".join(parts) + ".", _sources(rows, ds, lang), computed, numbers)


def strengths_sentence(ds, index: str, year: int, code: str, lang: str) -> Sentence | None:
    """The sub-index furthest above and the one furthest below the national median in the year (computed)."""
    subs = sub_indicators(ds.indicators, index)
    rows = select(ds.values, index, year=year)
    rows = rows[rows["indicator"].isin(subs) & rows["value"].notna()]
    mine = rows[rows["province_code"] == code].set_index("indicator")["value"]
    counts = rows.groupby("indicator")["value"].count()
    medians = rows.groupby("indicator")["value"].median()
    ok = [c for c in mine.index if is_full_table(counts.get(c, 0), index)]
    if not ok:
        return None
    diff = pd.Series({c: mine[c] - medians[c] for c in ok}).sort_index().sort_values(ascending=False, kind="stable")
    strong, weak = diff.index[0], diff.index[-1]

    def name_of(c):
        return indicator_name(ds.indicator(c), lang)

    text = t(
        "nar_strengths",
        lang,
        index=indices.label(index),
        year=year,
        strong=name_of(strong),
        strong_value=fmt_number(mine[strong], lang),
        strong_median=fmt_number(medians[strong], lang),
        weak=name_of(weak),
        weak_value=fmt_number(mine[weak], lang),
        weak_median=fmt_number(medians[weak], lang),
    )
    numbers = {"strong": strong, "weak": weak, "strong_median": float(medians[strong])}
    return Sentence("strengths", text, _sources(rows[rows["province_code"] == code], ds, lang), True, numbers)


def whatif_sentence(ds, weights: pd.DataFrame, index: str, year: int, code: str, lang: str) -> Sentence | None:
    """The sub-index whose reaching the national median adds most to the total, and the rank that total reaches."""
    label = indices.label(index)
    r = whatif.subindex_gains(ds.values, weights, index, year, code)
    if r is None:
        why = whatif.why_not(weights, index, year)
        return Sentence("whatif", t("nar_no_whatif", lang, index=label, year=year), (), True) if why else None
    subs = r["subs"].sort_values(["gain_median", "indicator"], ascending=[False, True], kind="stable")
    top = subs.iloc[0]
    level = "median" if top["gain_median"] > 0 else "best"
    if level == "best":
        top = r["subs"].iloc[0]  # sorted by the gain at the best
    gain = float(top[f"gain_{level}"])
    text = t(
        "nar_whatif_median" if level == "median" else "nar_whatif_best",
        lang,
        sub=indicator_name(ds.indicator(top["indicator"]), lang),
        target=fmt_number(top[level], lang),
        index=label,
        gain=fmt_number(gain, lang),
        total=fmt_number(r["total"] + gain, lang),
        rank=int(top[f"rank_{level}"]),
        n=r["n"],
    )
    rows = select(ds.values, index, year=year)
    numbers = {"indicator": top["indicator"], "gain": gain, "rank": int(top[f"rank_{level}"])}
    return Sentence("whatif", text, _sources(rows[rows["province_code"] == code], ds, lang), True, numbers)


def briefing(ds, weights: pd.DataFrame, code: str, year: int, lang: str, index: str | None = None) -> list[Sentence]:
    """Every sentence of the briefing of a 63-vintage province: the four indices, then strengths and what-if."""
    name = ds.province_name(code, 63)
    facts = index_facts(ds, code, year)
    out = [index_sentence(f, name, ds, code, lang) for f in facts]
    simulated = whatif.indices(weights)
    index = index if index in simulated else (simulated[0] if simulated else None)
    if index is None:
        return out
    for s in (strengths_sentence(ds, index, year, code, lang), whatif_sentence(ds, weights, index, year, code, lang)):
        if s is not None:
            out.append(s)
    return out


def briefing_34(ds, weights: pd.DataFrame, code34: str, year: int, lang: str) -> list[Sentence]:
    """The briefing of a 34-vintage province: what it was formed from, then each former province's headline figures
    (no index publishes figures for the 34 units in this dataset).
    """
    p = ds.provinces
    row = p[(p["code"] == code34) & (p["vintage"] == 34)]
    members = str(row["members"].iloc[0]).split() if len(row) and pd.notna(row["members"].iloc[0]) else []
    name34 = ds.province_name(code34, 34)
    simulated = whatif.indices(weights)
    names = [ds.province_name(c, 63) for c in members]
    src = ds.source(MERGER_SOURCE).get("attribution")
    text = t("nar_merged", lang, new=name34, members=", ".join(names) or "–")
    out = [Sentence("merger", text, (src,) if src else ())]
    for c in members:
        name = ds.province_name(c, 63)
        facts = index_facts(ds, c, year)
        out += [index_sentence(f, name, ds, c, lang) for f in facts if f["index"] in simulated]
    return out


def as_text(sentences: list[Sentence], lang: str, title: str = "") -> str:
    """The briefing as plain text to copy: one sentence a line, each with its source."""
    lines = [title] if title else []
    lines += [s.with_source(lang) for s in sentences]
    return "\n".join(lines)
