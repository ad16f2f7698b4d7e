"""The presentation view: the same page without the app's chrome and with larger type, for screenshots."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from pages import _ui as ui

PRESENT_SCALE = 1.35  # type in the presentation view, relative to the theme
# Constant CSS (no data in it) for the presentation view: no header, toolbar or sidebar; larger page text, headings
# and headline numbers (the figures read from a slide) than in the normal view.
PRESENT_CSS = """<style>
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 2rem; max-width: 100%; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p { font-size: 1.2rem; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: 1.05rem; }
[data-testid="stMain"] h1 { font-size: 2.75rem; }
[data-testid="stMain"] h2 { font-size: 2.25rem; }
[data-testid="stMain"] h3 { font-size: 1.9rem; }
[data-testid="stMain"] h4 { font-size: 1.6rem; }
[data-testid="stMain"] [data-testid="stMetricValue"] p { font-size: 3rem; line-height: 1.2; }
[data-testid="stMain"] [data-testid="stMetricLabel"] p { font-size: 1.3rem; }
[data-testid="stMain"] [data-testid="stMetricDelta"] p { font-size: 1.15rem; }
</style>"""


def _set_present(on: bool) -> None:
    if on:
        st.query_params["present"] = "1"
    else:
        st.query_params.pop("present", None)


def presentation_toggle(ctx: ui.Ctx, where: str = "sidebar") -> None:
    """A button into the same view without the app's chrome (or back out of it), for taking screenshots."""
    present = ctx.state.present
    st.button(
        ctx.t("present_leave" if present else "present_enter"),
        key=f"w_present_{where}",
        type="tertiary",
        icon=":material/close_fullscreen:" if present else ":material/slideshow:",
        help=None if present else ctx.t("present_help"),
        on_click=_set_present,
        args=(not present,),
    )


def presentation_chrome(ctx: ui.Ctx, before: Callable[[ui.Ctx], None] | None = None) -> None:
    """In the presentation view: hide the header, toolbar and sidebar, enlarge the text, offer the way back (after
    `before`, e.g. the share button, in the same row)."""
    if not ctx.state.present:
        return
    st.markdown(PRESENT_CSS, unsafe_allow_html=True)
    with st.container(horizontal=True, horizontal_alignment="right"):
        if before:
            before(ctx)
        presentation_toggle(ctx, "main")
