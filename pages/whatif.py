"""Page: what moves the rank — one province, an index with recovered weights, one year: what each sub-index adds."""

import streamlit as st

from dashboard import indices, whatif
from pages import _decision as dec
from pages import _ui as ui

ctx = ui.load_context()
st.title(f"{ctx.t('page_whatif')}: {ctx.name(ctx.state.province)}")
st.caption(ctx.t("wi_page_intro"))
simulated = dec.whatif_indices()
index = dec.whatif_index(ctx)
if index is None:
    st.info(ctx.t("no_values_for", what=ctx.t("page_whatif")), icon="ℹ️")
    st.stop()
years = whatif.years(dec.weights(ui.build_folder()), index)
year = whatif.pick_year(dec.weights(ui.build_folder()), index, ctx.state.year)
with st.sidebar:
    ui.province_control(ctx)
    ui.seed("w_wi_index", index)
    st.selectbox(
        ctx.t("index"),
        list(simulated),
        key="w_wi_index",
        format_func=lambda i: indices.label(i),
        on_change=ui.set_param,
        args=("index", "w_wi_index"),
        kwargs={"drop": ("indicator", "year")},
        placeholder=ctx.t("choose_option"),
    )
    if years:
        ui.seed("w_wi_year", year)
        st.selectbox(
            ctx.t("year"),
            years[::-1],
            key="w_wi_year",
            on_change=ui.set_param,
            args=("year", "w_wi_year"),
            placeholder=ctx.t("choose_option"),
        )

dec.whatif_section(ctx, index, ctx.state.year if index == ctx.state.index else None, ctx.state.province)
