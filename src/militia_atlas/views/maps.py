"""The map: every base and every located attack, with Leaflet served from the site itself.

Leaflet and the country outlines (world-atlas) come from the npm registry at set-up
(`make setup` -> scripts/fetch_npm.py -> vendor/npm/); the build copies them into the
site. Pages never inline markers: every map loads one GeoJSON file of bases and
attacks, so a page stays the same size however many attacks there are. Tiles are
optional (plugin option `map_tiles: false`, or `?tiles=off`); the outlines draw anyway.
"""

from __future__ import annotations

import json
from functools import lru_cache, partial
from importlib import resources
from pathlib import Path

from ..core.names import attack_title, entity_src
from ..core import topojson
from ..core.outlines import ALIASES
from ..core.text import slugify
from ..core.problems import NotInstalled
from ..core.settings import setting
from ..core.text import attribute as esc
from ..render.outputs import OutputFile, PendingFile
from ..render.urls import file_url, page_url, root_url
from .helpers import drawn_globals
from .map_places import attack_places, entity_has_map, labels, located, missing_html, unplaced_note

ASSETS = "assets/militia-atlas"
LEAFLET_DIR = f"{ASSETS}/vendor/leaflet"
FEATURES = f"{ASSETS}/map/features.geojson"
OUTLINES = f"{ASSETS}/map/countries.geojson"
SCRIPT = f"{ASSETS}/map.js"
PAGE_SRC = "map/index.md"
WORLD_ATLAS_FILE = "countries-110m.json"
LEAFLET_FILES = ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png",
                 "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png")


class VendorMissing(NotInstalled):
    """The front-end packages from npm are not installed."""


def vendor_dirs(settings) -> list:
    return topojson.vendor_dirs(setting(settings, "root"))


def vendor_file(settings, package: str, relative: str) -> Path:
    path = topojson.find_vendor_file(setting(settings, "root"), package, relative)
    if path is not None:
        return path
    searched = ", ".join(str(folder) for folder in vendor_dirs(settings))
    raise VendorMissing(f"the map needs the npm package '{package}' ({relative}), which is not installed "
                        f"(looked in: {searched}); run `make setup` (it runs scripts/fetch_npm.py), or point "
                        "MILITIA_ATLAS_VENDOR at a vendor/npm folder")


# -- country outlines: world-atlas TopoJSON decoded to GeoJSON once per build ---------------

