"""Pure logic behind the app: data access, chart and map builders, i18n, URL state, exports (no Streamlit inside)."""
