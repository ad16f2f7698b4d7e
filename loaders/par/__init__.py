"""PAR INDEX (Chỉ số cải cách hành chính, Bộ Nội vụ — the Ministry of Home Affairs): published figures and components.

No full provincial table of the PAR INDEX could be reached; this loader reads the figures as they were published,
each with its address and the source's own words (sources README, "PAR INDEX and SIPAS"):
    statements/par_statements.csv (totals), statements/par_component_statements.csv (curated: one row per figure
    and source, with its source kind and rank basis), par/par_national_stats.csv.
Metadata beside this file: sources.csv, codebook.csv, components.csv (component label -> indicator). The shared
reading rules are in loaders/statements.py, the choice by source kind in loaders/merge.py.
Component rows carry the rank of the PAR total, not of the component: that rank is not copied to the component rows.
"""

from __future__ import annotations

from pathlib import Path

from loaders import statements as st
from loaders.common import Indicator, Source, read_records, source_path

HERE = Path(__file__).parent
INDEX = "par"
SOURCES: list[Source] = read_records(HERE / "sources.csv", Source)
INDICATORS: list[Indicator] = read_records(HERE / "codebook.csv", Indicator)
EXPECTED_COUNTS: dict[str, dict[int, int]] = {}  # coverage is sparse by nature
COMPONENTS = st.read_labels(HERE / "components.csv")
_SOURCE = {s.id: s for s in SOURCES}
_ORDER = {s.id: i for i, s in enumerate(SOURCES)}
COMPONENT_EXTRA = ("component", "total_score")


def statements(sources_dir: Path, registry) -> tuple[list[st.Statement], list[str]]:
    """Every statement of the curated PAR files (totals, components) and warnings."""
    p = source_path(sources_dir, _SOURCE["par-points"])
    out = st.curated_statements(st.parse_curated(p, INDEX), _SOURCE["par-points"], p, registry, _ORDER["par-points"])
    c = source_path(sources_dir, _SOURCE["par-components"])
    rows = st.parse_curated(c, INDEX, COMPONENT_EXTRA)
    # the components file's rank is the PAR total's, not the component's: not copied to the component rows
    out += st.curated_statements(
        rows, _SOURCE["par-components"], c, registry, _ORDER["par-components"], COMPONENTS, keep_rank=False
    )
    return out, []


def load(sources_dir, registry):
    """Tidy values (one per key, with precedence), every statement as a citation, every disagreement as a conflict."""
    found, warnings = statements(Path(sources_dir), registry)
    return st.load_result(found, registry, warnings)


def national_stats(sources_dir) -> list[dict]:
    """National figures: par_national_stats.csv, then the NATIONAL rows of the curated components and totals."""
    sources_dir = Path(sources_dir)
    p = source_path(sources_dir, _SOURCE["par-national"])
    rows = st.national_table_rows(p, "par-national")
    c = source_path(sources_dir, _SOURCE["par-components"])
    rows += st.national_rows(st.parse_curated(c, INDEX, COMPONENT_EXTRA), "par-components", c)
    p = source_path(sources_dir, _SOURCE["par-points"])
    return rows + st.national_rows(st.parse_curated(p, INDEX), "par-points", p, "PAR (national)")
