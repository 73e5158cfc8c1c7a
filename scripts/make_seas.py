"""Write src/militia_atlas/data/seas.json: the register of sea areas the site ships.

Names are those of the IHO's "Limits of Oceans and Seas" (S-23, 3rd edition, 1953) as Marine
Regions' IHO Sea Areas data set spells them; two straits the IHO gives no area of (Bab el-Mandeb,
Strait of Hormuz) are labelled points. Each point is a representative position chosen for this
project, where a map puts the sea's label and the attacks located in it with no coordinates of
their own.

`--check MAP.geo.json` verifies every point lies at sea, inside the world's seas of the npm package
@geo-maps/earth-seas-10m 0.6.0 (`map.geo.json`, 37 MB, one MultiPolygon without names, data under
ODbL 1.0): that package is used to check the points only, none of its data is shipped, so it is
not fetched at set-up. Run: python scripts/make_seas.py [--check path/to/map.geo.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "militia_atlas" / "data" / "seas.json"

# slug: (IHO name, [lat, lon])
SEAS = {
    "adriatic-sea": ("Adriatic Sea", [43.0, 15.5]),
    "aegean-sea": ("Aegean Sea", [38.5, 25.0]),
    "alboran-sea": ("Alboran Sea", [36.0, -3.5]),
    "andaman-sea": ("Andaman or Burma Sea", [11.0, 96.5]),
    "arabian-sea": ("Arabian Sea", [15.0, 63.0]),
    "arafura-sea": ("Arafura Sea", [-9.5, 135.0]),
    "arctic-ocean": ("Arctic Ocean", [85.0, 0.0]),
    "bab-el-mandeb": ("Bab el-Mandeb", [12.58, 43.33]),
    "baffin-bay": ("Baffin Bay", [73.0, -65.0]),
    "balearic-sea": ("Balearic (Iberian Sea)", [40.5, 2.0]),
    "bali-sea": ("Bali Sea", [-7.5, 115.5]),
    "baltic-sea": ("Baltic Sea", [58.0, 20.0]),
    "banda-sea": ("Banda Sea", [-5.5, 127.0]),
    "barents-sea": ("Barentsz Sea", [74.0, 40.0]),
    "bay-of-bengal": ("Bay of Bengal", [15.0, 88.0]),
    "bay-of-biscay": ("Bay of Biscay", [45.0, -5.0]),
    "beaufort-sea": ("Beaufort Sea", [72.0, -140.0]),
    "bering-sea": ("Bering Sea", [58.0, -178.0]),
    "bismarck-sea": ("Bismarck Sea", [-4.0, 148.0]),
    "black-sea": ("Black Sea", [43.0, 34.0]),
    "bristol-channel": ("Bristol Channel", [51.35, -4.0]),
    "caribbean-sea": ("Caribbean Sea", [15.0, -75.0]),
    "celebes-sea": ("Celebes Sea", [4.0, 122.0]),
    "celtic-sea": ("Celtic Sea", [50.5, -8.0]),
    "chukchi-sea": ("Chukchi Sea", [69.5, -170.0]),
    "coral-sea": ("Coral Sea", [-17.0, 155.0]),
    "davis-strait": ("Davis Strait", [66.0, -57.0]),
    "east-china-sea": ("Eastern China Sea", [29.0, 125.0]),
    "east-siberian-sea": ("East Siberian Sea", [74.0, 160.0]),
    "eastern-mediterranean": ("Mediterranean Sea – Eastern Basin", [34.0, 25.0]),
    "english-channel": ("English Channel", [50.0, -2.0]),
    "flores-sea": ("Flores Sea", [-7.5, 121.0]),
    "greenland-sea": ("Greenland Sea", [76.0, -5.0]),
    "gulf-of-aden": ("Gulf of Aden", [12.5, 47.5]),
    "gulf-of-alaska": ("Gulf of Alaska", [56.0, -145.0]),
    "gulf-of-aqaba": ("Gulf of Aqaba", [28.8, 34.75]),
    "gulf-of-bothnia": ("Gulf of Bothnia", [62.5, 20.0]),
    "gulf-of-california": ("Gulf of California", [27.0, -111.0]),
    "gulf-of-finland": ("Gulf of Finland", [59.8, 26.0]),
    "gulf-of-guinea": ("Gulf of Guinea", [2.0, 2.0]),
    "gulf-of-mexico": ("Gulf of Mexico", [25.0, -90.0]),
    "gulf-of-oman": ("Gulf of Oman", [24.5, 58.5]),
    "gulf-of-riga": ("Gulf of Riga", [57.5, 23.5]),
    "gulf-of-st-lawrence": ("Gulf of St. Lawrence", [48.5, -62.0]),
    "gulf-of-suez": ("Gulf of Suez", [28.8, 33.0]),
    "gulf-of-thailand": ("Gulf of Thailand", [10.0, 102.0]),
    "gulf-of-tonkin": ("Gulf of Tonkin", [20.0, 107.5]),
    "hudson-bay": ("Hudson Bay", [60.0, -85.0]),
    "indian-ocean": ("Indian Ocean", [-20.0, 80.0]),
    "ionian-sea": ("Ionian Sea", [37.5, 18.5]),
    "irish-sea": ("Irish Sea and St. George's Channel", [53.8, -5.0]),
    "java-sea": ("Java Sea", [-5.0, 110.0]),
    "kara-sea": ("Kara Sea", [76.0, 70.0]),
    "kattegat": ("Kattegat", [57.0, 11.5]),
    "labrador-sea": ("Labrador Sea", [57.0, -53.0]),
    "laccadive-sea": ("Laccadive Sea", [9.0, 75.0]),
    "laptev-sea": ("Laptev Sea", [76.0, 125.0]),
    "ligurian-sea": ("Ligurian Sea", [43.5, 9.0]),
    "makassar-strait": ("Makassar Strait", [-2.0, 118.0]),
    "malacca-strait": ("Malacca Strait", [3.5, 100.0]),
    "molukka-sea": ("Molukka Sea", [0.5, 126.5]),
    "mozambique-channel": ("Mozambique Channel", [-18.0, 41.0]),
    "north-atlantic-ocean": ("North Atlantic Ocean", [35.0, -40.0]),
    "north-pacific-ocean": ("North Pacific Ocean", [30.0, -160.0]),
    "north-sea": ("North Sea", [56.0, 3.0]),
    "norwegian-sea": ("Norwegian Sea", [68.0, 5.0]),
    "persian-gulf": ("Persian Gulf", [27.0, 51.5]),
    "philippine-sea": ("Philippine Sea", [20.0, 133.0]),
    "red-sea": ("Red Sea", [20.0, 38.5]),
    "ross-sea": ("Ross Sea", [-75.0, -175.0]),
    "sea-of-azov": ("Sea of Azov", [46.0, 36.5]),
    "sea-of-japan": ("Japan Sea", [40.0, 135.0]),
    "sea-of-marmara": ("Sea of Marmara", [40.75, 28.2]),
    "sea-of-okhotsk": ("Sea of Okhotsk", [53.0, 150.0]),
    "skagerrak": ("Skagerrak", [57.9, 9.0]),
    "solomon-sea": ("Solomon Sea", [-8.0, 153.0]),
    "south-atlantic-ocean": ("South Atlantic Ocean", [-25.0, -15.0]),
    "south-china-sea": ("South China Sea", [13.0, 114.0]),
    "south-pacific-ocean": ("South Pacific Ocean", [-30.0, -130.0]),
    "southern-ocean": ("Southern Ocean", [-62.0, 40.0]),
    "strait-of-gibraltar": ("Strait of Gibraltar", [35.95, -5.5]),
    "strait-of-hormuz": ("Strait of Hormuz", [26.57, 56.25]),
    "sulu-sea": ("Sulu Sea", [8.0, 120.0]),
    "tasman-sea": ("Tasman Sea", [-38.0, 160.0]),
    "timor-sea": ("Timor Sea", [-11.0, 127.0]),
    "tyrrhenian-sea": ("Tyrrhenian Sea", [40.0, 12.0]),
    "weddell-sea": ("Weddell Sea", [-72.0, -45.0]),
    "western-mediterranean": ("Mediterranean Sea – Western Basin", [38.0, 5.0]),
    "white-sea": ("White Sea", [65.8, 37.0]),
    "yellow-sea": ("Yellow Sea", [35.5, 123.5]),
}
STRAITS = {"bab-el-mandeb", "strait-of-hormuz"}  # no IHO area: labelled points only


def register() -> dict:
    return {
        "about": "Sea areas: names from IHO S-23 'Limits of Oceans and Seas' (3rd ed., 1953), as spelled in "
                 "Marine Regions' IHO Sea Areas; representative points chosen for militia-atlas (scripts/make_seas.py), "
                 "each checked at sea against @geo-maps/earth-seas-10m 0.6.0 (ODbL 1.0), none of whose data is shipped.",
        "seas": {slug: {"name": name, "point": point, **({"kind": "strait"} if slug in STRAITS else {})}
                 for slug, (name, point) in sorted(SEAS.items())},
    }


def _inside(lon: float, lat: float, ring: list) -> bool:
    inside, j = False, len(ring) - 1
    for i in range(len(ring)):
        (xi, yi), (xj, yj) = ring[i][:2], ring[j][:2]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def at_sea(lat: float, lon: float, polygons: list) -> bool:
    for polygon, box in polygons:
        if box[0] <= lon <= box[2] and box[1] <= lat <= box[3]:
            if _inside(lon, lat, polygon[0]) and not any(_inside(lon, lat, hole) for hole in polygon[1:]):
                return True
    return False


def load_polygons(path: Path) -> list:
    data = json.loads(path.read_text(encoding="utf-8"))
    geometries = data.get("geometries") or [f["geometry"] for f in data.get("features", [])]
    polygons = []
    for geometry in geometries:
        parts = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in parts:
            xs, ys = [p[0] for p in polygon[0]], [p[1] for p in polygon[0]]
            polygons.append((polygon, (min(xs), min(ys), max(xs), max(ys))))
    return polygons


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", type=Path, help="map.geo.json of @geo-maps/earth-seas-10m: every point must be at sea")
    args = parser.parse_args()
    if args.check:
        polygons = load_polygons(args.check)
        inland = [slug for slug, (_, (lat, lon)) in sorted(SEAS.items()) if not at_sea(lat, lon, polygons)]
        if inland:
            sys.exit("not at sea: " + ", ".join(inland))
    OUT.write_text(json.dumps(register(), ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(SEAS)} sea areas to {OUT}")


if __name__ == "__main__":
    main()
