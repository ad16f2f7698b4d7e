"""The Streamlit behaviour pages/_routing.py works around is still there; when this fails, drop the shim."""

from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager

ROOT = Path(__file__).resolve().parents[2]


def test_a_pages_folder_still_starts_the_legacy_multipage_mode(monkeypatch):
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    PagesManager(str(ROOT / "streamlit_app.py"))
    assert PagesManager.uses_pages_directory is True, "Streamlit no longer auto-discovers pages/: remove the shim"


def test_st_navigation_still_leaves_it(monkeypatch):
    import streamlit as st

    monkeypatch.setattr(PagesManager, "uses_pages_directory", True)
    try:
        st.navigation([st.Page(str(ROOT / "pages" / "methods.py"), url_path="methods")], position="hidden")
    except Exception:  # noqa: BLE001 — outside a script run st.navigation may complain after setting the flag
        pass
    assert PagesManager.uses_pages_directory is False
