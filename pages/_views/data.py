"""The cached views of the data and sources page: st.cache_data at the page edge, keyed by the build folder and the
view state (index, indicators, provinces, years, language)."""

import pandas as pd
import streamlit as st

from dashboard import tables
from dashboard.credits import short_names
from dashboard.i18n import indicator_name
from pages import _ui as ui


@st.cache_data(show_spinner=False, max_entries=8)
def names_of(build: str, lang: str) -> tuple[dict, dict, dict]:
    """Province, indicator and source names of a build in the language."""
    ds = ui.dataset_at(build)
    rows = ds.indicators.to_dict("records")
    return (
        {c: ds.province_name(c) for c in ds.province_codes(63) + ds.historical_codes(63)},
        {c: indicator_name(r, lang) for c, r in zip(ds.indicators["code"], rows, strict=True)},
        short_names(ds.sources),
    )


@st.cache_data(show_spinner=False, max_entries=64)
def selection(build: str, index: str, indicators, codes, year_range, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tidy rows of a selection and the table shown for them."""
    ds = ui.dataset_at(build)
    selected = tables.filter_values(ds.values, index, indicators, codes, year_range)
    provinces, indicators_, sources = names_of(build, lang)
    return selected, tables.values_display(selected, indicators_, provinces, sources, lang)


@st.cache_data(show_spinner=False, max_entries=8)
def coverage(build: str) -> pd.DataFrame:
    """The coverage table of a build."""
    ds = ui.dataset_at(build)
    units = ds.values[~ds.values["province_code"].isin(ds.historical_codes(63))]  # of the 63 (Hà Tây apart)
    return tables.coverage_display(units, len(ds.province_codes(63)))
