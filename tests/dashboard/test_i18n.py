"""Every string exists in both languages; numbers are written as each language writes them."""

import math
import re
from pathlib import Path

import pytest

from dashboard.i18n import LANGS, STRINGS, fmt_number, t

ROOT = Path(__file__).resolve().parents[2]


def test_every_string_has_both_languages_and_same_placeholders():
    problems = []
    for key, entry in STRINGS.items():
        if set(entry) != set(LANGS) or not all(entry[lang].strip() for lang in LANGS):
            problems.append(f"{key}: languages {sorted(entry)}")
            continue
        fields = [set(re.findall(r"{(\w+)}", entry[lang])) for lang in LANGS]
        if fields[0] != fields[1]:
            problems.append(f"{key}: placeholders differ {fields}")
    assert not problems, "\n".join(problems)


def test_every_key_used_in_code_exists():
    used = set()
    for path in [*ROOT.glob("pages/*.py"), ROOT / "streamlit_app.py", *ROOT.glob("dashboard/*.py")]:
        src = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_]+)["']""", src))
    missing = sorted(k for k in used if k not in STRINGS)
    assert not missing, f"strings used but not defined: {missing}"


@pytest.mark.parametrize(
    "x,lang,decimals,expected",
    [
        (68.8, "vi", 2, "68,80"),
        (68.8, "en", 2, "68.80"),
        (1234.5, "vi", 1, "1.234,5"),
        (1234.5, "en", 1, "1,234.5"),
        (-1.25, "vi", 2, "-1,25"),
        (1.3, "vi", 2, "1,30"),
        (None, "vi", 2, "–"),
        (math.nan, "en", 2, "–"),
    ],
)
def test_fmt_number(x, lang, decimals, expected):
    assert fmt_number(x, lang, decimals) == expected


def test_signed_change():
    assert fmt_number(3.4, "vi", 2, signed=True) == "+3,40"


def test_vietnamese_is_default_and_unknown_key_visible():
    assert t("page_map") == "Bản đồ"
    assert t("no_such_key", "en") == "no_such_key"
