"""`[^N]` markers: a statement in a summary or a history event cites the entry's N-th source.

On a page a marker becomes a numbered superscript linked to that source in the page's numbered
list of sources (`#source-N`); plain text (excerpts, downloads, search, descriptions) drops it.
Inside code (`` `[^2]` `` or a fenced block) a marker is shown as written.
"""

from __future__ import annotations

import re

MARKER = re.compile(r"\[\^([^\[\]\n]*)\]")
_SOURCE_TOKENS = re.compile(
    r"(?P<code>^(?P<fence>`{3,}|~{3,})[^\n]*\n.*?(?:^(?P=fence)[`~]*[ \t]*$|\Z)"  # fenced block
    r"|(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`))"  # code span
    r"|\[\^(?P<label>[^\[\]\n]*)\]",
    re.MULTILINE | re.DOTALL,
)
# In converted HTML: code and preformatted text, where a marker stays as written, or a marker.
_HTML_TOKENS = re.compile(r"(<(code|pre)\b.*?</\2>)|\[\^(\d+)\]", re.DOTALL)
_PLAIN_MARKER = re.compile(r"[ \t]?\[\^\d+\]")
_MARKER_HTML = re.compile(r'<sup class="ma-fn"[^>]*>.*?</sup>')


def find_markers(text: str) -> list:
    """(label, offset) of every `[^label]` outside code, in order."""
    if "[^" not in (text or ""):
        return []
    return [(m.group("label"), m.start()) for m in _SOURCE_TOKENS.finditer(text) if m.group("code") is None]


def source_number(label: str) -> int | None:
    return int(label) if re.fullmatch(r"[1-9]\d{0,8}", label) else None


def marker_html(number: int, href: str) -> str:
    """A source marker: valid inside any paragraph, named for screen readers, left out of the search
    index's text (Pagefind's data-pagefind-ignore), so that search results read without it."""
    return (f'<sup class="ma-fn" data-pagefind-ignore><a href="{href}" aria-label="Source {number}">[{number}]</a>'
            "</sup>")


def source_anchor(number: int) -> str:
    return f"source-{number}"


def link_markers(html: str, page_href: str = "") -> str:
    """Converted HTML with each `[^N]` outside code made a marker linked to `page_href#source-N`."""
    if "[^" not in html:
        return html

    def replace(match):
        if match.group(1) is not None:
            return match.group(1)
        number = int(match.group(3))
        return marker_html(number, f"{page_href}#{source_anchor(number)}")

    return _HTML_TOKENS.sub(replace, html)


def drop_markers(text: str) -> str:
    """Plain text without `[^N]` markers (the space before one goes too)."""
    return _PLAIN_MARKER.sub("", text) if "[^" in text else text


def drop_marker_html(html: str) -> str:
    """HTML without the markers link_markers made (for descriptions made from a page's summary)."""
    return _MARKER_HTML.sub("", html) if "ma-fn" in html else html
