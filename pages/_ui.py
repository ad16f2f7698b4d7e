"""Streamlit glue shared by the page scripts: cached data, the URL-bound view state, sidebar controls, footers.

Everything here is thin: the logic lives in dashboard/. The URL is the source of truth for the view: controls are
seeded from it on every run and write back to it in their on_change callbacks, so a copied link reproduces the view.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import streamlit as st

import dashboard.theme  # noqa: F401 — registers and enables the Altair theme
from dashboard import data, indices, integrity, paths, provenance, research, share, shared, unit34
from dashboard import state as view_state
from dashboard.credits import credit_line, ids_credit_line
from dashboard.i18n import LANGS, indicator_name, language_name, localized, t
from pages._routing import ensure_routed

SIDEBAR_CSS = Path(__file__).resolve().parent.parent / ".streamlit" / "sidebar.css"  # the province box grows
PAGES = ("overview", "rankings", "map", "compare", "profile", "whatif", "correlate", "data", "methods")


BUILDS_KEPT = shared.KEEP_BUILDS  # the current build and the one before it, for sessions still drawing from it
# A viewer's "clear cache" empties Streamlit's caches, not this (dashboard/shared.py).
_held = shared.per_build(data.load)


@st.cache_resource(show_spinner=False, max_entries=BUILDS_KEPT)
def dataset_at(build_folder: str) -> data.Dataset:
    """The tables of one build folder (shared across sessions; the folder's real path is the build's id)."""
    return _held(build_folder)


@st.cache_resource(show_spinner=False, max_entries=BUILDS_KEPT)
def _catalog(build_folder: str) -> view_state.Catalog:
    return view_state.catalog_from(dataset_at(build_folder))


# Markdown that could act inside a line of text (emphasis, code, links, HTML, maths, entities, Streamlit's
# :directives[] and :icons:), and at its start (headings, lists, quotes).
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>~|$!]|&(?=#?\w+;)|:(?=[A-Za-z])|^[#+\->]|(?<=^\d)\.|(?<=^\d\d)\.)")


_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)")  # where a bare address would go live


def md(text) -> str:
    """Text from the data (names, credits) shown as itself in a Markdown element: no emphasis, links or maths.

    Markdown punctuation is backslash-escaped; bare addresses get an invisible word joiner (U+2060) so that
    Streamlit's link detection, which runs after escapes are resolved, does not turn them into links."""
    return _MARKDOWN.sub(r"\\\1", _AUTOLINK.sub("\u2060", str(text)))


def _verdict() -> integrity.Verdict:
    key = paths.link_key(data.DATA_DIR)
    return _verdict_at(*key) if key else integrity.verdict(os.path.realpath(data.DATA_DIR))


@st.cache_resource(show_spinner=False, max_entries=16)
def _verdict_at(path: str, target: str, inode: int, mtime_ns: int) -> integrity.Verdict:
    """integrity.verdict of one state of data/current (a verdict on a build folder never changes)."""
    return integrity.verdict(os.path.realpath(path))


def build_folder() -> str:
    """The folder of the build served: data/current resolved (so a new build is picked up) if it is intact, else
    the newest earlier intact build (dashboard/integrity.py); the verdict is worked out again when data/current
    itself changes."""
    folder = _verdict().folder if (Path(data.DATA_DIR) / "values.csv").exists() else None
    return str(folder) if folder else os.path.realpath(data.DATA_DIR)


def dataset() -> data.Dataset:
    """The current build's tables (shared across sessions)."""
    return dataset_at(build_folder())


@dataclass(frozen=True)
class Ctx:
    """What a page script needs: the data, the view state and the language."""

    ds: data.Dataset
    catalog: view_state.Catalog
    state: view_state.ViewState

    @property
    def lang(self) -> str:
        return self.state.lang

    def t(self, key: str, **kw) -> str:
        return t(key, self.state.lang, **kw)

    def name(self, code: str, vintage: int = 63) -> str:
        return self.ds.province_name(code, vintage)


VIEW_STATE = "_view_state"  # the session's last view state, carried to the page the navigation menu opens


def _raw_params() -> dict[str, list[str]]:
    """The view state's parameters in the URL; with none there (Streamlit's navigation menu opens a page without
    query parameters), those of the view this session showed last, so the selection carries from page to page."""
    raw = {k: st.query_params.get_all(k) for k in view_state.PARAMS if k in st.query_params}
    last = st.session_state.get(VIEW_STATE)
    if raw or last is None:
        return raw
    return {k: [v] for k, v in view_state.to_params(last).items()}


