"""Edge cases of the comparison of two tidy tables (the real builds are compared in test_release.py)."""

import pandas as pd

from loaders import diff


def _values(*rows) -> pd.DataFrame:
    """Tidy rows as text: (year, code, indicator, value, rank, source_ref)."""
    return pd.DataFrame(
        [
            {
                "index": "pci",
                "year": str(y),
                "province_code": c,
                "vintage": "63",
                "indicator": i,
                "value": v,
                "rank": r,
                "status": "published" if v else "missing",
                "source_id": "s",
                "source_ref": ref,
            }
            for y, c, i, v, r, ref in rows
        ]
    )


def test_added_removed_changed_and_rank_rows():
    old = _values(
        (2019, "01", "pci_total", "68.80", "9", "S!25"),
        (2019, "02", "pci_total", "60.00", "30", "S!26"),
        (2018, "01", "pci_total", "65.40", "9", "S!20"),
        (2010, "01", "pci_total", "60.0", "", "S!3"),
    )
    new = _values(
        (2019, "01", "pci_total", "68.8", "9", "S!25"),  # same number, other text: no change
        (2019, "02", "pci_total", "", "30", "S!26"),  # value now missing at source
        (2018, "01", "pci_total", "65.40", "8", "S!20"),
        (2020, "01", "pci_total", "70.00", "1", "T!2"),
    )
    got = diff.changes(old, new)[["change", "year", "province_code", "old", "new", "source_ref"]]
    assert [
        ("removed", "2010", "01", "60.0", "", "S!3"),
        ("rank", "2018", "01", "9", "8", "S!20"),
        ("changed", "2019", "02", "60.00", "", "S!26"),
        ("added", "2020", "01", "", "70.00", "T!2"),
    ] == [tuple(r) for r in got.itertuples(index=False)]
    assert {"added": 1, "removed": 1, "changed": 1, "rank": 1} == diff.counts(got)


def test_identical_tables_have_no_changes():
    v = _values((2019, "01", "pci_total", "68.80", "9", "S!25"))
    assert diff.changes(v, v.copy()).empty
    assert diff.CHANGE_COLUMNS == list(diff.changes(v, v.copy()).columns)
