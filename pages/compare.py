"""Page: compare — two to six provinces side by side on one index and year: total, sub-indices, gaps."""

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard import comparison as cm
from dashboard import data as dd
from dashboard import indices as ix
from dashboard import page_params as pp
from dashboard.credits import COMPACT, credit_line
from dashboard.i18n import fmt_number, indicator_name, t
from pages import _downloads as dl
from pages import _ui as ui

MIN_COMPARE, MAX_COMPARE = 2, 6
SUB_LEVELS = ("subindex", "dimension", "component")

ctx = ui.load_context()
with st.sidebar:
    ui.index_controls(ctx, indicator=False)
    ui.provinces_control(ctx)

st.title(ctx.t("page_compare"))
st.caption(ctx.t("compare_intro"))

s = ctx.state
values = ctx.ds.values
index_label = ix.label(s.index)
codes = list(s.provinces)
if len(codes) < MIN_COMPARE:
    st.warning(ctx.t("compare_count", n=len(codes)), icon="⚠️")
    st.stop()
if len(codes) > MAX_COMPARE:
    left_out = ", ".join(ctx.name(c) for c in codes[MAX_COMPARE:])
    st.warning(ctx.t("compare_too_many", names=ui.md(left_out)), icon="⚠️")
    codes = codes[:MAX_COMPARE]
if s.index not in ctx.ds.indices() or s.year is None:
    st.info(ctx.t("no_values_for", what=index_label), icon="ℹ️")
    st.stop()

names = {c: ctx.name(c) for c in ctx.catalog.codes[63]}
chosen_names = ", ".join(names[c] for c in codes)
median_label, best_label = ctx.t("national_median"), ctx.t("best_province")
folder = ui.build_folder()


@st.cache_data(show_spinner=False, max_entries=128)
def comparison(build: str, index: str, year: int, codes: tuple[str, ...], lang: str) -> dict:
    """Every figure the page shows (long frame: province, median and best dots per indicator) and the chart specs."""
    ds = ui.dataset_at(build)
    values = ds.values
    labels = {c: ds.province_name(c) for c in codes} | {
        "median": t("national_median", lang),
        "best": t("best_province", lang),
    }
    total = ix.headline(index)
    subs = [c for c in ds.indicators_of(index) if ds.indicator(c).get("level") in SUB_LEVELS]
    subs = [c for c in subs if dd.select(values, index, c, year)["value"].notna().any()]
    long = cm.comparison_long(values, index, year, [total, *subs], codes, labels)
    long["indicator_label"] = long["indicator"].map(lambda c: indicator_name(ds.indicator(c), lang))
    shown = dd.select(values, index, None, year)
    credit = credit_line(shown.loc[shown["value"].notna(), ["source_id", "year"]], ds.sources, lang, **COMPACT)
    out = {"long": long, "total": total, "subs": subs, "credit": credit, "shown_rows": shown[shown["value"].notna()]}
    tot = long[long["indicator"] == total]
    sub = long[long["indicator"].isin(subs)]
    best_code = tot.loc[tot["kind"] == "best", "code"].iloc[0]
    out |= {"tot": tot, "sub": sub, "names": {c: labels[c] for c in codes}}
    out["best_name"] = ds.province_name(best_code) if isinstance(best_code, str) else None
    if tot.loc[tot["kind"] == "province", "value"].notna().any():
        out["total_spec"] = total_chart(out, index, year, codes, lang).to_dict()
    if not sub.empty and sub.loc[sub["kind"] == "province", "value"].notna().any():
        out["sub_spec"] = sub_chart(out, index, year, codes, lang).to_dict()
    return out


def total_chart(cmp: dict, index: str, year: int, codes, lang: str):
    """The totals chart of `comparison` as an Altair chart."""
    return charts.compare_totals(
        cmp["tot"],
        list(codes),
        cmp["names"],
        lang,
        best_name=cmp["best_name"],
        title=t("compare_total_title", lang, index=ix.label(index), year=year),
        subtitle=[", ".join(cmp["names"].values())],
    )


def sub_chart(cmp: dict, index: str, year: int, codes, lang: str):
    """The sub-index dots chart of `comparison` as an Altair chart."""
    return charts.compare_dots(
        cmp["sub"],
        list(codes),
        cmp["names"],
        lang,
        title=t("compare_sub_title", lang, index=ix.label(index), year=year),
        subtitle=[", ".join(cmp["names"].values())],
    )


def years_with_figures(indicator: str) -> list[int]:
    """Years in which at least two of the chosen provinces have a published score."""
    v = dd.select(values, s.index, indicator, codes=codes)
    n = v[v["value"].notna()].groupby("year")["province_code"].nunique()
    return sorted(int(y) for y in n[n >= MIN_COMPARE].index)


