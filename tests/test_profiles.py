"""Entity pages as a reader meets them (issue 15): the list first under a compact header, listing items
that say who, where, what and the toll, numbered pages, the last update, state forces apart from
militias, tags as written, articles' date and byline, the deadliest attacks and split tallies
(tests/fixtures/profiles: one busy group, per_page 1, built with `militia-atlas build`)."""

from __future__ import annotations

import pytest

import shutil

from conftest import ROOT, copy_fixture, run_cli, write_tree
from views_html import page as parsed_page

BUSY = "groups/lions/"


def profiles_fixture(root):
    """tests/fixtures/profiles with the project's theme overrides (head links) copied to root."""
    copy_fixture("profiles", root)
    shutil.copytree(ROOT / "overrides", root / "overrides")
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = profiles_fixture(tmp_path_factory.mktemp("profiles"))
    run_cli("build", cwd=root, check=True)
    return root / "site"


def content(site, url_path: str):
    return parsed_page(site, url_path).find("article", class_="md-content__inner")


def words(element) -> str:
    return " ".join(element.text().replace("¶", "").split())


def listing_pages(site, url_path: str) -> list:
    """Page 1 of a listing and its continuations, in order."""
    pages = [content(site, url_path)]
    number = 2
    while (site / url_path / "page" / str(number) / "index.html").is_file():
        pages.append(content(site, f"{url_path}page/{number}/"))
        number += 1
    return pages


def item_metas(site, url_path: str) -> dict:
    """{listed page's last URL part: its meta line's text} over every page of a listing."""
    found = {}
    for root in listing_pages(site, url_path):
        for item in root.find_all("article", class_="ma-item"):
            href = item.find("h3").find("a").attrs["href"].rstrip("/").rsplit("/", 1)[-1]
            found.setdefault(href, words(item.find("p", class_="ma-meta")))
    return found


# -- listing items -------------------------------------------------------------------------------

def test_listing_items_say_kind_who_where_weapons_toll_and_source(site):
    metas = item_metas(site, BUSY)
    deadliest = metas["2024-01-01-river-base"]
    for part in ("Attack", "Claimed by Lions Brigade", "River Base", "Drone, rocket",
                 "3 killed, at least 40 wounded", "Daily Wire"):
        assert part in deadliest, (part, deadliest)
    suspected = metas["2024-01-02-river-base"]
    assert "Attributed to Lions Brigade (suspected)" in suspected and "Claimed" not in suspected
    assert "2 wounded" in suspected and "killed" not in suspected and "Wire Two" in suspected
    both = metas["2024-01-03-river-base"]
    assert "Claimed by Hawks Front" in both and "Attributed to Lions Brigade (stated)" in both
    assert "killed" not in both and "wounded" not in both  # unknown is never shown as zero
    article = metas["field-report"]
    assert article.startswith("January 20, 2024 · Article") and "by Jane Writer, Omar Reporter" in article


def test_listing_item_links_who_and_where(site):
    item = next(one for one in content(site, "bases/river-base/").find_all("article", class_="ma-item"))
    meta = item.find("p", class_="ma-meta")
    hrefs = [a.attrs["href"] for a in meta.find_all("a")]
    assert any("groups/lions/" in href for href in hrefs), hrefs


# -- pagination ----------------------------------------------------------------------------------

def pager_parts(root) -> list:
    pager = root.find("nav", class_="ma-pager")
    return [words(one) for one in pager.find_all("li")]


def test_pager_numbers_pages_with_ellipses(site):
    first = content(site, BUSY)
    assert pager_parts(first) == ["1", "2", "…", "10", "Older →"]
    current = first.find("nav", class_="ma-pager").find(aria_current="page")
    assert current is not None and words(current) == "1"
    middle = content(site, BUSY + "page/5/")
    assert pager_parts(middle) == ["← Newer", "1", "…", "4", "5", "6", "…", "10", "Older →"]
    assert pager_parts(content(site, BUSY + "page/3/")) == ["← Newer", "1", "2", "3", "4", "…", "10", "Older →"]
    last = content(site, BUSY + "page/10/")
    assert pager_parts(last) == ["← Newer", "1", "…", "9", "10"]


def test_pager_links_say_prev_and_next(site):
    middle = content(site, BUSY + "page/5/").find("nav", class_="ma-pager")
    rel = {a.attrs["rel"]: a.attrs["href"] for a in middle.find_all("a") if a.attrs.get("rel")}
    assert rel == {"prev": "../4/", "next": "../6/"}
    head = parsed_page(site, BUSY + "page/5/").find("head")
    links = {link.attrs["rel"]: link.attrs["href"] for link in head.find_all("link")
             if link.attrs.get("rel") in ("prev", "next")}
    assert links == {"prev": "../4/", "next": "../6/"}


