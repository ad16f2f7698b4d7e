"""A rank change resting on a rank that sources disagree about says so (Cà Mau, PAR INDEX 2023: 32 or 34)."""

from dashboard import data as dd
from dashboard.conflict_notes import rank_conflict_note, rank_conflicts


def test_ca_mau_par_2023_rank_conflict_is_found_and_named():
    ds = dd.load(dd.DATA_DIR)
    rows = rank_conflicts(ds.conflicts, "par", "par_total", "96", [2024, 2023])
    assert len(rows) == 1 and int(rows.iloc[0]["year"]) == 2023
    note = rank_conflict_note(rows, "vi")
    assert "hạng 2023: giữ 32, nguồn khác ghi 34" in note
    assert rank_conflicts(ds.conflicts, "par", "par_total", "96", [2021]).empty
