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


@pytest.fixture(scope="module")
def ds():
    from dashboard.data import DATA_DIR, load

    if not (DATA_DIR / "values.csv").exists():
        pytest.skip("data/current not built")
    return load()


@pytest.mark.parametrize(
    "index,year,codes,parts",
    [
        ("papi", 2019, ["01", "79", "48"], {"total", "sub"}),
        ("pci", 2019, ["01", "79"], {"total", "sub"}),
        ("par", 2023, ["01", "79"], {"total"}),  # PAR 2023: no sub-index figure for these two
    ],
)
def test_view_draws_a_chart_per_part_with_figures(ds, index, year, codes, parts):
    view = cmp.view(ds, index, year, codes, "vi")
    drawn = {part for part in ("total", "sub") if cmp.chart(view, part, "vi") is not None}
    assert drawn == parts
    assert view["tot"]["indicator"].eq(view["total"]).all() and set(view["sub"]["indicator"]) == set(view["subs"])
    assert view["shown_rows"]["value"].notna().all()


def test_view_of_provinces_without_figures_draws_nothing(ds):
    view = cmp.view(ds, "pci", 2019, ["x1", "x2"], "en")
    assert view["long"].loc[view["long"]["kind"] == "province", "value"].isna().all()
    assert cmp.chart(view, "total", "en") is None and cmp.chart(view, "sub", "en") is None


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_figures_table_rank_row_first_and_best_named(ds, lang):
    from dashboard.i18n import t

    view = cmp.view(ds, "pci", 2019, ["01", "79"], lang)
    names = {c: ds.province_name(c) for c in ds.province_codes(63)}
    wide, table, numeric = cmp.figures_table(view, names, lang)
    assert numeric == [names["01"], names["79"], t("national_median", lang), t("best_province", lang)]
    assert table.index[0].endswith(t("rank_row", lang).lower())
    best_col = table.columns[-1]
    assert set(table[best_col].iloc[1:]) <= set(names.values()) | {"–"}
    gaps = cmp.gaps_tables(wide, numeric[:2], lang)
    assert set(gaps) == {"median", "best"}
    assert all(v.startswith(("+", "-", "–")) for v in gaps["best"].to_numpy().ravel())


@pytest.mark.parametrize("codes,expect_2019", [(["01", "79"], True), (["01", "nowhere"], False)])
def test_years_with_figures_needs_two_provinces(ds, codes, expect_2019):
    assert (2019 in cmp.years_with_figures(ds.values, "pci", "pci_total", codes)) is expect_2019