def load_context() -> Ctx:
    """Parse the URL into a valid view state (noting what fell back to defaults) and rewrite the URL to match."""
    ensure_routed()
    lang = localized("", st.query_params.get("lang", ""))
    if (Path(data.DATA_DIR) / "values.csv").exists() and _verdict().folder is None:
        st.error(integrity.message(_verdict(), lang))  # never half the data
        st.stop()
    try:
        ds = dataset()
    except data.DataNotBuiltError:
        st.error(t("data_missing", lang))
        st.stop()
    catalog = _catalog(build_folder())
    state = view_state.parse(_raw_params(), catalog)
    params = view_state.to_params(state)
    if {k: st.query_params.get(k) for k in params} != params:  # a page's own parameters are kept
        st.query_params.from_dict(
            {k: v for k, v in st.query_params.to_dict().items() if k not in view_state.PARAMS} | params
        )
    st.session_state[VIEW_STATE] = state
    return Ctx(ds, catalog, state)


def show_notices(ctx: Ctx) -> None:
    """One notice per URL parameter that was invalid and replaced by its default."""
    damaged = integrity.message(_verdict(), ctx.lang)
    if damaged:
        st.warning(damaged, icon="⚠️")
    for name in ctx.state.notices:
        st.info(ctx.t("notice_bad_param", name=name), icon="ℹ️")


ROW_PX = 35  # a table row as st.dataframe draws it


def table_height(rows: int) -> int:
    """The height of a table showing all its rows and its header, with no empty part-row below."""
    return ROW_PX * (rows + 1) + 3


def set_param(name: str, widget_key: str, serialize=str, drop=()) -> None:
    """Widget callback: write the widget's value to URL parameter `name` and drop the parameters in `drop`."""
    value = st.session_state.get(widget_key)
    st.query_params[name] = serialize(value) if value is not None else ""
    for d in drop:
        st.query_params.pop(d, None)


def seed(widget_key: str, value) -> None:
    """Set a widget's value from the URL state before the widget is drawn (the URL stays the source of truth)."""
    st.session_state[widget_key] = value


def url_value(name: str, read, default):
    """A page's own URL parameter read by `read` (dashboard.page_params), or `default` when absent or invalid."""
    raw = st.query_params.get(name)
    value = read(raw) if raw is not None else None
    return default if value is None else value


def url_choice(ctx: Ctx, name: str, options: list[str], default: str) -> str:
    """A page's own URL parameter naming one of `options`, else `default`; a value naming none of them is named in a
    notice with the valid values."""
    raw = st.query_params.get(name)
    if raw is not None and raw not in options:
        st.info(ctx.t("notice_bad_choice", name=name, value=md(raw[:60]), options=", ".join(options)), icon="ℹ️")
    return raw if raw in options else default


def section_tabs(ctx: Ctx, name: str, labels: dict[str, str], key: str, default: str | None = None) -> tuple:
    """Tabs bound to the URL parameter `name` ({section: label}): (the chosen section, its tab to write into). Only
    the chosen section's code should run, so the other tabs send nothing. A value naming no section is named in a
    notice (url_choice) and `default` (else the first section) is shown."""
    first = default if default is not None else next(iter(labels))
    shown = url_choice(ctx, name, list(labels), first)

    def _set() -> None:
        chosen = st.session_state.get(key)
        st.query_params[name] = next((k for k, v in labels.items() if v == chosen), first)

    drawn = st.tabs(list(labels.values()), default=labels[shown], key=key, on_change=_set)
    tabs = dict(zip(labels, drawn, strict=True))
    chosen = next((k for k, tab in tabs.items() if tab.open), shown)
    return chosen, tabs[chosen]


def url_box(label: str, key: str, names: tuple[str, ...], opened: tuple[str, str], **kwargs):
    """A box (st.expander) whose content is sent only while it is open (`.open`), open when the URL has any of the
    parameters `names`: opening it writes `opened` (name, value) to the URL unless one is there, closing it drops them,
    so a shared link opens it as it was. A data grid in it loads only when asked, after the charts above."""

    def named() -> bool:
        return any(n in st.query_params for n in names)

    seed(key, named())

    def _set() -> None:
        if not st.session_state.get(key):
            for n in names:
                st.query_params.pop(n, None)
        elif not named():
            st.query_params[opened[0]] = opened[1]

    return st.expander(label, key=key, on_change=_set, **kwargs)


