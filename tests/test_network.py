"""Relationship network (network.py): SVG diagrams of sponsors, umbrellas, members and fronts."""

from __future__ import annotations

import re

import pytest

from militia_atlas.views.network import LISTING_PAGES, MAX_NETWORK_GROUPS, RELATIONS, layers
from conftest import synthetic_renderer
from views_html import page, page_file, resolve


def nodes(root) -> dict:
    return {a.attrs["data-group"]: a for a in root.find_all("a", class_="ma-node")}


def test_group_page_shows_its_neighbourhood(views_site):
    brigade = page(views_site, "groups/brigade-one/")
    figure = brigade.find("div", class_="ma-network")
    assert set(nodes(figure)) == {"brigade-one", "umbrella-front", "sponsor-corps", "cover-name"}
    assert "ma-node--current" in nodes(figure)["brigade-one"].attrs["class"]
    relations = {li.text() for li in figure.find_all("li", data_relation=True)}
    assert relations == {"Brigade One is a member of Umbrella Resistance",
                         "Brigade One is backed by Sponsor Corps",
                         "Cover Name Group is a front for Brigade One"}
    for name, node in nodes(figure).items():
        assert resolve("groups/brigade-one/", node.attrs["href"]) == f"groups/{name}/"


def rows(figure) -> dict:
    return {name: float(a.find("rect").attrs["y"]) for name, a in nodes(figure).items()}


def test_sponsors_and_umbrellas_sit_above_what_they_back_or_gather(views_site):
    own = rows(page(views_site, "groups/brigade-one/").find("div", class_="ma-network"))
    assert own["sponsor-corps"] == own["umbrella-front"] < own["brigade-one"] < own["cover-name"]
    whole = rows(page(views_site, "network/").find("div", class_="ma-network"))
    assert whole["sponsor-corps"] < whole["umbrella-front"] < whole["brigade-one"] < whole["cover-name"]


def test_whole_network_page(views_site):
    network = page(views_site, "network/")
    figure = network.find("div", class_="ma-network")
    assert set(nodes(figure)) == {"brigade-one", "umbrella-front", "sponsor-corps", "cover-name"}
    assert len(figure.find_all("line")) == 4
    assert figure.find("svg").attrs["role"] == "group" and figure.find("title").text()
    assert "Lone Group" in network.text()  # listed as having no relations
    for node in nodes(figure).values():
        assert page_file(views_site, resolve("network/", node.attrs["href"])).is_file()


def test_group_without_relations_has_no_diagram(views_site):
    assert page(views_site, "groups/lone-group/").find("div", class_="ma-network") is None


def test_layering_survives_a_cycle_across_relation_kinds():
    rows = layers(["a", "b"], [("a", "b", "member_of"), ("b", "a", "backed_by")])
    assert set(rows) == {"a", "b"}


def test_a_sponsor_of_many_groups_keeps_a_small_profile(tmp_path):
    from militia_atlas.core.settings import Settings
    from militia_atlas.views.pipeline import run
    from militia_atlas.views.network import MAX_GROUP_EDGES

    source = '[{publisher: Wire, title: T, url: "https://example.org/"}]'
    (tmp_path / "entries" / "groups").mkdir(parents=True)
    (tmp_path / "entries" / "groups" / "big-sponsor.yml").write_text(
        f"name: Big Sponsor\ntype: state-force\nsummary: Backs many.\nsources: {source}\n")
    for number in range(45):
        (tmp_path / "entries" / "groups" / f"proxy-{number:02d}.yml").write_text(
            f"name: Proxy {number:02d}\ntype: militia\nbacked_by: [big-sponsor]\nsummary: A proxy.\nsources: {source}\n")
    settings = Settings(root=tmp_path, entries_dir=tmp_path / "entries", docs_dir=tmp_path / "content")
    pages = {f.src: f.content for f in run(settings).files}
    sponsor = pages["groups/big-sponsor.md"]
    assert sponsor.count('class="ma-node') <= MAX_GROUP_EDGES + 1
    assert f"{MAX_GROUP_EDGES} of 45 shown" in sponsor
    backs = sponsor.split('<td class="ma-label" style="text-align: left;">Backs</td>', 1)[1].split("</tr>", 1)[0]
    assert backs.count("<a href=") == 30 + 1 and "and 15 more" in backs
    caption = re.search(r"<figcaption>Relations of Big Sponsor: 30 of 45 shown \(<a href=\"([^\"]+)\"", sponsor)
    assert caption and caption.group(1) == "../../network/#from-big-sponsor"
    assert 'id="from-big-sponsor"' in pages["network/index.md"]
    # network/ draws the most-connected groups; its pages list every relation
    assert pages["network/index.md"].count('class="ma-node') == MAX_NETWORK_GROUPS
    listed = relations_listed({src: text for src, text in pages.items() if src.startswith("network/")})
    assert listed == {("big-sponsor", f"proxy-{number:02d}", "backed_by") for number in range(45)}


