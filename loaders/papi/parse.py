"""PAPI parsers (reformat only): the UNDP workbooks' dimension and indicator tables, the compilation's CSV files."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd

from loaders.common import SourceLayoutError

MISSING_MARKERS = {"KCDL", ""}  # "không có dữ liệu" (no data) in the 2018 indicator workbook

_DIM_RE = re.compile(r"^(?:chỉ số nội dung\s+|dimension\s+)?(\d)(?:\.(\d))?\s*:")
TOTAL_LABELS = {
    "unweighted papi score": "papi_total_unweighted",
    "chỉ số papi tổng hợp (không có trọng số)": "papi_total_unweighted",
    "chỉ số papi 2018 (không có trọng số)": "papi_total_unweighted",
    "weighted papi score": "papi_total_weighted",
    "chỉ số papi tổng hợp (có trọng số)": "papi_total_weighted",
}
PROVINCE_ROW_LABELS = {
    "tên tỉnh/thành phố",
    "tỉnh/thành phố trực thuộc trung ương",
    "tỉnh/thành phố (trực thuộc trung ương)",
}
NAME_COLUMN_LABELS = {"province", "provinces", "tên tỉnh", *PROVINCE_ROW_LABELS}
SCALE_LABEL = "thang điểm"


def _norm(label) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(label))).strip().casefold()


def indicator_code(label) -> str | None:
    """Indicator code for a published row/column label ('2.3: …', 'Chỉ số nội dung 4: …', 'Unweighted PAPI Score')."""
    if label is None or (isinstance(label, float) and pd.isna(label)):
        return None
    text = _norm(label)
    if text in TOTAL_LABELS:
        return TOTAL_LABELS[text]
    m = _DIM_RE.match(text)
    if not m:
        return None
    return f"papi_d{m[1]}" + (f"_{m[2]}" if m[2] else "")


def _cell_value(x, where: str) -> float:
    if x is None or (isinstance(x, float) and pd.isna(x)):
        return float("nan")
    if isinstance(x, bool):
        raise SourceLayoutError(f"{where}: unexpected value {x!r}; expected a score or a blank cell.")
    if isinstance(x, int | float):
        return float(x)
    if str(x).strip().upper() in MISSING_MARKERS:
        return float("nan")
    raise SourceLayoutError(f"{where}: unexpected value {x!r}; expected a score, a blank cell or 'KCDL'.")


def _col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def read_sheet(path: Path, sheet: str) -> list[list]:
    """One sheet's raw cells (calamine); SourceLayoutError naming the file and the sheets it has if absent."""
    import python_calamine

    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as e:  # noqa: BLE001 — re-raised with the file name
        raise SourceLayoutError(f"{path.name}: cannot open workbook ({e}). Is the file complete? Re-fetch it.") from e
    if sheet not in wb.sheet_names:
        raise SourceLayoutError(
            f"{path.name}: no sheet {sheet!r} (sheets: {', '.join(map(repr, wb.sheet_names))}). "
            "The layout changed: update the sheet table in loaders/papi/__init__.py."
        )
    return wb.get_sheet_by_name(sheet).to_python()


