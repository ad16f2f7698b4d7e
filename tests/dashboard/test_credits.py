"""Source lines: one credit per series with its years merged, '<year>' filled from the rows, licences once."""

import pandas as pd
import pytest

from dashboard.credits import credit_line, credits, year_ranges

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


@pytest.mark.parametrize("years,text", [([2011], "2011"), ([2012, 2011, 2013, 2015], "2011–2013, 2015"), ([], "")])
def test_year_ranges(years, text):
    assert year_ranges(years) == text


def test_series_years_merged_and_placeholder_filled():
    rows = pd.DataFrame(
        {
            "source_id": ["papi_2011", "papi_2012", "papi_2014", "par-points", "par-points", None],
            "year": [2011, 2012, 2014, 2019, 2021, 2020],
        }
    )
    names, licences = credits(rows, SOURCES)
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
    assert credits(rows, SOURCES)[0] == [expected]
