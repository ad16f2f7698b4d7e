"""Page: overview — latest score and rank on each index, change since the previous edition, trends, coverage."""

import streamlit as st

from dashboard import charts, data, indices, provenance
from dashboard.conflict_notes import rank_conflict_note, rank_conflicts
from dashboard.credits import AS_WRITTEN, COMPACT, credit_line, credits
from dashboard.i18n import fmt_number, t
from dashboard.ranks import break_line, computed_mark, is_computed, rank_change_line, rank_line
from dashboard.theme import province_colors
from dashboard.vega_data import with_arrow_datasets
from pages import _downloads as downloads
from pages import _ui as ui

ctx = ui.load_context()
with st.sidebar:
    ui.provinces_control(ctx)

st.title(ctx.t("page_overview"))
st.caption(ctx.t("overview_intro"))

codes = list(ctx.state.provinces)
if not codes:
    st.info(ctx.t("empty_selection"), icon="ℹ️")
    st.stop()

folder = ui.build_folder()
names = {c: ctx.name(c) for c in codes}


def index_data(ds, index: str, code: str, lang: str) -> dict | None:
    """One index for one province: latest figures, its series, the source text and its sources (None: no figure)."""
    indicator = indices.headline(index)
    f = data.latest_figures(ds.values, index, indicator, code) if index in ds.indices() else None
    if f is None:
        return None
    s = data.series(ds.values, index, indicator, [code])
    used = s[s["year"] == f["year"]][["source_id", "year"]]
    conflict = None
    if f["rank_change"] is not None:
        rows = rank_conflicts(ds.conflicts, index, indicator, code, [f["year"], f["prev_year"]])
        conflict = rank_conflict_note(rows, lang) if len(rows) else None
    source = "; ".join(credits(used, ds.sources, lang=lang, **AS_WRITTEN)[0])
    sources = ui.figure_sources(ds, index, indicator, int(f["year"]), code, 63, lang)
    return {"figures": f, "series": s, "source": source, "conflict": conflict, "sources": sources}


@st.cache_data(show_spinner=False, max_entries=512)
def card_data(build: str, code: str, color: str, lang: str) -> dict:
    """One province's card: index -> index_data, the trend panels' spec and the card's sources as one Markdown text
    (a heading per figure) and whether any figure has weak sources only."""
    ds = ui.dataset_at(build)
    figures = {i: index_data(ds, i, code, lang) for i in indices.codes()}
    drawn = {i: c["series"] for i, c in figures.items() if c and c["series"]["value"].notna().any()}
    spec = with_arrow_datasets(charts.card_trends(drawn, color, lang).to_dict()) if drawn else None
    shown = [(i, c) for i, c in figures.items() if c]
    parts = [
        f"**{indices.label(i)} {c['figures']['year']}{computed_mark(c['figures']['status'], lang)}**\n\n"
        f"{c['sources'][1]}"
        for i, c in shown
    ]
    weak = any(c["sources"][0] in provenance.WEAK for _, c in shown)
    return {"figures": figures, "spec": spec, "sources": "\n\n---\n\n".join(parts), "weak": weak}


@st.cache_data(show_spinner=False, max_entries=128)
def cards_data(build: str, codes: tuple[str, ...], lang: str) -> dict:
    """Every card of the selection, province -> card_data: one cache look-up per page run."""
    colors = province_colors(list(codes))
    return {c: card_data(build, c, colors[c], lang) for c in codes}


@st.cache_data(show_spinner=False, max_entries=128)
def coverage_data(build: str, codes: tuple[str, ...], lang: str) -> dict:
    """The coverage grid of the selection (frame and spec), the tidy rows it shows and their credit line."""
    ds = ui.dataset_at(build)
    names = {c: ds.province_name(c) for c in codes}
    cov = data.coverage_for(ds.values, codes)
    shown = data.select(ds.values, codes=codes)
    shown = shown[
        shown["indicator"].isin(list(indices.headlines().values())) & (shown["value"].notna() | shown["rank"].notna())
    ]
    kw = dict(title=t("coverage_title", lang), subtitle=[", ".join(names.values())])
    spec = with_arrow_datasets(charts.coverage_grid(cov, names, lang, **kw).to_dict()) if not cov.empty else None
    credit = credit_line(shown[["source_id", "year"]], ds.sources, lang, **COMPACT)
    return {"cov": cov, "names": names, "kw": kw, "spec": spec, "shown": shown, "credit": credit}


