"""The cached views of the rankings page: st.cache_data at the page edge, keyed by the build folder and the view
state (index, indicator, year, provinces, language, trend options)."""

import pyarrow as pa
import streamlit as st

from dashboard import provenance, rankings
from dashboard.credits import COMPACT, credit_line
from dashboard.i18n import t
from dashboard.vega_data import with_arrow_datasets
from pages import _ui as ui

COLUMNS = {"bump": "rank", "score": "value"}  # chart key: the column it draws


@st.cache_data(show_spinner=False, max_entries=128)
def trends(
    build: str, index: str, indicator: str, codes: tuple[str, ...], lang: str, median: bool, highlight: str | None
) -> dict:
    """rankings.trends with the rank and score chart specs (None where there is nothing to draw), and per chart
    the rows it plots, why it is not drawn (None when it is) and the names of the chosen provinces with no figure in
    any year; and whether any rank is computed."""
    ds = ui.dataset_at(build)
    tr = rankings.trends(ds, index, indicator, codes, lang, median=median, highlight=highlight)
    charts = {"bump": rankings.bump_chart(tr, lang), "score": rankings.score_chart(tr, lang)}
    ser, is_total = tr["ser"], ds.indicator(indicator).get("level") == "total"
    return (
        tr
        | {k: c and with_arrow_datasets(c.to_dict()) for k, c in charts.items()}
        | {
            "rows": {k: ser[ser[col].notna()] for k, col in COLUMNS.items()},
            "not_drawn": {k: rankings.not_drawn(tr, k, is_total) for k in COLUMNS},
            "without": {k: tuple(rankings.without(ser[col], ser, codes, tr["names"])) for k, col in COLUMNS.items()},
            "computed_ranks": bool((ser["rank_status"] == "computed").any()),
        }
    )


@st.cache_data(show_spinner=False, max_entries=128)
def year_view(build: str, index: str, indicator: str, year: int, codes: tuple[str, ...], lang: str) -> dict:
    """The year's table as shown (an Arrow table, sent as it is), how many provinces have a figure of how many,
    the chosen ones with a figure and the table's credit line."""
    ds = ui.dataset_at(build)
    rows = rankings.year_rows(ds, index, indicator, year)
    names = {c: ds.province_name(c) for c in rows["province_code"]}
    shown = rankings.year_table(rows, names, codes, lang, ds.indicator(indicator).get("level") == "total")
    has = rankings.has_figure(rows)
    have = set(rows.loc[has, "province_code"])
    return {
        "table": pa.Table.from_pandas(shown, preserve_index=False),
        "rows": len(shown),
        "n": int(has.sum()),
        "total": len(rows),
        "with_source": tuple(c for c in codes if c in have),
        "credit": credit_line(rows.loc[has, ["source_id", "year"]], ds.sources, lang, **COMPACT),
    }


@st.cache_data(show_spinner=False, max_entries=256)
def chosen_sources(build: str, index: str, indicator: str, year: int, codes: tuple[str, ...], lang: str) -> tuple:
    """Whether any chosen province's figure rests on a weak source, and all their sources as one Markdown text."""
    ds = ui.dataset_at(build)
    found = [(ui.md(ds.province_name(c)), *ui.figure_sources(ds, index, indicator, year, c, 63, lang)) for c in codes]
    return provenance.under_headings(found, t("src_caveat_short", lang))
