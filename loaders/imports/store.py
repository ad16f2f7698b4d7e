"""Storing an imported table with its citation, and the build reading every stored table back."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from loaders import indices
from loaders.common import CITATION_COLUMNS, LoadResult, Source, sha256, tidy_frame
from loaders.imports.guards import ImportTableError, check_source_url
from loaders.imports.table import TEXT_COLUMNS, _rank, parse_table, tied_rank_problems
from loaders.merge import PRECEDENCE
from loaders.registry import load_registry

IMPORTS_DIR = Path(__file__).resolve().parents[2] / "data" / "imports"


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