def fmt_table(df: pd.DataFrame, **kw) -> pd.DataFrame:
    """Numbers as text in the language, "–" where missing (these tables are read, not sorted)."""
    return df.apply(lambda col: col.map(lambda x: fmt_number(x, ctx.lang, **kw)))


cmp = comparison(folder, s.index, s.year, tuple(codes), ctx.lang)
long, total, credit, shown_rows = cmp["long"], cmp["total"], cmp["credit"], cmp["shown_rows"]
tot, sub = cmp["tot"], cmp["sub"]

if long.loc[long["kind"] == "province", "value"].isna().all():
    st.info(ctx.t("no_values_for", what=f"{index_label} {s.year}: {ui.md(chosen_names)}"), icon="ℹ️")
    good = years_with_figures(total)
    if good:
        st.page_link(
            "pages/compare.py",
            label=ctx.t("compare_try_year", index=index_label, year=good[-1]),
            icon=":material/arrow_forward:",
            query_params=ui.with_state(ctx, year=good[-1]),
        )
    st.stop()

if "total_spec" not in cmp:
    st.info(ctx.t("no_values_for", what=f"{index_label} {s.year}: {ui.md(chosen_names)}"), icon="ℹ️")
else:
    dl.chart_with_downloads(
        ctx,
        cmp["total_spec"],
        lambda: total_chart(cmp, s.index, s.year, codes, ctx.lang),
        name=f"compare_{s.index}_{s.year}",
        key="compare_total",
        rows=shown_rows,
    )
    st.caption(ui.md(credit))

if "sub_spec" not in cmp:
    st.info(ctx.t("no_sub_for", what=f"{index_label} {s.year}"), icon="ℹ️")
else:
    dl.chart_with_downloads(
        ctx,
        cmp["sub_spec"],
        lambda: sub_chart(cmp, s.index, s.year, codes, ctx.lang),
        name=f"compare_{s.index}_{s.year}_sub",
        key="compare_sub",
        rows=shown_rows,
    )
    st.caption(ui.md(credit))

INDICATOR_COLUMN = st.column_config.TextColumn(width=200)  # a long name ends in "…" (in full on hover)
st.subheader(ctx.t("compare_table_heading"))
province_cols = [names[c] for c in codes]
wide = cm.wide_table(long, [*province_cols, median_label, best_label])
best_names = long[long["kind"] == "best"].set_index("indicator_label")["code"].map(lambda c: names.get(c, "–"))
ranks = tot[tot["kind"] == "province"].set_index("series")["rank"].reindex(province_cols)
rank_row = pd.DataFrame(
    [ranks.map(lambda r: fmt_number(r, ctx.lang, decimals=0)).to_list() + ["", ""]],
    columns=[*province_cols, median_label, best_label],
    index=[f"{index_label}: {ctx.t('rank_row').lower()}"],
)
table = fmt_table(wide)
table[best_label] = [  # the best figure with its province, in one column (the table keeps to the page's width)
    f"{v} ({who})" if v != "–" and isinstance(who, str) and who != "–" else v
    for v, who in zip(table[best_label], best_names.reindex(wide.index), strict=True)
]
table = pd.concat([rank_row, table] if ranks.notna().any() else [table]).rename_axis(ctx.t("indicator"))
right = st.column_config.TextColumn(alignment="right")
st.dataframe(
    table,
    width="stretch",
    height=ui.table_height(len(table)),
    column_config={c: right for c in [*province_cols, median_label, best_label]} | {"_index": INDICATOR_COLUMN},
)
st.caption(ctx.t("median_caption"))

tab_labels = {"median": ctx.t("gap_median_heading"), "best": ctx.t("gap_best_heading")}
shown_tab = ui.url_value("tab", lambda r: pp.read_choice(r, list(tab_labels)), "median")


def _set_tab() -> None:
    label = st.session_state.get("w_compare_tab")
    st.query_params["tab"] = next((k for k, v in tab_labels.items() if v == label), "median")


tab_median, tab_best = st.tabs(
    list(tab_labels.values()), default=tab_labels[shown_tab], key="w_compare_tab", on_change=_set_tab
)
for tab, ref in ((tab_median, median_label), (tab_best, best_label)):
    gaps = cm.gap_table(wide, province_cols, ref).rename_axis(ctx.t("indicator"))
    with tab:
        st.dataframe(
            fmt_table(gaps, signed=True),
            width="stretch",
            height=ui.table_height(len(gaps)),
            column_config={c: right for c in province_cols},
        )
st.caption(ui.md(credit))
