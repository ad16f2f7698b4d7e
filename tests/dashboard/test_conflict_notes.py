"""A rank change resting on a rank that sources disagree about says so (Cà Mau, PAR INDEX 2023: 32 or 34)."""

import pandas as pd
import pytest

from dashboard import data
from dashboard.conflict_notes import rank_conflict_note, rank_conflicts


def test_ca_mau_par_2023_rank_conflict_is_found_and_named():
    ds = data.load(data.DATA_DIR)
    rows = rank_conflicts(ds.conflicts, "par", "par_total", "96", [2024, 2023])
    assert set(rows["year"].astype(int)) == {2023} and set(rows["other_value"]) == {"34"}  # two outlets say 34
    note = rank_conflict_note(rows, "vi")
    assert note.count("hạng 2023: giữ 32, nguồn khác ghi 34") == 1
    assert rank_conflicts(ds.conflicts, "par", "par_total", "96", [2021]).empty


# --- The notes of conflicts.csv in the page's language. ---


@pytest.fixture(scope="module")
def build_conflicts():
    from tests.conftest import DATA

    if not (DATA / "conflicts.csv").exists():
        pytest.skip("needs data/current (make data)")
    return pd.read_csv(DATA / "conflicts.csv", dtype=str, keep_default_na=False)


def test_every_note_of_the_build_is_of_a_known_kind_and_reads_in_vietnamese(build_conflicts):
    from dashboard.conflict_notes import conflict_note, note_key
    from tests.english import english_in

    unknown = sorted({n for n in build_conflicts["note"] if n and note_key(n) is None})
    assert unknown == [], "a new kind of note: add its pattern and strings (dashboard/conflict_notes.py)"
    for note in set(build_conflicts["note"]):
        vi = conflict_note(note, "vi")
        assert not english_in(vi) and "_" not in vi.split("conflicts.csv")[0], (note, vi)
        assert conflict_note(note, "en") == note


def test_the_english_strings_are_the_notes_the_build_writes(build_conflicts):
    from dashboard.conflict_notes import note_key
    from dashboard.i18n import t

    for note in set(build_conflicts["note"]):
        key, parts = note_key(note)
        if parts.get("more") or "why" in parts:
            continue  # the other statement's own words, a reason: not part of the sentence
        assert t(key, "en", **parts) == note


@pytest.mark.parametrize(
    "note,vi",
    [
        (
            "kept the higher-precedence source (party_state_press over dataset_preview); never averaged",
            "giữ nguồn có thứ tự ưu tiên cao hơn (báo Đảng, Nhà nước trước bản xem trước bộ dữ liệu); "
            "không lấy trung bình",
        ),
        (
            "compiled file disagrees with the official workbook: differs by +0.0100; kept the chosen (official) value",
            "bộ tổng hợp không khớp với bảng tính chính thức: chênh +0,0100; giữ giá trị chính thức đã chọn",
        ),
        (
            "rank/score inversion: Cà Mau rank 32 with 86.89, TP. Hồ Chí Minh rank 33 with 86.97 (a higher score "
            "ranked lower); both as published",
            "thứ hạng ngược với điểm: Cà Mau hạng 32 với 86,89 điểm, TP. Hồ Chí Minh hạng 33 với 86,97 điểm (điểm cao "
            "hơn mà hạng thấp hơn); cả hai như công bố",
        ),
        ("a note of a kind not known", "a note of a kind not known"),
    ],
)
def test_conflict_note_in_vietnamese(note, vi):
    from dashboard.conflict_notes import conflict_note

    assert conflict_note(note, "vi") == vi
