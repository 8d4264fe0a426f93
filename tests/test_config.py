"""`.streamlit/config.toml` holds the limits the app relies on."""

import tomllib
from pathlib import Path

CONFIG = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text())


def test_upload_limit_at_most_10_mb():
    assert 0 < CONFIG["server"]["maxUploadSize"] <= 10


def test_xsrf_on_and_usage_stats_off():
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_theme_has_light_and_dark_accents():
    assert {"light", "dark"} <= set(CONFIG["theme"])
    assert CONFIG["theme"]["light"]["primaryColor"] != CONFIG["theme"]["dark"]["primaryColor"]
