"""Shared Streamlit helpers: the app shell, i18n text, URL state and chart builders.

Pages import from here; ``core`` never does.
"""
