"""Publishing quality (seo.py, overrides/main.html): descriptions, Open Graph, canonical URLs, JSON-LD,
sitemap, 404 page and redirects."""

from __future__ import annotations

import json

from views_html import page, page_file, resolve


def meta(root, key: str):
    for element in root.find_all("meta"):
        if element.attrs.get("property") == key or element.attrs.get("name") == key:
            return element.attrs["content"]
    return None


def jsonld(root) -> dict:
    script = root.find("script", type="application/ld+json")
    assert script is not None
    assert "</" not in script.text()
    return json.loads(script.text())


def test_group_page_head(views_site):
    root = page(views_site, "groups/brigade-one/")
    canonical = root.find("link", rel="canonical").attrs["href"]
    assert canonical == "https://example.org/atlas/groups/brigade-one/"
    assert meta(root, "og:url") == canonical
    assert meta(root, "og:title") == "Brigade One"
    assert meta(root, "description") == meta(root, "og:description") == "The group Brigade One in the test atlas."
    assert meta(root, "og:type") == "article" and meta(root, "og:site_name") == "Views Atlas"
    assert meta(root, "article:modified_time") == "2024-05-06"
    data = jsonld(root)
    assert (data["@context"], data["@type"], data["name"]) == ("https://schema.org", "Organization", "Brigade One")
    assert data["alternateName"] == ["B1", "First Brigade", "Kata'ib Wahid"]
    assert [o["name"] for o in data["memberOf"]] == ["Umbrella Resistance"]
    assert [o["url"] for o in data["sponsor"]] == ["https://example.org/atlas/groups/sponsor-corps/"]


def test_place_event_and_country(views_site):
    base = jsonld(page(views_site, "bases/north-base/"))
    assert base["@type"] == "Place"
    assert base["geo"] == {"@type": "GeoCoordinates", "latitude": 36.19, "longitude": 44.01}
    assert base["address"] == {"@type": "PostalAddress", "addressCountry": "IQ", "addressRegion": "Erbil"}
    event = jsonld(page(views_site, "attacks/2023-10-25-field/"))
    assert (event["@type"], event["startDate"]) == ("Event", "2023-10-25")
    assert event["location"]["name"] == "Open Field" and event["location"]["geo"]["latitude"] == 36.5
    country = jsonld(page(views_site, "countries/iraq/"))
    assert (country["@type"], country["identifier"]) == ("Country", "IQ")
    assert meta(page(views_site, "index.html"), "og:type") == "website"


def test_sitemap_404_and_redirects(views_site):
    sitemap = (views_site / "sitemap.xml").read_text(encoding="utf-8")
    for url in ("https://example.org/atlas/groups/brigade-one/", "https://example.org/atlas/timeline/",
                "https://example.org/atlas/map/", "https://example.org/atlas/downloads/"):
        assert f"<loc>{url}</loc>" in sitemap
    assert "404" in page_file(views_site, "404.html").read_text(encoding="utf-8")
    moved = page(views_site, "groups/old-brigade/")
    refresh = next(m for m in moved.find_all("meta") if m.attrs.get("http-equiv") == "refresh")
    target = refresh.attrs["content"].split("url=", 1)[1]
    assert resolve("groups/old-brigade/", target) == "groups/brigade-one/"


def test_every_generated_page_has_a_description(views_site):
    for path in ("", "timeline/", "map/", "network/", "downloads/", "groups/", "attacks/", "tags/test-tag/"):
        assert meta(page(views_site, path), "description"), path


def test_example_site_and_generated_tree_carry_the_same_head(example_site, views_generated, views_site):
    assert jsonld(page(example_site, "attacks/2023-10-29-al-shadadi/"))["@type"] == "Event"
    assert meta(page(example_site, "groups/kataib-hezbollah/"), "og:title") == "Kata'ib Hezbollah"
    assert jsonld(page(views_generated, "groups/brigade-one/")) == jsonld(page(views_site, "groups/brigade-one/"))


TITLE_PAYLOAD = "</title><script>alert(1)</script> & co"
DESCRIPTION_PAYLOAD = '"><script>alert(2)</script>'


def hostile_heads(root):
    """The basic fixture with the project's theme overrides, and an article and a plain page whose title
    and description try to break out of <title> and <meta content="...">."""
    import shutil

    from conftest import MINIMAL_MKDOCS, ROOT, copy_fixture, write_tree

    copy_fixture("basic", root)
    shutil.copytree(ROOT / "overrides", root / "overrides")
    (root / "mkdocs.yml").write_text(MINIMAL_MKDOCS.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"))
    quoted_title, quoted_description = json.dumps(TITLE_PAYLOAD), json.dumps(DESCRIPTION_PAYLOAD)
    article = root / "content/articles/analysis.md"
    article.write_text(article.read_text().replace("title: What the umbrella hides",
                                                   f"title: {quoted_title}\ndescription: {quoted_description}"))
    write_tree(root, {"content/about.md": f"---\ntitle: {quoted_title}\ndescription: {quoted_description}\n---\n# About\n"})
    return root


def assert_head_holds_the_text(built_page):
    from views_html import parse

    text = built_page.read_text(encoding="utf-8")
    assert "<script>alert" not in text
    root = parse(text)
    assert root.find("title").text() == f"{TITLE_PAYLOAD} - Test atlas"
    assert meta(root, "description") == meta(root, "og:description") == DESCRIPTION_PAYLOAD
    assert meta(root, "og:title") == TITLE_PAYLOAD


def test_a_page_title_or_description_cannot_break_out_of_the_head(tmp_path):
    from conftest import run_cli, run_mkdocs

    root = hostile_heads(tmp_path / "site-src")
    run_cli("build", cwd=root, check=True)
    for path in ("articles/analysis", "about"):
        built = root / "site" / path / "index.html"
        assert_head_holds_the_text(built)
    run_cli("generate", "--out", str(tmp_path / "tree"), cwd=root, check=True)
    assert run_mkdocs("build", cwd=tmp_path / "tree").returncode == 0
    for path in ("articles/analysis", "about"):
        assert_head_holds_the_text(tmp_path / "tree/site" / path / "index.html")
