"""Streamlit glue of the profile of one of the 34 provinces (from 1 July 2025); the logic is in dashboard/unit34.py."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import images, indices, maps, profile, unit34
from dashboard.vega_data import with_arrow_datasets
from pages import _downloads as downloads
from pages import _ui as ui


@st.cache_resource(show_spinner=False, max_entries=ui.BUILDS_KEPT)
def _weights(build_folder: str) -> pd.DataFrame:
    return maps.load_weights(build_folder)


@st.cache_resource(show_spinner=False, max_entries=2 * ui.BUILDS_KEPT)
def _geo(build_folder: str, vintage: int) -> dict:
    return maps.load_geojson(build_folder, vintage)


@st.cache_data(show_spinner=False, max_entries=256)
def _tables(build: str, code: str, lang: str) -> list[tuple[str, pd.DataFrame, pd.DataFrame]]:
    """Per index with figures: its label, the side-by-side table shown and the tidy rows it rests on."""
    values, reg, weights = ui.dataset_at(build).values, ui.registry(), _weights(build)
    out = []
    for index in unit34.indices_with_figures(values, reg, code):
        fig = unit34.figures(values, reg, code, index)
        shown = unit34.side_by_side(values, weights, reg, code, index, lang)
        out.append((indices.label(index), shown, fig[fig["value"].notna() | fig["rank"].notna()]))
    return out


def _parts_chart(build: str, code: str, lang: str):
    return maps.parts_map(_geo(build, 63), _geo(build, 34), ui.registry(), code, lang=lang).properties(
        autosize={"type": "pad"}
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _parts_spec(build: str, code: str, lang: str) -> dict:
    """The map of the unit's parts as a Vega-Lite spec, as wide as its column (a phone's included)."""
    return with_arrow_datasets(maps.fit_column(_parts_chart(build, code, lang)).to_dict())


def _series_chart(build: str, code: str, index: str, names: dict, lang: str, title: str):
    values, reg = ui.dataset_at(build).values, ui.registry()
    members = list(reg.get(code, 34).members)
    sib = profile.siblings_series(values, index, indices.headline(index), tuple(members))
    series = unit34.with_estimate(values, sib, _weights(build), reg, code, index)
    order = [*members, unit34.ESTIMATE_CODE] if len(series) > len(sib) else members
    return sib, profile.siblings_chart(series, names, order, lang, title=title)


@st.cache_data(show_spinner=False, max_entries=256)
def _series(build: str, code: str, index: str, names: dict, lang: str, title: str) -> tuple[pd.DataFrame, dict | None]:
    """The former provinces' headline series and the spec of their chart with the estimate (None without a score)."""
    sib, chart = _series_chart(build, code, index, names, lang, title)
    return sib, (with_arrow_datasets(chart.to_dict()) if len(sib) and sib["value"].notna().any() else None)


def render(ctx: ui.Ctx) -> None:
    """The whole profile of ctx.state.unit."""
    reg, lang, code = ui.registry(), ctx.lang, ctx.state.unit
    folder = ui.build_folder()
    name = ctx.name(code, 34)
    members = list(reg.get(code, 34).members)
    st.title(ctx.t("unit_title", unit=unit34.unit_name(reg, code, lang)))
    st.caption(ctx.t("unit_caption", code=code))
    for line in unit34.intro(reg, code, lang):
        st.info(ui.md(line), icon=":material/merge:")

    st.subheader(ctx.t("unit_next_heading"))
    st.markdown("\n".join(f"- {ui.md(line)}" for line in unit34.next_edition(reg, code, lang)))

    st.subheader(ctx.t("unit_figures_heading"))
    st.caption(ctx.t("unit_figures_caption" if len(members) > 1 else "unit_figures_caption_one"))
    for label, table, shown in _tables(folder, code, lang):
        st.markdown(f"**{label}**")
        st.dataframe(table, hide_index=True, width="stretch", height=ui.table_height(len(table)))
        st.caption(ui.credit(ctx, shown))
    if len(members) > 1:
        st.warning(ctx.t("unit_estimate_caption", name=name), icon=":material/calculate:")

    index = ctx.state.index
    label = indices.label(index)
    names = {c: ctx.name(c) for c in members} | {unit34.ESTIMATE_CODE: ctx.t("unit_estimate_col")}
    title = ctx.t("profile_siblings_title", index=label, new=name)
    sib, spec = _series(folder, code, index, names, lang, title)
    if spec is not None:
        st.subheader(ctx.t("unit_chart_heading", index=label))
        downloads.chart_with_downloads(
            ctx,
            spec,
            lambda: _series_chart(folder, code, index, names, lang, title)[1],
            name=f"unit_{code}_{index}",
            key="unit_siblings",
            rows=sib,
        )
        st.caption(ctx.t("unit_chart_caption" if len(members) > 1 else "profile_siblings_caption"))

    st.subheader(ctx.t("unit_parts_heading"))
    rows = maps.merger_source_rows()
    downloads.chart_with_downloads(
        ctx,
        _parts_spec(folder, code, lang),
        lambda: _parts_chart(folder, code, lang),
        name=images.file_stem("parts", code, name),
        source_line="",
        rows=rows,
        width=maps.COLUMN,
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
