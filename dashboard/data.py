"""Read the built dataset (data/current) and answer the questions the pages ask of it."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from dashboard import indices as registry
from dashboard.places import Places
from loaders.common import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
# The app reads the last good build; REFORM_DATA_DIR points it at another data folder (tests, deployments).
DATA_DIR = Path(os.environ.get("REFORM_DATA_DIR", ROOT / "data")) / "current"


class DataNotBuiltError(FileNotFoundError):
    """The generated data folder is missing."""


@dataclass(frozen=True)
class Dataset:
    """Every table of one build."""

    values: pd.DataFrame
    indicators: pd.DataFrame
    sources: pd.DataFrame
    provinces: pd.DataFrame
    citations: pd.DataFrame
    conflicts: pd.DataFrame
    summary: dict
    folder: Path
    successions: pd.DataFrame = field(default_factory=pd.DataFrame)
    focus: pd.DataFrame = field(default_factory=pd.DataFrame)

    @cached_property
    def places(self) -> Places:
        """The provinces of this build: names, members, successions, historical units, default focus."""
        return Places(self.provinces, self.successions, self.focus)

    # Lookups are answered from tables built once per Dataset (the tables of a build never change).

    @cached_property
    def _indicator_rows(self) -> dict[str, dict]:
        rows = self.indicators.drop_duplicates("code").to_dict("records") if "code" in self.indicators else []
        return {r["code"]: r for r in rows}

    @cached_property
    def _names(self) -> dict[tuple[str, int], str]:
        p = self.provinces
        if p.empty:
            return {}
        first = p.drop_duplicates(["code", "vintage"])
        return {(c, int(v)): n for c, v, n in zip(first["code"], first["vintage"], first["name_vi"], strict=True)}

    @cached_property
    def _source_rows(self) -> dict[str, dict]:
        rows = self.sources.drop_duplicates("id").to_dict("records") if "id" in self.sources else []
        return {r["id"]: r for r in rows}

    def indicator(self, code: str) -> dict:
        """Codebook row of an indicator as a dict."""
        row = self._indicator_rows.get(code)
        if row is None:
            raise KeyError(code)
        return dict(row)

    def indicators_of(self, index: str) -> list[str]:
        """Indicator codes of an index that have at least one value, totals first."""
        present = set(self.values.loc[self.values["index"] == index, "indicator"])
        ind = self.indicators[(self.indicators["index"] == index) & self.indicators["code"].isin(present)]
        order = {"total": 0, "subindex": 1, "dimension": 1, "component": 2, "subdimension": 3}
        ind = ind.assign(_o=ind["level"].map(order).fillna(5)).sort_values(["_o", "code"], kind="stable")
        return ind["code"].tolist()

    def indices(self) -> list[str]:
        """Indices present in the data, in the canonical order."""
        return list(self._present_indices)

    @cached_property
    def _present_indices(self) -> tuple[str, ...]:
        present = set(self.values["index"].unique())
        return tuple(i for i in registry.codes() if i in present)

    def years(self, index: str, indicator: str | None = None) -> list[int]:
        """Years with at least one value for an index (and indicator)."""
        if indicator is None:
            return list(self._index_years.get(index, ()))
        v = self.values[(self.values["index"] == index) & self.values["value"].notna()]
        if indicator:
            v = v[v["indicator"] == indicator]
        return sorted(int(y) for y in v["year"].unique())

    @cached_property
    def _index_years(self) -> dict[str, tuple[int, ...]]:
        v = self.values[self.values["value"].notna()]
        return {i: tuple(sorted(int(y) for y in g.unique())) for i, g in v.groupby("index")["year"]}

    def total_indicator(self, index: str) -> str:
        """The headline total of an index (PAPI: the unweighted total, published every year)."""
        return registry.headline(index)

    def province_name(self, code: str, vintage: int = 63) -> str:
        """The province's name with its diacritics, the same in every language (Hà Nội, not Ha Noi)."""
        return self._names.get((code, vintage), code)

    def province_codes(self, vintage: int = 63) -> list[str]:
        """The GSO codes of the units of a vintage in force at its end (63 or 34; not Hà Tây, a historical unit)."""
        return list(self._codes.get(vintage, ()))

    @cached_property
    def _codes(self) -> dict[int, tuple[str, ...]]:
        vintages = sorted({p.vintage for p in self.places.units_all})
        return {v: tuple(p.code for p in self.places.units(v)) for v in vintages}

    def historical_codes(self, vintage: int = 63) -> list[str]:
        """The GSO codes of the units that ended within a vintage (Hà Tây in 63: in tables, not on maps)."""
        return [p.code for p in self.places.historical(vintage)]

    def source(self, source_id: str) -> dict:
        """Sources-table row as a dict (empty if unknown)."""
        row = self._source_rows.get(source_id)
        return dict(row) if row is not None else {}


