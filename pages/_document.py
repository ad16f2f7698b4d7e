"""The browser document's language: `<html lang>` follows the page's language (Vietnamese by default).

Streamlit 1.67 serves `<html lang="en">` and has no option for it, so a one-line script set through the public
`st.html(..., unsafe_allow_javascript=True)` sets `document.documentElement.lang` on every run; screen readers,
hyphenation and the browser's translate prompt then know the page is Vietnamese (or English).
"""

from __future__ import annotations

import json

import streamlit as st

LANG_TAGS = {"vi": "vi", "en": "en"}


def set_document_language(lang: str) -> None:
    """Set `<html lang>` to the page's language."""
    tag = json.dumps(LANG_TAGS.get(lang, "vi"))
    st.html(f"<script>document.documentElement.lang = {tag};</script>", width="content", unsafe_allow_javascript=True)