def bound(name: str, widget_key: str, value, write=str, drop=()) -> dict:
    """Seed a widget with `value` (read from the URL) and return the arguments that write its changes back."""
    seed(widget_key, value)
    return {
        "key": widget_key,
        "on_change": set_param,
        "args": (name, widget_key),
        "kwargs": {"serialize": write, "drop": drop},
    }


def language_control(ctx: Ctx) -> None:
    """Vietnamese / English switch."""
    seed("w_lang", ctx.lang)
    st.radio(
        ctx.t("language"),
        list(LANGS),
        key="w_lang",
        horizontal=True,
        format_func=language_name,
        on_change=set_param,
        args=("lang", "w_lang"),
    )


def index_controls(ctx: Ctx, *, indicator: bool = True, year: bool = True) -> None:
    """Index, indicator and year selectors bound to the URL."""
    s, ds = ctx.state, ctx.ds
    seed("w_index", s.index)
    st.selectbox(
        ctx.t("index"),
        list(ctx.catalog.indices),
        key="w_index",
        format_func=lambda i: indices.label(i),
        on_change=set_param,
        args=("index", "w_index"),
        kwargs={"drop": ("indicator", "year")},
        placeholder=ctx.t("choose_option"),
    )
    if indicator:
        codes = list(ctx.catalog.indicators.get(s.index, ()))
        if s.indicator in codes:
            seed("w_indicator", s.indicator)
            st.selectbox(
                ctx.t("indicator"),
                codes,
                key="w_indicator",
                format_func=lambda c: indicator_label(ds, c, ctx.lang),
                on_change=set_param,
                args=("indicator", "w_indicator"),
                kwargs={"drop": ("year",)},
                placeholder=ctx.t("choose_option"),
            )
    if year:
        years = list(ctx.catalog.years.get(s.indicator, ()))
        if s.year in years:
            seed("w_year", s.year)
            st.selectbox(
                ctx.t("year"),
                years[::-1],
                key="w_year",
                on_change=set_param,
                args=("year", "w_year"),
                placeholder=ctx.t("choose_option"),
            )


def indicator_label(ds: data.Dataset, code: str, lang: str) -> str:
    """Name of an indicator in the language (the code itself if the codebook has none)."""
    try:
        row = ds.indicator(code)
    except KeyError:
        return code
    return indicator_name(row, lang)


def provinces_control(ctx: Ctx) -> None:
    """Comparison set (any province can be added or removed); the box grows so every chosen name is in view."""
    st.html(SIDEBAR_CSS)
    seed("w_provinces", list(ctx.state.provinces))
    st.multiselect(
        ctx.t("provinces"),
        list(ctx.catalog.codes[63]),
        key="w_provinces",
        format_func=ctx.name,
        placeholder=ctx.t("choose_provinces"),
        max_selections=view_state.MAX_PROVINCES,
        on_change=set_param,
        args=("provinces", "w_provinces"),
        kwargs={"serialize": ",".join},
    )


def registry():
    """The provinces of the build served (names, types, successors, members; dashboard/places.py)."""
    return dataset().places


def _set_profile(widget_key: str) -> None:
    vintage, code = unit34.parse_box_key(st.session_state[widget_key])
    if vintage == 34:
        st.query_params["unit"] = code
    else:
        st.query_params["province"] = code
        st.query_params.pop("unit", None)


def province_control(ctx: Ctx) -> None:
    """One province of either vintage (profile page): the 63 former and the 34 new, found by any of their names."""
    options = unit34.box_options(registry(), ctx.lang)
    s = ctx.state
    seed("w_province", unit34.box_key(34, s.unit) if s.unit else unit34.box_key(63, s.province))
    st.selectbox(
        ctx.t("box_label"),
        list(options),
        key="w_province",
        format_func=options.get,
        on_change=_set_profile,
        args=("w_province",),
        placeholder=ctx.t("choose_option"),
    )


def vintage_control(ctx: Ctx) -> None:
    """63 or 34 units."""
    seed("w_vintage", ctx.state.vintage)
    st.radio(
        ctx.t("vintage"),
        [63, 34],
        key="w_vintage",
        format_func=lambda v: ctx.t(f"vintage_{v}"),
        on_change=set_param,
        args=("vintage", "w_vintage"),
        kwargs={"drop": ("pick",)},  # a clicked code means another unit in the other vintage
    )


