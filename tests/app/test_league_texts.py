"""The full table's cell texts, made once per cached table, are those Babel gives each cell (computed ones marked)."""

import pandas as pd
import pytest

from dashboard import data, league
from dashboard.data import DATA_DIR
from pages import _league

pytestmark = pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built")


def expected_texts(frame: pd.DataFrame, marks: dict, lang: str) -> pd.DataFrame:
    """Each shown cell formatted on its own, as the table did before its texts were cached."""
    out = frame.astype(object).copy()
    for col in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[col]):
            d = 0 if pd.api.types.is_integer_dtype(frame[col]) else 2
            m = marks.get(col, pd.Series(False, index=frame.index))
            out[col] = [league.cell_text(x, lang, d, bool(c)) for x, c in zip(frame[col], m, strict=True)]
    return out


@pytest.mark.parametrize(("index", "year", "lang"), [("papi", 2024, "vi"), ("pci", 2016, "en"), ("par", 2023, "vi")])
def test_cached_texts_show_each_cell_as_formatted_alone(index, year, lang):
    ds = data.load(DATA_DIR)
    table = league.league_table(ds, index, year, None)
    frame = league.league_frame(ds, table, index, year, lang)
    marks = league.league_marks(ds, table, index, year, lang)
    shown = _league.styled(frame, marks, lang, _league.cell_texts(frame, marks, lang))
    got = shown.to_string(delimiter="\t").splitlines()[1:]
    want = expected_texts(frame, marks, lang)
    assert len(got) == len(frame)
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    assert numeric, "the table has figures"
    for row, line in zip(want.itertuples(index=False), got, strict=True):
        cells = line.split("\t")[1:]  # the first cell is the row label
        for i, (col, cell) in enumerate(zip(frame.columns, cells, strict=True)):
            if col in numeric:
                assert cell == row[i], (col, cell, row[i])
    if index == "papi":
        assert marks, "PAPI 2024 has computed figures, so the marked branch is tested"
