"""Numbers written as in the language, by Babel (65,13 in Vietnamese, 65.13 in English); missing is an en dash."""

from __future__ import annotations

import math

from babel.numbers import format_decimal


def number(x, lang: str = "vi", decimals: int = 2, signed: bool = False) -> str:
    """A number in the language's notation with fixed decimals; None/NaN become '–', never zero."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    try:
        x = float(x)
    except (TypeError, ValueError):
        return "–"
    if math.isnan(x):
        return "–"
    body = "#,##0" + ("." + "0" * decimals if decimals else "")
    pattern = f"+{body};-{body}" if signed else body
    return format_decimal(round(x, decimals) + 0.0, format=pattern, locale="vi" if lang == "vi" else "en")
