"""A change across a method break of the index registry is no like-for-like change: every caller says so."""

import pytest

from dashboard import brief, data, indices, narrative, ranks, report_docx
from tests.conftest import DATA

pytestmark = pytest.mark.skipif(not (DATA / "values.csv").exists(), reason="needs data/current (make data)")
BINH_DINH = "96"  # SIPAS 2022: rank 3, 2021: rank 21 (the design changed in 2022)
SON_LA = "14"  # SIPAS 2022 and 2021: a score and a rank each


@pytest.fixture(scope="module")
def ds():
    return data.load(DATA)


def test_the_break_lies_between_two_editions():
    assert data.method_break_between("sipas", 2021, 2022).year == 2022
    assert data.method_break_between("sipas", 2022, 2023) is None
    assert data.method_break_between("pci", 2012, 2014).year == 2013


def test_latest_figures_give_no_change_across_the_sipas_2022_break(ds):
    f = data.latest_figures(ds.values, "sipas", indices.headline("sipas"), BINH_DINH)
    assert (f["year"], f["prev_year"], f["rank"], f["prev_rank"]) == (2022, 2021, 3, 21)
    assert f["rank_change"] is None and f["change"] is None and f["break_year"] == 2022
    assert ranks.rank_change_line(f, "vi") == ""
    vi = " ".join(brief.change_text(f, "vi").split())  # the card wraps it to its change column
    assert "18" not in vi and "2022" in vi and "2021" in vi and "phương pháp" in vi
    assert "method" in brief.change_text(f, "en")
    assert all(len(line) <= 40 for line in brief.change_text(f, "vi").split("\n")), "each line fits the column"


def test_the_narrative_and_the_report_say_no_like_figure(ds):
    (f,) = [f for f in narrative.index_facts(ds, SON_LA, 2022) if f["index"] == "sipas"]
    assert f["value"] is not None and f["prev_year"] == 2021
    assert f["rank_change"] is None and f["change"] is None and f["break_year"] == 2022
    text = narrative.index_sentence(f, "Sơn La", ds, SON_LA, "vi").text
    assert "bậc" not in text and "điểm so với" not in text and "phương pháp thay đổi từ 2022" in text
    (row,) = [r for r in report_docx.facts_rows([f], "vi")]
    assert "phương pháp" in row[-1]


def test_a_change_within_one_method_is_still_given(ds):
    f = data.latest_figures(ds.values, "pci", "pci_total", "08")
    assert f["break_year"] is None and f["change"] is not None
