"""Page: one province — four indices over time, strengths against the country, regional peers, the 2025 merger."""

import pandas as pd
import streamlit as st

from dashboard import data as dd
from dashboard import indices as ix
from dashboard import page_params as pp
from dashboard import profile as pf
from dashboard.credits import credits
from dashboard.i18n import fmt_number, indicator_name, t
from dashboard.ranks import rank_cell, status_text
from pages import _decision as dec
from pages import _downloads as dl
from pages import _ui as ui
from pages import _unit_profile as unit_profile

ctx = ui.load_context()
with st.sidebar:
    ui.province_control(ctx)
    ui.index_controls(ctx, indicator=False, year=False)

if ctx.state.unit:
    unit_profile.render(ctx)
    st.stop()

code, lang, values = ctx.state.province, ctx.lang, ctx.ds.values
name = ctx.name(code)
name_md = ui.md(name)
index = ctx.state.index
label = ix.label(index)
st.title(f"{ctx.t('page_profile')}: {name_md}")
p63 = ctx.ds.provinces[(ctx.ds.provinces["code"] == code) & (ctx.ds.provinces["vintage"] == 63)]
if len(p63) and pd.notna(p63.iloc[0]["region_vi"]):
    st.caption(
        ctx.t("profile_region_line", region=p63.iloc[0]["region_vi" if lang == "vi" else "region_en"], code=code)
    )

m = pf.merger(ctx.ds.provinces, code)
if m:
    sentence = pf.merger_sentence(
        m, name_md, ui.md(ctx.name(m["successor"], 34)), [ui.md(ctx.name(c)) for c in m["siblings"]], lang
    )
    st.info(sentence, icon=":material/merge:")

if not ctx.state.present:
    with st.container(border=True):
        st.markdown(f"**{ctx.t('brief_heading')}**")
        st.caption(ctx.t("brief_caption", name=name_md))
        dl.brief_downloads(ctx, code)


@st.cache_data(show_spinner=False, max_entries=256)
def latest_table(build: str, code: str, lang: str) -> pd.DataFrame:
    """The latest figure of each index for the province, as shown ("–" where there is none)."""
    ds = ui.dataset_at(build)
    series = over_time(build, code, lang)[0]
    rows = []
    for i in ix.codes():
        f = series[(series["index"] == i) & (series["value"].notna() | series["rank"].notna())]
        r = f.iloc[-1] if len(f) else None
        rows.append(
            {
                t("index", lang): ix.label(i),
                t("year", lang): str(int(r["year"])) if r is not None else "–",
                t("score", lang): fmt_number(r["value"], lang) if r is not None else "–",
                t("rank", lang): rank_cell(r["rank"], r["rank_status"], lang) if r is not None else "–",
                t("status", lang): status_text(r["status"], r["value"], r["rank"], lang)
                if r is not None
                else t("status_missing", lang),
                t("source", lang): ("; ".join(credits(f.tail(1), ds.sources)[0]) or "–") if r is not None else "–",
            }
        )
    return pd.DataFrame(rows)


@st.cache_data(show_spinner=False, max_entries=16)
def edition_years(build: str, index: str) -> list[int]:
    """Years with a published headline figure of the index."""
    return pf.edition_years(ui.dataset_at(build).values, ix.headline(index))


@st.cache_data(show_spinner=False, max_entries=256)
def peers_view(
    build: str, index: str, code: str, year: int | None, lang: str
) -> tuple[int, pd.DataFrame, pd.DataFrame]:
    """The region's provinces in one year (the default year when None): the year, the rows and the table shown."""
    ds = ui.dataset_at(build)
    if year is None:
        year = pf.peers_default_year(ds.values, ds.provinces, index, code)
    _, peers = pf.region_peers(ds.values, ds.provinces, index, code, year=year)
    table = pd.DataFrame(
        {
            t("province", lang): [
                ("● " if s else "") + ds.province_name(c)
                for c, s in zip(peers["province_code"], peers["is_self"], strict=True)
            ],
            t("score", lang): [fmt_number(v, lang) for v in peers["value"]],
            t("rank", lang): [rank_cell(r, s, lang) for r, s in zip(peers["rank"], peers["rank_status"], strict=True)],
            t("status", lang): [
                status_text(s, v, r, lang)
                for s, v, r in zip(peers["status"], peers["value"], peers["rank"], strict=True)
            ],
        }
    )
    return year, peers, table


