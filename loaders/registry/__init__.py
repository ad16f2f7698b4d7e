"""The province registry: the only place where province names are matched to GSO codes.

Two vintages: the 63 units valid until 2025-06-30 and the 34 units valid from 2025-07-01
(Resolution 202/2025/QH15). A GSO code means nothing without its vintage: seven codes
(15, 24, 44, 52, 80, 82, 91) name different units before and after the merger.

Written from public facts and the GSO / dvhcvn tables (see `provinces.csv` columns);
`aliases.csv` lists every other spelling met in the sources. Units that ended within a vintage (Hà Tây, merged
into Hà Nội on 2008-08-01) are historical units of it: `successions.csv` gives their successor, date, act and the
basis of their code; `units()` leaves them out, `historical()` lists them. `vintages.csv` dates each vintage.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent
VINTAGES = (63, 34)


class UnknownProvinceError(ValueError):
    """One or more province names could not be matched to the registry."""

    def __init__(self, unknown: dict[str, list[str]], vintage: int):
        self.unknown = unknown
        lines = [f"  {name!r} in {', '.join(sorted(set(where)))}" for name, where in sorted(unknown.items())]
        super().__init__(
            f"{len(unknown)} province name(s) not in the {vintage}-province registry:\n"
            + "\n".join(lines)
            + "\nAdd the spelling to loaders/registry/aliases.csv (alias,vintage,code,note) if it names a known unit."
        )


def name_key(name: str) -> str:
    """Normalise a province name for matching: NFC, case, diacritics, prefixes, spaces, dashes and dots."""
    s = unicodedata.normalize("NFC", str(name)).strip().casefold()
    s = s.replace("đ", "d")
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = re.sub(r"^((tinh|thanh pho|tp)[\s.\-]+)+", "", s)
    return re.sub(r"[^a-z0-9]", "", s)


@dataclass(frozen=True)
class Province:
    """One administrative unit of one vintage."""

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


@dataclass
class Registry:
    """Provinces of both vintages, their aliases and the 63→34 succession."""

    provinces: list[Province]
    aliases: list[dict]
    regions: dict[str, dict]
    successions: list[dict] = field(default_factory=list)
    vintages: dict[int, dict] = field(default_factory=dict)
    focus: list[dict] = field(default_factory=list)  # the provinces a view shows when its link names none
    _used_aliases: set = field(default_factory=set, repr=False)

    def __post_init__(self):
        self._by_key: dict[tuple[int, str], str] = {}
        self._alias_keys: dict[tuple[int, str], str] = {}
        for p in self.provinces:
            for n in (p.name_vi, p.name_ascii, p.name_en):
                self._add(self._by_key, (p.vintage, name_key(n)), p.code, n)
        for a in self.aliases:
            k = (int(a["vintage"]), name_key(a["alias"]))
            if k in self._by_key:
                raise ValueError(f"alias {a['alias']!r} is already a registry name; remove it from aliases.csv")
            self._add(self._alias_keys, k, a["code"], a["alias"])
        self._index = {(p.vintage, p.code): p for p in self.provinces}
        self._ended = {(int(r["vintage"]), r["code"]) for r in self.successions}
        for name, keys in (
            ("successions", self._ended),
            ("focus", {(int(r["vintage"]), r["code"]) for r in self.focus}),
        ):
            unknown = sorted(keys - set(self._index))
            if unknown:
                raise ValueError(f"{name}.csv names units not in provinces.csv: {unknown}")

    @staticmethod
    def _add(table, key, code, name):
        if table.get(key, code) != code:
            raise ValueError(f"name {name!r} is ambiguous in vintage {key[0]}: {table[key]} or {code}")
        table[key] = code

    def get(self, code: str, vintage: int) -> Province:
        """The unit with this GSO code in this vintage (KeyError if none)."""
        return self._index[(vintage, str(code).zfill(2))]

    def units(self, vintage: int) -> list[Province]:
        """The units of one vintage in force at its end (63 or 34 of them), in GSO code order."""
        return [p for p in self.provinces if p.vintage == vintage and (vintage, p.code) not in self._ended]

    def historical(self, vintage: int) -> list[Province]:
        """The units that ended within a vintage (Hà Tây in 63), in GSO code order."""
        return [p for p in self.provinces if p.vintage == vintage and (vintage, p.code) in self._ended]

    def succession_rows(self) -> list[dict]:
        """Every succession: the historical units' (successions.csv), then each 63-unit's 34-unit of 2025-07-01."""
        new = self.vintages.get(34, {})
        rows = [dict(r) for r in self.successions]
        rows += [
            {
                "code": p.code,
                "vintage": 63,
                "successor": p.successor,
                "successor_vintage": 34,
                "date": new.get("valid_from", ""),
                "act": new.get("act", ""),
                "code_basis": "",
            }
            for p in self.units(63)
        ]
        return rows

    def lookup(self, name: str, vintage: int = 63) -> str | None:
        """GSO code for a name in a vintage, or None."""
        k = (vintage, name_key(name))
        if k in self._by_key:
            return self._by_key[k]
        if k in self._alias_keys:
            self._used_aliases.add(k)
            return self._alias_keys[k]
        return None

    def match(self, names, vintage: int = 63, where: str = "?") -> list[str]:
        """Codes for a sequence of names; raises UnknownProvinceError naming every unknown name and `where`."""
        codes, unknown = [], {}
        for n in names:
            c = self.lookup(n, vintage)
            if c is None:
                unknown.setdefault(str(n), []).append(where)
            codes.append(c)
        if unknown:
            raise UnknownProvinceError(unknown, vintage)
        return codes

    def unused_aliases(self) -> list[str]:
        """Aliases that no lookup has used so far (report after a build)."""
        return [
            f"{a['alias']} ({a['vintage']})"
            for a in self.aliases
            if (int(a["vintage"]), name_key(a["alias"])) not in self._used_aliases
        ]

    def successor(self, code63: str) -> Province:
        """The 34-vintage unit that a 63-vintage unit became part of on 2025-07-01."""
        return self.get(self.get(code63, 63).successor, 34)

    def members(self, code34: str) -> list[Province]:
        """The 63-vintage units that form a 34-vintage unit."""
        return [self.get(c, 63) for c in self.get(code34, 34).members]

    def name(self, code: str, vintage: int = 63, lang: str = "vi") -> str:
        """Display name with diacritics (vi) or in English (en)."""
        p = self.get(code, vintage)
        return p.name_vi if lang == "vi" else p.name_en


def _read(name: str) -> list[dict]:
    with open(HERE / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def _rows():
    return (
        _read("provinces.csv"),
        _read("aliases.csv"),
        _read("regions.csv"),
        _read("successions.csv"),
        _read("vintages.csv"),
        _read("focus.csv"),
    )


def load_registry() -> Registry:
    """A fresh registry (its used-alias record starts empty)."""
    provinces, aliases, regions, successions, vintages, focus = _rows()
    units = [
        Province(
            code=r["code"],
            vintage=int(r["vintage"]),
            iso=r["iso"],
            name_vi=r["name_vi"],
            name_ascii=r["name_ascii"],
            name_en=r["name_en"],
            type=r["type"],
            region_code=r["region_code"],
            valid_from=r["valid_from"],
            valid_to=r["valid_to"],
            successor=r["successor"],
            members=tuple(r["members"].split()),
        )
        for r in provinces
    ]
    return Registry(
        units,
        aliases,
        {r["region_code"]: r for r in regions},
        successions,
        {int(r["vintage"]): r for r in vintages},
        focus,
    )
