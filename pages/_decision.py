"""Streamlit glue of the decision pages: cached what-if, correlation and briefing views, and their sections."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import correlate, data, export, indices, narrative, profile, report_docx, whatif
from dashboard import images as img
from dashboard.i18n import fmt_list, fmt_number, indicator_name, t
from dashboard.tables import markdown_table
from dashboard.vega_data import with_arrow_datasets
from pages import _downloads as downloads
from pages import _ui as ui


@st.cache_data(max_entries=4, show_spinner=False)
def weights(build_folder: str) -> pd.DataFrame:
    """The build's weights table."""
    return whatif.load_weights(build_folder)


@st.cache_data(max_entries=256, show_spinner=False)
def whatif_view(build_folder: str, index: str, year: int, code: str, lang: str) -> dict | None:
    """Everything the what-if section shows, in the language: numbers, chart spec, table and sentences."""
    ds = ui.dataset_at(build_folder)
    result = whatif.subindex_gains(ds.values, weights(build_folder), index, year, code)
    if result is None:
        return None
    names = {c: indicator_name(ds.indicator(c), lang) for c in result["subs"]["indicator"]}
    label = indices.label(index)
    chart = whatif.gains_chart(result["subs"], names, lang, title=t("wi_chart_title", lang, index=label))
    return {
        **result,
        "names": names,
        "chart": chart,
        "shown": with_arrow_datasets(chart),
        "table": (table := whatif.gains_table(result, names, lang)),
        "static_table": markdown_table(table, ui.md),
        "rows": data.select(ds.values, index, year=year, codes=[code]),
        "climb_lines": whatif.climb_lines(result, names, lambda c: ds.province_name(c, 63), lang),
    }


def draw(
    ctx: ui.Ctx,
    spec: dict,
    *,
    name: str,
    key: str,
    rows: pd.DataFrame,
    extra_height=0,
    subtitle=(),
    title=None,
    shown: dict | None = None,
    **kw,
) -> None:
    """A Vega-Lite spec drawn at its own height, with its PNG and SVG downloads (made on click, captioned); `shown`
    is the same spec as sent, its rows as Arrow (dashboard.vega_data), where the page cached one."""
    height = spec["height"] + extra_height if isinstance(spec.get("height"), int) and extra_height else "content"
    st.vega_lite_chart(downloads.toolbar_ready(ctx, shown or spec, rows, title=title), height=height, **kw)
    if ctx.state.present:
        return

    def make() -> alt.TopLevelMixin:
        plain = {k: v for k, v in spec.items() if k not in ("title", "$schema", "datasets")}
        if isinstance(spec.get("data"), dict) and "name" in spec["data"]:
            plain["data"] = {"values": spec["datasets"][spec["data"]["name"]]}
        return (alt.LayerChart if "layer" in spec else alt.Chart).from_dict(plain, validate=False)

    head = title or (spec.get("title") if isinstance(spec.get("title"), str) else name)
    downloads.chart_downloads(ctx, make, name=name, key=key, title=head, subtitle=list(subtitle), rows=rows)


@st.cache_data(max_entries=4, show_spinner=False)
def _simulated(build_folder: str) -> tuple[str, ...]:
    return whatif.indices(weights(build_folder))


@st.cache_data(max_entries=256, show_spinner=False)
def _pick_year(build_folder: str, index: str, year: int | None) -> tuple[int | None, list[int], float | None]:
    """The year simulated for the one asked (whatif.pick_year), every year that can be, and that year's fit."""
    w = weights(build_folder)
    chosen = whatif.pick_year(w, index, year)
    return chosen, whatif.years(w, index), whatif.max_residual(w, index, chosen) if chosen is not None else None


def whatif_indices() -> tuple[str, ...]:
    """Indices whose totals have recovered weights in the build (weights.csv), in display order."""
    return _simulated(ui.build_folder())


def whatif_index(ctx: ui.Ctx, note: bool = True) -> str | None:
    """The index to simulate: the view's when its weights are recovered, else the first such index (with a note)."""
    simulated = whatif_indices()
    if ctx.state.index in simulated:
        return ctx.state.index
    if not simulated:
        return None
    if note:
        labels = fmt_list([indices.label(i) for i in simulated], ctx.lang)
        st.caption(ctx.t("wi_not_for_index", indices=labels, index=indices.label(simulated[0])))
    return simulated[0]


