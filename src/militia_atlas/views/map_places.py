"""What the map says beyond its markers: where each attack belongs (the page of its place, its base,
vessel, sea and country), the names an offline basemap shows, and what is not on the map.

Country names come from the country register (core/countries), placed at the middle of each
country's largest outline (world-atlas, the outlines the map draws); sea names from the register
of sea areas (data/seas.json and a site's seas.yml), at their points.
"""

from __future__ import annotations

from ..core.names import attack_country, attack_kind, attack_point, attack_sea, attack_title, entity_src
from ..core.outlines import country_polygons
from ..core.text import attribute as esc
from ..core.text import html_text as escape_html
from ..render.urls import file_url, page_url

MISSING_ATTACKS_SHOWN = 50  # the list under the map stays the same size however many attacks there are


def sea_point(site, attack):
    """(lat, lon, "sea"): the point of the sea area an attack with no coordinates was located in."""
    point = site.seas.get(attack_sea(attack) or "", {}).get("point")
    return (point[0], point[1], "sea") if point else None


def located(site, attack):
    """(lat, lon, how) where the map draws an attack, or None."""
    return attack_point(attack, site) or sea_point(site, attack)


def attack_places(site, attack, directory_urls: bool) -> dict:
    """The keys an entity map filters on, and `place`: the page listing every attack at the place."""
    country, sea = attack_country(attack, site), attack_sea(attack)
    keys = {"vessel": attack.vessel, "sea": sea, "country": country}
    properties = {key: value for key, value in keys.items() if value}
    if attack.base and attack.base in site.bases:
        place = entity_src("base", attack.base)
    elif sea and ("sea", sea) in site.listings:
        place = entity_src("sea", sea)
    elif country and ("country", country) in site.listings:
        place = entity_src("country", country)
    else:
        place = ""
    properties["place"] = page_url(place, directory_urls) if place else ""
    return properties


# -- names on an offline basemap -------------------------------------------------------

def labels(site, outlines) -> dict:
    """{"countries": [[name, lat, lon, size]...], "seas": [[name, lat, lon]...]}; `outlines` is (path,
    mtime) of world-atlas' countries, or None (then countries have no names). `size` is the area of the
    country's largest outline in square degrees: the map names small countries only when zoomed in."""
    countries = []
    if outlines is not None:
        for slug, polygons in sorted(country_polygons(*outlines).items()):
            name = site.countries.get(slug, {}).get("name")
            if name:
                lon, lat = label_point(polygons)
                size = max(abs(_ring_area(polygon[0])) for polygon in polygons)
                countries.append([name, round(lat, 2), round(lon, 2), round(size, 1)])
    seas = [[sea["name"], sea["point"][0], sea["point"][1]]
            for _, sea in sorted(site.seas.items()) if sea.get("point") and sea.get("name")]
    return {"countries": sorted(countries), "seas": sorted(seas)}


def label_point(polygons: list) -> tuple:
    """(lon, lat): the area centroid of the largest outer ring, where a country's name goes."""
    ring = max((polygon[0] for polygon in polygons), key=lambda r: abs(_ring_area(r)))
    area = _ring_area(ring)
    if area == 0:
        return ring[0][0], ring[0][1]
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        cross = x1 * y2 - x2 * y1
        cx, cy = cx + (x1 + x2) * cross, cy + (y1 + y2) * cross
    return cx / (6 * area), cy / (6 * area)


def _ring_area(ring: list) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1])) / 2


# -- what is not on the map ------------------------------------------------------------

def missing_html(site, src: str, directory_urls: bool) -> str:
    """"N not on the map", with a link to each base and (the newest MISSING_ATTACKS_SHOWN) attacks."""
    link = lambda kind, ident, text: (  # noqa: E731
        f'<a href="{esc(file_url(src, page_url(entity_src(kind, ident), directory_urls), directory_urls))}">'
        f"{escape_html(text)}</a>")
    bases = sorted((b for b in site.bases.values() if not b.coordinates), key=lambda b: (b.name.casefold(), b.id))
    attacks = [site.attacks[item.id] for item in site.timeline if located(site, site.attacks[item.id]) is None]
    if not bases and not attacks:
        return '<p class="ma-map-missing">Every base and every attack is on the map.</p>'
    one = len(bases) + len(attacks) == 1
    parts = [f'<div class="ma-map-missing"><p>{_count(len(bases), "base")}{" and " if bases and attacks else ""}'
             f'{_count(len(attacks), "attack")} {"is" if one else "are"} not on the map: no coordinates, base with '
             f'coordinates or sea area was recorded for {"it" if one else "them"}.</p>']
    if bases:
        parts.append("<p>Bases:</p><ul>" + "".join(f"<li>{link('base', b.id, b.name)}</li>" for b in bases) + "</ul>")
    if attacks:
        shown = attacks[:MISSING_ATTACKS_SHOWN]
        items = "".join(f"<li>{escape_html(a.date.iso())} — {'Strike: ' if attack_kind(a) == 'strike' else ''}"
                        f"{link('attack', a.id, attack_title(a, site))}</li>" for a in shown)
        more = len(attacks) - len(shown)
        tail = (f"<p>and {more:,} more, newest first above; the attack downloads list every attack with "
                "its place.</p>") if more else ""
        parts.append(f"<p>Attacks, newest first:</p><ul>{items}</ul>{tail}")
    return "".join(parts) + "</div>"


def _count(number: int, noun: str) -> str:
    return "" if not number else f"{number:,} {noun}{'' if number == 1 else 's'}"


# -- which entity pages get a small map --------------------------------------------------

def entity_has_map(site, kind: str, ident: str) -> bool:
    """A map when it has something to mark: the base's point, the country's outline, the sea's
    point, or any attack of the entity the map can place."""
    if kind == "base" and site.bases.get(ident) is not None and site.bases[ident].coordinates:
        return True
    if kind == "country" or (kind == "sea" and site.seas.get(ident, {}).get("point")):
        return True
    return any(item.id in site.attacks and located(site, site.attacks[item.id]) is not None
               for item in site.listings.get((kind, ident), []))


def unplaced_note(site, kind: str, ident: str) -> str:
    """Under an entity's map: how many of the attacks (and strikes) in its list the map cannot place."""
    listed = [site.attacks[item.id] for item in site.listings.get((kind, ident), []) if item.id in site.attacks]
    unplaced = sum(1 for attack in listed if located(site, attack) is None)
    if not unplaced:
        return ""
    noun = "attacks and strikes" if any(attack_kind(a) == "strike" for a in listed) else "attacks"
    return (f'<p class="ma-map-unplaced">{unplaced:,} of the {len(listed):,} {noun} listed above '
            f'{"is" if unplaced == 1 else "are"} not on the map: no coordinates, base with coordinates '
            "or sea area was recorded for them.</p>")
