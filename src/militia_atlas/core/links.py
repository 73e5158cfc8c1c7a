"""`[[id]]` and `[[id|text]]` links in summaries and articles.

Inside code (`` `[[id]]` `` or a fenced block) the brackets are shown as written, so a page
can explain the syntax without linking anything.
"""

from __future__ import annotations

import re
from functools import lru_cache

WIKI_LINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]*))?\]\]")
_TOKENS = re.compile(
    r"(?P<code>^(?P<fence>`{3,}|~{3,})[^\n]*\n.*?(?:^(?P=fence)[`~]*[ \t]*$|\Z)"  # fenced block
    r"|(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`))"  # code span, within a paragraph
    r"|\[\[(?P<id>[^\[\]|\n]+?)(?:\|(?P<label>[^\[\]\n]*))?\]\]",
    re.MULTILINE | re.DOTALL,
)


def _link_matches(text: str):
    return (m for m in _TOKENS.finditer(text) if m.group("code") is None)


def find_links(text: str) -> tuple:
    """(id, label or None, line offset, column) for every [[...]] in text; offsets count from 0."""
    return _found_links(text) if "[[" in text else ()


@lru_cache(maxsize=1 << 15)  # every build checks every summary's links; the live preview rebuilds often
def _found_links(text: str) -> tuple:
    found = []
    for match in _link_matches(text):
        line = text.count("\n", 0, match.start())
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1)
        found.append((match.group("id").strip(), match.group("label"), line, col))
    return tuple(found)


def replace_links(text: str, render_link) -> str:
    """Replace each [[id]] (outside code) with render_link(id, label)."""
    def replace(match):
        if match.group("code") is not None:
            return match.group(0)
        return render_link(match.group("id").strip(), match.group("label"))

    return _TOKENS.sub(replace, text)


# Characters that could make a link's name, or the text right next to a link, read as other Markdown
# once the link is written as the bare name (plain text) instead of `[name](url)`.
# Parentheses only matter after `]`, which _PLAIN_UNSAFE rules out.
_MARKUP_CHARS = frozenset("\\`*_{}[]<>&#|~^=!")
_PLAIN_UNSAFE = re.compile(r"[<&]|\][ \t]*:|\]\(")  # raw HTML, entities, reference definitions, inline links
_TEMPLATE_UNSAFE = re.compile(r"[\t<]")


class Linked:
    """A summary's `[[id]]` links resolved against one site, converted once for every use.

    `template` is the summary with each resolved link written `[name](placeholder)` (an
    unresolved one as its label or id), converted once however many pages, feeds and excerpts
    show it: `html(urls)` puts each link's URL in place (see text.linked_html), `plain()` reads
    the text. Each gives exactly what converting that use's own version directly gives: where
    that cannot be guaranteed cheaply they convert directly.
    """

    __slots__ = ("template", "targets", "plain_source", "plain_ok", "inline_ok")

    def __init__(self, site, source: str):
        from .names import display_name, entity_src
        from .text import LINK_TOKEN, inline, link_target

        template, plain, targets = [], [], []
        plain_ok, inline_ok, position = True, True, 0
        for match in _link_matches(source):
            ident, label = match.group("id").strip(), match.group("label")
            target = site.resolve(ident)
            before = source[position:match.start()]
            template.append(before)
            plain.append(before)
            position = match.end()
            if target is None:
                name = label or ident
                template.append(name)  # the feeds' and plain text's reading; the page's when inline() keeps it
                inline_ok = inline_ok and inline(name) == name
            else:
                name = label or display_name(target, site)
                template.append(f"[{name}]({link_target(len(targets))})")
                targets.append(entity_src(target.kind, target.id))
                neighbours = source[match.start() - 1:match.start()] + source[match.end():match.end() + 1]
                plain_ok = plain_ok and _plain_name(name) and not _MARKUP_CHARS.intersection(neighbours)
            plain.append(name)
        template.append(source[position:])
        plain.append(source[position:])
        self.plain_source = "".join(plain)
        template = "".join(template)
        # Markdown expands tabs to the next multiple of 4 columns: after a link, that depends on its URL.
        # Raw HTML: Python-Markdown can then copy parts of the source, URLs included, by position (a bug).
        self.template = template if LINK_TOKEN not in source and not _TEMPLATE_UNSAFE.search(template) else None
        self.targets = targets
        self.plain_ok = plain_ok and not _PLAIN_UNSAFE.search(self.plain_source)
        self.inline_ok = inline_ok

    def html(self, urls: list, unresolved_inline: bool = False) -> str | None:
        """The summary as HTML with link i pointing to urls[i]: None when it must be converted directly.

        `unresolved_inline`: the caller writes an unresolved link as text.inline(label or id)."""
        from .text import linked_html

        if self.template is None or (unresolved_inline and not self.inline_ok):
            return None
        return linked_html(self.template, len(self.targets), urls)

    def plain(self) -> str:
        """text.plain_text of the summary with each link read as its label or name, `[^N]` markers dropped."""
        from .footnotes import drop_markers
        from .text import MARKUP, linked_plain, plain_text

        if self.template is not None and self.plain_ok and MARKUP.search(self.plain_source):
            found = linked_plain(self.template, len(self.targets))
            if found is not None:
                return drop_markers(found)
        return drop_markers(plain_text(self.plain_source))


def _plain_name(name: str) -> bool:
    """A name that reads the same as a link's text and as bare text, wherever it stands."""
    return (bool(name) and (name[0].isalpha() or name[0] in "'\"") and name == name.strip()
            and "\n" not in name and not _MARKUP_CHARS.intersection(name))


def linked(site, source) -> Linked:
    """The Linked of a text on a site, made once per build (BuildContext.shared: in a live preview,
    each page using it is recorded as reading the entries its links name)."""
    source = source or ""
    return site.context.shared(("linked", source), lambda: Linked(site, source))
