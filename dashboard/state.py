"""The view state carried in the URL: parse untrusted query parameters into a valid state, and back.

Parameters: lang=vi|en, index=pci|papi|par|sipas, indicator=<code>, year=<int>, provinces=08,94,04 (GSO codes),
province=<code> (profile page), unit=<code of the 34> (profile of a new province), vintage=63|34, present=1|0
(presentation view). Anything invalid falls back to its default and is reported, never raised; nothing from a
parameter is ever echoed back except through these validated values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from dashboard.data import is_full_table

MAX_PARAM_LENGTH = 200
MAX_PROVINCES = 12
PARAMS = ("lang", "index", "indicator", "year", "provinces", "province", "unit", "vintage", "present")


@dataclass(frozen=True)
class Catalog:
    """What is valid: indices, their indicators and years, province codes per vintage, headline totals."""

    indices: tuple[str, ...]
    indicators: dict[str, tuple[str, ...]]  # index -> indicator codes
    years: dict[str, tuple[int, ...]]  # indicator -> years with values
    codes: dict[int, tuple[str, ...]]  # vintage -> province codes
    headline: dict[str, str]  # index -> total indicator code
    default_years: dict[str, int] = field(default_factory=dict)  # indicator -> year shown when the URL names none
    focus: tuple[str, ...] = ()  # the provinces shown when the URL names none (the build's focus.csv)


@dataclass(frozen=True)
class ViewState:
    """One reproducible view."""

    lang: str = "vi"
    index: str = "pci"
    indicator: str = "pci_total"
    year: int | None = None
    provinces: tuple[str, ...] = ()
    province: str = ""
    vintage: int = 63
    present: bool = False  # the presentation view: no sidebar or toolbar, larger type
    unit: str | None = None  # a province of the 34 (from 1 July 2025) whose profile is shown instead of `province`
    notices: tuple[str, ...] = field(default=(), compare=False)


def _last_value(raw: Mapping, name: str) -> str | None:
    """The last value of a (possibly repeated) parameter, or None; over-long values count as invalid."""
    v = raw.get(name)
    if v is None:
        return None
    if isinstance(v, list | tuple):
        v = v[-1] if v else ""
    v = str(v)
    return v if len(v) <= MAX_PARAM_LENGTH else "\x00invalid"


def parse(raw: Mapping, catalog: Catalog) -> ViewState:
    """A valid ViewState from raw query parameters; `notices` names each parameter that fell back to default."""
    notices: list[str] = []
    s = ViewState(provinces=catalog.focus, province=catalog.focus[0] if catalog.focus else "")

    lang = _last_value(raw, "lang")
    if lang is not None:
        if lang in ("vi", "en"):
            s = replace(s, lang=lang)
        else:
            notices.append("lang")

    index = _last_value(raw, "index")
    if index is not None and index not in catalog.indices:
        notices.append("index")
        index = None
    index = index or (s.index if s.index in catalog.indices else (catalog.indices[0] if catalog.indices else "pci"))
    s = replace(s, index=index, indicator=catalog.headline.get(index, f"{index}_total"))

    indicator = _last_value(raw, "indicator")
    if indicator is not None:
        if indicator in catalog.indicators.get(index, ()):
            s = replace(s, indicator=indicator)
        else:
            notices.append("indicator")

    vintage = _last_value(raw, "vintage")
    if vintage is not None:
        if vintage in ("63", "34"):
            s = replace(s, vintage=int(vintage))
        else:
            notices.append("vintage")

    years = catalog.years.get(s.indicator, ())
    year = _last_value(raw, "year")
    if year is not None:
        if re.fullmatch(r"\d{4}", year) and int(year) in years:
            s = replace(s, year=int(year))
        else:
            notices.append("year")
    if s.year is None and years:
        s = replace(s, year=catalog.default_years.get(s.indicator, max(years)))

    valid63 = set(catalog.codes.get(63, ()))
    provinces = _last_value(raw, "provinces")
    if provinces is not None:
        codes = [c.strip().zfill(2) for c in provinces.split(",") if c.strip()]
        good = [c for c in dict.fromkeys(codes) if re.fullmatch(r"\d{2}", c) and c in valid63][:MAX_PROVINCES]
        if len(good) != len(codes) or (not codes and provinces.strip()):
            notices.append("provinces")
        if good or provinces == "":
            s = replace(s, provinces=tuple(good))

    province = _last_value(raw, "province")
    if province is not None:
        p = province.strip().zfill(2)
        if re.fullmatch(r"\d{2}", p) and p in valid63:
            s = replace(s, province=p)
        else:
            notices.append("province")

    unit = _last_value(raw, "unit")
    if unit:
        u = unit.strip().zfill(2)
        if re.fullmatch(r"\d{2}", u) and u in set(catalog.codes.get(34, ())):
            s = replace(s, unit=u)
        else:
            notices.append("unit")

    present = _last_value(raw, "present")
    if present is not None:
        if present in ("0", "1"):
            s = replace(s, present=present == "1")
        else:
            notices.append("present")

    return replace(s, notices=tuple(notices))


def to_params(s: ViewState) -> dict[str, str]:
    """Query parameters that reproduce the view (defaults included, so a copied link never depends on them)."""
    out = {
        "lang": s.lang,
        "index": s.index,
        "indicator": s.indicator,
        "vintage": str(s.vintage),
        "provinces": ",".join(s.provinces),
        "province": s.province,
    }
    if s.year is not None:
        out["year"] = str(s.year)
    if s.present:
        out["present"] = "1"
    if s.unit:
        out["unit"] = s.unit
    return out


def catalog_from(dataset) -> Catalog:
    """The catalog of a loaded dashboard.data.Dataset."""
    v = dataset.values
    present = v[v["value"].notna()]
    indices = tuple(dataset.indices())
    indicators = {i: tuple(dataset.indicators_of(i)) for i in indices}
    years = {k: tuple(sorted(int(y) for y in g.unique())) for k, g in present.groupby("indicator")["year"]}
    codes = {vin: tuple(dataset.province_codes(vin)) for vin in (63, 34)}
    headline = {i: dataset.total_indicator(i) for i in indices}
    return Catalog(indices, indicators, years, codes, headline, default_years(present), dataset.places.focus)


def default_years(present) -> dict[str, int]:
    """Per indicator, the latest year with a full table (dashboard.data.is_full_table; else the latest year).

    A link without a year then opens on a full table (PCI 2019 rather than the top-30-only PCI 2024).
    """
    n = present.groupby(["index", "indicator", "year"])["province_code"].nunique().reset_index()
    out = {}
    for (index, indicator), g in n.groupby(["index", "indicator"]):
        full = g.loc[[is_full_table(k, index) for k in g["province_code"]], "year"]
        out[indicator] = int(full.max() if len(full) else g["year"].max())
    return out
