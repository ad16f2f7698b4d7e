"""Streamlit glue for downloads and the presentation view: charts as captioned PNG/SVG, the province brief card,
research tables, and a view without the app's chrome for screenshots.

Files are made only when their button is clicked (Streamlit calls the function given as `data` then) and cached,
so drawing a page costs nothing extra. The work itself lives in dashboard/images.py, brief.py and export.py.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import brief, images, theme
from dashboard import export as ex
from dashboard import page_params as pp
from dashboard.credits import credits, source_line
from pages import _ui as ui

ROOT = Path(__file__).resolve().parent.parent
PNG_SCALE = 2
IMAGE_LABEL_SEPARATION = 6  # pixels between axis labels in images
MAX_NAME = 100
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", **ex.MIME}
PRESENT_SCALE = 1.35  # type in the presentation view, relative to the theme
# Constant CSS (no data in it) for the presentation view: no header, toolbar or sidebar; larger page text.
PRESENT_CSS = """<style>
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 2rem; max-width: 100%; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p { font-size: 1.2rem; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: 1.05rem; }
[data-testid="stMain"] h1 { font-size: 2.75rem; }
</style>"""


# --- File names. ---


def file_stem(*parts) -> str:
    """A safe ASCII file name stem from parts: "PCI 2019", "Tuyên Quang" → "pci-2019_tuyen-quang"."""
    slugs = []
    for part in parts:
        text = unicodedata.normalize("NFKD", str(part).replace("đ", "d").replace("Đ", "D"))
        text = "".join(c for c in text if not unicodedata.combining(c)).lower()
        slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
        if slug:
            slugs.append(slug)
    return "_".join(slugs)[:MAX_NAME].strip("-_") or "chart"


# --- Rendering (cached, called when a button is clicked). ---


@st.cache_data(show_spinner=False, max_entries=64)
def _render(spec_json: str, fmt: str, lang: str) -> bytes:
    spec = json.loads(spec_json)
    return images.chart_png(spec, PNG_SCALE, lang) if fmt == "png" else images.chart_svg(spec, lang)


def render_chart(chart, fmt: str, lang: str) -> bytes:
    """A (captioned) chart as PNG (2×) or SVG bytes, cached on its spec."""
    return _render(chart.to_json(validate=False), fmt, lang)


@st.cache_data(show_spinner=False, max_entries=32)
def _brief(folder: str, code: str, lang: str, fmt: str) -> bytes:
    ds = ui._dataset(folder)
    return brief.brief_png(ds, code, lang, scale=PNG_SCALE) if fmt == "png" else brief.brief_pdf(ds, code, lang)


@st.cache_data(show_spinner=False, max_entries=16)
def _export(folder: str, sel: ex.Selection, fmt: str) -> bytes:
    return ex.export(ui._dataset(folder), sel, fmt)


# --- Charts. ---


def title_of(chart) -> tuple[str, list[str]]:
    """The chart's own title and subtitle lines ("" and [] when it has none)."""
    title = getattr(chart, "title", alt.Undefined)
    if title is alt.Undefined or title is None:
        return "", []
    if isinstance(title, str):
        return title, []
    text = title.text if title.text is not alt.Undefined else ""
    sub = title.subtitle if title.subtitle is not alt.Undefined else []
    text = " ".join(text) if isinstance(text, list) else str(text)
    return text, [sub] if isinstance(sub, str) else list(sub)


def source_and_licence(ctx: ui.Ctx, rows: pd.DataFrame | None) -> tuple[str, list[str]]:
    """The source line and licence lines for the rows a chart shows."""
    if rows is None or rows.empty:
        return "", []
    licences = credits(rows, ctx.ds.sources)[1]
    return source_line(rows, ctx.ds.sources, ctx.lang), [f"{ctx.t('licence')}: {lic}" for lic in licences]


