"""Atom feeds: one for everything new, and one for every group, base, country and tag.

Written by hand with XML escaping (no feed library), and deterministic: a feed's
`updated` is its newest entry's, never the build time. Feeds carry what the pages
show; drafts never reach a published Site and `internal_notes` is never read.
"""

from __future__ import annotations

import posixpath
import re
from functools import partial
from xml.sax.saxutils import escape, quoteattr

from ..core.articles import excerpt_source
from ..core.gitdates import as_datetime
from ..core.index import Item
from ..core.links import linked, replace_links
from ..core.names import FOLDERS, display_name, entity_src
from ..core.settings import setting
from ..core.footnotes import link_markers
from ..core.text import markdown_to_html, plain_text, shorten
from ..render.outputs import PendingFile
from ..render.urls import file_url, page_url, url_path
from .helpers import drawn_globals, updated

SITE_FEED = "feed.xml"
SITE_FEED_SIZE = 50
LISTING_FEED_SIZE = 20
FEED_KINDS = ("group", "base", "vessel", "country", "sea", "tag")
XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def listing_feed_path(kind: str, ident: str) -> str:
    return f"{FOLDERS[kind]}/{ident}/feed.xml"


def clean(text) -> str:
    return escape(XML_INVALID.sub("", str(text)))


def attribute(text) -> str:
    return quoteattr(XML_INVALID.sub("", str(text)))


def timestamp(date) -> str:
    return as_datetime(date).strftime("%Y-%m-%dT%H:%M:%SZ")


class FeedWriter:
    def __init__(self, site, settings):
        self.site = site
        self.settings = settings
        self.site_url = setting(settings, "site_url").rstrip("/")
        self.directory_urls = setting(settings, "directory_urls")
        self.title = setting(settings, "site_name") or "Research atlas"
        self.pages = {page.src: page for page in site.articles}
        self._html = {}  # (entry id, folder depth of the feed) -> content: an attack is in several feeds

    def href(self, feed_path: str, path: str) -> str:
        """Absolute with site_url; else relative to the feed file, which Atom readers resolve."""
        path, feed_path = url_path(path), url_path(feed_path)  # a tag's feed: tags/إيران/feed.xml
        if self.site_url:
            return f"{self.site_url}/{path}"
        return posixpath.relpath(path or ".", posixpath.dirname(feed_path) or ".") + ("/" if path.endswith("/") else "")

    def entry_id(self, item) -> str:
        if self.site_url:
            return f"{self.site_url}/{page_url(item.src, self.directory_urls)}"
        return f"urn:militia-atlas:{item.kind}:{item.id}"

    def summary_html(self, entry, feed_path: str) -> str:
        key = (entry.id, "" if self.site_url else posixpath.dirname(feed_path).count("/"))
        if key not in self._html:
            page = self.href(feed_path, page_url(entity_src(entry.kind, entry.id), self.directory_urls))
            self._html[key] = link_markers(self._summary_html(entry, feed_path), page)  # to the page's sources
        return self._html[key]

    def _summary_html(self, entry, feed_path: str) -> str:
        # The page's conversion, with this feed's URLs (links.Linked); else convert directly.
        summary = linked(self.site, entry.summary)
        found = summary.html([self.href(feed_path, page_url(target, self.directory_urls))
                              for target in summary.targets])
        if found is not None:
            return found

        def wiki(ident: str, label):
            target = self.site.resolve(ident)
            if target is None:
                return label or ident
            name = label or display_name(target, self.site)
            url = self.href(feed_path, page_url(entity_src(target.kind, target.id), self.directory_urls))
            return f"[{name}]({url})"

        return markdown_to_html(replace_links(entry.summary or "", wiki))

    def details(self, item, feed_path: str):
        """(updated date, HTML content, tags) of a listing item."""
        if item.kind == "article":
            page = self.pages.get(item.src)
            meta = page.meta if page is not None else {}
            changed = updated(self.site, self.settings, meta.get("updated"), page.path if page else None)
            return max_date(changed, item.date), f"<p>{clean(item.excerpt)}</p>", meta.get("tags") or []
        entry = self.site.entities[item.id]
        changed = updated(self.site, self.settings, entry.updated, entry.path)
        return max_date(changed, item.date), self.summary_html(entry, feed_path), entry.tags or []

    def feed(self, feed_path: str, title: str, page_path: str, items: list) -> str:
        entries, newest = [], None
        for item in items:
            updated, content, tags = self.details(item, feed_path)
            if updated is None:
                continue  # a group or base with no date of its own: nothing to say when it was new
            newest = updated if newest is None or updated.start > newest.start else newest
            link = self.href(feed_path, page_url(item.src, self.directory_urls))
            lines = ["  <entry>", f"    <id>{clean(self.entry_id(item))}</id>",
                     f"    <title>{clean(entry_title(item))}</title>",
                     f'    <link rel="alternate" type="text/html" href={attribute(link)}/>',
                     f"    <published>{timestamp(item.date or updated)}</published>",
                     f"    <updated>{timestamp(updated)}</updated>"]
            if item.kind == "strike":  # counted apart from attacks: a reader can filter on it
                lines.append('    <category term="strike" label="Strike"/>')
            lines += [f"    <category term={attribute(tag)}/>" for tag in tags]
            lines.append(f'    <content type="html">{clean(content)}</content>')
            lines.append("  </entry>")
            entries.append("\n".join(lines))
        feed_id = f"{self.site_url}/{url_path(feed_path)}" if self.site_url else f"urn:militia-atlas:feed:{url_path(feed_path)}"
        head = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
                f"  <id>{clean(feed_id)}</id>", f"  <title>{clean(title)}</title>",
                f"  <updated>{timestamp(newest) if newest else '1970-01-01T00:00:00Z'}</updated>",
                f"  <author><name>{clean(self.title)}</name></author>",
                f'  <link rel="self" type="application/atom+xml" href={attribute(self.href(feed_path, feed_path))}/>',
                f'  <link rel="alternate" type="text/html" href={attribute(self.href(feed_path, page_path))}/>',
                "  <generator>militia-atlas</generator>"]
        return "\n".join(head + entries + ["</feed>"]) + "\n"

    def site_feed(self) -> PendingFile:
        items = sorted(self.site.timeline + self._article_items(), key=lambda i: i.sort_key)
        return PendingFile(SITE_FEED, partial(self.feed, SITE_FEED, f"{self.title}: latest", "", items[:SITE_FEED_SIZE]))

    def _article_items(self) -> list:
        """Every published article as a listing Item: the index's own where it made one."""
        listed = {item.id: item for items in self.site.listings.values() for item in items if item.kind == "article"}
        return [listed.get(page.src) or Item("article", page.src, page.src, page.meta["date"], page.meta["title"],
                                             shorten(plain_text(excerpt_source(page))))
                for page in self.site.articles]

    def listing_feeds(self) -> list:
        out = []
        for (kind, ident), items in sorted(self.site.listings.items()):
            if kind not in FEED_KINDS:
                continue
            name = feed_subject(self.site, kind, ident)
            page_path = page_url(entity_src(kind, ident), self.directory_urls)
            path = listing_feed_path(kind, ident)
            out.append(PendingFile(path, partial(self.feed, path, f"{self.title}: {name}", page_path,
                                                items[:LISTING_FEED_SIZE])))  # made when needed: render.made
        return out


