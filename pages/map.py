"""Page: map — one index, indicator and year on the 63 provinces, or on the 34 new provinces as a labelled estimate,
with the merger table; clicking a province opens its profile."""

import pandas as pd
import streamlit as st

from dashboard import data as dd
from dashboard import indices as ix
from dashboard import maps
from dashboard.credits import credit_line
from dashboard.credits import source_line as credit_source_line
from dashboard.i18n import fmt_number, indicator_name
from loaders.registry import load_registry
from pages import _downloads as dl
from pages import _ui as ui

ctx = ui.load_context()
with st.sidebar:
    ui.index_controls(ctx)
    ui.vintage_control(ctx)


@st.cache_resource(show_spinner=False)
def geography(build_folder: str, vintage: int) -> dict:
    """The provinces of a vintage from the build (shared across sessions, read once per build)."""
    return maps.load_geojson(build_folder, vintage)


@st.cache_resource(show_spinner=False)
def outlines(build_folder: str) -> dict:
    """The former 63-province borders (shared across sessions)."""
    return maps.load_outlines(build_folder)


@st.cache_resource(show_spinner=False)
def weights(build_folder: str) -> pd.DataFrame:
    """Population weights of the former provinces inside each new one."""
    return maps.load_weights(build_folder)


@st.cache_resource(show_spinner=False)
def registry():
    """The province registry (names, successors, members)."""
    return load_registry()


lang, ds, s = ctx.lang, ctx.ds, ctx.state
folder = ui.build_folder()
label = ix.label(s.index)
st.title(ctx.t("page_map"))

try:
    meta = ds.indicator(s.indicator)
except KeyError:
    meta = {}
if s.year is None or not meta:
    st.info(ctx.t("no_values_for", what=label), icon="ℹ️")
    st.stop()

ind_name = indicator_name(meta, lang)
source_names = {
    i: (r.get("attribution") or r.get("title") or i)
    for i, r in zip(ds.sources["id"], ds.sources.to_dict("records"), strict=True)
}
slice63 = dd.select(ds.values, s.index, s.indicator, s.year, vintage=63)
n_with = int(slice63["value"].notna().sum())


def source_line(df: pd.DataFrame) -> str:
    """The data source line drawn under the map."""
    return credit_source_line(df[df["value"].notna()], ds.sources, lang)


def natural(chart):
    """The chart at its own size: the map's title, legend and attribution lines are laid out around it, not
    squeezed into the column (Streamlit's default autosize "fit" would shrink the map and cut the footer)."""
    return chart.properties(autosize={"type": "pad"})


def file_name(vintage: int, *extra: str) -> str:
    """Download name of the map: index, indicator, year, vintage."""
    return dl.file_stem("map", s.indicator, s.year, f"{vintage}", *extra)


def clicked(event) -> str | None:
    """The code of the province clicked on the map, if any."""
    try:
        points = event.selection[maps.SELECTION]
    except (AttributeError, KeyError, TypeError):
        return None
    return str(points[0]["code"]) if points else None


def profile_links(codes63: list[str]) -> None:
    """Links to the profiles of 63-vintage provinces."""
    for c in codes63:
        st.page_link(
            "pages/profile.py",
            label=ctx.t("map_profile_link", name=ctx.name(c)),
            icon=":material/location_on:",
            query_params=ui.with_state(ctx, province=c),
        )


def value_line(df: pd.DataFrame, code: str, estimate: bool = False) -> str:
    """'Value: 68,80 · Rank: 9' for a province of the slice (computed figures say so), or 'no data'."""
    r = df[df["province_code"] == code]
    if r.empty or (pd.isna(r.iloc[0]["value"]) and pd.isna(r.iloc[0].get("rank"))):
        return ctx.t("no_data")
    row = r.iloc[0]
    parts = [f"{ctx.t('value')}: {fmt_number(row['value'], lang)}"] if pd.notna(row["value"]) else []
    if pd.notna(row.get("rank")):
        computed = f" ({ctx.t('computed_label')})" if row.get("rank_status") == "computed" else ""
        parts.append(f"{ctx.t('rank')}: {int(row['rank'])}{computed}")
    if pd.isna(row["value"]):
        parts.append(ctx.t("status_rank_only"))
    elif estimate:
        parts.append(ctx.t("map_estimate_label"))
    elif row["status"] == "computed":
        parts.append(ctx.t("computed_label"))
    return " · ".join(parts)


st.caption(ctx.t("map_intro", index=label, indicator=ind_name, year=s.year, n=n_with, total=len(ds.province_codes(63))))
if s.index == "pci" and s.year >= 2023:
    st.caption(ctx.t("map_pci_top30"))
elif 0 < n_with < len(ds.province_codes(63)) / 2:
    st.caption(ctx.t("map_sparse"))
