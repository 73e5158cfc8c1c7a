"""End to end: real `militia-atlas build` / `mkdocs build --strict` runs, checked in the built HTML."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import MINIMAL_MKDOCS, copy_example, copy_fixture, run_cli, run_mkdocs, write_tree



def html(site: Path, url_path: str) -> str:
    return (site / url_path / "index.html").read_text(encoding="utf-8")


def tree(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_attack_links_to_group_and_group_lists_attack(example_site):
    attack = html(example_site, "attacks/2023-10-29-al-shadadi")
    assert 'href="../../groups/islamic-resistance-in-iraq/"' in attack
    assert 'href="../../bases/al-shadadi/"' in attack
    group = html(example_site, "groups/islamic-resistance-in-iraq")
    assert 'href="../../attacks/2023-10-29-al-shadadi/"' in group
    base = html(example_site, "bases/al-shadadi")
    assert 'href="../../attacks/2023-10-29-al-shadadi/"' in base


def test_group_listing_runs_newest_first(example_site):
    group = html(example_site, "groups/islamic-resistance-in-iraq")
    dates = re.findall(r'<article[^>]*class="ma-item[^"]*".*?<time datetime="([\d-]+)"', group, re.DOTALL)
    assert len(dates) >= 5
    assert dates == sorted(dates, reverse=True)


def test_every_entry_and_index_has_a_page(example_site):
    for path in ("groups/kataib-hezbollah", "bases/ain-al-asad-air-base", "attacks/2023-10-27-us-strike-eastern-syria",
                 "countries/syria", "tags/iran-backed-militias", "groups", "bases", "attacks", "countries", "tags"):
        assert (example_site / path / "index.html").is_file(), path
    home = (example_site / "index.html").read_text(encoding="utf-8")
    assert "5 attacks" in home and "1 strike" in home  # the U.S. strike of October 27 is counted apart


def test_native_name_carries_lang_and_dir(example_site):
    page = html(example_site, "groups/kataib-hezbollah")
    assert re.search(r'<p class="ma-native" lang="ar" dir="auto">كتائب حزب الله</p>', page)


def test_entity_pages_stay_out_of_the_nav(example_site):
    home = (example_site / "index.html").read_text(encoding="utf-8")
    nav = home.split("md-nav--primary", 1)[1].split('class="md-content"', 1)[0]
    assert "Groups" in nav
    assert "kataib-hezbollah" not in nav and "2023-10-29-al-shadadi" not in nav


def many_attacks_site(root: Path, count: int = 45) -> Path:
    files = {
        "entries/groups/busy-group.yml": """\
            name: Busy Group
            type: militia
            summary: Attacks a lot.
            sources: [{publisher: Wire, title: Profile, url: "https://example.org/p"}]
            """,
        "entries/bases/far-base.yml": """\
            name: Far Base
            country: syria
            summary: Far away.
            sources: [{publisher: Wire, title: Base, url: "https://example.org/b"}]
            """,
    }
    for number in range(count):
        day = f"2023-{1 + number // 28:02d}-{1 + number % 28:02d}"
        files[f"entries/attacks/{day}-far-base.yml"] = f"""\
            date: {day}
            base: far-base
            claimed_by: [busy-group]
            summary: Attack number {number}.
            sources: [{{publisher: Wire, title: "Attack {number}", url: "https://example.org/{number}"}}]
            """
    files["mkdocs.yml"] = MINIMAL_MKDOCS
    files["content/about.md"] = "# About\n"
    return write_tree(root, files)


def test_listings_paginate_twenty_a_page_with_prev_next(tmp_path):
    root = many_attacks_site(tmp_path)
    run_cli("build", cwd=root, check=True)
    site = root / "site"
    first, second, third = (html(site, p) for p in ("groups/busy-group", "groups/busy-group/page/2",
                                                     "groups/busy-group/page/3"))
    counts = [len(re.findall(r'<article[^>]*class="ma-item ma-item--attack"', page)) for page in (first, second, third)]
    assert counts == [20, 20, 5]
    assert 'href="page/2/"' in first and 'aria-label="Listing pages, page 1 of 3"' in first
    assert 'href="../../"' in second and 'href="../3/"' in second
    all_dates = []
    for page in (first, second, third):
        all_dates += re.findall(r'ma-item--attack".*?<time datetime="([\d-]+)"', page, re.DOTALL)
    assert all_dates == sorted(all_dates, reverse=True) and len(set(all_dates)) == 45


def test_unknown_reference_fails_with_file_and_line_and_keeps_previous_site(tmp_path):
    root = copy_fixture("basic", tmp_path / "site-src")
    run_cli("build", cwd=root, check=True)
    before = tree(root / "site")
    attack = root / "entries/attacks/2023-10-27-river-base.yml"
    attack.write_text(attack.read_text().replace("claimed_by: [umbrella-front]", "claimed_by: [umbrela-front]"))
    result = run_cli("build", cwd=root)
    assert result.returncode == 1
    assert ("entries/attacks/2023-10-27-river-base.yml:3:14: claimed_by[0]: unknown group 'umbrela-front' "
            "(did you mean 'umbrella-front'?)") in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(root / "site") == before


def test_plain_mkdocs_build_fails_before_touching_the_site(tmp_path):
    root = copy_fixture("basic", tmp_path / "site-src")
    assert run_mkdocs("build", "--strict", cwd=root).returncode == 0
    before = tree(root / "site")
    (root / "entries/attacks/2023-10-27-river-base.yml").write_text("date: 2023-10-27\nbase: nowhere\n")
    result = run_mkdocs("build", "--strict", cwd=root)
    assert result.returncode == 1
    assert "2023-10-27-river-base.yml:1:1: missing required field 'summary'" in result.stderr
    assert tree(root / "site") == before


def test_unknown_wiki_link_in_an_article_names_file_and_line(tmp_path):
    root = copy_fixture("basic", tmp_path / "site-src")
    article = root / "content/articles/analysis.md"
    article.write_text(article.read_text().replace("[[umbrella-front]] claims", "[[umbrella-frnt]] claims"))
    result = run_cli("validate", cwd=root)
    assert result.returncode == 1
    assert ("content/articles/analysis.md:11:5: [[umbrella-frnt]] links to an unknown id "
            "(did you mean 'umbrella-front'?)") in result.stdout


def test_generate_writes_a_tree_plain_mkdocs_builds_into_the_same_site(tmp_path):
    root = copy_example(tmp_path / "example")
    run_cli("build", cwd=root, check=True)
    run_cli("generate", "--out", str(tmp_path / "generated"), cwd=root, check=True)
    config = yaml.safe_load((tmp_path / "generated/mkdocs.yml").read_text())
    plugin_names = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert "militia-atlas" not in plugin_names and config["INHERIT"] == "mkdocs.base.yml"
    result = run_mkdocs("build", "--strict", cwd=tmp_path / "generated")
    assert result.returncode == 0, result.stderr
    # The documented second step for plain builders: Pagefind over the built site (reads pagefind.yml).
    subprocess.run([sys.executable, "-m", "pagefind"], cwd=tmp_path / "generated", check=True, capture_output=True)
    ours, plain = tree(root / "site"), tree(tmp_path / "generated/site")
    assert sorted(ours) == sorted(plain)
    different = [name for name in ours if ours[name] != plain[name]]
    assert different == []


def test_builds_are_byte_identical(tmp_path):
    first = copy_fixture("basic", tmp_path / "one")
    second = copy_fixture("basic", tmp_path / "two")
    run_cli("build", cwd=first, check=True)
    run_cli("build", cwd=second, check=True)
    assert tree(first / "site") == tree(second / "site")


HINT = ("(rename or move this file: a generated page cannot be replaced; to change how generated pages look, "
        "put your own version of their template in the site's templates folder)")


@pytest.mark.parametrize("hand_written, generated", [
    ("groups/umbrella-front.md", "groups/umbrella-front/, the page of entries/groups/umbrella-front.yml"),
    ("groups/umbrella-front/index.md", "groups/umbrella-front/, the page of entries/groups/umbrella-front.yml"),
    ("tags/drones.md", "tags/drones/, the generated page tags/drones.md"),
    ("countries/syria.md", "countries/syria/, the generated page countries/syria.md"),
    ("attacks/index.md", "attacks/, the generated page attacks/index.md"),
    ("index.md", "the home page, the generated page index.md"),
    ("feed.xml", "feed.xml, the generated file feed.xml"),
])
def test_a_hand_written_page_may_not_take_a_generated_pages_address(tmp_path, hand_written, generated):
    root = copy_fixture("basic", tmp_path / "site-src")
    run_cli("build", cwd=root, check=True)
    before = tree(root / "site")
    write_tree(root, {f"content/{hand_written}": "# Our own page\n"})
    message = f"content/{hand_written}:1:1: its address is also a generated page's: {generated} {HINT}"
    validated = run_cli("validate", cwd=root)
    assert validated.returncode == 1
    assert message in validated.stdout.splitlines()
    built = run_cli("build", cwd=root)
    assert built.returncode != 0 and message in built.stderr
    assert tree(root / "site") == before


def test_site_templates_override_built_in_ones(tmp_path):
    root = copy_fixture("basic", tmp_path / "site-src")
    config = (root / "mkdocs.yml").read_text().replace("  - militia-atlas\n",
                                                       "  - militia-atlas:\n      templates: my-templates\n")
    (root / "mkdocs.yml").write_text(config)
    write_tree(root, {"my-templates/tag.html.j2": "---\ntitle: Tag\n---\n# Custom tag page for {{ ident }}\n"})
    run_cli("build", cwd=root, check=True)
    assert "Custom tag page for drones" in html(root / "site", "tags/drones")


@pytest.mark.parametrize("one_process", ["1", "0"])
def test_a_template_that_fails_says_where_and_keeps_the_previous_site(tmp_path, one_process):
    root = copy_fixture("basic", tmp_path / "site-src")
    run_cli("build", cwd=root, check=True)
    before = tree(root / "site")
    config = (root / "mkdocs.yml").read_text().replace("  - militia-atlas\n",
                                                       "  - militia-atlas:\n      templates: my-templates\n")
    (root / "mkdocs.yml").write_text(config)
    write_tree(root, {"my-templates/tag.html.j2": "---\ntitle: Tag\n---\n\n# Tag\n{{ ident.no_such.field }}\n"})
    result = run_cli("build", cwd=root, env={"MILITIA_ATLAS_ONE_PROCESS": one_process})
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert re.search(r"my-templates/tag\.html\.j2:6:1: the template could not draw tags/[a-z-]+\.md: UndefinedError: "
                     r"'str object' has no attribute 'no_such'", output), output
    assert tree(root / "site") == before


def test_redirect_from_keeps_old_urls_working(tmp_path):
    root = copy_fixture("basic", tmp_path / "site-src")
    run_cli("build", cwd=root, check=True)
    page = (root / "site/groups/old-militia/index.html").read_text()
    assert 'http-equiv="refresh" content="0; url=../member-militia/"' in page


def test_a_build_writes_nothing_outside_the_output_folder(tmp_path):
    root = copy_fixture("basic", tmp_path / "site-src")
    before = tree(root)
    run_cli("build", cwd=root, check=True)
    assert run_mkdocs("build", "--strict", cwd=root).returncode == 0
    after = {name: data for name, data in tree(root).items() if not name.startswith("site/")}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site-src"]