# -- the group page: header, then the list ---------------------------------------------------------

def position(root, element) -> int:
    return next(number for number, one in enumerate(root.iter()) if one is element)


def test_group_page_leads_with_the_list(site):
    root = content(site, BUSY)
    header = root.find("div", class_="ma-header")
    assert header is not None
    text = words(header)
    for part in ("كتائب الأسود", "LB", "The Lions", "Militia", "9 attacks: 7 claimed, 2 attributed", "First attack January 1, 2024",
                 "Latest attack January 9, 2024", "Last updated March 5, 2024", "An invented militia"):
        assert part in text, (part, text)
    first_item = root.find("article", class_="ma-item")
    facts = root.find("table")
    assert position(root, header) < position(root, first_item) < position(root, facts)
    history = root.find("h2", id="history")
    assert position(root, first_item) < position(root, history)


def test_base_page_leads_with_the_list(site):
    root = content(site, "bases/river-base/")
    assert position(root, root.find("div", class_="ma-header")) < position(root, root.find("article", class_="ma-item")) \
        < position(root, root.find("table"))


def test_last_updated_is_the_git_commit_when_there_is_one(views_site):
    header = content(views_site, "groups/cover-name/").find("div", class_="ma-header")
    assert "Last updated February 3, 2024" in words(header)


# -- country, tag and article pages --------------------------------------------------------------------

def test_country_page_counts_state_forces_apart(site):
    root = content(site, "countries/iraq/")
    text = words(root)
    assert "Armed groups active 2" in text and "State forces 1" in text
    assert "Groups active" not in text


def test_tag_page_is_titled_as_the_tag_is_written(site):
    assert words(content(site, "tags/iran-backed-militias/").find("h1")) == "Iran-backed militias"


def test_article_shows_its_date_and_byline(site):
    root = content(site, "articles/field-report/")
    byline = root.find("p", class_="ma-byline")
    assert byline is not None
    assert words(byline) == "January 20, 2024 · by Jane Writer, Omar Reporter"
    assert position(root, root.find("h1")) < position(root, byline)


# -- what the anchors show: deadliest attacks, split tallies ------------------------------------------

def test_group_page_shows_its_deadliest_attacks(site):
    root = content(site, BUSY)
    heading = root.find("h2", id="deadliest-and-most-recent-major-attacks")
    assert heading is not None
    block = heading.parent.find("ol", class_="ma-deadliest")
    rows = [words(li) for li in block.find_all("li")]
    assert [row.split(":")[0] for row in rows] == ["January 1, 2024", "January 2, 2024", "January 9, 2024"]
    assert "3 killed, at least 40 wounded" in rows[0]


LATER = """\
    date: 2024-02-01
    base: river-base
    claimed_by: [lions]
    wounded: 1
    summary: A later attack that hurt one.
    sources:
      - publisher: Test Wire
        title: Later
        url: https://example.org/later
    """


def test_the_most_recent_attack_with_casualties_follows_the_deadliest(tmp_path):
    root = profiles_fixture(tmp_path / "site")
    ninth = root / "entries/attacks/2024-01-09-river-base.yml"
    ninth.write_text(ninth.read_text(encoding="utf-8").replace("killed: 1", "killed: 5"), encoding="utf-8")
    write_tree(root, {"entries/attacks/2024-02-01-river-base.yml": LATER})
    run_cli("build", cwd=root, check=True)
    page = content(root / "site", BUSY)
    rows = [words(li) for li in page.find("ol", class_="ma-deadliest").find_all("li")]
    assert [row.split(":")[0] for row in rows] == ["January 1, 2024", "January 9, 2024", "January 2, 2024"]
    assert words(page.find("p", class_="ma-recent-major")) == \
        "Most recent with casualties: February 1, 2024: Attack on River Base (1 wounded)"


def test_group_tallies_split_claimed_and_attributed(site):
    text = words(content(site, BUSY))
    assert "Attacks claimed 7" in text
    assert "Attacks attributed 2 (1 stated, 1 suspected)" in text


# -- the attacks index ------------------------------------------------------------------------

def test_attacks_index_is_a_table_by_month(site):
    root = content(site, "attacks/")
    assert words(root.find("h2", id="january-2024-9")) == "January 2024 (9)"
    table = root.find("table", class_="ma-attacks")
    assert [words(th) for th in table.find("thead").find_all("th")] == \
        ["Date", "Target", "Who", "Weapons", "Casualties", "Source"]
    first = [words(td) for td in table.find("tbody").find("tr").children if td.tag in ("td", "th")]
    assert first[0] == "January 9, 2024" and first[1] == "River Base" and "Lions Brigade" in first[2]
    assert first[3] == "Rocket" and first[4] == "1 killed" and first[5] == "Test Wire"
