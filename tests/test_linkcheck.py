"""`militia-atlas check-links`: internal links and anchors of a built site."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import run_cli, write_tree

from militia_atlas.commands.linkcheck import check_site

SITE_URL = "https://example.org/atlas/"


def page(body: str, ids: str = "") -> str:
    anchors = "".join(f'<h2 id="{i}">{i}</h2>' for i in ids.split())
    return f"<!doctype html><html><head><title>t</title></head><body>{anchors}\n{body}\n</body></html>\n"


def broken_urls(site: Path, site_url: str | None = SITE_URL) -> list:
    broken, _, _ = check_site(site, site_url)
    return sorted(b.link.url for b in broken)


def test_good_links_of_every_form_pass(tmp_path):
    site = write_tree(tmp_path / "site", {
        "index.html": page('<a href="groups/">g</a> <a href="groups/kh/#leaders">kh</a> <a href="#top">top</a> '
                           '<a href="./">home</a> <a href="?page=2">query</a> <a href="">self</a>', "top"),
        "groups/index.html": page('<a href="..">up</a> <a href="../index.html">home</a> <a href="kh/">kh</a>'),
        "groups/kh/index.html": page('<a href="../../">home</a> <a href="/atlas/groups/">root-absolute</a> '
                                     '<img src="../../img/logo%20one.png" alt=""> '
                                     '<a href="https://example.org/atlas/groups/kh/#leaders">canonical</a> '
                                     '<a name="old-anchor"></a><a href="#old-anchor">named</a>', "leaders"),
        "img/logo one.png": "png",
    })
    broken, pages, links = check_site(site, SITE_URL)
    assert broken == []
    assert pages == 3
    assert links == 13


def test_other_hosts_and_schemes_are_not_followed(tmp_path):
    site = write_tree(tmp_path / "site", {"index.html": page(
        '<a href="https://example.com/missing/">x</a> <a href="mailto:desk@example.org">m</a> '
        '<a href="https://example.org/elsewhere/missing/">same host, outside the site</a> '
        '<link rel="preconnect" href="/nowhere/"> <a href="javascript:void(0)">js</a> <a href="tel:+1">t</a>')})
    assert broken_urls(site) == []


def test_missing_pages_files_and_anchors_are_reported(tmp_path):
    site = write_tree(tmp_path / "site", {
        "index.html": page('<a href="groups/missing/">a</a> <a href="groups/kh/#nope">b</a> '
                           '<a href="#also-nope">c</a> <script src="assets/gone.js"></script> '
                           '<a href="https://example.org/atlas/bases/">d</a> <a href="/atlas/tags/">e</a> '
                           '<a href="../outside/">f</a> <link rel="alternate" href="/atlas//feed.xml">'),
        "feed.xml": "<feed/>",
        "groups/kh/index.html": page("", "leaders"),
    })
    broken, _, _ = check_site(site, SITE_URL)
    reasons = {b.link.url: b.reason for b in broken}
    assert sorted(reasons) == ["#also-nope", "../outside/", "/atlas//feed.xml", "/atlas/tags/", "assets/gone.js",
                               "groups/kh/#nope", "groups/missing/", "https://example.org/atlas/bases/"]
    assert "empty path segment" in reasons["/atlas//feed.xml"]
    assert reasons["groups/kh/#nope"] == "no anchor '#nope' on groups/kh/index.html"
    assert reasons["groups/missing/"].startswith("no such file or page in the site")
    assert all(b.page == "index.html" and b.link.line == 2 for b in broken)


def test_example_site_has_no_broken_link(example_site):
    broken, pages, links = check_site(example_site, "https://example.org/militia-atlas/")
    assert [str(b) for b in broken] == []
    assert pages > 30 and links > 500


def test_command_reports_broken_links_with_file_and_line(example_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(example_site, site)
    group_page = next((site / "groups").glob("*/index.html"))
    shutil.rmtree(site / "bases")
    text = group_page.read_text(encoding="utf-8")
    linked_id = re.search(r'href="#([^"_][^"]*)"', text).group(1)  # a heading the table of contents links to
    group_page.write_text(text.replace(f' id="{linked_id}"', ' id="renamed"'), encoding="utf-8")

    result = run_cli("check-links", str(site), "--site-url", "https://example.org/militia-atlas/", cwd=tmp_path)

    assert result.returncode == 1
    assert "broken" in result.stderr
    assert any(line.startswith("index.html:") and "bases/" in line for line in result.stdout.splitlines())
    assert any(f"no anchor '#{linked_id}'" in line for line in result.stdout.splitlines()), result.stdout


def test_command_reads_site_dir_and_url_from_mkdocs_yml(example_site, tmp_path):
    shutil.copytree(example_site, tmp_path / "public")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nsite_dir: public\nsite_url: https://example.org/militia-atlas/\n")
    result = run_cli("check-links", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ": 0 broken" in result.stdout


def test_command_without_a_built_site_is_a_clean_error(tmp_path):
    result = run_cli("check-links", str(tmp_path / "nothing"), cwd=tmp_path)
    assert result.returncode == 2
    assert "holds no built site" in result.stderr and "Traceback" not in result.stderr
