"""The activations page's function picker has the page's full width (issue 12, item 6).

In a narrow column, eight chosen functions with Korean names showed as two chips and a "+6".
"""

from __future__ import annotations

import pytest

from core.activations import ACTIVATIONS
from tests.apptest_utils import open_page


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_function_picker_has_a_row_of_its_own(lang):
    at = open_page("pages/activations.py", lang, query={"act_fns": ",".join(ACTIVATIONS)})
    assert not at.exception
    picker = at.multiselect(key="act_fns")
    assert list(picker.value) == list(ACTIVATIONS), "all eight functions should be chosen from the link"
    in_columns = [ms.key for col in at.columns for ms in col.multiselect]
    assert "act_fns" not in in_columns, "the function picker sits in a column: its chips get squeezed"
    assert len(at.number_input) >= 4  # the x-range and parameter inputs are still there
