"""Text a user controls reaches the screen as text: no live link, remote picture or tag (issue 22.1).

Every page is opened with every URL setting set to Markdown/HTML payloads (a shared link is how a
classmate's browser receives them); softmax's typed names and numbers, an uploaded picture's file name
and a zip's folder names go through their widgets. Every string Streamlit renders as Markdown (bodies,
labels, help, radio options, captions, metric labels, expander and tab labels...) is parsed with
markdown-it (CommonMark, as remark does) plus remark-gfm's bare-URL autolinks and Streamlit's ``$``
math detection; ``st.html`` bodies with an HTML parser. No link, picture or tag may carry a payload.
"""

from __future__ import annotations

import html
import importlib
import io
import pkgutil
import re
import string
import zipfile
from html.parser import HTMLParser

import numpy as np
import pytest
from google.protobuf.message import Message
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from PIL import Image

from tests.apptest_utils import open_page
from ui.common.i18n import TEXT
from ui.common.safe import WORD_JOINER, escape_md
from ui.train.inside import TABS_KEY

DOMAIN = "ev.il"
PAYLOADS = ("[Login](//ev.il)", "![](//ev.il/p)", "<img src=//ev.il/p>", "<b>x</b>", "https://ev.il", "$x$")
JOINED = " ".join(PAYLOADS)
FRAGMENTS = (
    "https://",
    "http://",
    "www.",
    "WWW.",
    "@",
    "ev.il",
    "a@b.co",
    ":red[",
    ":material/home:",
    "$",
    "\\",
    "](",
    "<",
    "&lt;",
)

# Strings Streamlit shows as plain text: the typed value of a text box, a select box's options (its
# dropdown is plain), a chart's Vega-Lite spec (titles are plain), identifiers.
PLAIN = {
    "TextInput": {"value", "default", "placeholder"},
    "TextArea": {"value", "default", "placeholder"},
    "Selectbox": {"options", "raw_value", "default", "placeholder"},
    "MultiSelect": {"options", "raw_values", "default", "placeholder"},
    "VegaLiteChart": {"spec"},
    "ArrowVegaLiteChart": {"spec"},
}
SKIP_FIELDS = {"id", "form_id", "key", "type", "icon", "spec", "json_schema"}

_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
# remark-gfm (mdast-util-gfm-autolink-literal) links these in text *after* escapes are resolved
_GFM_AUTOLINK = re.compile(r"(?:https?://|www(?=\.))[-.\w]+[^ \t\r\n]*|[-.\w+]+@[-\w]+(?:\.[-\w]+)+", re.ASCII | re.I)
# Streamlit's math detection (StreamlitMarkdown): escaped \\, \$ and \` do not count
_MATH_ESCAPES = re.compile(r"\\[\\$`]")


def markdown_problems(source: str) -> list[str]:
    """What a Markdown string would render live: links, pictures, tags or math carrying a payload."""
    found = []
    for token in _MD.parse(source):
        for tok in [token, *(token.children or [])]:
            if tok.type == "link_open" and DOMAIN in str(tok.attrGet("href")):
                found.append(f"link {tok.attrGet('href')}")
            elif tok.type == "image" and DOMAIN in str(tok.attrGet("src")):
                found.append(f"image {tok.attrGet('src')}")
            elif tok.type in ("html_inline", "html_block") and re.search(r"<\s*/?\s*(b|img)\b", tok.content, re.I):
                found.append(f"html {tok.content.strip()}")
            elif tok.type == "text":
                found += [f"autolink {m}" for m in _GFM_AUTOLINK.findall(tok.content) if DOMAIN in m]
    if "$x$" in _MATH_ESCAPES.sub("_", source):
        found.append("math $x$")
    return found


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "b" or any(k in ("src", "href") and DOMAIN in (v or "") for k, v in attrs):
            self.found.append(f"<{tag} {attrs}>")


def html_problems(body: str) -> list[str]:
    parser = _Tags()
    parser.feed(body)
    return parser.found


