"""PAPI — Provincial Governance and Public Administration Performance Index.

Publisher: CECODES, VFF-CRT, RTA & UNDP. Official page: https://papi.org.vn/eng/papi-data/

Two kinds of source:
- the official UNDP workbooks 2011–2019 (dimension and sub-dimension scores; the 2018 and 2019 indicator-level
  workbooks add the unweighted total and, for 2019 only, the official weighted total);
- a third party's compilation of the sub-dimension scores 2011–2024 (one CSV a year, provinces coded P01–P63, which
  are not GSO codes). It is the only source here for 2020–2024.

For 2011–2019 the official workbooks are kept and the compilation is compared with them (conflicts); for 2020–2024
the compilation's sub-dimension scores are kept as published figures and the dimension scores and the unweighted
total are sums computed here (status "computed"). A sum over a province with a missing part is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from loaders import merge
from loaders.common import (
    CONFLICT_COLUMNS,
    Indicator,
    LoadResult,
    Source,
    SourceLayoutError,
    read_records,
    round_to_inputs,
    source_path,
    tidy_frame,
)
from loaders.papi.parse import (  # noqa: F401 — the parsers are part of this loader's interface for tests
    indicator_code,
    parse_compiled_codebook,
    parse_compiled_csv,
    parse_dimension_table,
    parse_indicator_table,
    read_sheet,
)

INDEX = "papi"
PUBLISHER = "CECODES, VFF-CRT, RTA & UNDP"
OFFICIAL_PAGE = "https://papi.org.vn/eng/papi-data/"
WORKBOOK_URL = "https://raw.githubusercontent.com/mdtrinh/vietnam_elections/84348767/Data/PAPI/{}"
COMPILED_URL = "https://raw.githubusercontent.com/hnks-gh/ml-mcdm/d165721e/data/{}"
WORKBOOK_LICENCE = (
    "© UNDP/CECODES; the reports say 'All rights reserved'; aggregate data published for public use. Attribute."
)
COMPILED_LICENCE = "MIT (the compilation); the scores are © UNDP/CECODES — attribute the publishers."
WORKBOOK_DIR = "papi/undp-workbooks"
COMPILED_DIR = "papi/compiled-2011-2024"

WORKBOOK_YEARS = range(2011, 2020)
COMPILED_YEARS = range(2011, 2025)
EIGHT_DIMENSIONS_FROM = 2018
# Totals made of the dimensions (checked by loaders/weights.py): the unweighted one is their plain sum.
WEIGHTED_TOTALS = {"papi_total_unweighted": "sum", "papi_total_weighted": "least_squares"}


def n_dimensions(year: int) -> int:
    """Dimensions in a year's design: 6 until 2017, 8 from 2018."""
    return 8 if year >= EIGHT_DIMENSIONS_FROM else 6


@dataclass(frozen=True)
class Sheet:
    """One sheet of one workbook and the source it belongs to."""

    source_id: str
    file: str
    sheet: str


# Dimension tables: one row per province, one column per dimension / sub-dimension (English, then Vietnamese copy).
ENG_SHEETS = {y: Sheet(f"papi_{y}_eng", f"PAPI_{y}_eng.xlsx", f"{y}- PAPI ALL Dimensions ") for y in range(2011, 2018)}
ENG_SHEETS[2018] = Sheet("papi_2018_eng", "PAPI_2018_eng.xlsx", "2018PAPI-ALLDimentions")
ENG_SHEETS[2019] = Sheet("papi_2019_eng", "PAPI_2019_eng.xlsx", "2019PAPI_Dims_Sub-dims_ENG")
# The 2011 Vietnamese workbook names its sheet "2012PAPI-..." (sic); its values are the 2011 ones.
VIE_SHEETS = {
    y: Sheet(f"papi_{y}_vie", f"PAPI_{y}_vie.xlsx", f"{max(y, 2012)}PAPI- Bảng tổng hợp kết quả")
    for y in range(2011, 2018)
}
# Indicator tables: one row per indicator, one column per province.
FULL_2018 = Sheet("papi_2018_full_vie", "PAPI_2018_FULL_vie.xlsx", "ProvincialIndicators_VIE")
FULL_2019 = Sheet("papi_2019_full_vie", "PAPI_2019_FULL_vie.xlsx", "Sheet1")
INDICATORS_2019 = Sheet(
    "papi_2019_indicators", "2019_PAPI_Provincial_indicators2019_VIE_ENG.xlsx", "2019PAPI_Indicators_VIE"
)
CODEBOOK_PROVINCES = "codebook_provinces.csv"
CODEBOOK_SUBCRITERIA = "codebook_subcriteria.csv"

