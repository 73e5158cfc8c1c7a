"""Strikes (`kind: strike`) and `target_groups`: a state's strikes on armed groups are listed and
counted apart from the groups' attacks everywhere, and a group's page lists what hit it apart
from what it did (tests/fixtures/strikes, built with `mkdocs build --strict`)."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import xml.etree.ElementTree as ET

import pytest

from conftest import copy_fixture, run_cli, run_mkdocs, write_tree
from views_html import parse

ATOM = "{http://www.w3.org/2005/Atom}"
STRIKES = {"2023-10-06-depot-strike", "2023-10-08-convoy-strike"}
ATTACKS = {"2023-10-02-north", "2023-10-05-north", "2023-10-09-clash"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = copy_fixture("strikes", tmp_path_factory.mktemp("strikes"))
    built = run_mkdocs("build", "--strict", cwd=root)
    assert built.returncode == 0, built.stderr
    return root / "site"


def page(site, path: str):
    """The page's content (Material's `article.md-content__inner`), without navigation or table of contents."""
    return parse((site / path / "index.html").read_text(encoding="utf-8")).find("article", class_="md-content__inner")


def words(element) -> str:
    return " ".join(element.text().replace("¶", "").split())


def text_of(site, path: str) -> str:
    return words(page(site, path))


def sections(root) -> dict:
    """{h2 heading text: [the elements up to the next h2]}."""
    found, current = {}, None
    for child in root.children:
        if child.tag == "h2":
            current = found.setdefault(words(child), [])
        elif current is not None:
            current.append(child)
    return found


def section_ids(root, heading: str) -> list:
    """The attack ids listed (as listing items) under a heading, in order."""
    parts = sections(root)
    assert heading in parts, (heading, list(parts))
    return [listed_ids(child)[0] for child in parts[heading] if child.tag == "article" and listed_ids(child)]


def listed_ids(element) -> list:
    """The attack ids an element links to, in order."""
    found = []
    for link in element.find_all("a"):
        match = re.search(r"attacks/([a-z0-9-]+)/", link.attrs.get("href", ""))
        if match and match.group(1) not in found:
            found.append(match.group(1))
    return found


def listing_items(root) -> dict:
    """{attack id: the listing item's class} of every listing item on a page."""
    items = {}
    for article in root.find_all("article"):
        ids = listed_ids(article)
        if ids:
            items[ids[0]] = article.attrs.get("class", "")
    return items


# -- home, charts, timeline, attacks index ------------------------------------------------------

def test_home_counts_strikes_apart(site):
    root = page(site, "")
    text = words(root)
    assert "3 attacks 2 strikes 4 groups" in text
    assert section_ids(root, "Latest attacks") == ["2023-10-09-clash", "2023-10-05-north", "2023-10-02-north"]
    assert section_ids(root, "Latest strikes") == ["2023-10-08-convoy-strike", "2023-10-06-depot-strike"]
    assert "Recorded attacks run from October 2, 2023 to October 9, 2023" in text


def test_home_charts_count_attacks_and_strikes_apart(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "Stacked bar chart of 3 attacks" in html
    assert "Stacked bar chart of 2 strikes" in html
    assert "Stacked bar chart of 5 " not in html


def timeline_counts(root, label: str) -> int:
    timeline = root.find("div", class_="ma-timeline", aria_label=label)
    assert timeline is not None, label
    return sum(int(li.attrs["data-count"]) for li in timeline.find_all("li"))


def test_timeline_counts_strikes_apart(site):
    root = page(site, "timeline")
    assert timeline_counts(root, "Timeline") == 3
    assert timeline_counts(root, "Timeline of strikes") == 2


def test_attacks_index_says_which_are_strikes(site):
    root = page(site, "attacks")
    text = words(root)
    assert "3 attacks and 2 strikes recorded" in text
    for li in root.find_all("li"):
        ids = listed_ids(li)
        if ids:
            assert ("Strike" in li.text()) == (ids[0] in STRIKES), li.text()


# -- groups -------------------------------------------------------------------------------------

def test_group_page_lists_what_hit_it_apart(site):
    root = page(site, "groups/brigade-one")
    text = words(root)
    assert "Attacks claimed or attributed 2" in text
    assert "Attacks and strikes against it 3" in text
    assert section_ids(root, "Attacks and articles (2)") == ["2023-10-05-north", "2023-10-02-north"]
    # newest first, two a page (per_page 2): the clash, the convoy strike; the depot strike on page 2
    assert section_ids(root, "Attacks and strikes against Brigade One (3)") == \
        ["2023-10-09-clash", "2023-10-08-convoy-strike"]
    assert root.find("a", id="attacks-and-strikes-against") is not None
    second = page(site, "groups/brigade-one/targeted/page/2").find("div", class_="ma-search-skip")
    assert section_ids(second, "Attacks and strikes against Brigade One (3)") == ["2023-10-06-depot-strike"]


def test_listing_items_say_strike(site):
    items = listing_items(page(site, "groups/brigade-one"))
    assert "ma-item--strike" in items["2023-10-08-convoy-strike"]
    assert "ma-item--attack" in items["2023-10-09-clash"]
    striker = page(site, "groups/state-air-force")
    text = words(striker)
    assert "Strikes claimed or attributed 2" in text and "Attacks claimed or attributed 0" in text
    items = listing_items(striker)
    assert set(items) == STRIKES & set(items) and items
    assert all("ma-item--strike" in cls for cls in items.values())
    for article in striker.find_all("article"):
        assert "Strike" in article.find("p", class_="ma-meta").text()


def test_sponsor_page_counts_the_strike_against_it(site):
    text = text_of(site, "groups/sponsor-corps")
    assert "Attacks and strikes against Sponsor Corps (1)" in text
    assert "Attacks and strikes against it 1" in text


def test_groups_index_and_country_count_attacks_only(site):
    text = text_of(site, "countries/syria")
    assert "Attacks recorded 0" in text and "Strikes recorded 1" in text


# -- the attack page -----------------------------------------------------------------------------

def test_strike_page_says_strike_and_links_its_targets(site):
    root = page(site, "attacks/2023-10-06-depot-strike")
    assert words(root.find("h1")) == "Airstrike on Brigade One weapons depot"
    rows = {" ".join(tr.find_all("td")[0].text().split()): tr for tr in root.find_all("tr") if tr.find_all("td")}
    assert "Strike on" in rows, list(rows)
    links = [a.attrs["href"] for a in rows["Strike on"].find_all("a")]
    assert links == ["../../groups/brigade-one/", "../../groups/sponsor-corps/"]
    assert root.find("th").text().strip() == "Strike"
    text = words(root)
    assert "Next strike: October 8, 2023" in text and "Previous attack" not in text
    assert words(page(site, "attacks/2023-10-08-convoy-strike").find("h1")) == \
        "Drone strike on Brigade One convoy near Qaim"


def test_attack_page_names_the_groups_it_hit(site):
    root = page(site, "attacks/2023-10-09-clash")
    assert root.find("th").text().strip() == "Attack"
    rows = {" ".join(tr.find_all("td")[0].text().split()): tr for tr in root.find_all("tr") if tr.find_all("td")}
    assert [a.attrs["href"] for a in rows["Against"].find_all("a")] == ["../../groups/brigade-one/"]


# -- feeds and downloads -------------------------------------------------------------------------

def test_site_feed_marks_strikes(site):
    feed = ET.parse(site / "feed.xml").getroot()
    entries = {e.find(f"{ATOM}title").text: e for e in feed.findall(f"{ATOM}entry")}
    strike = entries["Airstrike on Brigade One weapons depot"]
    assert [c.get("term") for c in strike.findall(f"{ATOM}category")][0] == "strike"
    attack = entries["Drone attack on North Base"]
    assert "strike" not in [c.get("term") for c in attack.findall(f"{ATOM}category")]


def read_csv(site, path: str) -> list:
    return list(csv.DictReader(io.StringIO((site / path).read_text(encoding="utf-8"))))


def test_attack_downloads_have_kind_and_target_groups(site):
    rows = {row["id"]: row for row in read_csv(site, "downloads/attacks.csv")}
    assert {i for i, r in rows.items() if r["kind"] == "strike"} == STRIKES
    assert {i for i, r in rows.items() if r["kind"] == "attack"} == ATTACKS
    assert rows["2023-10-06-depot-strike"]["target_groups"] == "brigade-one; sponsor-corps"
    records = {r["id"]: r for r in json.loads((site / "downloads/attacks.json").read_text(encoding="utf-8"))}
    assert records["2023-10-08-convoy-strike"]["kind"] == "strike"
    assert records["2023-10-09-clash"]["target_groups"] == ["brigade-one"]
    schema = json.loads((site / "downloads/attacks.schema.json").read_text(encoding="utf-8"))
    assert {"kind", "target_groups"} <= set(schema["items"]["required"])
    geo = json.loads((site / "downloads/attacks.geojson").read_text(encoding="utf-8"))
    kinds = {f["id"]: f["properties"]["kind"] for f in geo["features"]}
    assert kinds["2023-10-06-depot-strike"] == "strike" and kinds["2023-10-02-north"] == "attack"


def test_group_downloads_count_strikes_apart(site):
    rows = {row["id"]: row for row in read_csv(site, "downloads/groups.csv")}
    assert (rows["brigade-one"]["attacks"], rows["brigade-one"]["strikes"], rows["brigade-one"]["attacks_against"]) \
        == ("2", "0", "3")
    assert (rows["state-air-force"]["attacks"], rows["state-air-force"]["strikes"]) == ("0", "2")


def test_listing_csv_says_strike(site):
    rows = {row["id"]: row["kind"] for row in read_csv(site, "groups/state-air-force/listing.csv")}
    assert rows == {i: "strike" for i in STRIKES}


def test_sqlite_has_kind_and_targets(site):
    db = sqlite3.connect(site / "downloads/militia-atlas.db")
    try:
        kinds = dict(db.execute("SELECT id, kind FROM attacks"))
        targets = sorted(db.execute("SELECT attack_id, group_id FROM targets"))
    finally:
        db.close()
    assert {i for i, k in kinds.items() if k == "strike"} == STRIKES
    assert targets == [("2023-10-06-depot-strike", "brigade-one"), ("2023-10-06-depot-strike", "sponsor-corps"),
                       ("2023-10-08-convoy-strike", "brigade-one"), ("2023-10-09-clash", "brigade-one")]


def test_acled_export_gives_strikes_their_event_type_and_actor2(site):
    rows = {(r["event_date"], r["location"]): r for r in read_csv(site, "downloads/attacks-acled.csv")}
    strike = rows[("2023-10-06", "Brigade One weapons depot")]
    assert (strike["event_type"], strike["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert (strike["actor1"], strike["actor2"], strike["assoc_actor_2"]) == \
        ("State Air Force", "Brigade One", "Sponsor Corps")
    assert (strike["inter1"], strike["inter2"], strike["interaction"]) == ("8", "3", "38")
    clash = rows[("2023-10-09", "Checkpoint south of Baiji")]
    assert (clash["event_type"], clash["sub_event_type"], clash["actor2"]) == ("Battles", "Armed clash", "Brigade One")
    assert (clash["inter1"], clash["inter2"], clash["interaction"]) == ("3", "3", "33")
    drone = rows[("2023-10-02", "North Base")]
    assert (drone["event_type"], drone["actor1"], drone["actor2"], drone["interaction"]) == \
        ("Explosions/Remote violence", "Brigade One", "", "30")


# -- bad input -----------------------------------------------------------------------------------

def invalid_site(tmp_path, attack: str, extra: dict | None = None):
    root = copy_fixture("strikes", tmp_path / "site")
    write_tree(root, {"entries/attacks/2023-10-20-bad.yml": attack, **(extra or {})})
    return run_cli("validate", cwd=root)


BAD = """\
date: 2023-10-20
location: {{name: Somewhere, country: iraq}}
{fields}
summary: An invented strike.
sources:
  - publisher: Test Wire
    title: Invented report
    url: https://example.com/report
"""


def test_a_misspelt_kind_is_an_error_with_a_suggestion(tmp_path):
    result = invalid_site(tmp_path, BAD.format(fields="kind: strikes"))
    assert result.returncode == 1
    assert ("entries/attacks/2023-10-20-bad.yml:3:1: kind: 'strikes' is not one of the allowed words "
            "(did you mean 'strike'?)") in result.stdout


def test_an_unknown_target_group_is_an_error_with_a_suggestion(tmp_path):
    result = invalid_site(tmp_path, BAD.format(fields="kind: strike\ntarget_groups: [brigade-on]"))
    assert result.returncode == 1
    assert ("entries/attacks/2023-10-20-bad.yml:4:17: target_groups[0]: unknown group 'brigade-on' "
            "(did you mean 'brigade-one'?)") in result.stdout


def test_a_draft_target_group_is_an_error_and_a_broken_one_no_cascade(tmp_path):
    draft = ("name: Hidden\ntype: militia\ndraft: true\nsummary: x\nsources:\n  - publisher: P\n    title: T\n"
             "    url: https://example.com/\n")
    result = invalid_site(tmp_path, BAD.format(fields="kind: strike\ntarget_groups: [hidden-group, broken-group]"),
                          {"entries/groups/hidden-group.yml": draft, "entries/groups/broken-group.yml": "name: [\n"})
    assert result.returncode == 1
    assert "target_groups[0]: 'hidden-group' is a draft, and drafts are not published" in result.stdout
    assert "target_groups[1]" not in result.stdout


def test_a_group_cannot_claim_an_attack_on_itself(tmp_path):
    result = invalid_site(tmp_path, BAD.format(fields="claimed_by: [brigade-one]\ntarget_groups: [brigade-one]"))
    assert result.returncode == 1
    assert ("target_groups[0]: 'brigade-one' is also in claimed_by: a group does not claim an attack on itself"
            in result.stdout)


def test_new_attack_makes_a_strike(tmp_path):
    root = copy_fixture("strikes", tmp_path / "site")
    result = run_cli("new", "attack", "2023-10-21-strike", "--strike", "target_groups=brigade-one", cwd=root)
    assert result.returncode == 0, result.stderr
    text = (root / "entries/attacks/2023-10-21-strike.yml").read_text(encoding="utf-8")
    assert "\nkind: strike\n" in text and "\ntarget_groups: [brigade-one]\n" in text
    wrong = run_cli("new", "attack", "2023-10-22-strike", "--strike", "target_groups=brigade-on", cwd=root)
    assert wrong.returncode == 2 and "did you mean 'brigade-one'" in wrong.stderr


# -- the example site ----------------------------------------------------------------------------

def test_example_site_counts_the_us_strike_apart(example_site):
    home = page(example_site, "")
    assert "5 attacks 1 strike" in words(home)
    assert "2023-10-27-us-strike-eastern-syria" not in section_ids(home, "Latest attacks")
    assert section_ids(home, "Latest strikes") == ["2023-10-27-us-strike-eastern-syria"]
    assert "Stacked bar chart of 5 attacks" in (example_site / "index.html").read_text(encoding="utf-8")
    irgc = page(example_site, "groups/irgc")
    assert section_ids(irgc, "Attacks and strikes against Islamic Revolutionary Guard Corps (1)") == \
        ["2023-10-27-us-strike-eastern-syria"]
    us = words(page(example_site, "groups/us-military"))
    assert "Attacks claimed or attributed 0" in us and "Strikes claimed or attributed 1" in us
    assert timeline_counts(page(example_site, "timeline"), "Timeline") == 5
    rows = {r["id"]: r for r in read_csv(example_site, "downloads/attacks.csv")}
    assert rows["2023-10-27-us-strike-eastern-syria"]["kind"] == "strike"
    assert rows["2023-10-27-us-strike-eastern-syria"]["target_groups"] == "irgc"


def test_map_data_marks_strikes(site):
    features = json.loads((site / "assets/militia-atlas/map/features.geojson").read_text(encoding="utf-8"))
    marked = {f["properties"]["id"] for f in features["features"] if f["properties"].get("strike")}
    located = {f["properties"]["id"] for f in features["features"] if f["properties"]["kind"] == "attack"}
    assert marked == {"2023-10-06-depot-strike"} and "2023-10-09-clash" in located
    script = (site / "assets/militia-atlas/map.js").read_text(encoding="utf-8")
    assert "properties.strike" in script


def test_every_page_with_strikes_is_valid_html(site):
    """The pages strikes change (home, timeline, attacks index, group pages and their continuation of
    attacks and strikes against the group, attack pages), through the Nu HTML Checker."""
    from test_valid_html import describe, materials, nu_errors

    pages = [site / path / "index.html" for path in (
        "", "timeline", "attacks", "groups/brigade-one", "groups/brigade-one/targeted/page/2",
        "groups/state-air-force", "attacks/2023-10-06-depot-strike", "attacks/2023-10-09-clash", "countries/syria")]
    errors = [m for m in nu_errors(pages) if not materials(m)]
    assert not errors, describe(errors, site)
