"""The home page (home.html.j2): a campaign overview, counts as boxes, and no word about what is not there."""

from __future__ import annotations

import re
import shutil

from conftest import copy_fixture, run_cli
from views_html import page


def rows(table) -> dict:
    return {tr.find("th").text(): tr.find("td").text() for tr in table.find("tbody").find_all("tr")}


def test_the_overview_gives_the_span_and_casualties_counting_unknowns_as_unknown(views_site):
    home = page(views_site, "")
    overview = rows(home.find("div", class_="ma-campaign").find("table"))
    assert overview["Period"] == "October 2, 2023 – January 15, 2024"
    assert overview["Attacks"] == "14 attacks, 2 of them neither claimed nor attributed"
    # killed: 2 and [1, 3] -> at least 3; the other 12 attacks give no figure
    assert overview["Killed"] == "at least 3 killed; 12 attacks with no figure"
    assert overview["Wounded"] == "at least 4 wounded; 13 attacks with no figure"


def test_the_overview_ranks_groups_by_attacks_with_claims_apart_from_attributions(views_site):
    table = page(views_site, "").find("div", class_="ma-campaign-groups").find("table")
    found = [[td.text() for td in tr.find_all("td")] for tr in table.find("tbody").find_all("tr")]
    assert found[0] == ["Brigade One", "8", "7", "1"]  # the draft's claim is not counted
    assert ["Cover Name Group", "2", "0", "2"] in found
    assert table.find("a", href="groups/brigade-one/") is not None


def test_counts_are_boxes_that_link_to_their_lists(views_site):
    stats = page(views_site, "").find("ul", class_="ma-stats")
    boxes = {li.text(): li.find("a").attrs["href"] for li in stats.find_all("li")}
    assert boxes == {"14 attacks": "attacks/", "5 groups": "groups/", "3 bases": "bases/",
                     "1 article": "#latest-analysis"}


def test_a_site_without_articles_or_tags_says_nothing_of_them_and_links_no_empty_index(tmp_path):
    root = copy_fixture("basic", tmp_path / "site")
    shutil.rmtree(root / "content" / "articles")
    for path in (root / "entries").rglob("*.yml"):
        path.write_text(re.sub(r"^tags: .*\n", "", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    run_cli("build", cwd=root, check=True)
    html = (root / "site" / "index.html").read_text(encoding="utf-8")
    article = html.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    assert not re.search(r"\barticles?\b", article.replace('<article class="ma-item', "")), "no word of articles"
    assert 'href="tags/"' not in article and "Latest analysis" not in article
