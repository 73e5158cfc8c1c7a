"""Editor text made safe for the page: Markdown to sanitized HTML, plain excerpts, escaped inline text."""

from __future__ import annotations

import html
import re

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h3", "h4", "h5",
    "h6", "hr", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub", "del", "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
HTML_SPECIALS = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
MARKDOWN_SPECIALS = {c: f"&#{ord(c)};" for c in "\\`*_{}[]|~^="}
TEMPLATE_SYNTAX = re.compile(r"(\{[{%#])|([%}#]\})")


def _escape_template_syntax(text: str) -> str:
    # Other tools (mkdocs-macros, Jinja-based themes) may evaluate `{{ }}`: show it as written instead.
    return TEMPLATE_SYNTAX.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group(0)), text)


_converter = markdown_lib.Markdown(extensions=["tables", "sane_lists"], output_format="html")


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


def plain_text(source: str) -> str:
    """Markdown to plain text, whitespace folded."""
    _converter.reset()
    text = nh3.clean(_converter.convert(source), tags=set())
    return " ".join(html.unescape(text).split())


def shorten(text: str, limit: int = 280) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.-") + "…"


def inline(text) -> str:
    """Any text, shown literally inside Markdown: no markup, no HTML, no template syntax."""
    flat = " ".join(str(text).split())
    return "".join(HTML_SPECIALS.get(c) or MARKDOWN_SPECIALS.get(c, c) for c in flat)


def attribute(text) -> str:
    """Text for an HTML attribute value inside double quotes."""
    return _escape_template_syntax(html.escape(" ".join(str(text).split()), quote=True))
