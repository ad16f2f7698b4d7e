"""The cached views of the methods page: st.cache_data at the page edge, keyed by the build folder and the
language."""

import pandas as pd
import streamlit as st

from dashboard import indices, methods, tables
from dashboard.i18n import t
from pages import _ui as ui


@st.cache_data(show_spinner=False, max_entries=8)
def components(build: str, lang: str) -> dict[str, pd.DataFrame]:
    """Each index's components (total to component level) as its codebook box shows them."""
    ds = ui.dataset_at(build)
    out = {}
    for index in indices.codes():
        book = tables.codebook_display(ds.indicators, lang, index)
        if len(book):
            levels = ("total", "subindex", "dimension", "component")
            keep = ds.indicators.loc[ds.indicators["index"] == index, "level"].isin(levels).to_numpy()
            out[index] = book[keep].iloc[:, [0, 2, 3, 4, 5, 6]]
    return out


@st.cache_data(show_spinner=False, max_entries=8)
def code_meanings(build: str, lang: str) -> pd.DataFrame:
    """The GSO codes that name a different unit after the 2025 merger, with both meanings."""
    codes = methods.code_meaning_table(ui.dataset_at(build).provinces, lang)
    codes.columns = [t("data_code", lang), t("methods_until", lang), t("methods_from", lang)]
    return codes
