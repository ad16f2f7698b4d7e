"""Page: one province — four indices over time, strengths against the country, regional peers, the 2025 merger."""

import streamlit as st

from dashboard import indices, page_params, profile, provenance
from dashboard.ranks import figure_heading
from pages import _decision as decision
from pages import _downloads as downloads
from pages import _ui as ui
from pages import _unit_profile as unit_profile
from pages._views import profile as views

ctx = ui.load_context()
with st.sidebar:
    ui.province_control(ctx)
    ui.index_controls(ctx, indicator=False, year=False)

if ctx.state.unit:
    unit_profile.render(ctx)
    st.stop()

code, lang = ctx.state.province, ctx.lang
name = ctx.name(code)
name_md = ui.md(name)
index = ctx.state.index
label = indices.label(index)
st.title(f"{ctx.t('page_profile')}: {name_md}")
region = profile.region_name(ctx.ds.provinces, code, lang)
if region:
    st.caption(ctx.t("profile_region_line", region=region, code=code))

folder = ui.build_folder()


m = views.merger_of(folder, code)
if m:
    sentence = profile.merger_sentence(
        m, name_md, ui.md(ctx.name(m["successor"], 34)), [ui.md(ctx.name(c)) for c in m["siblings"]], lang
    )
    st.info(sentence, icon=":material/merge:")


# --- 1. the four indices over time ---
st.subheader(ctx.t("profile_over_time"))
view = views.over_time(folder, code, lang)
series, over_time_spec = view["series"], view["specs"]
if over_time_spec is not None:
    downloads.charts_in_rows(
        ctx,
        over_time_spec,
        lambda: profile.small_multiples(series, lang),
        name=f"profile_{code}_{name}",
        key="profile_over_time",
        title=f"{name}: {ctx.t('profile_over_time')}",
        rows=view["rows"],
        panel_rows=view["panel_rows"],
    )
else:
    st.info(ctx.t("no_values_for", what=name_md), icon="ℹ️")

st.markdown(f"**{ctx.t('profile_latest_heading')}**")
st.table(view["table"], hide_index=True)  # static tables: no data grid to load
latest_rows = view["latest"]
if latest_rows:  # one popover for the four figures: each figure's sources under its own heading
    found = [(figure_heading(r["index"], r["year"], r["status"], ctx.lang), *r["sources"]) for r in latest_rows]
    weak, text = provenance.under_headings(found, ctx.t("src_caveat_short"))
    editions = ", ".join(f"{indices.label(r['index'])} {int(r['year'])}" for r in latest_rows)
    ui.sources_button(ctx, text, "profile_latest", weak=weak, label=f"{ctx.t('src_button')}: {editions}")
gaps = f"{ctx.t('profile_gaps_caption')}  \n" if over_time_spec is not None else ""
st.caption(gaps + ui.credit(ctx, series))  # one caption: what a gap in a line means, and the sources


def brief_section() -> None:
    """The briefing written for the province, with the one-page brief and the Word report to download."""
    decision.briefing_section(ctx, code, decision.whatif_index(ctx, note=False), card=not ctx.state.present)


def strengths_section() -> None:
    """Sub-index scores against the national median."""
    st.subheader(ctx.t("profile_strengths_heading", index=label))
    sw = views.strengths(folder, index, code, lang)
    year = sw["year"]
    if year is None:
        st.info(ctx.t("no_sub_for_profile", index=label, name=name_md), icon="ℹ️")
        return
    comp, names, strong, weak = sw["comp"], sw["names"], sw["strong"], sw["weak"]
    if sw["spec"] is not None:
        strongest = ctx.t("profile_strongest", year=year, names=", ".join(ui.md(names[c]) for c in strong) or "–")
        weakest = ctx.t("profile_weakest", year=year, names=", ".join(ui.md(names[c]) for c in weak) or "–")
        st.markdown(f"{strongest}  \n{weakest}")
        downloads.chart_with_downloads(
            ctx,
            sw["spec"],
            lambda: profile.subindex_chart(comp, names, lang),
            name=f"profile_{code}_{name}_{index}_{year}",
            key="profile_strengths",
            title=f"{name}: {ctx.t('profile_strengths_heading', index=label)}",
            subtitle=[f"{label} {year}"],
            rows=sw["rows"],
        )
        st.caption(ctx.t("profile_median_caption", n=int(comp["n"].max()), year=year))
    else:
        st.info(ctx.t("profile_too_few_for_median", year=year), icon="ℹ️")
    st.table(sw["table"], hide_index=True)
    st.caption(ui.credit(ctx, sw["table_rows"]))


