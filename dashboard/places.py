"""The provinces of a build (provinces.csv, successions.csv, focus.csv): names, vintages, members, successions."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.i18n import localized


@dataclass(frozen=True)
class Place:
    """One unit of one vintage, as the build wrote it."""

    code: str
    vintage: int
    iso: str
    name_vi: str
    name_ascii: str
    name_en: str
    type: str
    region_code: str
    valid_from: str
    valid_to: str
    successor: str
    members: tuple[str, ...]


def _text(x) -> str:
    return "" if pd.isna(x) else str(x)


class Places:
    """The units of both vintages; historical units (Hà Tây in 63) apart from the units in force at a vintage's end."""

    def __init__(self, provinces: pd.DataFrame, successions: pd.DataFrame, focus: pd.DataFrame):
        self.units_all = [
            Place(
                code=_text(r["code"]),
                vintage=int(r["vintage"]),
                iso=_text(r.get("iso")),
                name_vi=_text(r["name_vi"]),
                name_ascii=_text(r.get("name_ascii")),
                name_en=_text(r["name_en"]),
                type=_text(r.get("type")),
                region_code=_text(r.get("region_code")),
                valid_from=_text(r.get("valid_from")),
                valid_to=_text(r.get("valid_to")),
                successor=_text(r.get("successor")),
                members=tuple(_text(r.get("members")).split()),
            )
            for r in provinces.to_dict("records")
        ]
        self._index = {(p.vintage, p.code): p for p in self.units_all}
        s = successions if len(successions) else pd.DataFrame(columns=["code", "vintage", "successor_vintage"])
        within = s[s["vintage"].astype(int) == s["successor_vintage"].astype(int)]
        self._ended = {(int(v), _text(c)) for c, v in zip(within["code"], within["vintage"], strict=True)}
        self.successions = s
        self.focus = tuple(_text(c) for c in focus["code"]) if len(focus) else ()

    def get(self, code: str, vintage: int) -> Place:
        """The unit with this GSO code in this vintage (KeyError if none)."""
        return self._index[(vintage, str(code).zfill(2))]

    def units(self, vintage: int) -> list[Place]:
        """The units of a vintage in force at its end (63 or 34), in GSO code order."""
        return sorted(
            (p for p in self.units_all if p.vintage == vintage and (vintage, p.code) not in self._ended),
            key=lambda p: p.code,
        )

    def historical(self, vintage: int) -> list[Place]:
        """The units that ended within a vintage (Hà Tây, merged into Hà Nội on 2008-08-01), in code order."""
        ended = (p for p in self.units_all if p.vintage == vintage and (vintage, p.code) in self._ended)
        return sorted(ended, key=lambda p: p.code)

    def is_historical(self, code: str, vintage: int = 63) -> bool:
        """Whether the unit ended within its vintage (not drawn on that vintage's map)."""
        return (vintage, str(code)) in self._ended

    def ended(self, code: str, vintage: int = 63) -> dict:
        """The succession of a historical unit within its vintage: successor, date, act ({} if none)."""
        s = self.successions
        m = (s["code"].astype(str) == str(code)) & (s["vintage"].astype(int) == vintage)
        m &= s["successor_vintage"].astype(int) == vintage
        return s[m].iloc[0].to_dict() if m.any() else {}

    def members(self, code34: str) -> list[Place]:
        """The 63-vintage units that form a 34-vintage unit."""
        return [self.get(c, 63) for c in self.get(code34, 34).members]

    def successor(self, code63: str) -> Place:
        """The 34-vintage unit that a 63-vintage unit is part of."""
        return self.get(self.get(code63, 63).successor, 34)

    def name(self, code: str, vintage: int = 63, lang: str = "vi") -> str:
        """Display name with diacritics (vi) or in English (en)."""
        return getattr(self.get(code, vintage), localized("name", lang))
