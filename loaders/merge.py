"""The precedence engine: one value per key, chosen by precedence; every other statement cited, every disagreement kept.

Used twice with the same rules and tolerance: by the statement loaders (choose: published statements, one per key)
and by the build across loaders (merge_by_precedence: an official file's value over a page's or a news report's).
Precedence (common.PRECEDENCE): official file 1 < official page 2 < news 3; never an average. Every disagreement
beyond rounding (VALUE_TOLERANCE) on the value, or any on the rank, is a conflict.

Among statements (choose), the chosen one for a key is the first by: precedence; the row the file marks as chosen
(a row whose quote carries a CONFLICT segment keeps its own value, as the sources' READMEs say); the fuller
statement (a value, then a rank, then a tier); the loader's order of sources and the order of lines in the file.
A statement with neither a score nor a rank (a score band, an unordered "bottom five") is cited only: it gives no
figure, so it makes no row in the values table. A rank-only statement makes a row with status "missing" and the rank.
"""

from __future__ import annotations

import math

import pandas as pd

from loaders.common import CITATION_COLUMNS, CONFLICT_COLUMNS, KEY

VALUE_TOLERANCE = 0.005  # differences up to this are rounding (sources publish two decimals)
VINTAGE = 63  # statements are about the 63 provinces (editions up to 2024)


def _fmt(x) -> str:
    return "" if pd.isna(x) else f"{x:g}"


def differs(field: str, a, b) -> bool:
    """Whether two figures for one field disagree beyond rounding (values) or at all (ranks)."""
    return abs(float(a) - float(b)) > VALUE_TOLERANCE if field == "value" else int(a) != int(b)


