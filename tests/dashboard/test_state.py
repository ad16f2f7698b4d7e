"""The URL view state: valid links reproduce the view; anything else falls back to defaults with a notice."""

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.state import MAX_PROVINCES, PARAMS, Catalog, ViewState, parse, to_params

CODES63 = ("01", "02", "04", "08", "79", "94", "96")
CAT = Catalog(
    indices=("pci", "papi"),
    indicators={"pci": ("pci_total", "pci_entry_costs"), "papi": ("papi_total_unweighted", "papi_d1")},
    years={
        "pci_total": (2017, 2018, 2019),
        "pci_entry_costs": (2018, 2019),
        "papi_total_unweighted": (2011, 2023),
        "papi_d1": (2023,),
    },
    codes={63: CODES63, 34: ("01", "08", "92")},
    headline={"pci": "pci_total", "papi": "papi_total_unweighted"},
    focus=("08", "94", "04", "01", "96"),
)


def test_empty_url_gives_defaults_and_latest_year():
    s = parse({}, CAT)
    assert (s.lang, s.index, s.indicator, s.year, s.vintage) == ("vi", "pci", "pci_total", 2019, 63)
    assert s.provinces == ("08", "94", "04", "01", "96") and s.notices == ()


def test_round_trip_reproduces_the_view():
    raw = {
        "lang": ["en"],
        "index": ["papi"],
        "indicator": ["papi_d1"],
        "year": ["2023"],
        "provinces": ["01,79"],
        "province": ["94"],
        "vintage": ["34"],
    }
    s = parse(raw, CAT)
    assert s == ViewState("en", "papi", "papi_d1", 2023, ("01", "79"), "94", 34)
    assert s.notices == ()
    assert parse({k: [v] for k, v in to_params(s).items()}, CAT) == s


@pytest.mark.parametrize(
    "raw,bad",
    [
        ({"lang": ["fr"]}, "lang"),
        ({"index": ["<script>alert(1)</script>"]}, "index"),
        ({"indicator": ["papi_d1"]}, "indicator"),  # belongs to another index
        ({"year": ["1999"]}, "year"),
        ({"year": ["20x9"]}, "year"),
        ({"provinces": ["99,01"]}, "provinces"),
        ({"province": ["'; DROP TABLE"]}, "province"),
        ({"vintage": ["62"]}, "vintage"),
        ({"present": ["yes"]}, "present"),
        ({"lang": ["x" * 10_000]}, "lang"),
    ],
)
def test_invalid_values_fall_back_with_a_notice(raw, bad):
    s = parse(raw, CAT)
    assert bad in s.notices
    assert s.lang in ("vi", "en") and s.index in CAT.indices


def test_repeated_keys_take_the_last_valid_form():
    assert parse({"lang": ["vi", "en"]}, CAT).lang == "en"


def test_partially_valid_provinces_keep_the_valid_part():
    s = parse({"provinces": ["99,01,01,08"]}, CAT)
    assert s.provinces == ("01", "08") and "provinces" in s.notices


def test_default_year_is_the_latest_full_table():
    cat = Catalog(**{**CAT.__dict__, "default_years": {"pci_total": 2018}})
    assert parse({}, cat).year == 2018
    assert parse({"year": ["2019"]}, cat).year == 2019


def test_default_years_need_a_full_table():
    import pandas as pd

    from dashboard.state import default_years

    rows = [("pci", "pci_total", 2019, f"{i:02d}") for i in range(40)]
    rows += [("pci", "pci_total", 2024, f"{i:02d}") for i in range(30)]
    rows += [("par", "par_total", 2023, "01"), ("par", "par_total", 2024, "02")]
    present = pd.DataFrame(rows, columns=["index", "indicator", "year", "province_code"])
    assert default_years(present) == {"pci_total": 2019, "par_total": 2024}


def test_year_defaults_to_latest_of_the_chosen_indicator():
    assert parse({"indicator": ["pci_entry_costs"]}, CAT).year == 2019
    assert parse({"index": ["papi"]}, CAT).year == 2023


text = st.text(alphabet=string.printable + "àáạảãâầấậẩẫăằắặẳẵđĐ<>\"'&;%\x00", max_size=300)
raw_params = st.dictionaries(
    st.sampled_from(PARAMS + ("other", "page")), st.lists(text, min_size=0, max_size=4), max_size=10
)


@settings(max_examples=1500, deadline=None)
@given(raw_params)
def test_any_url_parses_to_a_valid_state(raw):
    s = parse(raw, CAT)
    assert s.lang in ("vi", "en")
    assert s.index in CAT.indices
    assert s.indicator in CAT.indicators[s.index]
    assert s.year in CAT.years[s.indicator]
    assert s.vintage in (63, 34)
    assert set(s.provinces) <= set(CODES63) and len(s.provinces) <= MAX_PROVINCES
    assert s.province in CODES63
    assert set(s.notices) <= set(PARAMS)
    # nothing from the raw parameters survives except validated values
    for v in to_params(s).values():
        assert "<" not in v and ">" not in v and '"' not in v and len(v) <= 64


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["lang", "index", "indicator", "year", "provinces", "province", "vintage"]), text)
def test_a_bad_single_param_never_raises_and_is_reported_or_valid(name, value):
    s = parse({name: [value]}, CAT)
    valid = to_params(s)
    assert name in s.notices or valid.get(name) == value.strip() or name in ("provinces", "province", "year")


@pytest.mark.parametrize("raw,present", [({}, False), ({"present": ["1"]}, True), ({"present": ["0"]}, False)])
def test_presentation_flag_round_trips_through_the_url(raw, present):
    s = parse({"lang": ["en"], "year": ["2018"], **raw}, CAT)
    assert s.present is present and s.notices == ()
    params = to_params(s)
    assert ("present" in params) is present, "the flag is in the link only when on"
    assert parse({k: [v] for k, v in params.items()}, CAT) == s


def test_an_empty_province_list_is_a_valid_choice_without_a_notice():
    s = parse({"provinces": [""]}, CAT)
    assert s.provinces == () and s.notices == ()
    assert parse({k: [v] for k, v in to_params(s).items()}, CAT) == s


def test_a_new_unit_is_read_against_the_34_codes_and_round_trips():
    s = parse({"unit": ["92"]}, CAT)
    assert s.unit == "92" and s.notices == ()
    assert parse({k: [v] for k, v in to_params(s).items()}, CAT) == s
    assert "unit" not in to_params(parse({}, CAT))
    bad = parse({"unit": ["94"]}, CAT)  # 94 is a code of the 63 (Sóc Trăng), not of the 34
    assert bad.unit is None and bad.notices == ("unit",)
