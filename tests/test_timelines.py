"""Timelines (timelines.py): year then month with counts, on the timeline page and on entity pages."""

from __future__ import annotations

import pytest

from conftest import synthetic_renderer
from views_html import page, page_file, parse, resolve

# The fixture's published attacks by month (the draft of 2023-12-24 is left out).
FIXTURE_MONTHS = {"2024-01": 2, "2024": 1, "2023-12": 1, "2023-11": 5, "2023-10": 5}
BRIGADE_MONTHS = {"2024-01": 1, "2023-12": 1, "2023-11": 3, "2023-10": 3}


def month_counts(root) -> dict:
    return {li.attrs["data-month"]: int(li.attrs["data-count"]) for li in root.find_all("li", data_month=True)}


def test_global_timeline_counts_every_published_attack_by_month(views_site):
    timeline = page(views_site, "timeline/")
    assert month_counts(timeline) == FIXTURE_MONTHS
    years = [s.text() for s in timeline.find_all("summary")]
    assert any("2023" in y and "11 attacks" in y for y in years), years


def test_month_links_land_on_the_page_listing_that_month(views_site):
    timeline = page(views_site, "timeline/")
    links = [li.find("a") for li in timeline.find_all("li", data_month=True)]
    assert len(links) == len(FIXTURE_MONTHS)
    for link, li in zip(links, timeline.find_all("li", data_month=True)):
        href = link.attrs["href"]
        anchor = href.split("#", 1)[1]
        target = page_file(views_site, resolve("timeline/", href)).read_text(encoding="utf-8")
        assert f'id="{anchor}"' in target, (li.attrs["data-month"], href)


def test_month_links_follow_pagination(views_site):
    """10 attacks per index page: January 2024 is on page 1 and a later page starts with October."""
    second = page_file(views_site, "attacks/page/2/").read_text(encoding="utf-8")
    assert 'id="m-2023-10"' in second


def noscript_links(timeline) -> dict:
    """{facet title: [(text, href)]}: the filter without script, one paragraph of links per facet."""
    found = {}
    for paragraph in timeline.find("noscript").find_all("p"):
        found[paragraph.find("strong").text().rstrip(":")] = [(a.text(), a.attrs["href"]) for a in paragraph.find_all("a")]
    return found


def test_filter_offers_every_facet_and_without_script_each_choice_is_a_page(views_site):
    timeline = page(views_site, "timeline/")
    form = timeline.find("form", data_ma_timeline=True)
    labels = [label.text().replace(label.find("select").text() if label.find("select") else "", "").strip()
              for label in form.find_all("label")]
    assert labels == ["Group", "Target (base or vessel)", "Country or sea", "Weapon", "Kind", "From", "To"]
    assert resolve("timeline/", form.attrs["data-data"]) == "assets/militia-atlas/timeline.json"
    links = noscript_links(timeline)
    assert list(links) == ["Group", "Base", "Country", "Weapon"]
    names = {text for choices in links.values() for text, _ in choices}
    assert {"Brigade One", "North Base", "Iraq", "Drone", "IED"} <= names
    for text, href in (link for choices in links.values() for link in choices):
        assert page_file(views_site, resolve("timeline/", href)).is_file(), href


def test_the_data_file_offers_every_value_and_counts_what_the_pages_count(views_site, views_root):
    import json

    from militia_atlas.core import engine
    from militia_atlas.publish.config import quick_settings

    site, _ = engine.check(quick_settings(views_root / "mkdocs.yml"))
    data = json.loads(page_file(views_site, "assets/militia-atlas/timeline.json").read_text(encoding="utf-8"))
    rows, facets = data["rows"], data["facets"]
    assert [row[0] for row in rows] == [item.id for item in site.timeline]  # newest first, strikes too
    assert [value for value, _, _ in facets["group"]] == sorted(site.groups, key=lambda g: (site.groups[g].name.lower(), g))
    assert "sponsor-corps" in [value for value, _, _ in facets["group"]]  # offered even with no attack
    for facet, kind in (("group", "group"), ("target", "base"), ("place", "country")):
        for value, _, count in facets[facet]:
            ident = value.split(":")[-1]
            if facet == "group" or value.startswith(kind + ":"):
                assert count == len(site.listings.get((kind, ident), [])) - sum(
                    1 for item in site.listings.get((kind, ident), []) if item.kind == "article"), value
    weapons = {value: count for value, _, count in facets["weapon"]}
    drone = page(views_site, "timeline/weapon/drone/")
    assert weapons["drone"] == sum(month_counts(drone).values())
    url = data["attack_url"].replace("ATTACK-ID", rows[0][0])
    assert page_file(views_site, url).is_file()


