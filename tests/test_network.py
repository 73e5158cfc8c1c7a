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
