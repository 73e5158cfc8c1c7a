"""Attacks in ACLED's columns: one row per attack, in the columns researchers merge ACLED data on
(the `attacks-acled.csv` download)."""

from __future__ import annotations

from ..core.names import attack_country, attack_point, attack_sea, is_strike, lowest_count
from .helpers import summary_text

# ACLED's sub-event type for a weapon (the first known weapon decides); small arms make a battle.
SUB_EVENTS = {"drone": "Air/drone strike", "airstrike": "Air/drone strike", "rocket": "Shelling/artillery/missile attack",
              "mortar": "Shelling/artillery/missile attack", "ballistic-missile": "Shelling/artillery/missile attack",
              "cruise-missile": "Shelling/artillery/missile attack", "anti-ship-missile": "Shelling/artillery/missile attack",
              "ied": "Remote explosive/landmine/IED", "uncrewed-surface-vessel": "Remote explosive/landmine/IED",
              "small-arms": "Armed clash"}  # a boarding has no sub-event of its own in ACLED's list
EXPLOSIONS, BATTLES = "Explosions/Remote violence", "Battles"
STATE, MILITIA, EXTERNAL = 1, 3, 8  # ACLED's actor codes (inter1, inter2)

EXPORT_COLUMNS = {
    "event_date": "Start date, YYYY-MM-DD (the first day of the month or year when only that is known).",
    "time_precision": "1: the day is known; 2: on or about the day; 3: only the month or year is known.",
    "actor1": "The first group that claimed it, else the first blamed; `Unidentified Armed Group (Country)` "
              "when none.",
    "assoc_actor_1": "The other groups that claimed it or are blamed, separated by `; `.",
    "country": "Country name.",
    "admin1": "Province or governorate.",
    "location": "The base's or place's name.",
    "latitude": "WGS84 latitude.",
    "longitude": "WGS84 longitude.",
    "geo_precision": "1: exact coordinates; 2: approximate (near the place); 3: no coordinates.",
    "source": "Publishers of the sources, separated by `; `.",
    "notes": "The editor's summary as plain text.",
    "fatalities": "People killed (the lower figure of a range, the figure of \"at least\"); empty when unknown, "
                  "never 0 for unknown.",
    "event_type": "`Explosions/Remote violence`, or `Battles` for small-arms fire; a strike (`kind: strike`) is "
                  "`Explosions/Remote violence`.",
    "sub_event_type": "From the first known weapon: `Air/drone strike` (drones, airstrikes, and a strike whose "
                      "weapons are unknown), `Shelling/artillery/missile attack` (rockets, mortars, missiles), "
                      "`Remote explosive/landmine/IED` (IEDs, explosive boats), `Armed clash`; empty when unknown "
                      "(or a boarding alone).",
    "actor2": "The first group hit (`target_groups`); empty when none is recorded.",
    "assoc_actor_2": "The other groups hit, separated by `; `.",
    "inter1": "actor1's type: 1 state forces (in their own country), 3 militia, 8 external or other forces (a state's "
              "forces abroad, or a group of type `other`); empty for an unidentified group.",
    "inter2": "actor2's type, coded as inter1; empty when there is no actor2.",
    "interaction": "inter1 and inter2 as ACLED writes them, the lower code first (`38`); `30` when there is no actor2; "
                   "empty when actor1 is unidentified.",
}


def export_row(site, attack) -> dict:
    groups = [site.groups[g].name for g in (attack.claimed_by or []) + (attack.attributed_to or [])
              if g in site.groups]
    groups = list(dict.fromkeys(groups))
    country = attack_country(attack, site)
    # At sea ACLED names the body of water where a country would be (`Red Sea`); a ship with no place known
    # is its own location.
    sea = site.seas.get(attack_sea(attack) or "", {}).get("name", attack_sea(attack) or "")
    country_name = site.countries.get(country, {}).get("name", country or "") or sea
    base = site.bases.get(attack.base) if attack.base else None
    vessel = site.vessels.get(attack.vessel) if attack.vessel else None
    point = attack_point(attack, site)
    precision = 1 if attack.date.precision == "day" and not attack.approximate else \
        2 if attack.date.precision == "day" else 3
    killed = lowest_count(attack.killed)
    actors = [g for g in (attack.claimed_by or []) + (attack.attributed_to or []) if g in site.groups]
    targets = [site.groups[g] for g in attack.target_groups or [] if g in site.groups]
    event_type, sub_event_type = event_types(attack)
    inter1 = inter_code(site.groups[actors[0]], country) if actors else None
    inter2 = inter_code(targets[0], country) if targets else None
    location = attack.location or {}
    return {
        "event_date": attack.date.start.isoformat(),
        "time_precision": precision,
        "actor1": groups[0] if groups else f"Unidentified Armed Group ({country_name})" if country_name else
        "Unidentified Armed Group",
        "assoc_actor_1": "; ".join(groups[1:]),
        "country": country_name,
        "admin1": (base.province if base is not None else location.get("province")) or "",
        "location": base.name if base is not None else location.get("name") or (vessel.name if vessel else ""),
        "latitude": point[0] if point else None,
        "longitude": point[1] if point else None,
        "geo_precision": geo_precision(point, base, location),
        "source": "; ".join(dict.fromkeys(s["publisher"] for s in attack.sources or [])),
        "notes": summary_text(site, attack),
        "fatalities": killed,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor2": targets[0].name if targets else "",
        "assoc_actor_2": "; ".join(dict.fromkeys(group.name for group in targets[1:])),
        "inter1": inter1,
        "inter2": inter2,
        "interaction": interaction(inter1, inter2),
    }


def event_types(attack) -> tuple:
    """(event_type, sub_event_type) in ACLED's words."""
    weapons = [w for w in attack.weapons or [] if w in SUB_EVENTS]
    if not weapons:
        return EXPLOSIONS, "Air/drone strike" if is_strike(attack) else ""
    sub_event = SUB_EVENTS[weapons[0]]
    if sub_event == "Armed clash" and is_strike(attack):
        return EXPLOSIONS, "Air/drone strike"  # a strike is never a battle
    return (BATTLES if sub_event == "Armed clash" else EXPLOSIONS), sub_event


def inter_code(group, country) -> int:
    """ACLED's actor type: a state's forces are 1 at home and 8 abroad; militias, umbrellas and fronts 3."""
    if group.type == "state-force":
        return STATE if country and country in (group.countries or []) else EXTERNAL
    return EXTERNAL if group.type == "other" else MILITIA


def interaction(inter1, inter2) -> str:
    if inter1 is None:
        return ""
    if inter2 is None:
        return f"{inter1}0"
    return "".join(str(code) for code in sorted((inter1, inter2)))


def geo_precision(point, base, location: dict) -> int:
    """ACLED's 1 (exact), 2 (near the place) or 3 (no coordinates), from the base's or location's precision."""
    if point is None:
        return 3
    precision = base.coordinates_precision if point[2] == "base" and base is not None else \
        location.get("coordinates_precision")
    return 1 if precision == "exact" else 2
