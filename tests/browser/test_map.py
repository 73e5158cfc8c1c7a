"""The map as a reader meets it (issue 15, item 4): attacks visible above bases, grouped by place,
popups that link to every attack, strikes told apart, an entity page's map marking the entity, a
basemap with names that needs no tiles, and a dark map in the dark scheme."""

from __future__ import annotations

import re

import pytest

from conftest import copy_example, run_cli, write_tree
from .conftest import SiteServer

STRIKE = """\
kind: strike
date: 2023-11-12
title: Strikes on a storage site near Abu Kamal
location:
  name: Storage site near Abu Kamal
  country: syria
  coordinates: [34.45, 40.92]
claimed_by:
  - us-military
confirmation: confirmed
weapons:
  - airstrike
outcome: unknown
summary: A strike placed on the map, for the browser test of strike markers.
sources:
  - publisher: Test desk
    title: Strike report
    url: https://example.org/strike
"""


@pytest.fixture(scope="module")
def strike_url(tmp_path_factory):
    """The example site with a strike that has coordinates (the example's strike has none)."""
    root = copy_example(tmp_path_factory.mktemp("map-strike"))
    write_tree(root, {"entries/attacks/2023-11-12-strike-abu-kamal.yml": STRIKE})
    run_cli("build", cwd=root, check=True)
    with SiteServer(root / "site") as server:
        yield server.url


def ready(page):
    page.locator(".ma-map.ma-map--ready").first.wait_for()
    page.locator(".ma-map .leaflet-marker-icon, .ma-map path.ma-marker--base").first.wait_for()
    return page


def test_grouped_marker_lists_every_attack_at_a_place_and_links_to_them(open_browser):
    tab = open_browser()
    page = ready(tab.open("map/"))
    omar = page.locator(".ma-marker--attack[aria-label^='2 attacks'][aria-label*='Omar']")
    assert omar.count() == 1  # the two attacks on Omar Oil Field: one marker, with its number
    assert omar.inner_text().strip() == "2"
    omar.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    links = popup.locator("a[href*='attacks/']")
    assert links.count() == 2
    assert "2 attacks" in popup.inner_text()
    assert popup.locator("a[href*='bases/omar-oil-field/']").count() == 1  # the base, under the marker
    tab.screenshot("map-group-popup", full_page=False)
    links.first.click()
    page.wait_for_url(re.compile(r"/attacks/2023-10-29-omar-oil-field/$"))


