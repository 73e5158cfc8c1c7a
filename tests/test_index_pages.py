"""The indexes of groups, bases, countries and tags paginate: no index page grows with the
number of entries, and every entry is still linked from one of them (issue 6, "Scale").

Synthetic sites at two sizes, with `per_page: 2` (so 10 entries an index page) to keep them
small and fast. Synthetic sites have a fixed set of tags and five countries, so each attack also
gets a "Topic k" tag (N / 30 of them) and each base another country: all four indexes grow with N.
"""

from __future__ import annotations

import dataclasses
import json
import os
import posixpath
import re
from pathlib import Path

import pytest

import militia_atlas

PER_PAGE = 2
SMALL, LARGE = 450, 1350
FOLDERS = ("groups", "bases", "countries", "tags")
LINK = re.compile(r"\]\(([^)\s]+)\)")
HREF = re.compile(r'href="([^"]+)"')
# A table row that starts with a link: one entry (a Markdown table's, or an HTML one's as `tables` writes it).
ROW = re.compile(r'^\| \[|^<tr>\n<td style="text-align: left;"><a ', re.M)


def write(root: Path, attacks: int) -> None:
    from militia_atlas.commands.synth import write_site

    write_site(root, attacks=attacks, seed=5)
    entries = root / "entries"
    topics = attacks // 30
    for number, path in enumerate(sorted((entries / "attacks").glob("*.yml"))):
        text = path.read_text(encoding="utf-8")
        assert "\ntags:\n" in text
        extra = f'  - "Topic {number % topics}"\n' + ('  - "Page"\n' if number == 0 else "")
        path.write_text(text.replace("\ntags:\n", "\ntags:\n" + extra, 1), encoding="utf-8")
    countries = sorted(json.loads((Path(militia_atlas.__file__).parent / "data" / "countries.json")
                                  .read_text(encoding="utf-8")))
    for number, path in enumerate(sorted((entries / "bases").glob("*.yml"))):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^country: .*$", f"country: {countries[number % len(countries)]}", text, count=1),
                        encoding="utf-8")


def build(root: Path, memory=None):
    from militia_atlas.views import pipeline as engine
    from militia_atlas.publish.config import quick_settings

    settings = dataclasses.replace(quick_settings(root / "mkdocs.yml"), per_page=PER_PAGE)
    return engine.run(settings, memory)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    out = {}
    for attacks in (SMALL, LARGE):
        root = tmp_path_factory.mktemp(f"index{attacks}") / "site"
        write(root, attacks)
        result = build(root)
        srcs = [f.src for f in result.files]
        assert len(srcs) == len(set(srcs)), "two pages share a path"
        out[attacks] = (result.site, {f.src: f.content for f in result.files})
    return out


def index_pages(pages: dict, folder: str) -> dict:
    return {src: text for src, text in pages.items()
            if src == f"{folder}/index.md" or re.fullmatch(rf"{folder}/page/\d+\.md", src)}


def links(src: str, text: str) -> set:
    """The pages a page links to, as source paths: Markdown links to sources, and HTML links to URLs
    (a page drawn as HTML, render/drawn.py; `directory_urls`, so `tags/anbar/` is `tags/anbar.md`)."""
    found = {posixpath.normpath(posixpath.join(posixpath.dirname(src), href.split("#")[0]))
             for href in LINK.findall(text) if not re.match(r"[a-z]+:", href)}
    from militia_atlas.render.urls import page_url

    base = page_url(src)
    for href in HREF.findall(text):
        if re.match(r"[a-z]+:|#", href) or not href.endswith("/"):
            continue
        target = posixpath.normpath(posixpath.join(base, href))
        found.add("index.md" if target == "." else f"{target}/index.md" if target in FOLDERS else f"{target}.md")
    return found


def row_links(src: str, text: str) -> list:
    """The first link of every entry row of an index page, in order."""
    rows = [text[row.start():text.index("\n", row.end())] for row in ROW.finditer(text)]
    return [links(src, (LINK.search(row) or HREF.search(row)).group(0)) for row in rows]


def next_link(text: str):
    found = re.search(r"\[Next →\]\(([^)]+)\)", text) or re.search(r'<a href="([^"]+)">Next →</a>', text)
    return found.group(1) if found else None


def expected_entities(site, folder: str) -> set:
    """The entity pages an index must reach (for countries, the set Renderer.files() makes pages for)."""
    if folder == "groups":
        idents = site.groups
    elif folder == "bases":
        idents = site.bases
    elif folder == "tags":
        idents = site.tags
    else:
        idents = ({k for (kind, k) in site.listings if kind == "country"}
                  | set(site.country_groups) | set(site.country_bases))
    return {f"{folder}/{ident}.md" for ident in idents}


