"""The research views in a real browser: the map and its markers, a chart, and search."""

from __future__ import annotations

import re

from .conftest import SCREENSHOTS


def test_map_draws_every_base_and_attack_without_tiles(open_browser):
    tab = open_browser()
    page = tab.open("map/")
    page.locator(".ma-map.ma-map--ready").wait_for()
    assert "ma-map--no-tiles" in page.locator(".ma-map").get_attribute("class")
    bases = page.locator("path.ma-marker--base")
    bases.first.wait_for()
    assert bases.count() == 3
    assert page.locator(".ma-marker--attack").count() >= 1
    assert page.locator("img.leaflet-tile").count() == 0  # tiles are off: nothing asked of a tile server
    assert page.locator(".ma-map path.leaflet-interactive, .ma-map path").count() > bases.count()  # outlines drawn
    tab.screenshot("map", full_page=False)

    # Attacks lie above the bases they hit: their popup links the base too (tests/browser/test_map.py).
    page = tab.open("bases/")  # the bases' map: bases only
    bases = page.locator("path.ma-marker--base")
    bases.first.wait_for()
    bases.first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert re.search(r"\d+ attacks? recorded", popup.inner_text())
    tab.screenshot("map-popup", full_page=False)
    popup.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/bases/[a-z0-9-]+/$"))


def test_map_keeps_its_outlines_when_tiles_cannot_load(open_browser):
    """Offline (every outside request aborted): one tile is asked for, then none; no script error."""
    tab = open_browser(tiles=True)
    page = tab.open("map/")
    element = page.locator(".ma-map.ma-map--tiles-failed")
    element.wait_for()
    assert "ma-map--no-tiles" in element.get_attribute("class")
    assert "could not be loaded" in page.locator(".leaflet-control-attribution").inner_text()
    page.locator(".leaflet-control-zoom-in").click()  # a new view asks for no tile either
    page.wait_for_timeout(500)
    assert page.locator("img.leaflet-tile").count() == 0
    assert len(tab.watch.outside_requests) == 1 and "tile.openstreetmap.org" in tab.watch.outside_requests[0]
    # The one failed request is the browser's own log line; nothing else may be logged.
    assert all(text.startswith("Failed to load resource") for text in tab.watch.console_errors), \
        tab.watch.console_errors
    tab.watch.outside_requests.clear()
    tab.watch.console_errors.clear()


def test_chart_of_attacks_per_week(open_browser):
    tab = open_browser()
    page = tab.open("")
    chart = page.get_by_role("img", name="Attacks per week, by country")
    assert chart.is_visible()
    bars = chart.locator("path.ma-bars")  # one path per stacked category (charts.py)
    assert bars.count() >= 2
    heights = [bars.nth(i).bounding_box()["height"] for i in range(bars.count())]
    assert all(h > 0 for h in heights)
    figure = page.locator("#chart-country")
    figure.screenshot(path=str(SCREENSHOTS / "chart.png"))

    figure.get_by_text("The numbers as a table").click()
    totals = figure.locator("tbody tr td:last-child").all_inner_texts()
    assert sum(int(t) for t in totals) == 5  # every attack of the example site, counted once; not the strike


def test_search_finds_a_group_by_an_alias(open_browser):
    tab = open_browser()
    page = tab.open("")
    query = page.locator("#ma-search-input")  # in the header on a wide screen
    query.click()
    query.fill("Hizballah")  # only in the group's aliases ("Kata'ib Hizballah"), never in its name
    first = page.locator("#ma-search-results li a").first
    first.wait_for()
    assert first.get_attribute("href").rstrip("/").endswith("groups/kataib-hezbollah")
    assert "Kata'ib Hezbollah" in first.inner_text()
    tab.screenshot("search", full_page=False)

    first.click()
    page.wait_for_url("**/groups/kataib-hezbollah/**")