# --- Sources and codebook: sources.csv and codebook.csv beside this file -------------------------------------------

HERE = Path(__file__).parent
SOURCES: list[Source] = read_records(HERE / "sources.csv", Source)
_SOURCE_BY_ID = {s.id: s for s in SOURCES}
INDICATORS: list[Indicator] = read_records(HERE / "codebook.csv", Indicator)
EXPECTED_COUNTS = {
    "papi_total_unweighted": {y: 63 for y in COMPILED_YEARS},
    "papi_total_weighted": {2019: 63},
    **{f"papi_d{k}": {y: 63 for y in COMPILED_YEARS if k <= n_dimensions(y)} for k in range(1, 9)},
}

# --- Harmonising -------------------------------------------------------------------------------------------------


def _with_codes(df: pd.DataFrame, registry, where: str) -> pd.DataFrame:
    names = list(dict.fromkeys(df["province"]))
    codes = dict(zip(names, registry.match(names, 63, where=where), strict=True))
    out = df.assign(province_code=df["province"].map(codes))
    dup = out.drop_duplicates(["province", "province_code"])["province_code"].duplicated()
    if dup.any():
        raise SourceLayoutError(f"{where}: two province names map to one code; check aliases.csv.")
    return out


def _official_table(sources_dir: Path, sheet: Sheet, registry, parser) -> pd.DataFrame:
    path = source_path(sources_dir, _SOURCE_BY_ID[sheet.source_id])
    df = _with_codes(parser(path, sheet.sheet), registry, f"{sheet.file}!{sheet.sheet}")
    return df.assign(source_id=sheet.source_id)


def _check_63(df: pd.DataFrame, where: str) -> None:
    n = df["province_code"].nunique()
    if n != 63:
        raise SourceLayoutError(f"{where}: {n} provinces, expected 63.")


def compiled_provinces(sources_dir: Path, registry) -> dict[str, str]:
    """The compilation's P01–P63 codes → GSO codes (63 vintage), via the registry."""
    path = source_path(sources_dir, _SOURCE_BY_ID["papi_compiled_provinces"])
    book = parse_compiled_codebook(path)
    codes = registry.match(list(book.values()), 63, where=path.name)
    return dict(zip(book, codes, strict=True))


def compiled_year(sources_dir: Path, year: int, pmap: dict[str, str], columns: list[str]) -> pd.DataFrame:
    """One compiled year as long rows with GSO codes and indicator codes; unknown Pxx codes raise."""
    path = source_path(sources_dir, _SOURCE_BY_ID[f"papi_compiled_{year}"])
    return harmonise_compiled(parse_compiled_csv(path, columns), pmap, path.name)


def harmonise_compiled(long: pd.DataFrame, pmap: dict[str, str], file: str) -> pd.DataFrame:
    """Map Pxx → GSO code and SCkj → papi_dk_j; SourceLayoutError naming the file for an unknown province code."""
    unknown = sorted(set(long["pcode"]) - set(pmap))
    if unknown:
        raise SourceLayoutError(
            f"{file}: province code(s) {', '.join(unknown)} not in {CODEBOOK_PROVINCES} (P01–P63). "
            "Check the file or the codebook."
        )
    bad = sorted({c for c in long["column"] if not re.fullmatch(r"SC[1-8][1-9]", c)})
    if bad:
        raise SourceLayoutError(f"{file}: columns {bad} are not sub-dimension columns SCkj.")
    return long.assign(
        province_code=long["pcode"].map(pmap),
        indicator="papi_d" + long["column"].str[2] + "_" + long["column"].str[3],
        source_id=f"papi_compiled_{file.removesuffix('.csv')}",
    )


# --- Tidy rows ---------------------------------------------------------------------------------------------------


def is_sub(codes: pd.Series) -> pd.Series:
    """True for sub-dimension codes (papi_dK_J)."""
    return codes.str.fullmatch(r"papi_d\d_\d")


