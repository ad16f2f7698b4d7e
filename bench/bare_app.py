"""Baseline for the browser benchmark: a bare Streamlit page showing one Altair chart."""

import altair as alt
import pandas as pd
import streamlit as st

df = pd.DataFrame({"year": list(range(2005, 2020)), "value": [50 + i for i in range(15)]})
st.title("Baseline")
st.altair_chart(alt.Chart(df).mark_line(point=True).encode(x="year:O", y="value:Q"))
