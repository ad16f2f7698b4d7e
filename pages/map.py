"""Page: map — one index, indicator and year on the 63 provinces, or on the 34 new provinces as a labelled estimate,
with the merger table; clicking a province opens its profile."""

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import data, images, indices, league, maps, page_params
from dashboard.credits import source_line as credit_source_line
from dashboard.i18n import fmt_date, fmt_number, indicator_name, t, tn
from dashboard.ranks import tier_label
from dashboard.vega_data import with_arrow_datasets
from pages import _downloads as downloads
from pages import _league as league_page
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


def sources_named(ds: data.Dataset) -> dict[str, str]:
    """Short names of the sources, for the map's attribution lines."""
    rows = ds.sources.to_dict("records")
    return {i: (r.get("attribution") or r.get("title") or i) for i, r in zip(ds.sources["id"], rows, strict=True)}


@st.cache_data(show_spinner=False, max_entries=64)
def rows_for(build: str, index: str, indicator: str, year: int, mode: str) -> pd.DataFrame:
    """The rows a map shows: the 63 provinces (map63, former), the published 34 or the labelled estimate on the 34."""
    ds = ui.dataset_at(build)
    s63 = data.select(ds.values, index, indicator, year, vintage=63)
    s63 = s63[~s63["province_code"].isin(ds.historical_codes(63))]  # Hà Tây: in the tables, not on the 63 map
    if mode == "published34":
        return data.select(ds.values, index, indicator, year, vintage=34)
    if mode == "estimate":
        return maps.estimate_34(s63, weights(build), ds.places) if len(s63) else s63.iloc[0:0]
    return s63


@st.cache_data(show_spinner=False, max_entries=64)
def not_drawn(build: str, index: str, indicator: str, year: int) -> list[str]:
    """Historical units (Hà Tây) with a figure in this slice: in the year's table, not drawn on the 63 map."""
    ds = ui.dataset_at(build)
    rows = data.select(ds.values, index, indicator, year, codes=ds.historical_codes(63), vintage=63)
    return sorted(rows.loc[rows["value"].notna() | rows["rank"].notna(), "province_code"])


lang, ds, s = ctx.lang, ctx.ds, ctx.state
folder = ui.build_folder()
label = indices.label(s.index)
st.title(ctx.t("page_map"))
league_page.freshness_caption(ctx, s.index)

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


def search_key(mode: str) -> str:
    """The chart key of a map: a new key after each search resets the map's own click selection."""
    return f"map_{mode}_{st.session_state.get('_map_search_n', 0)}"


def _searched() -> None:
    st.session_state["_map_search_n"] = st.session_state.get("_map_search_n", 0) + 1
    ui.set_param("pick", "w_map_search")


def current_pick(key: str, vintage: int) -> str | None:
    """The province picked: the one just clicked on the map (its selection, before the map is drawn), else the
    URL's `pick` (set by a click or the search)."""
    try:
        points = st.session_state[key]["selection"][maps.SELECTION]
    except (KeyError, TypeError, AttributeError):
        points = None
    if points:
        code = str(points[0]["code"])
        if st.query_params.get("pick") != code:
            st.query_params["pick"] = code
        return code
    return ui.url_value("pick", lambda r: page_params.read_code(r, ds.province_codes(vintage)), None)


def search_box(vintage: int, pick: str | None) -> None:
    """Find a province by name, with or without diacritics; the choice is the map's pick (outlined in bold)."""
    reg = ui.registry()
    options = {"": ""} | {
        c: f"{ctx.name(c, vintage)} · {reg.get(c, vintage).name_ascii}" for c in ds.province_codes(vintage)
    }
    ui.seed("w_map_search", pick if pick in options else "")
    st.selectbox(
        ctx.t("map_search"),
        list(options),
        format_func=lambda c: options[c] or ctx.t("map_search_placeholder"),
        key="w_map_search",
        help=ctx.t("map_search_help"),
        on_change=_searched,
        placeholder=ctx.t("map_search_placeholder"),
    )


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
    reg = ui.registry()
    chosen = ui.url_choice(ctx, "map34", ["estimate", "former"], "estimate")
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


def map_chart(
    build: str, rows: pd.DataFrame, vintage: int, indicator: str, lang: str, focus_codes, title: str, look: tuple = ()
):
    """The choropleth of `rows` at its natural size, as an Altair chart; `look` is (highlight, labels, tiers)."""
    ds = ui.dataset_at(build)
    highlight, labels, tiers = look or (None, False, False)
    if tiers:  # tiers in the page's language (PCI 2013 printed them in English)
        rows = rows.assign(tier=rows["tier"].map(lambda x: tier_label(x, lang), na_action="ignore"))
    colours = league.tier_colors(ds.values, rows["index"].iloc[0]) if tiers and len(rows) else {}
    present = [x for x in colours if x in set(rows["tier"].dropna())] if colours else []
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
        highlight=highlight,
        labels=labels,
        tiers={x: colours[x] for x in present} or None,
        tier_title=t("map_tier_legend", lang, year=int(rows["year"].iloc[0])) if present else "",
    )
    return natural(chart)


@st.cache_data(show_spinner=False, max_entries=64)
def map_spec(
    build: str, index: str, indicator: str, year: int, mode: str, focus: tuple, lang: str, title: str, look: tuple
):
    """The choropleth's Vega-Lite spec for one view."""
    vintage = 63 if mode in ("map63", "former") else 34
    rows = rows_for(build, index, indicator, year, mode)
    chart = map_chart(build, rows, vintage, indicator, lang, focus, title, look)
    return with_arrow_datasets(maps.fit_column(chart).to_dict())


