"""The tables of the Data & sources page: the filtered tidy table, its CSV bytes, and display versions of the
coverage matrix, codebook, sources, conflicts and citations. Pure functions, no Streamlit."""

from __future__ import annotations

import pandas as pd

from dashboard import indices
from dashboard.conflict_notes import conflict_note
from dashboard.credits import translated_column
from dashboard.data import coverage_matrix
from dashboard.i18n import fmt_number, localized, t
from dashboard.ranks import rank_cell, status_text  # noqa: F401 — status_text is part of this module's API


def filter_values(
    values: pd.DataFrame,
    index: str | None = None,
    indicators=None,
    codes=None,
    years: tuple[int, int] | None = None,
    vintage: int = 63,
) -> pd.DataFrame:
    """Rows of the tidy table for an index, indicators, provinces and an inclusive year range (None = all)."""
    m = values["vintage"] == vintage
    if index:
        m &= values["index"] == index
    if indicators is not None:
        m &= values["indicator"].isin(list(indicators))
    if codes is not None:
        m &= values["province_code"].isin(list(codes))
    if years is not None:
        m &= values["year"].between(years[0], years[1])
    cols = [c for c in values.columns if c != "precedence"]
    return values.loc[m, cols].sort_values(["index", "indicator", "year", "province_code"], kind="stable")


def values_display(
    df: pd.DataFrame,
    indicator_names: dict[str, str],
    province_names: dict[str, str],
    source_names: dict[str, str],
    lang: str,
) -> pd.DataFrame:
    """The tidy rows for reading: names in the language, numbers in its format, missing as a dash."""
    return pd.DataFrame(
        {
            t("index", lang): [indices.label(i) for i in df["index"]],
            t("year", lang): [str(int(y)) for y in df["year"]],
            t("province", lang): [province_names.get(c, c) for c in df["province_code"]],
            t("indicator", lang): [indicator_names.get(c, c) for c in df["indicator"]],
            t("value", lang): [fmt_number(v, lang) for v in df["value"]],
            t("rank", lang): [rank_cell(r, s, lang) for r, s in zip(df["rank"], df["rank_status"], strict=True)],
            t("status", lang): [
                status_text(s, v, r, lang) for s, v, r in zip(df["status"], df["value"], df["rank"], strict=True)
            ],
            t("source", lang): [source_names.get(s, s) if isinstance(s, str) else "–" for s in df["source_id"]],
            t("data_source_ref", lang): [s if isinstance(s, str) else "" for s in df["source_ref"]],
        }
    )


def coverage_display(values: pd.DataFrame, n_provinces: int = 63) -> pd.DataFrame:
    """Provinces with a published headline value per index (rows) and year (columns); a dash where none."""
    m = coverage_matrix(values)
    if m.empty:
        return pd.DataFrame()
    out = pd.DataFrame(index=[indices.label(i) for i in m.index])
    for y in m.columns:
        out[str(int(y))] = ["–" if pd.isna(v) else f"{int(v)}/{n_provinces}" for v in m[y]]
    return out


def codebook_display(indicators: pd.DataFrame, lang: str, index: str | None = None) -> pd.DataFrame:
    """The codebook in the language: code, name, level, unit, scale, years, notes."""
    d = indicators if index is None else indicators[indicators["index"] == index]
    scale = [
        f"{fmt_number(lo, lang, 2 if lo % 1 else 0)}–{fmt_number(hi, lang, 2 if hi % 1 else 0)}"
        for lo, hi in zip(d["scale_min"], d["scale_max"], strict=True)
    ]
    return pd.DataFrame(
        {
            t("data_code", lang): d["code"].tolist(),
            t("index", lang): [indices.label(i) for i in d["index"]],
            t("data_name", lang): d[localized("name", lang)].tolist(),
            t("data_level", lang): [t(f"level_{lv}", lang) for lv in d["level"]],
            t("data_unit", lang): [t(f"unit_{u}", lang) for u in d["unit"]],
            t("data_scale", lang): scale,
            t("data_years", lang): d["years"].fillna("").astype(str).tolist(),
            t("data_notes", lang): translated_column(d, "notes", lang),
        }
    )


