"""A rank change resting on a rank that sources disagree about says so (Cà Mau, PAR INDEX 2023: 32 or 34)."""

from dashboard import data as dd
from dashboard.conflict_notes import rank_conflict_note, rank_conflicts


def test_ca_mau_par_2023_rank_conflict_is_found_and_named():
    ds = dd.load(dd.DATA_DIR)
    rows = rank_conflicts(ds.conflicts, "par", "par_total", "96", [2024, 2023])
    assert set(rows["year"].astype(int)) == {2023} and set(rows["other_value"]) == {"34"}  # two outlets say 34
    note = rank_conflict_note(rows, "vi")
    assert note.count("hạng 2023: giữ 32, nguồn khác ghi 34") == 1
    assert rank_conflicts(ds.conflicts, "par", "par_total", "96", [2021]).empty
