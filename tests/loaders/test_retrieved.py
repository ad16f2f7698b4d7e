"""Retrieval dates of the source files: recorded by the fetch command, never invented."""

from __future__ import annotations

import pytest

from loaders import build, common, retrieved


def test_the_real_sources_carry_only_recorded_dates(sources_dir):
    """The shared copies were not downloaded by fetch and their README names no retrieval date: none is shown."""
    records = retrieved.read_retrieved(sources_dir)
    table = build.sources_table(sources_dir)
    for row in table.itertuples():
        path = sources_dir / row.path
        expected = retrieved.retrieved_date(records, row.path, common.sha256(path)) if path.is_file() else ""
        assert expected == row.retrieved, f"{row.id}: retrieved {row.retrieved!r} is recorded nowhere"
    if not records:
        assert (table["retrieved"] == "").all()


def test_no_source_declares_a_date_its_readme_does_not_record():
    assert [] == [s.id for s in build.all_sources() if s.retrieved]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("path,date\n", r"RETRIEVED\.csv: the header must be path,retrieved,url,sha256"),
        ("", r"the header must be"),
        ("path,retrieved,url,sha256\na.csv,01/02/2024,u,h\n", r"RETRIEVED\.csv:2: retrieved '01/02/2024' is not"),
    ],
)
def test_a_damaged_record_names_the_file_line_and_remedy(tmp_path, text, message):
    (tmp_path / retrieved.RETRIEVED_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(retrieved.RetrievedFileError, match=message):
        retrieved.read_retrieved(tmp_path)


def test_a_new_download_replaces_the_older_row_of_the_same_file(tmp_path):
    import datetime as dt

    retrieved.record_retrieved(tmp_path, "b.csv", "https://example.org/b", "1" * 64, dt.date(2024, 5, 1))
    retrieved.record_retrieved(tmp_path, "a.csv", "https://example.org/a", "2" * 64, dt.date(2024, 5, 2))
    retrieved.record_retrieved(tmp_path, "b.csv", "https://example.org/b2", "3" * 64, dt.date(2024, 6, 1))
    records = retrieved.read_retrieved(tmp_path)
    assert ["a.csv", "b.csv"] == list(records)
    assert "2024-06-01" == retrieved.retrieved_date(records, "b.csv", "3" * 64)
    assert "" == retrieved.retrieved_date(records, "b.csv", "1" * 64)
