"""Page: rankings and trends — rank and score over the years for the comparison set, the full table of one year."""

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard import data as dd
from dashboard import indices as ix
from dashboard.credits import COMPACT, credit_line
from dashboard.i18n import fmt_number
from pages import _downloads as dl
from pages import _ui as ui

ctx = ui.load_context()
with st.sidebar:
    ui.index_controls(ctx)
    ui.provinces_control(ctx)

st.title(ctx.t("page_rankings"))
st.caption(ctx.t("rankings_intro"))

s = ctx.state
values = ctx.ds.values
index_label = ix.label(s.index)
if s.index not in ctx.ds.indices() or s.year is None:
    st.info(ctx.t("no_values_for", what=index_label), icon="ℹ️")
    st.stop()

meta = ctx.ds.indicator(s.indicator)
indicator_label = meta["name_vi" if ctx.lang == "vi" else "name_en"]
is_total = meta.get("level") == "total"
codes = list(s.provinces)
names = {c: ctx.name(c) for c in ctx.catalog.codes[63]}
chosen_names = ", ".join(names[c] for c in codes)
years = dd.editions(values, s.indicator)


def without(figures: pd.Series) -> str:
    """'No published figure for: Tuyên Quang.' for chosen provinces with no figure in any year (else blank)."""
    have = set(ser.loc[figures.notna(), "province_code"])
    missing = [names[c] for c in codes if c not in have]
    return ctx.t("no_published_for", name=", ".join(missing)) if missing else ""


if not codes:
    st.info(ctx.t("empty_selection"), icon="ℹ️")
else:
    ser = dd.series(values, s.index, s.indicator, codes)
    span = dict(first=years[0], last=years[-1])
    credit = credit_line(ser[["source_id", "year"]], ctx.ds.sources, ctx.lang, **COMPACT)
    has_breaks = not charts.method_breaks(s.index, years, ctx.lang).empty
    breaks_caption = ctx.t(f"breaks_caption_{s.index}") if has_breaks else ""

    st.subheader(ctx.t("bump_heading"))
    if not is_total:
        st.info(ctx.t("subindex_no_rank"), icon="ℹ️")
    elif dd.select(values, s.index, s.indicator)["rank"].isna().all():
        st.info(ctx.t("index_no_ranks", index=index_label), icon="ℹ️")
    elif ser["rank"].isna().all():
        st.info(ctx.t("no_ranks_for"), icon="ℹ️")
    else:
        rank_max = dd.select(values, s.index, s.indicator)["rank"].max()
        chart = charts.bump_chart(
            ser,
            codes,
            names,
            ctx.lang,
            index=s.index,
            rank_max=int(rank_max),
            title=ctx.t("bump_title", index=index_label, **span),
            subtitle=[chosen_names],
        )
        dl.chart_with_downloads(
            ctx, chart, name=f"{s.index}_rank_{span['first']}-{span['last']}", key="bump", rows=ser[ser["rank"].notna()]
        )
        notes = [breaks_caption, ctx.t("gaps_caption"), without(ser["rank"])]
        if (ser["rank_status"] == "computed").any():
            notes.append(ctx.t("computed_rank_note"))
        st.caption(" ".join(n for n in notes if n))
        st.caption(credit)

    st.subheader(ctx.t("score_heading"))
    if ser["value"].isna().all():
        st.info(ctx.t("no_scores_for"), icon="ℹ️")
    else:
        title = ctx.t("score_title", indicator=indicator_label if not is_total else index_label, **span)
        chart = charts.score_chart(ser, codes, names, ctx.lang, index=s.index, title=title, subtitle=[chosen_names])
        dl.chart_with_downloads(
            ctx,
            chart,
            name=f"{s.indicator}_{span['first']}-{span['last']}",
            key="score",
            rows=ser[ser["value"].notna()],
        )
        st.caption(" ".join(n for n in (breaks_caption, ctx.t("gaps_caption"), without(ser["value"])) if n))
        st.caption(credit)


def sortable(x, decimals: int, width: int) -> str:
    """A number as text in the language, left-padded with spaces so that sorting the text sorts the numbers."""
    return fmt_number(x, ctx.lang, decimals=decimals).rjust(width)


def ranking_frame(year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every province of the 63 for one year, missing last: the raw rows and the table to show ("–" for missing)."""
    table = dd.ranking_table(values, s.index, s.indicator, year)
    t = pd.DataFrame({"province_code": list(ctx.catalog.codes[63])}).merge(table, on="province_code", how="left")
    t = t.sort_values(["rank", "value", "province_code"], ascending=[True, False, True], na_position="last")
    t = t.reset_index(drop=True)
    rank_type = {
        "published": ctx.t("status_published"),
        "computed": ctx.t("rank_computed"),
        "ordered_list": ctx.t("basis_ordered_list"),
        "derived": ctx.t("basis_derived"),
    }
    width = max(len(fmt_number(v, ctx.lang)) for v in [*t["value"].dropna(), 0.0])
    shown = pd.DataFrame(
        {
            ctx.t("col_chosen"): t["province_code"].map(lambda c: "●" if c in codes else ""),
            ctx.t("rank"): t["rank"].map(lambda r: sortable(r, 0, 2)),
            ctx.t("col_province"): t["province_code"].map(names),
            ctx.t("score"): t["value"].map(lambda v: sortable(v, 2, width)),
            ctx.t("col_rank_status"): t["rank_status"].map(rank_type).fillna(""),
            ctx.t("col_tier"): t["tier"].fillna(""),
        }
    )
    if not is_total or t["rank"].isna().all():
        shown = shown.drop(columns=[ctx.t("rank"), ctx.t("col_rank_status"), ctx.t("col_tier")])
    elif t["tier"].isna().all():
        shown = shown.drop(columns=[ctx.t("col_tier")])
    return t, shown


st.subheader(ctx.t("table_heading", indicator=indicator_label, year=s.year))
rows, frame = ranking_frame(s.year)
chosen = frame[ctx.t("col_chosen")] == "●"
styler = frame.style.apply(
    lambda row: ["background-color: #fff3cd; font-weight: 600" if chosen[row.name] else "" for _ in row], axis=1
)
right = st.column_config.TextColumn(alignment="right")
st.dataframe(
    styler,
    hide_index=True,
    width="stretch",
    height=min(35 * (len(frame) + 1) + 3, 600),
    column_config={
        ctx.t("col_chosen"): st.column_config.TextColumn(width="small", alignment="center"),
        ctx.t("col_province"): st.column_config.TextColumn(width="medium"),
        ctx.t("rank"): right,
        ctx.t("score"): right,
    },
)
has_figure = rows["value"].notna() | rows["rank"].notna()
notes = [ctx.t("table_caption")]
if has_figure.sum() < dd.FULL_TABLE_MIN:
    notes.append(ctx.t("table_partial", year=s.year, n=int(has_figure.sum()), total=len(rows)))
st.caption(" ".join(notes))
with_source = [c for c in codes if c in set(rows.loc[has_figure, "province_code"])]
for c, col in zip(with_source, st.columns(max(len(with_source), 1)), strict=False):
    with col:
        src_label = f"{ctx.t('src_button')}: {names[c]}"
        ui.source_popover(ctx, s.index, s.indicator, s.year, c, key=f"rankings_{c}", label=src_label)
st.caption(credit_line(rows.loc[has_figure, ["source_id", "year"]], ctx.ds.sources, ctx.lang, **COMPACT))
