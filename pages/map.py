"""Page: map — one index, indicator and year on the 63 provinces, or on the 34 new provinces as a labelled estimate,
with the merger table; clicking a province opens its profile."""

import pandas as pd
import streamlit as st

from dashboard import data as dd
from dashboard import images, maps
from dashboard import indices as ix
from dashboard import page_params as pp
from dashboard.credits import source_line as credit_source_line
from dashboard.i18n import fmt_number, indicator_name, t, tn
from loaders.registry import load_registry
from pages import _downloads as dl
from pages import _ui as ui

ctx = ui.load_context()
with st.sidebar:
    ui.index_controls(ctx)
    ui.vintage_control(ctx)


@st.cache_resource(show_spinner=False, max_entries=2 * ui.BUILDS_KEPT)
def geography(build_folder: str, vintage: int) -> dict:
    """The provinces of a vintage from the build (shared across sessions, read once per build)."""
    return maps.load_geojson(build_folder, vintage)


@st.cache_resource(show_spinner=False, max_entries=ui.BUILDS_KEPT)
def outlines(build_folder: str) -> dict:
    """The former 63-province borders (shared across sessions)."""
    return maps.load_outlines(build_folder)


@st.cache_resource(show_spinner=False, max_entries=ui.BUILDS_KEPT)
def weights(build_folder: str) -> pd.DataFrame:
    """Population weights of the former provinces inside each new one."""
    return maps.load_weights(build_folder)


@st.cache_resource(show_spinner=False)
def registry():
    """The province registry (names, successors, members)."""
    return load_registry()


def sources_named(ds: dd.Dataset) -> dict[str, str]:
    """Short names of the sources, for the map's attribution lines."""
    rows = ds.sources.to_dict("records")
    return {i: (r.get("attribution") or r.get("title") or i) for i, r in zip(ds.sources["id"], rows, strict=True)}


@st.cache_data(show_spinner=False, max_entries=64)
def rows_for(build: str, index: str, indicator: str, year: int, mode: str) -> pd.DataFrame:
    """The rows a map shows: the 63 provinces (map63, former), the published 34 or the labelled estimate on the 34."""
    ds = ui.dataset_at(build)
    s63 = dd.select(ds.values, index, indicator, year, vintage=63)
    if mode == "published34":
        return dd.select(ds.values, index, indicator, year, vintage=34)
    if mode == "estimate":
        return maps.estimate_34(s63, weights(build), registry()) if len(s63) else s63.iloc[0:0]
    return s63


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
slice63 = rows_for(folder, s.index, s.indicator, s.year, "map63")
n_with = int(slice63["value"].notna().sum())


def natural(chart):
    """The chart at its own size: the map's title, legend and attribution lines are laid out around it, not
    squeezed into the column (Streamlit's default autosize "fit" would shrink the map and cut the footer)."""
    return chart.properties(autosize={"type": "pad"})


def file_name(vintage: int, *extra: str) -> str:
    """Download name of the map: index, indicator, year, vintage."""
    return images.file_stem("map", s.indicator, s.year, f"{vintage}", *extra)


def clicked(event, vintage: int) -> str | None:
    """The code of the province clicked on the map (kept in the URL as `pick`), else the one the URL names."""
    try:
        points = event.selection[maps.SELECTION]
    except (AttributeError, KeyError, TypeError):
        points = None
    if points:
        code = str(points[0]["code"])
        if st.query_params.get("pick") != code:
            st.query_params["pick"] = code
        return code
    return ui.url_value("pick", lambda r: pp.read_code(r, ds.province_codes(vintage)), None)


