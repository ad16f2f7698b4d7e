"""Page: the four indices side by side — any two indicators across provinces, a correlation matrix, one province's
ranks on each index (every statistic computed)."""

import streamlit as st

from dashboard import correlate
from pages import _decision as dec
from pages import _ui as ui

second_raw = {k: st.query_params.get(k) for k in correlate.SECOND}  # read before the view state rewrites the URL
ctx = ui.load_context()
s = ctx.state
first = (s.index, s.indicator, s.year)
second = correlate.parse_second(second_raw, ctx.catalog, first)
for k, v in zip(correlate.SECOND, second, strict=True):
    if v is not None and st.query_params.get(k) != str(v):
        st.query_params[k] = str(v)

with st.sidebar:
    st.markdown(f"**{ctx.t('cor_first')}**")
    ui.index_controls(ctx)
    st.markdown(f"**{ctx.t('cor_second')}**")
    dec.second_controls(ctx, second)
    ui.provinces_control(ctx)
    ui.province_control(ctx)

st.title(ctx.t("page_correlate"))
st.caption(ctx.t("cor_intro"))
dec.scatter_section(ctx, first, second)
dec.matrix_section(ctx)
dec.positions_section(ctx, s.province, s.year or dec.default_positions_year(ctx))
