"""The precedence engine: one value per key, chosen by precedence; every other statement cited, every disagreement kept.

Used twice with the same rules and tolerance: by the statement loaders (choose: published statements, one per key)
and by the build across loaders (merge_by_precedence: an official file's value over a page's or a news report's).
Precedence is by source kind (SOURCE_KINDS, the one table of it; shown on the Methods page): official file >
official index site / ministry > government portal > party/state press > national press > foreign press > dataset
preview > mirror; never an average. Every disagreement beyond rounding (`differs`) on the value, or any on the rank,
is a conflict; a figure that is the other one rounded to fewer decimals (72.8 for 72.81) is an alternative only.

Among statements (choose), the value and the rank of a key are each taken from the first statement that gives one,
ordered by: precedence; the fuller statement (a value, then a rank); the rank
basis (stated, then ordered list, then derived); a tier; the loader's order of sources and the file's line order.
A statement with neither a score nor a rank (a score band, an unordered "bottom five") is cited only: it gives no
figure, so it makes no row in the values table. A rank-only key makes a row with status "missing" and the rank.
A figure whose every statement is a dataset preview or a mirror is kept and flagged in `source_quality`.
"""

from __future__ import annotations

import math

import pandas as pd

from loaders.common import CITATION_COLUMNS, CONFLICT_COLUMNS, KEY

VALUE_TOLERANCE = 0.005  # differences up to this are rounding (sources publish two decimals)
VINTAGE = 63  # statements are about the 63 provinces (editions up to 2024)

# Source kinds, best first, with their precedence (lower wins). A kind is a property of the publisher, not of the
# language. official_file: a publisher's own data file (workbook, imported table); official_index_site: the index's
# own site (pcivietnam.vn); official_ministry: the ministry that publishes the index (MOHA); government_portal: other
# state bodies' sites; party_state_press / national_press / foreign_press: newspapers; dataset_preview: a public
# preview of a third party's dataset; mirror: a copy of another outlet's article on an unrelated domain.
SOURCE_KINDS = {
    "official_file": 1,
    "official_index_site": 2,
    "official_ministry": 2,
    "government_portal": 3,
    "party_state_press": 4,
    "national_press": 5,
    "foreign_press": 6,
    "dataset_preview": 7,
    "mirror": 8,
}
PRECEDENCE = SOURCE_KINDS
# A third party's full compilation of a publisher's tables (PAPI 2020-2024, checked against the official workbooks
# where both exist): after every official source, before the press. Not a statement kind (no statement cites it).
THIRD_PARTY_COMPILATION = SOURCE_KINDS["government_portal"]
WEAK_KINDS = {"dataset_preview": "preview only", "mirror": "mirror only"}  # source_quality when all are of one
WEAK_MIXED = "preview or mirror only"
# How a published rank was read (statements' rank_basis) -> the values' rank_status; "computed" is ours (workbooks).
RANK_BASES = {"stated": "published", "ordered_list": "ordered_list", "derived": "derived"}


def _fmt(x) -> str:
    return "" if pd.isna(x) else f"{x:g}"


def _decimals(x: float) -> int:
    text = repr(float(x))
    return 0 if "e" in text else len(text.split(".")[1].rstrip("0"))


def differs(field: str, a, b) -> bool:
    """Whether two figures for one field disagree beyond rounding (values) or at all (ranks).

    Values agree within VALUE_TOLERANCE, or when the less precise one (at least one decimal) is the other rounded.
    """
    if field != "value":
        return int(a) != int(b)
    a, b = float(a), float(b)
    if abs(a - b) <= VALUE_TOLERANCE:
        return False
    places = max(1, min(_decimals(a), _decimals(b)))
    return abs(a - b) > 0.5 * 10**-places + 1e-9