def test_weapon_facet_page_counts_only_that_weapon(views_site):
    drone = page(views_site, "timeline/weapon/drone/")
    # drone: Oct 2, Oct 11 (with rocket), Oct 25, Nov 1, Dec 5, Jan 15 (the draft drone attack excluded)
    assert month_counts(drone) == {"2024-01": 1, "2023-12": 1, "2023-11": 1, "2023-10": 3}


def test_group_page_carries_its_own_timeline(views_site):
    group = page(views_site, "groups/brigade-one/")
    assert group.find(id="timeline") is not None
    assert month_counts(group) == BRIGADE_MONTHS


def test_entity_month_links_go_to_its_listing_pages(views_site):
    group = page(views_site, "groups/brigade-one/")
    for li in group.find_all("li", data_month=True):
        href = li.find("a").attrs["href"]
        assert page_file(views_site, resolve("groups/brigade-one/", href)).is_file(), href


def test_base_and_country_pages_carry_timelines(views_site):
    assert month_counts(page(views_site, "bases/east-base/")) == {"2024-01": 1, "2024": 1, "2023-11": 1, "2023-10": 2}
    iraq = month_counts(page(views_site, "countries/iraq/"))
    assert iraq == {"2024-01": 1, "2023-12": 1, "2023-11": 4, "2023-10": 2}  # North, Hidden Base, Desert Road


# -- the timeline page does not grow with the number of groups, bases or attacks ------------------

@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> dict:
    """{attacks: (site, timeline/index.md)} for synthetic sites of two sizes, over the same months."""
    from militia_atlas.views import timelines

    out = {}
    for attacks in (1500, 3000):
        site, renderer = synthetic_renderer(tmp_path_factory.mktemp("synth") / "site", attacks, 5)
        out[attacks] = (site, renderer.render("timeline.html.j2", timelines.INDEX_SRC, weapon=None).content)
    return out


def test_timeline_page_stays_the_same_size_as_entries_grow(synthetic):
    (small_site, small), (large_site, large) = synthetic[1500], synthetic[3000]
    sizes = [(len(s.groups), len(s.bases), len(s.timeline)) for s in (small_site, large_site)]
    assert all(large >= 1.9 * small for small, large in zip(*sizes)), sizes
    # With every group and base in the filter, the page was 1.4 times the size with twice as many.
    assert len(large.encode()) <= 1.05 * len(small.encode()), (len(small.encode()), len(large.encode()))


def test_without_script_the_filter_offers_the_busiest_and_leads_to_all_the_others(synthetic):
    from militia_atlas.views.timelines import MAX_FILTER_CHOICES

    site, text = synthetic[3000]
    links = noscript_links(parse(text))
    for title, kind, index in (("Group", "group", "groups/"), ("Base", "base", "bases/")):
        *offered, more = links[title]
        assert len(offered) == MAX_FILTER_CHOICES
        assert resolve("timeline/", more[1]) == index and "more" in more[0]
        counts = {ident: len(site.attack_items(kind, ident)) for (k, ident) in site.listings if k == kind}
        with_attacks = {ident for ident, count in counts.items() if count}
        shown = {resolve("timeline/", href).split("/")[1] for _, href in offered}
        assert shown <= with_attacks and len(with_attacks) > len(shown)
        assert min(counts[i] for i in shown) >= max(counts[i] for i in with_attacks - shown)
        assert [name for name, _ in offered] == sorted((name for name, _ in offered), key=str.lower)
        assert more[0].startswith(f"{len(with_attacks) - MAX_FILTER_CHOICES} more")


def test_a_rows_meta_line_keeps_claims_and_attributions_apart(tmp_path):
    import json

    from conftest import copy_fixture, write_tree
    from militia_atlas.core import engine
    from militia_atlas.publish.config import quick_settings
    from militia_atlas.views.timeline_data import timeline_json

    root = copy_fixture("views", tmp_path / "site")
    write_tree(root, {"entries/attacks/2024-02-01-north.yml": (
        "date: 2024-02-01\nbase: north-base\nclaimed_by: [brigade-one]\n"
        "attributed_to:\n  - group: umbrella-front\n    by: officials\n    certainty: stated\n"
        "  - group: lone-group\n    by: analysts\n    certainty: suspected\n"
        "weapons: [drone, rocket]\nkilled: [3, null]\nwounded: 4\nsummary: A test attack.\n"
        "sources:\n  - publisher: Test Wire\n    title: Test report\n    url: https://example.com/report\n")})
    site, problems = engine.check(quick_settings(root / "mkdocs.yml"))
    assert not problems
    rows = {row[0]: row for row in json.loads(timeline_json(site))["rows"]}
    assert rows["2024-02-01-north"][-1] == (
        "Attack · claimed by Brigade One; attributed to Umbrella Resistance; suspected: Lone Group · "
        "North Base, Iraq · drone, rocket · at least 3 killed, 4 wounded")
    assert rows["2023-10-02-north"][-1] == "Attack · claimed by Brigade One · North Base, Iraq · drone · 2 killed"
