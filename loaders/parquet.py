"""The tidy table as Parquet, written by pyarrow with explicit types (codes as text, ranks as nullable integers)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from loaders.common import COLUMNS, KEY

# Arrow type of each tidy column: Arrow columns are nullable, so blank ranks and values stay blank (null).
ARROW_TYPES = {"string": pa.string(), "int64": pa.int32(), "Int64": pa.int32(), "float64": pa.float64()}
REQUIRED = tuple(KEY)
SCHEMA = pa.schema([pa.field(c, ARROW_TYPES[t], nullable=c not in REQUIRED) for c, t in COLUMNS.items()])


def read_values_csv(path: Path) -> pd.DataFrame:
    """values.csv with the tidy table's types (codes as text, blank cells as missing)."""
    return pd.read_csv(path, dtype=dict(COLUMNS), keep_default_na=False, na_values=[""], encoding="utf-8")


def values_table(df: pd.DataFrame, metadata: dict[str, str]) -> pa.Table:
    """Tidy rows as an Arrow table with the tidy schema (an export has the same columns, computed values or not)."""
    table = pa.Table.from_pandas(df[SCHEMA.names], schema=SCHEMA, preserve_index=False)
    return table.replace_schema_metadata({k.encode(): str(v).encode() for k, v in metadata.items()})


def write_values(csv_path: Path, out: Path, metadata: dict[str, str]) -> None:
    """values.csv rewritten as Parquet (same rows, same order), with `metadata` in the file's key-value metadata."""
    pq.write_table(values_table(read_values_csv(csv_path), metadata), out, compression="zstd")


def values_bytes(df: pd.DataFrame, metadata: dict[str, str]) -> bytes:
    """Tidy rows as Parquet bytes."""
    buf = io.BytesIO()
    pq.write_table(values_table(df, metadata), buf, compression="zstd")
    return buf.getvalue()
