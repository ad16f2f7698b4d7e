"""Page: data and sources — the tidy table for the selection, its downloads (CSV, XLSX, zip data package), coverage,
codebook, sources, conflicts between sources, citations of published figures, and how to cite."""

import streamlit as st

from dashboard import export, indices, page_params, tables
from pages import _downloads as downloads
from pages import _research as research
from pages import _ui as ui
from pages._views import data as views

ctx = ui.load_context()
with st.sidebar:
    ui.index_controls(ctx, year=False)
    ui.provinces_control(ctx)

lang, ds, index = ctx.lang, ctx.ds, ctx.state.index
label = indices.label(index)
st.title(ctx.t("page_data"))
st.caption(ctx.t("data_intro"))

folder = ui.build_folder()


province_names, indicator_names, source_names = views.names_of(folder, lang)

# --- the tidy table for the selection ---
st.subheader(ctx.t("data_table_heading"))
years = ds.years(index) if index in ds.indices() else []
current = None  # the selection shown, for the downloads
if not years:
    st.info(ctx.t("no_values_for", what=label), icon="ℹ️")
    selected = ds.values.iloc[0:0]
else:
    c1, c2, c3 = st.columns([2, 1, 1])
    if len(years) > 1:
        shown = ui.url_value("years", lambda r: page_params.read_year_range(r, years), (years[0], years[-1]))
        year_range = c1.slider(
            ctx.t("data_years_range"),
            years[0],
            years[-1],
            format="%d",
            **ui.bound("years", f"w_data_years_{index}", shown, page_params.write_year_range),
        )
    else:
        year_range = (years[0], years[0])
        c1.caption(ctx.t("data_one_year", year=years[0]))
    flag = ui.url_value("all_indicators", page_params.read_flag, False)
    all_ind = c2.toggle(
        ctx.t("data_all_indicators"), **ui.bound("all_indicators", "w_data_all_ind", flag, page_params.write_flag)
    )
    flag = ui.url_value("all_provinces", page_params.read_flag, False)
    all_prov = c3.toggle(
        ctx.t("data_all_provinces"), **ui.bound("all_provinces", "w_data_all_prov", flag, page_params.write_flag)
    )
    codes = None if all_prov else tuple(ctx.state.provinces)
    indicators = None if all_ind else (ctx.state.indicator,)
    selected, shown_table = views.selection(folder, index, indicators, codes, tuple(year_range), lang)
    if all_prov or codes:
        current = export.Selection(
            indices=(index,),
            indicators=tuple(indicators or ()),
            years=year_range,
            provinces=tuple(codes or ()),
            vintage=63,
        )
    what = ", ".join(province_names[c] for c in (codes or [])) or ctx.t("data_all_provinces")
    if not all_prov and not codes:
        st.info(ctx.t("empty_selection"), icon="ℹ️")
    elif selected.empty:
        st.info(ctx.t("no_values_for", what=f"{label} · {what}"), icon="ℹ️")
    else:
        n_missing = int(selected["value"].isna().sum())
        st.caption(ctx.t("data_rows_caption", n=len(selected), missing=n_missing))
        st.dataframe(
            shown_table,
            hide_index=True,
            width="stretch",
            height=min(360, 36 * (len(selected) + 1) + 3),
        )
        st.caption(ui.credit(ctx, selected))

# --- downloads ---
st.subheader(ctx.t("data_downloads_heading"))
downloads.research_section(ctx, current)
st.caption(ctx.t("data_csv_caption"))

# --- reference: coverage, codebook, sources, conflicts, citations, file addresses, changes and how to cite; one
# section at a time, chosen with pills bound to section=: only the chosen one runs and is sent, so the page has one
# data grid to build before its first table ---


def only_index() -> bool:
    """The switch, in the sections it filters, between this index's rows and every index's."""
    flag = ui.url_value("only_index", page_params.read_flag, True)
    return st.toggle(
        ctx.t("data_only_index", index=label),
        **ui.bound("only_index", "w_data_only_index", flag, page_params.write_flag),
    )


