"""Attacks in ACLED's columns: one row per attack, in the columns researchers merge ACLED data on
(the `attacks-acled.csv` download)."""

from __future__ import annotations

from ..core.names import attack_country, attack_point, attack_sea
from .helpers import summary_text

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
    "fatalities": "People killed (the lower figure of a range); empty when unknown, never 0 for unknown.",
}


def export_row(site, attack) -> dict:
    groups = [site.groups[g].name for g in (attack.claimed_by or []) + (attack.attributed_to or [])
              if g in site.groups]
    groups = list(dict.fromkeys(groups))
    country = attack_country(attack, site.bases)
    # At sea ACLED names the body of water where a country would be (`Red Sea`); a ship with no place known
    # is its own location.
    sea = site.seas.get(attack_sea(attack) or "", {}).get("name", attack_sea(attack) or "")
    country_name = site.countries.get(country, {}).get("name", country or "") or sea
    base = site.bases.get(attack.base) if attack.base else None
    vessel = site.vessels.get(attack.vessel) if attack.vessel else None
    point = attack_point(attack, site.bases)
    precision = 1 if attack.date.precision == "day" and not attack.approximate else \
        2 if attack.date.precision == "day" else 3
    killed = attack.killed[0] if isinstance(attack.killed, tuple) else attack.killed
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
    }


def geo_precision(point, base, location: dict) -> int:
    """ACLED's 1 (exact), 2 (near the place) or 3 (no coordinates), from the base's or location's precision."""
    if point is None:
        return 3
    precision = base.coordinates_precision if point[2] == "base" and base is not None else \
        location.get("coordinates_precision")
    return 1 if precision == "exact" else 2
