"""One of the 34 provinces of 1 July 2025: its former provinces' published figures side by side, their
population-weighted estimate (computed, never a score), and what the next official edition will change.

Pure functions on the tidy table and the registry; no Streamlit. Every published value is shown as published with
its own rank of 63; the estimate comes from dashboard.maps.estimate_34 (one definition).
"""

from __future__ import annotations

import pandas as pd

from dashboard import indices
from dashboard.data import select
from dashboard.i18n import fmt_number, t
from dashboard.maps import MAX_ESTIMATE_YEAR, estimate_34
from dashboard.profile import siblings_series

OLD, NEW = 63, 34


def _name(registry, code: str, vintage: int) -> str:
    """A unit's name with its diacritics, in either language (as everywhere on the pages)."""
    return registry.get(code, vintage).name_vi


def box_key(vintage: int, code: str) -> str:
    """The province box's value for a unit of a vintage: '63:08' or '34:08' (a code means nothing alone)."""
    return f"{vintage}:{code}"


def parse_box_key(key: str) -> tuple[int, str]:
    """(vintage, code) of a province box value."""
    vintage, code = key.split(":")
    return int(vintage), code


def box_options(registry, lang: str) -> dict[str, str]:
    """Every unit of both vintages as key -> label; a new unit's label names its former provinces, so typing any
    old or new name finds it."""
    out = {}
    for p in registry.units(OLD):
        out[box_key(OLD, p.code)] = t("box_option_63", lang, name=p.name_vi) + _typed(p.name_ascii)
    for p in registry.units(NEW):
        members = [registry.get(c, OLD) for c in p.members]
        if [m.name_vi for m in members] == [p.name_vi]:
            label = t("box_option_34_same", lang, name=p.name_vi) + _typed(p.name_ascii)
        else:
            label = t("box_option_34", lang, name=p.name_vi, members=", ".join(m.name_vi for m in members))
            label += _typed(", ".join(dict.fromkeys([p.name_ascii, *(m.name_ascii for m in members)])))
        out[box_key(NEW, p.code)] = label
    return out


def _typed(ascii_names: str) -> str:
    """The names as typed without diacritics, so the box finds 'soc trang' too (the box matches letters exactly)."""
    return f" · {ascii_names}"


def unit_name(registry, code34: str, lang: str, capital: bool = False) -> str:
    """'thành phố Cần Thơ' / 'tỉnh Tuyên Quang' (the unit's type from the registry), capitalised if asked."""
    p = registry.get(code34, NEW)
    text = t(f"unit_name_{p.type or 'province'}", lang, name=_name(registry, code34, NEW))
    return text[:1].upper() + text[1:] if capital else text


def estimates(values: pd.DataFrame, weights: pd.DataFrame, registry, code34: str, index: str) -> pd.DataFrame:
    """The population-weighted estimate (computed) of the index's headline for the unit, one row per edition year.

    Columns year, value (NaN where a former province lacks a score), status, missing (codes without a score).
    """
    indicator = indices.headline(index)
    members = list(registry.get(code34, NEW).members)
    sl = select(values, index, indicator, vintage=OLD)
    rows = []
    for year in sorted(int(y) for y in sl["year"].unique() if int(y) <= MAX_ESTIMATE_YEAR):
        one = sl[sl["year"] == year]
        est = estimate_34(one.reset_index(drop=True), weights, registry)
        r = est[est["province_code"] == code34].iloc[0]
        have = set(one.loc[one["value"].notna(), "province_code"])
        rows.append(
            {
                "year": year,
                "value": float(r["value"]) if pd.notna(r["value"]) else float("nan"),
                "status": str(r["status"]),
                "missing": [c for c in members if c not in have],
            }
        )
    return pd.DataFrame(rows, columns=["year", "value", "status", "missing"])


def figures(values: pd.DataFrame, registry, code34: str, index: str) -> pd.DataFrame:
    """The former provinces' published headline figures of one index, one row per (edition year, former province)."""
    members = list(registry.get(code34, NEW).members)
    return siblings_series(values, index, indices.headline(index), tuple(members))


def _cell(value, rank, rank_status, lang: str) -> str:
    """'68,80 · hạng 9/63' as published; a computed rank says so; a rank without its score says so."""
    parts = [fmt_number(value, lang)]
    if pd.notna(rank):
        key = "unit_cell_rank_computed" if rank_status == "computed" else "unit_cell_rank"
        parts.append(t(key, lang, rank=int(rank)))
        if pd.isna(value):
            parts[0] = t("unit_cell_rank_only", lang)
    return " · ".join(parts)


