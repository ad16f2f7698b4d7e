"""Guard tests of the string catalogues, and numbers, dates and lists written as each language writes them."""

import datetime as dt
import math
import re
from pathlib import Path

import pytest

from dashboard import i18n, indices
from dashboard.data import DATA_DIR, load
from dashboard.i18n import LANGS, catalogue, fmt_date, fmt_list, fmt_number, has, t
from loaders import integrity
from loaders.diff import CHANGE_KINDS

ROOT = Path(__file__).resolve().parents[2]
CODE = [*ROOT.glob("pages/**/*.py"), ROOT / "streamlit_app.py", *ROOT.glob("dashboard/*.py")]
PLACEHOLDER = re.compile(r"{(\w+)}")


def test_both_catalogues_have_the_same_keys():
    vi, en = set(catalogue("vi")), set(catalogue("en"))
    assert (sorted(vi - en), sorted(en - vi)) == ([], [])


def test_same_placeholders_and_no_empty_text():
    problems = []
    for key, vi in catalogue("vi").items():
        en = catalogue("en").get(key, "")
        if not vi.strip() or not en.strip():
            problems.append(f"{key}: empty")
        elif set(PLACEHOLDER.findall(vi)) != set(PLACEHOLDER.findall(en)):
            problems.append(f"{key}: placeholders {PLACEHOLDER.findall(vi)} vs {PLACEHOLDER.findall(en)}")
    assert problems == []


def test_a_key_defined_twice_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "vi").mkdir()
    (tmp_path / "vi" / "a.toml").write_text('x = "1"\n', encoding="utf-8")
    (tmp_path / "vi" / "b.toml").write_text('x = "2"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        with pytest.raises(i18n.CatalogueError, match="'x' is defined in both a.toml and b.toml"):
            catalogue("vi")
    finally:
        monkeypatch.undo()
        i18n.catalogue.cache_clear()


def test_every_literal_key_in_the_code_exists():
    used = set()
    for path in CODE:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_]+)["']""", path.read_text(encoding="utf-8")))
    assert sorted(k for k in used if not has(k)) == []


def test_every_key_prefix_built_in_the_code_is_known():
    """Keys built with f-strings (t(f"status_{s}")) belong to a family this file checks against data."""
    built = set()
    for path in CODE:
        built |= set(re.findall(r"""\bt\(\s*f["']([a-z0-9_]+)\{""", path.read_text(encoding="utf-8")))
    checked = {"status_", "break_", "breaks_caption_", "unit_", "level_", "page_", "vintage_", "map_attribution_"}
    checked |= {"research_cite_index_", "research_change_", "integrity_", "unit_name_"}
    checked |= {"kind_", "basis_", "field_", "lang_", "src_quality_"}  # tests/dashboard/test_provenance.py
    closed = {"brief_", "download_", "data_scope_", "map_34_", "maps_", "research_what_"}
    closed |= {"tier_"}  # tier_1 … tier_6 (export.TIERS), checked in tests/dashboard/test_export_labels.py
    assert sorted(built - checked - closed) == []


@pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built")
def test_families_built_from_data_exist_in_both_languages():
    ds = load()
    keys = [f"status_{s}" for s in ds.values["status"].dropna().unique()]
    keys += [f"level_{lv}" for lv in ds.indicators["level"].dropna().unique()]
    keys += [f"unit_{u}" for u in ds.indicators["unit"].dropna().unique()] if "unit" in ds.indicators else []
    breaks = indices.method_breaks()  # from the build (method_breaks.csv)
    keys += [f"break_{b.index}_{b.year}" for b in breaks] + [f"breaks_caption_{b.index}" for b in breaks]
    keys += [f"vintage_{v}" for v in ds.provinces["vintage"].unique()]
    keys += [f"unit_name_{kind}" for kind in ds.provinces["type"].dropna().unique()]
    keys += [f"research_cite_index_{i}" for i in indices.codes()]
    keys += [f"research_change_{k}" for k in CHANGE_KINDS]
    keys += [f"integrity_{k}" for k in integrity.KINDS]
    assert sorted({(k, lang) for k in keys for lang in LANGS if not has(k, lang)}) == []


@pytest.mark.parametrize(
    "x,lang,decimals,expected",
    [
        (68.8, "vi", 2, "68,80"),
        (68.8, "en", 2, "68.80"),
        (1234.5, "vi", 1, "1.234,5"),
        (1234.5, "en", 1, "1,234.5"),
        (-1.25, "vi", 2, "-1,25"),
        (1.3, "vi", 2, "1,30"),
        (63, "vi", 0, "63"),
        (None, "vi", 2, "–"),
        (math.nan, "en", 2, "–"),
    ],
)
def test_fmt_number(x, lang, decimals, expected):
    assert fmt_number(x, lang, decimals) == expected


def test_signed_change():
    assert fmt_number(3.4, "vi", 2, signed=True) == "+3,40"


@pytest.mark.parametrize("lang,expected", [("vi", "Hà Nội, Huế và Cà Mau"), ("en", "Hà Nội, Huế, and Cà Mau")])
def test_lists_joined_as_the_language_joins_them(lang, expected):
    assert fmt_list(["Hà Nội", "Huế", "Cà Mau"], lang) == expected


def test_dates_in_the_language():
    assert fmt_date(dt.date(2025, 7, 1), "vi") == "1 tháng 7, 2025"
    assert fmt_date(dt.date(2025, 7, 1), "en") == "July 1, 2025"


def test_chart_locale_agrees_with_fmt_number():
    for lang in LANGS:
        loc = i18n.d3_format_locale(lang)
        assert fmt_number(1234.5, lang, 1) == f"1{loc['thousands']}234{loc['decimal']}5"


def test_vietnamese_is_default_and_unknown_key_visible():
    assert t("page_map") == "Bản đồ"
    assert t("no_such_key", "en") == "no_such_key"
