"""The method breaks and the code table of the methods page; its prose is Markdown in dashboard/locales/<lang>/.

Every statement here comes from the source notes (the READMEs beside the source files) or the codebook; the page adds
the codebook's components and the registry's code table, read from the build, so nothing is listed twice.
"""

from __future__ import annotations

import pandas as pd

from dashboard import indices
from dashboard.i18n import localized

# GSO codes that name a different unit after 1 July 2025 (source notes on the administrative units).
CODES_CHANGING_MEANING = ("15", "24", "44", "52", "80", "82", "91")


def breaks_of(index: str) -> list[indices.MethodBreak]:
    """The method breaks of one index, oldest first (from the index registry)."""
    return list(indices.method_breaks(index))


def code_meaning_table(provinces: pd.DataFrame, lang: str) -> pd.DataFrame:
    """For each code that changes meaning: the unit it named until 30 June 2025 and the one it names from 1 July."""
    name = localized("name", lang)
    rows = []
    for code in CODES_CHANGING_MEANING:
        old = provinces[(provinces["code"] == code) & (provinces["vintage"] == 63)]
        new = provinces[(provinces["code"] == code) & (provinces["vintage"] == 34)]
        rows.append(
            {"code": code, "63": old[name].iloc[0] if len(old) else None, "34": new[name].iloc[0] if len(new) else None}
        )
    return pd.DataFrame(rows, columns=["code", "63", "34"])
