"""Page: one province — four indices over time, strengths against the country, regional peers, the 2025 merger."""

import pandas as pd
import streamlit as st

from dashboard import data as dd
from dashboard import indices as ix
from dashboard import profile as pf
from dashboard.credits import credit_line, credits
from dashboard.i18n import fmt_number, indicator_name
from dashboard.tables import status_text
from pages import _downloads as dl
from pages import _ui as ui

ctx = ui.load_context()
with st.sidebar:
    ui.province_control(ctx)
    ui.index_controls(ctx, indicator=False, year=False)

code, lang, values = ctx.state.province, ctx.lang, ctx.ds.values
name = ctx.name(code)
index = ctx.state.index
label = ix.label(index)
st.title(f"{ctx.t('page_profile')}: {name}")
p63 = ctx.ds.provinces[(ctx.ds.provinces["code"] == code) & (ctx.ds.provinces["vintage"] == 63)]
if len(p63) and pd.notna(p63.iloc[0]["region_vi"]):
    st.caption(
        ctx.t("profile_region_line", region=p63.iloc[0]["region_vi" if lang == "vi" else "region_en"], code=code)
    )

m = pf.merger(ctx.ds.provinces, code)
if m:
    sentence = pf.merger_sentence(m, name, ctx.name(m["successor"], 34), [ctx.name(c) for c in m["siblings"]], lang)
    st.info(sentence, icon=":material/merge:")

if not ctx.state.present:
    with st.container(border=True):
        st.markdown(f"**{ctx.t('brief_heading')}**")
        st.caption(ctx.t("brief_caption", name=name))
        dl.brief_downloads(ctx, code)


def rank_cell(rank, rank_status) -> str:
    """Rank as text; a computed rank says so; missing is a dash."""
    if pd.isna(rank):
        return "–"
    return f"{int(rank)} ({ctx.t('computed_label')})" if rank_status == "computed" else str(int(rank))


def status_cell(status, value=None, rank=None) -> str:
    """Status in the language (a rank without its score says so)."""
    return status_text(status, value, rank, lang)


# --- 1. the four indices over time ---
st.subheader(ctx.t("profile_over_time"))
series = pf.index_series(values, code)
if series["value"].notna().any():
    dl.chart_with_downloads(
        ctx,
        pf.small_multiples(series, lang),
        name=f"profile_{code}_{name}",
        key="profile_over_time",
        title=f"{name}: {ctx.t('profile_over_time')}",
        rows=series[series["value"].notna()],
        width="content",
    )
    st.caption(ctx.t("profile_gaps_caption"))
else:
    st.info(ctx.t("no_values_for", what=name), icon="ℹ️")

latest, latest_rows = [], []
for i in ix.codes():
    f = series[(series["index"] == i) & (series["value"].notna() | series["rank"].notna())]
    if len(f):
        r = f.iloc[-1]
        latest_rows.append(r)
        latest.append(
            {
                ctx.t("index"): ix.label(i),
                ctx.t("year"): str(int(r["year"])),
                ctx.t("score"): fmt_number(r["value"], lang),
                ctx.t("rank"): rank_cell(r["rank"], r["rank_status"]),
                ctx.t("status"): status_cell(r["status"], r["value"], r["rank"]),
                ctx.t("source"): "; ".join(credits(f.tail(1), ctx.ds.sources)[0]) or "–",
            }
        )
    else:
        latest.append(
            {
                ctx.t("index"): ix.label(i),
                ctx.t("year"): "–",
                ctx.t("score"): "–",
                ctx.t("rank"): "–",
                ctx.t("status"): ctx.t("status_missing"),
                ctx.t("source"): "–",
            }
        )
st.markdown(f"**{ctx.t('profile_latest_heading')}**")
st.dataframe(pd.DataFrame(latest), hide_index=True, width="stretch")
for r, col in zip(latest_rows, st.columns(max(len(latest_rows), 1)), strict=False):
    with col:
        src_label = f"{ctx.t('src_button')}: {ix.label(r['index'])} {int(r['year'])}"
        key = f"profile_{r['index']}"
        ui.source_popover(ctx, r["index"], r["indicator"], int(r["year"]), code, key=key, label=src_label)