def merge_by_precedence(
    values: pd.DataFrame, citations: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(values with one row per key, citations with `chosen` updated, conflicts between the sources' rows).

    The row with the lowest `precedence` wins (official file 1 < official page 2 < news 3); never an average.
    """
    if "precedence" not in values:
        return values, citations, pd.DataFrame(columns=CONFLICT_COLUMNS)
    v = values.copy()
    v["precedence"] = v["precedence"].fillna(9).astype("int64")
    v = v.sort_values([*KEY, "precedence", "source_id"], kind="stable")
    # A key given twice by the same source is a broken source, not a choice: keep every row so that the
    # unique-key check reports it with both locations.
    same_source = v.duplicated([*KEY, "source_id"], keep=False)
    broken_keys = v.loc[same_source, KEY].drop_duplicates()
    broken = v.merge(broken_keys, on=KEY, how="left", indicator=True)["_merge"].eq("both").to_numpy()
    kept_broken, v = v[broken], v[~broken]
    dup = v.duplicated(KEY, keep=False)
    winners = pd.concat([v.drop_duplicates(KEY, keep="first"), kept_broken])
    conflicts, extra_citations = [], []
    if dup.any():
        for key, grp in v[dup].groupby(KEY, sort=True):
            best = grp.iloc[0]
            extra_citations.append(
                {
                    **dict(zip(KEY, key)),
                    "value": best["value"],
                    "rank": best["rank"],
                    "source_id": best["source_id"],
                    "source_url": "",
                    "quote": f"{best['source_ref']}",
                    "chosen": True,
                }
            )
            for _, other in grp.iloc[1:].iterrows():
                extra_citations.append(
                    {
                        **dict(zip(KEY, key)),
                        "value": other["value"],
                        "rank": other["rank"],
                        "source_id": other["source_id"],
                        "source_url": "",
                        "quote": f"{other['source_ref']}",
                        "chosen": False,
                    }
                )
                for field in ("value", "rank"):
                    a, b = best[field], other[field]
                    if pd.isna(a) or pd.isna(b):
                        continue
                    if differs(field, a, b):
                        conflicts.append(
                            {
                                **dict(zip(KEY, key)),
                                "field": field,
                                "chosen_value": _fmt(a),
                                "other_value": _fmt(b),
                                "chosen_source": f"{best['source_id']} {best['source_ref']}",
                                "other_source": f"{other['source_id']} {other['source_ref']}",
                                "note": "kept the higher-precedence source (official file > official page > news)",
                            }
                        )
    winners = winners.drop(columns="precedence").reset_index(drop=True)
    cit = citations.copy()
    if len(cit) and dup.any():
        win_src = winners.drop_duplicates(KEY).set_index(KEY)["source_id"]
        idx = pd.MultiIndex.from_frame(cit[KEY].astype({"year": "int64", "vintage": "int64"}))
        chosen_src = pd.Series(win_src.reindex(idx).to_numpy(), index=cit.index).astype("string")
        overridden = (chosen_src.notna() & (chosen_src != cit["source_id"].astype("string"))).fillna(False)
        cit.loc[overridden, "chosen"] = False
    if extra_citations:
        ext = pd.DataFrame(extra_citations)
        # statements already cited by their own loader are not repeated
        if len(cit):
            seen = set(zip(*(cit[c] for c in [*KEY, "source_id"])))
            ext = ext[[tuple(r) not in seen for r in ext[[*KEY, "source_id"]].itertuples(index=False)]]
        cit = pd.concat([cit, ext], ignore_index=True) if len(cit) else ext
    return winners, cit.reindex(columns=CITATION_COLUMNS), pd.DataFrame(conflicts, columns=CONFLICT_COLUMNS)


def compare_tables(
    chosen: pd.DataFrame, other: pd.DataFrame, index: str, year: int, note: str, tolerance: float = VALUE_TOLERANCE
) -> pd.DataFrame:
    """Conflicts between two whole tables of one edition (province_code, indicator, value, source_id, ref) where the
    loader keeps `chosen`: `other` differs beyond `tolerance`, or one of them is blank where the other is not."""
    a = chosen[["province_code", "indicator", "value", "source_id", "ref"]]
    b = other[["province_code", "indicator", "value", "source_id", "ref"]]
    m = a.merge(b, on=["province_code", "indicator"], how="outer", suffixes=("_a", "_b"))
    shared = set(a["indicator"]) & set(b["indicator"])
    extra = set(b.loc[b["value"].notna(), "indicator"]) - set(a["indicator"])
    m = m[m["indicator"].isin(shared | extra)]
    both = m["value_a"].notna() & m["value_b"].notna()
    differs = both & ((m["value_a"] - m["value_b"]).abs() > tolerance)
    one_blank = m["value_a"].isna() != m["value_b"].isna()
    bad = m[differs | one_blank]
    rows = []
    for r in bad.itertuples(index=False):
        if pd.isna(r.value_a) and pd.isna(r.source_id_a):
            why = "not in the chosen source"
        elif pd.isna(r.value_a):
            why = "blank in the chosen source"
        elif pd.isna(r.value_b):
            why = "blank in the other source" if pd.notna(r.source_id_b) else "not in the other source"
        else:
            why = f"differs by {r.value_b - r.value_a:+.4f}"
        rows.append(
            {
                "index": index,
                "year": year,
                "province_code": r.province_code,
                "vintage": 63,
                "indicator": r.indicator,
                "field": "value",
                "chosen_value": _fmt(r.value_a),
                "other_value": _fmt(r.value_b),
                "chosen_source": f"{r.source_id_a} {r.ref_a}" if pd.notna(r.source_id_a) else "",
                "other_source": f"{r.source_id_b} {r.ref_b}" if pd.notna(r.source_id_b) else "",
                "note": f"{note}: {why}; kept the chosen (official) value",
            }
        )
    return pd.DataFrame(rows, columns=CONFLICT_COLUMNS)


# --- Statements (loaders.statements): one chosen per key, every one cited -------------------------------------------


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def statement_order(s) -> tuple:
    """Sort key of competing statements: the first is chosen (precedence, marked row, fuller, file order)."""
    return (s.precedence, not s.marked, _missing(s.value), _missing(s.rank), not s.tier, s.order)


def _key(s) -> tuple:
    return (s.index, s.year, s.province_code, VINTAGE, s.indicator)


def _key_dict(s) -> dict:
    return dict(zip(KEY, _key(s), strict=True))


def _why(chosen, other) -> str:
    if other.note:
        return other.note
    if chosen.precedence < other.precedence:
        return "kept the higher-precedence source (official page > news); never averaged"
    return (
        "same precedence: kept the file's chosen row, else the fuller statement, else the first in file order; "
        "never averaged"
    )


def _row(chosen, other, fld: str, a, b) -> dict:
    return {
        **_key_dict(chosen),
        "field": fld,
        "chosen_value": _fmt(a),
        "other_value": _fmt(b),
        "chosen_source": f"{chosen.source_id} {chosen.source_ref}",
        "other_source": f"{other.source_id} {other.source_ref} {other.source_url}".strip(),
        "note": _why(chosen, other),
    }


def _disagreements(chosen, other) -> list[dict]:
    if other.note and _missing(other.value) and _missing(other.rank):
        # a CONFLICT whose figure could not be read is still reported, with its text in the note
        fld = "value" if not _missing(chosen.value) else "rank"
        return [_row(chosen, other, fld, getattr(chosen, fld), None)]
    out = []
    for fld in ("value", "rank"):
        a, b = getattr(chosen, fld), getattr(other, fld)
        if _missing(a) or _missing(b) or not differs(fld, a, b):
            continue
        out.append(_row(chosen, other, fld, a, b))
    return out


def _citation(s, chosen: bool) -> dict:
    return {
        **_key_dict(s),
        "value": s.value,
        "rank": s.rank,
        "source_id": s.source_id,
        "source_url": s.source_url,
        "quote": s.quote,
        "chosen": chosen,
    }


def _value_row(s, registry, unranked) -> dict:
    rank = None if (s.index, s.year) in unranked else s.rank
    return {
        **_key_dict(s),
        "province": registry.name(s.province_code, VINTAGE),
        "value": s.value,
        "rank": rank,
        "rank_status": "published" if rank is not None else pd.NA,
        "status": "missing" if _missing(s.value) else "published",
        "tier": s.tier or pd.NA,
        "source_id": s.source_id,
        "source_ref": s.source_ref,
        "precedence": s.precedence,
    }


def choose(statements: list, registry, unranked=frozenset()) -> tuple[list[dict], list[dict], list[dict]]:
    """(value rows, citations, conflicts): one chosen statement per key, every statement cited, no averaging.

    `unranked`: (index, year) whose published ranks are not ranks of all provinces (a pilot): kept in citations only.
    """
    groups: dict[tuple, list] = {}
    for s in statements:
        groups.setdefault(_key(s), []).append(s)
    values, citations, conflicts = [], [], []
    for key in sorted(groups):
        ranked = sorted(groups[key], key=statement_order)
        best = ranked[0]
        has_figure = not (_missing(best.value) and _missing(best.rank))
        if has_figure:
            values.append(_value_row(best, registry, unranked))
            conflicts += [c for other in ranked[1:] for c in _disagreements(best, other)]
        citations += [_citation(s, has_figure and s is best) for s in ranked]
    return values, citations, conflicts
