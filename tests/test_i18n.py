"""Every key in both languages, same placeholders, keys named after their table."""

import string

import pytest

from ui.common.i18n import LANGS, TABLES, TEXT

PREFIXES = {"common": ("nav.", "shell.", "quiz.", "upload.")}  # the shell's table: menu titles, sidebar, quiz words


def _fields(s: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(s) if name is not None}


@pytest.mark.parametrize("key", sorted(TEXT))
def test_key_in_every_language(key):
    entry = TEXT[key]
    assert set(entry) == set(LANGS), f"{key}: languages {sorted(entry)}"
    for lang in LANGS:
        assert isinstance(entry[lang], str) and entry[lang].strip(), f"{key}[{lang}] is empty"
    assert _fields(entry["en"]) == _fields(entry["ko"]), f"{key}: placeholders differ"


def test_keys_are_prefixed_by_their_table():
    for table, text in TABLES.items():
        for key in text:
            assert key.startswith(PREFIXES.get(table, (table + ".",))), f"{key} lives in ui/{table}/text.py"


def test_every_page_package_has_its_table():
    assert set(TABLES) == {"common", "home", "entropy", "activations", "softmax", "convolution", "train"}


def test_no_key_defined_twice():
    assert sum(len(t) for t in TABLES.values()) == len(TEXT)


def test_missing_key_raises():
    from ui.common.i18n import t

    with pytest.raises(KeyError):
        t("no.such.key")
