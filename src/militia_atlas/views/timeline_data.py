"""The timeline's data file: every attack and strike with what the timeline filters by.

The timeline page stays the same size however many attacks there are: its script
(static/militia-atlas-timeline.js) fetches this one JSON file and filters in place. The
facets are lists of [value, label, count]; each attack is a row (ROW gives the order of
its fields) whose facet fields are positions in those lists. A row's `meta` is the short
line a listing shows: kind, who claimed it and who blames it (claimed, stated, suspected
kept apart), where, weapons, casualties as known, and "sources differ" when they do.
"""

from __future__ import annotations

import json

from ..core.names import attack_country, attack_sea, entity_src, weapon_name
from ..core.schema import WEAPONS
from ..render.listing import toll_text
from ..render.urls import page_url

DATA = "assets/militia-atlas/timeline.json"
ROW = ("id", "date", "title", "kind", "groups", "target", "place", "weapons", "meta")
KINDS = (("attack", "Attacks"), ("strike", "Strikes"))
ID = "ATTACK-ID"  # stands for an attack's id in the data's URL pattern


def group_name(site, ident: str) -> str:
    found = site.named(ident)
    return found[2] if found is not None else ident


def who(site, attack) -> str:
    """"claimed by A; attributed to B; suspected: C": claims, stated and suspected attributions apart."""
    parts = []
    claimed = [group_name(site, g) for g in attack.claimed_by or []]
    if claimed:
        parts.append("claimed by " + ", ".join(claimed))
    for certainty, words in (("stated", "attributed to "), ("suspected", "suspected: ")):
        named = [group_name(site, item["group"]) for item in attack.attributions or []
                 if (item.get("certainty") or "stated") == certainty and item.get("group")]
        if named:
            parts.append(words + ", ".join(named))
    return "; ".join(parts) or "no claim or attribution"


def meta_line(site, attack, kind: str, target: str, place: str) -> str:
    where = ", ".join(part for part in (target, place) if part)
    weapons = ", ".join(weapon_name(w).lower() if w != "ied" else "IED" for w in attack.weapons or [])
    parts = [kind.capitalize(), who(site, attack), where, weapons,
             toll_text(attack), "sources differ" if attack.values.get("accounts") else ""]
    return " · ".join(part for part in parts if part)


class Facets:
    """Each facet's values in the order offered, with their labels and how many rows have them."""

    def __init__(self, site):
        self.site = site
        self.groups = sorted(site.groups.values(), key=lambda g: (g.name.lower(), g.id))
        targets = [(f"base:{b.id}", b.name) for b in site.bases.values()]
        targets += [(f"vessel:{v.id}", v.name) for v in site.vessels.values()]
        self.targets = sorted(targets, key=lambda pair: (pair[1].lower(), pair[0]))
        places = {(kind, ident) for (kind, ident) in site.listings if kind in ("country", "sea")}
        self.places = sorted(((f"{kind}:{ident}", self.place_name(kind, ident)) for kind, ident in places),
                             key=lambda pair: (pair[1].lower(), pair[0]))
        self.target_names, self.place_names = dict(self.targets), dict(self.places)
        self.group_at = {g.id: n for n, g in enumerate(self.groups)}
        self.target_at = {value: n for n, (value, _) in enumerate(self.targets)}
        self.place_at = {value: n for n, (value, _) in enumerate(self.places)}
        self.weapon_at = {w: n for n, w in enumerate(WEAPONS)}

    def place_name(self, kind: str, ident: str) -> str:
        register = self.site.countries if kind == "country" else self.site.seas
        return register.get(ident, {}).get("name", ident)

    def target_of(self, attack):
        if attack.base:
            return f"base:{self.site.redirects.get(attack.base, attack.base)}"
        if attack.vessel:
            return f"vessel:{self.site.redirects.get(attack.vessel, attack.vessel)}"
        return None

    def place_of(self, attack):
        country = attack_country(attack, self.site)
        sea = attack_sea(attack)
        return f"country:{country}" if country else f"sea:{sea}" if sea else None

    def row(self, item) -> list:
        site, attack = self.site, self.site.attacks[item.id]
        target, place = self.target_of(attack), self.place_of(attack)
        groups = [self.group_at[g] for g in site.attack_groups.get(attack.id, []) if g in self.group_at]
        weapons = [self.weapon_at[w] for w in attack.weapons or ["unknown"] if w in self.weapon_at]
        target_name, place_name = self.target_names.get(target, ""), self.place_names.get(place, "")
        return [attack.id, attack.date.iso(), item.title, 0 if item.kind == "attack" else 1, groups,
                self.target_at.get(target, -1), self.place_at.get(place, -1), weapons,
                meta_line(site, attack, item.kind, target_name, place_name)]


def counted(choices: list, rows: list, field: int) -> list:
    """[[value, label, rows with it]] for a facet's choices."""
    counts = [0] * len(choices)
    for row in rows:
        values = row[field] if isinstance(row[field], list) else [row[field]]
        for position in values:
            if position >= 0:
                counts[position] += 1
    return [[value, label, count] for (value, label), count in zip(choices, counts)]


def timeline_json(site, directory_urls: bool = True) -> str:
    facets = Facets(site)
    rows = [facets.row(item) for item in site.timeline]  # newest first
    groups = [(g.id, g.name) for g in facets.groups]
    weapons = [(w, weapon_name(w)) for w in WEAPONS]
    kinds = [[value, label, sum(1 for row in rows if row[3] == n)] for n, (value, label) in enumerate(KINDS)]
    data = {
        "fields": list(ROW),
        "attack_url": page_url(entity_src("attack", ID), directory_urls),
        "facets": {"group": counted(groups, rows, 4), "target": counted(facets.targets, rows, 5),
                   "place": counted(facets.places, rows, 6), "weapon": counted(weapons, rows, 7), "kind": kinds},
        "rows": rows,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
