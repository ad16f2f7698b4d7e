"""One official table as tidy rows: cells to numbers and ranks, rows matched to provinces, checked."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from loaders import indices
from loaders.imports.columns import MISSING_MARKS, SUMMARY_ROWS, _blank, find_columns, fold
from loaders.imports.guards import ImportTableError, _check_rows
from loaders.imports.read import read_rows
from loaders.registry import UnknownProvinceError

FIRST_34_YEAR = 2025  # editions from 2025 assess the 34 provinces formed on 2025-07-01
CSV_COLUMNS = [
    "index",
    "year",
    "indicator",
    "province_code",
    "vintage",
    "province",
    "province_as_written",
    "value",
    "rank",
    "tier",
    "score_as_written",
    "rank_as_written",
    "row",
]


TEXT_COLUMNS = {
    c: "string" for c in ("province_code", "province_as_written", "tier", "score_as_written", "rank_as_written")
}


def _text(x) -> str:
    if _blank(x):
        return ""
    return str(int(x)) if isinstance(x, float) and x.is_integer() else str(x).strip()


def _number(x, file: Path, ref: str, what: str) -> float | None:
    if _blank(x) or (isinstance(x, str) and x.strip().casefold() in MISSING_MARKS):
        return None
    if isinstance(x, bool):
        x = str(x)
    if isinstance(x, int | float):
        return float(x)
    s = str(x).strip().replace("%", "").replace("\u00a0", "").strip()
    if "," in s and "." not in s:
        s = s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        raise ImportTableError(
            f"{file.name}{ref}: {what} {x!r} is not a number. Correct the cell (blank if the table has no value) "
            f"and run again."
        ) from None


def _rank(x, file: Path, ref: str, n: int) -> int | None:
    """A rank cell as a whole number from 1 to n (the provinces of the table's vintage)."""
    v = _number(x, file, ref, "rank")
    if v is None:
        return None
    if not (1 <= v <= n) or v != int(v):
        raise ImportTableError(
            f"{file.name}{ref}: rank {_text(x)!r} is not a whole number from 1 to {n}. Correct the cell."
        )
    return int(v)


def tied_rank_problems(df: pd.DataFrame) -> list[str]:
    """Ranks given to several provinces whose scores differ (or are missing): a tie needs equal scores."""
    ranked = df[df["rank"].notna()]
    problems = []
    for rank, g in ranked.groupby("rank"):
        if len(g) > 1 and (g["value"].isna().any() or g["value"].nunique() > 1):
            rows = ", ".join(f"row {r.row} {r.province_as_written} ({r.score_as_written or 'no score'})"
                             for r in g.itertuples())  # fmt: skip
            problems.append(f"rank {int(rank)} is given to {len(g)} provinces with different scores: {rows}")
    return problems


# An imported table gives the index's headline total (registry), unless the score header says otherwise (PAPI
# weighted total); its scores must lie in the headline's scale.
def _indicator(index: str, score_header: str) -> str:
    h = fold(score_header)
    if index == "papi" and ("trong so" in h or "weighted" in h):
        unweighted = "khong trong so" in h or "unweighted" in h or "khong co trong so" in h
        return "papi_total_unweighted" if unweighted else "papi_total_weighted"
    return indices.get(index).headline


def parse_table(index: str, year: int, file: Path, registry) -> tuple[pd.DataFrame, dict]:
    """The table in `file` as normalised rows (CSV_COLUMNS) and facts for the sidecar; raises ImportTableError."""
    sheets = read_rows(file)
    for rows in sheets.values():
        _check_rows(file, len(rows))
    errors = []
    for sheet, rows in sheets.items():
        where = f"!{sheet}" if sheet else ""
        try:
            header_row, cols = find_columns(rows, file, where)
        except ImportTableError as e:
            errors.append(str(e))
            continue
        return _rows(index, year, file, sheet, rows, header_row, cols, registry)
    ambiguous = [e for e in errors if "several columns" in e]
    if len(errors) == 1 or ambiguous:
        raise ImportTableError("\n".join(ambiguous or errors))
    raise ImportTableError(f"{file.name}: no sheet has a usable header:\n" + "\n".join(errors))


def _rows(index, year, file: Path, sheet, rows, header_row, cols, registry) -> tuple[pd.DataFrame, dict]:
    vintage = 34 if year >= FIRST_34_YEAR else 63
    header = rows[header_row]
    indicator = _indicator(index, str(header[cols["score"]]))
    where = f"!{sheet}" if sheet else ""
    out, skipped, started = [], [], False
    n = len(registry.units(vintage))
    for i in range(header_row + 1, len(rows)):
        row = list(rows[i]) + [None] * (max(cols.values()) + 1 - len(rows[i]))
        name, score = row[cols["province"]], row[cols["score"]]
        rank = row[cols["rank"]] if "rank" in cols else None
        ref = f"{where}:{i + 1}" if not sheet else f"{where} row {i + 1}"
        if _blank(name) and _blank(score) and _blank(rank):
            if started:
                break  # the table ends at its first blank row; notes below it are not data
            continue
        if _blank(name):
            raise ImportTableError(f"{file.name}{ref}: a score {score!r} without a province name. Fill or delete it.")
        if fold(name) in SUMMARY_ROWS:
            skipped.append(f"row {i + 1}: {name}")
            continue
        started = True
        out.append(
            {
                "province_as_written": str(name).strip(),
                "value": _number(score, file, ref, "score"),
                "rank": _rank(rank, file, ref, n),
                "tier": "" if "tier" not in cols or _blank(row[cols["tier"]]) else str(row[cols["tier"]]).strip(),
                "score_as_written": _text(score),
                "rank_as_written": _text(rank),
                "row": i + 1,
            }
        )
    if not out:
        raise ImportTableError(f"{file.name}{where}: no province rows below the header (row {header_row + 1}).")
    df = pd.DataFrame(out)
    try:
        df["province_code"] = registry.match(df["province_as_written"], vintage, where=f"{file.name}{where}")
    except UnknownProvinceError as e:
        raise ImportTableError(f"{file.name}: {e}") from e
    _check(df, index, file, where)
    df["province"] = [registry.name(c, vintage) for c in df["province_code"]]
    df = df.assign(index=index, year=year, indicator=indicator, vintage=vintage)[CSV_COLUMNS]
    facts = {
        "sheet": sheet,
        "header_row": header_row + 1,
        "columns": {k: str(header[c]) for k, c in cols.items()},
        "skipped_rows": skipped,
        "indicator": indicator,
        "vintage": vintage,
        "provinces": len(df),
        "provinces_in_vintage": len(registry.units(vintage)),
    }
    return df, facts


def _check(df: pd.DataFrame, index: str, file: Path, where: str) -> None:
    dup = df[df.duplicated("province_code", keep=False)]
    if len(dup):
        lines = [
            f"  {code}: " + ", ".join(f"row {r.row} {r.province_as_written!r}" for r in g.itertuples())
            for code, g in dup.groupby("province_code")
        ]
        raise ImportTableError(
            f"{file.name}{where}: a province appears more than once:\n" + "\n".join(lines) + "\nKeep one row each."
        )
    lo, hi = indices.get(index).scale_min, indices.get(index).scale_max
    bad = df[df["value"].notna() & ~df["value"].between(lo, hi)]
    if len(bad):
        lines = [f"  row {r.row} {r.province_as_written}: {r.score_as_written}" for r in bad.itertuples()]
        raise ImportTableError(
            f"{file.name}{where}: {len(bad)} score(s) outside the {index.upper()} scale [{lo:g}, {hi:g}]:\n"
            + "\n".join(lines)
            + "\nCheck the score column (is it the total, in the published unit?) and run again."
        )
    ties = tied_rank_problems(df)
    if ties:
        raise ImportTableError(
            f"{file.name}{where}: " + "\n".join(ties) + "\nEqual ranks need equal scores: correct the rank column."
        )
    if df["value"].notna().any() and df["value"].max() <= 1.0 and hi == 100.0:
        raise ImportTableError(
            f"{file.name}{where}: every score is at most 1 (max {df['value'].max():g}): they look like fractions, "
            f"but {index.upper()} is published in percent/points (0-100). Use the published figures."
        )
