"""Memoised pure functions shared by every session: the same inputs give back the result computed the first time.

The dashboard's data questions and chart builders are pure functions of the build's tables and the view. On a rerun
(or in another session showing the same view) the answer comes from a bounded cache instead of being computed again.

Inputs are keyed by content: frames by a hash of their index, columns, dtypes and every cell; lists, tuples and small
dicts item by item; scalars with their type. Two exceptions, both never modified after they are made: the tables of a
loaded build (`register_frame`), keyed by their registration, and GeoJSON dicts, keyed by identity and kept alive by
the cache entry. An input that cannot be keyed (or a frame too large to be worth hashing) makes the call run
uncached.

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
from altair.utils.schemapi import SchemaBase

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


def _unjson(o) -> str:
    return f"\x00{type(o).__name__}:{o!r}"  # pd.NA, numpy scalars, …: typed, so never equal to a plain string


def frame_digest(df: pd.DataFrame | pd.Series) -> str:
    """A content hash of a frame or series: index, column names, dtypes and every value (floats exactly)."""
    if isinstance(df, pd.Series):
        head = ["series", str(df.name), str(df.dtype)]
    else:
        head = ["frame", [str(c) for c in df.columns], [str(t) for t in df.dtypes]]
    cells = df.to_numpy(dtype=object).tolist()
    text = json.dumps([head, df.index.tolist(), cells], default=_unjson, ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


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


_SPECS = _Store(512)  # (chart class, transformer state, content key) -> (pins, spec JSON, datasets)
_SMALL = 50  # lists and dicts up to this size are keyed by content; larger ones (inline data) by identity
_DEPTH = 64  # deeper than any chart: a guard against cycles


def _property_key(x, pins: list, depth: int = 0):
    """A chart property by content (plain values, Altair objects, small lists and dicts, all the way down); large
    inline data and other objects (frames) by identity: a chart's to_dict() replaces some of its parts with equal
    new ones, so identity alone would never match twice."""
    if x is None or isinstance(x, str | bool | int | float):
        return (type(x).__name__, x)
    if x is alt.Undefined:
        return ("Undefined",)
    if depth < _DEPTH:
        if isinstance(x, SchemaBase):
            kwds = tuple((k, _property_key(v, pins, depth + 1)) for k, v in x._kwds.items() if v is not alt.Undefined)
            return (type(x).__name__, _property_key(list(x._args), pins, depth + 1), kwds)
        if isinstance(x, list | tuple | dict) and len(x) <= _SMALL:
            if isinstance(x, dict):
                return ("dict", tuple((repr(k), _property_key(v, pins, depth + 1)) for k, v in x.items()))
            return (type(x).__name__, tuple(_property_key(v, pins, depth + 1) for v in x))
    pins.append(x)  # kept alive by the cache entry, so its identity cannot be reused
    return (type(x).__name__, id(x))


class _DictMemo:
    """Mixin: `to_dict()` without arguments is computed (and validated) once per chart content, then copied.

    Charts made from a remembering chart by Altair's API (`properties`, `configure`, …) remember too: the memo is
    keyed by the chart's content (see `_property_key`), not by the object.
    """

    def to_dict(self, *args, **kwargs):
        transformer = alt.data_transformers.active
        if args or kwargs or transformer not in _REPLAYABLE:
            return super().to_dict(*args, **kwargs)
        options = alt.data_transformers.options
        datasets = options.get("datasets")
        pins: list = []
        key = (
            type(self).__name__,
            transformer,
            alt.theme.active,
            tuple(sorted((k, repr(v)) for k, v in options.items() if k != "datasets")),
            tuple((k, _property_key(v, pins)) for k, v in self._kwds.items()),
        )
        hit = _SPECS.get(key)
        if hit is _MISS:
            before = set(datasets) if isinstance(datasets, dict) else set()
            spec = super().to_dict()
            added = {k: v for k, v in datasets.items() if k not in before} if isinstance(datasets, dict) else {}
            try:
                text = json.dumps(spec)
            except (TypeError, ValueError):
                return spec
            hit = (pins, text, added)
            _SPECS.put(key, hit)
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


_MEMO_CLASSES = {
    base: memo
    for memo in (MemoChart, MemoLayerChart, MemoConcatChart, MemoHConcatChart, MemoVConcatChart, MemoFacetChart)
    for base in memo.__mro__[2:3]
}


def remember_dict(x):
    """A top-level Altair chart turned (in place) into its remembering subclass; anything else unchanged."""
    cls = _MEMO_CLASSES.get(type(x))
    if cls is not None:
        object.__setattr__(x, "__class__", cls)
    return x
