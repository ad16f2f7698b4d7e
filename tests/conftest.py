"""Shared test fixtures: where the real source files and the built data are."""

import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import settings

# CI runs the property tests with a fixed seed sequence (repeatable); locally they explore new inputs each run.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "sources"
DATA = ROOT / "data" / "current"


@pytest.fixture(scope="session")
def registry():
    """A fresh province registry."""
    from loaders.registry import load_registry

    return load_registry()


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The real source files (../shared/sources)."""
    assert SOURCES.is_dir(), f"{SOURCES} missing: the tests need the real source files beside the repo"
    return SOURCES


def write_tiny_build(folder: Path) -> Path:
    """A small synthetic build folder (values obviously made up, source "test") for tests of the dashboard."""
    import json

    from loaders.build import focus_table, provinces_table, successions_table
    from loaders.common import KEY, tidy_frame
    from loaders.registry import load_registry

    folder.mkdir(parents=True, exist_ok=True)
    units = load_registry().units(63)
    codes = [p.code for p in units]
    inds = {
        "pci_total": ("pci", 0, 100),
        "pci_entry_costs": ("pci", 0, 10),
        "pci_land_access": ("pci", 0, 10),
        "papi_total_unweighted": ("papi", 10, 80),
        "papi_d1": ("papi", 1, 10),
        "papi_d2": ("papi", 1, 10),
    }
    rows = []
    for code_i, ind, year in [(i, k, y) for i in range(len(codes)) for k in inds for y in (2017, 2018, 2019)]:
        index, lo, hi = inds[ind]
        value = lo + (hi - lo) * ((code_i * 7 + year * 3 + sum(map(ord, ind))) % 60 + 20) / 100
        rows.append(
            {
                "index": index,
                "year": year,
                "province_code": codes[code_i],
                "vintage": 63,
                "province": units[code_i].name_vi,
                "indicator": ind,
                "value": round(value, 2),
                "status": "published",
                "source_id": f"test_{index}",
                "source_ref": f"test.xlsx!{code_i + 2}",
            }
        )
    v = tidy_frame(rows)
    for ind in inds:  # published ranks
        for year in (2017, 2018, 2019):
            m = (v["indicator"] == ind) & (v["year"] == year)
            v.loc[m, "rank"] = v.loc[m, "value"].rank(ascending=False, method="min").astype("Int64")
            v.loc[m, "rank_status"] = "published"
    missing = (v["province_code"] == "94") & (v["index"] == "papi") & (v["year"] == 2019)
    v.loc[missing, ["value", "rank"]] = pd.NA
    v.loc[missing, ["rank_status"]] = pd.NA
    v.loc[missing, "status"] = "missing"
    ranked_by_us = (v["province_code"] == "08") & (v["indicator"] == "pci_total") & (v["year"] == 2017)
    v.loc[ranked_by_us, "rank_status"] = "computed"
    tricky = {"01": "=1+1", "02": "+SUM(A1)", "04": "-cmd", "06": "@x"}
    for code, text in tricky.items():
        v.loc[(v["province_code"] == code) & (v["indicator"] == "pci_total"), "tier"] = text
    estimate = v[(v["province_code"] == "08") & (v["indicator"] == "pci_total") & (v["year"] == 2019)].copy()
    estimate[["vintage", "status", "rank", "rank_status", "source_ref"]] = [34, "computed", pd.NA, pd.NA, "estimate"]
    v = tidy_frame(pd.concat([v, estimate], ignore_index=True)).sort_values(KEY).reset_index(drop=True)
    v.to_csv(folder / "values.csv", index=False, lineterminator="\n")
    pd.DataFrame(
        [
            {
                "code": k,
                "index": i,
                "name_vi": f"Chỉ tiêu {k}",
                "name_en": f"Indicator {k}",
                "parent": "" if k.endswith(("total", "unweighted")) else f"{i}_total",
                "level": "total" if k.endswith(("total", "unweighted")) else "subindex",
                "unit": "points",
                "scale_min": lo,
                "scale_max": hi,
                "higher_is_better": True,
                "years": "2017-2019",
                "notes": "",
            }
            for k, (i, lo, hi) in inds.items()
        ]
    ).to_csv(folder / "indicators.csv", index=False)
    pd.DataFrame(
        [
            {
                "id": f"test_{i}",
                "index": i,
                "title": f"Test {i.upper()} tables",
                "publisher": "Test publisher",
                "official_page": "https://example.org/" + i,
                "download_url": "",
                "licence": "Test licence",
                "attribution": f"Test publisher, {i.upper()}",
                "path": "",
                "years": "2017-2019",
                "citation": "Cited as given" if i == "pci" else "",
                "sha256": "",
            }
            for i in ("pci", "papi")
        ]
    ).to_csv(folder / "sources.csv", index=False)
    provinces_table(load_registry()).to_csv(folder / "provinces.csv", index=False)
    successions_table(load_registry()).to_csv(folder / "successions.csv", index=False)
    focus_table(load_registry()).to_csv(folder / "focus.csv", index=False)
    pd.DataFrame(
        [
            {
                "index": "pci",
                "year": 2019,
                "province_code": "08",
                "vintage": 63,
                "indicator": "pci_total",
                "value": 1.0,
                "rank": 3,
                "source_id": "test_pci",
                "source_url": "",
                "quote": "=HYPERLINK(x)",
                "chosen": True,
            }
        ]
    ).to_csv(folder / "citations.csv", index=False)
    pd.DataFrame(
        [
            {
                "index": "pci",
                "year": 2018,
                "province_code": "94",
                "vintage": 63,
                "indicator": "pci_total",
                "field": "value",
                "chosen_value": "-1.5",
                "other_value": "2",
                "chosen_source": "test_pci",
                "other_source": "test_papi",
                "note": "test",
            }
        ]
    ).to_csv(folder / "conflicts.csv", index=False)
    from loaders import indices, integrity

    indices.table().to_csv(folder / "indices.csv", index=False)
    indices.breaks_table().to_csv(folder / "method_breaks.csv", index=False)
    summary = {"fingerprint": "test", integrity.KEY: integrity.manifest(folder)}
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def tiny_build(tmp_path_factory) -> Path:
    """A small synthetic build folder (see write_tiny_build)."""
    return write_tiny_build(tmp_path_factory.mktemp("data") / "current")