n_rank_only = int((slice63["value"].isna() & slice63["rank"].notna()).sum())
if n_rank_only:
    st.caption(ctx.t("map_rank_only", n=n_rank_only))
if n_with == 0:
    st.info(ctx.t("no_values_for", what=f"{label} · {ind_name} · {s.year}"), icon="ℹ️")

if s.vintage == 34:
    reg = registry()
    mode = st.radio(
        ctx.t("map_34_mode"),
        ["estimate", "former"],
        horizontal=True,
        key="w_map34_mode",
        format_func=lambda m: ctx.t(f"map_34_{m}"),
    )


def selected_panel(code: str | None, mode: str) -> None:
    """What was clicked: its figure and links to the profiles (of its former provinces, on the 34)."""
    with st.container(border=True):
        if not code:
            st.caption(ctx.t("map_click_hint"))
        elif mode in ("map63", "former"):
            st.markdown(f"**{ctx.name(code)}** — {value_line(slice63, code)}")
            if (slice63["province_code"] == code).any():
                ui.source_popover(ctx, s.index, s.indicator, s.year, code, key=f"map_{code}")
            profile_links([code])
        else:
            members = [m.code for m in reg.members(code)]
            st.markdown(f"**{ctx.name(code, 34)}** — {value_line(slice34, code, estimate=mode == 'estimate')}")
            st.caption(ctx.t("map_former_of", names=", ".join(ctx.name(c) for c in members)))
            for c in members:
                st.markdown(f"- {ctx.name(c)}: {value_line(slice63, c)}")
            profile_links(members)


def draw_map(rows: pd.DataFrame, vintage: int, key: str, title: str, focus_codes=(), name_extra=()):
    """The choropleth of `rows` with its downloads; returns the selection event."""
    chart = maps.choropleth(
        rows,
        geography(folder, vintage),
        vintage=vintage,
        indicator_meta=meta,
        lang=lang,
        focus_codes=focus_codes,
        title=title,
        attribution=source_line(rows),
        source_names=source_names,
    )
    return dl.chart_with_downloads(
        ctx,
        natural(chart),
        name=file_name(vintage, *name_extra),
        source_line="",
        rows=rows,
        on_select="rerun",
        selection_mode=maps.SELECTION,
        width="content",
        theme=None,
        key=key,
    )


if s.vintage == 63:
    event = draw_map(slice63, 63, "map63", f"{label} {s.year}", focus_codes=s.provinces)
    st.caption(credit_line(slice63, ds.sources, lang))
    if s.provinces:
        st.caption(ctx.t("map_focus_caption"))
    selected_panel(clicked(event), "map63")
else:
    if s.year > maps.MAX_ESTIMATE_YEAR:
        slice34 = dd.select(ds.values, s.index, s.indicator, s.year, vintage=34)
        mode = "published34"
    elif mode == "estimate":
        slice34 = maps.estimate_34(slice63, weights(folder), reg) if len(slice63) else slice63.iloc[0:0]
    focus34 = sorted({reg.successor(c).code for c in s.provinces})
    if mode == "former":
        event = draw_map(slice63, 63, "map34_former", f"{label} {s.year}")
        st.caption(ctx.t("map_former_caption"))
        st.caption(credit_line(slice63, ds.sources, lang))
    else:
        title = f"{label} {s.year} · {ctx.t('map_estimate_label')}" if mode == "estimate" else f"{label} {s.year}"
        extra = (ctx.t("map_estimate_label") if mode == "estimate" else "",)
        event = draw_map(slice34, 34, f"map34_{mode}", title, focus_codes=focus34, name_extra=extra)
        if mode == "estimate":
            st.warning(ctx.t("map_estimate_caption"), icon=":material/calculate:")
        st.caption(credit_line(slice34, ds.sources, lang))
    selected_panel(clicked(event), mode)

    st.subheader(ctx.t("map_merger_table_heading"))
    merged = maps.merger_map(geography(folder, 34), outlines(folder), reg, lang=lang, focus_codes=focus34)
    merger_rows = pd.DataFrame({"source_id": ["geo_dvhcvn_merges", "geo_dvhcvn_codes34"], "year": [2025, 2025]})
    dl.chart_with_downloads(
        ctx,
        natural(merged),
        name="merger-34",
        source_line="",
        rows=merger_rows,
        width="content",
        theme=None,
        key="map_merger",
    )
    table = maps.merger_table(reg, lang)
    shown = pd.DataFrame(
        {
            ctx.t("data_code"): table["code"],
            ctx.t("map_new_province"): table["province"],
            ctx.t("map_former_provinces"): table["former_provinces"],
            ctx.t("map_former_codes"): table["former_codes"],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", height=36 * 13)
    ui.source_footer(ctx, ["geo_dvhcvn_merges", "geo_dvhcvn_codes34"])
