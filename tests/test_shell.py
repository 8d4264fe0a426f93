"""The shell: every page through the real navigation, both languages, no exception, no raw key."""

import os
from pathlib import Path

import pytest

from tests.apptest_utils import open_page, raw_keys
from ui.common.i18n import TEXT
from ui.common.shell import PAGES

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("spec", PAGES, ids=[p.name for p in PAGES])
def test_every_page_renders(spec, lang):
    at = open_page(spec.script, lang, timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["lang"] == lang
    assert at.query_params["lang"] == [lang] or at.query_params["lang"] == lang
    assert not raw_keys(at), raw_keys(at)
    titles = [t.value for t in at.title]
    assert titles, "every page has a title"
    if spec.name != "home":
        assert any(TEXT[f"nav.{spec.name}"][lang].split(" (")[0] in t for t in titles), titles


def test_language_switch_persists_across_pages():
    at = open_page("pages/home.py", "en")
    at.sidebar.radio(key="lang").set_value("ko").run()
    assert at.session_state["lang"] == "ko"
    at.switch_page("pages/softmax.py").run()
    assert at.session_state["lang"] == "ko"
    assert not at.exception


def test_bad_lang_in_url_falls_back():
    at = open_page("pages/home.py", "xx")
    assert at.session_state["lang"] in ("ko", "en")
    assert not at.exception


def test_home_links_every_page():
    at = open_page("pages/home.py", "en")
    targets = {link.proto.page for link in at.page_link}
    for spec in PAGES[1:]:
        assert any(spec.url_path in str(t) or spec.script in str(t) for t in targets), (spec, targets)


@pytest.mark.parametrize("spec", PAGES[1:], ids=[p.name for p in PAGES[1:]])
def test_page_survives_a_round_trip_through_home(spec):
    """Leaving a page and coming back (the URL no longer carries its settings) must not crash it."""
    at = open_page(spec.script, "en")
    at.switch_page("pages/home.py").run()
    at.query_params.clear()
    at.query_params["lang"] = "en"
    at.switch_page(spec.script).run()
    assert not at.exception, [e.value for e in at.exception]


def test_widget_values_survive_a_page_switch():
    at = open_page("pages/activations.py", "en")
    at.number_input(key="act_xmin").set_value(-3.0).run()
    at.slider(key="act_depth").set_value(7).run()
    at.switch_page("pages/home.py").run()
    at.query_params.clear()
    at.switch_page("pages/activations.py").run()
    assert at.number_input(key="act_xmin").value == -3.0
    assert at.slider(key="act_depth").value == 7


def test_the_shell_gives_torch_one_thread_at_start_up():
    """The app's start-up (the shell, imported by app.py and every page) picks one torch thread for the process."""
    import subprocess
    import sys

    code = "import ui.common.shell, torch; print(torch.get_num_threads())"
    env = {k: v for k, v in os.environ.items() if k not in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "1"
