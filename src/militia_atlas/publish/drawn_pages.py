"""Generated pages reach MkDocs finished: a page drawn as HTML (render/drawn.py) skips MkDocs'
Markdown conversion, the larger part of a build's time.

MkDocs makes a Page for each file in its navigation step, unless the file has one: we give each
generated page a `DrawnPage` when its files are added. Pages named in mkdocs.yml's `nav` are left
to MkDocs, which gives them their nav title; they are a handful, and Markdown leaves their HTML as
it is, so they come out the same.
"""

from __future__ import annotations

import re

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..render.drawn import MARKER, HeadingWriter, page_html

ANCHOR_ID = re.compile(r'\bid="([^"]+)"')


class DrawnPage(Page):
    """A generated page. When its body was drawn as HTML (front matter `ma_html: true`), `render`
    puts the page together from it as it is, with only its heading lines converted; else MkDocs
    converts it as any page."""

    def __init__(self, file, config, headings: HeadingWriter):
        super().__init__(None, file, config)
        self.headings = headings

    def render(self, config, files) -> None:
        if not self.meta.get(MARKER):
            return super().render(config, files)
        self.content, tokens = page_html(self.markdown, self.headings)
        self.toc = get_toc(tokens)
        self._title_from_render = next((token["name"] for token in tokens if token["level"] == 1), None)
        self.present_anchor_ids = set(ANCHOR_ID.findall(self.content))  # other pages' links to #anchors are checked
        self.links_to_anchors = {}  # its own links were made from the index, to pages that exist
        return None


def give_drawn_pages(files, config, sources: list) -> None:
    """A DrawnPage for each generated page (`sources`) that MkDocs has no Page for, and that is not in the nav."""
    headings = HeadingWriter(config.markdown_extensions, config.mdx_configs)
    in_nav = set(nav_sources(config.nav or []))
    for src in sources:
        file = files.get_file_from_path(src)
        if file is not None and file.page is None and src not in in_nav:
            DrawnPage(file, config, headings)


def nav_sources(nav) -> list:
    """Every page path named in mkdocs.yml's `nav`."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [src for value in nav.values() for src in nav_sources(value)]
    if isinstance(nav, list):
        return [src for item in nav for src in nav_sources(item)]
    return []
