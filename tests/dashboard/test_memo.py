"""Memoised answers are the answers: keyed by content, handed out as copies; indexed select equals a full scan."""

import itertools

import altair as alt
import numpy as np
import pandas as pd
import pytest

from dashboard import data as dd
from dashboard import memo
from tests.conftest import DATA


def frame(**cols) -> pd.DataFrame:
    return pd.DataFrame(cols or {"a": [1, 2], "b": ["x", None]})


@pytest.mark.parametrize(
    "left, right, equal",
    [
        (frame(), frame(), True),
        (frame(a=[1.0, 2.0]), frame(a=[1.0, 2.0000000000001]), False),  # every bit counts
        (frame(a=[1, 2]), frame(a=[1.0, 2.0]), False),  # dtype counts
        (frame(a=[1, 2]), frame(a=[1, 2]).set_axis([5, 6]), False),  # index counts
        (frame(a=[1, 2]), frame(b=[1, 2]), False),  # column names count
        (frame(a=[np.nan, 1.0]), frame(a=[np.nan, 1.0]), True),
        (frame(c=[["08"], []]), frame(c=[["08"], []]), True),  # lists in cells
        (frame(c=[["08"], []]), frame(c=[["08"], ["01"]]), False),
        ([1, "08"], [1, "08"], True),
        ([1, "08"], ("1", "08"), False),
        (1, 1.0, False),
        (True, 1, False),
        ({"a": 1}, {"a": 1}, True),
        ({"a": 1}, {"a": 2}, False),
    ],
)
def test_keys_equal_only_for_equal_inputs(left, right, equal):
    assert (memo.key_of(left) == memo.key_of(right)) is equal


def test_geojson_is_keyed_by_identity_and_pinned():
    geo = {"type": "FeatureCollection", "features": []}
    pins = []
    assert memo.key_of(geo, pins) != memo.key_of({"type": "FeatureCollection", "features": []})
    assert pins == [geo]


def test_unkeyable_and_large_frames_run_uncached():
    calls = []

    @memo.memoized(4)
    def f(x):
        calls.append(1)
        return 1

    f(lambda: 0)  # a function is hashable: keyed by identity
    f({"k": alt.Scale()})  # an Altair object is not
    f({"k": alt.Scale()})
    big = pd.DataFrame({"a": range(memo.MAX_HASHED_ROWS + 1)})
    f(big)
    f(big)
    assert len(calls) == 5


def test_results_are_fresh_copies():
    @memo.memoized(4)
    def f(n):
        return {"df": pd.DataFrame({"v": [1.0] * n}), "items": [1, 2]}

    first = f(2)
    first["df"].loc[0, "v"] = 99.0
    first["items"].append(3)
    again = f(2)
    assert again["df"]["v"].tolist() == [1.0, 1.0]
    assert again["items"] == [1, 2]


def test_lru_is_bounded_and_content_keyed():
    calls = []

    @memo.memoized(2)
    def f(df):
        calls.append(1)
        return float(df["a"].sum())

    for a in ([1], [2], [1], [3], [2], [1]):
        assert f(pd.DataFrame({"a": a})) == float(a[0])
    assert len(calls) == 5  # [1] was remembered once; then [3] pushed it out


def test_registered_frames_are_keyed_by_registration():
    df = pd.DataFrame({"a": range(10_000)})
    memo.register_frame(df)
    assert memo.key_of(df) == memo.key_of(df)
    with pytest.raises(memo.Unkeyable):
        memo.key_of(df.copy())  # an unregistered copy is too large to hash
    other = pd.DataFrame({"a": range(10_000)})
    memo.register_frame(other)
    assert memo.key_of(df) != memo.key_of(other)


def test_chart_remembers_to_dict_and_replays_collected_datasets():
    df = pd.DataFrame({"x": [1, 2, 3], "y": [3.0, None, 1.0]})

    @memo.memoized(4)
    def build(d):
        return alt.Chart(d).mark_line().encode(x="x:Q", y="y:Q").properties(title="t")

    chart = build(df)
    assert isinstance(chart, alt.Chart) and build(df) is chart
    plain = alt.Chart(df).mark_line().encode(x="x:Q", y="y:Q").properties(title="t")
    assert chart.to_dict() == plain.to_dict()
    assert chart.to_dict() == plain.to_dict()  # from the memo

    def collect(data, datasets):
        name = f"data-{len(data)}"
        datasets[name] = data.to_json()
        return {"name": name}

    alt.data_transformers.register("to_arrow_dataset", collect)
    for _ in range(2):
        collected: dict = {}
        with alt.data_transformers.enable("to_arrow_dataset", datasets=collected):
            spec = chart.to_dict()
        assert spec["data"] == {"name": "data-3"} and collected == {"data-3": df.to_json()}


def test_changed_chart_is_not_served_from_the_memo():
    chart = memo.remember_dict(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q"))
    chart.to_dict()
    chart.title = "changed"
    assert chart.to_dict()["title"] == "changed"


@pytest.mark.skipif(not (DATA / "values.csv").exists(), reason="needs data/current (make data)")
def test_indexed_select_equals_a_full_scan():
    values = dd.load(DATA).values
    scan = values.copy()  # not registered: the full scan
    assert dd._row_index(values) is not None and dd._row_index(scan) is None
    indices = [None, "", "pci", "papi", "none"]
    indicators = [None, "pci_total", "papi_d1", "none"]
    years = [None, 2019, 1990]
    codes = [None, [], ["08"], ("01", "01", "xx"), ["96", "08"]]
    for args in itertools.product(indices, indicators, years, codes, [63, 34]):
        fast, full = dd.select.__wrapped__(values, *args), dd.select.__wrapped__(scan, *args)
        pd.testing.assert_frame_equal(fast, full)


def test_copies_made_by_altair_share_the_memo_and_changes_are_seen():
    base = memo.remember_dict(alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q"))
    base.to_dict()
    first = base.properties(autosize={"type": "pad"})
    assert first.to_dict() == base.copy().properties(autosize={"type": "pad"}).to_dict()
    assert first.to_dict()["autosize"] == {"type": "pad"}
    assert base.properties(autosize={"type": "fit"}).to_dict()["autosize"] == {"type": "fit"}
    assert base.encode(x="x:O").to_dict()["encoding"]["x"]["type"] == "ordinal"
