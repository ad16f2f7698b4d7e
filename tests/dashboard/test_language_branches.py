"""No code branches on the language by hand: words come from the catalogues (t), numbers, dates and lists from
Babel, and a per-language data column from the one helper i18n.localized."""

import re
from pathlib import Path

import pytest

from dashboard.i18n import LANGS, localized

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted([*ROOT.glob("dashboard/**/*.py"), *ROOT.glob("pages/**/*.py"), ROOT / "streamlit_app.py"])
BRANCH = re.compile(
    r"""lang\w*\s*[!=]=            # lang == ..., lang != ...
      | [!=]=\s*["'](vi|en)["']    # ... == "vi"
      | ["'](vi|en)["']\s*[!=]=    # "en" == ...
      | ["']\w*_?(vi|en)["']\s+if\b  # "name_vi" if ..., "vi" if ...
    """,
    re.VERBOSE,
)


def test_no_inline_language_branch():
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in FILES
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if BRANCH.search(line)
    ]
    assert not found, "choose words with t(), columns with i18n.localized:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        'x = "a" if lang == "vi" else "b"',
        'col = "name_vi" if vi else "name_en"',
        'if st.query_params.get("lang") == "en":',
    ],
)
def test_the_guard_sees_a_branch(line):
    assert BRANCH.search(line)


@pytest.mark.parametrize(
    "column,lang,expected",
    [
        ("name", "vi", "name_vi"),
        ("name", "en", "name_en"),
        ("region", "fr", "region_vi"),
        ("", "en", "en"),
        ("", None, "vi"),
    ],
)
def test_localized_chooses_the_column(column, lang, expected):
    assert localized(column, lang) == expected
    assert LANGS[0] == "vi"  # Vietnamese is the default language
