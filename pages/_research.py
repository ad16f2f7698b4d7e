"""Streamlit glue for researchers on the data page: stable addresses with code to read them, what changed in this
version, and citations to paste. The content comes from dashboard/research.py."""

from __future__ import annotations

import streamlit as st

from dashboard import data, research
from dashboard.i18n import LANGS, language_name
from pages import _ui as ui


def _base() -> str:
    return research.base_url(st.context.url)


def addresses_section(ctx: ui.Ctx) -> None:
    """The stable address of every file of the current build, and Python, R and Stata code reading them."""
    vid, _ = research.version_of(ctx.ds.summary)
    if not research.served(data.DATA_DIR.parent):
        st.info(ctx.t("research_addresses_unserved"), icon="ℹ️")
        return
    base = _base()
    st.caption(ctx.t("research_addresses_caption", version=vid))
    address = ctx.t("research_col_address")
    st.dataframe(
        research.addresses(ctx.ds, base, ctx.lang),
        hide_index=True,
        width="stretch",
        column_config={address: st.column_config.LinkColumn(address, width="large")},
    )
    st.markdown(f"**{ctx.t('research_snippets_heading')}**")
    snippets = research.snippets(base)
    tabs = st.tabs(list(snippets), key="w_data_snippets", on_change="rerun")
    for tab, (code, language) in zip(tabs, snippets.values(), strict=True):
        if tab.open:  # only the chosen language's code is sent and highlighted
            tab.code(code, language=language)
    st.caption(ctx.t("research_snippets_caption"))


def changes_section(ctx: ui.Ctx, indicator_names: dict[str, str]) -> None:
    """What changed in this version against the build it replaced."""
    st.markdown(research.changes_summary(ctx.ds.summary, ctx.lang))
    table = research.changes_display(research.changes_table(ctx.ds), ctx.ds, ctx.lang, indicator_names)
    if not table.empty:
        st.dataframe(table, hide_index=True, width="stretch", height=min(360, 36 * (len(table) + 1) + 3))
    st.caption(ctx.t("research_changes_caption"))


def citation_section(ctx: ui.Ctx) -> None:
    """The dataset's citation as text, BibTeX and RIS in both languages, and each index's own citation."""
    vid, _ = research.version_of(ctx.ds.summary)
    base = _base()
    st.markdown(ctx.t("research_cite_intro", version=vid))
    langs = [ctx.lang, *(x for x in LANGS if x != ctx.lang)]
    cites = {lang: research.dataset_citation(ctx.ds.summary, f"{base}/data" if base else "", lang) for lang in langs}
    formats = {"apa": ctx.t("research_cite_apa"), "bibtex": "BibTeX", "ris": "RIS"}
    tabs = st.tabs(list(formats.values()), key="w_data_cite_format", on_change="rerun")
    for tab, fmt in zip(tabs, formats, strict=True):
        if not tab.open:  # only the chosen format is sent
            continue
        for lang in langs:
            tab.caption(language_name(lang))
            tab.code(cites[lang][fmt], language="bibtex" if fmt == "bibtex" else None, wrap_lines=True)
    st.markdown(f"**{ctx.t('research_cite_indices')}**")
    st.code("\n\n".join(research.index_citations(ctx.ds, ctx.lang).values()), language=None, wrap_lines=True)
    st.caption(ctx.t("research_cite_indices_caption"))


def citation_cff(ctx: ui.Ctx, cff: str) -> str:
    """The project's CITATION.cff with this build's data version."""
    base = _base()
    return research.cff_with_version(cff, ctx.ds.summary, f"{base}/data" if base else "")
