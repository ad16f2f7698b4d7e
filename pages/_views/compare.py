"""The cached views of the compare page: st.cache_data at the page edge, keyed by the build folder and the view
state (index, year, provinces, language)."""

import streamlit as st

from dashboard import comparison
from dashboard import tables as tables_
from dashboard.vega_data import with_arrow_datasets
from pages import _ui as ui

PARTS = ("total", "sub")


@st.cache_data(show_spinner=False, max_entries=128)
def compared(build: str, index: str, year: int, codes: tuple[str, ...], lang: str) -> dict:
    """comparison.view with the chart spec of each part (None where no chosen province has a score)."""
    cmp = comparison.view(ui.dataset_at(build), index, year, codes, lang)
    made = {part: comparison.chart(cmp, part, lang) for part in PARTS}
    return cmp | {"specs": {part: c and with_arrow_datasets(c.to_dict()) for part, c in made.items()}}


@st.cache_data(show_spinner=False, max_entries=128)
def tables(build: str, index: str, year: int, codes: tuple[str, ...], lang: str) -> tuple:
    """The figures table and the two gaps tables, as shown."""
    ds = ui.dataset_at(build)
    cmp = compared(build, index, year, codes, lang)
    wide, table, numeric = comparison.figures_table(cmp, {c: ds.province_name(c) for c in ds.province_codes(63)}, lang)
    gaps = comparison.gaps_tables(wide, numeric[: len(codes)], lang)
    names = [ds.province_name(c) for c in codes]
    shown = tables_.markdown_table(table, ui.md, names)
    return shown, {k: tables_.markdown_table(g, ui.md, names) for k, g in gaps.items()}
