"""The one place the app touches a Streamlit internal: a first request straight to a page goes through the router.

Streamlit 1.67 treats a folder named pages/ beside the main script as a legacy (v1) multipage app until
st.navigation is first called in the server process (`PagesManager.uses_pages_directory`, set from the folder's
existence and cleared by st.navigation). So the very first request to a fresh server for /rankings runs
pages/rankings.py directly, without the router. Streamlit has no public setting for this (its advice is to rename
the folder; the project's layout names it pages/). tests/dashboard/test_routing.py fails when an upgrade changes
this behaviour, so the shim can go then.
"""

from __future__ import annotations

import streamlit as st

ROUTED = "_routed"


def mark_routed() -> None:
    """Called by the router: this session's runs go through streamlit_app.py."""
    st.session_state[ROUTED] = True


def ensure_routed() -> None:
    """In a page run without the router (see the module docstring): leave the legacy mode and rerun the same page
    through the router (pages are keyed by their url_path, so the page stays)."""
    if st.session_state.get(ROUTED):
        return
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()