def captioned(ctx: ui.Ctx, chart, *, title=None, subtitle=None, source_line=None, licence=None, rows=None):
    """The chart as a briefing image: title, subtitle, source line, licence and today's date burnt in."""
    own_title, own_sub = title_of(chart)
    line, lic = source_and_licence(ctx, rows)
    inner = chart.copy(deep=False)
    autosize, inner.autosize = inner.autosize, alt.Undefined  # only the outermost chart may size itself
    framed = images.with_caption(
        inner,
        title if title is not None else own_title,
        subtitle if subtitle is not None else own_sub,
        line if source_line is None else source_line,
        lic if licence is None else licence,
        lang=ctx.lang,
    )
    if autosize is not alt.Undefined:
        framed.autosize = autosize
    return spaced_labels(framed)


def spaced_labels(chart):
    """The chart with room between axis labels: the image renderer estimates text widths on the small side, so
    labels that a browser thins out would otherwise print over each other ("20062008")."""
    out = chart.copy(deep=False)
    config = out.config.copy(deep=True) if out.config is not alt.Undefined else alt.Config()
    axis = config.axis if config.axis is not alt.Undefined else alt.AxisConfig()
    axis.labelSeparation = IMAGE_LABEL_SEPARATION
    config.axis = axis
    out.config = config
    return out


def for_presentation(chart):
    """The chart with the theme's type sizes scaled up for the presentation view."""
    cfg = theme.reform_dashboard()["config"]

    def big(group: str, *keys: str) -> dict:
        return {k: round(cfg[group][k] * PRESENT_SCALE) for k in keys}

    return (
        chart.configure_title(**big("title", "fontSize", "subtitleFontSize"))
        .configure_axis(**big("axis", "labelFontSize", "titleFontSize"))
        .configure_legend(**big("legend", "labelFontSize", "titleFontSize"))
    )


def download_row(files: dict[str, tuple[str, Callable[[], bytes], str, str]], key: str, kind="tertiary") -> None:
    """Download buttons side by side: {fmt: (label, make_bytes, file_name, help)}; bytes are made on click."""
    with st.container(horizontal=True, gap="small"):
        for fmt, (label, make, name, help_text) in files.items():
            st.download_button(
                label,
                make,
                file_name=name,
                mime=MIME[fmt],
                key=f"dl_{key}_{fmt}",
                icon=":material/download:",
                on_click="ignore",
                type=kind,
                help=help_text,
            )


def chart_downloads(ctx: ui.Ctx, chart, *, name: str, key: str, **caption) -> None:
    """PNG (2×) and SVG buttons for a chart; the image is captioned (see `captioned`) and made on click."""
    stem, lang = file_stem(name), ctx.lang

    def make(fmt: str) -> bytes:
        return render_chart(captioned(ctx, chart, **caption), fmt, lang)

    download_row(
        {
            fmt: (ctx.t(f"download_{fmt}"), (lambda f=fmt: make(f)), f"{stem}.{fmt}", ctx.t(f"download_{fmt}_help"))
            for fmt in ("png", "svg")
        },
        key,
    )


def chart_with_downloads(
    ctx: ui.Ctx,
    chart,
    *,
    name: str,
    key: str,
    title=None,
    subtitle=None,
    source_line=None,
    licence=None,
    rows=None,
    width="stretch",
    **altair_kwargs,
):
    """Draw a chart as st.altair_chart does (returns its selection event) with its PNG and SVG downloads below.

    Title and subtitle default to the chart's own; source line and licence to those of `rows` (the tidy rows
    shown). In the presentation view the type is larger and the buttons are left out.
    """
    shown = for_presentation(chart) if ctx.state.present else chart
    event = st.altair_chart(shown, width=width, key=key, **altair_kwargs)
    if not ctx.state.present:
        chart_downloads(
            ctx,
            chart,
            name=name,
            key=key,
            title=title,
            subtitle=subtitle,
            source_line=source_line,
            licence=licence,
            rows=rows,
        )
    return event


# --- The province brief card. ---