def _csv(folder: Path, name: str, dtypes: dict | None = None) -> pd.DataFrame:
    path = folder / name
    if not path.exists():
        return pd.DataFrame()
    return pd.read_csv(path, dtype=dtypes or {}, keep_default_na=False, na_values=[""])


def _summary(folder: Path) -> dict:
    path = folder / "summary.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def load(folder: Path = DATA_DIR) -> Dataset:
    """Read one build folder; DataNotBuiltError with the remedy if it is not there."""
    folder = Path(folder)
    if not (folder / "values.csv").exists():
        raise DataNotBuiltError(f"No built data in {folder}. Run `make data` (python -m loaders build) first.")
    values = pd.read_csv(
        folder / "values.csv",
        dtype={c: t for c, t in COLUMNS.items() if t != "int64"} | {"year": "int64", "vintage": "int64"},
        keep_default_na=False,
        na_values=[""],
    )
    code_types = {"code": "string", "successor": "string", "members": "string", "province_code": "string"}
    ds = Dataset(
        values=values,
        indicators=_csv(folder, "indicators.csv", {"parent": "string"}),
        sources=_csv(folder, "sources.csv", {"years": "string"}),
        provinces=_csv(folder, "provinces.csv", code_types),
        citations=_csv(folder, "citations.csv", {"province_code": "string"}),
        conflicts=_csv(
            folder, "conflicts.csv", {"province_code": "string", "chosen_value": "string", "other_value": "string"}
        ),
        summary=_summary(folder),
        folder=folder.resolve(),
        successions=_csv(folder, "successions.csv", {"code": "string", "successor": "string"}),
        focus=_csv(folder, "focus.csv", {"code": "string"}),
    )
    return ds


def select(
    values: pd.DataFrame,
    index: str | None = None,
    indicator: str | None = None,
    year: int | None = None,
    codes=None,
    vintage: int = 63,
) -> pd.DataFrame:
    """Rows of the tidy table matching the given filters (None = any)."""
    m = values["vintage"] == vintage
    if index:
        m &= values["index"] == index
    if indicator:
        m &= values["indicator"] == indicator
    if year is not None:
        m &= values["year"] == year
    if codes is not None:
        m &= values["province_code"].isin(list(codes))
    return values[m]


def ranking_table(values: pd.DataFrame, index: str, indicator: str, year: int) -> pd.DataFrame:
    """One index-year: every province with value, rank and status, best first; missing provinces last."""
    s = select(values, index, indicator, year).copy()
    s = s.sort_values(["value", "province_code"], ascending=[False, True], na_position="last")
    return s.reset_index(drop=True)


def coverage_matrix(values: pd.DataFrame) -> pd.DataFrame:
    """Provinces with a published value of the headline total, per index and year (wide: index × year)."""
    totals = values[values["indicator"].isin(list(registry.headlines().values()))]
    n = totals[totals["value"].notna()].groupby(["index", "year"])["province_code"].nunique()
    return n.unstack("year").reindex([i for i in registry.codes() if i in n.index.get_level_values(0)])


def national_median(values: pd.DataFrame, index: str, indicator: str, year: int) -> float | None:
    """Median over the provinces with a value, of a full table only (a computed statistic, labelled as such)."""
    s = select(values, index, indicator, year)["value"].dropna()
    return float(s.median()) if is_full_table(s.size, index) else None


def median_series(values: pd.DataFrame, index: str, indicator: str, vintage: int = 63) -> pd.DataFrame:
    """The national median of every edition (year, value), blank where the edition is not a full table (computed)."""
    years = editions(values, indicator, vintage)
    return pd.DataFrame(
        {"year": years, "value": [national_median(values, index, indicator, y) for y in years]}, dtype="float64"
    ).astype({"year": "int64"})


def editions(values: pd.DataFrame, indicator: str, vintage: int = 63) -> list[int]:
    """Years in which an indicator has at least one published figure (score or rank) for any province."""
    v = select(values, indicator=indicator, vintage=vintage)
    v = v[v["value"].notna() | v["rank"].notna()]
    return sorted(int(y) for y in v["year"].unique())


def series(values: pd.DataFrame, index: str, indicator: str, codes, vintage: int = 63) -> pd.DataFrame:
    """One row per (province, edition year) for the given provinces; years without a figure kept as blank rows.

    The blank rows are what makes a line break at a missing year instead of jumping over it.
    """
    codes = list(codes)
    years = editions(values, indicator, vintage)
    grid = pd.MultiIndex.from_product([codes, years], names=["province_code", "year"]).to_frame(index=False)
    s = select(values, index, indicator, codes=codes, vintage=vintage)
    cols = ["province_code", "year", "value", "rank", "rank_status", "status", "source_id"]
    out = grid.merge(s[cols], on=["province_code", "year"], how="left")
    out["status"] = out["status"].fillna("missing")
    return out


