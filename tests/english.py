"""Words and phrases of English that never occur in Vietnamese text: a Vietnamese page or image showing one has
English on it. Quoted labels as a workbook printed them ('Entry Costs', 'Rank') are left out of the scan."""

from __future__ import annotations

import re

PHRASES = (
    "Choose an option",
    "Choose options",
    "No options to select",
    "redistribution terms",
    "terms not stated",
    "terms not seen",
    "Rows quoting",
    "dataset-viewer",
    "as published",
    "as reported",
    "as cited",
    "the publication cited",
    "Attribute",
    "All rights reserved",
    "official publications",
    "provincial results workbook",
    "transcribed verbatim",
    "statements compiled",
    "source collection",
    "Ministry of Home Affairs",
    "Chamber of Commerce",
    "sub-dimension",
    "sub-indices",
    "third-party",
    "not comparable",
    "computed here",
    "compiled in",
    "Copy from",
    "archived",
    "editions",
    "Licence",
    "License",
    "Source:",
    "Sources:",
    "Data version",
    "Download",
    "Show data",
    "provinces",
    "the ",
    " and ",
    " with ",
    " from ",
    " only",
)
QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|‘[^’\n]*’|“[^”\n]*”")
# Addresses, paths, repository names and file names ("pcivietnam_vn_more_provinces.txt:34").
URL = re.compile(
    r"\b(?:https?://|www\.)\S+|\b[\w.-]+/[\w./@-]+|\b\w+(?:-\w+){2,}\b|\S+\.(?:csv|txt|xlsx?|json|parquet)\b\S*"
)


def english_in(text: str) -> list[str]:
    """The English phrases found in `text` (outside quotations and addresses), each once."""
    plain = URL.sub(" ", QUOTED.sub(" ", text))
    return [p for p in PHRASES if p.lower() in plain.lower()]
