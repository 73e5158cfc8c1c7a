"""Atom feeds (feeds.py): everything new, and one per group, base, country and tag."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from views_html import page, resolve

ATOM = "{http://www.w3.org/2005/Atom}"


def read_feed(site, path: str):
    return ET.fromstring((site / path).read_bytes())


def entries(feed) -> list:
    return feed.findall(f"{ATOM}entry")


def ids(feed) -> list:
    return [e.find(f"{ATOM}id").text for e in entries(feed)]


def test_site_feed_has_everything_new_and_no_draft(views_site):
    feed = read_feed(views_site, "feed.xml")
    assert feed.find(f"{ATOM}title").text == "Views Atlas: latest"
    found = ids(feed)
    assert len(found) == len(set(found)) == 15  # 14 attacks and 1 article
    assert "https://example.org/atlas/attacks/2024-01-15-east/" in found
    assert "https://example.org/atlas/articles/analysis/" in found
    assert not any("draft" in i for i in found)
    published = [e.find(f"{ATOM}published").text for e in entries(feed)]
    assert published == sorted(published, reverse=True)
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Views Atlas"
    self_link = feed.find(f"{ATOM}link[@rel='self']").attrib["href"]
    assert self_link == "https://example.org/atlas/feed.xml"


def test_entry_dates_come_from_git_and_updated(views_site):
    feed = read_feed(views_site, "feed.xml")
    first = {e.find(f"{ATOM}id").text: e for e in entries(feed)}
    entry = first["https://example.org/atlas/attacks/2023-10-02-north/"]
    assert entry.find(f"{ATOM}published").text == "2023-10-02T00:00:00Z"
    assert entry.find(f"{ATOM}updated").text == "2024-02-03T00:00:00Z"  # the fixture's commit
    assert feed.find(f"{ATOM}updated").text == "2024-02-03T00:00:00Z"  # the newest entry's, not the build's
    tag = {e.find(f"{ATOM}id").text: e for e in entries(read_feed(views_site, "tags/test-tag/feed.xml"))}
    assert tag["https://example.org/atlas/groups/brigade-one/"].find(f"{ATOM}updated").text == "2024-05-06T00:00:00Z"


def test_entry_content_is_the_summary_with_absolute_links(views_site):
    feed = read_feed(views_site, "groups/brigade-one/feed.xml")
    content = next(e for e in entries(feed) if e.find(f"{ATOM}id").text.endswith("2023-10-02-north/"))
    html = content.find(f"{ATOM}content").text
    assert content.find(f"{ATOM}content").attrib["type"] == "html"
    assert '<a href="https://example.org/atlas/bases/north-base/" rel="noopener">North Base</a>' in html
    assert [c.attrib["term"] for c in content.findall(f"{ATOM}category")] == ["test tag"]


def test_every_group_base_country_and_tag_has_a_feed_linked_from_its_page(views_site):
    expected = {"groups/brigade-one/": 9, "groups/lone-group/": 1, "bases/north-base/": 6,
                "countries/iraq/": 8, "tags/test-tag/": 20}
    for url_path, count in expected.items():
        root = page(views_site, url_path)
        link = root.find("a", class_="ma-feed")
        path = resolve(url_path, link.attrs["href"])
        assert path == url_path + "feed.xml"
        assert len(entries(read_feed(views_site, path))) == min(count, 20), url_path
        heads = [lk.attrs["href"] for lk in root.find_all("link", rel="alternate")
                 if lk.attrs.get("type") == "application/atom+xml"]
        assert resolve(url_path, heads[-1]) == path
    assert not (views_site / "groups/sponsor-corps/feed.xml").exists()  # nothing listed, no feed
    assert page(views_site, "groups/sponsor-corps/").find("a", class_="ma-feed") is None


def test_feeds_are_in_the_generated_tree_too(views_generated, views_site):
    assert (views_generated / "feed.xml").read_bytes() == (views_site / "feed.xml").read_bytes()
