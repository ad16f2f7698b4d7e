"""What every session shares for one build (its tables, its maps), held here so that no viewer can drop it.

Streamlit 1.67 clears st.cache_data and st.cache_resource for every session when any client sends its "clear cache"
message (the app menu's item; the server accepts it from every websocket) and has no setting to refuse it. The pages
keep their st.cache_resource calls; those are backed by this holder, so after a clear they get the same objects back
at once, and what was remembered about them (dashboard.memo, keyed by the tables) stays valid, instead of reading the
build again and keeping one more copy of it alive in those memos.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict

KEEP_BUILDS = 2  # the current build and the one before it (a session may still be drawing from it)


def per_build(fn):
    """Decorator: fn(build_folder, *args) computed once per folder and arguments; only the last KEEP_BUILDS kept."""
    store: OrderedDict[str, dict] = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(fn)
    def wrapper(folder, *args):
        key = str(folder)
        with lock:
            store.setdefault(key, {})
            store.move_to_end(key)
            while len(store) > KEEP_BUILDS:
                store.popitem(last=False)
            if args in store[key]:
                return store[key][args]
        value = fn(folder, *args)
        with lock:
            return store.setdefault(key, {}).setdefault(args, value)

    return wrapper
