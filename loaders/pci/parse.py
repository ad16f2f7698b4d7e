"""PCI workbook parsers (reformat only): one `parse_*` per layout of VCCI's workbooks 2005–2019.

Each turns a workbook's sheets into raw records: the province and column label exactly as printed, the cell value,
its sheet and Excel row. Harmonising (registry codes, indicator codes) is in loaders/pci/workbooks.py.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from loaders.common import SourceLayoutError, read_sheets

# Column label → role, first match wins. A value column is the weighted total, the unweighted total or a sub-index.
ROLE_PATTERNS = [
    ("tier", r"nhóm|tier"),
    ("rank", r"xếp hạng|thứ hạng|ranking|^rank$"),
    ("order", r"^(thứ tự|no)$"),
    ("unweighted", r"chưa có trọng số|unweighted"),
    ("total", r"pci|trọng số|weighted"),
    ("sub", r"."),
]
RAW_COLUMNS = ["sheet", "row", "province", "label", "role", "value", "rank", "tier", "order"]


def clean(x) -> str:
    """A cell as text with runs of whitespace collapsed ('' for an empty cell)."""
    return "" if pd.isna(x) else " ".join(unicodedata.normalize("NFC", str(x)).split())


def role_of(label: str) -> str:
    """The role of a column from its printed label (see ROLE_PATTERNS)."""
    low = clean(label).casefold()
    return next(role for role, pat in ROLE_PATTERNS if re.search(pat, low))


# --- Parsing: reformat only. ---


def _sheet(sheets: dict, name: str, file: str) -> pd.DataFrame:
    if name not in sheets:
        raise SourceLayoutError(
            f"{file}: sheet {name!r} not found in the workbook. "
            "The workbook does not have the layout of this year's parser: check the file or update "
            "loaders/pci/workbooks.py."
        )
    return sheets[name]


def _expect(df: pd.DataFrame, row: int, col: int, pattern: str, file: str, sheet: str, what: str) -> None:
    """Raise SourceLayoutError unless the header cell (0-based row, col) matches `pattern`."""
    got = clean(df.iat[row, col]) if row < df.shape[0] and col < df.shape[1] else ""
    if not re.search(pattern, got.casefold()):
        raise SourceLayoutError(
            f"{file}: sheet {sheet!r} cell {_a1(row, col)}: expected the {what} header ({pattern!r}), found {got!r}. "
            "The column moved or the layout changed: update loaders/pci/workbooks.py for this workbook."
        )


def _a1(row: int, col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, r = divmod(col - 1, 26)
        letters = chr(65 + r) + letters
    return f"{letters}{row + 1}"


def _num(x) -> float:
    if isinstance(x, str):
        x = x.strip()
        return float(x) if re.fullmatch(r"-?\d+(\.\d+)?", x) else float("nan")
    return float("nan") if pd.isna(x) else float(x)


def _block_rows(df: pd.DataFrame, start: int, col: int) -> range:
    """Data rows from `start` down to (not including) the first row whose province cell `col` is empty."""
    end = start
    while end < len(df) and clean(df.iat[end, col]):
        end += 1
    return range(start, end)


@dataclass(frozen=True)
class Wide:
    """A table with one row per province: the province column and each value column's role."""

    sheet: str
    label_row: int  # 0-based row of the column labels
    first_row: int  # 0-based first data row
    province: int  # province column
    columns: dict  # column -> role ("total", "unweighted", "sub", "rank", "tier", "order")
    label_rows: dict | None = None  # column -> label row, where a label sits on another header row


def parse_wide(sheets: dict, file: str, spec: Wide, tiers: dict | None = None) -> pd.DataFrame:
    """Raw records of a one-row-per-province table; `tiers` maps a 0-based row to a tier label (merged cells)."""
    df = _sheet(sheets, spec.sheet, file)
    _expect(df, spec.label_row, spec.province, r"tỉnh|province", file, spec.sheet, "province")
    if max(spec.columns) >= df.shape[1]:
        raise SourceLayoutError(
            f"{file}: sheet {spec.sheet!r} has {df.shape[1]} columns, expected at least {max(spec.columns) + 1}. "
            "Columns are missing: update loaders/pci/workbooks.py for this workbook."
        )
    labels, at = {}, {}  # value columns -> label; "rank"/"tier"/"order" -> column
    for col, role in spec.columns.items():
        lrow = (spec.label_rows or {}).get(col, spec.label_row)
        label = clean(df.iat[lrow, col])
        unlabelled_ok = role == "order" or (role == "tier" and tiers is not None)  # 2006 order, 2005 merged tiers
        if not (unlabelled_ok and not label) and role_of(label) != role:
            _expect(df, lrow, col, dict(ROLE_PATTERNS)[role], file, spec.sheet, role)
        if role in ("rank", "tier", "order"):
            at[role] = col
        else:
            labels[col] = label
    rows = _block_rows(df, spec.first_row, spec.province)
    if "order" in at:  # statistics rows (MIN, MAX) follow the provinces without an order number
        rows = [r for r in rows if pd.notna(_num(df.iat[r, at["order"]]))]

    def cell(r: int, role: str) -> float:
        return _num(df.iat[r, at[role]]) if role in at else float("nan")

    def tier(r: int) -> str:
        if tiers is not None:
            return tiers.get(r, "")
        return clean(df.iat[r, at["tier"]]) if "tier" in at else ""

    out = []
    for r in rows:
        for col, label in labels.items():
            total = spec.columns[col] == "total"
            out.append(
                {
                    "sheet": spec.sheet,
                    "row": r + 1,
                    "province": clean(df.iat[r, spec.province]),
                    "label": label,
                    "role": spec.columns[col],
                    "value": _num(df.iat[r, col]),
                    "rank": cell(r, "rank") if total else float("nan"),
                    "tier": tier(r) if total else "",
                    "order": cell(r, "order"),
                }
            )
    return pd.DataFrame(out, columns=RAW_COLUMNS)


