"""Page: methods — what each index measures, scales, ranks, method breaks, the 2025 merger, our data rules."""

import pandas as pd
import streamlit as st

from dashboard import indices, provenance
from dashboard.i18n import prose
from dashboard.merger import MERGER_SOURCES
from pages import _ui as ui
from pages._views import methods as views

ctx = ui.load_context()
lang, ds = ctx.lang, ctx.ds
folder = ui.build_folder()


st.title(ctx.t("page_methods"))
st.markdown(prose("methods_intro", lang))

st.header(ctx.t("methods_indices_heading"))
books = views.components(folder, lang)
for index in indices.codes():
    st.markdown(indices.about(index, lang))
    if index in books:
        title = ctx.t("methods_components", index=indices.label(index), n=len(books[index]))
        # opened on demand: the table is sent only when the box is open
        with st.expander(title, key=f"w_methods_components_{index}", on_change="rerun") as box:
            if box.open:
                st.dataframe(books[index], hide_index=True, width="stretch")
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
st.dataframe(views.code_meanings(folder, lang), hide_index=True, width="content")
ui.source_footer(ctx, list(MERGER_SOURCES))

st.header(ctx.t("methods_rules_heading"))
st.markdown(prose("methods_rules", lang))
st.page_link("pages/data.py", label=ctx.t("page_data"), icon=":material/table:", query_params=ui.with_state(ctx))
