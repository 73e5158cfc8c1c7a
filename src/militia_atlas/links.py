"""`[[id]]` and `[[id|text]]` links in summaries and articles."""

from __future__ import annotations

import re

WIKI_LINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]*))?\]\]")


def find_links(text: str):
    """(id, label or None, line offset, column) for every [[...]] in text; offsets count from 0."""
    for match in WIKI_LINK.finditer(text):
        before = text[: match.start()]
        line = before.count("\n")
        col = match.start() - (before.rfind("\n") + 1)
        yield match.group(1).strip(), match.group(2), line, col


def replace_links(text: str, render_link) -> str:
    """Replace each [[id]] with render_link(id, label)."""
    return WIKI_LINK.sub(lambda m: render_link(m.group(1).strip(), m.group(2)), text)
