"""The map (maps.py): Leaflet and country outlines served from the site, one GeoJSON of places."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT, copy_fixture, run_cli, run_mkdocs
from militia_atlas.views.maps import topojson_to_geojson
from views_html import page, page_file, resolve

FEATURES = "assets/militia-atlas/map/features.geojson"
LEAFLET = "assets/militia-atlas/vendor/leaflet"


@pytest.fixture(scope="module")
def shipping_site(tmp_path_factory):
    root = copy_fixture("shipping", tmp_path_factory.mktemp("shipping-map"))
    result = run_mkdocs("build", "--strict", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def features(site) -> list:
    return json.loads((site / FEATURES).read_text(encoding="utf-8"))["features"]


def test_every_base_and_located_attack_is_a_feature_linking_to_its_page(views_site):
    found = features(views_site)
    bases = {f["properties"]["id"] for f in found if f["properties"]["kind"] == "base"}
    attacks = {f["properties"]["id"] for f in found if f["properties"]["kind"] == "attack"}
    assert bases == {"north-base", "east-base"}  # hidden-base has no coordinates
    assert len(attacks) == 12 and "2023-10-25-field" in attacks
    assert not {"2023-11-08-road", "2023-11-03-hidden", "2023-12-24-draft"} & attacks
    field = next(f for f in found if f["properties"]["id"] == "2023-10-25-field")
    assert field["geometry"]["coordinates"] == [40.9, 36.5]  # GeoJSON order: lon, lat
    for feature in found:
        assert page_file(views_site, feature["properties"]["url"]).is_file(), feature["properties"]["url"]


def map_div(site, url_path: str):
    element = page(site, url_path).find("div", class_="ma-map")
    assert element is not None, url_path
    return element


def test_base_page_map_points_at_the_shared_data_and_leaflet(views_site):
    element = map_div(views_site, "bases/north-base/")
    assert (element.attrs["data-lat"], element.attrs["data-lon"]) == ("36.19", "44.01")
    assert resolve("bases/north-base/", element.attrs["data-features"]) == FEATURES
    assert (views_site / resolve("bases/north-base/", element.attrs["data-outlines"])).is_file()
    assert resolve("bases/north-base/", element.attrs["data-root"]) == ""
    block = page(views_site, "bases/north-base/").find("div", class_="ma-map-block")
    scripts = [resolve("bases/north-base/", s.attrs["src"]) for s in block.find_all("script")]
    assert scripts == [f"{LEAFLET}/leaflet.js", "assets/militia-atlas/map.js"]
    assert all((views_site / s).is_file() for s in scripts)
    assert page(views_site, "bases/hidden-base/").find("div", class_="ma-map") is None


def test_tiles_are_off_when_configured_and_on_by_default(views_site, example_site):
    assert map_div(views_site, "bases/north-base/").attrs["data-tiles"] == ""
    tiles = map_div(example_site, "bases/al-shadadi/").attrs["data-tiles"]
    assert tiles.startswith("https://tile.openstreetmap.org/")
    script = (example_site / "assets/militia-atlas/map.js").read_text(encoding="utf-8")
    assert "OpenStreetMap</a> contributors" in script and "tiles=off" in script


def test_bases_index_and_map_page(views_site):
    assert map_div(views_site, "bases/").attrs["data-show"] == "bases"
    assert "data-show" not in map_div(views_site, "map/").attrs


def test_leaflet_is_copied_from_the_pinned_npm_package(views_site):
    vendor = ROOT / "vendor" / "npm" / "leaflet" / "dist"
    for name in ("leaflet.js", "leaflet.css", "images/layers.png", "images/marker-icon.png"):
        assert (views_site / LEAFLET / name).read_bytes() == (vendor / name).read_bytes(), name
    assert json.loads((ROOT / "npm-packages.json").read_text())["leaflet"]["version"] == "1.9.4"


def test_country_outlines_draw_iraq_where_it_is(views_site):
    outlines = json.loads((views_site / "assets/militia-atlas/map/countries.geojson").read_text())
    iraq = next(f for f in outlines["features"] if f["properties"]["name"] == "Iraq")
    ring = iraq["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) > 10
    assert all(38 < lon < 49.5 and 29 < lat < 37.5 for lon, lat in ring)


def test_topojson_arcs_are_decoded_and_reversed():
    topology = {"type": "Topology", "transform": {"scale": [1, 1], "translate": [10, 20]},
                "arcs": [[[0, 0], [1, 0], [0, 1]], [[1, 1], [-1, 0], [0, -1]]],
                "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "id": "1", "properties": {"name": "Square"}},
                    {"type": "Polygon", "arcs": [[~1, ~0]], "id": "2", "properties": {"name": "Back"}}]}}}
    square, back = topojson_to_geojson(topology)["features"]
    assert square["geometry"]["coordinates"] == [[[10, 20], [11, 20], [11, 21], [10, 21], [10, 20]]]
    assert back["geometry"]["coordinates"] == [[[10, 20], [10, 21], [11, 21], [11, 20], [10, 20]]]


def test_missing_npm_packages_fail_the_build_with_the_fix(tmp_path):
    root = copy_fixture("basic", tmp_path / "site")
    empty = tmp_path / "no-vendor"
    empty.mkdir()
    result = run_cli("build", cwd=root, env={"MILITIA_ATLAS_VENDOR": str(empty)})
    assert result.returncode == 1
    assert "make setup" in result.stderr and "leaflet" in result.stderr
    assert "Traceback" not in result.stderr
    generated = run_cli("generate", "--out", str(tmp_path / "gen"), cwd=root, env={"MILITIA_ATLAS_VENDOR": str(empty)})
    assert generated.returncode == 1 and "make setup" in generated.stderr and "Traceback" not in generated.stderr


def test_generate_output_has_the_map(views_generated):
    assert (views_generated / FEATURES).is_file()
    assert (views_generated / LEAFLET / "images/layers.png").read_bytes()[:4] == b"\x89PNG"
    assert map_div(views_generated, "bases/north-base/").attrs["data-lat"] == "36.19"


# -- issue 15: attacks visible, places linked, what is not on the map, entity maps, offline names ----

def test_every_located_attack_names_the_page_of_its_place(views_site):
    """A grouped marker's popup ends with "and N more" linking to the place's page."""
    attacks = [f["properties"] for f in features(views_site) if f["properties"]["kind"] == "attack"]
    at_base = next(a for a in attacks if a["base"] == "north-base")
    assert at_base["place"] == "bases/north-base/"
    for attack in attacks:
        assert page_file(views_site, attack["place"]).is_file(), attack


def test_features_say_which_vessel_sea_and_country_an_attack_belongs_to(shipping_site):
    attacks = {f["properties"]["id"]: f["properties"] for f in features(shipping_site)
               if f["properties"]["kind"] == "attack"}
    lantern = attacks["2024-01-10-amber-lantern"]
    assert (lantern["vessel"], lantern["sea"]) == ("amber-lantern", "red-sea")
    assert lantern["place"] == "seas/red-sea/"


def test_offline_basemap_names_countries_from_the_register_and_seas(views_site):
    labels = json.loads((views_site / FEATURES).read_text(encoding="utf-8"))["labels"]
    countries = {name: (lat, lon) for name, lat, lon, _ in labels["countries"]}
    sizes = {name: size for name, _, _, size in labels["countries"]}
    assert sizes["Lebanon"] < sizes["Syria"] < sizes["Iraq"]  # small countries are named when zoomed in
    lat, lon = countries["Iraq"]
    assert 29 < lat < 37.5 and 38 < lon < 49.5
    assert "United States" in countries and "United States of America" not in countries  # the register's name
    seas = {name: (lat, lon) for name, lat, lon in labels["seas"]}
    assert seas["Persian Gulf"] == (27.0, 51.5)  # data/seas.json's point


def test_map_page_lists_what_is_not_on_the_map_with_links(views_site):
    html = page(views_site, "map/")
    missing = html.find(class_="ma-map-missing")
    assert missing is not None
    text = " ".join(missing.text().split())
    assert "not on the map" in text
    hrefs = {resolve("map/", a.attrs["href"]) for a in missing.find_all("a")}
    assert "bases/hidden-base/index.html" in hrefs or "bases/hidden-base/" in hrefs
    assert {"attacks/2023-11-08-road/", "attacks/2023-11-03-hidden/"} <= {h.replace("index.html", "") for h in hrefs}
    assert "attacks/2023-12-24-draft/" not in {h.replace("index.html", "") for h in hrefs}


def test_map_legend_is_html_readable_without_javascript(views_site):
    legend = page(views_site, "map/").find(class_="ma-map-legend")
    assert legend is not None
    text = legend.text()
    assert "Base" in text and "Attack" in text and "Strike" in text


def test_entity_pages_have_a_small_map_marking_the_entity(views_site, shipping_site):
    assert map_div(views_site, "bases/north-base/").attrs["data-mark"] == "base:north-base"
    country = next(p.parent.name for p in (views_site / "countries").glob("*/index.html"))
    assert map_div(views_site, f"countries/{country}/").attrs["data-mark"] == f"country:{country}"
    assert map_div(shipping_site, "vessels/amber-lantern/").attrs["data-mark"] == "vessel:amber-lantern"
    assert map_div(shipping_site, "seas/red-sea/").attrs["data-mark"] == "sea:red-sea"


def test_country_outlines_carry_the_register_slug(views_site):
    outlines = json.loads((views_site / "assets/militia-atlas/map/countries.geojson").read_text())
    iraq = next(f for f in outlines["features"] if f["properties"]["name"] == "Iraq")
    assert iraq["properties"]["slug"] == "iraq"
    usa = next(f for f in outlines["features"] if f["properties"]["name"] == "United States of America")
    assert usa["properties"]["slug"] == "united-states"


def test_no_map_element_repeats_an_id(views_site):
    html = page(views_site, "bases/north-base/")
    assert html.find(id="ma-map") is None


def test_an_entity_map_says_how_many_of_its_attacks_it_cannot_place(views_site):
    block = page(views_site, "countries/iraq/").find("div", class_="ma-map-block")
    note = block.find(class_="ma-map-unplaced")  # the Desert Road IED and the attack on hidden-base
    assert note is not None
    assert re.search(r"\b2 of the \d+ attacks listed above are not on the map", " ".join(note.text().split()))
    assert page(views_site, "bases/north-base/").find(class_="ma-map-unplaced") is None  # all on it