def profile_links(codes63: list[str]) -> None:
    """Links to the profiles of 63-vintage provinces."""
    for c in codes63:
        st.page_link(
            "pages/profile.py",
            label=ctx.t("map_profile_link", name=ui.md(ctx.name(c))),
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


st.caption(
    ctx.t("map_intro", index=label, indicator=ui.md(ind_name), year=s.year, n=n_with, total=len(ds.province_codes(63)))
)
if s.index == "pci" and s.year >= 2023:
    st.caption(ctx.t("map_pci_top30"))
elif 0 < n_with < len(ds.province_codes(63)) / 2:
    st.caption(ctx.t("map_sparse"))
n_rank_only = int((slice63["value"].isna() & slice63["rank"].notna()).sum())
if n_rank_only:
    st.caption(tn("map_rank_only", n_rank_only, lang))
if n_with == 0:
    st.info(ctx.t("no_values_for", what=f"{label} · {ui.md(ind_name)} · {s.year}"), icon="ℹ️")

if s.vintage == 34:
    reg = registry()
    chosen = ui.url_value("map34", lambda r: pp.read_choice(r, ["estimate", "former"]), "estimate")
    mode = st.radio(
        ctx.t("map_34_mode"),
        ["estimate", "former"],
        horizontal=True,
        format_func=lambda m: ctx.t(f"map_34_{m}"),
        **ui.bound("map34", "w_map34_mode", chosen, drop=("pick",)),
    )


def selected_panel(code: str | None, mode: str) -> None:
    """What was clicked: its figure and links to the profiles (of its former provinces, on the 34)."""
    with st.container(border=True):
        if not code:
            st.caption(ctx.t("map_click_hint"))
        elif mode in ("map63", "former"):
            st.markdown(f"**{ui.md(ctx.name(code))}** — {value_line(slice63, code)}")
            if (slice63["province_code"] == code).any():
                ui.source_popover(ctx, s.index, s.indicator, s.year, code, key=f"map_{code}")
            profile_links([code])
        else:
            members = [m.code for m in reg.members(code)]
            st.markdown(f"**{ui.md(ctx.name(code, 34))}** — {value_line(slice34, code, estimate=mode == 'estimate')}")
            st.caption(ctx.t("map_former_of", names=ui.md(", ".join(ctx.name(c) for c in members))))
            for c in members:
                st.markdown(f"- {ui.md(ctx.name(c))}: {value_line(slice63, c)}")
            st.page_link(
                "pages/profile.py",
                label=ctx.t("unit_profile_link", name=ctx.name(code, 34)),
                icon=":material/location_city:",
                query_params=ui.with_state(ctx, unit=code),
            )
            profile_links(members)


def map_chart(build: str, rows: pd.DataFrame, vintage: int, indicator: str, lang: str, focus_codes, title: str):
    """The choropleth of `rows` at its natural size, as an Altair chart."""
    ds = ui.dataset_at(build)
    chart = maps.choropleth(
        rows,
        geography(build, vintage),
        vintage=vintage,
        indicator_meta=ds.indicator(indicator),
        lang=lang,
        focus_codes=list(focus_codes),
        title=title,
        attribution=credit_source_line(rows[rows["value"].notna()], ds.sources, lang),
        source_names=sources_named(ds),
    )
    return natural(chart)


@st.cache_data(show_spinner=False, max_entries=64)
def map_spec(build: str, index: str, indicator: str, year: int, mode: str, focus: tuple, lang: str, title: str):
    """The choropleth's Vega-Lite spec for one view."""
    vintage = 63 if mode in ("map63", "former") else 34
    return maps.fit_column(
        map_chart(build, rows_for(build, index, indicator, year, mode), vintage, indicator, lang, focus, title)
    ).to_dict()


def merger_chart(build: str, focus34, lang: str):
    """The 34 new provinces over the former borders, as an Altair chart."""
    return natural(
        maps.merger_map(geography(build, 34), outlines(build), registry(), lang=lang, focus_codes=list(focus34))
    )


@st.cache_data(show_spinner=False, max_entries=32)
def merger_spec(build: str, focus34: tuple, lang: str) -> dict:
    """The merger map's Vega-Lite spec."""
    return maps.fit_column(merger_chart(build, focus34, lang)).to_dict()


@st.cache_data(show_spinner=False, max_entries=8)
def merger_frame(build: str, lang: str) -> pd.DataFrame:
    """The merger table as shown: new province, its former provinces and their codes."""
    table = maps.merger_table(registry(), lang)
    return pd.DataFrame(
        {
            t("data_code", lang): table["code"],
            t("map_new_province", lang): table["province"],
            t("map_former_provinces", lang): table["former_provinces"],
            t("map_former_codes", lang): table["former_codes"],
        }
    )


def draw_map(mode: str, key: str, title: str, focus_codes=(), name_extra=()):
    """The choropleth of one mode with its downloads; returns the selection event and the rows shown."""
    rows = rows_for(folder, s.index, s.indicator, s.year, mode)
    vintage = 63 if mode in ("map63", "former") else 34
    focus = tuple(focus_codes)
    event = dl.chart_with_downloads(
        ctx,
        map_spec(folder, s.index, s.indicator, s.year, mode, focus, lang, title),
        lambda: map_chart(folder, rows, vintage, s.indicator, lang, focus, title),
        name=file_name(vintage, *name_extra),
        source_line="",
        rows=rows,
        on_select="rerun",
        selection_mode=maps.SELECTION,
        width=maps.COLUMN,
        theme=None,
        key=key,
    )
    return event, rows


if s.vintage == 63:
    event, _ = draw_map("map63", "map63", f"{label} {s.year}", focus_codes=s.provinces)
    st.caption(ui.credit(ctx, slice63))
    if s.provinces:
        st.caption(ctx.t("map_focus_caption"))
    selected_panel(clicked(event, 63), "map63")
else:
    if s.year > maps.MAX_ESTIMATE_YEAR:
        mode = "published34"
    focus34 = tuple(sorted({reg.successor(c).code for c in s.provinces}))
    if mode == "former":
        event, _ = draw_map("former", "map34_former", f"{label} {s.year}")
        st.caption(ctx.t("map_former_caption"))
        st.caption(ui.credit(ctx, slice63))
    else:
        title = f"{label} {s.year} · {ctx.t('map_estimate_label')}" if mode == "estimate" else f"{label} {s.year}"
        extra = (ctx.t("map_estimate_label") if mode == "estimate" else "",)
        event, slice34 = draw_map(mode, f"map34_{mode}", title, focus_codes=focus34, name_extra=extra)
        if mode == "estimate":
            st.warning(ctx.t("map_estimate_caption"), icon=":material/calculate:")
        st.caption(ui.credit(ctx, slice34))
    selected_panel(clicked(event, 63 if mode == "former" else 34), mode)

    st.subheader(ctx.t("map_merger_table_heading"))
    merger_rows = pd.DataFrame({"source_id": ["geo_dvhcvn_merges", "geo_dvhcvn_codes34"], "year": [2025, 2025]})
    dl.chart_with_downloads(
        ctx,
        merger_spec(folder, focus34, lang),
        lambda: merger_chart(folder, focus34, lang),
        name="merger-34",
        source_line="",
        rows=merger_rows,
        width=maps.COLUMN,
        theme=None,
        key="map_merger",
    )
    st.dataframe(merger_frame(folder, lang), hide_index=True, width="stretch", height=36 * 13)
    ui.source_footer(ctx, ["geo_dvhcvn_merges", "geo_dvhcvn_codes34"])
