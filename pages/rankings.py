"""Page: rankings and trends — rank and score over the years for the comparison set, the full table of one year."""

import numpy as np
import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard import data as dd
from dashboard import indices as ix
from dashboard.credits import COMPACT, credit_line
from dashboard.i18n import fmt_number, indicator_name, t
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


def without(figures: pd.Series) -> str:
    """'No published figure for: Tuyên Quang.' for chosen provinces with no figure in any year (else blank)."""
    have = set(ser.loc[figures.notna(), "province_code"])
    missing = [names[c] for c in codes if c not in have]
    return ctx.t("no_published_for", name=", ".join(missing)) if missing else ""


folder = ui.build_folder()


@st.cache_data(show_spinner=False, max_entries=128)
def trends(build: str, index: str, indicator: str, codes: tuple[str, ...], lang: str) -> dict:
    """The series of the chosen provinces, the bump and score chart specs and what their captions need."""
    ds = ui.dataset_at(build)
    values, meta = ds.values, ds.indicator(indicator)
    names = {c: ds.province_name(c) for c in codes}
    label = ix.label(index)
    years = dd.editions(values, indicator)
    ser = dd.series(values, index, indicator, codes)
    span = dict(first=years[0], last=years[-1])
    subtitle = [", ".join(names.values())]
    ranks = dd.select(values, index, indicator)["rank"]
    out = {
        "ser": ser,
        "span": span,
        "credit": credit_line(ser[["source_id", "year"]], ds.sources, lang, **COMPACT),
        "has_breaks": not charts.method_breaks(index, years, lang).empty,
        "index_has_ranks": bool(ranks.notna().any()),
        "bump_kw": dict(index=index, rank_max=int(ranks.max()) if ranks.notna().any() else None),
        "bump_title": t("bump_title", lang, index=label, **span),
        "score_title": t(
            "score_title", lang, indicator=label if meta.get("level") == "total" else indicator_name(meta, lang), **span
        ),
        "subtitle": subtitle,
        "names": names,
    }
    if out["index_has_ranks"] and ser["rank"].notna().any():
        out["bump"] = bump(out, codes, lang).to_dict()
    if ser["value"].notna().any():
        out["score"] = score(out, index, codes, lang).to_dict()
    return out


def bump(tr: dict, codes, lang: str):
    """The rank chart of `trends` as an Altair chart."""
    return charts.bump_chart(
        tr["ser"], list(codes), tr["names"], lang, **tr["bump_kw"], title=tr["bump_title"], subtitle=tr["subtitle"]
    )


def score(tr: dict, index: str, codes, lang: str):
    """The score chart of `trends` as an Altair chart."""
    return charts.score_chart(
        tr["ser"], list(codes), tr["names"], lang, index=index, title=tr["score_title"], subtitle=tr["subtitle"]
    )


if not codes:
    st.info(ctx.t("empty_selection"), icon="ℹ️")
else:
    tr = trends(folder, s.index, s.indicator, tuple(codes), ctx.lang)
    ser, span, credit = tr["ser"], tr["span"], tr["credit"]
    breaks_caption = ctx.t(f"breaks_caption_{s.index}") if tr["has_breaks"] else ""

    st.subheader(ctx.t("bump_heading"))
    if not is_total:
        st.info(ctx.t("subindex_no_rank"), icon="ℹ️")
    elif not tr["index_has_ranks"]:
        st.info(ctx.t("index_no_ranks", index=index_label), icon="ℹ️")
    elif "bump" not in tr:
        st.info(ctx.t("no_ranks_for"), icon="ℹ️")
    else:
        dl.chart_with_downloads(
            ctx,
            tr["bump"],
            lambda: bump(tr, codes, ctx.lang),
            name=f"{s.index}_rank_{span['first']}-{span['last']}",
            key="bump",
            rows=ser[ser["rank"].notna()],
        )
        notes = [breaks_caption, ctx.t("gaps_caption"), without(ser["rank"])]
        if (ser["rank_status"] == "computed").any():
            notes.append(ctx.t("computed_rank_note"))
        st.caption(" ".join(n for n in notes if n))
        st.caption(ui.md(credit))

    st.subheader(ctx.t("score_heading"))
    if "score" not in tr:
        st.info(ctx.t("no_scores_for"), icon="ℹ️")
    else:
        dl.chart_with_downloads(
            ctx,
            tr["score"],
            lambda: score(tr, s.index, codes, ctx.lang),
            name=f"{s.indicator}_{span['first']}-{span['last']}",
            key="score",
            rows=ser[ser["value"].notna()],
        )
        st.caption(" ".join(n for n in (breaks_caption, ctx.t("gaps_caption"), without(ser["value"])) if n))
        st.caption(ui.md(credit))


