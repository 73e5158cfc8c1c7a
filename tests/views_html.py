"""Reading built pages in the research-view tests: HTML parsed with the standard library only."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path


class Element:
    def __init__(self, tag: str, attrs: dict, parent=None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children, self.text_parts = [], []

    def text(self) -> str:
        return "".join(part for element in self.iter() for part in element.text_parts)

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs) -> list:
        found = []
        for element in self.iter():
            if tag and element.tag != tag:
                continue
            if all(_matches(element.attrs.get(k.rstrip("_").replace("_", "-")), v) for k, v in attrs.items()):
                found.append(element)
        return found

    def find(self, tag: str | None = None, **attrs):
        found = self.find_all(tag, **attrs)
        return found[0] if found else None


def _matches(value, wanted) -> bool:
    if wanted is True:
        return value is not None
    if value is None:
        return False
    return wanted in value.split() if " " not in wanted else value == wanted


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: (v if v is not None else "") for k, v in attrs}, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, {k: (v or "") for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        holder = Element("#text", {}, self.current)
        holder.text_parts.append(data)
        self.current.children.append(holder)


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def page(site: Path, url_path: str) -> Element:
    """The parsed page at a site URL path such as 'groups/brigade-one/'."""
    return parse(page_file(site, url_path).read_text(encoding="utf-8"))


def page_file(site: Path, url_path: str) -> Path:
    path = site / url_path
    return path / "index.html" if url_path.endswith("/") or url_path == "" else path


def resolve(page_url_path: str, href: str) -> str:
    """A relative href on the page at page_url_path, as a path from the site root (fragment dropped)."""
    href = href.split("#", 1)[0]
    at_folder = page_url_path.endswith("/") or not page_url_path
    folder = page_url_path if at_folder else posixpath.dirname(page_url_path) + "/"
    joined = posixpath.normpath(posixpath.join(folder, href)) if href else folder.rstrip("/")
    if joined == ".":
        return ""
    return joined + ("/" if href.endswith("/") else "")