def merger_chart(build: str, focus34, lang: str):
    """The 34 new provinces over the former borders, as an Altair chart."""
    places = ui.dataset_at(build).places
    return natural(maps.merger_map(geography(build, 34), outlines(build), places, lang=lang, focus_codes=list(focus34)))


@st.cache_data(show_spinner=False, max_entries=32)
def merger_spec(build: str, focus34: tuple, lang: str) -> dict:
    """The merger map's Vega-Lite spec."""
    return with_arrow_datasets(maps.fit_column(merger_chart(build, focus34, lang)).to_dict())


@st.cache_data(show_spinner=False, max_entries=8)
def merger_frame(build: str, lang: str) -> pd.DataFrame:
    """The merger table as shown: new province, its former provinces and their codes."""
    table = maps.merger_table(ui.dataset_at(build).places, lang)
    return pd.DataFrame(
        {
            t("data_code", lang): table["code"],
            t("map_new_province", lang): table["province"],
            t("map_former_provinces", lang): table["former_provinces"],
            t("map_former_codes", lang): table["former_codes"],
        }
    )


def map_options(mode: str) -> tuple[str, str | None, tuple]:
    """The map's own controls (search, names, colour by tier, map or table), bound to the URL: (view, pick, look)."""
    vintage = 63 if mode in ("map63", "former") else 34
    key = search_key(mode)
    pick = current_pick(key, vintage)
    search_box(vintage, pick)
    tiers = league.tiers_of(ds.values, s.index, s.year) if mode in ("map63", "former") else []
    with st.container(horizontal=True, gap="medium", vertical_alignment="bottom"):
        view = league_page.view_choice(ctx, "map", first="map")
        names = st.checkbox(
            ctx.t("map_labels"),
            **ui.bound(
                "labels", "w_map_labels", ui.url_value("labels", page_params.read_flag, False), page_params.write_flag
            ),
        )
        colour = "value"
        if tiers:
            chosen = ui.url_choice(ctx, "color", ["value", "tier"], "value")
            colour = st.radio(
                ctx.t("map_color_by"),
                ["value", "tier"],
                horizontal=True,
                format_func={"value": ctx.t("map_color_value"), "tier": ctx.t("map_color_tier")}.get,
                **ui.bound("color", "w_map_color", chosen),
            )
    if colour == "tier":
        st.caption(ctx.t("map_tier_caption", year=s.year))
    return view, pick, (pick, bool(names), colour == "tier")


def not_drawn_note() -> None:
    """Under a map: the historical units (Hà Tây) in this year's table that no map draws."""
    for code in not_drawn(folder, s.index, s.indicator, s.year):
        ended = ds.places.ended(code)
        when = fmt_date(dt.date.fromisoformat(str(ended["date"])), lang) if ended else ""
        successor = ctx.name(ended.get("successor", ""))
        st.caption(ctx.t("map_not_drawn", name=ctx.name(code), year=s.year, successor=successor, date=when))


def draw_map(mode: str, key: str, title: str, focus_codes=(), name_extra=()):
    """The choropleth of one mode with its downloads (or its table); returns the rows shown and the province picked
    (clicked or searched)."""
    rows = rows_for(folder, s.index, s.indicator, s.year, mode)
    vintage = 63 if mode in ("map63", "former") else 34
    focus = tuple(focus_codes)
    view, pick, look = map_options(mode)
    if view == "table":
        names = {c: ctx.name(c, vintage) for c in ds.province_codes(vintage)}
        table = league.map_table(rows, ds.province_codes(vintage), names, lang, sources=league_page.credits(ctx))
        league_page.table_with_download(ctx, table, name=file_name(vintage, *name_extra), key=key)
        return rows, pick
    downloads.chart_with_downloads(
        ctx,
        map_spec(folder, s.index, s.indicator, s.year, mode, focus, lang, title, look),
        lambda: map_chart(folder, rows, vintage, s.indicator, lang, focus, title, look),
        name=file_name(vintage, *name_extra),
        source_line="",
        rows=rows,
        on_select="rerun",
        selection_mode=maps.SELECTION,
        width=maps.COLUMN,
        theme=None,
        key=search_key(mode),
    )
    return rows, pick


if s.vintage == 63:
    _, pick = draw_map("map63", "map63", f"{label} {s.year}", focus_codes=s.provinces)
    st.caption(ui.credit(ctx, slice63))
    not_drawn_note()
    if s.provinces:
        st.caption(ctx.t("map_focus_caption"))
    selected_panel(pick, "map63")
else:
    if s.year > maps.MAX_ESTIMATE_YEAR:
        mode = "published34"
    focus34 = tuple(sorted({reg.successor(c).code for c in s.provinces}))
    if mode == "former":
        _, pick = draw_map("former", "map34_former", f"{label} {s.year}")
        st.caption(ctx.t("map_former_caption"))
        st.caption(ui.credit(ctx, slice63))
        not_drawn_note()
    else:
        title = f"{label} {s.year} · {ctx.t('map_estimate_label')}" if mode == "estimate" else f"{label} {s.year}"
        extra = (ctx.t("map_estimate_label") if mode == "estimate" else "",)
        slice34, pick = draw_map(mode, f"map34_{mode}", title, focus_codes=focus34, name_extra=extra)
        if mode == "estimate":
            st.warning(ctx.t("map_estimate_caption"), icon=":material/calculate:")
        st.caption(ui.credit(ctx, slice34))
        not_drawn_note()
    selected_panel(pick, mode)

    st.subheader(ctx.t("map_merger_table_heading"))
    merger_rows = maps.merger_source_rows()
    downloads.chart_with_downloads(
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
    ui.source_footer(ctx, list(maps.MERGER_SOURCES))
