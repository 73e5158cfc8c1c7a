"""What things are called and where their pages are: folders, an entry's display name, attack
titles, weapon words, counts in words. One place for each, so a page, a feed, a download and a
citation always agree."""

from __future__ import annotations

from .text import tag_slug as text_tag_slug

FOLDERS = {"group": "groups", "base": "bases", "vessel": "vessels", "attack": "attacks", "country": "countries",
           "sea": "seas", "tag": "tags"}
# Weapons as words inside a title ("Drone and ballistic missile attack on ..."); `weapon_name` is
# the same word standing alone, as a label ("Ballistic missile", "Small arms").
WEAPON_WORDS = {"ied": "IED", "ballistic-missile": "ballistic missile", "cruise-missile": "cruise missile",
                "small-arms": "small-arms", "anti-ship-missile": "anti-ship missile",
                "uncrewed-surface-vessel": "uncrewed surface vessel"}
# Not a weapon fired at a target: "Boarding of Galaxy Leader", "Drone attack and boarding of ...".
BOARDING = "boarding"


def entity_src(kind: str, ident: str) -> str:
    """Where an entity's first page lives in the docs tree."""
    return f"{FOLDERS[kind]}/{ident}.md"


def tag_slug(tag: str) -> str:
    """The tag page's name (text.tag_slug): `tags/<slug>.md`."""
    slug = text_tag_slug(tag) or "tag"  # a tag without letters or digits is an error (schema.Tag)
    return "index-tag" if slug == "index" else slug  # tags/index.md is the list of all tags


def display_name(entry, site) -> str:
    """An entry as a link or a title reads: a group's or base's name, an attack's title. `site`: the
    index (core.index.Site), where an attack's target is looked up (see places)."""
    return attack_title(entry, site) if entry.kind == "attack" else entry.name


def link_name(site, ident: str, label) -> str:
    """What an `[[id]]` link reads as in plain text: its label, else the entry's name or title."""
    entry = site.resolve(ident)
    if label or entry is None:
        return label or ident
    return display_name(entry, site)


def places(site) -> dict:
    """The bases of the index, which an attack's title, country and point are read from: the one helper
    for the functions below, which take the index (`site`) or, as they used to, its `bases`. An attack
    on a ship needs the index itself, for its vessel (attack_target)."""
    return site if isinstance(site, dict) else site.bases


def target_vessel(site, attack):
    """The published vessel entry an attack hit (its `vessel`, or an old id of it), else None."""
    if isinstance(site, dict):  # only the bases: a ship's name is not in them
        raise TypeError(f"attack {attack.id} is on a ship: give attack_title the index (site), not site.bases")
    return site.vessels.get(site.redirects.get(attack.vessel, attack.vessel))


def attack_target(site, attack):
    """What an attack hit, by name: its base, else its ship, else its location."""
    bases = places(site)
    if attack.base and attack.base in bases:
        return bases[attack.base].name
    vessel = target_vessel(site, attack) if attack.vessel else None
    if vessel is not None:
        return vessel.name
    if attack.location:
        return attack.location["name"]
    return "unknown target"


def is_strike(attack) -> bool:
    """A strike by a state's forces on an armed group (the attack field `kind: strike`), counted apart
    from attacks. `attack.kind` is the entry kind ("attack"): the field is read from `values`."""
    return attack.values.get("kind") == "strike"


def attack_kind(attack) -> str:
    """`strike` or `attack`: what a listing item, a download row or a feed entry says it is."""
    return "strike" if is_strike(attack) else "attack"


def attack_title(attack, site) -> str:
    """An attack's `title`, else one made of its weapons and target ("Drone attack on Al-Asad Air Base")."""
    if attack.title:
        return attack.title
    target = attack_target(site, attack)
    noun = attack_kind(attack)
    weapons = [w for w in (attack.weapons or []) if w != "unknown"]
    if weapons == ["airstrike"]:
        return f"Airstrike on {target}"
    if not weapons:
        return f"{noun.capitalize()} on {target}"
    if BOARDING in weapons:
        others = [w for w in weapons if w != BOARDING]
        if not others:
            return f"Boarding of {target}"
        return f"{_weapon_phrase(others, noun)} {noun} and boarding of {target}"
    return f"{_weapon_phrase(weapons, noun)} {noun} on {target}"


def _weapon_phrase(weapons: list, noun: str = "attack") -> str:
    words = [WEAPON_WORDS.get(w, w.replace("-", " ")) for w in weapons]
    if noun == "strike":  # "Air and cruise missile strike on ...", not "Airstrike and cruise missile strike"
        words = ["air" if w == "airstrike" else w for w in words]
    phrase = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return phrase[0].upper() + phrase[1:]


def attack_country(attack, site):
    bases = places(site)
    if attack.base and attack.base in bases:
        return bases[attack.base].country
    if attack.location:
        return attack.location.get("country")
    return None


def attack_sea(attack):
    """The sea area slug where an attack happened, if it was located at sea."""
    return attack.location.get("sea") if attack.location else None


def attack_point(attack, site):
    """(lat, lon, precision) of an attack: its location's coordinates, else its base's; None if unknown."""
    if attack.location and attack.location.get("coordinates"):
        lat, lon = attack.location["coordinates"]
        return lat, lon, "location"
    base = places(site).get(attack.base) if attack.base else None
    if base is not None and base.coordinates:
        return base.coordinates[0], base.coordinates[1], "base"
    return None


def weapon_name(weapon: str) -> str:
    return {"ied": "IED", "anti-ship-missile": "Anti-ship missile"}.get(weapon, weapon.replace("-", " ").capitalize())


def plural(count: int, noun: str = "attack", grouped: bool = True) -> str:
    """`1 attack`, `1,206 attacks` (`grouped`: thousands separated, as in running text; charts'
    captions and timelines' counts write `1206 attacks`)."""
    number = f"{count:,}" if grouped else str(count)
    return f"{number} {noun}{'' if count == 1 else 's'}"


def humanize(word: str) -> str:
    return (word or "").replace("-", " ").capitalize()


def casualties(value) -> str:
    """A casualty figure as read: `3`, `2–5`, `at least 40` (`[40, null]`), `Unknown`."""
    if value is None:
        return "Unknown"
    if isinstance(value, tuple) and value[1] is None:
        return f"at least {value[0]}"
    if isinstance(value, tuple):
        return f"{value[0]}–{value[1]}"
    return str(value)


def lowest_count(value):
    """The figure to add up for totals: a range or "at least" counts its lower figure; None stays unknown."""
    return value[0] if isinstance(value, tuple) else value


def definite_name(name: str) -> str:
    """An organisation's name as it reads after "by": `the U.S. Department of Defense`, `CENTCOM`, `analysts`."""
    starts = ("U.S. ", "US ", "United ", "Department ", "Ministry ", "Pentagon", "Office ", "Government ",
              "Islamic Republic", "Institute ", "Israeli military", "Iraqi government")
    if name.startswith(starts) and not name.lower().startswith("the "):
        return "the " + name
    return name
