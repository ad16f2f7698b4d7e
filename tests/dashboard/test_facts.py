"""One source per fact: the brief, the profile and the overview give the same answers, on the real build."""

import pytest

from dashboard import brief, data, indices, profile
from dashboard.data import DATA_DIR, load

pytestmark = pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built")


@pytest.fixture(scope="module")
def ds():
    return load()


def profile_answer(ds, index, code):
    """What the profile page shows: the comparison year and its strongest and weakest sub-index."""
    year, comp = profile.subindex_comparison(ds.values, ds.indicators, index, code)
    with_median = comp[comp["diff"].notna()] if year is not None else comp
    if with_median.empty:
        return None
    return year, with_median.iloc[0]["indicator"], with_median.iloc[-1]["indicator"]


def brief_answer(ds, index, code):
    """What the brief card says."""
    st = brief.strengths(ds, index, code)
    return None if st is None else (st["year"], st["best"][0], st["weakest"][0])


def test_brief_and_profile_agree_on_strengths_everywhere(ds):
    pairs = [(i, c) for i in indices.codes() for c in ds.province_codes(63)]
    assert len(pairs) == 4 * 63
    differ = [(i, c, brief_answer(ds, i, c), profile_answer(ds, i, c)) for i, c in pairs]
    differ = [d for d in differ if d[2] != d[3]]
    assert differ == []
    assert sum(brief_answer(ds, i, c) is not None for i, c in pairs) > 63, "the comparison found answers"


def test_strengths_come_only_from_full_tables(ds):
    for index in indices.codes():
        for code in ds.province_codes(63):
            year, comp = profile.subindex_comparison(ds.values, ds.indicators, index, code)
            assert all(data.is_full_table(n, index) for n in comp.loc[comp["median"].notna(), "n"])


def test_hanoi_pci_answer_is_of_a_full_table(ds):
    year, best, weakest = brief_answer(ds, "pci", "01")
    rows = data.select(ds.values, "pci", best, year)
    assert data.is_full_table(rows["value"].notna().sum(), "pci")


def test_median_of_a_partial_table_is_not_given(ds):
    """PCI from 2023 publishes only the top 30: no national median."""
    latest = max(ds.years("pci"))
    n = data.select(ds.values, "pci", "pci_total", latest)["value"].notna().sum()
    assert not data.is_full_table(n, "pci")
    assert data.national_median(ds.values, "pci", "pci_total", latest) is None
    assert data.national_median(ds.values, "pci", "pci_total", 2019) is not None
