"""Editor text made safe for the page: Markdown to sanitized HTML, plain excerpts, escaped inline text."""

from __future__ import annotations

import html
from functools import lru_cache
import re
import unicodedata

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h3", "h4", "h5",
    "h6", "hr", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub", "del", "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
HTML_SPECIALS = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
MARKDOWN_SPECIALS = {c: f"&#{ord(c)};" for c in "\\`*_{}[]|~^=#"}
# What makes a line start a block (list item, ordered list, heading...) when text lands at a line's start.
BLOCK_START = re.compile(r"^(?:[-+]|\d+[.)])(?=\s|$)")
# Text without any of these reads the same before and after Markdown: plain_text can skip the converter.
MARKUP = re.compile(r"[\\`*_\[\]<>&#|~^=:!]|^[ \t]*(?:[-+>]|\d+[.)])|^ {4}|\t", re.MULTILINE)
# Printable, yet written as escapes: line separators YAML would fold, surrogates, the BOM.
YAML_ESCAPED = {0x2028, 0x2029, 0xFEFF} | set(range(0xD800, 0xE000))
# Same results as the per-character rules, at C speed: `inline` and `yaml_string` run ~50,000 times a
# build at 10,000 attacks (measured: 1.0 s and 0.4 s of 5.6 s of rendering at 1,000 attacks, profiled).
INLINE_ESCAPES = str.maketrans({**MARKDOWN_SPECIALS, **HTML_SPECIALS})
YAML_VERBATIM = re.compile("[\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*")
TEMPLATE_SYNTAX = re.compile(r"(\{[{%#])|([%}#]\})")


def _escape_template_syntax(text: str) -> str:
    # Other tools (mkdocs-macros, Jinja-based themes) may evaluate `{{ }}`: show it as written instead.
    return TEMPLATE_SYNTAX.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group(0)), text)


_converter = markdown_lib.Markdown(extensions=["tables", "sane_lists"], output_format="html")


# Pure functions of their text, and Python-Markdown is most of our own build time: the same summary
# is converted for listings, downloads and its page, and again on every rebuild of `mkdocs serve`.
@lru_cache(maxsize=1 << 15)
def markdown_to_html(source: str) -> str:
    """Editor Markdown to HTML with raw HTML removed, unsafe URLs dropped and template syntax neutralised."""
    _converter.reset()
    rendered = _converter.convert(source)
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )
    return _escape_template_syntax(cleaned)


@lru_cache(maxsize=1 << 15)
def plain_text(source: str) -> str:
    """Markdown to plain text, whitespace folded."""
    if not MARKUP.search(source):
        return " ".join(source.split())
    _converter.reset()
    text = nh3.clean(_converter.convert(source), tags=set())
    return " ".join(html.unescape(text).split())


def slugify(text: str, limit: int = 80) -> str:
    """An id-shaped slug of a name: "Kata'ib Ḥezbollah" -> kataib-hezbollah."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"['`]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:limit].strip("-")


def shorten(text: str, limit: int = 280) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.-") + "…"


def inline(text) -> str:
    """Any text, shown literally inside Markdown: no markup, no HTML, no template syntax."""
    flat = " ".join(str(text).split())
    escaped = flat.translate(INLINE_ESCAPES)
    start = BLOCK_START.match(escaped)
    if start:  # `- x`, `+ x`, `1. x` would become a list where the text starts a line
        marker = start.group(0)
        escaped = marker[:-1] + f"&#{ord(marker[-1])};" + escaped[len(marker):]
    return escaped


def attribute(text) -> str:
    """Text for an HTML attribute value inside double quotes."""
    return _escape_template_syntax(html.escape(" ".join(str(text).split()), quote=True))


def yaml_string(text) -> str:
    """Text as a YAML double-quoted scalar that reads back exactly, whatever it holds.

    For front matter and entry files: JSON strings are not enough, since YAML refuses raw
    control characters and folds raw line separators (U+0085, U+2028), and MkDocs silently
    turns front matter it cannot read into page text.
    """
    text = str(text)
    if YAML_VERBATIM.fullmatch(text):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code == 0x09 or 0x20 <= code <= 0x7E or (0xA0 <= code <= 0xFFFD and code not in YAML_ESCAPED) \
                or code >= 0x10000:
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}")
    return '"' + "".join(out) + '"'


def front_matter_text(value) -> str:
    """A page title or description for front matter. MkDocs themes put these into the page as HTML
    (Material: `<title>`, the header, `<meta content="...">`), so it is HTML-escaped, then YAML-quoted."""
    return yaml_string(html.escape(" ".join(str(value).split()), quote=True))

