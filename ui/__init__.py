"""Streamlit code, one package per page plus the shared ``common`` package. Pages import from here; core never does.

- ``common/``: the shell (menu, language), i18n, URL state and the widget binding (``Setting``)
- ``<page>/``: ``controls`` (widgets → plain values), ``view`` (results → charts, tables, text),
  ``state`` where the page keeps more than widget values, and ``text.py``, the page's Korean/English table
"""
