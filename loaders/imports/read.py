"""Reading an imported file (CSV, XLSX, ODS) into rows per sheet, refusing uncalculated formulas."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from loaders.imports.guards import ImportTableError, _check_rows, check_size


def read_rows(file: Path) -> dict[str, list[list]]:
    """Every sheet of a table file as lists of cells (a CSV is one sheet named ''); row 0 is the file's first line."""
    suffix = file.suffix.lower()
    check_size(file)
    if suffix in {".csv", ".txt", ".tsv"}:
        return {"": _read_csv(file)}
    if suffix in {".xlsx", ".xlsm", ".xls", ".ods"}:
        return _read_workbook(file)
    raise ImportTableError(f"{file.name}: unknown file type {suffix!r}. Save the table as .csv or .xlsx and run again.")


def _read_csv(file: Path) -> list[list]:
    raw = file.read_bytes()
    for enc in ("utf-8-sig", "cp1258"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportTableError(f"{file.name}: not UTF-8 text. Save it as 'CSV UTF-8' and run again.")
    _check_rows(file, text.count("\n") + (not text.endswith("\n")))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(text.splitlines(), dialect)]


_TAG = re.compile(r"<(sheet|Relationship)\b([^>]*)>")
_ATTR = re.compile(r'([\w:]+)="([^"]*)"')
_CELL = re.compile(r"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_REF = re.compile(r'\br="([A-Z]+\d+)"')


def uncalculated_formulas(file: Path) -> list[str]:
    """Cells (Sheet!A1) of an .xlsx/.xlsm holding a formula but no calculated value (saved by a program that does
    not calculate): read as blank, they would be imported as missing."""
    import html
    import zipfile

    if file.suffix.lower() not in {".xlsx", ".xlsm"} or not zipfile.is_zipfile(file):
        return []
    with zipfile.ZipFile(file) as z:
        names = set(z.namelist())
        tags = [(t, dict(_ATTR.findall(a))) for f in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels") if f in names
                for t, a in _TAG.findall(z.read(f).decode("utf-8", "replace"))]  # fmt: skip
        targets = {a.get("Id"): a.get("Target", "") for t, a in tags if t == "Relationship"}
        out = []
        for sheet, rid in [(a.get("name", ""), a.get("r:id")) for t, a in tags if t == "sheet"]:
            target = targets.get(rid, "").lstrip("/")
            path = target if target.startswith("xl/") else f"xl/{target}"
            if path not in names:
                continue
            for attrs, body in _CELL.findall(z.read(path).decode("utf-8", "replace")):
                ref = _REF.search(attrs)
                if body and "<f" in body and not re.search(r"<v>[^<]+</v>", body) and ref:
                    out.append(f"{html.unescape(sheet)}!{ref.group(1)}")
    return out


def _read_workbook(file: Path) -> dict[str, list[list]]:
    formulas = uncalculated_formulas(file)
    if formulas:
        raise ImportTableError(
            f"{file.name}: {len(formulas)} formula cell(s) have no calculated value: {', '.join(formulas)}\n"
            "They would be read as blank: open the file in Excel or LibreOffice, let it calculate, save, and run again."
        )
    try:
        import python_calamine

        wb = python_calamine.CalamineWorkbook.from_path(str(file))
        return {n: wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wb.sheet_names}
    except Exception:  # noqa: BLE001 — openpyxl reads a few files calamine cannot
        pass
    try:
        import openpyxl

        wb = openpyxl.load_workbook(file, read_only=True, data_only=True)
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    except Exception as e:  # noqa: BLE001 — re-raised with the file name
        raise ImportTableError(f"{file.name}: cannot open the workbook ({e}). Is the file complete?") from e