@pytest.mark.parametrize("folder", FOLDERS)
def test_index_pages_hold_at_most_per_page_times_five_entries(sites, folder):
    for attacks in (SMALL, LARGE):
        site, pages = sites[attacks]
        found = index_pages(pages, folder)
        total = len(expected_entities(site, folder))
        assert total > PER_PAGE * 5, (folder, attacks, total)  # the test needs more than one page at both sizes
        assert len(found) == -(-total // (PER_PAGE * 5)), (folder, attacks, sorted(found))
        for src, text in found.items():
            assert len(ROW.findall(text)) <= PER_PAGE * 5, (src, len(ROW.findall(text)))


@pytest.mark.parametrize("folder", FOLDERS)
def test_no_index_page_grows_with_the_number_of_entries(sites, folder):
    small = max(len(text.encode()) for text in index_pages(sites[SMALL][1], folder).values())
    large = max(len(text.encode()) for text in index_pages(sites[LARGE][1], folder).values())
    assert large <= small * 1.25 + 500, (folder, small, large)


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_entry_is_linked_from_an_index_page_once(sites, folder):
    for attacks in (SMALL, LARGE):
        site, pages = sites[attacks]
        expected = expected_entities(site, folder)
        assert expected <= pages.keys()
        linked = {}
        for src, text in index_pages(pages, folder).items():
            for target in links(src, text) & expected:
                linked.setdefault(target, []).append(src)
        assert linked.keys() == expected, sorted(expected - linked.keys())[:5]
        assert all(len(where) == 1 for where in linked.values())


@pytest.mark.parametrize("folder", FOLDERS)
def test_pages_chain_in_order_and_continuations_are_out_of_search(sites, folder):
    from militia_atlas.render.urls import page_url

    site, pages = sites[LARGE]
    found = index_pages(pages, folder)
    src, seen, shown = f"{folder}/index.md", [], []
    while src:
        seen.append(src)
        text = found[src]
        number = len(seen)
        title = folder.capitalize()
        if number == 1:
            assert f'title: "{title}"' in text and "ma-search-skip" not in text
        else:
            assert f'title: "{title} — page {number}"' in text
            assert re.search(r'<div class="ma-search-skip"( markdown)?>', text) and text.rstrip().endswith("</div>")
            assert f"{folder}/index.md" in links(src, text)  # back to the first page
        assert f"Page {number} of {len(found)}" in text
        shown += row_links(src, text)
        following = next_link(text)
        src = None if not following else following if following in found else \
            posixpath.normpath(posixpath.join(posixpath.dirname(src), following)) if following.endswith(".md") else \
            posixpath.normpath(posixpath.join(page_url(src), following)) + ".md"
    assert sorted(seen) == sorted(found)
    idents = [posixpath.basename(target.pop())[:-3] for target in shown]
    if folder in ("groups", "bases"):  # by name across pages, ignoring case, as the single page was
        entities = site.groups if folder == "groups" else site.bases
        keys = [entities[ident].name.lower() for ident in idents]
    else:  # by slug
        keys = idents
    assert keys == sorted(keys) and len(idents) == len(expected_entities(site, folder))


def test_first_pages_keep_the_introduction_and_the_map(sites):
    site, pages = sites[LARGE]
    groups, bases = pages["groups/index.md"], pages["bases/index.md"]
    assert f"{len(site.groups)} groups: militias" in groups
    assert f"{len(site.bases)} bases and other fixed sites." in bases
    assert bases.count('class="ma-map"') == 1
    for src in index_pages(pages, "bases"):
        if src != "bases/index.md":
            assert 'class="ma-map"' not in pages[src] and "bases/index.md" in links(src, pages[src])


def test_an_index_page_cannot_take_an_entity_path(sites):
    from militia_atlas.core.load import RESERVED_IDS
    from militia_atlas.render.urls import page_url

    assert "page" in RESERVED_IDS  # no group or base can be groups/page.md or bases/page.md
    # A tag (or country) slug is not an id: a tag "Page" has its page at tags/page.md, beside the
    # index's second page at tags/page/2.md. Different files, different URLs.
    site, pages = sites[SMALL]
    assert "page" in site.tags and "tags/page.md" in pages and "tags/page/2.md" in pages
    assert pages["tags/page.md"] != pages["tags/page/2.md"]
    assert page_url("tags/page.md") != page_url("tags/page/2.md")
    assert page_url("tags/page.md", False) != page_url("tags/page/2.md", False)


def test_home_page_does_not_grow_with_the_number_of_entries(sites):
    from militia_atlas.commands.synthetic import FIRST_DAY, LAST_DAY
    from militia_atlas.views.charts import MAX_CATEGORIES, MAX_WEEKS

    sizes = {}
    for attacks in (SMALL, LARGE):
        home = sites[attacks][1]["index.md"]
        figures = re.findall(r'<div class="ma-chart".*?</details></div>', home, re.S)
        assert len(figures) == 4  # by country and by weapon: the latest weeks, and every month of the span
        for figure in figures:  # charts aggregate: two years of weeks or the span's months, seven categories
            months = (LAST_DAY.year - FIRST_DAY.year) * 12 + LAST_DAY.month - FIRST_DAY.month + 1
            assert figure.count("<tr>") <= (months if 'monthly"' in figure[:80] else MAX_WEEKS) + 1
            assert figure.count('<th scope="col">') <= MAX_CATEGORIES + 3
        assert home.count('<article class="ma-item') == 10  # the latest ten attacks
        sizes[attacks] = len(re.sub(r'<div class="ma-chart".*?</details></div>', "", home, flags=re.S).encode())
    assert sizes[LARGE] <= sizes[SMALL] * 1.25, sizes


def test_a_preview_moves_a_renamed_group_to_its_new_page(tmp_path):
    from militia_atlas.preview.memory import Memory

    root = tmp_path / "site"
    write(root, 330)  # 11 groups: two index pages
    memory = Memory()
    build(root, memory)
    first = min(root.glob("entries/groups/*.yml"))
    text = first.read_text(encoding="utf-8")
    renamed = re.sub(r"(?m)^name: .*$", 'name: "Zzz Last Group"', text, count=1)
    assert renamed != text
    first.write_text(renamed, encoding="utf-8")
    stat = first.stat()
    os.utime(first, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    remembered = {f.src: f.content for f in build(root, memory).files}
    fresh = {f.src: f.content for f in build(root).files}
    assert remembered.keys() == fresh.keys()
    assert [src for src in fresh if remembered[src] != fresh[src]] == []
    last = max(index_pages(fresh, "groups"), key=lambda src: (len(src), src))
    assert "Zzz Last Group" in fresh[last]
