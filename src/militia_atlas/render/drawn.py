"""Pages drawn as HTML: what a generated page's body is, and how it becomes the page.

A body drawn from an HTML template is block-level HTML with Markdown heading lines between
the blocks (`## Sources`). Plain MkDocs (the `generate` tree, ProperDocs, Zensical) runs
Markdown on it: the HTML blocks pass through untouched and the headings get their ids,
permalinks and table-of-contents entries. The plugin skips that conversion, the most costly
part of a build: `page_html` puts the same page together from the blocks as they are and the
heading lines, which alone go through Markdown (each distinct line once a build).

The rules a body keeps, so both ways give the same bytes (tests/test_drawn.py checks them
against Markdown): every HTML block starts at the beginning of a line with a block-level
element; a heading line is not inside an HTML block; no text in a block starts a line with
`#`, `    ` or a list marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import markdown as markdown_lib
from markdown.extensions.toc import nest_toc_tokens

HEADING_LINE = re.compile(r"^#{1,6}[ \t]")
MARKER = "ma_html"  # front matter of a body drawn as HTML (core/articles keeps ma_ keys for the generator)


@dataclass
class Segment:
    heading: str = ""  # a Markdown heading line, or
    lines: list = field(default_factory=list)  # the lines of an HTML block (blank lines included)


def split_body(body: str) -> list:
    """The body as heading lines and the HTML between them, in order."""
    segments = []
    for line in body.split("\n"):
        if HEADING_LINE.match(line):
            segments.append(Segment(heading=line))
        elif segments and not segments[-1].heading:
            segments[-1].lines.append(line)
        else:
            segments.append(Segment(lines=[line]))
    return segments


def html_block(lines: list, last: bool) -> str:
    """An HTML block as Markdown passes it on: blank lines before it dropped, runs of blank lines inside it
    made one, and one blank line kept after it when it had one and something follows."""
    kept, blank = [], False
    for line in lines:
        if line.strip():
            if blank and kept:
                kept.append("")
            kept.append(line)
            blank = False
        else:
            blank = True
    if not kept:
        return ""
    return "\n".join(kept) + ("\n" if blank and not last else "")


class HeadingWriter:
    """Heading lines to HTML and table-of-contents entries, with the site's own Markdown extensions
    (`toc` gives ids and permalinks): one Markdown instance and one conversion per distinct line."""

    def __init__(self, extensions: list, extension_configs: dict):
        self.markdown = markdown_lib.Markdown(extensions=extensions, extension_configs=extension_configs or {})
        self.drawn = {}  # heading line -> (html, toc token)

    def heading(self, line: str) -> tuple:
        found = self.drawn.get(line)
        if found is None:
            self.markdown.reset()
            html = self.markdown.convert(line)
            tokens = getattr(self.markdown, "toc_tokens", [])
            found = self.drawn[line] = (html, _flat_token(tokens[0]) if tokens else None)
        return found

    def headings(self, lines: list) -> tuple:
        """([html], nested toc tokens) of a page's heading lines."""
        drawn = [self.heading(line) for line in lines]
        tokens = [token for _, token in drawn if token is not None]
        ids = [token["id"] for token in tokens]
        if len(set(ids)) != len(ids):  # Markdown would number the repeats: let it see them together
            return self._together(lines)
        return [html for html, _ in drawn], nest_toc_tokens([dict(token, children=[]) for token in tokens])

    def _together(self, lines: list) -> tuple:
        self.markdown.reset()
        html = self.markdown.convert("\n\n".join(lines))
        return html.split("\n"), getattr(self.markdown, "toc_tokens", [])


def _flat_token(token: dict) -> dict:
    return {key: value for key, value in token.items() if key != "children"}


def page_html(body: str, headings: HeadingWriter) -> tuple:
    """(HTML, nested toc tokens) of a body drawn as HTML, as Markdown would make them."""
    segments = split_body(body)
    heading_html, tokens = headings.headings([segment.heading for segment in segments if segment.heading])
    drawn_headings = iter(heading_html)
    pieces = []
    for position, segment in enumerate(segments):
        if segment.heading:
            pieces.append(next(drawn_headings))
        else:
            block = html_block(segment.lines, last=position == len(segments) - 1)
            if block:
                pieces.append(block)
    return "\n".join(pieces).strip(), tokens
