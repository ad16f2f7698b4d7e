"""Page: map."""

import streamlit as st

from pages import _ui as ui

ctx = ui.load_context()
st.title(ctx.t("page_map"))
