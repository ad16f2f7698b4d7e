"""Finding the province, score and rank columns of an official table by their header words."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from loaders import indices
from loaders.imports.guards import ImportTableError

HEADER_SEARCH_ROWS = 30
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
