"""Page: compare — two to six provinces side by side on one index and year: total, sub-indices, gaps."""

import streamlit as st

from dashboard import comparison, indices
from pages import _downloads as downloads
from pages import _ui as ui
from pages._views import compare as views

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


cmp = views.compared(folder, s.index, s.year, tuple(codes), ctx.lang)
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
table, gaps = views.tables(folder, s.index, s.year, tuple(codes), ctx.lang)
st.table(table)  # small tables, read not sorted: no data grid to load before the charts draw
st.caption(ctx.t("median_caption"))

tab_labels = {"median": ctx.t("gap_median_heading"), "best": ctx.t("gap_best_heading")}
shown_tab, gaps_tab = ui.section_tabs(ctx, "tab", tab_labels, "w_compare_tab")
with gaps_tab:  # only the chosen tab's table is sent
    st.table(gaps[shown_tab])
st.caption(ui.md(credit))
