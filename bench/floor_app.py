"""Streamlit's floor for bench/bench_client.py: one slider and nothing else.

What a control move costs a browser on the smallest possible Streamlit page; the app's pages are compared to it.
Run by the benchmark (``streamlit run bench/floor_app.py``); it shows no text of the app.
"""

import streamlit as st

st.slider("Value", 0, 100, 50)
