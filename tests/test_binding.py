"""The widget binding: URL seed, validation, copies of mutable defaults, URL write-back."""

from streamlit.testing.v1 import AppTest


def _app():
    import streamlit as st

    from tests.binding_fixture import LEVEL, NAMES

    NAMES.value.append("edited")  # one session edits its list in place
    st.write(f"level={LEVEL.widget(st.select_slider, 'Level')}")


def test_setting_seeds_from_the_url_and_falls_back_on_junk():
    at = AppTest.from_function(_app)
    at.query_params["b_level"] = "3"
    at.run()
    assert not at.exception
    assert at.session_state["b_level"] == 3
    junk = AppTest.from_function(_app)
    junk.query_params["b_level"] = "7"  # not an option: the default is used
    junk.run()
    assert junk.session_state["b_level"] == 2
    assert junk.query_params["b_level"] in ("2", ["2"])  # written back to the URL


def test_a_session_never_edits_the_shared_default():
    first = AppTest.from_function(_app)
    first.run()
    second = AppTest.from_function(_app)
    second.run()
    assert second.session_state["b_names"] == ["a", "b", "edited"]  # its own edit, not the first session's too
