"""Every user-facing string, read from the catalogues in dashboard/locales/<lang>/, and numbers, dates and lists
written as each language writes them (Babel: decimal comma and "A, B và C" in Vietnamese).

Each language has one flat catalogue: every `*.toml` file in its folder is merged (a key defined in two files is an
error, named with both files); longer prose is Markdown beside them (`methods_*.md`, read with `prose`).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import tomllib
from decimal import Decimal
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal, get_currency_symbol, get_decimal_symbol, get_group_symbol

LANGS = ("vi", "en")
NOTES_LANGS = ("en",)  # languages the build writes its free-text notes in (conflicts, weights): shown as written
LOCALES = Path(__file__).resolve().parent / "locales"
MISSING = "–"  # a missing figure is written as an en dash, never as zero


class CatalogueError(ValueError):
    """A string catalogue is broken (a key defined twice, a file that is not valid TOML)."""


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """The merged catalogue of one language: key → text."""
    merged: dict[str, str] = {}
    where: dict[str, str] = {}
    for path in sorted((LOCALES / lang).glob("*.toml")):
        try:
            entries = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            raise CatalogueError(f"{path}: not valid TOML ({e}); fix the file") from e
        for key, text in entries.items():
            if key in merged:
                raise CatalogueError(f"{key!r} is defined in both {where[key]} and {path.name}; keep one")
            if not isinstance(text, str):
                raise CatalogueError(f'{path.name}: {key!r} is not a string; the catalogue is flat (key = "text")')
            merged[key], where[key] = text, path.name
    return merged


def has(key: str, lang: str = "vi") -> bool:
    """Whether the catalogue of `lang` defines `key`."""
    return key in catalogue(lang)


def t(key: str, lang: str = "vi", **kwargs) -> str:
    """The string for `key` in `lang`, formatted with kwargs; the key itself if unknown (caught by a test)."""
    text = catalogue(lang if lang in LANGS else "vi").get(key)
    if text is None:
        return key
    return text.format(**kwargs) if kwargs else text


def tn(key: str, n: int, lang: str = "vi", **kwargs) -> str:
    """The plural form of `key` for the count n in the language (CLDR categories: `key_one`, `key_other`)."""
    form = Locale.parse(lang if lang in LANGS else "vi").plural_form(n)
    chosen = f"{key}_{form}" if has(f"{key}_{form}", lang) else f"{key}_other"
    return t(chosen, lang, n=n, **kwargs)


@functools.cache
def prose(name: str, lang: str) -> str:
    """A Markdown text of the catalogue (dashboard/locales/<lang>/<name>.md)."""
    return (LOCALES / lang / f"{name}.md").read_text(encoding="utf-8").strip()


def _missing(x) -> bool:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return True
    try:
        import pandas as pd

        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def fmt_number(x, lang: str = "vi", decimals: int = 2, signed: bool = False) -> str:
    """A number as written in the language: 68,80 and 1.234,5 in Vietnamese; 68.80 and 1,234.5 in English.

    Missing values are written as an en dash, never as zero.
    """
    if _missing(x):
        return MISSING
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    if signed:
        pattern = f"+{pattern};-{pattern}"
    rounded = Decimal(f"{float(x):.{decimals}f}")  # rounded as Python (and Vega's d3-format) round, then written
    return format_decimal(rounded, format=pattern, locale=lang)


def fmt_list(items, lang: str = "vi") -> str:
    """Items joined as the language joins them: "A, B và C" / "A, B, and C"."""
    items = [str(i) for i in items]
    return format_list(items, locale=lang) if items else ""


def fmt_date(day: dt.date, lang: str = "vi") -> str:
    """A date as the language writes it in full (1 tháng 7, 2025 / July 1, 2025)."""
    return format_date(day, format="long", locale=lang)


def fmt_date_numeric(day: dt.date, lang: str = "vi") -> str:
    """A date in digits as the language writes it (22/11/2025 in Vietnamese, 2025-11-22 in English)."""
    return format_date(day, t("date_numeric", lang), locale=lang if lang in LANGS else LANGS[0])


def language_name(lang: str) -> str:
    """A language's name in itself (Tiếng Việt, English), from Babel."""
    return Locale.parse(lang).get_display_name(lang)


def d3_format_locale(lang: str) -> dict:
    """A d3/Vega number-format locale for charts, from the same Babel locale as fmt_number."""
    code = lang if lang in LANGS else LANGS[0]
    pattern = Locale.parse(code).currency_formats["standard"].pattern.split(";")[0]
    symbol = get_currency_symbol(t("currency", code), locale=code)
    affixes = re.fullmatch(r"([^#0]*)[#0,.]+([^#0]*)", pattern).groups()
    currency = [a.replace("\xa0", " ").replace("¤", symbol) for a in affixes]
    return {
        "decimal": get_decimal_symbol(lang),
        "thousands": get_group_symbol(lang),
        "grouping": [3],
        "currency": currency,
    }


def localized(column: str, lang: str) -> str:
    """The data column of `column` in the language (name → name_vi, name_en; "" → vi, en), Vietnamese unless the
    language is known: the one place a column or field is chosen by language."""
    code = lang if lang in LANGS else LANGS[0]
    return f"{column}_{code}" if column else code


def indicator_name(row: dict, lang: str) -> str:
    """Name of a codebook row in the language."""
    return row.get(localized("name", lang)) or row.get("code", "")