def is_dim(codes: pd.Series) -> pd.Series:
    """True for dimension codes (papi_dK)."""
    return codes.str.fullmatch(r"papi_d\d")


def _status(values: pd.Series, present: str = "published") -> pd.Series:
    return pd.Series(["missing" if pd.isna(v) else present for v in values], index=values.index, dtype="string")


def _sum_rows(parts: pd.DataFrame, groups: list[str], expected: pd.Series, target) -> pd.DataFrame:
    """Sum of parts per group where every expected part has a value; else missing (never a partial sum)."""
    g = parts.groupby(groups, sort=False)
    agg = g.agg(
        value=("value", lambda s: round_to_inputs(s.sum(min_count=1), s)),
        n=("value", "count"),
        ref=("ref", "first"),
        source_id=("source_id", "first"),
        parts=("indicator", lambda s: ",".join(sorted(s))),
    )
    agg = agg.reset_index()
    need = agg[groups[-1]].map(expected) if expected is not None else None
    complete = agg["n"] == need
    agg.loc[~complete, "value"] = float("nan")
    agg["indicator"] = agg[groups[-1]].map(target) if callable(target) else target
    return agg


def _dimensions_from_subs(subs: pd.DataFrame) -> pd.DataFrame:
    """Dimension k = sum of its sub-dimensions of that year (computed)."""
    s = subs.assign(dim=subs["indicator"].str.rsplit("_", n=1).str[0])
    per_dim = s.groupby("dim")["indicator"].nunique()
    agg = _sum_rows(s, ["province_code", "dim"], per_dim, lambda d: d)
    agg["ref"] = agg["ref"] + " (sum of " + agg["parts"].str.replace("papi_", "").str.replace(",", "+") + ")"
    return agg.assign(status=_status(agg["value"], "computed"))


def _total_from_dims(dims: pd.DataFrame, year: int) -> pd.DataFrame:
    """Unweighted total = sum of the year's dimensions (computed), missing if any dimension is missing."""
    d = dims.assign(all="x")
    agg = _sum_rows(d, ["province_code", "all"], pd.Series({"x": n_dimensions(year)}), "papi_total_unweighted")
    agg["ref"] = agg["ref"].str.split(" (", regex=False).str[0] + f" (sum of d1..d{n_dimensions(year)})"
    return agg.assign(status=_status(agg["value"], "computed"))


def _rows(df: pd.DataFrame, year: int, registry, precedence: int) -> pd.DataFrame:
    names = {c: registry.name(c, 63) for c in df["province_code"].unique()}
    return pd.DataFrame(
        {
            "index": INDEX,
            "year": year,
            "province_code": df["province_code"].to_numpy(),
            "vintage": 63,
            "province": df["province_code"].map(names).to_numpy(),
            "indicator": df["indicator"].to_numpy(),
            "value": df["value"].astype("float64").to_numpy(),
            "status": df["status"].to_numpy(),
            "source_id": df["source_id"].to_numpy(),
            "source_ref": df["ref"].to_numpy(),
            "precedence": precedence,
        }
    )