folder = ui.build_folder()


@st.cache_data(show_spinner=False, max_entries=256)
def over_time(build: str, code: str, lang: str) -> tuple[pd.DataFrame, list[dict] | None]:
    """The province's four indices over time and the specs of their small multiples (None without a score)."""
    series = pf.index_series(ui.dataset_at(build).values, code)
    scored = series["value"].notna().any()
    return series, ([c.to_dict() for c in pf.index_panels(series, lang)] if scored else None)


@st.cache_data(show_spinner=False, max_entries=256)
def strengths(build: str, index: str, code: str, lang: str) -> dict:
    """Sub-index scores against the national median: year, table, names, strongest/weakest and the chart spec."""
    ds = ui.dataset_at(build)
    year, comp = pf.subindex_comparison(ds.values, ds.indicators, index, code)
    if year is None:
        return {"year": None}
    names = {c: indicator_name(ds.indicator(c), lang) for c in comp["indicator"]}
    strong, weak = pf.strongest_weakest(comp)
    spec = pf.subindex_chart(comp, names, lang).to_dict() if comp["median"].notna().any() else None
    return {"year": year, "comp": comp, "names": names, "strong": strong, "weak": weak, "spec": spec}


@st.cache_data(show_spinner=False, max_entries=256)
def siblings(
    build: str, index: str, members: tuple[str, ...], lang: str, title: str
) -> tuple[pd.DataFrame, dict | None]:
    """The headline series of the provinces merged together and their chart spec (None without a score)."""
    ds = ui.dataset_at(build)
    sib = pf.siblings_series(ds.values, index, ix.headline(index), list(members))
    if not (len(sib) and sib["value"].notna().any()):
        return sib, None
    names = {c: ds.province_name(c) for c in members}
    return sib, pf.siblings_chart(sib, names, list(members), lang, title=title).to_dict()


# --- 1. the four indices over time ---
st.subheader(ctx.t("profile_over_time"))
series, over_time_spec = over_time(folder, code, lang)
if over_time_spec is not None:
    dl.charts_in_rows(
        ctx,
        over_time_spec,
        lambda: pf.small_multiples(series, lang),
        name=f"profile_{code}_{name}",
        key="profile_over_time",
        title=f"{name}: {ctx.t('profile_over_time')}",
        rows=series[series["value"].notna()],
    )
    st.caption(ctx.t("profile_gaps_caption"))
else:
    st.info(ctx.t("no_values_for", what=name_md), icon="ℹ️")

latest = latest_table(folder, code, lang)
st.markdown(f"**{ctx.t('profile_latest_heading')}**")
st.dataframe(latest, hide_index=True, width="stretch")
latest_rows = []
for i in ix.codes():
    f = series[(series["index"] == i) & (series["value"].notna() | series["rank"].notna())]
    if len(f):
        latest_rows.append(f.iloc[-1])
for r, col in zip(latest_rows, st.columns(max(len(latest_rows), 1)), strict=False):
    with col:
        src_label = f"{ctx.t('src_button')}: {ix.label(r['index'])} {int(r['year'])}"
        key = f"profile_{r['index']}"
        ui.source_popover(ctx, r["index"], r["indicator"], int(r["year"]), code, key=key, label=src_label)
st.caption(ui.credit(ctx, series))

# --- the briefing, written for you ---
dec.briefing_section(ctx, code, dec.whatif_index(ctx, note=False))

# --- 2. strengths and weaknesses against the country ---
st.subheader(ctx.t("profile_strengths_heading", index=label))
sw = strengths(folder, index, code, lang)
year = sw["year"]
if year is None:
    st.info(ctx.t("no_sub_for_profile", index=label, name=name_md), icon="ℹ️")
