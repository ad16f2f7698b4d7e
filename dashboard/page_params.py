"""A page's own URL parameters (beyond dashboard.state's view): the controls that change what one page shows.

Each is read from an untrusted string into a valid value or None (then the page uses its default), and written back
as a short string, so a copied link restores the control. Pure; the Streamlit glue is pages/_ui.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# name -> what it is, for the README and the round-trip tests
PAGE_PARAMS = {
    "data": ("years", "all_indicators", "all_provinces", "scope", "published_only", "only_index", "section"),
    "rankings": ("median", "highlight", "view", "tier"),
    "map": ("map34", "pick", "view", "labels", "color"),
    "profile": ("peer_year",),
    "compare": ("tab",),
    "overview": ("section",),
}


def read_flag(raw: str) -> bool | None:
    """'1' / '0' -> True / False."""
    return {"1": True, "0": False}.get(raw.strip())


def write_flag(value: bool) -> str:
    """True / False -> '1' / '0'."""
    return "1" if value else "0"


def read_choice(raw: str, options: Sequence[str]) -> str | None:
    """The raw value if it is one of the options."""
    return raw if raw in options else None


def read_year(raw: str, years: Sequence[int]) -> int | None:
    """A four-digit year among `years`."""
    return int(raw) if re.fullmatch(r"\d{4}", raw.strip()) and int(raw) in years else None


def read_year_range(raw: str, years: Sequence[int]) -> tuple[int, int] | None:
    """'2010-2019' -> (2010, 2019) when both ends lie within the years and are in order."""
    m = re.fullmatch(r"(\d{4})-(\d{4})", raw.strip())
    if not m or not years:
        return None
    lo, hi = int(m[1]), int(m[2])
    return (lo, hi) if min(years) <= lo <= hi <= max(years) else None


def write_year_range(value: Sequence[int]) -> str:
    """(2010, 2019) -> '2010-2019'."""
    return f"{int(value[0])}-{int(value[1])}"


def read_code(raw: str, codes: Sequence[str]) -> str | None:
    """A two-digit province code among `codes` (of the vintage the page shows)."""
    c = raw.strip().zfill(2)
    return c if re.fullmatch(r"\d{2}", c) and c in codes else None
