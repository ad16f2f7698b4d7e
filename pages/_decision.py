"""Streamlit glue of the decision pages: cached what-if, correlation and briefing views, and their sections."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data as dd
from dashboard import whatif as wi
from dashboard.i18n import indicator_name, t
from dashboard.numfmt import number
from pages import _ui as ui


@st.cache_data(max_entries=4, show_spinner=False)
def weights(build_folder: str) -> pd.DataFrame:
    """The build's weights table."""
    return wi.load_weights(build_folder)


@st.cache_data(max_entries=256, show_spinner=False)
def whatif_view(build_folder: str, index: str, year: int, code: str, lang: str) -> dict | None:
    """Everything the what-if section shows, in the language: numbers, chart spec, table and sentences."""
    ds = ui.dataset()
    result = wi.subindex_gains(ds.values, weights(build_folder), index, year, code)
    if result is None:
        return None
    names = {c: indicator_name(ds.indicator(c), lang) for c in result["subs"]["indicator"]}
    label = dd.INDEX_LABELS[index]
    return {
        **result,
        "names": names,
        "chart": wi.gains_chart(result["subs"], names, lang, title=t("wi_chart_title", lang, index=label)),
        "table": wi.gains_table(result, names, lang),
        "climb_lines": wi.climb_lines(result, names, lambda c: ds.province_name(c, 63, lang), lang),
    }


def whatif_index(ctx: ui.Ctx) -> str:
    """The index to simulate: the view's when it is PCI or PAPI, else PCI (with a note)."""
    if ctx.state.index in wi.INDICES:
        return ctx.state.index
    st.caption(ctx.t("wi_not_for_index"))
    return "pci"


def whatif_section(ctx: ui.Ctx, index: str, year: int | None, code: str) -> None:
    """The what-moves-the-rank block: the province's line, the gains chart, the climbs and the table."""
    folder = ui.build_folder()
    w = weights(folder)
    label = dd.INDEX_LABELS[index]
    chosen = wi.pick_year(w, index, year)
    if chosen is None:
        st.info(ctx.t("no_values_for", what=label), icon="ℹ️")
        return
    if year is not None and year != chosen:
        why = wi.why_not(w, index, year) or ctx.t("status_missing")
        years = ", ".join(str(y) for y in wi.years(w, index))
        st.info(ctx.t("wi_no_weights", index=label, year=year, why=why, years=years), icon="ℹ️")
    view = whatif_view(folder, index, chosen, code, ctx.lang)
    name = ctx.name(code)
    st.subheader(ctx.t("wi_heading", index=label, year=chosen))
    if view is None:
        st.info(ctx.t("wi_not_in_table", name=name, index=label, year=chosen), icon="ℹ️")
        return
    key = "wi_current_computed_rank" if view["rank_status"] != "published" else "wi_current"
    total = number(view["total"], ctx.lang)
    st.markdown(ctx.t(key, name=name, year=chosen, total=total, index=label, rank=view["rank"], n=view["n"]))
    st.vega_lite_chart(view["chart"], width="stretch")
    residual = number(wi.max_residual(w, index, chosen), ctx.lang, 6)
    st.caption(ctx.t("wi_caption", index=label, year=chosen, residual=residual))
    if view["n"] > len(ctx.catalog.codes[63]):
        st.caption(ctx.t("wi_hatay_note", year=chosen))
    st.markdown(f"**{ctx.t('wi_climb_heading')}**")
    if view["rank"] == 1:
        st.markdown(ctx.t("wi_top", year=chosen))
    for line in view["climb_lines"]:
        st.markdown(f"- {line}")
    st.dataframe(view["table"], hide_index=True, width="stretch", height=36 * (len(view["table"]) + 1) + 3)
    st.caption(ctx.t("wi_vintage_note"))
