"""The network and the timeline's filter on a site with more groups than they show at once.

The example site plus PROXIES groups, each backed by the IRGC and claiming one attack: the
network page then draws only the most-connected groups and lists every relation over several
pages, and the timeline's group filter offers the busiest groups and a way to all the others.
"""

from __future__ import annotations

import pytest

from conftest import copy_example, run_cli, write_tree

from .conftest import SiteServer
from .test_accessibility import describe

PROXIES = 40
SOURCE = "sources:\n  - publisher: Test desk\n    title: Synthetic report\n    url: https://example.org/report\n"


def proxy_files(number: int) -> dict:
    ident = f"proxy-{number:02d}"
    return {
        f"entries/groups/{ident}.yml": f"name: Proxy Brigade {number:02d}\ntype: militia\nbacked_by: [irgc]\n"
                                       f"summary: A synthetic group for the scale browser test.\n{SOURCE}",
        f"entries/attacks/2024-proxy-{number:02d}.yml": (
            f"date: 2024-03-{1 + number % 28:02d}\nbase: al-shadadi\nclaimed_by:\n  - {ident}\n"
            f"weapons:\n  - drone\nconfirmation: claim-only\noutcome: unknown\n"
            f"summary: Synthetic attack {number} for the scale browser test.\n{SOURCE}"),
    }


@pytest.fixture(scope="module")
def many_groups_url(tmp_path_factory):
    root = copy_example(tmp_path_factory.mktemp("many-groups"))
    files = {}
    for number in range(PROXIES):
        files.update(proxy_files(number))
    write_tree(root, files)
    config = root / "mkdocs.yml"
    # 4 a page: network pages of 20 relations, so the list spans several pages
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      entries: entries\n", "      entries: entries\n      per_page: 4\n"), encoding="utf-8")
    run_cli("build", cwd=root, check=True)
    with SiteServer(root / "site") as server:
        yield server.url


def test_network_pages_draw_the_busiest_and_list_the_rest(open_browser, many_groups_url):
    tab = open_browser(many_groups_url)
    page = tab.open("network/")
    assert page.locator("svg.ma-network-svg a.ma-node").count() <= 30
    assert "most-connected" in page.locator(".ma-network figcaption").inner_text()
    violations = tab.axe()
    assert not violations, describe(violations)
    listed = page.locator("ul.ma-relations--all li").count()
    assert 0 < listed <= 20
    page.locator("nav.ma-pager").get_by_role("link", name="Next →").click()
    page.wait_for_url("**/network/page/2/")
    assert page.locator("ul.ma-relations--all li").count() > 0
    violations = tab.axe()
    assert not violations, describe(violations)
    page.get_by_role("link", name="← Back to the network diagram").click()
    page.wait_for_url("**/network/")


def test_a_sponsor_profile_links_to_where_its_relations_are_listed(open_browser, many_groups_url):
    tab = open_browser(many_groups_url)
    page = tab.open("groups/irgc/")
    page.locator(".ma-network figcaption").get_by_role("link", name="all are on the network pages").click()
    page.wait_for_url("**/network/**#from-irgc")
    assert page.locator("#from-irgc").is_visible()


def test_timeline_filter_offers_the_busiest_groups_and_the_list_of_all(open_browser, many_groups_url):
    tab = open_browser(many_groups_url)
    page = tab.open("timeline/")
    group = page.locator("form[data-ma-filter]").get_by_label("Group")
    assert group.locator("optgroup option").count() == 30
    violations = tab.axe()
    assert not violations, describe(violations)
    # the example's busy groups are offered, then the groups with one attack each, first by name
    offered = group.locator("optgroup option").all_inner_texts()
    proxies = [name for name in offered if name.startswith("Proxy Brigade")]
    assert "Islamic Resistance in Iraq" in offered and 0 < len(proxies) < PROXIES
    assert proxies == [f"Proxy Brigade {number:02d}" for number in range(len(proxies))]
    group.select_option(label="Islamic Resistance in Iraq")
    page.wait_for_url("**/groups/islamic-resistance-in-iraq/#timeline")
    assert page.locator("#timeline").is_visible()

    page.go_back()
    more = page.locator("form[data-ma-filter]").get_by_label("Group").locator("option", has_text="more: the list")
    page.locator("form[data-ma-filter]").get_by_label("Group").select_option(label=more.inner_text())
    page.wait_for_url("**/groups/")
    while not page.get_by_role("link", name="Proxy Brigade 39").count():  # the index has pages of 20 here
        page.locator("nav.ma-pager").get_by_role("link", name="Next →").click()
        page.wait_for_url("**/groups/page/*/")
    assert page.get_by_role("link", name="Proxy Brigade 39").count() == 1  # not in the filter, listed here
