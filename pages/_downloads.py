"""Download widgets: charts as captioned PNG/SVG, the province brief card, research tables.

Files are made only when their button is clicked (Streamlit calls the function given as `data` then) and cached,
so drawing a page costs nothing extra. The work itself lives in dashboard/images.py, brief.py and export.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import brief, export, images, page_params, research, theme
from pages import _present as present
from pages import _ui as ui

ROOT = Path(__file__).resolve().parent.parent
PNG_SCALE = 2
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", **export.MIME}


# --- Rendering (cached, called when a button is clicked). ---


@st.cache_data(show_spinner=False, max_entries=64)
def _render(spec_json: str, fmt: str, lang: str) -> bytes:
    spec = json.loads(spec_json)
    return images.chart_png(spec, PNG_SCALE, lang) if fmt == "png" else images.chart_svg(spec, lang)


def render_chart(chart: alt.TopLevelMixin, fmt: str, lang: str) -> bytes:
    """A (captioned) chart as PNG (2×) or SVG bytes, cached on its spec."""
    return _render(chart.to_json(validate=False), fmt, lang)


@st.cache_data(show_spinner=False, max_entries=32)
def _brief(folder: str, code: str, lang: str, fmt: str) -> bytes:
    ds = ui.dataset_at(folder)
    return brief.brief_png(ds, code, lang, scale=PNG_SCALE) if fmt == "png" else brief.brief_pdf(ds, code, lang)


@st.cache_data(show_spinner=False, max_entries=16)
def _export(folder: str, sel: export.Selection, fmt: str) -> bytes:
    return export.export(ui.dataset_at(folder), sel, fmt)


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


def chart_downloads(ctx: ui.Ctx, make: Callable[[], alt.TopLevelMixin], *, name: str, key: str, **caption) -> None:
    """PNG (2×) and SVG buttons for a chart; `make` builds the Altair chart, only when a button is clicked, and the
    image is captioned (dashboard.images.captioned)."""
    stem, lang = images.file_stem(name), ctx.lang

    def image(fmt: str) -> bytes:
        chart = images.captioned(make(), ctx.ds.sources, lang, version=export.data_version(ctx.ds), **caption)
        return render_chart(chart, fmt, lang)

    download_row(
        {
            fmt: (ctx.t(f"download_{fmt}"), (lambda f=fmt: image(f)), f"{stem}.{fmt}", ctx.t(f"download_{fmt}_help"))
            for fmt in ("png", "svg")
        },
        key,
    )


def chart_with_downloads(
    ctx: ui.Ctx,
    spec: dict,
    make: Callable[[], alt.TopLevelMixin],
    *,
    name: str,
    key: str,
    title=None,
    subtitle=None,
    source_line=None,
    licence=None,
    rows=None,
    width="stretch",
    **chart_kwargs,
):
    """Draw a Vega-Lite spec (returns its selection event) with PNG and SVG downloads below.

    `spec` is what the page cached; `make` rebuilds the same chart as an Altair object for the downloads, only when
    one is clicked. Title and subtitle default to the chart's own; source line and licence to those of `rows` (the
    tidy rows shown). In the presentation view the type is larger and the buttons are left out.
    """
    shown = theme.presentation_spec(spec, present.PRESENT_SCALE) if ctx.state.present else spec
    shown = toolbar_ready(ctx, shown, rows, source_line, title)
    event = st.vega_lite_chart(shown, width=width, key=key, **chart_kwargs)
    if not ctx.state.present:
        chart_downloads(
            ctx,
            make,
            name=name,
            key=key,
            title=title,
            subtitle=subtitle,
            source_line=source_line,
            licence=licence,
            rows=rows,
        )
    return event


@st.cache_data(show_spinner=False, max_entries=512)
def _source_line(build: str, pairs: tuple, lang: str) -> str:
    """The source line of a chart showing rows with these (source_id, year) pairs."""
    rows = pd.DataFrame(list(pairs), columns=["source_id", "year"])
    return images.source_and_licence(ui.dataset_at(build).sources, rows, lang)[0]


def toolbar_ready(ctx: ui.Ctx, spec: dict, rows=None, source_line=None, title=None) -> dict:
    """The spec for Streamlit's chart toolbar: "Show data" shows the plotted rows, "Download as PNG" the source line
    and the data version (dashboard.images.toolbar_ready)."""
    line = source_line if source_line is not None else _source_line(ui.build_folder(), ui.source_pairs(rows), ctx.lang)
    version = export.data_version(ctx.ds)
    stamp = ctx.t("image_data_version", version=version) if version else ""
    return images.fitted_subtitle(images.toolbar_ready(spec, line, stamp, title if isinstance(title, str) else ""))


def charts_in_rows(
    ctx: ui.Ctx,
    specs: list[dict],
    make: Callable[[], alt.TopLevelMixin],
    *,
    per_row: int = 2,
    panel_rows: list | None = None,
    **kw,
):
    """Small multiples drawn as separate charts, `per_row` to a row of columns (a phone stacks them in order), each
    as wide as its column and naming the sources of its own rows (`panel_rows`, one frame per spec); one PNG/SVG pair
    below for the whole set (`make`, as in chart_with_downloads)."""
    key = kw.pop("key")
    for start in range(0, len(specs), per_row):
        for i, col in enumerate(st.columns(per_row), start=start):
            if i < len(specs):
                shown = theme.presentation_spec(specs[i], present.PRESENT_SCALE) if ctx.state.present else specs[i]
                rows = panel_rows[i] if panel_rows else kw.get("rows")
                shown = toolbar_ready(ctx, shown, rows, kw.get("source_line"))
                col.vega_lite_chart(shown, width="stretch", key=f"{key}_{i}")
    if not ctx.state.present:
        chart_downloads(ctx, make, key=key, **kw)


# --- The province brief card. ---


def brief_downloads(ctx: ui.Ctx, code: str) -> None:
    """The province's one-page brief as a PNG image and a PDF, in the page's language, made on click."""
    folder, lang = ui.build_folder(), ctx.lang
    stem = images.file_stem(ctx.t("brief_file"), ctx.name(code), lang)
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


def research_downloads(ctx: ui.Ctx, sel: export.Selection, key: str) -> None:
    """CSV (UTF-8 with BOM), XLSX and zip data package of a selection, made on click."""
    folder = ui.build_folder()
    files = {
        fmt: (
            ctx.t(f"download_{fmt}"),
            (lambda f=fmt: _export(folder, sel, f)),
            export.export_filename(sel, fmt, export.data_version(ctx.ds)),
            ctx.t(f"download_{fmt}_help"),
        )
        for fmt in export.FORMATS
    }
    download_row(files, key, kind="secondary")


def research_section(ctx: ui.Ctx, current: export.Selection | None, key: str = "data") -> None:
    """Scope (the current selection or everything), the published-only switch (off: computed values included and
    marked in status / rank_status) and the three research files."""
    options = ["selection", "all"] if current is not None else ["all"]
    chosen = ui.url_choice(ctx, "scope", list(options), options[0])
    scope = st.radio(
        ctx.t("data_scope"),
        options,
        horizontal=True,
        format_func=lambda o: ctx.t(f"data_scope_{o}"),
        **ui.bound("scope", f"w_{key}_scope", chosen),
    )
    flag = ui.url_value("published_only", page_params.read_flag, False)
    published_only = st.checkbox(
        ctx.t("data_published_only"),
        help=ctx.t("data_published_only_help"),
        **ui.bound("published_only", f"w_{key}_published_only", flag, page_params.write_flag),
    )
    base = current if scope == "selection" else export.Selection(vintage=None)
    sel = replace(base, computed=not published_only, lang=ctx.lang, url=_page_address())
    n = len(export.select_values(ctx.ds.values, sel))
    if not n:
        st.info(ctx.t("data_nothing_to_download"), icon="ℹ️")
        return
    research_downloads(ctx, sel, key)
    st.caption(ctx.t("data_downloads_caption", n=n))


def _page_address() -> str:
    """The address of the data page the file is downloaded from (for its citation; "" when unknown)."""
    base = research.base_url(st.context.url)
    return f"{base}/data" if base else ""


def source_citations(ctx: ui.Ctx, index: str | None = None) -> list[str]:
    """One citation line per source (of an index, or all), each once."""
    src = export.sources_with_citations(ctx.ds, lang=ctx.lang)
    if index is not None and not src.empty:
        src = src[src["index"] == index]
    return list(dict.fromkeys(c for c in src.get("citation", pd.Series(dtype=str)) if c))


@st.cache_data(show_spinner=False)
def citation_cff() -> str:
    """The project's CITATION.cff as text ("" if it is missing)."""
    path = ROOT / "CITATION.cff"
    return path.read_text(encoding="utf-8") if path.exists() else ""
