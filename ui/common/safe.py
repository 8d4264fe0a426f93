"""Text a user controls, made safe to show: it reaches the screen as text, never as a link, picture or tag.

Streamlit renders labels, captions and ``st.markdown`` through react-markdown with remark-gfm (links,
images, tables, strikethrough and bare-URL autolinks), remark-math (``$x$``), remark-directive
(``:red[x]``) and its own ``:material/icon:`` rewrite. Any of these in a class name from a shared URL or
a zip's folder name would show a live link or load a remote picture in every classmate's browser.

``escape_md`` backslash-escapes every ASCII punctuation mark (CommonMark lets any of them be escaped,
so the reader sees the character itself). Escapes are not enough for bare URLs: remark-gfm finds
``https://x``, ``www.x`` and ``a@b.c`` in the text *after* escapes are resolved, so a word joiner
(U+2060, invisible and zero-width) is put where it breaks those patterns. Use it where text goes to a
Markdown sink; never for plain-text sinks (``st.code``, ``st.text``, tables, chart titles), where the
backslashes would show.
"""

from __future__ import annotations

import html
import re
import string

WORD_JOINER = "\u2060"
_PUNCTUATION = frozenset(string.punctuation)
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
_INDENT = re.compile(r"^[ \t]+")
# remark-gfm's autolink literals (mdast-util-gfm-autolink-literal): "http(s)://", "www." and "@".
_AUTOLINK = re.compile(r"(?i)(?<=https:)(?=//)|(?<=http:)(?=//)|(?<=www)(?=\.)|(?<=@)")


def escape_md(text: str) -> str:
    """``text`` as Streamlit Markdown that renders exactly as ``text`` (line breaks become spaces).

    >>> escape_md("[Login](//ev.il) cat_1")
    '\\\\[Login\\\\]\\\\(\\\\/\\\\/ev\\\\.il\\\\) cat\\\\_1'
    """
    text = _LINE_BREAKS.sub(" ", str(text))  # no block structure (lists, headings, code) from a newline
    text = _INDENT.sub(" ", text)  # four leading spaces (or a tab) would start a code block
    text = _AUTOLINK.sub(WORD_JOINER, text)
    return "".join("\\" + ch if ch in _PUNCTUATION else ch for ch in text)


def escape_html(text: str) -> str:
    """``text`` for an HTML sink (``st.html``, ``unsafe_allow_html``): ``<``, ``>``, ``&`` and quotes escaped."""
    return html.escape(str(text), quote=True)
