"""Source lines: one credit per series with its years merged, '<year>' filled from the rows, licences once."""

import pandas as pd
import pytest

from dashboard.credits import AS_WRITTEN, COMPACT, credit_line, credits, ids_credit_line, short_names, year_ranges
from tests.english import english_in

SOURCES = pd.DataFrame(
    [
        {"id": "papi_2011", "attribution": "UNDP, PAPI 2011", "title": "t", "licence": "© UNDP"},
        {"id": "papi_2012", "attribution": "UNDP, PAPI 2012", "title": "t", "licence": "© UNDP"},
        {"id": "papi_2014", "attribution": "UNDP, PAPI 2014", "title": "t", "licence": "© UNDP"},
        {"id": "par-points", "attribution": "MOHA, PAR INDEX <year>; as reported", "title": "t", "licence": "quotes"},
        {"id": "pci-points", "attribution": "VCCI & USAID, PCI", "title": "t", "licence": "© VCCI"},
        {"id": "papi-codes", "attribution": "UNDP, PAPI 2011-2013", "title": "t", "licence": "MIT"},
    ]
)


@pytest.mark.parametrize(
    "years,text",
    [
        ([2011], "2011"),
        ([2012, 2011, 2013, 2015], "2011–2013, 2015"),
        ([], ""),
        ([2005, 2006, 2007, 2009], "2005–2007, 2009"),
    ],
)
def test_year_ranges(years, text):
    assert year_ranges(years) == text


def test_series_years_merged_and_placeholder_filled():
    rows = pd.DataFrame(
        {
            "source_id": ["papi_2011", "papi_2012", "papi_2014", "par-points", "par-points", None],
            "year": [2011, 2012, 2014, 2019, 2021, 2020],
        }
    )
    names, licences = credits(rows, SOURCES, "en")
    assert names == ["UNDP, PAPI 2011–2012, 2014", "MOHA, PAR INDEX 2019, 2021; as reported"]
    assert licences == ["© UNDP", "quotes"]


def test_credit_line_in_both_languages_and_empty():
    rows = pd.DataFrame({"source_id": ["papi_2011"], "year": [2011]})
    assert credit_line(rows, SOURCES, "vi") == "Nguồn: UNDP, PAPI 2011 · Giấy phép: © UNDP"
    assert credit_line(rows, SOURCES, "en") == "Source: UNDP, PAPI 2011 · Licence: © UNDP"
    assert credit_line(rows.iloc[0:0], SOURCES, "en") == ""


@pytest.mark.parametrize(
    "source_id,years,expected",
    [
        ("pci-points", [2021, 2022, 2024], "VCCI & USAID, PCI, 2021–2022, 2024"),  # no year written: the rows' years
        ("papi-codes", [2012], "UNDP, PAPI 2011–2013"),
    ],  # a written range is kept whole
)
def test_attributions_without_years_or_with_ranges(source_id, years, expected):
    rows = pd.DataFrame({"source_id": [source_id] * len(years), "year": years})
    assert credits(rows, SOURCES, "en")[0] == [expected]


def test_credits_as_written_merge_years_in_source_id_order():
    sources = pd.DataFrame(
        [
            {"id": "a", "attribution": "VCCI & USAID, PCI <year>", "title": "", "licence": "L1"},
            {"id": "b", "attribution": "CECODES, VFF-CRT, RTA & UNDP, PAPI 2011", "title": "", "licence": "L2"},
            {"id": "c", "attribution": "CECODES, VFF-CRT, RTA & UNDP, PAPI 2012", "title": "", "licence": "L2"},
        ]
    )
    used = pd.DataFrame({"source_id": ["a", "a", "a", "b", "c"], "year": [2020, 2021, 2023, 2011, 2012]})
    lines, licences = credits(used, sources, "en", **AS_WRITTEN)
    assert lines == ["VCCI & USAID, PCI 2020–2021, 2023", "CECODES, VFF-CRT, RTA & UNDP, PAPI 2011–2012"]
    assert licences == ["L1", "L2"]


@pytest.mark.parametrize(
    "opts,expected",
    [
        ({}, "Source: VCCI & USAID, PCI, 2021; UNDP, PAPI 2011 · Licence: © VCCI; © UNDP"),
        (COMPACT, "Source: UNDP, PAPI 2011; VCCI & USAID, PCI · Licence: © UNDP © VCCI"),  # as written, by source id
    ],
)
def test_credit_line_variants(opts, expected):
    rows = pd.DataFrame({"source_id": ["pci-points", "papi_2011"], "year": [2021, 2011]})
    assert credit_line(rows, SOURCES, "en", **opts) == expected


