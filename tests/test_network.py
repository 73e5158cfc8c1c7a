"""Relationship network (network.py): SVG diagrams of sponsors, umbrellas, members and fronts."""

from __future__ import annotations

from militia_atlas.network import layers
from views_html import page, page_file, resolve


def nodes(root) -> dict:
    return {a.attrs["data-group"]: a for a in root.find_all("a", class_="ma-node")}


def test_group_page_shows_its_neighbourhood(views_site):
    brigade = page(views_site, "groups/brigade-one/")
    figure = brigade.find("figure", class_="ma-network")
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
    own = rows(page(views_site, "groups/brigade-one/").find("figure", class_="ma-network"))
    assert own["sponsor-corps"] == own["umbrella-front"] < own["brigade-one"] < own["cover-name"]
    whole = rows(page(views_site, "network/").find("figure", class_="ma-network"))
    assert whole["sponsor-corps"] < whole["umbrella-front"] < whole["brigade-one"] < whole["cover-name"]


def test_whole_network_page(views_site):
    network = page(views_site, "network/")
    figure = network.find("figure", class_="ma-network")
    assert set(nodes(figure)) == {"brigade-one", "umbrella-front", "sponsor-corps", "cover-name"}
    assert len(figure.find_all("line")) == 4
    assert figure.find("svg").attrs["role"] == "group" and figure.find("title").text()
    assert "Lone Group" in network.text()  # listed as having no relations
    for node in nodes(figure).values():
        assert page_file(views_site, resolve("network/", node.attrs["href"])).is_file()


def test_group_without_relations_has_no_diagram(views_site):
    assert page(views_site, "groups/lone-group/").find("figure", class_="ma-network") is None


def test_layering_survives_a_cycle_across_relation_kinds():
    rows = layers(["a", "b"], [("a", "b", "member_of"), ("b", "a", "backed_by")])
    assert set(rows) == {"a", "b"}


def test_a_sponsor_of_many_groups_keeps_a_small_profile(tmp_path):
    from militia_atlas.engine import Settings, run
    from militia_atlas.network import MAX_GROUP_EDGES

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
    backs = next(line for line in sponsor.splitlines() if line.startswith("| Backs |"))
    assert backs.count("](") == 30 + 1 and "and 15 more" in backs
    assert pages["network/index.md"].count('class="ma-node') >= 46
