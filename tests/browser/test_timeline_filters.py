"""The timeline's filters in a real browser: they combine in place over the data file, every value is
offered, and the filter lives in the URL, so a reload (or a shared link) shows the same selection."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import run_cli

from .conftest import SiteServer

COUNT = re.compile(r"^(\d+) of (\d+)")


@pytest.fixture(scope="module")
def synth_root(tmp_path_factory):
    """A 200-attack synthetic site, built: groups and weapons that overlap, strikes, seas, vessels."""
    root = tmp_path_factory.mktemp("timeline") / "synth"
    run_cli("synth", "--attacks", "200", "--out", str(root), cwd=root.parent, check=True)
    run_cli("build", cwd=root, check=True)
    return root


@pytest.fixture(scope="module")
def synth_url(synth_root):
    with SiteServer(synth_root / "site") as server:
        yield server.url


@pytest.fixture(scope="module")
def index(synth_root):
    """The same entries as the build indexes them (published: no drafts)."""
    from militia_atlas.core import engine
    from militia_atlas.publish.config import quick_settings

    site, problems = engine.check(quick_settings(synth_root / "mkdocs.yml"))
    assert not problems
    return site


def matching(site, group: str = "", weapon: str = "") -> set:
    return {ident for ident, attack in site.attacks.items()
            if (not group or group in site.attack_groups.get(ident, []))
            and (not weapon or weapon in (attack.weapons or ["unknown"]))}


def a_group_and_weapon_that_overlap(site) -> tuple:
    """A group and a weapon whose attacks overlap, neither set inside the other: a real intersection."""
    for group in sorted(site.groups):
        for weapon in sorted({w for a in site.attacks.values() for w in a.weapons or []}):
            by_group, by_weapon = matching(site, group=group), matching(site, weapon=weapon)
            both = by_group & by_weapon
            if both and both != by_group and both != by_weapon:
                return group, weapon
    raise AssertionError("the example has no group and weapon that overlap")


def shown(page) -> int:
    status = page.locator("#ma-timeline-results [role=status]")
    match = COUNT.match(status.inner_text())
    assert match, status.inner_text()
    return int(match.group(1))


def open_filter(tab, query: str = ""):
    page = tab.open("timeline/" + query)
    page.locator("form[data-ma-timeline]:not([hidden])").wait_for()
    return page


def test_filters_combine_in_place_and_survive_a_reload(open_browser, index, synth_url):
    group, weapon = a_group_and_weapon_that_overlap(index)
    tab = open_browser(base=synth_url)
    page = open_filter(tab)
    form = page.locator("form[data-ma-timeline]")
    assert shown(page) == len(index.attacks)

    groups = form.get_by_label("Group")
    offered = [value for value in groups.locator("option").evaluate_all("os => os.map(o => o.value)") if value]
    assert sorted(offered) == sorted(index.groups)  # every group, not only the busiest
    for label in ("Target (base or vessel)", "Country or sea", "Weapon", "Kind", "From", "To"):
        assert form.get_by_label(label).count() == 1, label

    groups.select_option(group)
    assert shown(page) == len(matching(index, group=group))
    assert page.url.endswith(f"timeline/?group={group}")  # in place: still the timeline
    form.get_by_label("Weapon").select_option(weapon)
    expected = matching(index, group=group, weapon=weapon)
    assert shown(page) == len(expected)
    assert parse_qs(urlsplit(page.url).query) == {"group": [group], "weapon": [weapon]}
    items = page.locator("#ma-timeline-results ol.ma-results > li")
    assert items.count() == min(len(expected), 50)  # the first 50; a button shows more
    hrefs = {urlsplit(href).path.rstrip("/").rsplit("/", 1)[-1]
             for href in items.locator("a").evaluate_all("links => links.map(a => a.href)")}
    assert hrefs <= expected and len(hrefs) == items.count()
    first = items.first
    assert re.fullmatch(r"\d{4}(-\d{2}){0,2}", first.locator("time").inner_text())
    assert first.locator(".ma-meta").inner_text().startswith(("Attack", "Strike"))
    tab.screenshot("timeline-filtered", full_page=False)

    page.reload()
    page.locator("form[data-ma-timeline]:not([hidden])").wait_for()
    assert form.get_by_label("Group").input_value() == group
    assert form.get_by_label("Weapon").input_value() == weapon
    assert shown(page) == len(expected)

    first.locator("a").click()
    page.wait_for_url(re.compile(r"/attacks/[a-z0-9-]+/$"))


def test_kind_and_date_range_narrow_the_list_and_the_month_chart(open_browser, index, synth_url):
    example = open_browser()  # the example has a strike, the synthetic site none
    page = open_filter(example, "?kind=strike")
    assert shown(page) == 1
    assert page.locator("#ma-timeline-results .ma-meta").inner_text().startswith("Strike")
    assert page.locator(".ma-timeline[data-ma-static]").first.is_hidden()  # the static timeline gives way
    tab = open_browser(base=synth_url)
    page = open_filter(tab, "?from=2024-03-01&to=2024-03-31")
    page.locator("form[data-ma-timeline]:not([hidden])").wait_for()
    october = {ident for ident, attack in index.attacks.items()
               if attack.date.start.isoformat() <= "2024-03-31" and attack.date.end.isoformat() >= "2024-03-01"}
    assert shown(page) == len(october)
    months = page.locator("#ma-timeline-results .ma-timeline li[data-month]")
    # March, and the attacks of 2024 known only to the year (they may fall in March)
    assert set(months.evaluate_all("ls => ls.map(l => l.dataset.month)")) in ({"2024-03"}, {"2024-03", "2024"})


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_drawn_filter_has_no_serious_violation(open_browser, synth_url, scheme):
    tab = open_browser(base=synth_url, color_scheme=scheme)
    page = open_filter(tab, "?kind=attack")
    page.locator("#ma-timeline-results ol.ma-results > li").first.wait_for()
    violations = tab.axe()
    assert not violations, "\n".join(f"{v['impact']}: {v['id']} {v['nodes']}" for v in violations)
    tab.screenshot(f"timeline-filter-{scheme}", full_page=False)
