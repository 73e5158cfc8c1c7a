"""The home page's campaign overview (views/overview.py): dates, groups by attacks, casualties with unknowns."""

from __future__ import annotations

from militia_atlas.core import engine
from militia_atlas.publish.config import quick_settings
from militia_atlas.views.overview import campaign

from conftest import copy_fixture, write_tree

SOURCE = 'sources: [{publisher: Wire, title: Report, url: "https://example.org/r"}]\n'


def group(name: str) -> str:
    return f"name: {name}\ntype: militia\nsummary: A group.\n{SOURCE}"


def attack(date: str, extra: str) -> str:
    return f"date: {date}\nbase: far-base\nsummary: An attack.\n{extra}{SOURCE}"


def small_site(tmp_path, attacks: dict):
    root = copy_fixture("basic", tmp_path / "site")
    for old in (root / "entries" / "attacks").glob("*.yml"):
        old.unlink()
    files = {f"entries/groups/{g}.yml": group(g.replace("-", " ").title()) for g in ("alpha", "beta", "gamma")}
    files["entries/bases/far-base.yml"] = f"name: Far Base\ncountry: syria\nsummary: A base.\n{SOURCE}"
    files.update({f"entries/attacks/{ident}.yml": text for ident, text in attacks.items()})
    write_tree(root, files)
    site, problems = engine.check(quick_settings(root / "mkdocs.yml"))
    assert not problems, problems
    return site


def test_groups_are_ranked_by_attacks_with_claims_and_attributions_apart(tmp_path):
    site = small_site(tmp_path, {
        "2024-01-01-a": attack("2024-01-01", "claimed_by: [alpha]\nattributed_to: [alpha]\n"),
        "2024-01-02-a": attack("2024-01-02", "claimed_by: [alpha]\n"),
        "2024-01-03-a": attack("2024-01-03", "attributed_to: [alpha, beta]\n"),
        "2024-01-04-a": attack("2024-01-04", "claimed_by: [beta]\nattributed_to:\n"
                               "  - {group: gamma, by: Analysts, certainty: suspected}\n"),
        "2024-01-05-a": attack("2024-01-05", ""),
    })
    overview = campaign(site)
    rows = [(row.group.id, row.total, row.claimed, row.attributed, row.suspected) for row in overview.groups]
    # alpha: claimed twice (once also attributed: counted once, as a claim), attributed once without a claim
    assert rows == [("alpha", 3, 2, 1, 0), ("beta", 2, 1, 1, 0), ("gamma", 1, 0, 1, 1)]
    assert overview.attacks == 5 and overview.unattributed == 1
    assert (overview.first.iso(), overview.last.iso()) == ("2024-01-01", "2024-01-05")


def test_casualties_count_unknowns_as_unknown_and_ranges_by_their_lower_figure(tmp_path):
    site = small_site(tmp_path, {
        "2024-02-01-a": attack("2024-02-01", "killed: 3\nwounded: 0\n"),
        "2024-02-02-a": attack("2024-02-02", "killed: [40, null]\n"),
        "2024-02-03-a": attack("2024-02-03", "killed: [2, 5]\nwounded: 7\n"),
        "2024-02-04-a": attack("2024-02-04", ""),
        "2024-02-05-a": attack("2024-02-05", "killed: 0\n"),
    })
    killed, wounded = campaign(site).killed, campaign(site).wounded
    assert (killed.at_least, killed.known, killed.unknown) == (45, 4, 1)
    assert (wounded.at_least, wounded.known, wounded.unknown) == (7, 2, 3)
    assert killed.ranged == 2 and not killed.exact and not wounded.exact


def test_a_total_is_exact_only_when_every_attack_gives_one_figure(tmp_path):
    site = small_site(tmp_path, {"2024-02-01-a": attack("2024-02-01", "killed: 3\n"),
                                 "2024-02-02-a": attack("2024-02-02", "killed: 1\n")})
    assert campaign(site).killed.exact and campaign(site).killed.at_least == 4


def test_strikes_are_not_counted_with_attacks(tmp_path):
    site = small_site(tmp_path, {
        "2024-03-01-a": attack("2024-03-01", "claimed_by: [alpha]\nkilled: 1\n"),
        "2024-03-02-strike": attack("2024-03-02", "kind: strike\nclaimed_by: [beta]\nkilled: 9\n"),
    })
    overview = campaign(site)
    assert overview.attacks == 1 and [row.group.id for row in overview.groups] == ["alpha"]
    assert overview.killed.at_least == 1 and overview.last.iso() == "2024-03-01"


def test_an_empty_site_has_no_dates_and_no_groups(tmp_path):
    overview = campaign(small_site(tmp_path, {}))
    assert overview.attacks == 0 and overview.first is None and overview.groups == []
    assert overview.killed.known == 0 and overview.killed.unknown == 0


def test_attacks_where_sources_differ_on_the_dead_are_counted(tmp_path):
    site = small_site(tmp_path, {
        "2024-04-01-a": attack("2024-04-01", "killed: 4\naccounts:\n  - {source: 1, killed: 6}\n"),
        "2024-04-02-a": attack("2024-04-02", "killed: 4\naccounts:\n  - {source: 1, killed: 4}\n"),
    })
    assert campaign(site).killed.disputed == 1
