"""Each page type of the built example site, as a reader's browser shows it.

The `open_browser` fixture fails a test whenever the page logged a console error, a
request failed, or anything was requested from a host other than 127.0.0.1.
"""

from __future__ import annotations

import re

from .conftest import LARGE_ATTACKS, LARGE_GROUP, PHONE

GROUP = "kataib-hezbollah"
ATTACK = "2023-10-29-al-shadadi"
BASE = "al-shadadi"


def heading(page) -> str:
    """The page's h1 without its ¶ permalink."""
    return page.locator("article h1").first.evaluate(
        "h => Array.from(h.childNodes).filter(n => !(n.classList && n.classList.contains('headerlink')))"
        ".map(n => n.textContent).join('').trim()")


def test_home_page(open_browser):
    tab = open_browser()
    page = tab.open("")
    assert heading(page) == "Militia Attack Monitor"
    assert page.title().startswith("Home")
    latest = page.locator("article .ma-item a[href*='attacks/']")
    assert latest.count() >= 6
    tab.screenshot("home")

    latest.first.click()
    page.wait_for_load_state("load")
    assert re.search(r"/attacks/[0-9a-z-]+/$", page.url)
    assert page.locator("article h1").is_visible()


def test_group_profile(open_browser):
    tab = open_browser()
    page = tab.open(f"groups/{GROUP}/")
    assert heading(page) == "Kata'ib Hezbollah"
    native = page.locator(".ma-native")
    assert native.inner_text() == "كتائب حزب الله"
    assert native.get_attribute("lang") == "ar"
    assert "Hezbollah Brigades" in page.locator("article p", has_text="Also known as").inner_text()
    listing = page.locator("article .ma-item")
    assert listing.count() >= 1
    tab.screenshot("group")

    page.locator("article table").get_by_role("link", name="Islamic Resistance in Iraq").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/groups/islamic-resistance-in-iraq/")


def listed_attacks(page) -> list:
    return page.locator("article .ma-item--attack h3 a:not(.headerlink)").evaluate_all("as => as.map(a => a.href)")


def test_group_listing_second_page(open_browser, large_url):
    tab = open_browser(large_url)
    page = tab.open(f"groups/{LARGE_GROUP}/")
    first = listed_attacks(page)
    assert len(first) == 20
    pager = page.get_by_role("navigation", name="Listing pages")
    assert pager.get_attribute("aria-label") == "Listing pages, page 1 of 3"
    assert pager.locator("[aria-current=page]").inner_text() == "1"

    pager.get_by_role("link", name="Older →").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/groups/{LARGE_GROUP}/page/2/")
    assert heading(page) == "Kata'ib Hezbollah: page 2"
    second = listed_attacks(page)
    assert len(second) == 20 and not set(first) & set(second)
    dates = page.locator("article .ma-item--attack time").evaluate_all("ts => ts.map(t => t.dateTime)")
    assert dates == sorted(dates, reverse=True)  # newest first, continuing page 1
    assert page.get_by_role("navigation", name="Listing pages").locator("[aria-current=page]").inner_text() == "2"
    tab.screenshot("group-page-2")

    page.get_by_role("navigation", name="Listing pages").get_by_role("link", name="Older →").click()
    page.wait_for_load_state("load")
    total = len(first) + len(second) + len(listed_attacks(page))
    assert total >= LARGE_ATTACKS
    page.get_by_role("link", name="← Back to the group page").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/groups/{LARGE_GROUP}/")


def test_attack_page(open_browser):
    tab = open_browser()
    page = tab.open(f"attacks/{ATTACK}/")
    assert "al-Shadadi" in heading(page) or "Al-Shadadi" in heading(page)
    article = page.locator("article")
    assert article.get_by_role("heading", name="Sources").is_visible()
    assert article.get_by_role("link", name=re.compile("Islamic Resistance in Iraq")).first.is_visible()
    tab.screenshot("attack")

    article.get_by_role("link", name=re.compile("Shadadi")).first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/bases/{BASE}/")


def test_base_page(open_browser):
    tab = open_browser()
    page = tab.open(f"bases/{BASE}/")
    assert "Shadadi" in heading(page)
    attacks = page.locator("article .ma-item--attack")
    assert attacks.count() >= 1
    tab.screenshot("base")


def test_timeline(open_browser):
    tab = open_browser(java_script_enabled=False)  # the static timeline: what a reader without script gets
    page = tab.open("timeline/")
    october = page.locator(".ma-timeline[aria-label='Timeline'] li[data-month='2023-10']")
    assert october.get_attribute("data-count") == "5"  # the U.S. strike of October 27 is counted apart
    strikes = page.locator(".ma-timeline[aria-label='Timeline of strikes'] li[data-month='2023-10']")
    assert strikes.get_attribute("data-count") == "1"
    assert october.locator(".ma-bar").bounding_box()["width"] > 0
    tab.screenshot("timeline-without-script")

    page.locator("noscript, p").filter(has_text="Base:").get_by_role("link", name="Al-Shadadi").click()
    page.wait_for_url(f"**/bases/{BASE}/#timeline")
    assert page.locator("#timeline").is_visible()

    page.go_back()
    page.locator(".ma-timeline[aria-label='Timeline']").get_by_role("link", name="October").click()
    page.wait_for_url("**/attacks/#m-2023-10")
    top = page.evaluate("document.getElementById('m-2023-10').getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"], "the month's anchor is not scrolled into view"

    scripted = open_browser().open("timeline/")  # with script: the filter draws the months in place
    month = scripted.locator("#ma-timeline-results li[data-month='2023-10']")
    assert month.get_attribute("data-count") == "6"  # attacks and strikes together, until a kind is chosen
    month.get_by_role("link", name="October").click()
    scripted.wait_for_url("**/timeline/?from=2023-10-01&to=2023-10-31")
    assert scripted.locator("form[data-ma-timeline]").get_by_label("From").input_value() == "2023-10-01"


def test_attack_list(open_browser):
    tab = open_browser()
    page = tab.open("attacks/")
    links = page.locator("article a[href*='2023-10-']")
    assert links.count() >= 6
    tab.screenshot("attacks")


def test_phone_sized_screen(open_browser):
    tab = open_browser(**PHONE)
    page = tab.open(f"groups/{GROUP}/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than a phone's screen"
    drawer = page.locator("label.md-header__button[for='__drawer']")
    assert drawer.is_visible()  # the navigation folds into the drawer
    tab.screenshot("phone-group", full_page=False)

    drawer.click()
    nav = page.locator("nav.md-nav--primary")
    nav.get_by_role("link", name="Bases").first.wait_for(state="visible")
    tab.screenshot("phone-drawer", full_page=False)


def test_phone_search(open_browser):
    tab = open_browser(**PHONE)
    page = tab.open("")
    page.locator("label.md-header__button[for='__search']:visible").first.tap()
    query = page.locator("#ma-search-input")
    query.wait_for(state="visible")
    query.fill("Hezbollah Brigades")
    page.locator("#ma-search-results li").first.wait_for()
    assert page.locator("#ma-search-results li a[href*='groups/kataib-hezbollah']").count() == 1
    tab.screenshot("phone-search", full_page=False)


def test_dark_mode(open_browser):
    tab = open_browser(color_scheme="dark")
    page = tab.open(f"groups/{GROUP}/")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    red, green, blue = map(int, re.findall(r"\d+", background)[:3])
    assert max(red, green, blue) < 80, f"dark mode background is {background}"
    tab.screenshot("dark-group")

    page.locator("form[data-md-component='palette'] label:visible").first.click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"
