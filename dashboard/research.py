"""What the data page offers researchers: stable file addresses with code to read them, the data version and what
changed in it, and citations to paste (text, BibTeX, RIS) for the dataset and for each index."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

from dashboard import indices
from dashboard.credits import year_ranges  # noqa: F401 — editions as ranges, also for this module's callers
from dashboard.data import Dataset
from dashboard.i18n import fmt_number, t
from loaders import diff

ROOT = Path(__file__).resolve().parent.parent
# Streamlit serves the folder `static/` beside streamlit_app.py at /app/static/ (server.enableStaticServing).
# `static` is a link to the data folder, so /app/static/current/… is the current build: data/current is swapped by
# one atomic rename, and each request resolves it once, so a reader gets one build's file whole.
STATIC_DIR = ROOT / "static"
SERVED_PATH = "app/static/current"
# (file, what) in the order shown; a file the build did not write is left out.
FILES = (
    ("values.csv", "values"),
    ("values.parquet", "values_parquet"),
    ("indicators.csv", "indicators"),
    ("sources.csv", "sources"),
    ("citations.csv", "citations"),
    ("conflicts.csv", "conflicts"),
    ("provinces.csv", "provinces"),
    ("indices.csv", "indices"),
    ("changes.csv", "changes"),
    ("datapackage.json", "datapackage"),
)


# --- Addresses. ---


def served(data_dir: Path, static_dir: Path = STATIC_DIR) -> bool:
    """Whether the app's static folder is the data folder the app reads (so the addresses serve its builds)."""
    return static_dir.is_dir() and os.path.realpath(static_dir) == os.path.realpath(data_dir)


def base_url(page_url: str | None) -> str:
    """The app's address from the address of one of its pages ("" when unknown)."""
    if not page_url:
        return ""
    url = re.sub(r"[?#].*$", "", page_url).rstrip("/")
    return re.sub(r"/(data|overview|rankings|map|compare|profile|methods)$", "", url)


def files_url(base: str) -> str:
    """The address of the current build's folder."""
    return f"{base}/{SERVED_PATH}"


def addresses(ds: Dataset, base: str, lang: str) -> pd.DataFrame:
    """File, contents and address of every file served from the current build."""
    rows = [
        {
            t("research_col_file", lang): name,
            t("research_col_what", lang): t(f"research_what_{what}", lang),
            t("research_col_address", lang): f"{files_url(base)}/{name}",
        }
        for name, what in FILES
        if (Path(ds.folder) / name).exists()
    ]
    return pd.DataFrame(rows)


def snippets(base: str) -> dict[str, tuple[str, str]]:
    """Code that reads the tidy table from its address: {name: (code, language for highlighting)}."""
    url = files_url(base)
    python = f'''import pandas as pd

BASE = "{url}"
values = pd.read_csv(f"{{BASE}}/values.csv", dtype={{"province_code": str}})
values = pd.read_parquet(f"{{BASE}}/values.parquet", dtype_backend="numpy_nullable")  # typed
codebook = pd.read_csv(f"{{BASE}}/indicators.csv")
# frictionless validate {url}/datapackage.json'''
    r = f'''base <- "{url}"
values <- read.csv(paste0(base, "/values.csv"), encoding = "UTF-8",
                   colClasses = c(province_code = "character"))
codebook <- read.csv(paste0(base, "/indicators.csv"), encoding = "UTF-8")
# Parquet: download.file(paste0(base, "/values.parquet"), "values.parquet", mode = "wb")
#          values <- arrow::read_parquet("values.parquet")'''
    stata = f'''import delimited "{url}/values.csv", encoding(utf-8) varnames(1) stringcols(3) clear
* stringcols(3) keeps province_code as text (01, 08, ...)'''
    return {"Python": (python, "python"), "R": (r, "r"), "Stata": (stata, None)}


# --- Version and changes. ---


def version_of(summary: dict) -> tuple[str, str]:
    """(version id, build date) of a build's summary; ("", "") for a build without a version."""
    v = summary.get("version")
    return (str(v["id"]), str(v["date"])) if isinstance(v, dict) and v.get("id") else ("", "")


def footer(summary: dict, lang: str, latest: dict[str, int] | None = None) -> str:
    """The one footer line: the latest edition of each index and the data version ("" when neither is known)."""
    parts = [t("edition_of", lang, index=indices.label(code), year=year) for code, year in (latest or {}).items()]
    vid, day = version_of(summary)
    if vid:
        parts.append(t("footer_version", lang, version=vid, date=day))
    return t("updated_line", lang, parts=" · ".join(parts)) if parts else ""


def changes_summary(summary: dict, lang: str) -> str:
    """What changed in this version, in one sentence."""
    c = summary.get("changes") or {}
    if not c.get("against"):
        return t("research_changes_first", lang)
    counts = {k: int(c.get(k, 0)) for k in diff.CHANGE_KINDS}
    if not any(counts.values()):
        return t("research_changes_none", lang, against=c["against"])
    return t("research_changes_summary", lang, against=c["against"], **counts)


