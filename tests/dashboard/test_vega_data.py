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
def papi_sparkline() -> dict:
    """The overview's PAPI sparkline for Tuyên Quang from the built data (PAPI has method breaks: ruled layers)."""
    ds = dashboard_data.load(DATA_DIR)
    s = dashboard_data.series(ds.values, "papi", indices.headline("papi"), ["08"])
    assert s["value"].notna().any()
    return charts.sparkline(s, "#0072B2", "vi", index="papi").to_dict()


def test_every_dataset_becomes_the_same_rows_as_arrow(papi_sparkline):
    ready = with_arrow_datasets(papi_sparkline)
    assert len(papi_sparkline["datasets"]) > 1, "the sparkline has a method-break layer with its own rows"
    assert ready["datasets"].keys() == papi_sparkline["datasets"].keys()
    for name, values in papi_sparkline["datasets"].items():
        assert isinstance(ready["datasets"][name], bytes)
        assert rows_of(ready["datasets"][name]) == values, name


def test_the_plotted_rows_come_first_and_stay_first(papi_sparkline):
    ready = with_arrow_datasets(papi_sparkline)
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
