"""Page: compare — two to six provinces side by side on one index and year: total, sub-indices, gaps."""

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard import data as dd
from dashboard import page_params as pp
from dashboard.credits import COMPACT, credit_line
from dashboard.i18n import fmt_number
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
index_label = dd.INDEX_LABELS.get(s.index, s.index)
codes = list(s.provinces)
if len(codes) < MIN_COMPARE:
    st.warning(ctx.t("compare_count", n=len(codes)), icon="⚠️")
    st.stop()
if len(codes) > MAX_COMPARE:
    left_out = ", ".join(ctx.name(c) for c in codes[MAX_COMPARE:])
    st.warning(ctx.t("compare_too_many", names=left_out), icon="⚠️")
    codes = codes[:MAX_COMPARE]
if s.index not in ctx.ds.indices() or s.year is None:
    st.info(ctx.t("no_values_for", what=index_label), icon="ℹ️")
    st.stop()

names = {c: ctx.name(c) for c in ctx.catalog.codes[63]}
chosen_names = ", ".join(names[c] for c in codes)
median_label, best_label = ctx.t("national_median"), ctx.t("best_province")


def label_of(code: str) -> str:
    """Indicator name in the language."""
    row = ctx.ds.indicator(code)
    return row["name_vi" if ctx.lang == "vi" else "name_en"]


def indicator_rows(indicator: str, order: int) -> list[dict]:
    """Dots for one indicator: each chosen province, the national median (computed) and the best province."""
    sel = dd.select(values, s.index, indicator, s.year, codes=codes).set_index("province_code")
    rows = [
        {
            "indicator": indicator,
            "order": order,
            "series": names[c],
            "kind": "province",
            "code": c,
            "value": sel["value"].get(c),
            "rank": sel["rank"].get(c),
        }
        for c in codes
    ]
    median = dd.national_median(values, s.index, indicator, s.year)
    best = dd.best_province(values, s.index, indicator, s.year)
    rows.append(
        {
            "indicator": indicator,
            "order": order,
            "series": median_label,
            "kind": "median",
            "code": None,
            "value": median,
            "rank": None,
        }
    )
    rows.append(
        {
            "indicator": indicator,
            "order": order,
            "series": best_label,
            "kind": "best",
            "code": best["code"] if best else None,
            "value": best["value"] if best else None,
            "rank": None,
        }
    )
    return rows


def years_with_figures(indicator: str) -> list[int]:
    """Years in which at least two of the chosen provinces have a published score."""
    v = dd.select(values, s.index, indicator, codes=codes)
    n = v[v["value"].notna()].groupby("year")["province_code"].nunique()
    return sorted(int(y) for y in n[n >= MIN_COMPARE].index)


def fmt_table(df: pd.DataFrame, **kw) -> pd.DataFrame:
    """Numbers as text in the language, "–" where missing (these tables are read, not sorted)."""
    return df.apply(lambda col: col.map(lambda x: fmt_number(x, ctx.lang, **kw)))


total = dd.HEADLINE[s.index]
subs = [c for c in ctx.ds.indicators_of(s.index) if ctx.ds.indicator(c).get("level") in SUB_LEVELS]
subs = [c for c in subs if dd.select(values, s.index, c, s.year)["value"].notna().any()]
long = pd.DataFrame([r for i, c in enumerate([total, *subs]) for r in indicator_rows(c, i)])
long["indicator_label"] = long["indicator"].map(label_of)
long["value"] = pd.to_numeric(long["value"], errors="coerce")
shown = dd.select(values, s.index, None, s.year)
credit = credit_line(shown.loc[shown["value"].notna(), ["source_id", "year"]], ctx.ds.sources, ctx.lang, **COMPACT)
shown_rows = shown[shown["value"].notna()]

if long.loc[long["kind"] == "province", "value"].isna().all():
    st.info(ctx.t("no_values_for", what=f"{index_label} {s.year}: {chosen_names}"), icon="ℹ️")
    good = years_with_figures(total)
    if good:
        st.page_link(
            "pages/compare.py",
            label=ctx.t("compare_try_year", index=index_label, year=good[-1]),
            icon=":material/arrow_forward:",
            query_params=ui.with_state(ctx, year=good[-1]),
        )
    st.stop()

tot = long[long["indicator"] == total]
if tot.loc[tot["kind"] == "province", "value"].isna().all():
    st.info(ctx.t("no_values_for", what=f"{index_label} {s.year}: {chosen_names}"), icon="ℹ️")
else:
    best_code = tot.loc[tot["kind"] == "best", "code"].iloc[0]
    chart = charts.compare_totals(
        tot,
        codes,
        names,
        ctx.lang,
        best_name=names.get(best_code),
        title=ctx.t("compare_total_title", index=index_label, year=s.year),
        subtitle=[chosen_names],
    )
    dl.chart_with_downloads(ctx, chart, name=f"compare_{s.index}_{s.year}", key="compare_total", rows=shown_rows)
    st.caption(credit)

sub = long[long["indicator"].isin(subs)]
if sub.empty or sub.loc[sub["kind"] == "province", "value"].isna().all():
    st.info(ctx.t("no_sub_for", what=f"{index_label} {s.year}"), icon="ℹ️")
else:
    chart = charts.compare_dots(
        sub,
        codes,
        names,
        ctx.lang,
        title=ctx.t("compare_sub_title", index=index_label, year=s.year),
        subtitle=[chosen_names],
    )
    dl.chart_with_downloads(ctx, chart, name=f"compare_{s.index}_{s.year}_sub", key="compare_sub", rows=shown_rows)
    st.caption(credit)

st.subheader(ctx.t("compare_table_heading"))
wide = long.set_index(["order", "indicator_label", "series"])["value"].unstack("series")
wide = wide.sort_index(level="order").droplevel("order")
province_cols = [names[c] for c in codes]
wide = wide.reindex(columns=[*province_cols, median_label, best_label])
best_col = f"{best_label}: {ctx.t('col_province').lower()}"
best_names = long[long["kind"] == "best"].set_index("indicator_label")["code"].map(lambda c: names.get(c, "–"))
ranks = tot[tot["kind"] == "province"].set_index("series")["rank"].reindex(province_cols)
rank_row = pd.DataFrame(
    [ranks.map(lambda r: fmt_number(r, ctx.lang, decimals=0)).to_list() + ["", "", ""]],
    columns=[*province_cols, median_label, best_label, best_col],
    index=[f"{index_label}: {ctx.t('rank_row').lower()}"],
)
table = fmt_table(wide).assign(**{best_col: best_names.reindex(wide.index).fillna("–")})
table = pd.concat([rank_row, table] if ranks.notna().any() else [table]).rename_axis(ctx.t("indicator"))
right = st.column_config.TextColumn(alignment="right")
st.dataframe(
    table,
    width="stretch",
    height=35 * (len(table) + 1) + 3,
    column_config={c: right for c in [*province_cols, median_label, best_label]},
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
    gaps = wide[province_cols].sub(wide[ref], axis=0).rename_axis(ctx.t("indicator"))
    with tab:
        st.dataframe(
            fmt_table(gaps, signed=True),
            width="stretch",
            height=35 * (len(gaps) + 1) + 3,
            column_config={c: right for c in province_cols},
        )
st.caption(credit)