def index_card(index: str, code: str, card: dict | None) -> None:
    """One index for one province: metric, one caption (rank line, any rank conflict, source), a conflict link."""
    label = indices.label(index)
    if card is None:
        st.markdown(f"**{label}**  \n:gray[{ctx.t('no_published_for', name=ui.md(names[code]))}]")
        return
    f = card["figures"]
    delta = None
    if f["change"] is not None:
        delta = f"{fmt_number(f['change'], ctx.lang, signed=True)} {ctx.t('change_since', year=f['prev_year'])}"
    if f["value"] is not None:
        computed = is_computed(f["status"])
        st.metric(
            f"{label} {f['year']}{computed_mark(f['status'], ctx.lang)}",
            fmt_number(f["value"], ctx.lang),
            delta=delta,
            help=ctx.t("computed_value_help") if computed else None,
        )
    else:
        st.metric(f"{label} {f['year']}", ctx.t("rank_value", rank=f["rank"]), help=ctx.t("score_not_published"))
    parts = [
        rank_line(f, ctx.lang) if f["value"] is not None else ctx.t("score_not_published"),
        rank_change_line(f, ctx.lang),
    ]
    if f["change"] is None and f["rank_change"] is None:
        none = f["prev_year"] is None
        unlike = break_line(f, ctx.lang) or ctx.t("prev_edition_unlike", year=f["prev_year"])
        parts.append(ctx.t("prev_edition_none") if none else unlike)
    lines = [" · ".join(p for p in parts if p)]
    if card["conflict"]:  # either rank of the change has a recorded conflict between sources: say so, and link to it
        lines.append(f":material/warning: {card['conflict']}")
    lines.append(f"{ctx.t('source')}: {ui.md(card['source'] or f['source_id'])}")
    st.caption("  \n".join(lines))
    if card["conflict"]:
        st.page_link(
            "pages/data.py",
            label=ctx.t("conflict_link"),
            icon=":material/compare:",
            query_params=ui.with_state(ctx, index=index, indicator=indices.headline(index), provinces=(code,)),
        )


def province_card(code: str, card: dict) -> None:
    """A province's card: name and profile link, a column per index, the trends of every index in one chart (each
    panel under its index's column), and every figure's sources in one popover (a heading per index and year)."""
    with st.container(horizontal=True, horizontal_alignment="distribute", vertical_alignment="center"):
        st.markdown(f"#### {ui.md(names[code])}", width="content")
        st.page_link(
            "pages/profile.py",
            label=ctx.t("profile_link", name=ui.md(names[code])),
            icon=":material/location_on:",
            query_params=ui.with_state(ctx, province=code),
        )
    for index, col in zip(indices.codes(), st.columns(len(indices.codes())), strict=True):
        with col:
            index_card(index, code, card["figures"][index])
    if card["spec"] is not None:
        st.vega_lite_chart(card["spec"], width="stretch")
    if card["sources"]:
        ui.sources_button(
            ctx,
            card["sources"],
            f"overview_{code}",
            weak=card["weak"],
            label=ctx.t("overview_sources"),
            caveat=ctx.t("overview_sources_caveat"),
            help=ctx.t("overview_sources_help"),
        )


SECTIONS = {"latest": ctx.t("overview_tab_latest"), "coverage": ctx.t("overview_tab_coverage")}
section, tab = ui.section_tabs(ctx, "section", SECTIONS, key="w_overview_section")

if section == "latest":
    with tab:
        cards = cards_data(folder, tuple(codes), ctx.lang)
        for code in codes:
            with st.container(border=True):
                province_card(code, cards[code])

if section == "coverage":
    with tab:
        cov = coverage_data(folder, tuple(codes), ctx.lang)
        if cov["spec"] is None:
            st.info(ctx.t("no_values_for", what=ui.md(", ".join(names.values()))), icon="ℹ️")
        else:
            downloads.chart_with_downloads(
                ctx,
                cov["spec"],
                lambda: charts.coverage_grid(cov["cov"], cov["names"], ctx.lang, **cov["kw"]),
                name="coverage",
                key="coverage",
                rows=cov["shown"],
            )
            st.caption(ctx.t("coverage_caption"))
        st.caption(ui.md(cov["credit"]))