def changes_table(ds: Dataset) -> pd.DataFrame:
    """changes.csv of the build (every cell as text; empty when there is none)."""
    path = Path(ds.folder) / "changes.csv"
    if not path.exists():
        return diff.empty()
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _as_written(cell: str, lang: str) -> str:
    """A changes.csv cell as the language writes numbers, every stored digit kept ("3.25" -> "3,25"); text as is."""
    if not re.fullmatch(r"-?\d+(\.\d+)?", cell or ""):
        return cell
    return fmt_number(float(cell), lang, decimals=len(cell.partition(".")[2]))


def changes_display(table: pd.DataFrame, ds: Dataset, lang: str, indicator_names: dict[str, str]) -> pd.DataFrame:
    """The changes for reading: kind, index, year, province, indicator, old and new cells, source."""
    if table.empty:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            t("research_col_change", lang): [t(f"research_change_{k}", lang) for k in table["change"]],
            t("index", lang): [indices.label(i) for i in table["index"]],
            t("year", lang): table["year"],
            t("province", lang): [
                ds.province_name(c, int(v)) for c, v in zip(table["province_code"], table["vintage"], strict=True)
            ],
            t("indicator", lang): [indicator_names.get(c, c) for c in table["indicator"]],
            t("research_col_old", lang): [_as_written(x, lang) for x in table["old"]],
            t("research_col_new", lang): [_as_written(x, lang) for x in table["new"]],
            t("research_col_source", lang): (table["source_id"] + " " + table["source_ref"]).str.strip(),
        }
    )


# --- Citations. ---


def dataset_citation(summary: dict, url: str, lang: str) -> dict[str, str]:
    """The dataset's citation as APA-style text, BibTeX and RIS, in the language; the URL is left out if unknown."""
    vid, day = version_of(summary)
    year = day[:4]
    title, authors = t("research_dataset_title", lang), t("research_dataset_authors", lang)
    publisher, kind = t("research_dataset_publisher", lang), t("research_dataset_type", lang)
    label, note = t("research_dataset_version", lang), t("research_dataset_note", lang)
    apa = f"{authors}. ({year}). {title} ({label} {vid}) [{kind}]. {publisher}." + (f" {url}" if url else "")
    key = "vn_reform_indices_" + re.sub(r"[^0-9a-z]+", "_", vid)
    bib_fields = {
        "author": "{" + _bib(authors) + "}",
        "title": "{" + _bib(title) + "}",
        "year": year,
        "date": day,
        "version": _bib(vid),
        "publisher": _bib(publisher),
        **({"url": url} if url else {}),
        "langid": t("bib_langid", lang),
        "note": _bib(note),
    }
    bibtex = f"@dataset{{{key},\n" + ",\n".join(f"  {k} = {{{v}}}" for k, v in bib_fields.items()) + "\n}"
    ris_fields = [
        ("TY", "DATA"),
        ("AU", authors),
        ("TI", title),
        ("PY", year),
        ("DA", day.replace("-", "/")),
        ("ET", vid),
        ("PB", publisher),
        *([("UR", url)] if url else []),
        ("LA", lang),
        ("N1", note),
        ("ER", ""),
    ]
    ris = "\n".join(f"{k}  - {v}".rstrip() for k, v in ris_fields)
    return {"apa": apa, "bibtex": bibtex, "ris": ris}


def _bib(text: str) -> str:
    return re.sub(r"([&%$#_])", r"\\\1", str(text))


def _editions(ds: Dataset, index: str) -> list[int]:
    """The editions of an index the build shows a figure of: a score or a rank of its total (else of any indicator)."""
    v = ds.values[(ds.values["index"] == index) & (ds.values["value"].notna() | ds.values["rank"].notna())]
    total = v[v["indicator"] == ds.total_indicator(index)]
    return sorted(int(y) for y in (total if len(total) else v)["year"].unique())


def index_citations(ds: Dataset, lang: str) -> dict[str, str]:
    """Each index's own citation, as its publisher asks, with the editions in this build and its official page."""
    out = {}
    for index in indices.codes():
        years = _editions(ds, index)
        pages = ds.sources.loc[ds.sources["index"] == index, "official_page"].dropna() if len(ds.sources) else []
        if not years or not len(pages):
            continue
        url = pd.Series(pages).value_counts().index[0]
        out[index] = t(f"research_cite_index_{index}", lang, years=year_ranges(years), url=url)
    return out


def cff_with_version(cff: str, summary: dict, url: str = "") -> str:
    """The project's CITATION.cff for this build: the data version and its date (and the app's address if known)."""
    vid, day = version_of(summary)
    if not vid or not cff:
        return cff
    lines = [x for x in cff.splitlines() if not re.match(r"^(version|date-released|url):", x)]
    at = next((i + 1 for i, x in enumerate(lines) if x.startswith("type:")), len(lines))
    extra = [f"version: {vid}", f"date-released: {day}", *([f'url: "{url}"'] if url else [])]
    return "\n".join([*lines[:at], *extra, *lines[at:]]) + "\n"