def side_by_side(
    values: pd.DataFrame, weights: pd.DataFrame, registry, code34: str, index: str, lang: str
) -> pd.DataFrame:
    """Display table of one index: a row per edition year, a column per former province (score · rank of 63) and,
    where the unit has several former provinces, the estimate column (computed, no rank). Empty if no figures."""
    fig = figures(values, registry, code34, index)
    if fig.empty or not (fig["value"].notna() | fig["rank"].notna()).any():
        return pd.DataFrame()
    members = list(registry.get(code34, NEW).members)
    names = {c: _name(registry, c, OLD) for c in members}
    table = pd.DataFrame({t("year", lang): sorted(int(y) for y in fig["year"].unique())})
    for c in members:
        f = fig[fig["province_code"] == c].set_index("year")
        table[names[c]] = [
            _cell(f.at[y, "value"], f.at[y, "rank"], f.at[y, "rank_status"], lang) if y in f.index else "–"
            for y in table[t("year", lang)]
        ]
    table = table[(table[[names[c] for c in members]] != "–").any(axis=1)]  # no empty rows
    if len(members) > 1:
        est = estimates(values, weights, registry, code34, index).set_index("year")
        table[t("unit_estimate_col", lang)] = [_estimate_cell(est, y, names, lang) for y in table[t("year", lang)]]
    return table.iloc[::-1].reset_index(drop=True)


def _estimate_cell(est: pd.DataFrame, year: int, names: dict[str, str], lang: str) -> str:
    if year not in est.index:
        return "–"
    r = est.loc[year]
    if pd.notna(r["value"]):
        return fmt_number(r["value"], lang)
    if len(r["missing"]) == len(names):
        return "–"
    return t("unit_estimate_none", lang, names=", ".join(names[c] for c in r["missing"]))


def indices_with_figures(values: pd.DataFrame, registry, code34: str) -> list[str]:
    """Indices (registry order) for which a former province of the unit has a published score or rank."""
    members = list(registry.get(code34, NEW).members)
    out = []
    for i in indices.codes():
        s = select(values, i, indices.headline(i), codes=members, vintage=OLD)
        if (s["value"].notna() | s["rank"].notna()).any():
            out.append(i)
    return out


def intro(registry, code34: str, lang: str) -> list[str]:
    """What the unit is: formed from which former provinces (or unchanged), and a note where its code changed."""
    p = registry.get(code34, NEW)
    members = [_name(registry, c, OLD) for c in p.members]
    cap = unit_name(registry, code34, lang, capital=True)
    name = _name(registry, code34, NEW)
    if len(members) > 1:
        lines = [t("unit_formed", lang, unit_cap=cap, n=len(members), members=", ".join(members))]
    else:
        lines = [t("unit_unchanged", lang, unit_cap=cap, former=members[0])]
    try:
        old = _name(registry, code34, OLD)
    except KeyError:
        old = None
    if old is not None and old != name:  # a code may name another unit after 1 July 2025
        lines.append(t("unit_code_changed", lang, code=code34, name=name, old=old))
    return lines


def next_edition(registry, code34: str, lang: str) -> list[str]:
    """What the next official edition of each index will change for this unit (no dates: none is announced here)."""
    p = registry.get(code34, NEW)
    name = _name(registry, code34, NEW)
    lines = [t("unit_next_one_unit", lang, unit=unit_name(registry, code34, lang))]
    if len(p.members) > 1:
        members = ", ".join(_name(registry, c, OLD) for c in p.members)
        lines += [t("unit_next_members_stop", lang, members=members), t("unit_next_estimate", lang, name=name)]
    lines.append(t("unit_next_not_comparable", lang))
    return lines


ESTIMATE_CODE = "estimate"  # the estimate's series key in the chart data (never a province code)


def with_estimate(
    values: pd.DataFrame, sib: pd.DataFrame, weights: pd.DataFrame, registry, code34: str, index: str
) -> pd.DataFrame:
    """The former provinces' series (dashboard.profile.siblings_series) plus the estimate as one more series,
    status computed and never ranked, for the chart of the parts; a unit of one former province gets none."""
    if len(registry.get(code34, NEW).members) < 2 or sib.empty:
        return sib
    est = estimates(values, weights, registry, code34, index)
    segment = dict(zip(sib["year"], sib["segment"], strict=False))
    est = est[est["year"].isin(list(segment))]
    rows = pd.DataFrame(
        {
            "year": est["year"].astype("int64"),
            "index": index,
            "indicator": indices.headline(index),
            "province_code": ESTIMATE_CODE,
            "value": est["value"].astype("float64"),
            "rank": float("nan"),
            "rank_status": pd.NA,
            "status": est["status"].where(est["value"].notna(), "missing"),
            "source_id": pd.NA,
            "segment": est["year"].map(segment).astype("int64"),
        }
    )
    return pd.concat([sib, rows[sib.columns]], ignore_index=True)