def whatif_section(ctx: ui.Ctx, index: str, year: int | None, code: str, static: bool = False) -> None:
    """The what-moves-the-rank block: the province's line, the gains chart, the climbs and the table (a static
    table when `static`)."""
    folder = ui.build_folder()
    label = indices.label(index)
    chosen, simulated_years, max_residual = _pick_year(folder, index, year)
    if chosen is None:
        st.info(ctx.t("no_values_for", what=label), icon="ℹ️")
        return
    if year is not None and year != chosen:
        why = whatif.why_not(weights(folder), index, year, ctx.lang) or ctx.t("status_missing")
        years = ", ".join(str(y) for y in simulated_years)
        st.info(ctx.t("wi_no_weights", index=label, year=year, why=why, years=years), icon="ℹ️")
    view = whatif_view(folder, index, chosen, code, ctx.lang)
    name = ctx.name(code)
    st.subheader(ctx.t("wi_heading", index=label, year=chosen))
    if view is None:
        st.info(ctx.t("wi_not_in_table", name=ui.md(name), index=label, year=chosen), icon="ℹ️")
        return
    key = "wi_current_computed_rank" if view["rank_status"] != "published" else "wi_current"
    total = fmt_number(view["total"], ctx.lang)
    st.markdown(ctx.t(key, name=ui.md(name), year=chosen, total=total, index=label, rank=view["rank"], n=view["n"]))
    name_ = f"whatif_{index}_{chosen}_{code}"
    draw(ctx, view["chart"], name=name_, key="wi_gains", rows=view["rows"], extra_height=110, shown=view["shown"])
    residual = fmt_number(max_residual, ctx.lang, 6)
    st.caption(ctx.t("wi_caption", index=label, year=chosen, residual=residual))
    if view["n"] > len(ctx.catalog.codes[63]):
        st.caption(ctx.t("wi_hatay_note", year=chosen))
    st.markdown(f"**{ctx.t('wi_climb_heading')}**")
    if view["rank"] == 1:
        st.markdown(ctx.t("wi_top", year=chosen))
    if view["climb_lines"]:
        st.markdown("\n".join(f"- {ui.md(line)}" for line in view["climb_lines"]))
    if static:  # read, not sorted: no data grid to load on a page whose other tables are static too
        st.table(view["static_table"], hide_index=True)
    else:
        st.dataframe(view["table"], hide_index=True, width="stretch", height=ui.table_height(len(view["table"])))
    st.caption(ctx.t("wi_vintage_note"))


# --- the indices side by side ---------------------------------------------------------------------------------


@st.cache_data(max_entries=4, show_spinner=False)
def correlation_matrix(build_folder: str) -> pd.DataFrame:
    """Correlations between the headline totals, every year (computed)."""
    return correlate.matrix(ui.dataset_at(build_folder).values)


@st.cache_data(max_entries=128, show_spinner=False)
def scatter_view(build_folder: str, first: tuple, second: tuple, chosen: tuple, lang: str) -> dict:
    """The pair frame, its statistics and the scatter spec."""
    ds = ui.dataset_at(build_folder)
    frame = correlate.pair(ds.values, first, second)
    names = {c: ds.province_name(c, 63) for c in frame["province_code"]}
    x_title, y_title = axis_title(ds, first, lang), axis_title(ds, second, lang)
    spec = correlate.scatter_chart(frame, names, chosen, x_title, y_title, lang) if len(frame) else None
    return {"frame": frame, "stats": correlate.stats(frame), "spec": spec, "x": x_title, "y": y_title}


def axis_title(ds: data.Dataset, which: tuple, lang: str) -> str:
    """'PCI 2019 · Weighted PCI score'."""
    index, indicator, year = which
    return f"{indices.label(index)} {year} · {ui.indicator_label(ds, indicator, lang)}"


def second_controls(ctx: ui.Ctx, second: tuple) -> None:
    """Index, indicator and year of the vertical axis, bound to y_index, y_indicator, y_year in the URL."""
    index, indicator, year = second
    ui.seed("w_y_index", index)
    st.selectbox(
        ctx.t("index"),
        list(ctx.catalog.indices),
        key="w_y_index",
        format_func=lambda i: indices.label(i),
        on_change=ui.set_param,
        args=("y_index", "w_y_index"),
        kwargs={"drop": ("y_indicator", "y_year")},
        placeholder=ctx.t("choose_option"),
    )
    ui.seed("w_y_indicator", indicator)
    st.selectbox(
        ctx.t("indicator"),
        list(ctx.catalog.indicators.get(index, ())),
        key="w_y_indicator",
        format_func=lambda c: ui.indicator_label(ctx.ds, c, ctx.lang),
        on_change=ui.set_param,
        args=("y_indicator", "w_y_indicator"),
        kwargs={"drop": ("y_year",)},
        placeholder=ctx.t("choose_option"),
    )
    years = list(ctx.catalog.years.get(indicator, ()))
    if year in years:
        ui.seed("w_y_year", year)
        st.selectbox(
            ctx.t("year"),
            years[::-1],
            key="w_y_year",
            on_change=ui.set_param,
            args=("y_year", "w_y_year"),
            placeholder=ctx.t("choose_option"),
        )


