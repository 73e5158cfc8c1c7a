"""The home page's campaign overview, as a campaign infobox gives it: the span of the attacks, the groups
by number of attacks (claimed apart from attributed), and casualty totals that count unknowns as unknown.

Strikes by states' forces (`kind: strike`) are counted apart, as everywhere else. The overview's size
follows the number of groups, never the number of attacks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.names import lowest_count


@dataclass
class GroupTally:
    """One group's attacks: `claimed` ones it claimed; `attributed` ones others blame on it and it did not
    claim, of which `suspected` only as likely (`certainty: suspected`)."""

    group: object
    claimed: int = 0
    attributed: int = 0
    suspected: int = 0

    @property
    def total(self) -> int:
        return self.claimed + self.attributed


@dataclass
class CasualtyTally:
    """`at_least`: the sum of the attacks' figures (a range or "at least" adds its lower figure);
    `known`: attacks with a figure (0 is a figure), of which `ranged` give a range or "at least";
    `unknown`: attacks with none; `disputed`: attacks whose sources give another figure than the
    entry's (their pages show each)."""

    at_least: int = 0
    known: int = 0
    ranged: int = 0
    unknown: int = 0
    disputed: int = 0

    @property
    def exact(self) -> bool:
        """The total is the figure itself, not a lower bound."""
        return not self.unknown and not self.ranged

    def count(self, value, accounts: list, key: str) -> None:
        figure = lowest_count(value)
        if figure is None:
            self.unknown += 1
        else:
            self.known += 1
            self.ranged += isinstance(value, tuple)
            self.at_least += figure
        if any(key in account and account[key] != value for account in accounts):
            self.disputed += 1


@dataclass
class Campaign:
    attacks: int = 0
    first: object = None  # PartialDate of the oldest attack, None without attacks
    last: object = None
    groups: list = field(default_factory=list)  # GroupTally, most attacks first
    unattributed: int = 0  # attacks nobody claimed and nobody is named for
    killed: CasualtyTally = field(default_factory=CasualtyTally)
    wounded: CasualtyTally = field(default_factory=CasualtyTally)


def campaign(site) -> Campaign:
    items = site.attack_timeline  # newest first
    overview = Campaign(attacks=len(items))
    if items:
        overview.first, overview.last = items[-1].date, items[0].date
    tallies = {}
    for item in items:
        attack = site.attacks[item.id]
        _count_groups(site, attack, tallies, overview)
        accounts = attack.accounts or []
        overview.killed.count(attack.killed, accounts, "killed")
        overview.wounded.count(attack.wounded, accounts, "wounded")
    overview.groups = sorted(tallies.values(), key=lambda t: (-t.total, -t.claimed, t.group.name.lower(), t.group.id))
    return overview


def _count_groups(site, attack, tallies: dict, overview: Campaign) -> None:
    resolve = site.redirects.get
    claimed = {resolve(g, g) for g in attack.claimed_by or []}
    attributed = {resolve(g, g) for g in attack.attributed_to or []} - claimed
    suspected = {resolve(a["group"], a["group"]) for a in attack.attributions or [] if a.get("certainty") == "suspected"}
    if not claimed and not attributed:
        overview.unattributed += 1
    for ident in sorted(claimed | attributed):
        group = site.groups.get(ident)
        if group is None:
            continue
        tally = tallies.setdefault(ident, GroupTally(group))
        if ident in claimed:
            tally.claimed += 1
        else:
            tally.attributed += 1
            tally.suspected += ident in suspected


def newest_articles(site, count: int = 5) -> list:
    """The newest articles (hand-written pages with front matter), newest first."""
    dated = sorted(site.articles, key=lambda page: (page.meta["date"].newest_first_key(), page.src))
    return dated[:count]


def template_globals(renderer) -> dict:
    return {"campaign": lambda: campaign(renderer.site),
            "newest_articles": lambda count=5: newest_articles(renderer.site, count)}
