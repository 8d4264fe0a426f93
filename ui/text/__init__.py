"""Translation tables, one module per page (``ui/text/<page>.py``).

Each module defines ``TEXT: dict[str, dict[str, str]]`` mapping a key to its
``{"en": ..., "ko": ...}`` strings. Keys start with the module's name
(``entropy.title`` lives in ``entropy.py``), so tables never collide. Modules
are discovered automatically: adding a page's table needs no edit here.
"""

from __future__ import annotations

import importlib
import pkgutil


def load_tables() -> dict[str, dict[str, dict[str, str]]]:
    """Return ``{module_name: TEXT}`` for every table module in this package."""
    tables = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        tables[info.name] = module.TEXT
    return tables
