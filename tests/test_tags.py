"""Tags in any script: one page per slug, percent-encoded links that MkDocs, check-links, feeds,
downloads, search and the sitemap all follow."""

from __future__ import annotations

from urllib.parse import quote

from conftest import copy_fixture, run_cli


def arabic_tagged(root):
    copy_fixture("basic", root)
    attack = root / "entries/attacks/2023-10-27-river-base.yml"
    attack.write_text(attack.read_text().replace("tags: [Drones]", "tags: [Drones, إيران, العراق]"))
    article = root / "content/articles/analysis.md"
    article.write_text(article.read_text().replace("tags: [Analysis]", "tags: [Analysis, إيران]"))
    return root


def test_arabic_tags_get_their_own_pages_and_every_link_resolves(tmp_path):
    root = arabic_tagged(tmp_path / "site-src")
    run_cli("build", cwd=root, check=True)  # --strict: MkDocs found every link to the tag pages
    site = root / "site"
    iran, iraq = site / "tags/إيران/index.html", site / "tags/العراق/index.html"
    assert iran.is_file() and iraq.is_file()
    assert not (site / "tags/tag").exists()
    page = iran.read_text(encoding="utf-8")
    assert "<title>إيران - Test atlas</title>" in page
    assert "What the umbrella hides" in page and "2023-10-27-river-base" in page  # the article and the attack
    attack = (site / "attacks/2023-10-27-river-base/index.html").read_text(encoding="utf-8")
    assert f'href="../../tags/{quote("إيران")}/"' in attack
    checked = run_cli("check-links", cwd=root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"https://example.org/atlas/tags/{quote('إيران')}/" in sitemap
    feed = (site / f"tags/إيران/feed.xml").read_text(encoding="utf-8")
    assert f"https://example.org/atlas/tags/{quote('إيران')}/feed.xml" in feed
    assert "إيران" in (site / "tags/index.html").read_text(encoding="utf-8")
    search = (site / "search/search_index.json").read_text(encoding="utf-8")
    assert f'"location":"tags/{quote("إيران")}/"' in search