@dataclass(frozen=True)
class Pairs:
    """One (province, value) pair of columns per label, each pair sorted by its own value; col 0 is the order."""

    sheet: str
    label_row: int
    header_row: int  # row holding the 'Tỉnh'/'Province' and order headers
    first_row: int


def _pair_columns(df: pd.DataFrame, spec: Pairs, file: str) -> list[tuple[int, int, str]]:
    """(province column, value column, label) for every labelled column, left to right."""
    rows = range(spec.first_row, len(df))
    is_text = [all(isinstance(df.iat[r, c], str) for r in rows if clean(df.iat[r, c])) for c in range(df.shape[1])]
    out, prov = [], None
    for col in range(1, df.shape[1]):
        label = clean(df.iat[spec.label_row, col])
        if not label and not any(clean(df.iat[r, col]) for r in rows):
            break  # an empty column ends the table
        if col == 1 or (not label and is_text[col]):
            prov = col
        elif label:
            out.append((prov, col, label))
    if not out:
        raise SourceLayoutError(f"{file}: sheet {spec.sheet!r}: no labelled value columns in row {spec.label_row + 1}.")
    return out


def parse_pairs(sheets: dict, file: str, spec: Pairs) -> pd.DataFrame:
    """Raw records of a sheet with one (province, value) pair of columns per sub-index (2008, 2010–2016)."""
    df = _sheet(sheets, spec.sheet, file)
    _expect(df, spec.header_row, 0, r"^(thứ tự|no)$", file, spec.sheet, "order ('Thứ tự'/'No')")
    _expect(df, spec.header_row, 1, r"tỉnh|province", file, spec.sheet, "province")
    rows = _block_rows(df, spec.first_row, 1)
    cols = _pair_columns(df, spec, file)
    # Rank and tier columns share the province column of the total (2013–2016) or have their own (2010–2012).
    extra = {role_of(label): (p, c) for p, c, label in cols if role_of(label) in ("rank", "tier")}
    out = []
    for p, c, label in cols:
        role = role_of(label)
        if role in ("rank", "tier", "order"):
            continue
        by_name = {}
        if role == "total":
            for key, (pp, cc) in extra.items():
                by_name[key] = {clean(df.iat[r, pp]): df.iat[r, cc] for r in rows}
        for r in rows:
            name = clean(df.iat[r, p])
            out.append(
                {
                    "sheet": spec.sheet,
                    "row": r + 1,
                    "province": name,
                    "label": label,
                    "role": role,
                    "value": _num(df.iat[r, c]),
                    "rank": _num(by_name["rank"].get(name)) if "rank" in by_name else float("nan"),
                    "tier": clean(by_name["tier"].get(name)) if "tier" in by_name else "",
                    "order": _num(df.iat[r, 0]),
                }
            )
    return pd.DataFrame(out, columns=RAW_COLUMNS)


RANKING_2005 = Wide("Xếp hạng theo chỉ số PCI", 0, 1, 0, {1: "total", 2: "rank", 3: "tier"})
SUMMARY_2005 = Wide("Bảng tóm tắt chỉ số", 1, 2, 0, {c: "sub" for c in range(5, 14)})


def parse_2005(sheets: dict, file: str, tier_merges=None) -> pd.DataFrame:
    """2005 pilot: ranking sheet (score, rank, tier in merged cells) + summary sheet (9 sub-indices)."""
    tiers = None
    if tier_merges is not None:
        df = _sheet(sheets, RANKING_2005.sheet, file)
        tiers = {}
        for (r0, c0), (r1, _c1) in tier_merges:
            if c0 == 3:
                tiers.update({r: clean(df.iat[r0, 3]) for r in range(r0, r1 + 1)})
    return pd.concat(
        [parse_wide(sheets, file, RANKING_2005, tiers=tiers), parse_wide(sheets, file, SUMMARY_2005)], ignore_index=True
    )


