"""One colour per category, the same on every page and every site.

The colours are Okabe and Ito's colour-blind-safe palette (without its black, which vanishes on
the dark scheme), plus a grey for what is unknown or lumped together. A category gets its colour
by a fixed rule, never by its rank on a page: known values (the weapons of the entry format, the
countries and kinds of the example) have a fixed colour; any other name is hashed (CRC-32, the
same on every machine and run) into the palette.
"""

from __future__ import annotations

import zlib

ORANGE, SKY_BLUE, GREEN, YELLOW, BLUE, VERMILLION, PURPLE = (
    "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7")
GREY = "#999999"
PALETTE = (ORANGE, SKY_BLUE, GREEN, YELLOW, BLUE, VERMILLION, PURPLE)

# Charts name their categories as readers read them (names.weapon_name, the country's name).
LUMPED = {"Other": GREY, "Unknown": GREY, "Several weapons": "#6f6f6f"}
# Seven colours for more values than seven: the values of one theatre that meet in one chart differ
# (Iraq and Syria: drone, rocket, mortar, IED, small arms, ballistic missile, airstrike; the Red Sea:
# drone, ballistic, cruise and anti-ship missiles, uncrewed surface vessels, boarding).
FIXED = {
    "weapon": {"Drone": BLUE, "Rocket": ORANGE, "Mortar": GREEN, "IED": YELLOW, "Small arms": SKY_BLUE,
               "Ballistic missile": VERMILLION, "Airstrike": PURPLE, "Cruise missile": PURPLE,
               "Anti-ship missile": SKY_BLUE, "Uncrewed surface vessel": YELLOW, "Boarding": GREEN},
    "country": {"Iraq": ORANGE, "Syria": BLUE, "Jordan": GREEN, "Kuwait": PURPLE, "Iran": YELLOW,
                "Persian Gulf": SKY_BLUE, "Yemen": VERMILLION, "Red Sea": SKY_BLUE, "Gulf of Aden": PURPLE,
                "Israel": GREEN, "Lebanon": YELLOW},
    "kind": {"Attack": VERMILLION, "Strike": BLUE},
}
FAMILIES = tuple(FIXED)


def hashed(name: str) -> str:
    return PALETTE[zlib.crc32(name.encode("utf-8")) % len(PALETTE)]


def colour(family: str, name: str) -> str:
    """The colour of category `name` ("Syria", "Drone", "Attack") of a family (weapon, country, kind)."""
    if name in LUMPED:
        return LUMPED[name]
    return FIXED.get(family, {}).get(name) or hashed(name)