def merge_by_precedence(
    values: pd.DataFrame, citations: pd.DataFrame, known_errors: dict | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(values with one row per key, citations with `chosen` updated, conflicts between the sources' rows).

    The row with the lowest `precedence` wins (SOURCE_KINDS); never an average. `known_errors`: (source_id, year,
    province_code) -> note of a documented error of that source, written on its conflicts.
    """
    known_errors = known_errors or {}
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
                    "source_kind": "official_file" if best["precedence"] == PRECEDENCE["official_file"] else "",
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
                        "source_kind": "official_file" if other["precedence"] == PRECEDENCE["official_file"] else "",
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
                                "note": known_errors.get(
                                    (other["source_id"], key[1], key[2]),
                                    "kept the higher-precedence source (by source kind: official file first)",
                                ),
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


def rank_inversions(values: pd.DataFrame) -> pd.DataFrame:
    """Named check: every pair within an index-year (and indicator) whose ranks contradict their scores.

    A province ranked better than another while its score is lower beyond rounding (`differs`) is listed on the
    better-ranked row (field rank_inversion), naming both figures and sources; computed ranks are not checked.
    """
    v = values[values["value"].notna() & values["rank"].notna() & values["rank_status"].ne("computed").fillna(True)]
    group = ["index", "year", "vintage", "indicator"]
    cols = [*group, "province_code", "province", "value", "rank", "source_id", "source_ref"]
    pairs = v[cols].merge(v[cols], on=group, suffixes=("", "_o"))
    pairs = pairs[(pairs["rank"] < pairs["rank_o"]) & (pairs["value"] < pairs["value_o"])]
    rows = []
    for r in pairs.itertuples(index=False):
        if not differs("value", r.value, r.value_o):
            continue
        rows.append(
            {
                **{k: getattr(r, k) for k in KEY},
                "field": "rank_inversion",
                "chosen_value": _fmt(r.rank),
                "other_value": _fmt(r.rank_o),
                "chosen_source": f"{r.source_id} {r.source_ref}",
                "other_source": f"{r.source_id_o} {r.source_ref_o}",
                "note": f"rank/score inversion: {r.province} rank {int(r.rank)} with {r.value:g}, {r.province_o} rank "
                f"{int(r.rank_o)} with {r.value_o:g} (a higher score ranked lower); both as published",
            }
        )
    return pd.DataFrame(rows, columns=CONFLICT_COLUMNS)


def compare_tables(chosen: pd.DataFrame, other: pd.DataFrame, index: str, year: int, note: str) -> pd.DataFrame:
    """Conflicts between two whole tables of one edition (province_code, indicator, value, source_id, ref) where the
    loader keeps `chosen`: `other` differs beyond VALUE_TOLERANCE, or one of them is blank where the other is not."""
    a = chosen[["province_code", "indicator", "value", "source_id", "ref"]]
    b = other[["province_code", "indicator", "value", "source_id", "ref"]]
    m = a.merge(b, on=["province_code", "indicator"], how="outer", suffixes=("_a", "_b"))
    shared = set(a["indicator"]) & set(b["indicator"])
    extra = set(b.loc[b["value"].notna(), "indicator"]) - set(a["indicator"])
    m = m[m["indicator"].isin(shared | extra)]
    both = m["value_a"].notna() & m["value_b"].notna()
    differs = both & ((m["value_a"] - m["value_b"]).abs() > VALUE_TOLERANCE)
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


_BASIS_ORDER = {"stated": 0, "ordered_list": 1, "derived": 2}


def statement_order(s) -> tuple:
    """Sort key of competing statements: the first is chosen (precedence, fuller, rank basis, tier, order)."""
    basis = _BASIS_ORDER.get(s.rank_basis, 0)
    return (s.precedence, _missing(s.value), _missing(s.rank), basis, not s.tier, s.order)


def source_quality(statements: list) -> str:
    """ "preview only" / "mirror only" / WEAK_MIXED when every statement is of a weak kind, else blank."""
    kinds = {s.source_kind for s in statements}
    if not kinds or not kinds <= set(WEAK_KINDS):
        return ""
    return WEAK_KINDS[kinds.pop()] if len(kinds) == 1 else WEAK_MIXED


def _key(s) -> tuple:
    return (s.index, s.year, s.province_code, VINTAGE, s.indicator)


def _key_dict(s) -> dict:
    return dict(zip(KEY, _key(s), strict=True))


def _why(chosen, other) -> str:
    if chosen.precedence < other.precedence:
        return f"kept the higher-precedence source ({chosen.source_kind} over {other.source_kind}); never averaged"
    return (
        f"same source kind ({chosen.source_kind}): kept the fuller statement, else the stated rank, else the first "
        "in file order; never averaged" + (f". Note on the other: {other.note}" if other.note else "")
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


def _disagreements(chosen, other, fld: str) -> list[dict]:
    a, b = getattr(chosen, fld), getattr(other, fld)
    return [] if _missing(a) or _missing(b) or not differs(fld, a, b) else [_row(chosen, other, fld, a, b)]


def _citation(s, chosen: bool) -> dict:
    return {
        **_key_dict(s),
        "value": s.value,
        "rank": s.rank,
        "source_id": s.source_id,
        "source_url": s.source_url,
        "quote": s.quote,
        "chosen": chosen,
        "publisher": s.publisher,
        "source_kind": s.source_kind,
        "language": s.language,
        "rank_basis": s.rank_basis,
        "note": s.note,
    }


def _value_row(v, r, quality: str, registry, unranked) -> dict:
    """The values row of a key: the value from statement `v`, the rank from statement `r` (either may be None)."""
    s = v or r
    rank = None if r is None or (s.index, s.year) in unranked else r.rank
    return {
        **_key_dict(s),
        "province": registry.name(s.province_code, VINTAGE),
        "value": v.value if v else None,
        "rank": rank,
        "rank_status": RANK_BASES.get(r.rank_basis or "stated") if rank is not None else pd.NA,
        "status": "published" if v else "missing",
        "tier": s.tier or pd.NA,
        "source_id": s.source_id,
        "source_ref": s.source_ref,
        "source_quality": quality or pd.NA,
        "precedence": s.precedence,
    }


def choose(statements: list, registry, unranked=frozenset()) -> tuple[list[dict], list[dict], list[dict]]:
    """(value rows, citations, conflicts): one chosen value and rank per key, every statement cited, no averaging.

    `unranked`: (index, year) whose published ranks are not ranks of all provinces (a pilot): kept in citations only.
    """
    groups: dict[tuple, list] = {}
    for s in statements:
        groups.setdefault(_key(s), []).append(s)
    values, citations, conflicts = [], [], []
    for key in sorted(groups):
        ranked = sorted(groups[key], key=statement_order)
        v = next((s for s in ranked if not _missing(s.value)), None)
        r = next((s for s in ranked if not _missing(s.rank)), None)
        if v or r:
            # the figure rests on the statements that give the chosen value (or, without one, the chosen rank)
            basis = (
                [s for s in ranked if not _missing(s.value) and not differs("value", s.value, v.value)]
                if v
                else [s for s in ranked if s.rank == r.rank]
            )
            values.append(_value_row(v, r, source_quality(basis), registry, unranked))
        for best, fld in ((v, "value"), (r, "rank")):
            if best is not None:
                conflicts += [c for other in ranked if other is not best for c in _disagreements(best, other, fld)]
        citations += [_citation(s, s is v or s is r) for s in ranked]
    return values, citations, conflicts
