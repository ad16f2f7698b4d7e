"""The whole build on the real sources: known values, a valid data package, provenance on every row."""

import json

import frictionless
import pandas as pd
import pytest

from loaders import indices
from loaders.build import build
from loaders.common import year_span
from tests.conftest import SOURCES

pytestmark = pytest.mark.xdist_group("build")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    summary = build(SOURCES, data, log=lambda *_: None)
    return data / "current", summary


@pytest.fixture(scope="module")
def values(built):
    return pd.read_csv(built[0] / "values.csv", dtype={"province_code": str}, keep_default_na=False, na_values=[""])


@pytest.mark.parametrize(
    "index,year,code,indicator,value,rank",
    [
        ("pci", 2019, "01", "pci_total", 68.80, 9),
        ("pci", 2018, "01", "pci_total", 65.40, 9),
        ("papi", 2023, "46", "papi_total_unweighted", 46.04, None),
        ("papi", 2020, "08", "papi_total_unweighted", 44.40, None),
    ],
)
def test_known_values(values, index, year, code, indicator, value, rank):
    row = values[
        (values["index"] == index)
        & (values["year"] == year)
        & (values["province_code"] == code)
        & (values["indicator"] == indicator)
    ]
    assert len(row) == 1
    assert round(row["value"].iloc[0], 2) == value
    if rank is not None:
        assert row["rank"].iloc[0] == rank and row["rank_status"].iloc[0] == "published"


def test_every_index_present(values):
    assert set(values["index"]) == set(indices.codes())


def test_codebook_years_are_the_editions_the_values_cover(built, values):
    book = pd.read_csv(built[0] / "indicators.csv", keep_default_na=False).set_index("code")
    covered = values.groupby("indicator")["year"].apply(year_span)
    assert book.loc[covered.index, "years"].to_dict() == covered.to_dict()
    assert (
        book.loc["pci_total", "years"] == "2005-2024" and book.loc["pci_policy_bias", "years"] == "2005-2008, 2013-2024"
    )
    pci = book.loc["pci_total", "notes"]
    assert all(w in pci for w in ("2021 methodology recalibration", "top 30", "64 provinces", "Hà Tây"))
    assert "design in 2022" in book.loc["sipas_total", "notes"]


def test_data_package_validates(built):
    report = frictionless.validate(str(built[0] / "datapackage.json"))
    assert report.valid, [e.message for t in report.tasks for e in t.errors][:5]


def test_every_row_traces_to_a_source(built, values):
    sources = pd.read_csv(built[0] / "sources.csv")
    assert values["source_id"].notna().all() and values["source_ref"].notna().all()
    assert set(values["source_id"]) <= set(sources["id"])
    assert sources["sha256"].str.fullmatch(r"[0-9a-f]{64}").all()


def test_missing_is_never_zero(values):
    missing = values[values["status"] == "missing"]
    assert len(missing) > 0 and missing["value"].isna().all()
    # the documented PAPI omissions are missing, not zero
    papi23 = values[
        (values["index"] == "papi") & (values["year"] == 2023) & (values["indicator"] == "papi_total_unweighted")
    ]
    assert set(papi23.loc[papi23["status"] == "missing", "province_code"]) == {"22", "74"}


def test_summary_reports_coverage_per_index_and_year(built):
    summary = json.loads((built[0] / "summary.json").read_text(encoding="utf-8"))
    cov = {(c["indicator"], c["year"]): c["provinces_with_value"] for c in summary["coverage"]}
    assert cov[("pci_total", 2019)] == 63 and cov[("pci_total", 2005)] == 42 and cov[("pci_total", 2006)] == 64
    assert cov[("papi_total_unweighted", 2014)] == 61


def test_unchanged_sources_skip_the_rebuild(built, tmp_path_factory):
    folder, _ = built
    before = (folder / "values.csv").stat().st_mtime_ns
    build(SOURCES, folder.parent, log=lambda *_: None)
    assert (folder.parent / "current" / "values.csv").stat().st_mtime_ns == before
