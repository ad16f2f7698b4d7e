"""Page: overview — latest score and rank on each index, change since the previous edition, trends, coverage."""

import streamlit as st

from dashboard import charts
from dashboard import data as dd
from dashboard import indices as ix
from dashboard.credits import AS_WRITTEN, COMPACT, credit_line, credits
from dashboard.i18n import fmt_number
from dashboard.theme import province_colors
from pages import _downloads as dl
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

values = ctx.ds.values
names = {c: ctx.name(c) for c in codes}
colors = province_colors(codes)
present = set(ctx.ds.indices())


def rank_text(f: dict) -> str:
    """'Rank 9/63' (of the full table when there is one); computed ranks say so."""
    if f["rank"] is None:
        return ""
    full = f["n_ranked"] >= dd.FULL_TABLE_MIN
    text = ctx.t("rank_line_of", rank=f["rank"], n=f["n_ranked"]) if full else ctx.t("rank_line", rank=f["rank"])
    return f"{text} ({ctx.t('rank_computed')})" if f["rank_status"] == "computed" else text


def rank_change_text(f: dict) -> str:
    """'up 3 since 2019', naming the earlier edition."""
    if f["rank_change"] is None:
        return ""
    key = "rank_up" if f["rank_change"] > 0 else "rank_down" if f["rank_change"] < 0 else "rank_same"
    return ctx.t(key, n=abs(f["rank_change"]), year=f["prev_year"])


def index_card(index: str, code: str) -> None:
    """One index for one province: metric, rank line, sparkline, source."""
    label = ix.label(index)
    indicator = ix.headline(index)
    f = dd.latest_figures(values, index, indicator, code) if index in present else None
    if f is None:
        st.markdown(f"**{label}**")
        st.caption(ctx.t("no_published_for", name=names[code]))
        return
    delta = None
    if f["change"] is not None:
        delta = f"{fmt_number(f['change'], ctx.lang, signed=True)} {ctx.t('change_since', year=f['prev_year'])}"
    if f["value"] is not None:
        st.metric(f"{label} {f['year']}", fmt_number(f["value"], ctx.lang), delta=delta)
    else:
        st.metric(f"{label} {f['year']}", ctx.t("rank_value", rank=f["rank"]), help=ctx.t("score_not_published"))
    parts = [rank_text(f) if f["value"] is not None else ctx.t("score_not_published"), rank_change_text(f)]
    if f["change"] is None and f["rank_change"] is None:
        none = f["prev_year"] is None
        parts.append(ctx.t("prev_edition_none") if none else ctx.t("prev_edition_unlike", year=f["prev_year"]))
    st.caption(" · ".join(p for p in parts if p))
    s = dd.series(values, index, indicator, [code])
    if s["value"].notna().any():
        st.altair_chart(charts.sparkline(s, colors[code], ctx.lang), width="stretch")
    used = s[s["year"] == f["year"]][["source_id", "year"]]
    st.caption(f"{ctx.t('source')}: {'; '.join(credits(used, ctx.ds.sources, **AS_WRITTEN)[0]) or f['source_id']}")
    ui.source_popover(ctx, index, indicator, f["year"], code, key=f"overview_{index}_{code}")


st.subheader(ctx.t("latest_heading"))
for code in codes:
    with st.container(border=True):
        head, link = st.columns([3, 1], vertical_alignment="center")
        head.markdown(f"#### {names[code]}")
        link.page_link(
            "pages/profile.py",
            label=ctx.t("profile_link", name=names[code]),
            icon=":material/location_on:",
            query_params=ui.with_state(ctx, province=code),
        )
        for index, col in zip(ix.codes(), st.columns(len(ix.codes())), strict=True):
            with col:
                index_card(index, code)

st.subheader(ctx.t("coverage_heading"))
cov = dd.coverage_for(values, codes)
shown = dd.select(values, codes=codes)
shown = shown[shown["indicator"].isin(list(ix.headlines().values())) & (shown["value"].notna() | shown["rank"].notna())]
if cov.empty:
    st.info(ctx.t("no_values_for", what=", ".join(names.values())), icon="ℹ️")
else:
    subtitle = [", ".join(names.values())]
    chart = charts.coverage_grid(cov, names, ctx.lang, title=ctx.t("coverage_title"), subtitle=subtitle)
    dl.chart_with_downloads(ctx, chart, name="coverage", key="coverage", rows=shown, width="content")
    st.caption(ctx.t("coverage_caption"))
st.caption(credit_line(shown[["source_id", "year"]], ctx.ds.sources, ctx.lang, **COMPACT))
