"""Research downloads: a selection of the tidy table as CSV, XLSX or a zip data package (bytes), and the CLI."""

from __future__ import annotations

import io
import json
import os
import re
import tempfile
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from babel import Locale

from dashboard import indices as registry
from dashboard.credits import translated
from dashboard.data import DataNotBuiltError, Dataset, load
from dashboard.i18n import LANGS, t
from dashboard.ranks import TIERS, tier_label  # noqa: F401 — TIERS: the tiers the downloads pair
from loaders import datapackage, parquet, release
from loaders.common import COLUMNS, KEY, ROUNDING_RULE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
PACKAGE_TABLES = ("values", "indicators", "sources", "provinces", "citations", "conflicts")
FORMATS = ("csv", "xlsx", "zip")
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed member dates: the same selection gives the same bytes


class ExportError(ValueError):
    """A selection the export cannot honour (unknown index, bad year range, unknown province code, no data)."""


@dataclass(frozen=True)
class Selection:
    """What to export; empty tuples and None mean "all"."""

    indices: tuple[str, ...] = ()
    years: tuple[int, int] | None = None  # inclusive
    provinces: tuple[str, ...] = ()
    vintage: int | None = None
    computed: bool = False  # include computed values and ranks (flagged "computed" in status / rank_status)
    indicators: tuple[str, ...] = ()  # indicator codes (empty: all of the chosen indices)
    lang: str = "vi"  # language of label values (PCI tiers) and of the package README's citation
    url: str = ""  # the address the file was downloaded from, named in its citation ("" from the command line)


# --- Parse user input. ---


def parse_indices(text: str) -> tuple[str, ...]:
    """ "pci,papi" → ("pci", "papi"); ExportError naming an unknown index and the valid ones."""
    items = tuple(dict.fromkeys(s.strip().lower() for s in str(text or "").split(",") if s.strip()))
    unknown = [s for s in items if s not in registry.codes()]
    if unknown:
        raise ExportError(
            f"unknown index {', '.join(map(repr, unknown))}: use one or more of {', '.join(registry.codes())}"
        )
    return items


def parse_years(text: str) -> tuple[int, int] | None:
    """ "2010-2019" → (2010, 2019), "2019" → (2019, 2019), "" → None; ExportError for anything else."""
    text = str(text or "").strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})\s*(?:[-–:]\s*(\d{4}))?", text)
    if not m:
        raise ExportError(f"bad year range {text!r}: write YEAR or FIRST-LAST, e.g. 2019 or 2010-2019")
    first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    if first > last:
        raise ExportError(f"bad year range {text!r}: the first year is after the last; write {last}-{first}")
    return first, last


def parse_provinces(text: str, known: set[str]) -> tuple[str, ...]:
    """ "08,94" → ("08", "94") (single digits padded); ExportError listing codes not in the registry."""
    items = tuple(dict.fromkeys(s.strip().zfill(2) for s in str(text or "").split(",") if s.strip()))
    unknown = [s for s in items if s not in known]
    if unknown:
        raise ExportError(
            f"unknown province code {', '.join(map(repr, unknown))}: use GSO codes of two digits "
            "as listed in provinces.csv (e.g. 08 Tuyên Quang, 94 Sóc Trăng, 01 Hà Nội)"
        )
    return items


def data_version(ds: Dataset) -> str:
    """The version id of the build a dataset was read from ("" for a build without one)."""
    v = ds.summary.get("version")
    return str(v.get("id", "")) if isinstance(v, dict) else ""


# --- Select rows. ---


def is_computed(values: pd.DataFrame) -> pd.Series:
    """Rows whose value or rank is computed (not published)."""
    return values["status"].eq("computed").fillna(False) | values["rank_status"].eq("computed").fillna(False)


