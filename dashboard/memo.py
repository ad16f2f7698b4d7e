"""Memoised pure functions shared by every session: the same inputs give back the result computed the first time.

The dashboard's data questions and chart builders are pure functions of the build's tables and the view. On a rerun
(or in another session showing the same view) the answer comes from a bounded cache instead of being computed again.

Inputs are keyed by content: frames by a hash of their index, columns, dtypes and every cell; lists, tuples and small
dicts item by item; scalars with their type. Two exceptions, both never modified after they are made: the tables of a
loaded build (`register_frame`), keyed by their registration, and GeoJSON dicts, keyed by identity and kept alive by
the cache entry. An input that cannot be keyed makes the call run uncached.

Results are handed out as fresh shallow copies (frames copy on write, dicts and lists are new), so a caller that
changes its copy cannot change the cache. Charts are handed out as they are (Altair's API returns a copy on every
change) and remember their `to_dict()` output, so drawing the same chart again does not rebuild or revalidate it.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import threading
import weakref
from collections import OrderedDict

import altair as alt
import pandas as pd

_MISS = object()
MAX_HASHED_ROWS = 5000  # larger unregistered frames are not worth hashing: the call runs uncached
_serials = itertools.count(1)
_FRAMES: dict[int, tuple[weakref.ref, int]] = {}


class Unkeyable(TypeError):
    """An argument the cache cannot key; the call runs uncached."""


def register_frame(df: pd.DataFrame) -> None:
    """Key this frame by identity from now on; it must never be modified after (the tables of a loaded build)."""
    key = id(df)
    _FRAMES[key] = (weakref.ref(df), next(_serials))
    weakref.finalize(df, _FRAMES.pop, key, None)


def _registered(df: pd.DataFrame) -> int | None:
    entry = _FRAMES.get(id(df))
    return entry[1] if entry is not None and entry[0]() is df else None


def _column_digest(h, s: pd.Series) -> None:
    if s.dtype == object:
        h.update(json.dumps(s.tolist(), default=lambda o: f"\x00{type(o).__name__}:{o!r}", ensure_ascii=False).encode())
    else:
        h.update(pd.util.hash_pandas_object(s, index=False).to_numpy().tobytes())


def frame_digest(df: pd.DataFrame | pd.Series) -> str:
    """A content hash of a frame or series: index, column names, dtypes and every value."""
    h = hashlib.blake2b(digest_size=20)
    if isinstance(df, pd.Series):
        h.update(repr(("series", df.name, str(df.dtype), len(df))).encode())
        _column_digest(h, pd.Series(df.index, dtype=df.index.dtype))
        _column_digest(h, df)
        return h.hexdigest()
    h.update(repr(("frame", [str(c) for c in df.columns], [str(t) for t in df.dtypes], df.shape)).encode())
    _column_digest(h, pd.Series(df.index, dtype=df.index.dtype))
    for i in range(df.shape[1]):
        _column_digest(h, df.iloc[:, i])
    return h.hexdigest()


def _is_geojson(d: dict) -> bool:
    return d.get("type") in ("FeatureCollection", "Topology") or "features" in d


def key_of(x, pins: list | None = None):
    """A hashable key equal for equal inputs (see the module docstring); Unkeyable if there is none."""
    if x is None or isinstance(x, str | bytes | bool | int | float):
        return (type(x).__name__, x)
    if isinstance(x, pd.DataFrame | pd.Series):
        serial = _registered(x) if isinstance(x, pd.DataFrame) else None
        if serial:
            return ("frame#", serial)
        if len(x) > MAX_HASHED_ROWS:
            raise Unkeyable(f"a frame of {len(x)} rows")
        return ("frame", frame_digest(x))
    if isinstance(x, list | tuple):
        return (type(x).__name__, tuple(key_of(i, pins) for i in x))
    if isinstance(x, set | frozenset):
        return ("set", frozenset(key_of(i, pins) for i in x))
    if isinstance(x, dict):
        if _is_geojson(x):
            if pins is not None:
                pins.append(x)
            return ("geojson", id(x))
        return ("dict", tuple((key_of(k, pins), key_of(v, pins)) for k, v in x.items()))
    try:
        hash(x)
    except TypeError as e:
        raise Unkeyable(f"cannot key a {type(x).__name__}") from e
    return (type(x).__name__, x)


def fresh(x):
    """A copy of a cached result that the caller may change freely (frames: copy on write)."""
    if isinstance(x, pd.DataFrame | pd.Series):
        return x.copy(deep=False)
    if isinstance(x, dict):
        return {k: fresh(v) for k, v in x.items()}
    if isinstance(x, list):
        return [fresh(v) for v in x]
    if isinstance(x, tuple):
        return tuple(fresh(v) for v in x)
    return x


class _Store:
    """A thread-safe LRU dict."""

    def __init__(self, maxsize: int):
        self.maxsize, self.data, self.lock = maxsize, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.data.get(key, _MISS)
            if value is not _MISS:
                self.data.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self.lock:
            self.data[key] = value
            self.data.move_to_end(key)
            while len(self.data) > self.maxsize:
                self.data.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.data.clear()


def memoized(maxsize: int = 256):
    """Decorator: cache a pure function's results by the content of its arguments (LRU, `maxsize` entries)."""

    def deco(fn):
        store = _Store(maxsize)

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            pins: list = []
            try:
                key = (key_of(args, pins), key_of(kwargs, pins))
            except Unkeyable:
                return fn(*args, **kwargs)
            hit = store.get(key)
            if hit is not _MISS:
                return fresh(hit[1])
            result = remember_dict(fn(*args, **kwargs))
            store.put(key, (pins, result))
            return fresh(result)

        wrapper.cache_clear = store.clear
        return wrapper

    return deco


