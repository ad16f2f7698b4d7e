"""Shared by the page tests: the app run with some URL parameters and switched to one page."""

from streamlit.testing.v1 import AppTest


def app_page(page: str, params: dict | None = None, timeout: float = 60) -> AppTest:
    """The app run with `params` as its URL query, then switched to pages/<page>.py and run."""
    at = AppTest.from_file("../../streamlit_app.py", default_timeout=timeout)
    at.query_params.update(params or {})
    at.run()
    return at.switch_page(f"pages/{page}.py").run()


def opened(at: AppTest, *keys: str) -> AppTest:
    """The page run again with the popovers `keys` open (a popover's content is sent only while it is open)."""
    for key in keys:
        at.session_state[key] = True
    return at.run()