def test_attack_markers_lie_above_base_markers(open_browser):
    page = ready(open_browser().open("map/"))
    markers = page.locator(".ma-marker--attack")
    assert markers.count() >= 3
    for i in range(markers.count()):
        box = markers.nth(i).bounding_box()
        on_top = page.evaluate("([x, y]) => !!document.elementFromPoint(x, y).closest('.ma-marker--attack')",
                               [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
        assert on_top, f"attack marker {i} is under another layer"


def test_a_busy_place_lists_ten_and_links_to_the_rest(open_browser, large_url):
    tab = open_browser(large_url)
    page = ready(tab.open("map/"))
    busiest = page.locator(".ma-marker--attack").filter(has_text=re.compile(r"^\d\d+$")).first
    busiest.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("li a[href*='attacks/']").count() == 10
    more = popup.get_by_role("link", name="every attack at this place")
    assert re.search(r"and \d+ more", popup.inner_text())
    more.click()
    page.wait_for_url(re.compile(r"/bases/[a-z0-9-]+/$"), wait_until="domcontentloaded")


def test_strikes_are_diamonds_apart_from_attacks_with_a_key(open_browser, strike_url):
    tab = open_browser(strike_url)
    page = ready(tab.open("map/"))
    strike = page.locator(".ma-marker--strike")
    assert strike.count() == 1
    assert "strike" in strike.get_attribute("aria-label")
    key = page.locator(".ma-map-legend")
    assert "Strike" in key.inner_text() and "Attack" in key.inner_text() and "Base" in key.inner_text()
    strike.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "1 strike" in popup.inner_text() and "Strike: " in popup.inner_text()
    tab.screenshot("map-strike", full_page=False)


def test_offline_map_names_countries_and_seas_and_asks_nothing_elsewhere(open_browser):
    tab = open_browser()  # tiles off: any request off the site fails the test (conftest.Watch)
    page = ready(tab.open("map/"))
    box = page.locator(".ma-map").bounding_box()
    for name in ("Iraq", "Syria"):
        label = page.locator(".ma-map-label--country", has_text=re.compile(f"^{name}$"))
        assert label.count() == 1 and label.is_visible(), name
        where = label.locator("span").bounding_box()
        assert box["x"] <= where["x"] and where["x"] + where["width"] <= box["x"] + box["width"], name
        assert box["y"] <= where["y"] and where["y"] + where["height"] <= box["y"] + box["height"], name
        # The outlines (land) are drawn in Leaflet's overlay pane: names must lie above it.
        on_top = label.evaluate("l => +getComputedStyle(l.closest('.leaflet-pane')).zIndex > "
                                "+getComputedStyle(l.closest('.leaflet-map-pane').querySelector("
                                "'.leaflet-overlay-pane')).zIndex")
        assert on_top, f"{name}: the name is drawn under the land"
    page.locator(".leaflet-control-zoom-out").click()
    page.wait_for_timeout(400)
    page.locator(".leaflet-control-zoom-out").click()
    page.wait_for_timeout(400)
    seas = page.locator(".ma-map-label--sea").evaluate_all(
        "(ls, b) => ls.filter(l => { const r = l.getBoundingClientRect(); "
        "return r.left >= b.x && r.right <= b.x + b.width && r.top >= b.y && r.bottom <= b.y + b.height; })"
        ".map(l => l.textContent)", box)
    assert seas, "no sea is named on the map"
    tab.screenshot("map-offline-names", full_page=False)
    assert page.locator("img.leaflet-tile").count() == 0


def test_base_page_map_marks_the_base_and_shows_its_attacks(open_browser):
    tab = open_browser()
    page = ready(tab.open("bases/omar-oil-field/"))
    marked = page.locator("path.ma-marker--base.ma-marker--marked")
    assert marked.count() == 1
    assert page.locator(".ma-marker--attack").count() == 1  # its two attacks, at its point
    assert "This base" in page.locator(".ma-map-legend").inner_text()
    tab.screenshot("map-base-page", full_page=False)


def test_country_page_map_marks_the_country(open_browser):
    page = ready(open_browser().open("countries/iraq/"))
    assert page.locator("path.ma-outline--marked").count() == 1


def test_dark_map_is_dark(open_browser):
    tab = open_browser(color_scheme="dark")
    page = ready(tab.open("map/"))
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    for selector, css in ((".ma-map", "backgroundColor"), (".ma-map path.ma-outline", "fill")):
        colour = page.locator(selector).first.evaluate(f"e => getComputedStyle(e).{css}")
        red, green, blue = map(int, re.findall(r"\d+", colour)[:3])
        assert max(red, green, blue) < 80, f"{selector} is {colour} in the dark scheme"
    tab.screenshot("map-dark", full_page=False)


def test_a_base_popup_lists_the_attacks_on_it(open_browser):
    tab = open_browser()
    page = ready(tab.open("bases/"))  # the bases' map: bases only, each clickable
    base = page.locator("path.ma-marker--base")
    assert base.count() == 3
    for i in range(base.count()):
        base.nth(i).click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        if "Omar Oil Field" in popup.inner_text():
            break
        page.locator(".leaflet-popup-close-button").click()
        page.locator(".leaflet-popup").wait_for(state="detached")
    assert "2 attacks recorded" in popup.inner_text()
    assert popup.locator("li a[href*='attacks/']").count() == 2