def parse_2006(sheets: dict, file: str) -> pd.DataFrame:
    """2006: first sheet empty; 'PCI Tóm tắt' = unlabelled order, province, 10 sub-indices, weighted PCI."""
    cols = {0: "order", **{c: "sub" for c in range(2, 12)}, 12: "total"}
    return parse_wide(sheets, file, Wide("PCI Tóm tắt", 1, 2, 1, cols))


def parse_2007(sheets: dict, file: str) -> pd.DataFrame:
    """2007: first sheet empty; summary sheet = province, rank, region, tier, 10 sub-indices, unweighted, weighted."""
    cols = {1: "rank", 3: "tier", **{c: "sub" for c in range(4, 14)}, 14: "unweighted", 15: "total"}
    return parse_wide(sheets, file, Wide("Tóm tắt các chỉ số PCI ", 0, 1, 0, cols))


def parse_2009(sheets: dict, file: str) -> pd.DataFrame:
    """2009: one wide table keyed by 'Mã PCI' (rank, province, 9 sub-indices, weighted) + infrastructure sheet."""
    cols = {1: "rank", **{c: "sub" for c in range(3, 12)}, 12: "total"}
    main = parse_wide(sheets, file, Wide("Tong Hop", 2, 3, 2, cols, label_rows={1: 1, 12: 1}))
    infra = parse_wide(sheets, file, Wide("Co so ha tang", 0, 2, 1, {2: "sub"}))
    infra["label"] = infra["label"] + " (Co so ha tang)"
    return pd.concat([main, infra], ignore_index=True)


def parse_pair_year(sheet: str, label_row: int = 0, header_row: int = 0, first_row: int = 1):
    """A parser for the pair layout of one year."""

    def parse(sheets: dict, file: str) -> pd.DataFrame:
        return parse_pairs(sheets, file, Pairs(sheet, label_row, header_row, first_row))

    parse.__doc__ = f"Pair layout, sheet {sheet!r}."
    return parse


def parse_summary_2017(sheets: dict, file: str) -> pd.DataFrame:
    """2017–2019: sheet 'Summary' = Province | Rank | weighted PCI | Sub-Index 1..10 (extra rows below a blank)."""
    cols = {1: "rank", 2: "total", **{c: "sub" for c in range(3, 13)}}
    return parse_wide(sheets, file, Wide("Summary", 0, 1, 0, cols))


PARSERS = {
    2005: parse_2005,
    2006: parse_2006,
    2007: parse_2007,
    2008: parse_pair_year("Tổng hợp", label_row=0, header_row=1, first_row=2),
    2009: parse_2009,
    **{y: parse_pair_year("Tong hop") for y in (2010, 2011, 2012)},
    2013: parse_pair_year("Summary"),
    # 2014–2016 also hold an English 'Summary' sheet: a stale copy of the 2013 table. Summary_VN is this year's.
    **{y: parse_pair_year("Summary_VN") for y in (2014, 2015, 2016)},
    **{y: parse_summary_2017 for y in (2017, 2018, 2019)},
}
# The sheets each year's parser reads (the others are skipped: faster, and PCI_2014.xlsx needs openpyxl for five).
SHEETS = {
    2005: (RANKING_2005.sheet, SUMMARY_2005.sheet),
    2006: ("PCI Tóm tắt",),
    2007: ("Tóm tắt các chỉ số PCI ",),
    2008: ("Tổng hợp",),
    2009: ("Tong Hop", "Co so ha tang"),
    **{y: ("Tong hop",) for y in (2010, 2011, 2012)},
    2013: ("Summary",),
    **{y: ("Summary_VN",) for y in (2014, 2015, 2016)},
    **{y: ("Summary",) for y in (2017, 2018, 2019)},
}
# Years whose workbook prints no rank column: the order number of the table sorted by the score is kept, as computed.
ORDER_AS_RANK = {2006, 2008}


def merged_ranges(path: Path, sheet: str) -> list:
    """Merged cell ranges ((row0, col0), (row1, col1)) of one sheet, 0-based."""
    import python_calamine

    return python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).merged_cell_ranges or []


def parse_year(year: int, path: Path) -> pd.DataFrame:
    """Raw records of one workbook (reads its SHEETS once; 2005 also reads the tier column's merged cells)."""
    sheets = read_sheets(path, only=SHEETS[year])
    if year == 2005:
        return parse_2005(sheets, path.name, tier_merges=merged_ranges(path, RANKING_2005.sheet))
    return PARSERS[year](sheets, path.name)
