"""The cached views of the overview page: st.cache_data at the page edge, keyed by the build folder and the view
state (province, colour, language)."""

import streamlit as st

from dashboard import charts, data, indices, provenance
from dashboard.conflict_notes import rank_conflict_note, rank_conflicts
from dashboard.credits import AS_WRITTEN, COMPACT, credit_line, credits
from dashboard.i18n import t
from dashboard.ranks import figure_heading
from dashboard.theme import province_colors
from dashboard.vega_data import with_arrow_datasets
from pages import _ui as ui


def index_data(ds, index: str, code: str, lang: str) -> dict | None:
    """One index for one province: latest figures, its series, the source text and its sources (None: no figure)."""
    indicator = indices.headline(index)
    f = data.latest_figures(ds.values, index, indicator, code) if index in ds.indices() else None
    if f is None:
        return None
    s = data.series(ds.values, index, indicator, [code])
    used = s[s["year"] == f["year"]][["source_id", "year"]]
    conflict = None
    if f["rank_change"] is not None:
        rows = rank_conflicts(ds.conflicts, index, indicator, code, [f["year"], f["prev_year"]])
        conflict = rank_conflict_note(rows, lang) if len(rows) else None
    source = "; ".join(credits(used, ds.sources, lang=lang, **AS_WRITTEN)[0])
    sources = ui.figure_sources(ds, index, indicator, int(f["year"]), code, 63, lang)
    return {"figures": f, "series": s, "source": source, "conflict": conflict, "sources": sources}


@st.cache_data(show_spinner=False, max_entries=512)
def card_data(build: str, code: str, color: str, lang: str) -> dict:
    """One province's card: index -> index_data, the trend panels' spec and the card's sources as one Markdown text
    (a heading per figure) and whether any figure has weak sources only. Each index_data is kept without its series
    (drawn into the spec; the page reads nothing else of it, and every cache hit would unpickle it)."""
    ds = ui.dataset_at(build)
    figures = {i: index_data(ds, i, code, lang) for i in indices.codes()}
    drawn = {i: c["series"] for i, c in figures.items() if c and c["series"]["value"].notna().any()}
    spec = with_arrow_datasets(charts.card_trends(drawn, color, lang).to_dict()) if drawn else None
    found = [
        (figure_heading(i, c["figures"]["year"], c["figures"]["status"], lang), *c["sources"])
        for i, c in figures.items()
        if c
    ]
    weak, sources = provenance.under_headings(found, t("src_caveat_short", lang))
    kept = {i: c and {k: v for k, v in c.items() if k != "series"} for i, c in figures.items()}
    return {"figures": kept, "spec": spec, "sources": sources, "weak": weak}


@st.cache_data(show_spinner=False, max_entries=128)
def cards_data(build: str, codes: tuple[str, ...], lang: str) -> dict:
    """Every card of the selection, province -> card_data: one cache look-up per page run."""
    colors = province_colors(list(codes))
    return {c: card_data(build, c, colors[c], lang) for c in codes}


@st.cache_data(show_spinner=False, max_entries=128)
def coverage_data(build: str, codes: tuple[str, ...], lang: str) -> dict:
    """The coverage grid of the selection (frame and spec), the tidy rows it shows and their credit line."""
    ds = ui.dataset_at(build)
    names = {c: ds.province_name(c) for c in codes}
    cov = data.coverage_for(ds.values, codes)
    shown = data.select(ds.values, codes=codes)
    shown = shown[
        shown["indicator"].isin(list(indices.headlines().values())) & (shown["value"].notna() | shown["rank"].notna())
    ]
    kw = dict(title=t("coverage_title", lang), subtitle=[", ".join(names.values())])
    spec = with_arrow_datasets(charts.coverage_grid(cov, names, lang, **kw).to_dict()) if not cov.empty else None
    credit = credit_line(shown[["source_id", "year"]], ds.sources, lang, **COMPACT)
    return {"cov": cov, "names": names, "kw": kw, "spec": spec, "shown": shown, "credit": credit}