def topojson_to_geojson(topology: dict, name: str = "countries") -> dict:
    arcs = topojson.decode_arcs(topology, digits=3)
    features = []
    for geometry in topology["objects"][name]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            coordinates = [topojson.ring(arcs, ring) for ring in geometry["arcs"]]
        elif kind == "MultiPolygon":
            coordinates = [[topojson.ring(arcs, ring) for ring in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        features.append({"type": "Feature", "id": geometry.get("id"),
                         "properties": {"name": (geometry.get("properties") or {}).get("name", "")},
                         "geometry": {"type": kind, "coordinates": coordinates}})
    return {"type": "FeatureCollection", "features": features}


@lru_cache(maxsize=2)
def _outlines_text(path: str, mtime: float) -> str:
    topology = json.loads(Path(path).read_text(encoding="utf-8"))
    collection = topojson_to_geojson(topology)
    for feature in collection["features"]:  # the register's slug: a country page's map marks its outline
        name = feature["properties"]["name"]
        feature["properties"]["slug"] = ALIASES.get(name) or slugify(name)
    return json.dumps(collection, separators=(",", ":"), sort_keys=True) + "\n"


def outlines_geojson(settings) -> str:
    path = vendor_file(settings, "world-atlas", WORLD_ATLAS_FILE)
    return _outlines_text(str(path), path.stat().st_mtime)


# -- bases and located attacks -----------------------------------------------------------

def features_geojson(site, directory_urls: bool = True, outlines=None) -> str:
    """Bases and located attacks, and the names an offline basemap shows (`labels`); `outlines` is
    (path, mtime) of world-atlas' countries, where country names are placed."""
    features = []
    for base in sorted(site.bases.values(), key=lambda b: b.id):
        if not base.coordinates:
            continue
        features.append(_feature(base.coordinates[0], base.coordinates[1], {
            "kind": "base", "id": base.id, "name": base.name,
            "url": page_url(entity_src("base", base.id), directory_urls),
            "attacks": len(site.attack_items("base", base.id)),
            "precision": base.coordinates_precision or "",
        }))
    for item in site.timeline:  # newest first, so a popup lists the latest attacks at a place first
        attack = site.attacks[item.id]
        point = located(site, attack)
        if point is None:
            continue
        properties = {
            "kind": "attack", "id": attack.id, "name": attack_title(attack, site), "date": attack.date.iso(),
            "url": page_url(entity_src("attack", attack.id), directory_urls), "base": attack.base or "",
            "located_by": point[2], **attack_places(site, attack, directory_urls),
        }
        if item.kind == "strike":  # drawn with the attacks, said and counted apart in the popup
            properties["strike"] = True
        features.append(_feature(point[0], point[1], properties))
    collection = {"type": "FeatureCollection", "features": features, "labels": labels(site, outlines)}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def _feature(lat: float, lon: float, properties: dict) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties}


def extra_files(result, settings) -> list:
    # Bytes, as published on npm: byte-identical to the pinned, checked tarball.
    out = [OutputFile(f"{LEAFLET_DIR}/{name}", vendor_file(settings, "leaflet", f"dist/{name}").read_bytes())
           for name in LEAFLET_FILES]
    out.append(OutputFile(f"{LEAFLET_DIR}/LICENSE", vendor_file(settings, "leaflet", "LICENSE").read_bytes()))
    out.append(OutputFile(OUTLINES, outlines_geojson(settings)))
    world = vendor_file(settings, "world-atlas", WORLD_ATLAS_FILE)
    out.append(PendingFile(FEATURES, partial(features_geojson, result.site, setting(settings, "directory_urls"),
                                             (str(world), world.stat().st_mtime))))
    script = resources.files("militia_atlas").joinpath("static/militia-atlas-map.js").read_text(encoding="utf-8")
    out.append(OutputFile(SCRIPT, script))
    return out


# -- the map on a page ------------------------------------------------------------------

MARKED = {"base": "This base", "country": "This country"}  # a vessel's or a sea's map shows only its attacks


def map_html(renderer, label: str, show: str = "", focus=None, zoom: int = 6, mark: str = "", note: str = "") -> str:
    src, directory_urls = renderer.current, setting(renderer.settings, "directory_urls")
    tiles = setting(renderer.settings, "tile_url") if setting(renderer.settings, "map_tiles") else ""
    url = lambda path: esc(file_url(src, path, directory_urls))  # noqa: E731
    attributes = [f'data-root="{esc(root_url(src, directory_urls))}"', f'data-features="{url(FEATURES)}"',
                  f'data-outlines="{url(OUTLINES)}"', f'data-tiles="{esc(tiles)}"']
    if show:
        attributes.append(f'data-show="{esc(show)}"')
    if mark:
        attributes.append(f'data-mark="{esc(mark)}"')
    if focus:
        attributes += [f'data-lat="{focus[0]}"', f'data-lon="{focus[1]}"', f'data-zoom="{zoom}"']
    return (f'<div class="ma-map-block">'
            f'<div class="ma-map" role="region" aria-label="{esc(label)}" {" ".join(attributes)}></div>'
            f'{legend_html(show, mark)}{note}'
            f'<link rel="stylesheet" href="{url(LEAFLET_DIR + "/leaflet.css")}">'
            f'<script src="{url(LEAFLET_DIR + "/leaflet.js")}" defer></script>'
            f'<script src="{url(SCRIPT)}" defer></script>'
            f'<noscript>The map needs JavaScript. The same places are in the GeoJSON downloads.</noscript>'
            f'</div>')


def legend_html(show: str, mark: str) -> str:
    """The map's key, as HTML under it (readable without JavaScript and by screen readers)."""
    keys = [("base", "Base")]
    if show != "bases":
        keys += [("attack", "Attack (a number: several at one place)"), ("strike", "Strike by a state's forces")]
    kind = mark.split(":", 1)[0]
    if kind in MARKED:
        keys.append((f"marked-{kind}", MARKED[kind]))
    items = "".join(f'<li><span class="ma-map-key ma-map-key--{kind}" aria-hidden="true"></span>{esc(text)}</li>'
                    for kind, text in keys)
    return f'<ul class="ma-map-legend" aria-label="Map key">{items}</ul>'


def template_globals(renderer) -> dict:
    def entity_map(kind: str, ident: str) -> str:
        """The small map of a base, vessel, country or sea page, marking it and its attacks."""
        site = renderer.site
        if not entity_has_map(site, kind, ident):
            return ""
        name = _entity_name(site, kind, ident)
        focus, zoom = None, 6
        if kind == "base":
            focus, zoom = site.bases[ident].coordinates, 7
        elif kind == "sea":
            focus, zoom = site.seas.get(ident, {}).get("point"), 5
        return map_html(renderer, f"Map of {name} and its attacks", focus=focus, zoom=zoom, mark=f"{kind}:{ident}",
                        note=unplaced_note(site, kind, ident))

    def base_map(base) -> str:
        return entity_map("base", base.id)

    def sea_map(slug: str) -> str:
        return entity_map("sea", slug)

    return drawn_globals(renderer, {
        "entity_map_html": entity_map, "base_map": base_map, "sea_map": sea_map,
        "map_missing": lambda: missing_html(renderer.site, renderer.current,
                                            setting(renderer.settings, "directory_urls")),
        "bases_map": lambda: map_html(renderer, "Map of every base", show="bases"),
        "site_map": lambda: map_html(renderer, "Map of every base and every located attack")})


def _entity_name(site, kind: str, ident: str) -> str:
    if kind == "country":
        return site.countries.get(ident, {}).get("name", ident)
    if kind == "sea":
        return "the " + site.seas.get(ident, {}).get("name", ident)
    entry = site.bases.get(ident) if kind == "base" else site.vessels.get(ident)
    return entry.name if entry is not None else ident


def pages(renderer) -> list:
    return [renderer.render("map.html.j2", PAGE_SRC)]