def scatter_section(ctx: ui.Ctx, first: tuple, second: tuple) -> None:
    """The scatter of two indicators with n and the two correlations, or why there are none."""
    if first[2] is None or second[2] is None:
        st.info(ctx.t("cor_none"), icon="ℹ️")
        return
    view = scatter_view(ui.build_folder(), first, second, tuple(ctx.state.provinces), ctx.lang)
    st.subheader(ctx.t("cor_scatter_heading", x=view["x"], y=view["y"]))
    s = view["stats"]
    if s["n"] == 0:
        st.info(ctx.t("cor_none"), icon="ℹ️")
        return
    if s["enough"]:
        rho, r = fmt_number(s["spearman"], ctx.lang), fmt_number(s["pearson"], ctx.lang)
        line = ctx.t("cor_stats", spearman=rho, pearson=r, n=s["n"])
        st.markdown(line)
    else:
        line = ctx.t("cor_too_few", n=s["n"], min=correlate.MIN_N)
        st.warning(line, icon="⚠️")
    v = ctx.ds.values
    rows = pd.concat([data.select(v, first[0], first[1], first[2]), data.select(v, second[0], second[1], second[2])])
    name = f"scatter_{first[1]}_{first[2]}_{second[1]}_{second[2]}"
    heading = ctx.t("cor_scatter_heading", x=view["x"], y=view["y"])
    draw(ctx, view["spec"], title=heading, name=name, key="cor_scatter", rows=rows, subtitle=[line])
    have = set(view["frame"]["province_code"])
    lacking = [ctx.name(c) for c in ctx.state.provinces if c not in have]
    st.caption(ctx.t("cor_chosen", names=", ".join(lacking) or "–"))


def matrix_section(ctx: ui.Ctx) -> None:
    """The correlation matrix of one year (the view's year when it has one, else the latest) and the PCI–PAPI table."""
    m = correlation_matrix(ui.build_folder())
    years = correlate.matrix_years(m)
    st.subheader(ctx.t("cor_matrix_heading"))
    if not years:
        st.info(ctx.t("cor_matrix_none", min=correlate.MATRIX_MIN_N), icon="ℹ️")
        return
    year = ctx.state.year if ctx.state.year in years else years[-1]
    spec = correlate.matrix_chart(m, year, ctx.lang)
    v = ctx.ds.values
    rows = v[v["indicator"].isin(list(indices.headlines().values())) & (v["year"] == year) & (v["vintage"] == 63)]
    title = f"{ctx.t('cor_matrix_heading')} · {year}"
    draw(
        ctx,
        spec,
        title=title,
        name=f"correlations_{year}",
        key="cor_matrix",
        rows=rows,
        extra_height=150,
        width="content",
    )
    listed = ", ".join(str(y) for y in years)
    st.caption(ctx.t("cor_matrix_caption", year=year, min=correlate.MATRIX_MIN_N, years=listed))
    first, second = indices.codes()[:2]
    pp = m[(m["a"] == first) & (m["b"] == second)]
    if len(pp):
        st.markdown(f"**{ctx.t('cor_table_heading', a=indices.label(first), b=indices.label(second))}**")
        table = pd.DataFrame(
            {
                ctx.t("cor_year_col"): [str(y) for y in pp["year"]],
                "n": pp["n"].tolist(),
                "Spearman ρ": [fmt_number(v, ctx.lang) for v in pp["spearman"]],
                "Pearson r": [fmt_number(v, ctx.lang) for v in pp["pearson"]],
            }
        )
        st.dataframe(table, hide_index=True, width="content")


def default_positions_year(ctx: ui.Ctx) -> int:
    """The latest year with a full table of the first index (as a link without a year opens)."""
    head = indices.headline(indices.codes()[0])
    return ctx.catalog.default_years.get(head) or max(ctx.catalog.years.get(head, ()))


def positions_section(ctx: ui.Ctx, code: str, year: int) -> None:
    """The province's rank on each index in one year, missing ones named."""
    p = correlate.positions(ctx.ds.values, code, year)
    name = ui.md(ctx.name(code))
    st.subheader(ctx.t("cor_positions_heading", name=name, year=year))
    if p["rank"].notna().any():
        spec = correlate.positions_chart(p, ctx.lang)
        v = data.select(ctx.ds.values, year=year, codes=[code])
        rows = v[v["indicator"].isin(list(indices.headlines().values()))]
        title = ctx.t("cor_positions_heading", name=ctx.name(code), year=year)
        notes = [ctx.t("cor_positions_caption")]
        draw(
            ctx,
            spec,
            title=title,
            name=f"positions_{code}_{year}",
            key="cor_positions",
            rows=rows,
            extra_height=60,
            subtitle=notes,
        )
    missing = [indices.label(i) for i in p.loc[p["rank"].isna(), "index"]]
    if missing:
        st.caption(ctx.t("cor_positions_missing", year=year, indices=", ".join(missing)))
    st.caption(ctx.t("cor_positions_caption"))


