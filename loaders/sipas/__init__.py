"""SIPAS (Chỉ số hài lòng về sự phục vụ hành chính, Bộ Nội vụ — the Ministry of Home Affairs): published figures.

No full provincial table of SIPAS could be reached; this loader reads the figures as they were published, each with
its address and the source's own words (sources README, "PAR INDEX and SIPAS"):
    statements/sipas_statements.csv (totals), statements/sipas_component_statements.csv (curated: one row per
    figure and source, with its source kind and rank basis; scope pilot-10 for SIPAS 2015).
Metadata beside this file: sources.csv, codebook.csv, components.csv (component label -> indicator). The shared
reading rules are in loaders/statements.py, the choice of one statement per key in loaders/merge.py.
SIPAS 2015 was a pilot of 10 provinces: its ranks are among 10, so they stay out of the rank column (which means rank
of 63) and remain in the citations (rank and quote). See PILOT_YEARS.
"""

from __future__ import annotations

from pathlib import Path

from loaders import statements as st
from loaders.common import Indicator, Source, read_records, source_path

HERE = Path(__file__).parent
INDEX = "sipas"
SOURCES: list[Source] = read_records(HERE / "sources.csv", Source)
INDICATORS: list[Indicator] = read_records(HERE / "codebook.csv", Indicator)
EXPECTED_COUNTS: dict[str, dict[int, int]] = {}  # coverage is sparse by nature
PILOT_YEARS = {(INDEX, 2015): 10}  # (index, year) -> provinces in a pilot; ranks are among these, not of 63
COMPONENTS = st.read_labels(HERE / "components.csv")
_SOURCE = {s.id: s for s in SOURCES}
_ORDER = {s.id: i for i, s in enumerate(SOURCES)}


def statements(sources_dir: Path, registry) -> tuple[list[st.Statement], list[str]]:
    """Every statement of the curated SIPAS files (totals, components) and warnings."""
    p = source_path(sources_dir, _SOURCE["sipas-points"])
    out = st.curated_statements(
        st.parse_curated(p, INDEX), _SOURCE["sipas-points"], p, registry, _ORDER["sipas-points"]
    )
    c = source_path(sources_dir, _SOURCE["sipas-components"])
    rows = st.parse_curated(c, INDEX, ("component",))
    out += st.curated_statements(rows, _SOURCE["sipas-components"], c, registry, _ORDER["sipas-components"], COMPONENTS)
    return out, []


def load(sources_dir, registry):
    """Tidy values (one per key, with precedence), every statement as a citation, every disagreement as a conflict."""
    found, warnings = statements(Path(sources_dir), registry)
    return st.load_result(found, registry, warnings, unranked=set(PILOT_YEARS))


def national_stats(sources_dir) -> list[dict]:
    """National figures: the NATIONAL rows of the curated components and totals."""
    sources_dir = Path(sources_dir)
    c = source_path(sources_dir, _SOURCE["sipas-components"])
    rows = st.national_rows(st.parse_curated(c, INDEX, ("component",)), "sipas-components", c)
    p = source_path(sources_dir, _SOURCE["sipas-points"])
    return rows + st.national_rows(st.parse_curated(p, INDEX), "sipas-points", p, "SIPAS (national)")
