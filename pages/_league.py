"""Streamlit glue for the full ranking table, the Chart/Map/Table switch and the last-updated line."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard import data, export, freshness, images, indices, league, page_params
from dashboard.i18n import fmt_list, fmt_number
from pages import _downloads as downloads
from pages import _ui as ui

VIEWS = ("chart", "table")


def freshness_caption(ctx: ui.Ctx, index: str | None = None) -> None:
    """'PCI: latest edition 2024 · source retrieved: not recorded' for the page's index (or every index)."""
    text = _freshness(ui.build_folder(), ctx.lang, index)
    if text:
        st.caption(f":material/update: {ui.md(text)}")


@st.cache_data(show_spinner=False, max_entries=64)
def _freshness(build: str, lang: str, index: str | None) -> str:
    """freshness.freshness_text of a build (its sources and latest editions do not change within it)."""
    return freshness.freshness_text(ui.dataset_at(build).sources, ui._latest_editions(build), lang, only=index)


def view_choice(ctx: ui.Ctx, key: str, first: str = "chart") -> str:
    """Chart (or map) / Table, bound to the URL parameter `view`."""
    chosen = ui.url_choice(ctx, "view", list(VIEWS), "chart")
    labels = {"chart": ctx.t("view_map") if first == "map" else ctx.t("view_chart"), "table": ctx.t("view_table")}
    value = st.segmented_control(
        ctx.t("view_label"),
        list(VIEWS),
        format_func=labels.get,
        required=True,
        **ui.bound("view", f"w_{key}_view", chosen),
    )
    return value or "chart"


def table_with_download(ctx: ui.Ctx, frame: pd.DataFrame, *, name: str, key: str) -> None:
    """A table (numbers in the language, "–" where missing) and a CSV button with exactly its rows and columns."""
    st.dataframe(
        league.shown_frame(frame, {}, ctx.lang),
        hide_index=True,
        width="stretch",
        height=min(35 * (len(frame) + 1) + 3, 560),
        column_config=text_columns(frame),
    )
    stem = images.file_stem(name)
    if ctx.state.present:  # the presentation view is for screenshots: no buttons
        return
    downloads.download_row(
        {
            "csv": (
                ctx.t("table_download"),
                lambda: export.to_csv_bytes(frame),
                f"{stem}.csv",
                ctx.t("table_download_help"),
            )
        },
        key=f"table_{key}",
    )


def plotted(ctx: ui.Ctx, rows: pd.DataFrame, field: str, vintage: int = 63, with_year: bool = True) -> pd.DataFrame:
    """The table of what a chart or map plots (dashboard.league.plotted_table), province names in the vintage."""
    names = {c: ctx.name(c, vintage) for c in rows["province_code"].unique()}
    return league.plotted_table(rows, names, ctx.lang, field=field, with_year=with_year, sources=credits(ctx))


def credits(ctx: ui.Ctx) -> dict[str, str]:
    """Source id → its credit line ("VCCI & USAID, PCI 2019"), for the tables' source column."""
    return {i: ctx.ds.source(i).get("attribution") or i for i in ctx.ds.sources.get("id", [])}


def text_columns(frame: pd.DataFrame) -> dict:
    """Column settings for a shown_frame: the figures (text in the language) right-aligned as numbers are."""
    right = st.column_config.TextColumn(alignment="right")
    return {c: right for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}


@st.cache_data(show_spinner=False, max_entries=256)
def tiers(build: str, index: str, year: int) -> list[str]:
    """league.tiers_of for one edition of a build."""
    return league.tiers_of(ui.dataset_at(build).values, index, year)


@st.cache_data(show_spinner=False, max_entries=64)
def league_view(build: str, index: str, year: int, tier: str, lang: str):
    """The full table of one edition (frame, numbers for the CSV), its computed marks, the table as shown (texts),
    its column settings, how many provinces have a figure and its sources."""
    ds = ui.dataset_at(build)
    table = league.league_table(ds, index, year, tier or None)
    frame = league.league_frame(ds, table, index, year, lang)
    marks = league.league_marks(ds, table, index, year, lang)
    head = indices.headline(index)
    has = table["rank"].notna() | (table[head].notna() if head in table.columns else False)
    shown = pa.Table.from_pandas(league.shown_frame(frame, marks, lang), preserve_index=False)  # sent as it is
    config = text_columns(frame)
    return frame, marks, shown, config, int(has.sum()), table[["source_id"]].assign(year=year)


def league_section(ctx: ui.Ctx) -> None:
    """All provinces × all sub-indices of the page's index and year, sortable, with the published tiers."""
    s = ctx.state
    folder, lang = ui.build_folder(), ctx.lang
    st.subheader(ctx.t("league_heading", index=indices.label(s.index), year=s.year))
    st.caption(ctx.t("league_intro"))
    tiers_shown = tiers(folder, s.index, s.year)
    tier = ""
    if tiers_shown:
        chosen = ui.url_value("tier", lambda r: page_params.read_choice(r, tiers_shown), "")
        tier = st.selectbox(
            ctx.t("league_tier_filter"),
            ["", *tiers_shown],
            format_func=lambda x: x or ctx.t("league_tier_all"),
            **ui.bound("tier", "w_league_tier", chosen),
            placeholder=ctx.t("choose_option"),
        )
    frame, marks, shown, config, n, src = league_view(folder, s.index, s.year, tier, lang)
    name = f"{ctx.t('league_file')}_{s.index}_{s.year}" + (f"_{tier}" if tier else "")
    height = min(35 * (len(frame) + 1) + 3, 600)
    st.dataframe(shown, hide_index=True, width="stretch", height=height, column_config=config)
    notes = []
    if tiers_shown:
        notes.append(ctx.t("league_tier_caption", year=s.year))
    elif s.index == "pci":
        notes.append(ctx.t("league_no_tiers", year=s.year))
    if marks:
        notes.append(ctx.t("league_computed_caption", what=fmt_list(marks, lang)))
    total = len(ctx.ds.province_codes(63))
    if not tier and not data.is_full_table(n, s.index):
        notes.append(ctx.t("league_partial", n=fmt_number(n, lang, 0), total=total))
    st.caption(" ".join(notes))
    csv = league.league_csv_frame(frame, marks, lang)
    if not ctx.state.present:
        downloads.download_row(
            {
                "csv": (
                    ctx.t("league_download"),
                    lambda: export.to_csv_bytes(csv),
                    f"{images.file_stem(name)}.csv",
                    ctx.t("league_download_help"),
                )
            },
            key="league",
        )
    st.caption(ui.credit(ctx, src.dropna()))
