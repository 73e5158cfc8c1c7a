"""The network and the timeline's filter on a site with more groups than they show at once.

The example site plus PROXIES groups, each backed by the IRGC and claiming one attack: the
network page then draws only the most-connected groups and lists every relation over several
pages, and the timeline's group filter offers every group (without script: the busiest groups
and a way to all the others).
"""

from __future__ import annotations

import re

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


def test_timeline_filter_offers_every_group_and_without_script_the_busiest_and_the_list_of_all(
        open_browser, many_groups_url):
    tab = open_browser(many_groups_url)
    page = tab.open("timeline/")
    form = page.locator("form[data-ma-timeline]:not([hidden])")
    group = form.get_by_label("Group")
    offered = [text for text in group.locator("option").all_inner_texts() if not text.startswith("All")]
    assert len(offered) == 7 + PROXIES  # the example's groups and every proxy, each with its count
    assert "Proxy Brigade 39 (1)" in offered
    violations = tab.axe()
    assert not violations, describe(violations)
    group.select_option(label="Proxy Brigade 39 (1)")
    assert page.locator("#ma-timeline-results [role=status]").inner_text().startswith("1 of ")
    assert page.url.endswith("timeline/?group=proxy-39")

    plain = open_browser(many_groups_url, java_script_enabled=False).open("timeline/")
    links = plain.locator("p").filter(has_text="Group:").get_by_role("link")
    names = links.all_inner_texts()
    assert len(names) == 31 and "Islamic Resistance in Iraq" in names  # the 30 busiest, then the way to all
    proxies = [name for name in names if name.startswith("Proxy Brigade")]
    assert 0 < len(proxies) < PROXIES
    assert proxies == [f"Proxy Brigade {number:02d}" for number in range(len(proxies))]
    plain.get_by_role("link", name=re.compile("more: the list of groups")).click()
    plain.wait_for_url("**/groups/")
    while not plain.get_by_role("link", name="Proxy Brigade 39").count():  # the index has pages of 20 here
        plain.locator("nav.ma-pager").get_by_role("link", name="Next →").click()
        plain.wait_for_url("**/groups/page/*/")
    assert plain.get_by_role("link", name="Proxy Brigade 39").count() == 1  # not among the links, listed here