def sortable(x, lang: str, decimals: int, width: int) -> str:
    """A number as text in the language, left-padded with spaces so that sorting the text sorts the numbers."""
    return fmt_number(x, lang, decimals=decimals).rjust(width)


@st.cache_data(show_spinner=False, max_entries=128)
def ranking_frame(
    build: str, index: str, indicator: str, year: int, codes: tuple[str, ...], lang: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every province of the 63 for one year (and Hà Tây where its year's table has it), missing last: the raw rows
    and the table to show ("–" for missing)."""
    ds = ui.dataset_at(build)
    is_total = ds.indicator(indicator).get("level") == "total"
    table = dd.ranking_table(ds.values, index, indicator, year)
    held = [c for c in ds.historical_codes(63) if c in set(table["province_code"])]
    t_ = pd.DataFrame({"province_code": ds.province_codes(63) + held}).merge(table, on="province_code", how="left")
    t_ = t_.sort_values(["rank", "value", "province_code"], ascending=[True, False, True], na_position="last")
    t_ = t_.reset_index(drop=True)
    rank_type = {
        "published": t("status_published", lang),
        "computed": t("rank_computed", lang),
        "ordered_list": t("basis_ordered_list", lang),
        "derived": t("basis_derived", lang),
    }
    width = max(len(fmt_number(v, lang)) for v in [*t_["value"].dropna(), 0.0])
    shown = pd.DataFrame(
        {
            t("col_chosen", lang): t_["province_code"].map(lambda c: "●" if c in codes else ""),
            t("rank", lang): t_["rank"].map(lambda r: sortable(r, lang, 0, 2)),
            t("col_province", lang): t_["province_code"].map(ds.province_name),
            t("score", lang): t_["value"].map(lambda v: sortable(v, lang, 2, width)),
            t("col_rank_status", lang): t_["rank_status"].map(rank_type).fillna(""),
            t("col_tier", lang): t_["tier"].fillna(""),
        }
    )
    if not is_total or t_["rank"].isna().all():
        shown = shown.drop(columns=[t("rank", lang), t("col_rank_status", lang), t("col_tier", lang)])
    elif t_["tier"].isna().all():
        shown = shown.drop(columns=[t("col_tier", lang)])
    return t_, shown


st.subheader(ctx.t("table_heading", indicator=indicator_label, year=s.year))
rows, frame = ranking_frame(folder, s.index, s.indicator, s.year, tuple(codes), ctx.lang)
chosen = (frame[ctx.t("col_chosen")] == "●").to_numpy()
CHOSEN_CSS = "background-color: #fff3cd; font-weight: 600"
cells = np.repeat(chosen[:, None], frame.shape[1], axis=1)
styles = pd.DataFrame(np.where(cells, CHOSEN_CSS, ""), index=frame.index, columns=frame.columns)
styler = frame.style.apply(lambda _: styles, axis=None)
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
if not dd.is_full_table(has_figure.sum(), s.index):
    notes.append(ctx.t("table_partial", year=s.year, n=int(has_figure.sum()), total=len(rows)))
st.caption(" ".join(notes))
with_source = [c for c in codes if c in set(rows.loc[has_figure, "province_code"])]
for c, col in zip(with_source, st.columns(max(len(with_source), 1)), strict=False):
    with col:
        src_label = f"{ctx.t('src_button')}: {ui.md(names[c])}"
        ui.source_popover(ctx, s.index, s.indicator, s.year, c, key=f"rankings_{c}", label=src_label)
st.caption(ui.credit(ctx, rows.loc[has_figure, ["source_id", "year"]], **COMPACT))
