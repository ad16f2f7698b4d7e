"""Official tables a user obtained by hand (Ministry of Home Affairs decisions, VCCI or UNDP tables), added by
`python -m loaders import --index par --year 2024 --file FILE [--source-url URL]`.

The file (CSV or XLSX) needs a province column and a score column, found by their header names in Vietnamese or
English ("Tỉnh", "Tên tỉnh", "Province" / "Điểm", "Chỉ số", "Score", "PAR INDEX", "SIPAS"), and optionally a rank
column ("Xếp hạng", "Rank"). Provinces are matched through the registry; values are checked against the scale.
The table is stored, with its citation (source address, original file name, sha256, import date), as a
normalised CSV plus a JSON sidecar in data/imports/. The build reads every stored table with `load_imports`:
an official table has precedence 1 (official file) over pages and news figures.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import unicodedata
from pathlib import Path

import pandas as pd

from loaders import indices
from loaders.common import CITATION_COLUMNS, LoadResult, Source, sha256, tidy_frame
from loaders.merge import PRECEDENCE
from loaders.registry import UnknownProvinceError, load_registry

IMPORTS_DIR = Path(__file__).resolve().parent.parent / "data" / "imports"
FIRST_34_YEAR = 2025  # editions from 2025 assess the 34 provinces formed on 2025-07-01
HEADER_SEARCH_ROWS = 30
# An imported table gives the index's headline total (registry), unless the score header says otherwise (PAPI
# weighted total); its scores must lie in the headline's scale.
# Header words (folded: no case, no diacritics). Checked in this order: ignore, rank, score, province.
IGNORE_WORDS = (
    "xep loai",
    "tier",
    "grade",
    "stt",
    "tt",
    "no",
    "so thu tu",
    "ghi chu",
    "note",
    "notes",
    "ma",
    "code",
    "id",
)
RANK_WORDS = ("xep hang", "rank", "thu hang", "vi tri")
INDEX_WORDS = tuple(unicodedata.normalize("NFC", i.label).lower() for i in indices.all_indices())  # pci, par index…
SCORE_WORDS = ("diem", "chi so", "score", *INDEX_WORDS, "ket qua")
TOTAL_WORDS = ("tong", "total", *INDEX_WORDS, "trong so", "weighted")
SCORE_EXACT = ("diem", "diem so", "tong diem", "score", "total score", "chi so", *INDEX_WORDS)
# Province headers keep their tone marks: "Tỉnh" (province) is not "Tính" (as in "Tính minh bạch", transparency).
PROVINCE_WORDS = ("tỉnh", "province", "địa phương", "đơn vị", "thành phố")
PROVINCE_EXACT = ("tinh", "ten tinh", "tinh thanh pho", "tinh thanh", "ten tinh thanh pho", "province", "provinces",
                  "province city", "dia phuong", "don vi", "ten don vi")  # fmt: skip
# Rows that summarise the table rather than name a province; skipped and recorded in the sidecar.
SUMMARY_ROWS = {
    "ca nuoc",
    "trung binh",
    "trung binh ca nuoc",
    "binh quan",
    "trung vi",
    "average",
    "mean",
    "median",
    "min",
    "max",
    "minimum",
    "maximum",
    "tong",
    "total",
    "national",
    "national average",
    "nationwide",
}
MISSING_MARKS = {"", "-", "–", "—", "n/a", "na", "..."}
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


# An official province table is a few hundred rows and kilobytes; anything far larger is refused before it is read.
MAX_FILE_BYTES = 20 * 2**20
MAX_UNPACKED_BYTES = 100 * 2**20  # an .xlsx/.ods is a zip: the sum of its members' declared sizes
MAX_ROWS = 5_000
MAX_PROBLEMS = 20  # listed in a message; the rest are counted
MAX_LINE = 300  # characters per message line


class ImportTableError(ValueError):
    """A table cannot be imported; the message names the file, the row or header and what to do (capped)."""

    def __init__(self, message: str):
        super().__init__(capped(str(message)))


def capped(message: str) -> str:
    """The first MAX_PROBLEMS lines of a message, a count of the rest and its last line (the remedy); long lines cut."""
    lines = [x if len(x) <= MAX_LINE else f"{x[:MAX_LINE]}… ({len(x) - MAX_LINE:,} more characters)"
             for x in message.splitlines()]  # fmt: skip
    if len(lines) > MAX_PROBLEMS + 2:
        lines = [*lines[: MAX_PROBLEMS + 1], f"  … and {len(lines) - MAX_PROBLEMS - 2:,} more", lines[-1]]
    return "\n".join(lines)


def check_size(file: Path) -> None:
    """Refuse a file too large to be a province table, before reading it (its size; a zip's unpacked size)."""
    import zipfile

    size = file.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ImportTableError(
            f"{file.name}: {size:,} bytes, more than the limit of {MAX_FILE_BYTES:,} for a province table. "
            "Save only the table (one sheet, no images) and run again."
        )
    if zipfile.is_zipfile(file):
        try:
            with zipfile.ZipFile(file) as z:
                unpacked = sum(i.file_size for i in z.infolist())
        except (zipfile.BadZipFile, OSError) as e:
            raise ImportTableError(f"{file.name}: cannot open the workbook ({e}). Is the file complete?") from e
        if unpacked > MAX_UNPACKED_BYTES:
            raise ImportTableError(
                f"{file.name}: unpacks to {unpacked:,} bytes, more than the limit of {MAX_UNPACKED_BYTES:,} for a "
                "province table. Save only the table (one sheet, no images) and run again."
            )


def check_source_url(url: str) -> None:
    """An address shown as a link on the pages: http(s), a host, no spaces, quotes or angle brackets (or none)."""
    from urllib.parse import urlsplit

    if not url:
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or re.search(r"[\s\"'<>`\\]", url):
        raise ImportTableError(
            f"--source-url {url[:200]!r} is not an http(s) address. Give the publication's web address, "
            "e.g. https://pcivietnam.vn/..., or leave it out."
        )


def _check_rows(file: Path, n: int) -> None:
    if n > MAX_ROWS:
        raise ImportTableError(
            f"{file.name}: {n:,} rows, more than the limit of {MAX_ROWS:,} for a province table. "
            "Keep only the table of provinces and run again."
        )


def fold(text) -> str:
    """A header or name folded for matching: no case, no diacritics, words separated by single spaces."""
    s = unicodedata.normalize("NFC", str(text)).casefold().replace("đ", "d")
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", s).split())


def _classify(header) -> str:
    h = fold(header)
    words = f" {h} "
    if not h:
        return ""
    if any(w in h for w in RANK_WORDS):
        return "rank"
    if any(f" {w} " in words for w in IGNORE_WORDS):
        return ""
    if any(f" {w} " in words for w in SCORE_WORDS):
        return "score"
    if _is_province_header(str(header)):
        return "province"
    return ""


def _is_province_header(header: str) -> bool:
    lower = unicodedata.normalize("NFC", header).casefold()
    words = " " + " ".join(re.sub(r"[^\w]+", " ", lower).split()) + " "
    if lower.isascii():  # a header typed without diacritics: "Tinh", "Ten tinh"
        words = f" {fold(header)} "
        return any(f" {fold(w)} " in words for w in PROVINCE_WORDS)
    return any(f" {w} " in words for w in PROVINCE_WORDS)


def _weight(kind: str, h: str) -> int:
    """How surely a header names the column wanted: 3 exact, 2 likely, 1 possible."""
    if kind == "score":
        return 3 if h in SCORE_EXACT else 2 if any(w in h for w in TOTAL_WORDS) else 1
    if kind == "province":
        return 3 if h in PROVINCE_EXACT else 2 if len(h.split()) <= 6 else 1
    return 3 if h in ("rank", "xep hang", "thu hang") else 1


def _pick(kind: str, cells: list[str], cols: list[int], file: Path, where: str) -> int:
    if len(cols) == 1:
        return cols[0]
    weight = {c: _weight(kind, fold(cells[c])) for c in cols}
    top = [c for c in cols if weight[c] == max(weight.values())]
    if len(top) == 1:
        return top[0]
    cols = top
    names = ", ".join(repr(cells[c]) for c in cols)
    raise ImportTableError(
        f"{file.name}{where}: several columns could be the {kind} ({names}). "
        f"Rename the one to import to {'Score' if kind == 'score' else kind.title()!r} (or delete the others) "
        "and run again."
    )


def find_columns(rows: list[list], file: Path, where: str = "") -> tuple[int, dict[str, int]]:
    """(header row index, {"province": col, "score": col, ["rank": col, "tier": col]}) found by header names."""
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = ["" if _blank(c) else str(c) for c in row]
        kinds: dict[str, list[int]] = {}
        for c, cell in enumerate(cells):
            kinds.setdefault(_classify(cell), []).append(c)
            if any(w in fold(cell) for w in ("xep loai", "tier", "grade")):
                kinds.setdefault("tier", []).append(c)
        if "province" in kinds and "score" in kinds:
            cols = {k: _pick(k, cells, kinds[k], file, where) for k in ("province", "score", "rank") if k in kinds}
            if len(kinds.get("tier", [])) == 1:
                cols["tier"] = kinds["tier"][0]
            return i, cols
    seen = [" | ".join(str(c) for c in r if not _blank(c))[:160] for r in rows[:HEADER_SEARCH_ROWS]]
    seen = [s for s in seen if s][:8]
    raise ImportTableError(
        f"{file.name}{where}: no header row with both a province column (Tỉnh / Tên tỉnh / Province) and a score "
        f"column (Điểm / Chỉ số / Score / PAR INDEX / SIPAS) in the first {HEADER_SEARCH_ROWS} rows. Headers found:\n  "
        + ("\n  ".join(seen) or "(none: the file looks empty)")
        + "\nRename the two columns' headers (e.g. 'Province' and 'Score') and run again."
    )


def _blank(x) -> bool:
    return x is None or (isinstance(x, float) and x != x) or (isinstance(x, str) and not x.strip())


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


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes 0600; an imported table is an ordinary file
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _csv_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


def import_table(
    index: str,
    year: int,
    file: Path,
    source_url: str = "",
    imports_dir: Path = IMPORTS_DIR,
    registry=None,
    today: dt.date | None = None,
    log=print,
) -> Path:
    """Check an official table and store it with its citation in `imports_dir`; returns the CSV written."""
    file = Path(file)
    if index not in indices.codes():
        raise ImportTableError(f"unknown index {index!r}: use one of {', '.join(indices.codes())}.")
    if not 2005 <= int(year) <= dt.date.today().year + 1:
        raise ImportTableError(f"year {year} is not an edition year of these indices (2005 onwards).")
    if not file.is_file():
        raise ImportTableError(f"{file}: file not found. Check the path given to --file.")
    check_source_url(source_url)
    df, facts = parse_table(index, int(year), file, registry or load_registry())
    imports_dir = Path(imports_dir)
    imports_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{index}-{year}"
    data = _csv_bytes(df)
    sidecar = {
        "index": index,
        "year": int(year),
        "source_url": source_url,
        "original_file": file.name,
        "original_sha256": sha256(file),
        "imported_on": (today or dt.date.today()).isoformat(),
        "csv": f"{stem}.csv",
        "csv_sha256": hashlib.sha256(data).hexdigest(),
        **facts,
    }
    _write_atomic(imports_dir / f"{stem}.csv", data)
    _write_atomic(imports_dir / f"{stem}.json", (json.dumps(sidecar, ensure_ascii=False, indent=1) + "\n").encode())
    skipped = f"; skipped summary rows: {facts['skipped_rows']}" if facts["skipped_rows"] else ""
    log(
        f"{file.name}: {len(df)} of {facts['provinces_in_vintage']} provinces, "
        f"column {facts['columns']['score']!r} as {facts['indicator']} {year}{skipped}"
    )
    if not source_url:
        log("  no --source-url given: cite the publication by importing again with --source-url URL")
    return imports_dir / f"{stem}.csv"


def _sidecars(imports_dir: Path) -> list[tuple[Path, dict]]:
    out = []
    for p in sorted(Path(imports_dir).glob("*.json")) if Path(imports_dir).is_dir() else []:
        try:
            meta = json.loads(p.read_text(encoding="utf-8"))
            csv_path = p.with_name(meta["csv"])
            ok = csv_path.exists() and sha256(csv_path) == meta["csv_sha256"]
        except (ValueError, KeyError) as e:
            raise ImportTableError(f"{p}: unreadable import sidecar ({e}). Import the table again.") from e
        if not ok:
            raise ImportTableError(
                f"{p.with_name(meta['csv'])}: missing or changed since it was imported. Import the table again with "
                f"`python -m loaders import`, or delete {p.name} and its CSV to drop it."
            )
        try:
            check_source_url(meta.get("source_url", ""))
        except ImportTableError as e:
            raise ImportTableError(f"{p}: {e} Import the table again with a web address.") from e
        out.append((csv_path, meta))
    return out


def source_id(meta: dict) -> str:
    """The sources.csv id of an imported table, e.g. "import-par-2024"."""
    return f"import-{meta['index']}-{meta['year']}"


NA = {"value": [""], "rank": [""]}


def _check_stored_ranks(df: pd.DataFrame, csv_path: Path, n: int) -> None:
    """The import-time rank rules again at build time (a table stored by an older version was not checked)."""
    try:
        df["rank"] = [_rank(None if pd.isna(x) else x, csv_path, f":{r}", n) for x, r in zip(df["rank"], df["row"])]
    except ImportTableError as e:
        raise ImportTableError(f"{csv_path}: {e} Import the table again with `python -m loaders import`.") from e
    df["rank"] = df["rank"].astype("Int64")
    ties = tied_rank_problems(df.astype({"score_as_written": "string"}).fillna({"score_as_written": ""}))
    if ties:
        raise ImportTableError(f"{csv_path}: " + "\n".join(ties) + "\nImport a corrected table.")


def load_imports(imports_dir: Path, registry) -> LoadResult:
    """Every stored official table as tidy rows (precedence: official file) with one citation per row."""
    values, citations = [], []
    for csv_path, meta in _sidecars(imports_dir):
        df = pd.read_csv(csv_path, dtype=TEXT_COLUMNS | {"rank": "string"}, keep_default_na=False, na_values=NA)
        _check_stored_ranks(df, csv_path, len(registry.units(int(meta.get("vintage", 63)))))
        sid = source_id(meta)
        for r in df.itertuples(index=False):
            try:
                province = registry.name(r.province_code, int(r.vintage))
            except KeyError:
                raise ImportTableError(
                    f"{csv_path}:{r.row}: province code {r.province_code} is not in the registry. Import again."
                ) from None
            sheet = f"!{meta['sheet']}" if meta.get("sheet") else ""
            ref = f"{meta['original_file']}{sheet}:{r.row}"
            value, rank = (None if pd.isna(r.value) else float(r.value)), (None if pd.isna(r.rank) else int(r.rank))
            key = {
                "index": meta["index"],
                "year": int(r.year),
                "province_code": r.province_code,
                "vintage": int(r.vintage),
                "indicator": r.indicator,
            }
            values.append(
                {
                    **key,
                    "province": province,
                    "value": value,
                    "rank": rank,
                    "rank_status": "published" if rank is not None else None,
                    "status": "published" if value is not None else "missing",
                    "tier": r.tier or None,
                    "source_id": sid,
                    "source_ref": ref,
                    "precedence": PRECEDENCE["official_file"],
                }
            )
            quote = f"{meta['original_file']}{sheet} row {r.row}: {r.province_as_written} | {r.score_as_written}"
            quote += f" | rank {r.rank_as_written}" if r.rank_as_written else ""
            citations.append(
                {
                    **key,
                    "value": value,
                    "rank": rank,
                    "source_id": sid,
                    "source_url": meta.get("source_url", ""),
                    "quote": quote,
                    "chosen": True,
                }
            )
    vals = tidy_frame(values) if values else tidy_frame([]).assign(precedence=pd.Series(dtype="int64"))
    return LoadResult(values=vals, citations=pd.DataFrame(citations, columns=CITATION_COLUMNS))


def imported_keys(imports_dir: Path) -> set[tuple[str, int]]:
    """(indicator, year) pairs an imported table covers (their loaders' expected counts no longer apply)."""
    return {(meta["indicator"], int(meta["year"])) for _, meta in _sidecars(imports_dir)}


def SOURCES_FROM_IMPORTS(imports_dir: Path) -> list[Source]:  # noqa: N802 — mirrors the loaders' SOURCES
    """One Source per stored official table."""
    out = []
    for _, meta in _sidecars(imports_dir):
        ix = indices.get(meta["index"])
        name, publisher, credit = ix.label, ix.publisher, ix.credit
        year, url, original = meta["year"], meta.get("source_url", ""), meta["original_file"]
        out.append(
            Source(
                id=source_id(meta),
                index=meta["index"],
                title=f"{name} {year}: official table (imported from {original} on {meta['imported_on']})",
                publisher=publisher,
                official_page=url,
                download_url="",
                licence=f"© {publisher}; official publication, redistribution terms as stated by the publisher",
                title_vi=f"{name} {year}: bảng chính thức (nhập từ {original} ngày {meta['imported_on']})",
                licence_vi=f"© {publisher}; ấn phẩm chính thức, điều kiện phân phối lại theo đơn vị công bố",
                attribution=f"{credit}, {name} {year}",
                path=f"imports/{meta['csv']}",
                years=str(year),
                citation=f"{publisher}, {name} {year}, {url or original} (file {original}, sha256 "
                f"{meta['original_sha256']}, imported {meta['imported_on']})",
            )
        )
    return out


def with_import_sources(sources: pd.DataFrame, imports_dir: Path) -> pd.DataFrame:
    """The sources table with one row per stored official table (sha256 of the original file)."""
    from dataclasses import asdict

    pairs = zip(SOURCES_FROM_IMPORTS(imports_dir), _sidecars(imports_dir), strict=True)
    rows = [{**asdict(s), "sha256": meta["original_sha256"]} for s, (_, meta) in pairs]
    return pd.concat([sources, pd.DataFrame(rows)], ignore_index=True) if rows else sources


def fingerprint(base: str, imports_dir: Path) -> str:
    """`base` extended with the stored tables' contents (unchanged when there are none)."""
    files = sorted(Path(imports_dir).glob("*.json")) if Path(imports_dir).is_dir() else []
    if not files:
        return base
    h = hashlib.sha256(base.encode())
    for p in files:
        h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()
