"""Cached chart specs carry their rows as Arrow bytes: the same rows Streamlit would send, plotted rows first."""

import pyarrow as pa
import pytest

from dashboard import charts, images, indices
from dashboard import data as dashboard_data
from dashboard.data import DATA_DIR
from dashboard.vega_data import arrow_bytes, with_arrow_datasets

pytestmark = pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built")


def rows_of(data: bytes) -> list[dict]:
    return pa.ipc.open_stream(data).read_all().to_pylist()


@pytest.fixture(scope="module")
def card_spec() -> dict:
    """The overview's card trends for Tuyên Quang from the built data (PAPI has method breaks: ruled layers)."""
    ds = dashboard_data.load(DATA_DIR)
    series = {i: dashboard_data.series(ds.values, i, indices.headline(i), ["08"]) for i in indices.codes()}
    assert series["papi"]["value"].notna().any()
    return charts.card_trends(series, "#0072B2", "vi").to_dict()


def test_every_dataset_becomes_the_same_rows_as_arrow(card_spec):
    ready = with_arrow_datasets(card_spec)
    assert len(card_spec["datasets"]) > 1, "the sparkline has a method-break layer with its own rows"
    assert ready["datasets"].keys() == card_spec["datasets"].keys()
    for name, values in card_spec["datasets"].items():
        assert isinstance(ready["datasets"][name], bytes)
        assert rows_of(ready["datasets"][name]) == values, name


def test_the_plotted_rows_come_first_and_stay_first(card_spec):
    ready = with_arrow_datasets(card_spec)
    first = rows_of(next(iter(ready["datasets"].values())))
    assert {"year", "value", "status_label"} <= set(first[0]), first[0]
    assert images.plotted_first(ready) is ready, "an Arrow spec is already in order: left as it is"


def test_missing_scores_stay_missing():
    out = rows_of(arrow_bytes([{"year": 2019, "value": 41.5}, {"year": 2020, "value": None}]))
    assert out == [{"year": 2019, "value": 41.5}, {"year": 2020, "value": None}]


def test_geojson_and_specs_without_datasets_are_left_alone():
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [105.8, 21.0]}, "properties": {}}]
    spec = {"datasets": {"shapes": features, "rows": [{"a": 1}]}, "data": {"name": "rows"}, "mark": "point"}
    ready = with_arrow_datasets(spec)
    assert ready["datasets"]["shapes"] is features
    assert rows_of(ready["datasets"]["rows"]) == [{"a": 1}]
    plain = {"mark": "point", "data": {"values": [{"a": 1}]}}
    assert with_arrow_datasets(plain) == plain
