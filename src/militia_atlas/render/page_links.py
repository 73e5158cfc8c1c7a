"""Relative links and images of hand-written pages must reach a page or file of the site.

MkDocs checks them only while it builds (`validation: links:`), and a strict build stops on the
first; this finds them all before, at the page's file:line:col. A page is read with
Python-Markdown as MkDocs reads it, so a link is what MkDocs sees as one (not what stands in
code), and its target is resolved by MkDocs' rule (1.6, `_RelativePathTreeprocessor`):
relative to the page's own file, URLs with a scheme, absolute paths and e-mail links left alone.
An anchor (`page.md#part`, `#part`) must be a heading or id of the hand-written page it names;
the headings of generated pages are not known before they are drawn, so anchors to them pass.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

import markdown as markdown_lib
import markdown.treeprocessors

from ..core.articles import FRONT_MATTER
from ..core.links import replace_links
from ..core.problems import Problems

MKDOCS_EXTENSIONS = ["toc", "tables", "fenced_code"]  # MkDocs loads these whatever mkdocs.yml says
# When the site's own cannot be loaded: those of a new site's mkdocs.yml that change what is a link or an id.
EXTENSIONS = MKDOCS_EXTENSIONS + ["attr_list", "md_in_html", "admonition"]
# Ids in raw HTML, as MkDocs collects them: any tag's id, an <a>'s name.
HTML_ID = re.compile(r"""<(?:[a-zA-Z][^>]*?\sid|[aA]\s(?:[^>]*?\s)?name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""")
AMP_SUBSTITUTE = "\x02amp\x03"  # Python-Markdown's stand-in for & in obfuscated e-mail links
HINT = ("check the path: it is relative to this page's file; link to pages in content/ by their .md file, "
        "or to generated ones such as ../groups/<id>.md")
ANCHOR_HINT = ("link to a heading's id as the table of contents makes it: its words in lower case, joined by -, "
               "as in #early-years for a heading Early years")
FOLDER_HINT = "link to the page's Markdown file, such as ../groups/index.md for the list of groups"


class _Capture(markdown_lib.treeprocessors.Treeprocessor):
    root = None

    def run(self, root):
        self.root = root


def _tree(converter, body: str):
    converter.reset()
    seen = _Capture(converter)
    converter.treeprocessors.register(seen, "militia_atlas_links", 0)  # where MkDocs reads the links
    converter.convert(body)
    return seen.root if seen.root is not None else Element("div")  # a blank page is not parsed at all


class ReadPage:
    """One hand-written page as MkDocs reads it: its links and images in order, and its ids."""

    def __init__(self, text: str, converter, added: str = ""):
        match = FRONT_MATTER.match(text)
        self.body_start = match.end() if match else 0
        self.text = text
        body = replace_links(text[self.body_start:], lambda ident, label: label or ident)
        root = _tree(converter, body)
        self.urls = [element.get("href" if element.tag == "a" else "src") for element in root.iter()
                     if element.tag in ("a", "img") and element.get("href" if element.tag == "a" else "src")]
        self.ids = {element.get("id") for element in root.iter() if element.get("id")}
        self.ids |= {element.get("name") for element in root.iter() if element.tag == "a" and element.get("name")}
        self.ids |= {next(group for group in found if group) for found in HTML_ID.findall(body) if any(found)}
        if added:  # what the build adds to the page (an article's "Cite this page"): its ids, not its links
            self.ids |= ReadPage(added, converter).ids

    def where(self, url: str, after: int) -> tuple:
        """(offset after it, line, col) of url as written in the page (the start of the body if not found)."""
        for candidate in (url, url.replace("&", "&amp;"), unquote(url)):
            position = self.text.find(candidate, after)
            if position < 0:
                position = self.text.find(candidate, self.body_start)
            if position >= 0:
                line = self.text.count("\n", 0, position) + 1
                return position + len(candidate), line, position - (self.text.rfind("\n", 0, position) + 1) + 1
        return after, self.text.count("\n", 0, self.body_start) + 1, 1


def markdown_converter(extensions) -> markdown_lib.Markdown:
    """Python-Markdown with the extensions of the site's mkdocs.yml (`markdown_extensions`: names, or
    {name: options}), as MkDocs loads them; a new site's if they cannot be loaded (the build says why)."""
    names, options = list(MKDOCS_EXTENSIONS), {}
    for item in extensions or []:
        for name, config in (item.items() if isinstance(item, dict) else [(item, None)]):
            if isinstance(name, str) and name not in names:
                names.append(name)
            if isinstance(name, str) and isinstance(config, dict):
                options[name] = config
    try:
        return markdown_lib.Markdown(extensions=names, extension_configs=options)
    except Exception:  # an extension that is not installed, or options it refuses
        return markdown_lib.Markdown(extensions=EXTENSIONS)


def link_problems(docs_dir, hand_written: list, generated: list, extensions=None, added: dict | None = None) -> Problems:
    """Every relative link or image of a hand-written page ((src, file as shown) pairs of docs_dir)
    whose target is no file of docs_dir nor a generated file, and every anchor that names no
    heading or id of a hand-written page. `added`: Markdown the build appends to a page, by src."""
    known = {src for src, _ in hand_written} | set(generated)
    pages, converter = {}, markdown_converter(extensions)
    for src, _ in hand_written:
        if src.endswith(".md"):
            try:
                pages[src] = ReadPage((docs_dir / src).read_text(encoding="utf-8-sig"), converter,
                                     (added or {}).get(src, ""))
            except (OSError, UnicodeDecodeError):  # reported by the page reader
                continue
    problems = Problems()
    for src, shown in hand_written:
        page = pages.get(src)
        if page is None:
            continue
        after = page.body_start
        for url in page.urls:
            after, line, col = page.where(url, after)
            _check(url, src, shown, known, pages, problems, line, col)
    return problems


def _check(url, src, shown, known, pages, problems, line, col) -> None:
    scheme, netloc, path, _, anchor = urlsplit(url)
    if scheme or netloc or url.startswith(("/", "\\")) or AMP_SUBSTITUTE in url:
        return
    if not path:
        target = src
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src), unquote(path))).lstrip("/")
        if target not in known and not posixpath.splitext(path)[1]:
            problems.add(shown, f"links to '{url}', which names no file: MkDocs cannot tell which page it means",
                         FOLDER_HINT, line=line, col=col)
            return
        if target not in known:
            problems.add(shown, f"links to '{url}', which is not a page or file of the site", HINT, line=line, col=col)
            return
    if anchor and target in pages and anchor not in pages[target].ids:
        problems.add(shown, f"links to '{url}', but '{target}' has no heading or id '{anchor}'", ANCHOR_HINT,
                     line=line, col=col)