def entry_title(item) -> str:
    """An item's title; a strike's says it is one ("Strike: ..." when its own title does not)."""
    if item.kind == "strike" and "strike" not in item.title.lower():
        return f"Strike: {item.title}"
    return item.title


def feed_subject(site, kind: str, ident: str) -> str:
    if kind == "country":
        return site.countries.get(ident, {}).get("name", ident)
    if kind == "tag":
        return f"tagged {site.tags.get(ident, ident)}"
    if kind == "sea":
        return site.seas.get(ident, {}).get("name", ident)
    return site.entities[ident].name


def max_date(a, b):
    """The later of two dates, either of which may be None."""
    if a is None or b is None:
        return a or b
    return a if a.start >= b.start else b


def extra_files(result, settings) -> list:
    writer = FeedWriter(result.site, settings)
    return [writer.site_feed()] + writer.listing_feeds()


def template_globals(renderer) -> dict:
    directory_urls = setting(renderer.settings, "directory_urls")

    def feed_path(kind=None, ident=None) -> str:
        """The feed's path from the site root, or "" when this page has none."""
        if kind is None:
            return SITE_FEED
        if kind in FEED_KINDS and renderer.site.listings.get((kind, ident)):
            return listing_feed_path(kind, ident)
        return ""

    def feed_link(kind=None, ident=None) -> str:
        path = feed_path(kind, ident)
        if not path:
            return ""
        return (f'<a class="ma-feed" href="{file_url(renderer.current, path, directory_urls)}" '
                f'type="application/atom+xml">Atom feed</a>')

    return {"feed_path": feed_path, **drawn_globals(renderer, {"feed_link": feed_link})}
