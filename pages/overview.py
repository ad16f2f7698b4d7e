"""Page: overview — latest score and rank on each index, change since the previous edition, trends, coverage."""

import streamlit as st

from dashboard import charts, indices
from dashboard.i18n import fmt_number
from dashboard.ranks import break_line, figure_heading, is_computed, rank_change_line, rank_line
from pages import _downloads as downloads
from pages import _ui as ui
from pages._views import overview as views

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
            figure_heading(index, f["year"], f["status"], ctx.lang),
            fmt_number(f["value"], ctx.lang),
            delta=delta,
            help=ctx.t("computed_value_help") if computed else None,
        )
    else:
        st.metric(
            figure_heading(index, f["year"], f["status"], ctx.lang),
            ctx.t("rank_value", rank=f["rank"]),
            help=ctx.t("score_not_published"),
        )
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
        cards = views.cards_data(folder, tuple(codes), ctx.lang)
        for code in codes:
            with st.container(border=True):
                province_card(code, cards[code])

if section == "coverage":
    with tab:
        cov = views.coverage_data(folder, tuple(codes), ctx.lang)
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
