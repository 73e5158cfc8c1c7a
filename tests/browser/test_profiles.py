"""Profiles lead with the list (issue 15, item 1): on a desktop screen (1366×900) a group's page shows
its compact header and then the first items of its newest-first list, on the example site's
Islamic Resistance in Iraq and on the busiest group of a synthetic site; base, country, sea and tag
pages too. Screenshots of each, desktop and phone, light and dark."""

from __future__ import annotations

import collections
import re

import pytest

from conftest import run_cli

from .conftest import PHONE, SiteServer

DESKTOP = {"viewport": {"width": 1366, "height": 900}}
FIRST_SCREEN = 900


def first_item_top(page) -> float:
    """The first listing item's top edge, in CSS pixels from the top of the page (not scrolled)."""
    page.evaluate("window.scrollTo(0, 0)")
    return page.locator("article .ma-item").first.evaluate("e => e.getBoundingClientRect().top + window.scrollY")


@pytest.fixture(scope="module")
def synthetic_url(tmp_path_factory):
    """`militia-atlas synth --attacks 300` built; yields (URL, the id of its busiest group)."""
    root = tmp_path_factory.mktemp("synthetic")
    run_cli("synth", "--attacks", "300", "--out", str(root / "synth"), cwd=root, check=True)
    site_root = root / "synth"
    run_cli("build", cwd=site_root, check=True)
    claims = collections.Counter()
    for entry in (site_root / "entries" / "attacks").glob("*.yml"):
        text = entry.read_text(encoding="utf-8")
        claims.update(set(re.findall(r"^\s*-\s*(?:group:\s*)?([a-z0-9-]+)\s*$", text, re.MULTILINE))
                      & {path.stem for path in (site_root / "entries" / "groups").glob("*.yml")})
    busiest = claims.most_common(1)[0][0]
    with SiteServer(site_root / "site") as server:
        yield server.url, busiest


@pytest.mark.parametrize("path", ["groups/islamic-resistance-in-iraq/", "groups/kataib-hezbollah/",
                                  "bases/al-shadadi/", "countries/iraq/", "tags/iran-backed-militias/"])
def test_the_list_starts_on_the_first_screen(open_browser, path):
    tab = open_browser(**DESKTOP)
    page = tab.open(path)
    assert first_item_top(page) < FIRST_SCREEN, path
    assert page.locator("article .ma-header, article h1").first.is_visible()
    tab.screenshot("first-screen-" + path.strip("/").replace("/", "-"), full_page=False)


def test_a_busy_groups_list_starts_on_the_first_screen(open_browser, synthetic_url):
    url, busiest = synthetic_url
    tab = open_browser(url, **DESKTOP)
    page = tab.open(f"groups/{busiest}/")
    assert page.locator("article .ma-item").count() >= 10  # a busy group: a full first page
    assert first_item_top(page) < FIRST_SCREEN
    tab.screenshot("first-screen-synthetic-busiest-group", full_page=False)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_group_profile_on_a_phone_and_a_desktop(open_browser, scheme):
    for name, options in (("desktop", DESKTOP), ("phone", PHONE)):
        tab = open_browser(color_scheme=scheme, **options)
        page = tab.open("groups/islamic-resistance-in-iraq/")
        assert page.locator("article .ma-header").is_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= options["viewport"]["width"], (name, width)  # nothing scrolls sideways
        tab.screenshot(f"group-profile-{name}-{scheme}")
