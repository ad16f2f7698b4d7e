"""The dataset of a build, held per build folder so that no viewer can drop it for everyone.

Streamlit 1.67 clears st.cache_data and st.cache_resource for every session when any client sends its "clear cache"
message (the app menu's item; the server accepts it from every websocket) and has no setting to refuse it. Reading a
build again after each such message cost every session its runs and, while old sessions still drew from the old
copy, kept several copies alive. pages/_ui.py loads the dataset through this holder: after a clear its cache gets the
same tables back at once. Only the dataset is held here; everything else is cheap to make again from it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

KEEP_BUILDS = 2  # the current build and the one before it (a session may still be drawing from it)


def per_build(load):
    """load(build_folder) called once per folder; only the last KEEP_BUILDS folders' results are kept."""
    store: OrderedDict[str, object] = OrderedDict()
    lock = threading.Lock()

    def held(folder):
        key = str(folder)
        with lock:
            if key in store:
                store.move_to_end(key)
                return store[key]
        value = load(key)
        with lock:
            value = store.setdefault(key, value)
            store.move_to_end(key)
            while len(store) > KEEP_BUILDS:
                store.popitem(last=False)
            return value

    return held
