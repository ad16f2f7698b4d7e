"""Streamlit glue shared by the page scripts: cached data, the URL-bound view state, sidebar controls, footers.

Everything here is thin: the logic lives in dashboard/. The URL is the source of truth for the view: controls are
seeded from it on every run and write back to it in their on_change callbacks, so a copied link reproduces the view.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

import streamlit as st

import dashboard.theme  # noqa: F401 — registers and enables the Altair theme
from dashboard import data as dd
from dashboard import indices as ix
from dashboard import provenance as pv
from dashboard import state as vs
from dashboard.credits import ids_credit_line
from dashboard.i18n import t

PAGES = ("overview", "rankings", "map", "compare", "profile", "data", "methods")


@st.cache_resource(show_spinner=False)
def _dataset(build_folder: str) -> dd.Dataset:
    return dd.load(build_folder)


@st.cache_resource(show_spinner=False)
def _catalog(build_folder: str) -> vs.Catalog:
    return vs.catalog_from(_dataset(build_folder))


def build_folder() -> str:
    """The folder of the current build (resolving data/current, so a new build is picked up)."""
    return os.path.realpath(dd.DATA_DIR)


def dataset() -> dd.Dataset:
    """The current build's tables (shared across sessions)."""
    return _dataset(build_folder())


@dataclass(frozen=True)
class Ctx:
    """What a page script needs: the data, the view state and the language."""

    ds: dd.Dataset
    catalog: vs.Catalog
    state: vs.ViewState

    @property
    def lang(self) -> str:
        return self.state.lang

    def t(self, key: str, **kw) -> str:
        return t(key, self.state.lang, **kw)

    def name(self, code: str, vintage: int = 63) -> str:
        return self.ds.province_name(code, vintage, self.state.lang)


def _raw_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in vs.PARAMS if k in st.query_params}


def mark_routed() -> None:
    """Called by the router: this session's runs go through streamlit_app.py."""
    st.session_state["_routed"] = True


def load_context() -> Ctx:
    """Parse the URL into a valid view state (noting what fell back to defaults) and rewrite the URL to match."""
    if not st.session_state.get("_routed"):
        # The first request to a fresh server can run a page script directly: Streamlit treats a folder named
        # pages/ as a legacy multipage app until st.navigation is first called. Switch that mode off and rerun
        # through the router, which keeps the same page (pages are keyed by their url_path).
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()
    try:
        ds = dataset()
    except dd.DataNotBuiltError:
        lang = st.query_params.get("lang", "vi")
        st.error(t("data_missing", "en" if lang == "en" else "vi"))
        st.stop()
    catalog = _catalog(build_folder())
    state = vs.parse(_raw_params(), catalog)
    params = vs.to_params(state)
    if {k: st.query_params.get(k) for k in params} != params:
        st.query_params.from_dict(params)
    st.session_state["_view_state"] = state
    return Ctx(ds, catalog, state)


def show_notices(ctx: Ctx) -> None:
    """One notice per URL parameter that was invalid and replaced by its default."""
    for name in ctx.state.notices:
        st.info(ctx.t("notice_bad_param", name=name), icon="ℹ️")


def _set_param(name: str, widget_key: str, serialize=str, drop=()) -> None:
    value = st.session_state.get(widget_key)
    st.query_params[name] = serialize(value) if value is not None else ""
    for d in drop:
        if d in st.query_params:
            del st.query_params[d]


def _seed(widget_key: str, value) -> None:
    st.session_state[widget_key] = value


def language_control(ctx: Ctx) -> None:
    """Vietnamese / English switch."""
    _seed("w_lang", ctx.lang)
    st.radio(
        ctx.t("language"),
        ["vi", "en"],
        key="w_lang",
        horizontal=True,
        format_func=lambda x: {"vi": "Tiếng Việt", "en": "English"}[x],
        on_change=_set_param,
        args=("lang", "w_lang"),
    )


def index_controls(ctx: Ctx, *, indicator: bool = True, year: bool = True) -> None:
    """Index, indicator and year selectors bound to the URL."""
    s, ds = ctx.state, ctx.ds
    _seed("w_index", s.index)
    st.selectbox(
        ctx.t("index"),
        list(ctx.catalog.indices),
        key="w_index",
        format_func=lambda i: ix.label(i),
        on_change=_set_param,
        args=("index", "w_index"),
        kwargs={"drop": ("indicator", "year")},
    )
    if indicator:
        codes = list(ctx.catalog.indicators.get(s.index, ()))
        if s.indicator in codes:
            _seed("w_indicator", s.indicator)
            st.selectbox(
                ctx.t("indicator"),
                codes,
                key="w_indicator",
                format_func=lambda c: _indicator_label(ds, c, ctx.lang),
                on_change=_set_param,
                args=("indicator", "w_indicator"),
                kwargs={"drop": ("year",)},
            )
    if year:
        years = list(ctx.catalog.years.get(s.indicator, ()))
        if s.year in years:
            _seed("w_year", s.year)
            st.selectbox(ctx.t("year"), years[::-1], key="w_year", on_change=_set_param, args=("year", "w_year"))


def _indicator_label(ds: dd.Dataset, code: str, lang: str) -> str:
    try:
        row = ds.indicator(code)
    except KeyError:
        return code
    return row["name_vi" if lang == "vi" else "name_en"]


def provinces_control(ctx: Ctx) -> None:
    """Comparison set (any province can be added or removed)."""
    _seed("w_provinces", list(ctx.state.provinces))
    st.multiselect(
        ctx.t("provinces"),
        list(ctx.catalog.codes[63]),
        key="w_provinces",
        format_func=ctx.name,
        max_selections=vs.MAX_PROVINCES,
        on_change=_set_param,
        args=("provinces", "w_provinces"),
        kwargs={"serialize": ",".join},
    )


def province_control(ctx: Ctx) -> None:
    """One province (profile page)."""
    _seed("w_province", ctx.state.province)
    st.selectbox(
        ctx.t("province"),
        list(ctx.catalog.codes[63]),
        key="w_province",
        format_func=ctx.name,
        on_change=_set_param,
        args=("province", "w_province"),
    )


def vintage_control(ctx: Ctx) -> None:
    """63 or 34 units."""
    _seed("w_vintage", ctx.state.vintage)
    st.radio(
        ctx.t("vintage"),
        [63, 34],
        key="w_vintage",
        format_func=lambda v: ctx.t(f"vintage_{v}"),
        on_change=_set_param,
        args=("vintage", "w_vintage"),
    )


def source_footer(ctx: Ctx, source_ids) -> None:
    """Source line and licence under a chart or table."""
    line = ids_credit_line(source_ids, ctx.ds.sources, ctx.lang)
    if line:
        st.caption(line)


def source_popover(
    ctx: Ctx, index: str, indicator: str, year: int, code: str, key: str, vintage: int = 63, label: str = ""
) -> None:
    """One click to a figure's sources: publisher, kind, language, address, quoted words, rank basis, conflicts."""
    caveat = pv.quality(ctx.ds, index, indicator, year, code, vintage)
    label = (label or ctx.t("src_button")) + (f" ⚠️ {ctx.t('src_caveat_short')}" if caveat in pv.WEAK else "")
    with st.popover(label, icon=":material/link:", help=ctx.t("src_button_help"), key=f"src_{key}"):
        st.markdown(pv.markdown(ctx.ds, index, indicator, year, code, ctx.lang, vintage))


def with_state(ctx: Ctx, **changes) -> dict[str, str]:
    """Query parameters for a link to another view (e.g. a province's profile)."""
    return vs.to_params(replace(ctx.state, **changes))
