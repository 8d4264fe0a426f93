"""ML Explorer — entry point: page config, language switch, navigation. No math here.

Run with ``streamlit run app.py``.
"""

from ui.common.shell import run_app

run_app()
