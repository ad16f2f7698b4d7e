"""The cached views of the map page: st.cache_resource (the build's geography, shared) and st.cache_data at the page
edge, keyed by the build folder and the view state (index, indicator, year, mode, focus, language, look); with the
chart builders they draw from."""

import pandas as pd
import streamlit as st

from dashboard import data, league, maps
from dashboard.credits import short_names
from dashboard.credits import source_line as credit_source_line
from dashboard.i18n import t
from dashboard.ranks import tier_label
from dashboard.vega_data import with_arrow_datasets
from pages import _ui as ui


@st.cache_resource(show_spinner=False, max_entries=2 * ui.BUILDS_KEPT)
def geography(build_folder: str, vintage: int) -> dict:
    """The provinces of a vintage from the build (shared across sessions, read once per build)."""
    return maps.load_geojson(build_folder, vintage)


@st.cache_resource(show_spinner=False, max_entries=ui.BUILDS_KEPT)
def outlines(build_folder: str) -> dict:
    """The former 63-province borders (shared across sessions)."""
    return maps.load_outlines(build_folder)


@st.cache_resource(show_spinner=False, max_entries=ui.BUILDS_KEPT)
def weights(build_folder: str) -> pd.DataFrame:
    """Population weights of the former provinces inside each new one."""
    return maps.load_weights(build_folder)


@st.cache_data(show_spinner=False, max_entries=64)
def rows_for(build: str, index: str, indicator: str, year: int, mode: str) -> pd.DataFrame:
    """The rows a map shows: the 63 provinces (map63, former), the published 34 or the labelled estimate on the 34."""
    ds = ui.dataset_at(build)
    s63 = data.select(ds.values, index, indicator, year, vintage=63)
    s63 = s63[~s63["province_code"].isin(ds.historical_codes(63))]  # Hà Tây: in the tables, not on the 63 map
    if mode == "published34":
        return data.select(ds.values, index, indicator, year, vintage=34)
    if mode == "estimate":
        return maps.estimate_34(s63, weights(build), ds.places) if len(s63) else s63.iloc[0:0]
    return s63


@st.cache_data(show_spinner=False, max_entries=64)
def not_drawn(build: str, index: str, indicator: str, year: int) -> list[str]:
    """Historical units (Hà Tây) with a figure in this slice: in the year's table, not drawn on the 63 map."""
    ds = ui.dataset_at(build)
    rows = data.select(ds.values, index, indicator, year, codes=ds.historical_codes(63), vintage=63)
    return sorted(rows.loc[rows["value"].notna() | rows["rank"].notna(), "province_code"])


def natural(chart):
    """The chart at its own size: the map's title, legend and attribution lines are laid out around it, not
    squeezed into the column (Streamlit's default autosize "fit" would shrink the map and cut the footer)."""
    return chart.properties(autosize={"type": "pad"})


def map_chart(
    build: str, rows: pd.DataFrame, vintage: int, indicator: str, lang: str, focus_codes, title: str, look: tuple = ()
):
    """The choropleth of `rows` at its natural size, as an Altair chart; `look` is (highlight, labels, tiers)."""
    ds = ui.dataset_at(build)
    highlight, labels, tiers = look or (None, False, False)
    if tiers:  # tiers in the page's language (PCI 2013 printed them in English)
        rows = rows.assign(tier=rows["tier"].map(lambda x: tier_label(x, lang), na_action="ignore"))
    colours = league.tier_colors(ds.values, rows["index"].iloc[0]) if tiers and len(rows) else {}
    present = [x for x in colours if x in set(rows["tier"].dropna())] if colours else []
    chart = maps.choropleth(
        rows,
        geography(build, vintage),
        vintage=vintage,
        indicator_meta=ds.indicator(indicator),
        lang=lang,
        focus_codes=list(focus_codes),
        title=title,
        attribution=credit_source_line(rows[rows["value"].notna()], ds.sources, lang),
        source_names=short_names(ds.sources),
        highlight=highlight,
        labels=labels,
        tiers={x: colours[x] for x in present} or None,
        tier_title=t("map_tier_legend", lang, year=int(rows["year"].iloc[0])) if present else "",
    )
    return natural(chart)


@st.cache_data(show_spinner=False, max_entries=64)
def map_spec(
    build: str, index: str, indicator: str, year: int, mode: str, focus: tuple, lang: str, title: str, look: tuple
):
    """The choropleth's Vega-Lite spec for one view."""
    vintage = 63 if mode in ("map63", "former") else 34
    rows = rows_for(build, index, indicator, year, mode)
    chart = map_chart(build, rows, vintage, indicator, lang, focus, title, look)
    return with_arrow_datasets(maps.fit_column(chart).to_dict())


def merger_chart(build: str, focus34, lang: str):
    """The 34 new provinces over the former borders, as an Altair chart."""
    places = ui.dataset_at(build).places
    return natural(maps.merger_map(geography(build, 34), outlines(build), places, lang=lang, focus_codes=list(focus34)))


@st.cache_data(show_spinner=False, max_entries=32)
def merger_spec(build: str, focus34: tuple, lang: str) -> dict:
    """The merger map's Vega-Lite spec."""
    return with_arrow_datasets(maps.fit_column(merger_chart(build, focus34, lang)).to_dict())


@st.cache_data(show_spinner=False, max_entries=8)
def merger_frame(build: str, lang: str) -> pd.DataFrame:
    """The merger table as shown: new province, its former provinces and their codes."""
    table = maps.merger_table(ui.dataset_at(build).places, lang)
    return pd.DataFrame(
        {
            t("data_code", lang): table["code"],
            t("map_new_province", lang): table["province"],
            t("map_former_provinces", lang): table["former_provinces"],
            t("map_former_codes", lang): table["former_codes"],
        }
    )