@st.cache_data(show_spinner=False, max_entries=1024)
def _credit(build: str, pairs: tuple, lang: str, options: tuple) -> str:
    rows = pd.DataFrame(list(pairs), columns=["source_id", "year"])
    return credit_line(rows, dataset_at(build).sources, lang, **dict(options))


def source_pairs(rows: pd.DataFrame | None) -> tuple:
    """The (source_id, year) pairs of the rows shown, sorted: all a credit or source line depends on (a cache key)."""
    if rows is None or rows.empty or "source_id" not in rows:
        return ()
    pairs = zip(rows["source_id"].tolist(), rows["year"].tolist(), strict=True)
    return tuple(sorted({(sid, int(y)) for sid, y in pairs if isinstance(sid, str) and pd.notna(y)}))


def credit(ctx: Ctx, rows: pd.DataFrame, **options) -> str:
    """The credit line (dashboard.credits.credit_line) of the rows shown, cached on their (source, year) pairs, as
    text for a Markdown element (md)."""
    return md(_credit(build_folder(), source_pairs(rows), ctx.lang, tuple(sorted(options.items()))))


def source_footer(ctx: Ctx, source_ids) -> None:
    """Source line and licence under a chart or table."""
    line = ids_credit_line(source_ids, ctx.ds.sources, ctx.lang)
    if line:
        st.caption(md(line))


def source_popover(
    ctx: Ctx, index: str, indicator: str, year: int, code: str, key: str, vintage: int = 63, label: str = ""
) -> None:
    """One click to a figure's sources: publisher, kind, language, address, quoted words, rank basis, conflicts."""
    caveat, text = _sources_of(build_folder(), index, indicator, int(year), code, vintage, ctx.lang)
    sources_button(ctx, text, key, weak=caveat in provenance.WEAK, label=label)


def sources_button(
    ctx: Ctx, text: str, key: str, *, weak: bool, label: str = "", caveat: str = "", help: str = ""
) -> None:
    """The popover holding sources as Markdown (one figure's, or several under their headings); its label says so
    when some rest on weak sources only (`caveat`, else the short caveat)."""
    label = (label or ctx.t("src_button")) + (f" ⚠️ {caveat or ctx.t('src_caveat_short')}" if weak else "")
    with lazy_popover(label, f"src_{key}", icon=":material/link:", help=help or ctx.t("src_button_help")) as box:
        if box.open:
            st.markdown(text)


def lazy_popover(label: str, key: str, **kwargs):
    """A popover whose content is sent only while it is open (`.open`; opening it reruns the page): the closed
    boxes of a page cost neither messages nor drawing. Open it from code or a test with session_state[key]."""
    return st.popover(label, key=key, on_change="rerun", **kwargs)


@st.cache_data(show_spinner=False, max_entries=2048)
def _sources_of(build: str, index: str, indicator: str, year: int, code: str, vintage: int, lang: str) -> tuple:
    """A figure's source quality and its sources as Markdown (cached: opening a sources box reruns the page)."""
    return figure_sources(dataset_at(build), index, indicator, year, code, vintage, lang)


def figure_sources(ds, index: str, indicator: str, year: int, code: str, vintage: int, lang: str) -> tuple[str, str]:
    """A figure's source quality and its sources as Markdown, as its source popover shows them."""
    return provenance.quality(ds, index, indicator, year, code, vintage), provenance.markdown(
        ds, index, indicator, year, code, lang, vintage, esc=md
    )


def with_state(ctx: Ctx, **changes) -> dict[str, str]:
    """Query parameters for a link to another view (e.g. a province's profile; naming a province leaves the 34)."""
    if "province" in changes:
        changes.setdefault("unit", None)
    return view_state.to_params(replace(ctx.state, **changes))


def share_button(ctx: Ctx) -> None:
    """A 'Share' box with the address of exactly this view (every URL parameter), ready to copy."""
    with lazy_popover(ctx.t("share_label"), "share", icon=":material/share:", help=ctx.t("share_help")) as box:
        if box.open:
            st.code(share.share_url(st.context.url or "", st.query_params.to_dict()), language=None, wrap_lines=True)
            st.caption(ctx.t("share_caption"))


@st.cache_data(show_spinner=False, max_entries=BUILDS_KEPT)
def _latest_editions(build: str) -> dict[str, int]:
    return data.latest_editions(dataset_at(build).values)


def updated_footer(ctx: Ctx) -> None:
    """One line under every page: the latest edition of each index and the data version."""
    st.caption(research.footer(ctx.ds.summary, ctx.lang, _latest_editions(build_folder())))