def parse_dimension_table(path: Path, sheet: str, strict: bool = True) -> pd.DataFrame:
    """A province-per-row sheet → long rows (province, indicator, value, ref).

    The province column is the one headed 'Province(s)' / 'Tên tỉnh' (…); with `strict`, every other column must be a
    dimension, sub-dimension or total, otherwise columns that are not scores are skipped.
    """
    rows = read_sheet(path, sheet)
    if not rows:
        raise SourceLayoutError(f"{path.name}!{sheet}: empty sheet.")
    header = rows[0]
    name_col = next((j for j, x in enumerate(header) if _norm(x) in NAME_COLUMN_LABELS), None)
    if name_col is None:
        raise SourceLayoutError(
            f"{path.name}!{sheet}: no province column in row 1 (a header such as 'Provinces' or 'Tên tỉnh'); "
            f"found {header[:3]!r}."
        )
    codes = {}
    for j, label in enumerate(header):
        if j == name_col or label in (None, ""):
            continue
        code = indicator_code(label)
        if code is None and strict:
            raise SourceLayoutError(
                f"{path.name}!{sheet}!{_col_letter(j)}1: column {label!r} is not a PAPI dimension, sub-dimension "
                "or total. Update indicator_code() in loaders/papi/parse.py if the layout changed."
            )
        if code is not None:
            codes[j] = code
    if "papi_d1" not in codes.values():
        raise SourceLayoutError(f"{path.name}!{sheet}: no '1: …' dimension column in row 1 (header {header[:3]!r}).")
    out = []
    for i, row in enumerate(rows[1:], start=2):
        name = row[name_col] if name_col < len(row) else None
        if name in (None, "") or not str(name).strip():
            continue
        for j, code in codes.items():
            where = f"{path.name}!{sheet}!{_col_letter(j)}{i}"
            x = row[j] if j < len(row) else None
            out.append(
                {
                    "province": str(name).strip(),
                    "indicator": code,
                    "value": _cell_value(x, where),
                    "ref": f"{path.name}!{sheet}!{i}",
                }
            )
    return pd.DataFrame(out, columns=["province", "indicator", "value", "ref"])


def parse_indicator_table(path: Path, sheet: str) -> pd.DataFrame:
    """An indicator-per-row sheet (provinces across) → long rows for totals, dimensions and sub-dimensions."""
    rows = read_sheet(path, sheet)
    name_row = next((i for i, r in enumerate(rows[:5]) if r and _norm(r[0]) in PROVINCE_ROW_LABELS), None)
    if name_row is None:
        raise SourceLayoutError(
            f"{path.name}!{sheet}: no province-name row (first cell one of {sorted(PROVINCE_ROW_LABELS)}) in rows 1–5."
        )
    scale_cols = {j for r in rows[: name_row + 1] for j, x in enumerate(r) if _norm(x) == SCALE_LABEL}
    provinces = {
        j: str(x).strip()
        for j, x in enumerate(rows[name_row])
        if j > 0 and j not in scale_cols and x not in (None, "") and str(x).strip()
    }
    out = []
    for i, row in enumerate(rows[name_row + 1 :], start=name_row + 2):
        code = indicator_code(row[0]) if row else None
        if code is None:
            continue
        for j, name in provinces.items():
            where = f"{path.name}!{sheet}!{_col_letter(j)}{i}"
            out.append(
                {
                    "province": name,
                    "indicator": code,
                    "value": _cell_value(row[j] if j < len(row) else None, where),
                    "ref": where,
                }
            )
    return pd.DataFrame(out, columns=["province", "indicator", "value", "ref"])


def parse_compiled_codebook(path: Path) -> dict[str, str]:
    """The compilation's codebook as {code: name} (provinces P01–P63 or sub-dimension columns SC11…)."""
    df = pd.read_csv(path, dtype=str)
    if not {"Variable_Code", "Variable_Name"} <= set(df.columns):
        raise SourceLayoutError(
            f"{path.name}: expected columns Variable_Code, Variable_Name; found {list(df.columns)}."
        )
    return dict(zip(df["Variable_Code"].str.strip(), df["Variable_Name"].str.strip(), strict=True))


def parse_compiled_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    """One year of the compilation → long rows (province code Pxx, column SCkj, value, ref 'YYYY.csv:line')."""
    df = pd.read_csv(path, dtype={"Province": str})
    expected = ["Province", *columns]
    if list(df.columns) != expected:
        raise SourceLayoutError(
            f"{path.name}: columns {list(df.columns)} differ from Province + the codebook's {columns}."
        )
    df["ref"] = [f"{path.name}:{i}" for i in range(2, len(df) + 2)]  # line 1 is the header
    long = df.melt(id_vars=["Province", "ref"], var_name="column", value_name="value")
    return long.rename(columns={"Province": "pcode"})[["pcode", "column", "value", "ref"]]