# -- no network page grows with the number of groups -------------------------------------------

RELATION_ITEM = re.compile(r'<li(?: id="[^"]*")? data-relation="(\w+)"><a href="[^"]*groups/([^/"]+)/">[^<]*</a> '
                           r'([^<]+) <a href="[^"]*groups/([^/"]+)/">')


def relations_listed(pages: dict) -> set:
    """(upper, lower, relation) of every relation item on the given pages, whichever way it is phrased."""
    found = set()
    for text in pages.values():
        for relation, first, phrase, second in RELATION_ITEM.findall(text):
            assert phrase in RELATIONS[relation][1:], phrase
            found.add((second, first, relation) if phrase == RELATIONS[relation][1] else (first, second, relation))
    return found


def linked_groups(pages: dict) -> set:
    return {m for text in pages.values() for m in re.findall(r"groups/([a-z0-9-]+)(?:/|\.md)", text)}


PER_PAGE = 4  # 20 relations a network page: the first page is full at both sizes


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> dict:
    """{attacks: (site, {src: Markdown of network/ pages})} for synthetic sites of two sizes (50 and 150 groups)."""
    from militia_atlas.views import network

    out = {}
    for attacks in (1500, 4500):
        site, renderer = synthetic_renderer(tmp_path_factory.mktemp("synth") / "site", attacks, 3, per_page=PER_PAGE)
        out[attacks] = (site, {f.src: f.content for f in network.pages(renderer)})
    return out


def test_network_pages_stay_the_same_size_as_groups_grow(synthetic):
    (small_site, small), (large_site, large) = synthetic[1500], synthetic[4500]
    assert len(large_site.groups) == 3 * len(small_site.groups) == 150
    small_size = max(len(text.encode()) for text in small.values())
    large_size = max(len(text.encode()) for text in large.values())
    # Drawing and listing everything, the page was 3 times the size with 3 times the groups.
    assert large_size <= 1.1 * small_size, (small_size, large_size)
    assert len(large) > len(small) > 1  # the list paginates instead
    assert set(large) == {"network/index.md"} | {f"network/page/{n}.md" for n in range(2, len(large) + 1)}
    for pages in (small, large):
        for text in pages.values():
            items = len(RELATION_ITEM.findall(text)) + text.count("\n- [")
            assert items <= PER_PAGE * LISTING_PAGES


def test_every_group_and_relation_is_on_some_network_page(synthetic):
    from militia_atlas.views.network import MAX_NETWORK_EDGES, all_edges

    for site, pages in synthetic.values():
        assert linked_groups(pages) == set(site.groups)
        assert relations_listed(pages) == set(all_edges(site.groups))
        drawn = pages["network/index.md"].split("</svg>")[0]
        assert drawn.count('class="ma-node') <= MAX_NETWORK_GROUPS
        assert drawn.count("<line ") <= MAX_NETWORK_EDGES


def test_network_pages_link_to_each_other(synthetic):
    _, pages = synthetic[4500]
    count = len(pages)
    for number in range(1, count + 1):
        text = pages["network/index.md" if number == 1 else f"network/page/{number}.md"]
        assert f"Page {number} of {count}" in text
        if number < count:
            assert ">Next →</a>" in text
        if number > 1:
            assert ">← Previous</a>" in text and '<a href="../../">← Back to the network diagram</a>' in text


def test_the_diagram_draws_the_most_connected_groups():
    from types import SimpleNamespace

    from militia_atlas.views.network import core

    groups = {name: SimpleNamespace(name=name) for name in ["hub", "mid"] + [f"leaf{n:03d}" for n in range(100)]}
    edges = sorted([("hub", f"leaf{n:03d}", "backed_by") for n in range(100)] +
                   [("mid", f"leaf{n:03d}", "member_of") for n in range(5)] + [("hub", "mid", "backed_by")])
    drawn = core(groups, edges, max_groups=10, max_edges=12)
    nodes = {n for e in drawn for n in e[:2]}
    assert {"hub", "mid"} <= nodes and len(nodes) <= 10 and len(drawn) <= 12
    assert drawn == core(groups, list(reversed(edges)), max_groups=10, max_edges=12)  # order-independent
    assert core(groups, edges[:5]) == edges[:5]  # small networks are drawn whole


def test_network_continuations_are_kept_out_of_search(synthetic):
    """Everything a continuation shows sits in `.ma-search-skip` (docs-dev/SEARCH.md): its heading too."""
    _, pages = synthetic[1500]
    continuations = [text for src, text in pages.items() if src.startswith("network/page/")]
    assert continuations
    for text in continuations:
        body = text.split("\n---\n", 1)[1].strip()
        assert body.startswith('<div class="ma-search-skip">') and body.endswith("</div>"), body[:200]