def _strings(msg: Message, skip: set[str]):
    for field, value in msg.ListFields():
        if field.name in skip or field.name in SKIP_FIELDS:
            continue
        for item in value if isinstance(value, (list, tuple)) or hasattr(value, "extend") else [value]:
            if isinstance(item, Message):
                yield from _strings(item, set())
            elif isinstance(item, str):
                yield field.name, item


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _table_strings(frame) -> list[str]:
    cells = [str(v) for v in frame.to_numpy().ravel()]
    heads = [str(v) for v in [*frame.columns, *frame.index, *frame.columns.names, *frame.index.names] if v is not None]
    return cells + heads


def injections(at) -> list[str]:
    """Every payload that would render live anywhere on the page (empty when the page is safe)."""
    found = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if not isinstance(proto, Message):
            continue
        kind = type(proto).__name__
        if kind == "Table":  # st.table: every cell, header and index entry is Markdown
            found += [f"Table: {p} in {c!r}" for c in _table_strings(node.value) for p in markdown_problems(c)]
        for name, text in _strings(proto, PLAIN.get(kind, set())):
            problems = html_problems(text) if kind == "Html" else markdown_problems(text)
            found += [f"{kind}.{name}: {p} in {text[:120]!r}" for p in problems]
    return found


def url_keys() -> set[str]:
    """Every page setting that travels in the URL (module-level ``Setting``s of every ui package)."""
    import ui
    from ui.common.binding import Setting

    keys = set()
    for info in pkgutil.walk_packages(ui.__path__, "ui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            for item in value if isinstance(value, (tuple, list)) else [value]:
                if isinstance(item, Setting) and item.url:
                    keys.add(item.key)
    return keys | {"ent_text"}  # declared per run (its default is in the reader's language)


def payload_query(**special: str) -> dict[str, str]:
    query = dict.fromkeys(url_keys(), JOINED)
    query.update(special)
    return query


def _ok(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not injections(at), injections(at)


# ---------------------------------------------------------------------------------------------
# the checker itself
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_checker_finds_each_raw_payload_and_none_escaped(payload):
    assert markdown_problems(f"class {payload} wins")
    assert not markdown_problems(f"class {escape_md(payload)} wins")


@pytest.mark.parametrize("text", ["cat_1", "고양이", "a*b*c", "C++ & C#", "x<y>z", "50% off!", "1. item", "- dash"])
def test_escaped_text_reads_as_typed(text):
    assert _as_text(escape_md(text)) == text


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS) | st.text(alphabet=string.printable + "가나다 \u00a0", max_size=8)).map("".join)
)
def test_any_text_escaped_renders_literally_and_inert(text):
    source = escape_md(text)
    tokens = [tok for block in _MD.parse(source) for tok in [block, *(block.children or [])]]
    assert not [tok.type for tok in tokens if tok.type in ("link_open", "image", "html_inline", "html_block")]
    assert not [tok for tok in tokens if tok.type == "text" and _GFM_AUTOLINK.search(tok.content)]
    assert "$" not in _MATH_ESCAPES.sub("_", source)  # Streamlit loads no math for it
    assert _as_text(source) == " ".join(text.split())


def _as_text(source: str) -> str:
    """What a reader sees: the rendered HTML's text, whitespace collapsed (as a browser shows a paragraph)."""
    rendered = html.unescape(re.sub(r"<[^>]+>", " ", _MD.render(source))).replace(WORD_JOINER, "")
    return " ".join(rendered.split())


def test_url_keys_cover_the_text_settings():
    assert {"sm_names", "sm_z", "ent_d", "ent_text", "cv_k", "act_mo", "train_data"} <= url_keys()


# ---------------------------------------------------------------------------------------------
# every page, every URL setting
# ---------------------------------------------------------------------------------------------

