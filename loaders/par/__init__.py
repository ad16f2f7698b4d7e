"""PAR INDEX (Chỉ số cải cách hành chính, Bộ Nội vụ — the Ministry of Home Affairs): published figures and components.

No full provincial table of the PAR INDEX could be reached; this loader reads the figures as they were published,
each with its address and the source's own words (sources README, "PAR INDEX and SIPAS"):
    par/par_index_points.csv (totals), par/par_index_components_points.csv, par/par_national_stats.csv.
Metadata beside this file: sources.csv, codebook.csv, components.csv (component label -> indicator),
cross_row_conflicts.csv (known conflicts stated in the quote of another row). The shared reading rules are in
loaders/statements.py, the choice of one statement per key in loaders/merge.py.
Component rows of par_index_components_points.csv carry the rank of the PAR total, not of the component: that rank
is not copied to the component rows. For PAR 2012 the choice keeps VietnamPlus for Đà Nẵng (87.14) and Đồng Tháp
(83.44), first in the file, and the dataset preview for Hà Nội (82.77, the only statement of the pair with a rank);
the other figure of each pair is a conflict.
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
COMPONENT_COLUMNS = [
    "index",
    "year",
    "province",
    "component",
    "value",
    "total_par_index",
    "rank",
    "source_url",
    "quote",
]
COMPONENTS = st.read_labels(HERE / "components.csv")
CROSS_ROW_CONFLICTS = st.read_cross_row_conflicts(HERE / "cross_row_conflicts.csv")
_SOURCE = {s.id: s for s in SOURCES}
_ORDER = {s.id: i for i, s in enumerate(SOURCES)}


def parse_components(path: Path) -> list[dict]:
    """par_index_components_points.csv as typed rows; its `rank` is the PAR total's rank, kept as `total_rank`."""
    return st.component_rows(path, COMPONENT_COLUMNS, INDEX, "value", "total_rank")


def statements(sources_dir: Path, registry) -> tuple[list[st.Statement], list[str]]:
    """Every statement of the PAR files (points, components, known cross-row conflicts) and warnings."""
    p = source_path(sources_dir, _SOURCE["par-points"])
    rows = st.parse_points(p, INDEX)
    out = st.points_statements(rows, _SOURCE["par-points"], p, registry, _ORDER["par-points"])
    c = source_path(sources_dir, _SOURCE["par-components"])
    out += st.component_statements(
        parse_components(c), _SOURCE["par-components"], c, registry, COMPONENTS, _ORDER["par-components"]
    )
    extra, warnings = st.cross_row_statements(
        rows, _SOURCE["par-points"], p, registry, out, CROSS_ROW_CONFLICTS, _ORDER["par-points"]
    )
    return out + extra, warnings


def load(sources_dir, registry):
    """Tidy values (one per key, with precedence), every statement as a citation, every disagreement as a conflict."""
    found, warnings = statements(Path(sources_dir), registry)
    return st.load_result(found, registry, warnings)


def national_stats(sources_dir) -> list[dict]:
    """National figures: par_national_stats.csv, then the NATIONAL rows of the components and points files."""
    sources_dir = Path(sources_dir)
    p = source_path(sources_dir, _SOURCE["par-national"])
    rows = st.national_table_rows(p, "par-national")
    c = source_path(sources_dir, _SOURCE["par-components"])
    rows += st.national_rows(parse_components(c), "par-components", c)
    p = source_path(sources_dir, _SOURCE["par-points"])
    return rows + st.national_rows(st.parse_points(p, INDEX), "par-points", p, "PAR (national)")
