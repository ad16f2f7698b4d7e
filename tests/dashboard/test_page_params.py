"""A page's own URL parameters read back what was written, and refuse what is not valid."""

import pytest

from dashboard import page_params

YEARS = (2005, 2006, 2010, 2019, 2024)


@pytest.mark.parametrize("value", [True, False])
def test_flags_round_trip(value):
    assert page_params.read_flag(page_params.write_flag(value)) is value


@pytest.mark.parametrize("raw", ["", "yes", "2", "true"])
def test_bad_flags_are_refused(raw):
    assert page_params.read_flag(raw) is None


@pytest.mark.parametrize("value", [(2005, 2024), (2010, 2019), (2019, 2019)])
def test_year_ranges_round_trip(value):
    assert page_params.read_year_range(page_params.write_year_range(value), YEARS) == value


@pytest.mark.parametrize("raw", ["2019-2010", "1990-2019", "2010-2030", "2010", "x-y", ""])
def test_bad_year_ranges_are_refused(raw):
    assert page_params.read_year_range(raw, YEARS) is None


def test_years_choices_and_codes():
    assert page_params.read_year("2019", YEARS) == 2019 and page_params.read_year("2018", YEARS) is None
    assert page_params.read_choice("former", ["estimate", "former"]) == "former"
    assert page_params.read_choice("<b>", ["estimate", "former"]) is None
    assert page_params.read_code("8", ["08", "92"]) == "08" and page_params.read_code("94", ["08", "92"]) is None