# --- Charts that remember their to_dict(). ---

# Data transformers whose only effect is the dict returned and, for Streamlit's, the Arrow datasets it collects
# into the dict passed as its `datasets` option (replayed from the memo).
_REPLAYABLE = {"default", "to_arrow_dataset"}


class _DictMemo:
    """Mixin: `to_dict()` without arguments returns a new copy of the first result (validated once)."""

    def to_dict(self, *args, **kwargs):
        transformer = alt.data_transformers.active
        if args or kwargs or transformer not in _REPLAYABLE:
            return super().to_dict(*args, **kwargs)
        options = alt.data_transformers.options
        datasets = options.get("datasets")
        state = (transformer, alt.theme.active, tuple(sorted((k, repr(v)) for k, v in options.items()
                                                             if k != "datasets")))
        snapshot = tuple((k, id(v)) for k, v in self._kwds.items())
        memo = self.__dict__.get("_dict_memo", {})
        hit = memo.get(state)
        if hit is None or hit[0] != snapshot:
            before = set(datasets) if isinstance(datasets, dict) else set()
            spec = super().to_dict()
            added = {k: v for k, v in datasets.items() if k not in before} if isinstance(datasets, dict) else {}
            try:
                text = json.dumps(spec)
            except (TypeError, ValueError):
                return spec
            memo = {**memo, state: (snapshot, text, added)}
            object.__setattr__(self, "_dict_memo", memo)
            return json.loads(text)
        if isinstance(datasets, dict):
            datasets.update(hit[2])
        return json.loads(hit[1])


class MemoChart(_DictMemo, alt.Chart):
    """alt.Chart remembering its to_dict()."""


class MemoLayerChart(_DictMemo, alt.LayerChart):
    """alt.LayerChart remembering its to_dict()."""


class MemoConcatChart(_DictMemo, alt.ConcatChart):
    """alt.ConcatChart remembering its to_dict()."""


class MemoHConcatChart(_DictMemo, alt.HConcatChart):
    """alt.HConcatChart remembering its to_dict()."""


class MemoVConcatChart(_DictMemo, alt.VConcatChart):
    """alt.VConcatChart remembering its to_dict()."""


class MemoFacetChart(_DictMemo, alt.FacetChart):
    """alt.FacetChart remembering its to_dict()."""


_MEMO_CLASSES = {base: memo for memo in (MemoChart, MemoLayerChart, MemoConcatChart, MemoHConcatChart,
                                         MemoVConcatChart, MemoFacetChart) for base in memo.__mro__[2:3]}


def remember_dict(x):
    """A top-level Altair chart turned (in place) into its remembering subclass; anything else unchanged."""
    cls = _MEMO_CLASSES.get(type(x))
    if cls is not None:
        object.__setattr__(x, "__class__", cls)
    return x