def whatif_section() -> None:
    """What moves the rank (computed), and the link to its own page."""
    if (wi_index := decision.whatif_index(ctx)) is not None:
        decision.whatif_section(ctx, wi_index, ctx.state.year, code, static=True)
    st.page_link(
        "pages/whatif.py", label=ctx.t("wi_open_page"), icon=":material/stairs:", query_params=ui.with_state(ctx)
    )


def peers_section() -> None:
    """The region's provinces in one year, chosen in the URL (peer_year)."""
    years = views.edition_years(folder, index)
    st.subheader(ctx.t("profile_peers_heading", region=region))
    if not years:
        st.info(ctx.t("no_values_for", what=label), icon="ℹ️")
        return
    default_year = views.peers_view(folder, index, code, None, lang)[0]
    shown = ui.url_value("peer_year", lambda r: page_params.read_year(r, years), default_year)
    peer_year = st.selectbox(
        ctx.t("year"),
        years[::-1],
        **ui.bound("peer_year", f"w_peer_year_{index}_{code}", shown),
        placeholder=ctx.t("choose_option"),
    )
    _, peers, table = views.peers_view(folder, index, code, peer_year, lang)
    n = int(peers["value"].notna().sum())
    st.caption(ctx.t("profile_peers_caption", index=label, year=peer_year, n=n, total=len(peers)))
    st.table(table, hide_index=True)
    st.caption(ui.credit(ctx, peers.assign(year=peer_year)))


def merger_section() -> None:
    """The headline series of the provinces merged together, and links to the new province."""
    new_name = ctx.name(m["successor"], 34)
    st.subheader(ctx.t("profile_merger_heading", new=ui.md(new_name)))
    member_names = {c: ctx.name(c) for c in m["members"]}
    title = ctx.t("profile_siblings_title", index=label, new=new_name)
    sib, sib_spec = views.siblings(folder, index, tuple(m["members"]), lang, title)
    if sib_spec is not None:
        downloads.chart_with_downloads(
            ctx,
            sib_spec,
            lambda: profile.siblings_chart(sib, member_names, m["members"], lang, title=title),
            name=f"merger_{m['successor']}_{index}",
            key="profile_siblings",
            rows=sib,
        )
        st.caption(f"{ctx.t('profile_siblings_caption')}  \n{ui.credit(ctx, sib)}")
    else:
        st.info(ctx.t("no_values_for", what=f"{label} · {ui.md(', '.join(member_names.values()))}"), icon="ℹ️")
    st.page_link(
        "pages/profile.py",
        label=ctx.t("unit_profile_link", name=new_name),
        icon=":material/location_city:",
        query_params=ui.with_state(ctx, unit=m["successor"]),
    )
    to_map = ui.with_state(ctx, vintage=34)
    st.page_link("pages/map.py", label=ctx.t("profile_map_link"), icon=":material/map:", query_params=to_map)


# --- below the first chart: one part at a time, chosen in the URL (section=); the others do not run ---
SECTIONS = {
    "brief": (ctx.t("profile_section_brief"), brief_section),
    "strengths": (ctx.t("profile_section_strengths"), strengths_section),
    "whatif": (ctx.t("profile_section_whatif"), whatif_section),
    "peers": (ctx.t("profile_section_peers"), peers_section),
} | ({"merger": (ctx.t("profile_section_merger"), merger_section)} if m and m["siblings"] else {})
chosen, section_tab = ui.section_tabs(
    ctx, "section", {k: label for k, (label, _) in SECTIONS.items()}, "w_profile_section"
)
with section_tab:
    SECTIONS[chosen][1]()