def brief_downloads(ctx: ui.Ctx, code: str) -> None:
    """The province's one-page brief as a PNG image and a PDF, in the page's language, made on click."""
    folder, lang = ui.build_folder(), ctx.lang
    stem = file_stem(ctx.t("brief_file"), ctx.name(code), lang)
    download_row(
        {
            fmt: (
                ctx.t(f"brief_{fmt}"),
                (lambda f=fmt: _brief(folder, code, lang, f)),
                f"{stem}.{fmt}",
                ctx.t(f"brief_{fmt}_help"),
            )
            for fmt in ("png", "pdf")
        },
        f"brief_{code}",
        kind="secondary",
    )


# --- Research downloads. ---


def research_downloads(ctx: ui.Ctx, sel: ex.Selection, key: str) -> None:
    """CSV (UTF-8 with BOM), XLSX and zip data package of a selection, made on click."""
    folder = ui.build_folder()
    files = {
        fmt: (
            ctx.t(f"download_{fmt}"),
            (lambda f=fmt: _export(folder, sel, f)),
            ex.export_filename(sel, fmt),
            ctx.t(f"download_{fmt}_help"),
        )
        for fmt in ex.FORMATS
    }
    download_row(files, key, kind="secondary")


def research_section(ctx: ui.Ctx, current: ex.Selection | None, key: str = "data") -> None:
    """Scope (the current selection or everything), the computed-values switch and the three research files."""
    options = ["selection", "all"] if current is not None else ["all"]
    chosen = ui.url_value("scope", lambda r: pp.read_choice(r, options), options[0])
    scope = st.radio(
        ctx.t("data_scope"),
        options,
        horizontal=True,
        format_func=lambda o: ctx.t(f"data_scope_{o}"),
        **ui.bound("scope", f"w_{key}_scope", chosen),
    )
    flag = ui.url_value("computed", pp.read_flag, False)
    computed = st.checkbox(
        ctx.t("data_include_computed"),
        help=ctx.t("data_include_computed_help"),
        **ui.bound("computed", f"w_{key}_computed", flag, pp.write_flag),
    )
    base = current if scope == "selection" else ex.Selection(vintage=None)
    sel = replace(base, computed=computed)
    n = len(ex.select_values(ctx.ds.values, sel))
    if not n:
        st.info(ctx.t("data_nothing_to_download"), icon="ℹ️")
        return
    research_downloads(ctx, sel, key)
    st.caption(ctx.t("data_downloads_caption", n=n))


def source_citations(ctx: ui.Ctx, index: str | None = None) -> list[str]:
    """One citation line per source (of an index, or all), each once."""
    src = ex.sources_with_citations(ctx.ds)
    if index is not None and not src.empty:
        src = src[src["index"] == index]
    return list(dict.fromkeys(c for c in src.get("citation", pd.Series(dtype=str)) if c))


@st.cache_data(show_spinner=False)
def citation_cff() -> str:
    """The project's CITATION.cff as text ("" if it is missing)."""
    path = ROOT / "CITATION.cff"
    return path.read_text(encoding="utf-8") if path.exists() else ""


# --- The presentation view. ---


def _set_present(on: bool) -> None:
    if on:
        st.query_params["present"] = "1"
    elif "present" in st.query_params:
        del st.query_params["present"]


def presentation_toggle(ctx: ui.Ctx, where: str = "sidebar") -> None:
    """A button into the same view without the app's chrome (or back out of it), for taking screenshots."""
    present = ctx.state.present
    st.button(
        ctx.t("present_leave" if present else "present_enter"),
        key=f"w_present_{where}",
        type="tertiary",
        icon=":material/close_fullscreen:" if present else ":material/slideshow:",
        help=None if present else ctx.t("present_help"),
        on_click=_set_present,
        args=(not present,),
    )


def presentation_chrome(ctx: ui.Ctx, before: Callable[[ui.Ctx], None] | None = None) -> None:
    """In the presentation view: hide the header, toolbar and sidebar, enlarge the text, offer the way back (after
    `before`, e.g. the share button, in the same row)."""
    if not ctx.state.present:
        return
    st.markdown(PRESENT_CSS, unsafe_allow_html=True)
    with st.container(horizontal=True, horizontal_alignment="right"):
        if before:
            before(ctx)
        presentation_toggle(ctx, "main")
