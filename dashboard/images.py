"""Charts as briefing images: PNG and SVG rendered server-side, with title, source, licence and date burnt in."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
import unicodedata
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert as vlc

from dashboard import theme  # noqa: F401 — registers and enables the project theme
from dashboard.credits import credits, source_line
from dashboard.i18n import d3_format_locale, fmt_date_numeric, t
from dashboard.ranks import computed_note

ROOT = Path(__file__).resolve().parent.parent
FONT_DIR = ROOT / "assets" / "fonts"
FONT_REGULAR = FONT_DIR / "NotoSans-Regular.ttf"
FONT_BOLD = FONT_DIR / "NotoSans-Bold.ttf"
IMAGE_WIDTH = 640  # used where a chart asks for the container's width, which an image does not have
FOOTER_FONT_SIZE = 11
_fonts_registered = False


class FontMissingError(FileNotFoundError):
    """The shipped font (assets/fonts) is not there."""


def register_fonts() -> None:
    """Make the shipped Noto Sans (full Vietnamese coverage) available to vl-convert, once per process."""
    global _fonts_registered
    if _fonts_registered:
        return
    if not FONT_REGULAR.exists():
        raise FontMissingError(f"{FONT_REGULAR} not found: restore assets/fonts from the repository.")
    vlc.register_font_directory(str(FONT_DIR))
    _fonts_registered = True


def _fixed_size(node):
    """The spec with every "container" width/height replaced by a fixed size (images have no container)."""
    if isinstance(node, dict):
        out = {k: _fixed_size(v) for k, v in node.items()}
        for key, size in (("width", IMAGE_WIDTH), ("height", IMAGE_WIDTH // 2)):
            if out.get(key) == "container":
                out[key] = size
        return out
    if isinstance(node, list):
        return [_fixed_size(v) for v in node]
    return node


def chart_spec(chart) -> dict:
    """The Vega-Lite dict of a chart (or a spec dict), ready for an image."""
    spec = chart if isinstance(chart, dict) else chart.to_dict()
    return _fixed_size(spec)


def chart_png(chart, scale: float = 2, lang: str = "vi") -> bytes:
    """The chart as PNG bytes (scale 2 = twice the chart's pixel size), numbers formatted for the language."""
    register_fonts()
    return vlc.vegalite_to_png(chart_spec(chart), scale=scale, format_locale=d3_format_locale(lang))


def chart_svg(chart, lang: str = "vi") -> bytes:
    """The chart as SVG bytes (UTF-8); text stays text, so names keep their diacritics and can be searched."""
    register_fonts()
    return vlc.vegalite_to_svg(chart_spec(chart), format_locale=d3_format_locale(lang)).encode("utf-8")


def today(lang: str = "vi") -> str:
    """Today's date as written in the language (22/11/2025 in Vietnamese, 2025-11-22 in English)."""
    return fmt_date_numeric(dt.date.today(), lang)


def wrap_lines(lines, width_px: int, font_size: int = FOOTER_FONT_SIZE) -> list[str]:
    """Non-empty lines wrapped to fit about `width_px` pixels of text at `font_size`."""
    chars = max(30, int(width_px / (font_size * 0.55)))
    out = []
    for line in lines:
        if line:
            out += textwrap.wrap(str(line), chars, break_long_words=False) or [str(line)]
    return out


def _width(spec: dict) -> int:
    """The drawing width of a chart spec in pixels (best effort, for wrapping the footer)."""
    if isinstance(spec.get("width"), int | float):
        return int(spec["width"])
    for key in ("vconcat", "layer"):
        if spec.get(key):
            return max(_width(s) for s in spec[key])
    if spec.get("hconcat"):
        return sum(_width(s) for s in spec["hconcat"])
    return IMAGE_WIDTH


def _strip_config(chart):
    """A shallow copy of the chart without its title and top-level config (a nested chart may not carry one)."""
    c = chart.copy(deep=False)
    config = c.config if c.config is not alt.Undefined else None
    c.config = alt.Undefined
    c.title = alt.Undefined
    return c, config


def with_caption(
    chart,
    title: str,
    subtitle=(),
    source_line: str = "",
    licence="",
    date: str | None = None,
    lang: str = "vi",
    width: int | None = None,
):
    """The chart with a title and subtitle on top and the source line, licence and date burnt in below.

    `subtitle` and `licence` are strings or lists of lines; `date` defaults to today in the language;
    `width` (pixels, for wrapping the text) defaults to the chart's own.
    """
    inner, config = _strip_config(chart)
    width = width or _width(_fixed_size(inner.to_dict(validate=False)))
    subtitle_lines = wrap_lines([subtitle] if isinstance(subtitle, str) else subtitle, width, 13)
    head = alt.TitleParams(text=title, subtitle=subtitle_lines or alt.Undefined, anchor="start")
    date = today(lang) if date is None else date
    licence_lines = [licence] if isinstance(licence, str) else list(licence)
    foot = wrap_lines([source_line, *licence_lines, date], width)
    inner.title = head
    framed = alt.VConcatChart(vconcat=[inner])
    if foot:
        framed.title = alt.TitleParams(
            text=foot[0],
            subtitle=foot[1:] or alt.Undefined,
            orient="bottom",
            anchor="start",
            fontSize=FOOTER_FONT_SIZE,
            fontWeight="normal",
            subtitleFontSize=FOOTER_FONT_SIZE,
            offset=14,
            color="#555555",
            subtitleColor="#555555",
        )
    if config is not None:
        framed.config = config
    return framed


# --- Captioned downloads of the page's charts. ---

IMAGE_LABEL_SEPARATION = 6  # pixels between axis labels in images
MAX_NAME = 100


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


def source_and_licence(sources: pd.DataFrame, rows: pd.DataFrame | None, lang: str) -> tuple[str, list[str]]:
    """The source line and licence lines for the rows a chart shows."""
    if rows is None or rows.empty:
        return "", []
    licences = credits(rows, sources, lang=lang)[1]
    return source_line(rows, sources, lang), [f"{t('licence', lang)}: {lic}" for lic in licences]


def source_addresses(sources: pd.DataFrame, rows: pd.DataFrame | None) -> list[str]:
    """The official address (else the download address) of every source of the rows shown, each once."""
    if rows is None or rows.empty or sources.empty or "source_id" not in rows:
        return []
    src = sources.drop_duplicates("id").set_index("id")
    out: dict[str, None] = {}
    for field in rows["source_id"].dropna().drop_duplicates():
        for sid in str(field).split(";"):
            if sid in src.index:
                addresses = (src.at[sid, c] for c in ("official_page", "download_url") if c in src)
                url = next((u for u in addresses if isinstance(u, str) and u), "")
                if url:
                    out[url] = None
    return list(out)


def provenance_lines(sources: pd.DataFrame, rows: pd.DataFrame | None, lang: str, version: str = "") -> list[str]:
    """The lines naming where an image's figures can be checked: the source addresses and the data version."""
    urls = source_addresses(sources, rows)
    lines = [t("image_addresses", lang, urls="; ".join(urls))] if urls else []
    return lines + ([t("image_data_version", lang, version=version)] if version else [])


def captioned(
    chart,
    sources: pd.DataFrame,
    lang: str,
    *,
    title=None,
    subtitle=None,
    source_line=None,
    licence=None,
    rows=None,
    version: str = "",
):
    """The chart as a briefing image: title, subtitle, source line, licence, source addresses, data version and
    today's date burnt in.

    Title and subtitle default to the chart's own; source line, licence and addresses to those of `rows` (the tidy
    rows shown); where any of those rows is computed a line says so; `version` is the data version of the build.
    """
    own_title, own_sub = title_of(chart)
    line, lic = source_and_licence(sources, rows, lang)
    lic = (lic if licence is None else [licence] if isinstance(licence, str) else list(licence)) + provenance_lines(
        sources, rows, lang, version
    )
    note = computed_note(rows, lang)
    lic = [note, *lic] if note else lic
    inner = chart.copy(deep=False)
    autosize, inner.autosize = inner.autosize, alt.Undefined  # only the outermost chart may size itself
    framed = with_caption(
        inner,
        title if title is not None else own_title,
        subtitle if subtitle is not None else own_sub,
        line if source_line is None else source_line,
        lic,
        lang=lang,
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


# --- Streamlit's own chart toolbar ("Show data", "Download as PNG"). ---

TOOLBAR_WRAP_PX = 600  # a concatenated chart's credit is wrapped to this width (it has no one width to fit)


def _data_names(spec: dict) -> list[str]:
    """The names of the datasets a spec and its layers and sub-charts read, outermost first."""
    data, names = spec.get("data"), []
    if isinstance(data, dict) and isinstance(data.get("name"), str):
        names.append(data["name"])
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for sub in spec.get(key) or []:
            names += _data_names(sub) if isinstance(sub, dict) else []
    inner = spec.get("spec")
    return names + (_data_names(inner) if isinstance(inner, dict) else [])


def plotted_name(spec: dict) -> str | None:
    """The dataset a spec plots: the chart's own (top-level) data, else the largest one its layers read (an
    annotation layer's, such as method-break labels, has a row per label)."""
    datasets = spec.get("datasets") if isinstance(spec.get("datasets"), dict) else {}
    top = spec.get("data")
    if isinstance(top, dict) and top.get("name") in datasets:
        return top["name"]
    names = [n for n in dict.fromkeys(_data_names(spec)) if n in datasets]
    return max(names, key=lambda n: len(datasets[n]) if isinstance(datasets[n], list) else 0, default=None)


def plotted_first(spec: dict) -> dict:
    """The spec with the dataset it plots first among its datasets: Streamlit's "Show data" shows the first one, so
    it shows the plotted rows, not an annotation layer's (break labels, offsets)."""
    datasets, name = spec.get("datasets"), plotted_name(spec)
    if not isinstance(datasets, dict) or name is None or next(iter(datasets)) == name:
        return spec
    if any(isinstance(v, bytes) for v in datasets.values()):  # already ordered and sent as Arrow (vega_data)
        return spec
    return {**spec, "datasets": {name: datasets[name], **{k: v for k, v in datasets.items() if k != name}}}


def _single_view(spec: dict) -> bool:
    """Whether a spec is one view (a mark or layers), which has one `width` its subtitle can be wrapped to."""
    return "layer" in spec or "mark" in spec


def toolbar_ready(spec: dict, source: str, version: str = "", title: str = "") -> dict:
    """The spec as a page draws it, ready for Streamlit's toolbar: the plotted rows first (its "Show data") and the
    source line and data version in the chart's own subtitle, so its "Download as PNG" names them (the project's own
    PNG and SVG buttons add the licence, addresses and date)."""
    out = plotted_first(spec)
    lines = [line for line in (source, version) if line]
    # One wrap only: a single view's lines are wrapped where it is drawn, to its width (fitted_subtitle); a
    # concatenation has no one width, so its lines are wrapped here.
    credit = lines if _single_view(out) else wrap_lines(lines, TOOLBAR_WRAP_PX, 13)
    if not credit:
        return out
    head = out.get("title")
    if isinstance(head, dict):
        sub = head.get("subtitle") or []
        sub = [sub] if isinstance(sub, str) else list(sub)
        return {**out, "title": {**head, "subtitle": [*sub, *credit]}}
    text = head if isinstance(head, str) and head else title
    if not text:
        return out
    return {**out, "title": {"text": text, "subtitle": credit, "anchor": "start"}}


def fitted_subtitle(spec: dict) -> dict:
    """The spec with its subtitle lines wrapped, as it is drawn, to the chart's width (Vega cuts a line wider than
    the chart to "…"); every word of every line stays. Concatenated charts are left as they are."""
    head = spec.get("title")
    sub = head.get("subtitle") if isinstance(head, dict) else None
    if not sub or not _single_view(spec):
        return spec
    lines = [sub] if isinstance(sub, str) else [str(s) for s in sub]
    size = (spec.get("config") or {}).get("title", {}).get("subtitleFontSize", 13)
    chars = f"max(20, floor(width / {size * 0.55:g}))"  # the same width per character as wrap_lines
    text = json.dumps("\n".join(lines), ensure_ascii=False)  # a JSON string is a Vega expression string
    wrapped = f"replace({text}, regexp('([^\\\\n]{{1,' + {chars} + '}})( +|$)', 'gm'), '$1\\n')"
    signal = f"split(trim(replace({wrapped}, regexp('\\\\n+', 'g'), '\\n')), '\\n')"
    return {**spec, "title": {**head, "subtitle": {"signal": signal}}}
