"""The compare page's figures: dots per indicator, the wide table and the gaps (table-driven, small frames)."""

import math

import pandas as pd
import pytest

from dashboard import comparison as cmp
from dashboard.data import full_table_min
from loaders.common import tidy_frame

FULL_TABLE_MIN = full_table_min("pci")  # the index registry's count of a full table

LABELS = {"01": "Hà Nội", "79": "TP. Hồ Chí Minh", "median": "Trung vị", "best": "Tốt nhất"}


def frame(n: int, missing=()) -> pd.DataFrame:
    """PCI 2019 total for n provinces (codes 01.. and 79), value = 50 + position; `missing` have no value."""
    codes = [f"{i:02d}" for i in range(1, n)] + ["79"]
    rows = []
    for i, c in enumerate(codes):
        v = None if c in missing else 50.0 + i
        rows.append(
            {
                "index": "pci",
                "year": 2019,
                "province_code": c,
                "vintage": 63,
                "indicator": "pci_total",
                "value": v,
                "rank": None,
                "rank_status": None,
                "status": "missing" if v is None else "published",
                "source_id": "s",
                "source_ref": "r",
            }
        )
    return tidy_frame(rows)


@pytest.mark.parametrize(
    "n,median,best",
    [
        (FULL_TABLE_MIN, 50 + (FULL_TABLE_MIN - 1) / 2, ("79", 50.0 + FULL_TABLE_MIN - 1)),  # a full table
        (FULL_TABLE_MIN - 1, None, None),  # partial: no median, no best by score
    ],
)
def test_indicator_rows_median_and_best_only_from_a_full_table(n, median, best):
    rows = cmp.indicator_rows(frame(n), "pci", 2019, "pci_total", 0, ["01", "79"], LABELS)
    by = {r["kind"]: r for r in rows if r["kind"] != "province"}
    assert [r["series"] for r in rows] == ["Hà Nội", "TP. Hồ Chí Minh", "Trung vị", "Tốt nhất"]
    assert by["median"]["value"] == median
    assert (by["best"]["code"], by["best"]["value"]) == (best or (None, None))


def test_missing_province_stays_missing_in_the_gaps():
    long = cmp.comparison_long(
        frame(FULL_TABLE_MIN + 1, missing=("01",)), "pci", 2019, ["pci_total"], ["01", "79"], LABELS
    )
    long["indicator_label"] = "PCI"
    wide = cmp.wide_table(long, ["Hà Nội", "TP. Hồ Chí Minh", "Trung vị", "Tốt nhất"])
    gaps = cmp.gap_table(wide, ["Hà Nội", "TP. Hồ Chí Minh"], "Tốt nhất")
    assert math.isnan(gaps.loc["PCI", "Hà Nội"])  # never 0
    assert gaps.loc["PCI", "TP. Hồ Chí Minh"] == 0.0  # the best province itself
    assert list(wide.columns) == ["Hà Nội", "TP. Hồ Chí Minh", "Trung vị", "Tốt nhất"]