def select_values(values: pd.DataFrame, sel: Selection) -> pd.DataFrame:
    """The tidy rows of a selection in key order.

    Without `sel.computed`, computed values are dropped and computed ranks blanked (the published value stays);
    with it they are kept, flagged by status / rank_status "computed": the columns are the same either way. PCI
    tiers are written in the selection's language (tier_label).
    """
    m = pd.Series(True, index=values.index)
    if sel.indices:
        m &= values["index"].isin(list(sel.indices))
    if sel.indicators:
        m &= values["indicator"].isin(list(sel.indicators))
    if sel.years:
        m &= values["year"].between(*sel.years)
    if sel.provinces:
        m &= values["province_code"].isin(list(sel.provinces))
    if sel.vintage is not None:
        m &= values["vintage"] == sel.vintage
    out = values.loc[m, list(COLUMNS)].copy()
    out["tier"] = out["tier"].map(lambda x: tier_label(x, sel.lang), na_action="ignore")
    if not sel.computed:
        out = out[~out["status"].eq("computed").fillna(False)]
        ranked_by_us = out["rank_status"].eq("computed").fillna(False)
        out.loc[ranked_by_us, "rank"] = pd.NA
        out.loc[ranked_by_us, "rank_status"] = pd.NA
    return out.sort_values(KEY, kind="stable").reset_index(drop=True)


# --- Make cells safe for spreadsheets. ---


