"""Page: what moves the rank — one province, PCI or PAPI, one year: the points each sub-index would add (computed)."""

import streamlit as st

from dashboard import data as dd
from dashboard import whatif as wi
from pages import _decision as dec
from pages import _ui as ui

ctx = ui.load_context()
index = ctx.state.index if ctx.state.index in wi.INDICES else "pci"
years = wi.years(dec.weights(ui.build_folder()), index)
year = wi.pick_year(dec.weights(ui.build_folder()), index, ctx.state.year)
with st.sidebar:
    ui.province_control(ctx)
    ui._seed("w_wi_index", index)
    st.selectbox(
        ctx.t("index"),
        list(wi.INDICES),
        key="w_wi_index",
        format_func=lambda i: dd.INDEX_LABELS[i],
        on_change=ui._set_param,
        args=("index", "w_wi_index"),
        kwargs={"drop": ("indicator", "year")},
    )
    if years:
        ui._seed("w_wi_year", year)
        st.selectbox(ctx.t("year"), years[::-1], key="w_wi_year", on_change=ui._set_param, args=("year", "w_wi_year"))

st.title(f"{ctx.t('page_whatif')}: {ctx.name(ctx.state.province)}")
st.caption(ctx.t("wi_page_intro"))
if ctx.state.index not in wi.INDICES:
    st.caption(ctx.t("wi_not_for_index"))
dec.whatif_section(ctx, index, ctx.state.year if index == ctx.state.index else None, ctx.state.province)