def sources_display(sources: pd.DataFrame, lang: str, index: str | None = None) -> pd.DataFrame:
    """Every source with publisher, licence, years and addresses."""
    d = sources if index is None else sources[sources["index"] == index]
    return pd.DataFrame(
        {
            t("data_title", lang): translated_column(d, "title", lang),
            t("data_publisher", lang): translated_column(d, "publisher", lang),
            t("licence", lang): translated_column(d, "licence", lang),
            t("data_years", lang): d["years"].fillna("").astype(str).tolist(),
            t("data_official_page", lang): d["official_page"].fillna("").tolist(),
            t("data_download_url", lang): d["download_url"].fillna("").tolist(),
            t("data_code", lang): d["id"].tolist(),
        }
    )


def conflicts_display(
    conflicts: pd.DataFrame,
    province_names: dict[str, str],
    lang: str,
    index: str | None = None,
    indicator_names: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Where sources disagree: the value we kept, the other value, both sources and the rule applied."""
    d = conflicts if index is None or conflicts.empty else conflicts[conflicts["index"] == index]
    if d.empty:
        return pd.DataFrame()
    field = {"value": t("value", lang), "rank": t("rank", lang)}
    names = indicator_names or {}
    return pd.DataFrame(
        {
            t("index", lang): [indices.label(i) for i in d["index"]],
            t("year", lang): [str(int(y)) for y in d["year"]],
            t("province", lang): [province_names.get(c, c) for c in d["province_code"]],
            t("indicator", lang): [names.get(c, c) for c in d["indicator"]],
            t("data_field", lang): [field.get(f, f) for f in d["field"]],
            t("data_kept", lang): [_num_text(v, lang) for v in d["chosen_value"]],
            t("data_other", lang): [_num_text(v, lang) for v in d["other_value"]],
            t("data_kept_source", lang): d["chosen_source"].fillna("").tolist(),
            t("data_other_source", lang): d["other_source"].fillna("").tolist(),
            t("data_note", lang): [conflict_note(n, lang) for n in d["note"]],
        }
    )


def _num_text(v, lang: str) -> str:
    """A number held as text in the language's format (as many decimals as given); other text unchanged."""
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA:
        return "–"
    s = str(v)
    try:
        x = float(s)
    except ValueError:
        return s
    decimals = len(s.split(".")[1]) if "." in s else 0
    return fmt_number(x, lang, decimals)


def citations_display(
    citations: pd.DataFrame, province_names: dict[str, str], lang: str, indicator_names: dict[str, str] | None = None
) -> pd.DataFrame:
    """Published figures with the address and the source's own words; the kept statement marked."""
    d, names = citations, indicator_names or {}
    return pd.DataFrame(
        {
            t("index", lang): [indices.label(i) for i in d["index"]],
            t("year", lang): [str(int(y)) for y in d["year"]],
            t("province", lang): [province_names.get(c, c) for c in d["province_code"]],
            t("indicator", lang): [names.get(c, c) for c in d["indicator"]],
            t("value", lang): [fmt_number(v, lang) for v in d["value"]],
            t("rank", lang): ["–" if pd.isna(r) else str(int(r)) for r in d["rank"]],
            t("data_kept", lang): ["✓" if str(c).lower() == "true" else "" for c in d["chosen"]],
            t("data_quote", lang): d["quote"].fillna("").tolist(),
            t("data_address", lang): d["source_url"].fillna("").tolist(),
        }
    )


def markdown_table(df: pd.DataFrame, esc, names=()) -> pd.DataFrame:
    """A display table for a static (Markdown) table: every cell, every row label and the column names in `names`
    (text from the data, e.g. province names; the others are the catalogue's own) passed through `esc`, which
    escapes Markdown (pages/_ui.md), so that text from the data is shown as written."""
    shown = df.map(esc).rename(index=esc, columns={n: esc(n) for n in names})
    return shown.rename_axis(df.index.name)
