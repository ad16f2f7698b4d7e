"""Official tables a user obtained by hand (Ministry of Home Affairs decisions, VCCI or UNDP tables), added by
`python -m loaders import --index par --year 2024 --file FILE [--source-url URL]`.

The file (CSV or XLSX) needs a province column and a score column, found by their header names in Vietnamese or
English ("Tỉnh", "Tên tỉnh", "Province" / "Điểm", "Chỉ số", "Score", "PAR INDEX", "SIPAS"), and optionally a rank
column ("Xếp hạng", "Rank"). Provinces are matched through the registry; values are checked against the scale.
The table is stored, with its citation (source address, original file name, sha256, import date), as a
normalised CSV plus a JSON sidecar in data/imports/. The build reads every stored table with `load_imports`:
an official table has precedence 1 (official file) over pages and news figures.

One module per step: guards.py (limits, the error), read.py (files to rows), columns.py (header words),
table.py (rows to tidy values, checks), store.py (storing with the citation; the build reading them back).
"""

from __future__ import annotations

from loaders.imports.guards import MAX_FILE_BYTES, MAX_PROBLEMS, MAX_UNPACKED_BYTES, ImportTableError
from loaders.imports.store import (
    IMPORTS_DIR,
    SOURCES_FROM_IMPORTS,
    _sidecars,
    fingerprint,
    import_table,
    imported_keys,
    load_imports,
    with_import_sources,
)
from loaders.imports.table import _indicator, parse_table

__all__ = [
    "IMPORTS_DIR",
    "MAX_FILE_BYTES",
    "MAX_PROBLEMS",
    "MAX_UNPACKED_BYTES",
    "SOURCES_FROM_IMPORTS",
    "ImportTableError",
    "_indicator",
    "_sidecars",
    "fingerprint",
    "import_table",
    "imported_keys",
    "load_imports",
    "parse_table",
    "with_import_sources",
]
