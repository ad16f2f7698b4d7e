"""Data & sources tables: filtering, the CSV bytes (BOM, blanks stay blank, formulas neutralised), display text."""

import pandas as pd
import pytest

from dashboard import tables
from loaders.common import tidy_frame


@pytest.fixture(scope="module")
def values():
    rows = []
    for year, v in [(2018, 65.4), (2019, 68.8), (2020, None)]:
        for code in ("01", "94"):
            rows.append(
                {
                    "index": "pci",
                    "year": year,
                    "province_code": code,
                    "vintage": 63,
                    "province": "Hà Nội",
                    "indicator": "pci_total",
                    "value": v if code == "01" else None,
                    "rank": 9 if v else None,
                    "rank_status": "published" if v else None,
                    "status": "published" if v and code == "01" else "missing",
                    "source_id": "pci-vcci",
                    "source_ref": '=HYPERLINK("x")' if year == 2018 else "S!2",
                }
            )
    rows.append({**rows[0], "index": "papi", "indicator": "papi_total_unweighted", "value": 40.0})
    return tidy_frame(rows)


@pytest.mark.parametrize(
    "kwargs,n",
    [
        ({}, 7),
        ({"index": "pci"}, 6),
        ({"index": "pci", "codes": ["01"]}, 3),
        ({"index": "pci", "years": (2019, 2020)}, 4),
        ({"indicators": ["papi_total_unweighted"]}, 1),
        ({"index": "pci", "codes": []}, 0),
        ({"vintage": 34}, 0),
    ],
)
def test_filter_values(values, kwargs, n):
    assert len(tables.filter_values(values, **kwargs)) == n


def test_values_display_formats_numbers_per_language(values):
    df = tables.filter_values(values, index="pci", codes=["01"])
    vi = tables.values_display(df, {"pci_total": "Chỉ số PCI"}, {"01": "Hà Nội"}, {"pci-vcci": "VCCI & USAID"}, "vi")
    en = tables.values_display(df, {"pci_total": "PCI"}, {"01": "Ha Noi"}, {"pci-vcci": "VCCI & USAID"}, "en")
    assert vi["Giá trị"].tolist() == ["65,40", "68,80", "–"]
    assert en["Value"].tolist() == ["65.40", "68.80", "–"]
    assert en["Status"].tolist() == ["published", "published", "missing"]


def test_coverage_display_counts_with_dash_for_none(values):
    cov = tables.coverage_display(values)
    assert cov.loc["PCI", "2019"] == "1/63" and "2020" not in cov.columns  # no figure at all that year
    assert cov.loc["PAPI", "2018"] == "1/63" and cov.loc["PAPI", "2019"] == "–"


def test_conflict_numbers_keep_their_decimals():
    conflicts = pd.DataFrame(
        [
            {
                "index": "par",
                "year": 2012,
                "province_code": "48",
                "vintage": 63,
                "indicator": "par_total",
                "field": "value",
                "chosen_value": "87.14",
                "other_value": "87.12",
                "chosen_source": "a",
                "other_source": "b",
                "note": "n",
            }
        ]
    )
    d = tables.conflicts_display(conflicts, {"48": "Đà Nẵng"}, "vi")
    assert d.iloc[0].tolist()[:7] == ["PAR INDEX", "2012", "Đà Nẵng", "par_total", "Giá trị", "87,14", "87,12"]


def test_markdown_table_escapes_text_from_the_data_and_only_the_named_columns():
    from pages._ui import md

    df = pd.DataFrame({"Tỉnh *A*": ["[x](y)"], "Điểm (tính toán)": ["1,5"]}, index=pd.Index(["_r_"], name="row"))
    shown = tables.markdown_table(df, md, names=["Tỉnh *A*"])
    assert list(shown.columns) == [md("Tỉnh *A*"), "Điểm (tính toán)"]  # the catalogue's own header kept
    assert shown.iloc[0, 0] == md("[x](y)") != "[x](y)" and shown.index[0] == md("_r_")
    assert shown.index.name == "row" and shown.iloc[0, 1] == "1,5"