else:
    comp, names, strong, weak = sw["comp"], sw["names"], sw["strong"], sw["weak"]
    if sw["spec"] is not None:
        st.markdown(ctx.t("profile_strongest", year=year, names=", ".join(ui.md(names[c]) for c in strong) or "–"))
        st.markdown(ctx.t("profile_weakest", year=year, names=", ".join(ui.md(names[c]) for c in weak) or "–"))
        dl.chart_with_downloads(
            ctx,
            sw["spec"],
            lambda: pf.subindex_chart(comp, names, lang),
            name=f"profile_{code}_{name}_{index}_{year}",
            key="profile_strengths",
            title=f"{name}: {ctx.t('profile_strengths_heading', index=label)}",
            subtitle=[f"{label} {year}"],
            rows=dd.select(values, index, year=year, codes=[code]),
        )
        st.caption(ctx.t("profile_median_caption", n=int(comp["n"].max()), year=year))
    else:
        st.info(ctx.t("profile_too_few_for_median", year=year), icon="ℹ️")
    table = pd.DataFrame(
        {
            ctx.t("indicator"): [names[c] for c in comp["indicator"]],
            ctx.t("score"): [
                fmt_number(v, lang) + (f" ({ctx.t('computed_label')})" if st_ == "computed" else "")
                for v, st_ in zip(comp["value"], comp["status"], strict=True)
            ],
            ctx.t("national_median"): [fmt_number(v, lang) for v in comp["median"]],
            ctx.t("diff_from_median"): [fmt_number(v, lang, signed=True) for v in comp["diff"]],
            ctx.t("profile_position"): [
                ctx.t("rank_of", rank=int(p), n=int(n)) if pd.notna(p) else "–"
                for p, n in zip(comp["position"], comp["n"], strict=True)
            ],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", height=ui.table_height(len(table)))
    sub_src = dd.select(values, index, year=year, codes=[code])
    st.caption(ui.credit(ctx, sub_src[sub_src["indicator"].isin(comp["indicator"])]))

# --- what moves the rank (computed) ---
if (wi_index := dec.whatif_index(ctx)) is not None:
    dec.whatif_section(ctx, wi_index, ctx.state.year, code)
st.page_link("pages/whatif.py", label=ctx.t("wi_open_page"), icon=":material/stairs:", query_params=ui.with_state(ctx))

# --- 3. the region's provinces ---
region = p63.iloc[0]["region_vi" if lang == "vi" else "region_en"] if len(p63) else ""
years = edition_years(folder, index)
st.subheader(ctx.t("profile_peers_heading", region=region))
if not years:
    st.info(ctx.t("no_values_for", what=label), icon="ℹ️")
else:
    default_year = peers_view(folder, index, code, None, lang)[0]
    shown = ui.url_value("peer_year", lambda r: pp.read_year(r, years), default_year)
    peer_year = st.selectbox(ctx.t("year"), years[::-1], **ui.bound("peer_year", f"w_peer_year_{index}_{code}", shown))
    _, peers, table = peers_view(folder, index, code, peer_year, lang)
    st.caption(
        ctx.t(
            "profile_peers_caption", index=label, year=peer_year, n=int(peers["value"].notna().sum()), total=len(peers)
        )
    )
    st.dataframe(table, hide_index=True, width="stretch", height=ui.table_height(len(table)))
    st.caption(ui.credit(ctx, peers.assign(year=peer_year)))

# --- 4. after the 2025 merger ---
if m and m["siblings"]:
    st.subheader(ctx.t("profile_merger_heading", new=ui.md(ctx.name(m["successor"], 34))))
    member_names = {c: ctx.name(c) for c in m["members"]}
    title = ctx.t("profile_siblings_title", index=label, new=ctx.name(m["successor"], 34))
    sib, sib_spec = siblings(folder, index, tuple(m["members"]), lang, title)
    if sib_spec is not None:
        dl.chart_with_downloads(
            ctx,
            sib_spec,
            lambda: pf.siblings_chart(sib, member_names, m["members"], lang, title=title),
            name=f"merger_{m['successor']}_{index}",
            key="profile_siblings",
            rows=sib,
        )
        st.caption(ctx.t("profile_siblings_caption"))
        st.caption(ui.credit(ctx, sib))
    else:
        st.info(ctx.t("no_values_for", what=f"{label} · {ui.md(', '.join(member_names.values()))}"), icon="ℹ️")
    st.page_link(
        "pages/profile.py",
        label=ctx.t("unit_profile_link", name=ctx.name(m["successor"], 34)),
        icon=":material/location_city:",
        query_params=ui.with_state(ctx, unit=m["successor"]),
    )
    st.page_link(
        "pages/map.py",
        label=ctx.t("profile_map_link"),
        icon=":material/map:",
        query_params=ui.with_state(ctx, vintage=34),
    )