st.caption(credit_line(series, ctx.ds.sources, lang))

# --- 2. strengths and weaknesses against the country ---
st.subheader(ctx.t("profile_strengths_heading", index=label))
year, comp = pf.subindex_comparison(values, ctx.ds.indicators, index, code)
if year is None:
    st.info(ctx.t("no_sub_for_profile", index=label, name=name), icon="ℹ️")
else:
    names = {c: indicator_name(ctx.ds.indicator(c), lang) for c in comp["indicator"]}
    strong, weak = pf.strongest_weakest(comp)
    if comp["median"].notna().any():
        st.markdown(ctx.t("profile_strongest", year=year, names=", ".join(names[c] for c in strong) or "–"))
        st.markdown(ctx.t("profile_weakest", year=year, names=", ".join(names[c] for c in weak) or "–"))
        dl.chart_with_downloads(
            ctx,
            pf.subindex_chart(comp, names, lang),
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
    st.dataframe(table, hide_index=True, width="stretch", height=36 * (len(table) + 1) + 3)
    sub_src = dd.select(values, index, year=year, codes=[code])
    st.caption(credit_line(sub_src[sub_src["indicator"].isin(comp["indicator"])], ctx.ds.sources, lang))

# --- 3. the region's provinces ---
region = p63.iloc[0]["region_vi" if lang == "vi" else "region_en"] if len(p63) else ""
years = pf.edition_years(values, ix.headlines().get(index, ""))
st.subheader(ctx.t("profile_peers_heading", region=region))
if not years:
    st.info(ctx.t("no_values_for", what=label), icon="ℹ️")
else:
    default_year = pf.peers_default_year(values, ctx.ds.provinces, index, code)
    peer_year = st.selectbox(
        ctx.t("year"), years[::-1], index=years[::-1].index(default_year), key=f"w_peer_year_{index}_{code}"
    )
    _, peers = pf.region_peers(values, ctx.ds.provinces, index, code, year=peer_year)
    table = pd.DataFrame(
        {
            ctx.t("province"): [
                ("● " if s else "") + ctx.name(c) for c, s in zip(peers["province_code"], peers["is_self"], strict=True)
            ],
            ctx.t("score"): [fmt_number(v, lang) for v in peers["value"]],
            ctx.t("rank"): [rank_cell(r, s) for r, s in zip(peers["rank"], peers["rank_status"], strict=True)],
            ctx.t("status"): [
                status_cell(s, v, r) for s, v, r in zip(peers["status"], peers["value"], peers["rank"], strict=True)
            ],
        }
    )
    st.caption(
        ctx.t(
            "profile_peers_caption", index=label, year=peer_year, n=int(peers["value"].notna().sum()), total=len(peers)
        )
    )
    st.dataframe(table, hide_index=True, width="stretch", height=36 * (len(table) + 1) + 3)
    st.caption(credit_line(peers.assign(year=peer_year), ctx.ds.sources, lang))

# --- 4. after the 2025 merger ---
if m and m["siblings"]:
    st.subheader(ctx.t("profile_merger_heading", new=ctx.name(m["successor"], 34)))
    sib = pf.siblings_series(values, index, ix.headlines().get(index, ""), m["members"])
    member_names = {c: ctx.name(c) for c in m["members"]}
    if len(sib) and sib["value"].notna().any():
        title = ctx.t("profile_siblings_title", index=label, new=ctx.name(m["successor"], 34))
        chart = pf.siblings_chart(sib, member_names, m["members"], lang, title=title)
        dl.chart_with_downloads(ctx, chart, name=f"merger_{m['successor']}_{index}", key="profile_siblings", rows=sib)
        st.caption(ctx.t("profile_siblings_caption"))
        st.caption(credit_line(sib, ctx.ds.sources, lang))
    else:
        st.info(ctx.t("no_values_for", what=f"{label} · {', '.join(member_names.values())}"), icon="ℹ️")
    st.page_link(
        "pages/map.py",
        label=ctx.t("profile_map_link"),
        icon=":material/map:",
        query_params=ui.with_state(ctx, vintage=34),
    )
