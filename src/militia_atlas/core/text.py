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
def _sanitize(rendered: str) -> str:
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )


def _clean(source: str) -> str:
    prose = _prose_html(source)
    if prose is not None:
        return prose
    _converter.reset()
    return _sanitize(_converter.convert(source))


# Prose: paragraphs of text and `[name](url)` links, with nothing Markdown, HTML or nh3 would read or
# rewrite. Most summaries are prose, and writing their HTML directly is ~12 times faster than Python-
# Markdown and nh3 (tests/test_text.py checks it gives what they give).
_PROSE_UNSAFE = re.compile(
    r"[\\`*_{}\[\]<>&#|~^=!\x00-\x09\x0b-\x1f\x7f-\xa0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f"
    r"\u3000\ud800-\udfff\ufdd0-\ufdef\ufeff\ufff0-\uffff]"  # markup, controls, odd spaces, noncharacters
    r"|^ | $| \n|\n |(?:^|\n)(?:[-+]|\d+[.)])"  # spaces at a line's ends; what could start a block
)
_PROSE_LINK = re.compile(r"\[([^\[\]\n]+)\]\(([A-Za-z0-9./-]+)\)")


def _prose_html(source: str) -> str | None:
    """_clean of prose without Python-Markdown; None for anything else."""
    reading = _PROSE_LINK.sub(r"\1", source)
    if _PROSE_UNSAFE.search(reading):
        return None
    body = _PROSE_LINK.sub(r'<a href="\2" rel="noopener">\1</a>', source.strip("\n"))
    if not body:
        return ""
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in re.split(r"\n\n+", body))


@lru_cache(maxsize=1 << 15)
def markdown_to_html(source: str) -> str:
    """Editor Markdown to HTML with raw HTML removed, unsafe URLs dropped and template syntax neutralised."""
    return _escape_template_syntax(_clean(source))


@lru_cache(maxsize=1 << 15)
def plain_text(source: str) -> str:
    """Markdown to plain text, whitespace folded."""
    if not MARKUP.search(source):
        return " ".join(source.split())
    _converter.reset()
    text = nh3.clean(_converter.convert(source), tags=set())
    return " ".join(html.unescape(text).split())


# -- one conversion for every use of a summary -------------------------------------------------
#
# A summary's `[[id]]` links point somewhere else on its page (relative URLs), in the feeds (absolute
# URLs) and nowhere in plain text. `links.Linked` writes each resolved link as `[name](<placeholder>)`
# instead, this converts that once, and each use puts its URLs in place of the placeholders, or reads
# the text. Where that could differ from converting each version directly (a placeholder that did not
# end up as exactly one link's href, a URL that Markdown or nh3 would not write as given), these return
# None and the caller converts directly, as before. tests/test_linked.py checks the two agree.

LINK_TOKEN = "zqmalinkz"  # letters and digits only: Markdown and nh3 pass it through as written
_LINK_HREF = re.compile(r'href="zqmalinkz(\d+)z"')
# URLs that Markdown and nh3 write exactly as given (no escaping, no parsing): relative paths made of
# these characters, or http(s) URLs whose survival nh3 confirms (_absolute_url_survives).
PLAIN_URL = re.compile(r"(?:https?://[A-Za-z0-9.:@-]+(?=/|$))?[A-Za-z0-9./-]*")


def link_target(number: int) -> str:
    """The placeholder link target of a summary's link number `number`."""
    return f"{LINK_TOKEN}{number}z"


@lru_cache(maxsize=1 << 15)
def _linked(template: str, count: int):
    """(the page HTML split around each placeholder href, sanitised HTML before template escaping),
    or None when the placeholders are not exactly `count` links' hrefs."""
    cleaned = _clean(template)
    if cleaned.count(LINK_TOKEN) != count:
        return None
    pieces = _LINK_HREF.split(_escape_template_syntax(cleaned))
    if sorted(int(number) for number in pieces[1::2]) != list(range(count)):
        return None
    return pieces, cleaned


@lru_cache(maxsize=1 << 12)
def _absolute_url_survives(url: str) -> bool:
    return _sanitize(f'<a href="{url}">x</a>') == f'<a href="{url}" rel="noopener">x</a>'


def _plain_url(url: str) -> bool:
    if not url or not PLAIN_URL.fullmatch(url):
        return False
    return ":" not in url or _absolute_url_survives(url)


def linked_html(template: str, count: int, urls) -> str | None:
    """markdown_to_html of `template` with link number i pointing to urls[i]; None: convert directly."""
    found = _linked(template, count)
    if found is None or not all(_plain_url(url) for url in urls):
        return None
    pieces = found[0]
    out = [pieces[0]]
    for position in range(1, len(pieces), 2):
        out.append(f'href="{urls[int(pieces[position])]}"')
        out.append(pieces[position + 1])
    return "".join(out)


@lru_cache(maxsize=1 << 15)
def linked_plain(template: str, count: int) -> str | None:
    """The text of `template` converted, whitespace folded; None: use plain_text on the text itself.

    Equal to plain_text of the summary with each link written as its name only when the names
    cannot combine with the text around them into other Markdown: links.Linked checks that."""
    found = _linked(template, count)
    if found is None:
        return None
    return " ".join(html.unescape(nh3.clean(found[1], tags=set())).split())


def slugify(text: str, limit: int = 80) -> str:
    """An id-shaped slug of a name: "Kata'ib Ḥezbollah" -> kataib-hezbollah."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"['`]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:limit].strip("-")


TAG_SLUG_LIMIT = 80  # characters
TAG_SLUG_BYTES = 240  # a file name holds 255 bytes: 80 characters of a script taking 4 bytes each would not fit


ASCII_SEPARATORS = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 14)  # a site has few distinct tags, each used by many entries
def tag_slug(tag: str) -> str:
    """A tag's page name: its letters and digits of any script, lowercased, each run of other characters
    one `-` ("Drone strikes!" -> drone-strikes, إيران stays إيران). Marks (Arabic vowel signs, accents)
    stay with the letter they follow. A tag without a letter or digit gives "" (an error, see schema.Tag)."""
    if str(tag).isascii():  # the same rule, faster
        return ASCII_SEPARATORS.sub("-", str(tag).lower()).strip("-")
    out, kept = [], False
    for char in unicodedata.normalize("NFKC", str(tag)).lower():
        category = unicodedata.category(char)[0]
        if category in "LN" or (category == "M" and kept):
            out.append(char)
            kept = True
        else:
            if kept:
                out.append("-")
            kept = False
    slug = "".join(out).strip("-")
    if not any(unicodedata.category(char)[0] in "LN" for char in slug):
        return ""
    return slug


def tag_slug_too_long(slug: str) -> bool:
    return len(slug) > TAG_SLUG_LIMIT or len(slug.encode("utf-8")) > TAG_SLUG_BYTES


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


HTML_TEXT_ESCAPES = str.maketrans({**MARKDOWN_SPECIALS, **HTML_SPECIALS, '"': "&quot;"})


def html_text(text) -> str:
    """Any text, shown literally in HTML text or a double-quoted attribute: on one line, `& < > "` escaped,
    and the characters Markdown or a template language would read as syntax written as numeric
    references, exactly as `inline` writes them (a page drawn as HTML reads as one drawn from Markdown)."""
    return " ".join(str(text).split()).translate(HTML_TEXT_ESCAPES)


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