def _official_year(sources_dir: Path, year: int, registry) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The official values of one year (published + computed total) and the other official tables to compare."""
    eng = _official_table(sources_dir, ENG_SHEETS[year], registry, parse_dimension_table)
    _check_63(eng, f"{ENG_SHEETS[year].file}!{ENG_SHEETS[year].sheet}")
    eng = eng.assign(status=_status(eng["value"]))
    others = {}
    if year in VIE_SHEETS:
        others[VIE_SHEETS[year].source_id] = _official_table(
            sources_dir, VIE_SHEETS[year], registry, parse_dimension_table
        )
    parts = [eng]
    if year == 2018:
        full = _official_table(sources_dir, FULL_2018, registry, parse_indicator_table)
        _check_63(full, f"{FULL_2018.file}!{FULL_2018.sheet}")
        total = full[full["indicator"] == "papi_total_unweighted"]
        parts.append(total.assign(status=_status(total["value"])))
        others[FULL_2018.source_id] = full[full["indicator"] != "papi_total_unweighted"]
    if year == 2019:
        ind = _official_table(sources_dir, INDICATORS_2019, registry, parse_indicator_table)
        _check_63(ind, f"{INDICATORS_2019.file}!{INDICATORS_2019.sheet}")
        weighted = ind[ind["indicator"] == "papi_total_weighted"]
        parts.append(weighted.assign(status=_status(weighted["value"])))
        others[INDICATORS_2019.source_id] = ind[ind["indicator"] != "papi_total_weighted"]
        others[FULL_2019.source_id] = _official_table(
            sources_dir, FULL_2019, registry, lambda p, sh: parse_dimension_table(p, sh, strict=False)
        )
    if "papi_total_unweighted" not in set(eng["indicator"]) and year != 2018:
        dims = eng[is_dim(eng["indicator"])]
        parts.append(_total_from_dims(dims, year))
    official = pd.concat(parts, ignore_index=True)
    return official[["province_code", "indicator", "value", "status", "source_id", "ref"]], others


def _compiled_values(compiled: pd.DataFrame, year: int) -> pd.DataFrame:
    """Sub-dimensions of the year's design (columns blank for every province are not part of it), dimensions, total."""
    design = compiled.groupby("indicator")["value"].transform(lambda s: s.notna().any())
    subs = compiled[design].assign(status=lambda d: _status(d["value"]))
    dims = _dimensions_from_subs(subs)
    total = _total_from_dims(dims, year)
    cols = ["province_code", "indicator", "value", "status", "source_id", "ref"]
    return pd.concat([subs[cols], dims[cols], total[cols]], ignore_index=True)


# --- Checking (the comparison of two sources' tables is merge.compare_tables) ------------------------------------


def _consistency_warnings(values: pd.DataFrame, year: int) -> list[str]:
    """Published dimensions that are not the sum of their published sub-dimensions (beyond merge.VALUE_TOLERANCE)."""
    v = values[values["status"] == "published"]
    subs = v[is_sub(v["indicator"])].assign(dim=lambda d: d["indicator"].str.rsplit("_", n=1).str[0])
    sums = subs.groupby(["province_code", "dim"])["value"].sum()
    dims = v[is_dim(v["indicator"])].set_index(["province_code", "indicator"])["value"]
    dims.index = dims.index.set_names(["province_code", "dim"])
    diff = (dims - sums).dropna()
    bad = diff[diff.abs() > merge.VALUE_TOLERANCE]
    return [
        f"papi {year} {c} {d}: published dimension differs from the sum of its sub-dimensions by {x:+.4f}"
        for (c, d), x in bad.items()
    ]


def load(sources_dir, registry) -> LoadResult:
    """All PAPI values 2011–2024: official workbooks 2011–2019, compiled sub-dimensions 2020–2024."""
    sources_dir = Path(sources_dir)
    # Load inputs.
    pmap = compiled_provinces(sources_dir, registry)
    sub_columns = list(parse_compiled_codebook(source_path(sources_dir, _SOURCE_BY_ID["papi_compiled_subcriteria"])))
    # Process data.
    frames, conflicts, warnings = [], [], []
    for year in COMPILED_YEARS:
        compiled = compiled_year(sources_dir, year, pmap, sub_columns)
        compiled_vals = _compiled_values(compiled, year)
        if year in WORKBOOK_YEARS:
            official, others = _official_year(sources_dir, year, registry)
            frames.append(_rows(official, year, registry, merge.PRECEDENCE["official_file"]))
            warnings += _consistency_warnings(official, year)
            for other in others.values():
                conflicts.append(merge.compare_tables(official, other, INDEX, year, "two official workbooks disagree"))
            subs = compiled_vals[is_sub(compiled_vals["indicator"])]
            off_subs = official[is_sub(official["indicator"])]
            conflicts.append(
                merge.compare_tables(off_subs, subs, INDEX, year, "compiled file disagrees with the official workbook")
            )
        else:
            frames.append(_rows(compiled_vals, year, registry, merge.THIRD_PARTY_COMPILATION))
    # Save outputs.
    values = tidy_frame(pd.concat(frames, ignore_index=True))
    conflicts = [c for c in conflicts if len(c)]
    conf = pd.concat(conflicts, ignore_index=True) if conflicts else pd.DataFrame(columns=CONFLICT_COLUMNS)
    if len(conf):
        warnings.append(f"papi: {len(conf)} disagreement(s) between sources, official values kept (conflicts.csv)")
    return LoadResult(values=values, conflicts=conf, warnings=warnings)
