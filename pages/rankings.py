"""Page: rankings and trends — rank and score over the years for the comparison set, the full table of one year."""

import streamlit as st

from dashboard import indices, page_params, rankings
from dashboard.data import is_full_table
from dashboard.i18n import indicator_name
from pages import _downloads as downloads
from pages import _league as league
from pages import _ui as ui
from pages._views import rankings as views

ctx = ui.load_context()
with st.sidebar:
    ui.index_controls(ctx)
    ui.provinces_control(ctx)

st.title(ctx.t("page_rankings"))
st.caption(ctx.t("rankings_intro"))

s = ctx.state
league.freshness_caption(ctx, s.index)
index_label = indices.label(s.index)
if s.index not in ctx.ds.indices() or s.year is None:
    st.info(ctx.t("no_values_for", what=index_label), icon="ℹ️")
    st.stop()

meta = ctx.ds.indicator(s.indicator)
codes = list(s.provinces)
names = {c: ctx.name(c) for c in ctx.catalog.codes[63]}
folder = ui.build_folder()


def without_note(key: str) -> str:
    """'No published figure for: Tuyên Quang.' for chosen provinces with no figure in any year (else blank)."""
    missing = tr["without"][key]
    return ctx.t("no_published_for", name=", ".join(missing)) if missing else ""


def trend_controls() -> tuple[bool, str | None]:
    """The national median switch and the province brought forward (both in the URL; the presentation view keeps
    them without drawing the controls)."""
    flag = ui.url_value("median", page_params.read_flag, False)
    chosen = ui.url_value("highlight", lambda r: page_params.read_code(r, codes), "")
    if s.present:
        return flag, chosen or None
    c1, c2 = st.columns([1, 1], vertical_alignment="bottom")
    median = c1.toggle(ctx.t("trend_median"), **ui.bound("median", "w_rank_median", flag, page_params.write_flag))
    highlight = c2.selectbox(
        ctx.t("trend_highlight"),
        ["", *codes],
        format_func=lambda c: names[c] if c else ctx.t("trend_highlight_none"),
        help=ctx.t("trend_highlight_help"),
        **ui.bound("highlight", "w_rank_highlight", chosen),
        placeholder=ctx.t("choose_option"),
    )
    return median, highlight or None


if not codes:
    st.info(ctx.t("empty_selection"), icon="ℹ️")
else:
    median, highlight = trend_controls()
    tr = views.trends(folder, s.index, s.indicator, tuple(codes), ctx.lang, median, highlight)
    span, credit = tr["span"], tr["credit"]
    breaks_caption = ctx.t(f"breaks_caption_{s.index}") if tr["has_breaks"] else ""
    view = league.view_choice(ctx, "rankings")

    computed_note = ctx.t("computed_rank_note") if tr["computed_ranks"] else ""
    parts = {  # chart key: heading, file name stem, chart builder, extra note (the column drawn: views.COLUMNS)
        "bump": ("bump_heading", f"{s.index}_rank", rankings.bump_chart, computed_note),
        "score": ("score_heading", s.indicator, rankings.score_chart, ctx.t("trend_median_note") if median else ""),
    }
    for key, (heading, stem, make, extra) in parts.items():
        st.subheader(ctx.t(heading))
        if reason := tr["not_drawn"][key]:
            st.info(ctx.t(reason, index=index_label), icon="ℹ️")
            continue
        name = f"{stem}_{span['first']}-{span['last']}"
        if view == "table":
            plotted = league.plotted(ctx, tr["rows"][key], views.COLUMNS[key])
            league.table_with_download(ctx, plotted, name=name, key=key)
            st.caption(ui.md(credit))
            continue
        downloads.chart_with_downloads(
            ctx,
            tr[key],
            lambda make=make: make(tr, ctx.lang),
            name=name,
            key=key,
            rows=tr["rows"][key],
        )
        notes = [breaks_caption, ctx.t("gaps_caption"), without_note(key), extra]
        st.caption(" ".join(n for n in notes if n))
        st.caption(ui.md(credit))


def year_section() -> None:
    """The year's table of every province with the chosen ones marked, its notes, their sources and credit."""
    st.subheader(ctx.t("table_heading", indicator=indicator_name(meta, ctx.lang), year=s.year))
    view = views.year_view(folder, s.index, s.indicator, s.year, tuple(codes), ctx.lang)
    right = st.column_config.TextColumn(alignment="right")
    st.dataframe(
        view["table"],
        hide_index=True,
        width="stretch",
        height=min(35 * (view["rows"] + 1) + 3, 600),
        column_config={
            ctx.t("col_chosen"): st.column_config.MultiselectColumn(
                width="small", options=[rankings.CHOSEN_MARK], color=rankings.CHOSEN_COLOR
            ),
            ctx.t("col_province"): st.column_config.TextColumn(width="medium"),
            ctx.t("rank"): right,
            ctx.t("score"): right,
        },
    )
    notes = [ctx.t("table_caption")]
    if not is_full_table(view["n"], s.index):
        notes.append(ctx.t("table_partial", year=s.year, n=view["n"], total=view["total"]))
    st.caption(" ".join(notes))
    if view["with_source"] and not s.present:  # the presentation view has no buttons
        weak, text = views.chosen_sources(folder, s.index, s.indicator, s.year, view["with_source"], ctx.lang)
        ui.sources_button(ctx, text, "rankings", weak=weak)
    st.caption(ui.md(view["credit"]))


# The tables, in a closed box (URL parameter `table` opens it and names the one shown: the year's table of the
# chosen indicator, or the full table; only the chosen one runs)
box = ui.url_box(
    ctx.t("rank_tables_box", year=s.year, index=index_label),
    "w_rank_box",
    ("table", "tier"),
    ("table", "year"),
    icon=":material/table:",
)
with box:
    if box.open:
        table_labels = {"year": ctx.t("rank_tab_year", year=s.year), "full": ctx.t("rank_tab_full", index=index_label)}
        default_table = "full" if "tier" in st.query_params else "year"  # a tier filter belongs to the full table
        shown_table, table_tab = ui.section_tabs(ctx, "table", table_labels, key="w_rank_table", default=default_table)
        with table_tab:
            if shown_table == "year":
                year_section()
            else:
                league.league_section(ctx)
