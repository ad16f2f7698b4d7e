"""Page: methods — what each index measures, scales, ranks, method breaks, the 2025 merger, our data rules."""

import pandas as pd
import streamlit as st

from dashboard import indices, methods, provenance, tables
from dashboard.i18n import prose
from dashboard.merger import MERGER_SOURCES
from pages import _ui as ui

ctx = ui.load_context()
lang, ds = ctx.lang, ctx.ds

st.title(ctx.t("page_methods"))
st.markdown(prose("methods_intro", lang))

st.header(ctx.t("methods_indices_heading"))
for index in indices.codes():
    st.markdown(indices.about(index, lang))
    book = tables.codebook_display(ds.indicators, lang, index)
    if len(book):
        levels = ("total", "subindex", "dimension", "component")
        keep = ds.indicators.loc[ds.indicators["index"] == index, "level"].isin(levels).to_numpy()
        with st.expander(ctx.t("methods_components", index=indices.label(index), n=int(keep.sum()))):
            st.dataframe(book[keep].iloc[:, [0, 2, 3, 4, 5, 6]], hide_index=True, width="stretch")
            st.caption(ctx.t("methods_codebook_caption"))

st.header(ctx.t("methods_ranks_heading"))
st.markdown(prose("methods_ranks", lang))

st.header(ctx.t("methods_sources_heading"))
st.markdown(ctx.t("methods_sources_body"))
st.dataframe(provenance.kinds_table(lang), hide_index=True, width="content")
st.subheader(ctx.t("methods_basis_heading"))
st.markdown(ctx.t("methods_basis_body"))

st.header(ctx.t("methods_breaks_heading"))
breaks = pd.DataFrame(
    {
        ctx.t("index"): [indices.label(b.index) for b in indices.method_breaks()],
        ctx.t("year"): [str(b.year) for b in indices.method_breaks()],
        ctx.t("methods_change"): [indices.break_text(b, lang) for b in indices.method_breaks()],
    }
)
st.dataframe(breaks, hide_index=True, width="stretch")
st.markdown(prose("methods_breaks_extra", lang))

st.header(ctx.t("methods_merger_heading"))
st.markdown(prose("methods_merger", lang))
codes = methods.code_meaning_table(ds.provinces, lang)
codes.columns = [ctx.t("data_code"), ctx.t("methods_until"), ctx.t("methods_from")]
st.dataframe(codes, hide_index=True, width="content")
ui.source_footer(ctx, list(MERGER_SOURCES))

st.header(ctx.t("methods_rules_heading"))
st.markdown(prose("methods_rules", lang))
st.page_link("pages/data.py", label=ctx.t("page_data"), icon=":material/table:", query_params=ui.with_state(ctx))
