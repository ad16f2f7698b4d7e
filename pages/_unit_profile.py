"""Streamlit glue of the profile of one of the 34 provinces (from 1 July 2025); the logic is in dashboard/unit34.py."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import maps
from dashboard import profile as pf
from dashboard import unit34 as u
from dashboard.credits import credit_line
from dashboard.data import HEADLINE
from pages import _downloads as dl
from pages import _ui as ui


@st.cache_resource(show_spinner=False)
def _weights(build_folder: str) -> pd.DataFrame:
    return maps.load_weights(build_folder)


@st.cache_resource(show_spinner=False)
def _geo(build_folder: str, vintage: int) -> dict:
    return maps.load_geojson(build_folder, vintage)


def render(ctx: ui.Ctx) -> None:
    """The whole profile of ctx.state.unit."""
    reg, lang, code, values = ui.registry(), ctx.lang, ctx.state.unit, ctx.ds.values
    folder = ui.build_folder()
    name = ctx.name(code, 34)
    members = list(reg.get(code, 34).members)
    st.title(ctx.t("unit_title", unit=u.unit_name(reg, code, lang)))
    st.caption(ctx.t("unit_caption", code=code))
    for line in u.intro(reg, code, lang):
        st.info(line, icon=":material/merge:")

    st.subheader(ctx.t("unit_next_heading"))
    st.markdown("\n".join(f"- {line}" for line in u.next_edition(reg, code, lang)))

    st.subheader(ctx.t("unit_figures_heading"))
    st.caption(ctx.t("unit_figures_caption" if len(members) > 1 else "unit_figures_caption_one"))
    weights = _weights(folder)
    for index in u.indices_with_figures(values, reg, code):
        label = u.index_label(index)
        table = u.side_by_side(values, weights, reg, code, index, lang)
        st.markdown(f"**{label}**")
        st.dataframe(table, hide_index=True, width="stretch", height=36 * (len(table) + 1) + 3)
        fig = u.figures(values, reg, code, index)
        st.caption(credit_line(fig[fig["value"].notna() | fig["rank"].notna()], ctx.ds.sources, lang))
    if len(members) > 1:
        st.warning(ctx.t("unit_estimate_caption", name=name), icon=":material/calculate:")

    index = ctx.state.index
    sib = pf.siblings_series(values, index, HEADLINE.get(index, ""), tuple(members))
    if len(sib) and sib["value"].notna().any():
        label = u.index_label(index)
        st.subheader(ctx.t("unit_chart_heading", index=label))
        names = {c: ctx.name(c) for c in members} | {u.ESTIMATE_CODE: ctx.t("unit_estimate_col")}
        title = ctx.t("profile_siblings_title", index=label, new=name)
        series = u.with_estimate(values, sib, weights, reg, code, index)
        order = [*members, u.ESTIMATE_CODE] if len(series) > len(sib) else members
        chart = pf.siblings_chart(series, names, order, lang, title=title)
        dl.chart_with_downloads(ctx, chart, name=f"unit_{code}_{index}", key="unit_siblings", rows=sib)
        st.caption(ctx.t("unit_chart_caption" if len(members) > 1 else "profile_siblings_caption"))

    st.subheader(ctx.t("unit_parts_heading"))
    chart = maps.parts_map(_geo(folder, 63), _geo(folder, 34), reg, code, lang=lang)
    rows = pd.DataFrame({"source_id": ["geo_dvhcvn_merges", "geo_dvhcvn_codes34"], "year": [2025, 2025]})
    dl.chart_with_downloads(
        ctx,
        chart.properties(autosize={"type": "pad"}),
        name=dl.file_stem("parts", code, name),
        source_line="",
        rows=rows,
        width="content",
        theme=None,
        key="unit_parts",
    )
    st.markdown(f"**{ctx.t('unit_former_profiles')}**")
    for c in members:
        st.page_link(
            "pages/profile.py",
            label=ctx.t("profile_link", name=ctx.name(c)),
            icon=":material/location_on:",
            query_params=ui.with_state(ctx, province=c),
        )
    st.page_link(
        "pages/map.py",
        label=ctx.t("unit_map_link", name=name),
        icon=":material/map:",
        query_params=ui.with_state(ctx, vintage=34, unit=None),
    )
