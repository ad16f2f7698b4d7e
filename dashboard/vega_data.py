"""Vega-Lite specs with their tabular datasets as Arrow bytes, the form Streamlit sends, made once per cached spec."""

import pandas as pd
import pyarrow as pa

from dashboard.images import plotted_first


def arrow_bytes(values: list[dict]) -> bytes:
    """Rows as one Arrow IPC stream (a pandas frame converted as Streamlit converts a chart's dataset)."""
    table = pa.Table.from_pandas(pd.DataFrame(values))
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def with_arrow_datasets(spec: dict) -> dict:
    """The spec, plotted rows first (the toolbar's "Show data"), with every row-list dataset as Arrow bytes: Streamlit
    passes bytes through, so a page run sends a cached chart without converting its rows again (GeoJSON stays)."""
    spec = plotted_first(spec)
    datasets = spec.get("datasets")
    if not isinstance(datasets, dict):
        return spec
    return {**spec, "datasets": {k: arrow_bytes(v) if _is_table(v) else v for k, v in datasets.items()}}


def _is_table(values) -> bool:
    """A list of row dicts (not GeoJSON features, which Vega-Lite reads from the spec itself)."""
    return (
        isinstance(values, list)
        and all(isinstance(r, dict) for r in values)
        and not (values and values[0].get("type") == "Feature")
    )