# --- the briefing ---------------------------------------------------------------------------------------------


@st.cache_data(max_entries=256, show_spinner=False)
def briefing_view(build_folder: str, code: str, year: int, lang: str, index: str, vintage: int) -> dict:
    """The briefing's title and sentences (a 34-vintage briefing for the province's successor)."""
    ds = ui.dataset_at(build_folder)
    w = weights(build_folder)
    if vintage == 34:
        succ = profile.merger(ds.provinces, code)
        code34 = succ["successor"] if succ else code
        return {
            "title": t("nar_title", lang, name=ds.province_name(code34, 34), year=year),
            "sentences": narrative.briefing_34(ds, w, code34, year, lang),
        }
    return {
        "title": t("nar_title", lang, name=ds.province_name(code, 63), year=year),
        "sentences": narrative.briefing(ds, w, code, year, lang, index),
    }


def briefing_year(ctx: ui.Ctx) -> int:
    """The view's year, or the latest full table of the first index."""
    return ctx.state.year or default_positions_year(ctx)


def briefing_section(ctx: ui.Ctx, code: str, index: str, card: bool = False) -> None:
    """The sentences, each with its source, their Word report and the same text in a box with a copy button (behind
    one click); with `card`, the one-page brief's PNG and PDF beside the Word report."""
    year = briefing_year(ctx)
    view = briefing_view(ui.build_folder(), code, year, ctx.lang, index, ctx.state.vintage)
    st.subheader(ctx.t("nar_heading"))
    caption = ctx.t("nar_caption_copy")
    if card:
        caption += " " + ctx.t("brief_caption", name=ui.md(ctx.name(code)))
    st.caption(caption)
    items = [f"**{ui.md(view['title'])}**", ""]
    for s in view["sentences"]:
        src = ui.md("; ".join(s.sources)) if s.sources else ctx.t("nar_source_none")
        items.append(f"- {ui.md(s.text)}  \n  *{ctx.t('source')}: {src}*")
    st.markdown("\n".join(items))  # one element: the list reads the same and the page has less to build
    with st.container(horizontal=True, gap="small"):  # the files and the text to copy, in one row
        if card:
            downloads.brief_downloads(ctx, code)
        st.download_button(
            ctx.t("doc_download"),
            lambda: report_bytes(ui.build_folder(), code, year, ctx.lang, index, ctx.state.vintage),
            file_name=f"briefing_{code}_{ctx.state.vintage}_{year}_{ctx.lang}.docx",
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            key="dl_briefing_docx",
            icon=":material/description:",
            on_click="ignore",
            help=ctx.t("doc_download_help"),
        )
        with ui.lazy_popover(ctx.t("nar_copy_label"), "nar_copy", icon=":material/content_copy:") as box:
            if box.open:
                st.code(narrative.as_text(view["sentences"], ctx.lang, view["title"]), language=None, wrap_lines=True)


def report_facts(ds: data.Dataset, code: str, year: int, vintage: int) -> list[dict]:
    """The four indices of the province (of each former province, for a 34-unit briefing)."""
    if vintage != 34:
        return narrative.index_facts(ds, code, year)
    m = profile.merger(ds.provinces, code)
    members = m["members"] if m else [code]
    return [{**f, "name": ds.province_name(c)} for c in members for f in narrative.index_facts(ds, c, year)]


def report_bytes(build_folder: str, code: str, year: int, lang: str, index: str, vintage: int) -> bytes:
    """The Word report of the briefing shown (made on click): the same sentences, facts and charts as the page."""
    ds = ui.dataset_at(build_folder)
    view = briefing_view(build_folder, code, year, lang, index, vintage)
    images = []
    series = profile.index_series(ds.values, code)
    if series["value"].notna().any():  # captioned as every chart image: source, licence, addresses, version, date
        trend = img.captioned(
            profile.small_multiples(series, lang), ds.sources, lang, rows=series, version=export.data_version(ds)
        )
        images.append((t("doc_trend", lang), img.chart_png(trend, lang=lang)))
    simulated = year in whatif.years(weights(build_folder), index) and vintage != 34
    what = whatif_view(build_folder, index, year, code, lang) if simulated else None
    if what is not None:
        heading = t("wi_heading", lang, index=indices.label(index), year=year)
        images.append((heading, img.chart_png(what["chart"], lang=lang)))
    facts = report_facts(ds, code, year, vintage)
    return report_docx.report(view["title"], view["sentences"], facts, images, lang, img.today(lang))