def neutralise_cell(x):
    """A text cell a spreadsheet would run as a formula, prefixed with a single quote; anything else unchanged."""
    if isinstance(x, str) and x.startswith(FORMULA_START) and not PLAIN_NUMBER.match(x):
        return "'" + x
    return x


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with formula-like text cells neutralised; numeric and boolean columns are left as they are."""
    out = df.copy()
    for col in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[col]) or pd.api.types.is_bool_dtype(out[col])):
            out[col] = out[col].map(neutralise_cell, na_action="ignore")
    return out


# --- Write files. ---


def to_csv_bytes(df: pd.DataFrame, bom: bool = True) -> bytes:
    """A frame as CSV bytes (UTF-8, with a BOM so spreadsheets read the diacritics), formula-safe."""
    text = neutralise(df).to_csv(index=False, lineterminator="\n")
    return ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")


def export_csv(ds: Dataset, sel: Selection) -> bytes:
    """The selected tidy rows as CSV (UTF-8 with BOM)."""
    return to_csv_bytes(select_values(ds.values, sel))


def export_xlsx(ds: Dataset, sel: Selection) -> bytes:
    """The selected tidy rows (sheet `values`) with the codebook of their columns, the indicators, sources and
    citations of those rows and how to cite them, as an XLSX workbook."""
    rows = select_values(ds.values, sel)
    sheets = {
        "values": rows,
        "codebook": codebook(),
        "indicators": _indicators_for(ds, rows),
        "sources": sources_with_citations(ds, rows),
        "citations": _keys_in(ds.citations, rows),
        "how_to_cite": pd.DataFrame({"how to cite": citation_lines(ds, sel, rows)}),
    }
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for name, df in sheets.items():
            neutralise(df).to_excel(xw, sheet_name=name, index=False)
            xw.sheets[name].freeze_panes = "A2"
        props = xw.book.properties
        props.title, props.version = datapackage.project_title(), data_version(ds) or None
        props.description = selection_text(sel)
    return buf.getvalue()


def codebook() -> pd.DataFrame:
    """Every column of the values table with its type and meaning (the data package's schema, in one place)."""
    values = next(r for r in datapackage.descriptor()["resources"] if r["name"] == "values")
    fields = values["schema"]["fields"]
    return pd.DataFrame(
        {
            "column": [f["name"] for f in fields],
            "type": [f["type"] for f in fields],
            "description": [f.get("description", "") for f in fields],
        }
    )


def _indicators_for(ds: Dataset, rows: pd.DataFrame) -> pd.DataFrame:
    if ds.indicators.empty:
        return ds.indicators
    return ds.indicators[ds.indicators["code"].isin(set(rows["indicator"]))].reset_index(drop=True)


def source_citation(src: dict, lang: str = "en") -> str:
    """How to cite a source in the language: its own citation, else "Publisher (years). Title. URL." (no access
    date)."""

    def clean(v) -> str:
        return "" if v is None or pd.isna(v) else str(v).strip()

    if citation := clean(translated(src, "citation", lang)):
        return citation
    publisher, title = clean(translated(src, "publisher", lang)), clean(translated(src, "title", lang))
    years = clean(src.get("years"))
    url = clean(src.get("official_page")) or clean(src.get("download_url"))
    head = f"{publisher} ({years})." if years else f"{publisher}."
    return " ".join(p for p in (head, f"{title}." if title else "", url) if p and p != ".")


def sources_with_citations(ds: Dataset, rows: pd.DataFrame | None = None, lang: str = "en") -> pd.DataFrame:
    """The sources table (of the given rows, or all) with every citation filled in (in the language)."""
    src = ds.sources
    if src.empty:
        return src
    if rows is not None:
        src = src[src["id"].isin(set(rows["source_id"]))]
    src = src.copy()
    src["citation"] = [source_citation(r, lang) for r in src.to_dict("records")]
    return src.reset_index(drop=True)


def _keys_in(table: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of a keyed side table (citations, conflicts) whose key is among the selected rows."""
    if table.empty:
        return table
    keys = rows[KEY].astype(str).agg("|".join, axis=1)
    mine = table[KEY].astype(str).agg("|".join, axis=1)
    return table[mine.isin(set(keys))].reset_index(drop=True)


def _conform(df: pd.DataFrame, fields: list[dict]) -> pd.DataFrame:
    """A frame with exactly the schema's columns, in order, with types that write as the schema reads them."""
    out = df.reindex(columns=[f["name"] for f in fields]).copy()
    for f in fields:
        col = f["name"]
        if f["type"] == "integer":
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("Int64")
        elif f["type"] == "number":
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
        elif f["type"] == "boolean":
            out[col] = (
                out[col]
                .map(lambda v: pd.NA if pd.isna(v) else str(v).strip().lower() in ("true", "1"), na_action="ignore")
                .astype("boolean")
            )
    return out


def package_tables(ds: Dataset, sel: Selection) -> dict[str, pd.DataFrame]:
    """Every table of the data package for a selection, restricted to what the selected rows refer to."""
    rows = select_values(ds.values, sel)
    pairs = set(zip(rows["province_code"], rows["vintage"].astype(int), strict=True))
    prov = ds.provinces
    if not prov.empty:
        prov = prov[[(c, int(v)) in pairs for c, v in zip(prov["code"], prov["vintage"], strict=True)]]
    return {
        "values": rows,
        "indicators": _indicators_for(ds, rows),
        "sources": sources_with_citations(ds, rows),
        "provinces": prov,
        "citations": _keys_in(ds.citations, rows),
        "conflicts": _keys_in(ds.conflicts, rows),
    }


def package_descriptor(sel: Selection, version: str = "") -> dict:
    """datapackage.json for a selection: the build's descriptor (the same columns with or without computed values),
    the Parquet copy of the values and the data version."""
    desc = datapackage.descriptor()
    desc["resources"] = [r for r in desc["resources"] if r["name"] in PACKAGE_TABLES]
    for r in desc["resources"]:  # keys into tables the package leaves out (indices.csv) are dropped with them
        fks = r["schema"].get("foreignKeys")
        if fks:
            r["schema"]["foreignKeys"] = [k for k in fks if k["reference"]["resource"] in PACKAGE_TABLES]
    desc["description"] = selection_text(sel)
    desc["profile"] = "data-package"  # the Parquet copy is a file resource (see loaders/release.py)
    desc["resources"].append(release.parquet_resource(desc))
    if version:
        desc["version"] = version
    return desc


def selection_text(sel: Selection) -> str:
    """The selection in words (English), for the package description and README."""
    parts = [
        "indices " + (", ".join(sel.indices) if sel.indices else "all"),
        *(["indicators " + ", ".join(sel.indicators)] if sel.indicators else []),
        "years " + (f"{sel.years[0]}–{sel.years[1]}" if sel.years else "all"),
        "provinces " + (", ".join(sel.provinces) if sel.provinces else "all"),
        "vintage " + (str(sel.vintage) if sel.vintage is not None else "all"),
        "computed values "
        + ("included, flagged `computed` in status / rank_status" if sel.computed else "excluded (published only)"),
    ]
    return "Selection: " + "; ".join(parts) + "."


def readme_text(ds: Dataset, sel: Selection, tables: dict[str, pd.DataFrame]) -> str:
    """README.md of the data package: what is inside and how to cite it."""
    fingerprint, version = ds.summary.get("fingerprint", ""), data_version(ds)
    cites = "\n".join(f"- {c}" for c in tables["sources"].get("citation", pd.Series(dtype=str)).tolist())
    cite = "\n".join(f"> {line}\n>" for line in dataset_citation_lines(ds, sel))
    files = "\n".join(f"- `{name}.csv` ({len(df)} rows)" for name, df in tables.items())
    computed = (
        "computed values and ranks are included, marked `computed` in `status` / `rank_status`"
        if sel.computed
        else "computed values are left out and computed ranks blanked"
    )
    about = textwrap.fill(
        "`values.csv` is the tidy table: one row per index, year, province (GSO code and vintage) and indicator. A "
        "blank value means the source published no figure (status `missing`): it is never zero. Ranks are as "
        "published: `rank_status` published (the source states it), ordered_list (the source lists provinces in an "
        f"explicit order) or derived (arithmetic from a stated change and a stated rank); {computed}. "
        "`source_quality` says 'preview only' or 'mirror only' where every source of a figure is a dataset preview "
        "or a copied article. `indicators.csv` is the codebook, `sources.csv` lists each source with its publisher, "
        "address, licence and citation, `citations.csv` every statement of a figure found in a source (publisher, "
        "source kind, language, address, quoted words, rank basis, note), `conflicts.csv` every disagreement "
        "between sources (kept, never averaged) and every rank/score inversion (field rank_inversion). A figure is "
        "chosen by source kind: official file > official index site / ministry > government portal > party/state "
        "press > national press > foreign press > dataset preview > mirror.",
        110,
    )
    return f"""# {datapackage.project_title()}

{selection_text(sel)}
{f"Data version `{version}`: the build date and a short hash of the tables." if version else ""}
{f"Build fingerprint: `{fingerprint}`." if fingerprint else ""}

## Files

{files}
- `values.parquet` — the values table as Parquet: the same rows, codes as text, ranks as nullable integers.
- `datapackage.json` — Frictionless data package describing every file above (fields, types, keys, version).

{about}

Rounding: {ROUNDING_RULE}. PCI tiers are written in {Locale.parse(sel.lang).get_display_name("en")}
(VCCI's six tiers, paired by their published order).

Text cells that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return) start
with a single quote (').

## How to cite

The values remain © their publishers; cite the sources you use:

{cites or "- (no source in this selection)"}

and this dataset (also in `CITATION.cff`):

{cite}
"""


def _citation_cff(ds: Dataset) -> str:
    """The project's CITATION.cff with the data version of the build ("" if the file is missing)."""
    from dashboard import research

    path = research.ROOT / "CITATION.cff"
    return research.cff_with_version(path.read_text(encoding="utf-8"), ds.summary) if path.exists() else ""


def dataset_citation_lines(ds: Dataset, sel: Selection) -> list[str]:
    """The dataset's citation (title, version, date, address) in the selection's language, then in the other one."""
    from dashboard import research

    day = research.version_of(ds.summary)[1]
    langs = (sel.lang, *(other for other in LANGS if other != sel.lang))
    return [
        " ".join(
            part
            for part in (
                research.dataset_citation(ds.summary, sel.url or t("export_no_url", lang), lang)["apa"],
                t("export_built_on", lang, date=day) if day else "",
            )
            if part
        )
        for lang in langs
    ]


def citation_lines(ds: Dataset, sel: Selection, rows: pd.DataFrame) -> list[str]:
    """How to cite a download: the dataset (with version, date and address), then every source of its rows."""
    src = sources_with_citations(ds, rows)
    return [*dataset_citation_lines(ds, sel), *src.get("citation", pd.Series(dtype=str)).tolist()]


def _zip_write(z: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    z.writestr(info, data)


def export_zip(ds: Dataset, sel: Selection) -> bytes:
    """A zip data package: CSV tables, datapackage.json describing exactly them, and a README on how to cite."""
    tables = package_tables(ds, sel)
    version = data_version(ds)
    desc = package_descriptor(sel, version)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for res in desc["resources"]:
            if res["name"] == "values_parquet":
                meta = {"title": datapackage.project_title(), "version": version, "description": selection_text(sel)}
                values = _conform(tables["values"], res["schema"]["fields"])
                _zip_write(z, res["path"], parquet.values_bytes(values, meta))
                continue
            df = _conform(tables[res["name"]], res["schema"]["fields"])
            _zip_write(z, res["path"], to_csv_bytes(df, bom=False))
        _zip_write(z, "datapackage.json", (json.dumps(desc, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        _zip_write(z, "README.md", readme_text(ds, sel, tables).encode("utf-8"))
        cff = _citation_cff(ds)
        if cff:
            _zip_write(z, "CITATION.cff", cff.encode("utf-8"))
    return buf.getvalue()


EXPORTERS = {"csv": export_csv, "xlsx": export_xlsx, "zip": export_zip}
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


def export(ds: Dataset, sel: Selection, fmt: str) -> bytes:
    """The selection in a format (csv, xlsx, zip)."""
    if fmt not in EXPORTERS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    return EXPORTERS[fmt](ds, sel)


def _slug(text: str) -> str:
    return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9]+", "-", str(text).lower())).strip("-")


def export_filename(sel: Selection, fmt: str, version: str = "") -> str:
    """A safe file name for a selection and data version,
    e.g. vn-reform-indices_pci-papi_2010-2019_01-04-08-94-96_2026-12-01.3f9a2c1b.csv."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    parts = ["vn-reform-indices", _slug("-".join(sel.indices)) or "all"]
    if sel.indicators:
        n = len(sel.indicators)
        parts.append(_slug("-".join(sel.indicators)) if n <= 2 else f"{n}-indicators")
    if sel.years:
        parts.append(f"{sel.years[0]}" if sel.years[0] == sel.years[1] else f"{sel.years[0]}-{sel.years[1]}")
    codes = sorted(_slug(c) for c in sel.provinces if _slug(c))
    if codes:
        parts.append("-".join(codes) if len(codes) <= 6 else f"{len(codes)}-provinces")
    if sel.vintage is not None:
        parts.append(f"v{int(sel.vintage)}")
    if sel.computed:
        parts.append("with-computed")
    stem = "_".join(parts)[:120]
    tag = re.sub(r"\.{2,}", ".", re.sub(r"[^0-9a-z.-]", "", str(version).lower())).strip(".-")
    return f"{stem}_{tag}.{fmt}" if tag else f"{stem}.{fmt}"


# --- Command line. ---


def selection_from_args(args, ds: Dataset) -> Selection:
    """A Selection from the CLI arguments, checked against the dataset; ExportError says what is wrong."""
    vintage = getattr(args, "vintage", None)
    known = set(ds.provinces.loc[ds.provinces["vintage"] == vintage, "code"]) if vintage else set(ds.provinces["code"])
    return Selection(
        indices=parse_indices(getattr(args, "index", "")),
        years=parse_years(getattr(args, "years", "")),
        provinces=parse_provinces(getattr(args, "provinces", ""), known),
        vintage=vintage,
        computed=bool(getattr(args, "computed", False)),
        lang=getattr(args, "lang", "vi") or "vi",
        url=str(getattr(args, "url", "") or ""),
    )


def export_cli(args) -> Path:
    """`python -m dashboard export`: write the selection to args.out; ExportError (a ValueError) for bad input."""
    fmt = getattr(args, "format", "csv")
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    folder = Path(getattr(args, "data", Path("data"))) / "current"
    try:
        ds = load(folder)
    except DataNotBuiltError as e:
        raise ExportError(str(e)) from e
    sel = selection_from_args(args, ds)
    if select_values(ds.values, sel).empty:
        raise ExportError(f"no values match: {selection_text(sel)} Check `python -m loaders build` has run.")
    out = Path(args.out) if str(args.out).strip() else None
    if out is None:
        raise ExportError("--out is empty: give the file to write, e.g. --out export.csv")
    write_atomic(out, export(ds, sel, fmt))
    return out


def write_atomic(out: Path, blob: bytes) -> None:
    """Write `blob` to a temporary file beside `out`, then rename it over `out`: the old file stays whole until then.

    ExportError naming the path and the remedy on any failure (the temporary file is removed)."""
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"{out} is a folder: give a file name inside it, e.g. --out {out / 'export.csv'}")
    if out.exists() and not out.is_file():
        raise ExportError(f"{out} is not a regular file (a device or pipe): give an ordinary file path")
    tmp = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        mode = out.stat().st_mode & 0o777 if out.exists() else 0o666 & ~_umask()
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, out)
    except OSError as e:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        reason = e.strerror or str(e)
        raise ExportError(
            f"cannot write {out}: {reason}. Nothing was changed; choose a writable folder with free space"
            f" ({len(blob):,} bytes needed)."
        ) from e


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
