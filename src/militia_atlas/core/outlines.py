"""Is a point inside its entry's country? A check for swapped or mistyped coordinates.

The outlines are world-atlas' countries-110m (from npm, as the maps use them: `make setup` puts
them in vendor/npm/). They are coarse (110m: a border or coast may be off by 10 km or more),
so a point within TOLERANCE degrees of its country counts as inside. Without the outlines the
check is skipped: it only ever gives warnings, never errors.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from .locate import locate_problems
from .problems import Problem
from .text import slugify
from .topojson import decode_arcs, find_vendor_file, ring

WORLD_ATLAS = ("world-atlas", "countries-110m.json")  # npm package, file
TOLERANCE = 0.3  # degrees, about 30 km: the 110m outlines cut corners of borders and coasts
# world-atlas names that are not the register's (slug of its English short name)
ALIASES = {
    "W. Sahara": "western-sahara", "United States of America": "united-states",
    "Dem. Rep. Congo": "dr-congo", "Côte d'Ivoire": "c-te-divoire", "Fr. S. Antarctic Lands": "french-southern-territories", "Dominican Rep.": "dominican-republic",
    "Falkland Is.": "falkland-islands-malvinas", "Central African Rep.": "central-african-republic",
    "Eq. Guinea": "equatorial-guinea", "Solomon Is.": "solomon-islands", "N. Cyprus": "cyprus",
    "Somaliland": "somalia", "Bosnia and Herz.": "bosnia-and-herzegovina", "Macedonia": "north-macedonia",
    "S. Sudan": "south-sudan",
}


def find_outlines(root: Path) -> Path | None:
    """countries-110m.json where the maps look for it (MILITIA_ATLAS_VENDOR, the site, this checkout), or None."""
    return find_vendor_file(root, *WORLD_ATLAS)


@lru_cache(maxsize=2)
def country_polygons(path: str, mtime: float) -> dict:
    """Register slug -> list of polygons, each a list of rings of (lon, lat)."""
    topology = json.loads(Path(path).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    polygons = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = (geometry.get("properties") or {}).get("name", "")
        slug = ALIASES.get(name) or slugify(name)
        shapes = {"Polygon": [geometry.get("arcs")], "MultiPolygon": geometry.get("arcs")}.get(geometry.get("type"))
        for shape in shapes or []:
            polygons.setdefault(slug, []).append([ring(arcs, indexes) for indexes in shape])
    return polygons


def _inside_ring(x: float, y: float, ring: list) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _distance_to_ring(x: float, y: float, ring: list) -> float:
    best = math.inf
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        dx, dy = x2 - x1, y2 - y1
        t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
        best = min(best, math.hypot(x - x1 - t * dx, y - y1 - t * dy))
    return best


def near_or_inside(lat: float, lon: float, polygons: list) -> bool:
    for polygon in polygons:
        outer, holes = polygon[0], polygon[1:]
        if _inside_ring(lon, lat, outer) and not any(_inside_ring(lon, lat, hole) for hole in holes):
            return True
    return any(_distance_to_ring(lon, lat, ring) <= TOLERANCE for polygon in polygons for ring in polygon)


def coordinate_warnings(site, root: Path) -> list:
    """Warnings (as Problems) for bases, and attack locations, whose point is not in their country."""
    path = find_outlines(root)
    if path is None:
        return []
    outlines = (str(path), path.stat().st_mtime)
    found, paths = [], {}
    for entry, where, point, country in _points(site):
        warning = _check_point(entry.file, where, point, country, site, outlines)
        if warning:
            found.append(warning)
            paths[entry.file] = entry.path
    return locate_problems(sorted(found, key=Problem.sort_key), paths)


def _points(site):
    for base in site.bases.values():
        if base.values.get("coordinates"):
            yield base, ("coordinates",), base.coordinates, base.country
    for attack in site.attacks.values():
        location = attack.values.get("location")  # not attack.location: absent fields are slow to ask for
        if location and location.get("coordinates"):
            yield attack, ("location", "coordinates"), location["coordinates"], location.get("country")


@lru_cache(maxsize=1 << 16)
def _placed(outlines: tuple, country: str, lat: float, lon: float) -> bool:
    """Is the point in (or near) the country? Remembered: a live preview asks again after every edit.
    A country the outlines do not draw (one added in countries.yml) is not checked."""
    polygons = country_polygons(*outlines).get(country)
    return polygons is None or near_or_inside(lat, lon, polygons)


def _check_point(file: str, where: tuple, point, country: str, site, outlines: tuple):
    lat, lon = point
    if _placed(outlines, country, lat, lon):
        return None
    name = site.countries.get(country, {}).get("name", country)
    written = f"[{_number(lat)}, {_number(lon)}]"
    if -90 <= lon <= 90 and _placed(outlines, country, lon, lat):
        hint = f"did you swap latitude and longitude? [{_number(lon)}, {_number(lat)}] is in {name}"
    else:
        hint = "check the coordinates and the country"
    return Problem(file, _outside(written, name), hint, where)


def _outside(written: str, name: str) -> str:
    return f"{written} is outside {name}"


def _number(value: float) -> str:
    return repr(float(value))