def show_coverage() -> None:
    """Provinces with a figure by index and year, credited."""
    cov = views.coverage(folder)
    if cov.empty:
        st.info(ctx.t("data_nothing_built"), icon="ℹ️")
        return
    st.caption(ctx.t("data_coverage_caption"))
    year = st.column_config.TextColumn(width=40)  # every edition in view, none behind a sideways scroll
    st.dataframe(cov, width="stretch", column_config={c: year for c in cov.columns})
    heads = ds.values["indicator"].isin(list(indices.headlines().values())) & ds.values["value"].notna()
    st.caption(ui.credit(ctx, ds.values[heads]))


def show_codebook() -> None:
    """The indicators: code, name, scale, unit."""
    book = tables.codebook_display(ds.indicators, lang, index if only_index() else None)
    if book.empty:
        st.info(ctx.t("no_values_for", what=label), icon="ℹ️")
    else:
        st.dataframe(book, hide_index=True, width="stretch")


def show_sources() -> None:
    """Every source file with its publisher, licence and addresses."""
    src = tables.sources_display(ds.sources, lang, index if only_index() else None)
    link = {c: st.column_config.LinkColumn(c) for c in (ctx.t("data_official_page"), ctx.t("data_download_url"))}
    if src.empty:
        st.info(ctx.t("no_values_for", what=label), icon="ℹ️")
    else:
        st.dataframe(src, hide_index=True, width="stretch", column_config=link)
        st.caption(ctx.t("data_sources_caption"))


def show_conflicts() -> None:
    """Where two sources give different figures, and which one is kept."""
    one = only_index()
    conf = tables.conflicts_display(ds.conflicts, province_names, lang, index if one else None, indicator_names)
    st.caption(ctx.t("data_conflicts_caption"))
    if conf.empty:
        which = label if one else ctx.t("data_any_index")
        st.info(ctx.t("data_no_conflicts", index=which), icon="ℹ️")
    else:
        st.dataframe(conf, hide_index=True, width="stretch")


def show_citations() -> None:
    """The publications citing the figures of the selection."""
    cit = ds.citations
    if len(cit) and len(selected):
        keys = ["index", "year", "province_code", "indicator"]
        cit = cit.merge(selected[keys].drop_duplicates(), on=keys, how="inner")
    elif len(cit):
        cit = cit.iloc[0:0]
    st.caption(ctx.t("data_citations_caption"))
    if cit.empty:
        st.info(ctx.t("data_no_citations"), icon="ℹ️")
        return
    address = ctx.t("data_address")
    st.dataframe(
        tables.citations_display(cit, province_names, lang, indicator_names),
        hide_index=True,
        width="stretch",
        column_config={address: st.column_config.LinkColumn(address)},
    )


def show_cite() -> None:
    """How to cite: the rule, the dataset's citation, each source's, and CITATION.cff."""
    st.markdown(ctx.t("data_cite_text"))
    research.citation_section(ctx)
    citations = downloads.source_citations(ctx, index if only_index() else None)
    # Opened on demand: their content runs and is sent only when open.
    label_cites = ctx.t("data_source_citations", n=len(citations))
    with st.expander(label_cites, key="w_data_source_cites", on_change="rerun") as box:
        if box.open:
            st.code("\n".join(citations), language=None, wrap_lines=True)
    with st.expander(ctx.t("data_citation_cff"), key="w_data_cff", on_change="rerun") as box:
        if box.open:
            st.code(research.citation_cff(ctx, downloads.citation_cff()), language="yaml")


SECTIONS = {
    "coverage": (ctx.t("data_section_coverage"), show_coverage),
    "codebook": (ctx.t("data_codebook_heading"), show_codebook),
    "sources": (ctx.t("data_sources_heading"), show_sources),
    "conflicts": (ctx.t("data_conflicts_heading"), show_conflicts),
    "citations": (ctx.t("data_section_citations"), show_citations),
    "addresses": (ctx.t("data_section_addresses"), lambda: research.addresses_section(ctx)),
    "changes": (ctx.t("data_section_changes"), lambda: research.changes_section(ctx, indicator_names)),
    "cite": (ctx.t("data_cite_heading"), show_cite),
}
shown_section = ui.url_choice(ctx, "section", list(SECTIONS), "coverage")
chosen = st.pills(
    ctx.t("data_sections_label"),
    list(SECTIONS),
    required=True,
    format_func=lambda k: SECTIONS[k][0],
    **ui.bound("section", "w_data_section", shown_section),
)
SECTIONS[chosen or shown_section][1]()