def method_break_between(index: str, earlier: int, later: int) -> registry.MethodBreak | None:
    """The index's method break between two editions (its first new-method edition after `earlier`, up to `later`):
    a change across it is no like-for-like change (the registry's method_breaks); None within one method."""
    return next((b for b in registry.method_breaks(index) if earlier < b.year <= later), None)


def latest_figures(values: pd.DataFrame, index: str, indicator: str, code: str, vintage: int = 63) -> dict | None:
    """The latest edition with a published score or rank of one province, and the change since the edition before.

    Changes are given only where both editions have the figure (score or rank) under one method; across a method
    break (method_break_between) there is none and `break_year` names the first edition of the new method.
    """
    s = select(values, index, indicator, codes=[code], vintage=vintage)
    s = s[s["value"].notna() | s["rank"].notna()].sort_values("year")
    if s.empty:
        return None
    last, prev = s.iloc[-1], (s.iloc[-2] if len(s) > 1 else None)
    year = int(last["year"])
    year_rows = select(values, index, indicator, year, vintage=vintage)
    out = {
        "year": year,
        "value": _num(last["value"]),
        "rank": _int(last["rank"]),
        "rank_status": last["rank_status"],
        "status": last["status"],
        "source_id": last["source_id"],
        "n_ranked": int(year_rows["rank"].notna().sum()),
        "n": ranked_out_of(year_rows, index),  # "rank k/n" only of a full table (or a ranking down to 63)
        "prev_year": None,
        "prev_value": None,
        "prev_rank": None,
        "change": None,
        "rank_change": None,
        "break_year": None,
    }
    if prev is not None:
        out |= {"prev_year": int(prev["year"]), "prev_value": _num(prev["value"]), "prev_rank": _int(prev["rank"])}
        crossed = method_break_between(index, out["prev_year"], year)
        out["break_year"] = crossed.year if crossed else None
        if crossed:
            return out
        if out["value"] is not None and out["prev_value"] is not None:
            out["change"] = out["value"] - out["prev_value"]
        if out["rank"] is not None and out["prev_rank"] is not None:
            out["rank_change"] = out["prev_rank"] - out["rank"]  # positive = moved up
    return out


def _num(x) -> float | None:
    return None if pd.isna(x) else float(x)


def _int(x) -> int | None:
    return None if pd.isna(x) else int(x)


def coverage_for(values: pd.DataFrame, codes, vintage: int = 63) -> pd.DataFrame:
    """Per index and edition year of its headline total: which of the given provinces have a published figure."""
    codes = list(codes)
    rows = []
    for index, indicator in registry.headlines().items():
        s = select(values, index, indicator, codes=codes, vintage=vintage)
        s = s[s["value"].notna() | s["rank"].notna()]
        for year in editions(values, indicator, vintage):
            with_figure = set(s.loc[s["year"] == year, "province_code"])
            have = [c for c in codes if c in with_figure]
            rows.append({"index": index, "year": year, "codes": have, "n": len(have), "k": len(codes)})
    return pd.DataFrame(rows, columns=["index", "year", "codes", "n", "k"])


# The one "full table" rule: an edition is a full table when it covers at least this many provinces. Only full tables
# feed a national median, a strengths ranking, a "rank k/n" and a default year; partial tables (PCI's top 30 from
# 2023, scattered PAR/SIPAS figures) are shown as they are. The count is the index registry's `full_table_min`.
def full_table_min(index: str) -> int:
    """How many provinces a full table of the index covers at least (from the index registry)."""
    return registry.get(index).full_table_min


def is_full_table(n: int, index: str) -> bool:
    """Whether an edition covering n provinces is a full table of the index."""
    return int(n) >= full_table_min(index)


def ranked_out_of(year_rows: pd.DataFrame, index: str) -> int | None:
    """How many provinces an edition's ranking covers, when the data shows it: a full table, or a rank 63; else None."""
    n = int((year_rows["value"].notna() | year_rows["rank"].notna()).sum())
    if is_full_table(n, index):
        return n
    top = year_rows["rank"].max()
    return 63 if pd.notna(top) and int(top) == 63 else None


def best_province(values: pd.DataFrame, index: str, indicator: str, year: int, vintage: int = 63) -> dict | None:
    """The province ranked 1 (published) or, without a published rank, the highest score when enough provinces have one.

    Returns {code, value, basis} with basis "rank" or "max"; None when neither is known.
    """
    s = select(values, index, indicator, year, vintage=vintage)
    first = s[s["rank"] == 1]
    if len(first) == 1:
        r = first.iloc[0]
        return {"code": r["province_code"], "value": _num(r["value"]), "basis": "rank"}
    scored = s[s["value"].notna()]
    if not is_full_table(len(scored), index):
        return None
    r = scored.sort_values(["value", "province_code"], ascending=[False, True]).iloc[0]
    return {"code": r["province_code"], "value": float(r["value"]), "basis": "max"}


