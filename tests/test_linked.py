"""One conversion per summary (links.Linked, text.linked_html / linked_plain) gives exactly what
converting each use's own version directly gives: the page (relative links), the feeds (absolute
links, or relative to the feed file) and the plain text (listing excerpts, downloads, JSON-LD).

The straightforward conversions the build used before are kept here as the oracle."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, SHARED
from militia_atlas.core import text
from militia_atlas.core.names import attack_title, entity_src
from militia_atlas.core.links import Linked, replace_links
from militia_atlas.render.urls import page_url, relative_url


@dataclass
class Entry:
    kind: str
    id: str
    name: str = ""
    title: str = ""


ENTRIES = [
    Entry("group", "kh", "Kata'ib Hezbollah"),
    Entry("group", "amp", "Smith & Wesson <b>x</b> &amp; co"),
    Entry("group", "ar", "كتائب حزب الله"),
    Entry("group", "star", "*Star* _under_ `tick`"),
    Entry("group", "num", "1. Numbered"),
    Entry("group", "dash", "- Dashed"),
    Entry("group", "brackets", "a]b[c (d)"),
    Entry("group", "template", "{{ 7*7 }} {% x %}"),
    Entry("group", "quotes", "Quote \"q\" 's"),
    Entry("group", "spaces", "  padded  name "),
    Entry("group", "colon", "Front: the name"),
    Entry("group", "us", "under_score"),
    Entry("base", "asad", "Al Asad Airbase"),
    Entry("base", "ampbase", "Tower 22 & co"),
    Entry("attack", "2023-10-17-asad", title="Drone attack on Al Asad Airbase"),
    Entry("attack", "odd", title="<script>alert(1)</script> | x"),
]
IDS = [entry.id for entry in ENTRIES] + ["old-kh", "missing", "gone|", " kh "]


class FakeSite:
    bases = {}

    def __init__(self):
        self.entities = {entry.id: entry for entry in ENTRIES}
        self.redirects = {"old-kh": "kh"}

    def resolve(self, ident):
        return self.entities.get(self.redirects.get(ident, ident))


SITE = FakeSite()
PAGES = ["attacks/2023-10-17-asad.md", "index.md", "groups/kh/page/2.md"]
FEEDS = ["feed.xml", "groups/kh/feed.xml"]


def name_of(target, label, ident):
    return label or (target.name if target and target.kind != "attack" else
                     attack_title(target, SITE.bases) if target else ident)


# -- the oracle: each use converted on its own, as before ---------------------------------------------

def page_direct(source: str, current: str, directory_urls: bool) -> str:
    def wiki(ident, label):  # render.Renderer._summary_html before
        target = SITE.resolve(ident)
        name = name_of(target, label, ident)
        if target is None:
            return text.inline(name)
        return f"[{name}]({relative_url(current, entity_src(target.kind, target.id), directory_urls)})"

    return text.markdown_to_html(replace_links(source, wiki))


def feed_href(site_url: str, feed_path: str, path: str) -> str:  # feeds.FeedWriter.href
    import posixpath

    if site_url:
        return f"{site_url}/{path}"
    return posixpath.relpath(path or ".", posixpath.dirname(feed_path) or ".") + ("/" if path.endswith("/") else "")


def feed_direct(source: str, site_url: str, feed_path: str, directory_urls: bool) -> str:
    def wiki(ident, label):  # feeds.FeedWriter._summary_html before
        target = SITE.resolve(ident)
        if target is None:
            return label or ident
        url = feed_href(site_url, feed_path, page_url(entity_src(target.kind, target.id), directory_urls))
        return f"[{name_of(target, label, ident)}]({url})"

    return text.markdown_to_html(replace_links(source, wiki))


def plain_direct(source: str) -> str:
    def name(ident, label):  # index.Indexer.excerpt and views.plain_summary before
        entry = SITE.resolve(ident)
        if label or entry is None:
            return label or ident
        return entry.name if entry.kind != "attack" else attack_title(entry, SITE.bases)

    return text.plain_text(replace_links(source, name))


# -- the comparison ------------------------------------------------------------------------------------

SITE_URLS = ["https://example.org/atlas", "", "http://localhost:8000", "https://999.1.1.1/x"]


def check(source: str) -> dict:
    """Compare every derived output with the oracle; return which ones took the one-conversion path."""
    linked = Linked(SITE, source)
    fast = {"page": 0, "feed": 0}
    for directory_urls in (True, False):
        for current in PAGES:
            urls = [relative_url(current, target, directory_urls) for target in linked.targets]
            derived = linked.html(urls, unresolved_inline=True)
            if derived is not None:
                fast["page"] += 1
                assert derived == page_direct(source, current, directory_urls), (source, current)
        for site_url in SITE_URLS:
            for feed_path in FEEDS:
                urls = [feed_href(site_url, feed_path, page_url(target, directory_urls)) for target in linked.targets]
                derived = linked.html(urls)
                if derived is not None:
                    fast["feed"] += 1
                    assert derived == feed_direct(source, site_url, feed_path, directory_urls), (source, site_url)
    assert linked.plain() == plain_direct(source), source
    fast["plain"] = linked.plain_ok and linked.template is not None
    return fast


def link(ident: str, label: str | None = None) -> str:
    return f"[[{ident}]]" if label is None else f"[[{ident}|{label}]]"


MARKDOWN_BITS = ["*", "**", "_", "__", "`", "``", "```\n", "~~~\n", "\\", "[", "]", "(", ")", "![", "](", "<", ">",
                 "&", "&amp;", "&#123;", "#", "# ", "- ", "+ ", "1. ", "2) ", "> ", "    ", "\t", "\n", "\n\n",
                 "|", "| a | b |\n|---|---|\n", "---", "===", ":", "]:", "[ref]: https://example.org\n", "!",
                 "<b>", "</b>", "<script>", "<!--", "-->", "{{", "}}", "{%", "%}", "{#", "#}", "https://x.org",
                 "<https://x.org>", "a@b.org", "  \n", "'", '"', "كتائب", "x", "word", " ", ".", ",", "1", "zqmalinkz0z",
                 "&lt;", "[x]", "[x][ref]", "[[", "]]", "|"]
LABELS = st.lists(st.sampled_from(list("ab *_`&<>#!:'\"()-1.{}%") + ["كتائب", "&amp;", "  "]), max_size=8).map("".join)
PIECES = st.one_of(
    st.sampled_from(MARKDOWN_BITS),
    st.builds(link, st.sampled_from(IDS)),
    st.builds(link, st.sampled_from(IDS), LABELS),
    st.text(max_size=6),
)


@settings(max_examples=700, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=14).map("".join))
def test_one_conversion_gives_what_direct_conversions_give(source):
    check(source)


def test_seeded_random_summaries():
    rng = random.Random(20261123)
    bits = MARKDOWN_BITS + [link(i) for i in IDS] + [link(i, "label") for i in IDS] + ["An attack near Raqqa ",
                                                                                         " and "]
    for _ in range(1500):
        check("".join(rng.choice(bits) for _ in range(rng.randint(0, 16))))


def adversarial_strings() -> list:
    payloads = json.loads((FIXTURES / "safety/xss-payloads.json").read_text(encoding="utf-8"))
    strings = [value for value in _strings(payloads)]
    blns = SHARED / "corpora" / "blns.json"
    if blns.is_file():
        strings += json.loads(blns.read_text(encoding="utf-8"))
    return strings


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_adversarial_corpora_alone_and_around_links():
    strings = adversarial_strings()
    assert len(strings) > 20
    for value in strings:
        check(value)
        check(f"{value} [[kh]] and [[asad]].\n\n{value}")
        check(f"[[kh]]{value}[[amp]]")
        if "[" not in value and "]" not in value and "\n" not in value:
            check(f"See [[kh|{value}]] and [[missing|{value}]].")


@pytest.mark.parametrize("source", [
    "A reported attack near Raqqa (الرقة), at [[asad]], linked to [[kh]] and [[ar]].\nReports disagree on the "
    "numbers: *5* rockets, or as many as 12. Editors kept {{ template syntax }} and &amp; here.",
    "[[kh]] claimed it: **three** rockets on [[asad|the airbase]] (see [[2023-10-17-asad]]).",
    "- [[kh]]\n- [[ar]]\n\n| group | base |\n|---|---|\n| [[kh]] | [[asad]] |",
])
def test_ordinary_summaries_take_the_one_conversion_path(source):
    fast = check(source)
    assert fast["page"] == 2 * len(PAGES)
    assert fast["feed"] == 2 * len(FEEDS) * (len(SITE_URLS) - 1)  # not the URL nh3 drops
    assert fast["plain"] == ("&" not in source)


def test_raw_html_and_tabs_are_converted_directly():
    # Python-Markdown can copy parts of the source by position around raw HTML, and expands tabs by
    # column: either could make a placeholder's length show, so such summaries take the direct path.
    for source in ("Editors kept <b>raw HTML</b> near [[kh]].", "[[kh]]\tclaimed it"):
        assert Linked(SITE, source).template is None
        assert check(source) == {"page": 0, "feed": 0, "plain": False}
