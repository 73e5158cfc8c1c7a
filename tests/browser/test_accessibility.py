"""axe-core (pinned in npm-packages.json) finds no serious or critical violation on any main page type."""

from __future__ import annotations

import pytest

from .conftest import LARGE_GROUP

# (name, which site, path): one page of each type readers land on.
PAGES = [
    ("home", "example", ""),
    ("group", "example", "groups/kataib-hezbollah/"),
    ("group-listing-page-2", "large", f"groups/{LARGE_GROUP}/page/2/"),
    ("attack", "example", "attacks/2023-10-29-al-shadadi/"),
    ("base", "example", "bases/al-shadadi/"),
    ("country", "example", "countries/iraq/"),
    ("tag", "example", "tags/iran-backed-militias/"),
    ("article", "example", "articles/militias-keep-up-attacks/"),
    ("attack-list", "example", "attacks/"),
    ("timeline", "example", "timeline/"),
    ("map", "example", "map/"),
    ("network", "example", "network/"),
]


def describe(violations: list) -> str:
    return "\n".join(f"{v['impact']}: {v['id']} ({v['help']})\n    " + "\n    ".join(v["nodes"])
                     for v in violations)


def site_url(request, which: str) -> str:
    return request.getfixturevalue("example_url" if which == "example" else "large_url")


@pytest.mark.parametrize("name, which, path", PAGES, ids=[p[0] for p in PAGES])
def test_no_serious_violation(open_browser, request, name, which, path):
    tab = open_browser(site_url(request, which))
    page = tab.open(path)
    if name == "map":
        page.locator(".ma-map.ma-map--ready").wait_for()
    violations = tab.axe()
    assert not violations, f"{path or '/'}:\n{describe(violations)}"


@pytest.mark.parametrize("name, path", [("home", ""), ("group", "groups/kataib-hezbollah/"),
                                        ("attack", "attacks/2023-10-29-al-shadadi/")])
def test_no_serious_violation_in_dark_mode(open_browser, name, path):
    tab = open_browser(color_scheme="dark")
    page = tab.open(path)
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    violations = tab.axe()
    assert not violations, f"{path or '/'} (dark):\n{describe(violations)}"


def test_search_results_have_no_serious_violation(open_browser):
    tab = open_browser()
    page = tab.open("")
    page.locator("#ma-search-input").fill("Hezbollah")
    page.locator("#ma-search-results li").first.wait_for()
    violations = tab.axe()
    assert not violations, f"search results:\n{describe(violations)}"


def test_axe_finds_what_it_should(open_browser):
    """The check can fail: a page made inaccessible on purpose is caught."""
    tab = open_browser()
    page = tab.open("")
    page.evaluate("""() => {
        const img = document.createElement('img'); img.src = 'assets/images/favicon.png';
        document.querySelector('article').appendChild(img);
        const link = document.createElement('a'); link.href = '#';
        document.querySelector('article').appendChild(link);
    }""")
    ids = {v["id"] for v in tab.axe()}
    assert {"image-alt", "link-name"} <= ids
