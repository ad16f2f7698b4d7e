"""Page: compare — two to six provinces side by side on one index and year: total, sub-indices, gaps."""

import streamlit as st

from dashboard import comparison, indices
from dashboard import tables as tables_
from dashboard.vega_data import with_arrow_datasets
from pages import _downloads as downloads
from pages import _ui as ui

ctx = ui.load_context()
with st.sidebar:
    ui.index_controls(ctx, indicator=False)
    ui.provinces_control(ctx)

st.title(ctx.t("page_compare"))
st.caption(ctx.t("compare_intro"))

s = ctx.state
index_label = indices.label(s.index)
codes = list(s.provinces)
if len(codes) < comparison.MIN_COMPARE:
    st.warning(ctx.t("compare_count", n=len(codes)), icon="⚠️")
    st.stop()
if len(codes) > comparison.MAX_COMPARE:
    left_out = ", ".join(ctx.name(c) for c in codes[comparison.MAX_COMPARE :])
    st.warning(ctx.t("compare_too_many", names=ui.md(left_out)), icon="⚠️")
    codes = codes[: comparison.MAX_COMPARE]
if s.index not in ctx.ds.indices() or s.year is None:
    st.info(ctx.t("no_values_for", what=index_label), icon="ℹ️")
    st.stop()

names = {c: ctx.name(c) for c in ctx.catalog.codes[63]}
chosen_names = ", ".join(names[c] for c in codes)
folder = ui.build_folder()
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


cmp = compared(folder, s.index, s.year, tuple(codes), ctx.lang)
long, credit, shown_rows = cmp["long"], cmp["credit"], cmp["shown_rows"]

if long.loc[long["kind"] == "province", "value"].isna().all():
    st.info(ctx.t("no_values_for", what=f"{index_label} {s.year}: {ui.md(chosen_names)}"), icon="ℹ️")
    good = comparison.years_with_figures(ctx.ds.values, s.index, cmp["total"], codes)
    if good:
        st.page_link(
            "pages/compare.py",
            label=ctx.t("compare_try_year", index=index_label, year=good[-1]),
            icon=":material/arrow_forward:",
            query_params=ui.with_state(ctx, year=good[-1]),
        )
    st.stop()

missing_notes = {
    "total": ctx.t("no_values_for", what=f"{index_label} {s.year}: {ui.md(chosen_names)}"),
    "sub": ctx.t("no_sub_for", what=f"{index_label} {s.year}"),
}
# one chart at a time, chosen in the URL (chart=): the other is not built or sent
chart_labels = {"total": ctx.t("compare_chart_total"), "sub": ctx.t("compare_chart_sub")}
part, chart_tab = ui.section_tabs(ctx, "chart", chart_labels, "w_compare_chart")
with chart_tab:
    if cmp["specs"][part] is None:
        st.info(missing_notes[part], icon="ℹ️")
    else:
        downloads.chart_with_downloads(
            ctx,
            cmp["specs"][part],
            lambda: comparison.chart(cmp, part, ctx.lang),
            name=f"compare_{s.index}_{s.year}" + ("_sub" if part == "sub" else ""),
            key=f"compare_{part}",
            rows=shown_rows,
        )
        st.caption(ui.md(credit))

st.subheader(ctx.t("compare_table_heading"))
table, gaps = tables(folder, s.index, s.year, tuple(codes), ctx.lang)
st.table(table)  # small tables, read not sorted: no data grid to load before the charts draw
st.caption(ctx.t("median_caption"))

tab_labels = {"median": ctx.t("gap_median_heading"), "best": ctx.t("gap_best_heading")}
shown_tab, gaps_tab = ui.section_tabs(ctx, "tab", tab_labels, "w_compare_tab")
with gaps_tab:  # only the chosen tab's table is sent
    st.table(gaps[shown_tab])
st.caption(ui.md(credit))
