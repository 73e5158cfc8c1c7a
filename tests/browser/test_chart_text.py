"""Text in charts and diagrams stays readable on a phone: at least 11 px as Chromium renders it, and
the labels under a chart's bars do not run into each other."""

from __future__ import annotations

import pytest

from conftest import run_cli

from .conftest import PHONE, SiteServer

SMALLEST = 11  # px, as rendered
# Every text drawn in a chart or diagram: its font size in CSS px times the drawing's scale on screen.
RENDERED_SIZES = """() => [...document.querySelectorAll('svg.ma-chart-svg text, svg.ma-network-svg text')]
  .filter(t => getComputedStyle(t).display !== 'none' && t.getBBox().width > 0)
  .map(t => ({text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a}))"""
BOTTOM_LABELS = """() => [...document.querySelectorAll('svg.ma-chart-svg')].map(svg =>
  [...svg.querySelectorAll('text.ma-axis:not([text-anchor])')]
    .filter(t => getComputedStyle(t).display !== 'none')
    .map(t => { const r = t.getBoundingClientRect(); return [r.left, r.right, t.textContent]; }))"""


@pytest.fixture(scope="module")
def long_site_url(tmp_path_factory):
    """A synthetic site whose record spans years (its charts have a monthly companion) with 20 groups (a wide network)."""
    root = tmp_path_factory.mktemp("chart-text") / "synth"
    run_cli("synth", "--attacks", "600", "--out", str(root), cwd=root.parent, check=True)
    run_cli("build", cwd=root, check=True)
    with SiteServer(root / "site") as server:
        yield server.url


def check_page(tab, path: str, name: str):
    page = tab.open(path)
    sizes = page.evaluate(RENDERED_SIZES)
    assert sizes, f"{path}: no chart or diagram text found"
    small = [s for s in sizes if s["px"] < SMALLEST - 0.05]
    tab.screenshot(f"phone-text-{name}")
    assert not small, f"{path}: {len(small)} of {len(sizes)} texts under {SMALLEST}px, e.g. {small[:3]}"
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, \
        f"{path}: the page scrolls sideways (a wide diagram scrolls in its own frame)"
    for labels in page.evaluate(BOTTOM_LABELS):
        for (_, right, text), (left, _, following) in zip(labels, labels[1:]):
            assert right <= left, f"{path}: '{text}' runs into '{following}'"


@pytest.mark.parametrize("path, name", [("", "home"), ("groups/kataib-hezbollah/", "group"),
                                        ("network/", "network")])
def test_chart_and_diagram_text_is_readable_on_a_phone(open_browser, path, name):
    check_page(open_browser(**PHONE), path, name)


def test_weekly_and_monthly_chart_text_is_readable_on_a_phone(open_browser, long_site_url):
    tab = open_browser(long_site_url, **PHONE)
    check_page(tab, "", "long-home")
    assert tab.page.locator("svg.ma-chart-svg").count() >= 4  # weekly and monthly, by country and by weapon
    check_page(tab, "groups/kataib-hezbollah/", "long-group")
    check_page(tab, "network/", "long-network")