def test_undated_last_lists_attributions_without_years_after_the_rest():
    rows = pd.DataFrame({"source_id": ["pci-points", "papi_2011"], "year": [2021, 2011]})
    assert credits(rows, SOURCES, "en", date_undated=False, undated_last=True)[0] == [
        "UNDP, PAPI 2011",
        "VCCI & USAID, PCI",
    ]


def test_credit_line_always_labels_the_licence_when_asked():
    sources = pd.DataFrame([{"id": "x", "attribution": "X 2020", "title": "t", "licence": None}])
    rows = pd.DataFrame({"source_id": ["x"], "year": [2020]})
    assert credit_line(rows, sources, "en") == "Source: X 2020"
    assert credit_line(rows, sources, "en", always_licence=True) == "Source: X 2020 · Licence: "


def test_ids_credit_line_keeps_attributions_as_written():
    line = ids_credit_line(["papi-codes", "par-points", "papi-codes", "nope", ""], SOURCES, "vi")
    assert line == "Nguồn: UNDP, PAPI 2011-2013; MOHA, PAR INDEX <year>; as reported · Giấy phép: MIT; quotes"
    assert ids_credit_line(["nope"], SOURCES, "vi") == ""


# --- Source and codebook metadata in Vietnamese (the build's sources.csv and indicators.csv). ---


@pytest.fixture(scope="module")
def built():
    from dashboard import data as dd
    from tests.conftest import DATA

    if not (DATA / "sources.csv").exists():
        pytest.skip("needs data/current (make data)")
    return dd.load(DATA)


def test_vietnamese_pages_get_each_source_field_in_vietnamese(built):
    from dashboard.credits import translated_column
    from tests.english import english_in

    for field in ("title", "publisher", "licence", "citation", "attribution"):
        for sid, text in zip(built.sources["id"], translated_column(built.sources, field, "vi"), strict=True):
            assert not english_in(text), (sid, field, english_in(text), text)
    english = translated_column(built.sources, "licence", "en")
    assert "© VCCI; redistribution terms not stated" in english


def test_vietnamese_pages_get_the_codebook_notes_in_vietnamese(built):
    from dashboard.credits import translated_column
    from dashboard.tables import codebook_display

    for code, text in zip(built.indicators["code"], translated_column(built.indicators, "notes", "vi"), strict=True):
        assert not english_in(text), (code, english_in(text), text)
    shown = codebook_display(built.indicators, "vi")
    assert shown.iloc[:, -1].str.contains("không so sánh được").any()
    assert codebook_display(built.indicators, "en").iloc[:, -1].str.contains("not comparable").any()


def test_licence_line_follows_the_page_language(built):
    rows = pd.DataFrame({"source_id": ["pci-vcci-2019"], "year": [2019]})
    vi = credit_line(rows, built.sources, "vi")
    assert "không nêu điều kiện phân phối lại" in vi and not english_in(vi), vi
    assert "redistribution terms not stated" in credit_line(rows, built.sources, "en")


def test_a_source_without_a_vietnamese_twin_shows_its_own_text():
    from dashboard.credits import translated

    assert translated({"licence": "MIT", "licence_vi": float("nan")}, "licence", "vi") == "MIT"
    assert translated({"licence": "MIT", "licence_vi": "MIT (vi)"}, "licence", "en") == "MIT"
    assert translated({"path": "a/b", "path_vi": "x"}, "path", "vi") == "a/b"  # not a translated field


def test_credits_need_the_page_language():
    rows = pd.DataFrame({"source_id": ["papi_2011"], "year": [2011]})
    with pytest.raises(TypeError, match="lang"):
        credits(rows, SOURCES)  # no silent English on a Vietnamese page


def test_licences_joined_without_a_full_stop_before_the_semicolon():
    from dashboard.credits import join_licences

    assert "A; B." == join_licences(["A.", "B."])
    assert "A. B." == join_licences(["A.", "B."], " ")


def test_a_source_is_named_by_its_attribution_else_its_title_else_its_id():
    sources = pd.DataFrame(
        {"id": ["a", "b", "c"], "attribution": ["VCCI & USAID, PCI", "", None], "title": ["PCI 2024", "PAPI 2024", ""]}
    )
    assert short_names(sources) == {"a": "VCCI & USAID, PCI", "b": "PAPI 2024", "c": "c"}
