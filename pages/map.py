"""Page: map — one index, indicator and year on the 63 provinces, or on the 34 new provinces as a labelled estimate,
with the merger table; clicking a province opens its profile."""

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import images, indices, league, maps, page_params
from dashboard.i18n import fmt_date, fmt_number, indicator_name, tn
from pages import _downloads as downloads
from pages import _league as league_page
from pages import _ui as ui
from pages._views import map as views

ctx = ui.load_context()
with st.sidebar:
    ui.index_controls(ctx)
    ui.vintage_control(ctx)


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
slice63 = views.rows_for(folder, s.index, s.indicator, s.year, "map63")
n_with = int(slice63["value"].notna().sum())


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
    for code in views.not_drawn(folder, s.index, s.indicator, s.year):
        ended = ds.places.ended(code)
        when = fmt_date(dt.date.fromisoformat(str(ended["date"])), lang) if ended else ""
        successor = ctx.name(ended.get("successor", ""))
        st.caption(ctx.t("map_not_drawn", name=ctx.name(code), year=s.year, successor=successor, date=when))


def draw_map(mode: str, key: str, title: str, focus_codes=(), name_extra=()):
    """The choropleth of one mode with its downloads (or its table); returns the rows shown and the province picked
    (clicked or searched)."""
    rows = views.rows_for(folder, s.index, s.indicator, s.year, mode)
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
        views.map_spec(folder, s.index, s.indicator, s.year, mode, focus, lang, title, look),
        lambda: views.map_chart(folder, rows, vintage, s.indicator, lang, focus, title, look),
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
        views.merger_spec(folder, focus34, lang),
        lambda: views.merger_chart(folder, focus34, lang),
        name="merger-34",
        source_line="",
        rows=merger_rows,
        width=maps.COLUMN,
        theme=None,
        key="map_merger",
    )
    st.dataframe(views.merger_frame(folder, lang), hide_index=True, width="stretch", height=36 * 13)
    ui.source_footer(ctx, list(maps.MERGER_SOURCES))