NAMES = ",".join(PAYLOADS)  # one class per payload (each at most 16 characters but the <img> one)
SOFTMAX = {"sm_names": NAMES.replace("<img src=//ev.il/p>", "<img src=ev.il>"), "sm_z": "3,2,1,0,-1,-2"}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_softmax_class_names_and_typed_text_stay_text(lang):
    at = open_page("pages/softmax.py", lang, query=payload_query(**SOFTMAX, sm_y="1"))
    _ok(at)
    assert at.text_input(key="sm_name_0").value == PAYLOADS[0]  # the names were taken from the link
    for key, typed in (("sm_all", JOINED[:60]), ("sm_name_2", PAYLOADS[0])):  # "could not read", "already called"
        at.text_input(key=key).set_value(typed).run()
        assert at.error  # the error quotes what was typed
        _ok(at)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("mode", ["text", "table"])
def test_entropy_labels_and_text_stay_text(lang, mode):
    rows = ",".join(f"{p.replace(',', ' ')}:1" for p in PAYLOADS)
    at = open_page("pages/entropy.py", lang, query=payload_query(ent_mode=mode, ent_d=rows, ent_true="0"))
    assert at.session_state["ent_onehot"]  # ent_true=0: p is one-hot on the first symbol, named in a sentence
    _ok(at)


def test_entropy_input_errors_quote_the_cell_as_text():
    from ui.entropy.parse import InputError, parse_rows

    with pytest.raises(InputError) as bad:
        parse_rows([(p, "[1](//ev.il)") for p in PAYLOADS] + [(PAYLOADS[0], "1")])
    assert PAYLOADS[0] in bad.value.problems[-1][1].values()  # the duplicate label is quoted
    assert not markdown_problems(bad.value.message())


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("page", ["pages/convolution.py", "pages/activations.py", "pages/home.py"])
def test_other_pages_ignore_payloads_in_every_setting(page, lang):
    at = open_page(page, lang, query=payload_query())
    _ok(at)


def _png_bytes() -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.full((12, 12, 3), 200, np.uint8)).save(buf, format="PNG")
    return buf.getvalue()


def test_uploaded_picture_name_stays_text():
    at = open_page("pages/convolution.py", "en", query={"cv_src": "upload"})
    at.file_uploader(key="cv_upload").set_value((f"{PAYLOADS[0]}.png", _png_bytes(), "image/png")).run()
    _ok(at)
    at.file_uploader(key="cv_upload").set_value(None).run()  # "Still showing your previous picture, <name>"
    assert any(PAYLOADS[0][1:6] in str(m.value) for m in [*at.info, *at.caption, *at.markdown])
    _ok(at)


def _zip(folders: list[str], per_class: int = 3) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for folder in folders:
            for i in range(per_class):
                zf.writestr(f"{folder}/{i}.png", _png_bytes())
    return buf.getvalue()


# a zip folder name cannot hold "/"; these are the payloads a folder can carry
FOLDERS = ["[Login](ev.il)", "![](ev.il)", "<img src=ev.il>", "<b>x", "www.ev.il", "$x$"]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_zip_folder_names_stay_text(lang):
    at = open_page("pages/train.py", lang, query=payload_query(train_data="upload"), timeout=180)
    _ok(at)
    at.file_uploader(key="train_zip").set_value(("x.zip", _zip(FOLDERS), "application/zip")).run()
    _ok(at)
    assert not at.error and FOLDERS[0] in str([m.value for m in at.markdown]).replace("\\", "")
    at.button(key="train_step").click().run()  # one step: the views inside the network name the classes
    for tab in ("confusion", "softmax", "try"):
        at.session_state[TABS_KEY] = TEXT[f"train.tab.{tab}"][lang]
        at.run()
        if tab == "try":
            at.file_uploader(key="train_try").set_value(("x.png", _png_bytes(), "image/png")).run()
        _ok(at)
    at.file_uploader(key="train_zip").set_value(("one.zip", _zip(FOLDERS[:1]), "application/zip")).run()
    assert at.error  # "only 1 class folder found (<its name>)"
    _ok(at)
