"""The home page on a phone, wide tables that scroll, and the editors' pages' contrast (issue 15: 7, 8, 12, axe)."""

from __future__ import annotations

import pytest

from .conftest import PHONE
from .test_accessibility import PAGES, describe, site_url

# Every table: the boxes around it (itself included) that scroll sideways, whether one of them or the
# table overflows, and the background of the one that overflows (where a cue is drawn).
SCROLL_BOXES = """() => [...document.querySelectorAll('article table')].map(table => {
    const scrollers = [];
    for (let box = table; box && box.tagName !== 'ARTICLE'; box = box.parentElement) {
        if (/(auto|scroll)/.test(getComputedStyle(box).overflowX)) scrollers.push(box);
    }
    const overflowing = scrollers.filter(box => box.scrollWidth > box.clientWidth + 1);
    const sticksOut = table.getBoundingClientRect().right > window.innerWidth + 1;
    return {table: (table.className || table.parentElement.className || 'table'),
            visible: table.getClientRects().length > 0,
            overflows: overflowing.length > 0 || sticksOut, scrolls: overflowing.length > 0,
            cue: overflowing.length ? getComputedStyle(overflowing[0]).backgroundImage : 'none'};
})"""

# Any element of the article whose text is wider than its box and is not a scrolling box itself.
CUT_OFF = """() => [...document.querySelectorAll('article *')].filter(el => {
    const style = getComputedStyle(el);
    if (/(auto|scroll)/.test(style.overflowX) || el.closest('svg, pre, code, table, .md-typeset__scrollwrap')) return false;
    if (!el.getClientRects().length) return false;
    return el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible'
        || el.getBoundingClientRect().right > window.innerWidth + 1;
}).map(el => el.tagName + '.' + el.className + ': ' + el.textContent.trim().slice(0, 40))"""


def test_the_home_page_on_a_phone_cuts_nothing_and_its_counts_stack(open_browser):
    tab = open_browser(**PHONE)
    page = tab.open("")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert page.evaluate(CUT_OFF) == []
    boxes = page.locator("article .ma-stats li")
    assert boxes.count() == 5
    for box in boxes.all():  # each count fits its box: "1 article", not "1 articl"
        assert box.evaluate("b => b.scrollWidth <= b.clientWidth && b.getBoundingClientRect().right <= innerWidth")
    tops = {round(box.bounding_box()["y"]) for box in boxes.all()}
    assert len(tops) > 1, "five counts do not fit one line of a phone: they wrap onto more"
    tab.screenshot("phone-home")


@pytest.mark.parametrize("path", ["", "attacks/2023-10-29-al-shadadi/", "downloads/"])
def test_a_table_wider_than_a_phone_scrolls_in_its_box_with_a_visible_cue(open_browser, path):
    tab = open_browser(**PHONE)
    page = tab.open(path)
    for details in page.locator("article details").all():
        details.evaluate("d => d.open = true")  # the chart's numbers: the widest tables
    tables = [t for t in page.evaluate(SCROLL_BOXES) if t["visible"]]
    assert tables
    wide = [t for t in tables if t["overflows"]]
    assert wide or path != "", "the home page's chart tables are wider than a phone"
    for table in wide:
        assert table["scrolls"], f"{table['table']} is cut: no box around it scrolls"
        assert "gradient" in table["cue"], f"{table['table']} scrolls with nothing to show it: {table['cue']}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["editing/", "editing/fields/", "editing/errors/", "contributing/previews/"])
def test_the_editors_pages_pass_axe_in_both_schemes(open_browser, path, scheme):
    tab = open_browser(color_scheme=scheme)
    tab.open(path)
    violations = tab.axe()
    assert not violations, f"{path} ({scheme}):\n{describe(violations)}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_home_page_on_a_phone_passes_axe_in_both_schemes(open_browser, scheme):
    tab = open_browser(color_scheme=scheme, **PHONE)
    tab.open("")
    violations = tab.axe()
    assert not violations, f"home, phone ({scheme}):\n{describe(violations)}"
    tab.screenshot(f"phone-home-{scheme}")


@pytest.mark.parametrize("name, which, path", PAGES, ids=[p[0] for p in PAGES])
def test_every_page_type_passes_axe_in_dark_mode(open_browser, request, name, which, path):
    tab = open_browser(site_url(request, which), color_scheme="dark")
    page = tab.open(path)
    if name == "map":
        page.locator(".ma-map.ma-map--ready").wait_for()
    violations = tab.axe()
    assert not violations, f"{path or '/'} (dark):\n{describe(violations)}"