def sub_indicators(indicators: pd.DataFrame, index: str) -> list[str]:
    """Codes of an index's sub-indices / dimensions / components (the level just below its totals)."""
    if indicators.empty:
        return []
    m = (indicators["index"] == index) & (indicators["level"] == registry.sub_level(index))
    return indicators.loc[m, "code"].tolist()


def subindex_comparison(
    values: pd.DataFrame, indicators: pd.DataFrame, index: str, code: str
) -> tuple[int | None, pd.DataFrame]:
    """Latest year with the province's sub-index values, and per sub-index its value against the country.

    The year is the latest in which the province has sub-index values in a full table (is_full_table), which alone
    gives a national median; failing that, the latest year with the province's values (no medians then).
    Columns: indicator, value, status, median (computed, over provinces with a value), n, position (computed:
    1 + provinces with a better value), diff (value - median, sign turned so positive = better). Strongest first.
    """
    cols = ["indicator", "value", "status", "median", "n", "position", "diff"]
    subs = sub_indicators(indicators, index)
    allv = select(values, index)
    allv = allv[allv["indicator"].isin(subs) & allv["value"].notna()]
    mine = allv[allv["province_code"] == code]
    if mine.empty:
        return None, pd.DataFrame(columns=cols)
    counts = allv.groupby(["year", "indicator"])["province_code"].nunique()
    mine_years = sorted(set(int(y) for y in mine["year"]))
    full = [y for y in mine_years if any(is_full_table(n, index) for n in counts.get(y, pd.Series(dtype="int64")))]
    year = (full or mine_years)[-1]
    better = _higher_is_better(indicators)
    rows = []
    for r in mine[mine["year"] == year].itertuples(index=False):
        others = allv.loc[(allv["year"] == year) & (allv["indicator"] == r.indicator), "value"]
        sign = 1.0 if better.get(r.indicator, True) else -1.0
        enough = is_full_table(len(others), index)
        median = float(others.median()) if enough else float("nan")
        position = int((sign * others > sign * r.value).sum()) + 1 if enough else pd.NA
        rows.append(
            {
                "indicator": r.indicator,
                "value": float(r.value),
                "status": r.status,
                "median": median,
                "n": len(others),
                "position": position,
                "diff": sign * (float(r.value) - median),
            }
        )
    out = pd.DataFrame(rows, columns=cols)
    out["position"] = out["position"].astype("Int64")
    out["n"] = out["n"].astype("int64")
    return year, out.sort_values(
        ["diff", "indicator"], ascending=[False, True], na_position="last", kind="stable"
    ).reset_index(drop=True)


def _higher_is_better(indicators: pd.DataFrame) -> dict[str, bool]:
    if indicators.empty or "higher_is_better" not in indicators:
        return {}
    return {
        c: str(h).strip().lower() not in ("false", "0")
        for c, h in zip(indicators["code"], indicators["higher_is_better"], strict=True)
    }


def strongest_weakest(comp: pd.DataFrame, n: int = 3) -> tuple[list[str], list[str]]:
    """The n sub-indices furthest above and below the national median (only those with a median)."""
    c = comp[comp["diff"].notna()]
    strong = c[c["diff"] > 0].head(n)["indicator"].tolist()
    weak = c[c["diff"] < 0].iloc[::-1].head(n)["indicator"].tolist()
    return strong, weak


def strengths(values: pd.DataFrame, indicators: pd.DataFrame, index: str, code: str) -> dict | None:
    """The sub-indices furthest above and below the national median (subindex_comparison's first and last).

    Returns {"year", "best": (code, diff), "weakest": (code, diff)} or None without a full table to compare with.
    """
    year, comp = subindex_comparison(values, indicators, index, code)
    c = comp[comp["diff"].notna()] if year is not None else comp
    if c.empty:
        return None
    best, worst = c.iloc[0], c.iloc[-1]
    return {"year": year, "best": (best["indicator"], best["diff"]), "weakest": (worst["indicator"], worst["diff"])}


def latest_editions(values: pd.DataFrame) -> dict[str, int]:
    """Per index (registry order), the latest year with a published score or rank of its headline total."""
    v = values[values["indicator"].isin(list(registry.headlines().values())) & (values["vintage"] == 63)]
    v = v[v["value"].notna() | v["rank"].notna()]
    latest = v.groupby("index")["year"].max()
    return {i: int(latest[i]) for i in registry.codes() if i in latest.index}
