"""`[[id]]` and `[[id|text]]` links in summaries and articles.

Inside code (`` `[[id]]` `` or a fenced block) the brackets are shown as written, so a page
can explain the syntax without linking anything.
"""

from __future__ import annotations

import re

WIKI_LINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]*))?\]\]")
_TOKENS = re.compile(
    r"(?P<code>^(?P<fence>`{3,}|~{3,})[^\n]*\n.*?(?:^(?P=fence)[`~]*[ \t]*$|\Z)"  # fenced block
    r"|(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`))"  # code span, within a paragraph
    r"|\[\[(?P<id>[^\[\]|\n]+?)(?:\|(?P<label>[^\[\]\n]*))?\]\]",
    re.MULTILINE | re.DOTALL,
)


def _link_matches(text: str):
    return (m for m in _TOKENS.finditer(text) if m.group("code") is None)


def find_links(text: str):
    """(id, label or None, line offset, column) for every [[...]] in text; offsets count from 0."""
    for match in _link_matches(text):
        line = text.count("\n", 0, match.start())
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1)
        yield match.group("id").strip(), match.group("label"), line, col


def replace_links(text: str, render_link) -> str:
    """Replace each [[id]] (outside code) with render_link(id, label)."""
    def replace(match):
        if match.group("code") is not None:
            return match.group(0)
        return render_link(match.group("id").strip(), match.group("label"))

    return _TOKENS.sub(replace, text)
