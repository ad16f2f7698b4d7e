"""The cached views of the province profile page: st.cache_data at the page edge, keyed by the build folder and the
view state (province, index, year, language)."""

import pandas as pd
import streamlit as st

from dashboard import data, indices, profile, tables
from dashboard.i18n import indicator_name
from dashboard.vega_data import with_arrow_datasets
from pages import _ui as ui


@st.cache_data(show_spinner=False, max_entries=256)
def merger_of(build: str, code: str) -> dict | None:
    """profile.merger of the province."""
    return profile.merger(ui.dataset_at(build).provinces, code)


@st.cache_data(show_spinner=False, max_entries=16)
def edition_years(build: str, index: str) -> list[int]:
    """Years with a published headline figure of the index."""
    return profile.edition_years(ui.dataset_at(build).values, indices.headline(index))


@st.cache_data(show_spinner=False, max_entries=256)
def peers_view(
    build: str, index: str, code: str, year: int | None, lang: str
) -> tuple[int, pd.DataFrame, pd.DataFrame]:
    """The region's provinces in one year (the default year when None): the year, the rows and the table shown."""
    ds = ui.dataset_at(build)
    if year is None:
        year = profile.peers_default_year(ds.values, ds.provinces, index, code)
    _, peers = profile.region_peers(ds.values, ds.provinces, index, code, year=year)
    names = {c: ds.province_name(c) for c in peers["province_code"]}
    return year, peers, tables.markdown_table(profile.peers_table(peers, names, lang), ui.md)


@st.cache_data(show_spinner=False, max_entries=256)
def over_time(build: str, code: str, lang: str) -> dict:
    """The province's four indices over time: the series, the specs of their small multiples (None without a
    score), the rows each panel plots, the latest row of each index and the latest-figures table as shown."""
    ds = ui.dataset_at(build)
    series = profile.index_series(ds.values, code)
    scored = series["value"].notna().any()
    plotted = series[series["value"].notna()]
    return {
        "series": series,
        "specs": [with_arrow_datasets(c.to_dict()) for c in profile.index_panels(series, lang)] if scored else None,
        "rows": plotted,
        "panel_rows": [plotted[plotted["index"] == i] for i in profile.panel_indices(series)],
        "latest": [
            r | {"sources": ui.figure_sources(ds, r["index"], r["indicator"], int(r["year"]), code, 63, lang)}
            for r in profile.latest_rows(series)[["index", "indicator", "year", "status"]].to_dict("records")
        ],
        "table": tables.markdown_table(profile.latest_table(series, ds.sources, lang), ui.md),
    }


@st.cache_data(show_spinner=False, max_entries=256)
def strengths(build: str, index: str, code: str, lang: str) -> dict:
    """Sub-index scores against the national median: year, table, names, strongest/weakest and the chart spec."""
    ds = ui.dataset_at(build)
    year, comp = profile.subindex_comparison(ds.values, ds.indicators, index, code)
    if year is None:
        return {"year": None}
    names = {c: indicator_name(ds.indicator(c), lang) for c in comp["indicator"]}
    strong, weak = profile.strongest_weakest(comp)
    scored = comp["median"].notna().any()
    spec = with_arrow_datasets(profile.subindex_chart(comp, names, lang).to_dict()) if scored else None
    rows = data.select(ds.values, index, year=year, codes=[code])
    return {
        "year": year,
        "comp": comp,
        "names": names,
        "strong": strong,
        "weak": weak,
        "spec": spec,
        "rows": rows,
        "table_rows": rows[rows["indicator"].isin(comp["indicator"])],
        "table": tables.markdown_table(profile.subindex_table(comp, names, lang), ui.md),
    }


@st.cache_data(show_spinner=False, max_entries=256)
def siblings(
    build: str, index: str, members: tuple[str, ...], lang: str, title: str
) -> tuple[pd.DataFrame, dict | None]:
    """The headline series of the provinces merged together and their chart spec (None without a score)."""
    ds = ui.dataset_at(build)
    sib = profile.siblings_series(ds.values, index, indices.headline(index), list(members))
    if not (len(sib) and sib["value"].notna().any()):
        return sib, None
    names = {c: ds.province_name(c) for c in members}
    return sib, with_arrow_datasets(profile.siblings_chart(sib, names, list(members), lang, title=title).to_dict())
