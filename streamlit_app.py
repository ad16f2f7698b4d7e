"""Router: page config, shared sidebar, navigation."""

import streamlit as st

st.set_page_config(page_title="Chỉ số cải cách cấp tỉnh", page_icon="📊", layout="wide")
st.title("Chỉ số cải cách cấp tỉnh Việt Nam")
st.write("PCI · PAPI · PAR INDEX · SIPAS")
