"""Ships and seas (issue 14): vessels as targets, attacks located at sea, the register of sea areas.

tests/fixtures/shipping/ holds INVENTED ships and attacks: a merchant vessel attacked twice (once
at a located place in the Red Sea, once in a sea area the fixture adds in entries/seas.yml), a
naval vessel attacked with no location, and attacks located in the Red Sea and the Gulf of Aden.
The whole research model meets at sea too: a ship whose attack the sources tell differently (a
disputed account, "at least" 3 wounded, a suspected attribution with its source) and a state's
strike on the attackers ("at least" 40 killed).
It is built once with `mkdocs build --strict`; the tests read the HTML and the downloads.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3

import pytest
from conftest import copy_fixture, run_mkdocs

from militia_atlas.core.seas import builtin_seas


@pytest.fixture(scope="module")
def shipping(tmp_path_factory):
    root = copy_fixture("shipping", tmp_path_factory.mktemp("shipping"))
    result = run_mkdocs("build", "--strict", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def page(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def main_text(html: str) -> str:
    """The page's content, tags removed, whitespace collapsed."""
    body = html.split('class="md-content"', 1)[1].split('<footer', 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def rows(site, name: str) -> list:
    return list(csv.DictReader(io.StringIO((site / "downloads" / name).read_text(encoding="utf-8"))))


# -- the register --------------------------------------------------------------------------------

def test_the_register_has_the_entry_formats_example_slugs_each_with_a_point():
    seas = builtin_seas()
    for slug in ("red-sea", "gulf-of-aden", "arabian-sea", "gulf-of-oman", "persian-gulf", "bab-el-mandeb",
                 "eastern-mediterranean", "black-sea", "indian-ocean"):
        lat, lon = seas[slug]["point"]
        assert -90 <= lat <= 90 and -180 <= lon <= 180, slug
    assert seas["red-sea"]["name"] == "Red Sea"
    assert len(seas) > 50  # the world's seas and oceans, not only the examples


# -- pages ---------------------------------------------------------------------------------------

def test_a_vessel_page_lists_the_attacks_on_it_newest_first(shipping):
    html = page(shipping, "vessels/amber-lantern")
    text = main_text(html)
    assert "Amber Lantern" in text and "9999991" in text and "Bulk carrier" in text
    assert "Merchant" in text and "Liberia" in text and "Lantern Shipping Ltd (invented)" in text
    newest, oldest = text.index("Small-arms attack on Amber Lantern"), text.index("Drone attack on Amber Lantern")
    assert newest < oldest
    assert "East of Aden" not in text  # an attack on no ship is not listed here
    assert "9999991" in html.split('class="ma-search-terms"', 1)[1].split("</p>", 1)[0]  # found by IMO
    assert "Amber Light" in html.split('class="ma-search-terms"', 1)[1].split("</p>", 1)[0]  # and alias


def test_a_naval_vessel_page_and_the_vessels_index(shipping):
    text = main_text(page(shipping, "vessels/quill-harbour"))
    assert "Naval" in text and "Destroyer" in text and "DDG-999" in text
    assert "Drone and cruise missile attack on Quill Harbour" in text
    index = main_text(page(shipping, "vessels"))
    assert "Amber Lantern" in index and "Quill Harbour" in index


def test_a_sea_page_lists_the_attacks_located_in_it(shipping):
    text = main_text(page(shipping, "seas/red-sea"))
    assert "Red Sea" in text
    assert text.index("Off Hodeidah") < text.index("Drone attack on Amber Lantern")  # newest first
    assert "East of Aden" not in text
    assert "East of Aden" in main_text(page(shipping, "seas/gulf-of-aden"))
    index = main_text(page(shipping, "seas"))
    assert "Red Sea" in index and "Gulf of Aden" in index and "Lantern Deep" in index
    assert "Arabian Sea" not in index  # only the sea areas with attacks have pages
    assert not (shipping / "seas" / "arabian-sea").exists()


def test_an_attack_page_shows_its_vessel_its_sea_and_how_precise_its_place_is(shipping):
    text = main_text(page(shipping, "attacks/2024-01-10-amber-lantern"))
    assert "Drone attack on Amber Lantern" in text
    assert "South of Mocha" in text and "Red Sea" in text and "approximate" in text
    html = page(shipping, "attacks/2024-01-10-amber-lantern")
    assert "../../vessels/amber-lantern/" in html and "../../seas/red-sea/" in html


def test_the_map_data_places_sea_attacks_by_coordinates_else_at_the_seas_point(shipping):
    data = json.loads((shipping / "assets" / "militia-atlas" / "map" / "features.geojson").read_text())
    places = {f["properties"]["id"]: f["geometry"]["coordinates"] for f in data["features"]}
    assert places["2024-01-10-amber-lantern"] == [42.9, 13.1]
    lat, lon = builtin_seas()["red-sea"]["point"]
    assert places["2024-02-05-off-hodeidah"] == [lon, lat]


# -- downloads -----------------------------------------------------------------------------------

def test_attack_downloads_end_with_vessel_sea_and_coordinates_precision(shipping):
    table = {row["id"]: row for row in rows(shipping, "attacks.csv")}
    header = list(next(iter(table.values())))
    start = header.index("vessel")
    assert header[start:start + 3] == ["vessel", "sea", "coordinates_precision"]
    assert header.index("summary") < start  # appended after the columns older downloads have
    assert table["2024-01-10-amber-lantern"]["vessel"] == "amber-lantern"
    assert table["2024-01-10-amber-lantern"]["sea"] == "red-sea"
    assert table["2024-01-10-amber-lantern"]["coordinates_precision"] == "approximate"
    assert table["2024-02-02-quill-harbour"]["sea"] == ""
    records = json.loads((shipping / "downloads" / "attacks.json").read_text())
    assert {r["id"]: r["sea"] for r in records}["2024-01-20-east-of-aden"] == "gulf-of-aden"


def test_vessels_download_and_geojson_of_events_at_sea(shipping):
    vessels = {row["id"]: row for row in rows(shipping, "vessels.csv")}
    assert vessels["amber-lantern"]["imo"] == "9999991" and vessels["quill-harbour"]["kind"] == "naval"
    assert vessels["amber-lantern"]["attacks"] == "2"
    assert json.loads((shipping / "downloads" / "vessels.json").read_text())[0]["id"] == "amber-lantern"
    geo = json.loads((shipping / "downloads" / "attacks.geojson").read_text())
    located = {f["id"] for f in geo["features"]}
    assert {"2024-01-10-amber-lantern", "2024-01-20-east-of-aden"} <= located


def test_the_acled_export_gives_sea_events_a_location(shipping):
    table = {row["location"]: row for row in rows(shipping, "attacks-acled.csv")}
    east = table["East of Aden"]
    assert east["country"] == "Gulf of Aden" and east["geo_precision"] == "1"
    assert table["South of Mocha"]["geo_precision"] == "2"  # approximate coordinates
    assert table["Quill Harbour"]["geo_precision"] == "3"  # a ship, no place known


def test_the_sqlite_download_has_the_vessels(shipping):
    connection = sqlite3.connect(shipping / "downloads" / "militia-atlas.db")
    try:
        names = dict(connection.execute("SELECT id, name FROM vessels"))
        sea = connection.execute("SELECT sea FROM attacks WHERE id = '2024-01-20-east-of-aden'").fetchone()
    finally:
        connection.close()
    assert names == {"amber-lantern": "Amber Lantern", "copper-wren": "Copper Wren", "quill-harbour": "Quill Harbour"}
    assert sea == ("gulf-of-aden",)


def test_vessel_and_sea_pages_are_in_the_sitemap(shipping):
    sitemap = (shipping / "sitemap.xml").read_text()
    assert "vessels/amber-lantern/" in sitemap and "seas/red-sea/" in sitemap


def test_the_editing_guide_lists_every_sea_area_of_the_register():
    from conftest import ROOT

    guide = (ROOT / "content" / "editing" / "vessels-and-seas.md").read_text(encoding="utf-8")
    for slug, sea in builtin_seas().items():
        assert f"| `{slug}` | {sea['name']}" in guide, slug


# -- the research model at sea: accounts that differ, "at least", who blames whom, a strike -------

def test_a_disputed_attack_at_sea_shows_every_account_beside_the_editors_reading(shipping):
    html = page(shipping, "attacks/2024-03-01-copper-wren")
    text = main_text(html)
    assert "Sources differ" in text
    table = html.split("Sources differ", 1)[1].split("</table>", 1)[0]
    assert "two direct hits" in table and "missed" in table.lower()
    assert "at least 3" in text
    assert re.search(r"Tidal Front\s*</a>\s*by Test Naval Command \(suspected\)", html), "the attribution sentence"
    assert 'href="#source-2"' in html and 'id="source-2"' in html
    assert "Gulf of Aden" in text and "Copper Wren" in text


def test_a_strike_on_the_attackers_is_a_strike_and_listed_against_them(shipping):
    text = main_text(page(shipping, "attacks/2024-03-05-coastal-radar"))
    assert "Strike" in text and "at least 40" in text
    group = main_text(page(shipping, "groups/tidal-front"))
    assert "Attacks and strikes against Tidal Front (1)" in group
    home = main_text(page(shipping, ""))
    assert re.search(r"\b6 attacks\b", home) and re.search(r"\b1 strike\b", home), home[:600]


def test_the_downloads_flag_the_dispute_the_open_range_and_the_strike(shipping):
    table = {row["id"]: row for row in rows(shipping, "attacks.csv")}
    disputed, strike = table["2024-03-01-copper-wren"], table["2024-03-05-coastal-radar"]
    assert disputed["disputed"] == "true" and table["2024-01-10-amber-lantern"]["disputed"] == "false"
    assert (disputed["wounded_min"], disputed["wounded_max"]) == ("3", "")
    assert "suspected" in disputed["attributions"] and "source 2" in disputed["attributions"]
    assert (strike["kind"], strike["target_groups"]) == ("strike", "tidal-front")
    assert (strike["killed_min"], strike["killed_max"]) == ("40", "")
    assert disputed["kind"] == "attack" and disputed["vessel"] == "copper-wren" and disputed["sea"] == "gulf-of-aden"
    records = {r["id"]: r for r in json.loads((shipping / "downloads" / "attacks.json").read_text(encoding="utf-8"))}
    assert [a["source"] for a in records["2024-03-01-copper-wren"]["accounts"]] == [1, 2]
    acled = {r["location"]: r for r in rows(shipping, "attacks-acled.csv")}
    radar = acled["Invented coastal radar site"]
    assert (radar["sub_event_type"], radar["actor2"], radar["fatalities"]) == ("Air/drone strike", "Tidal Front", "40")
    assert acled["West of the invented Lantern Deep"]["sub_event_type"] == "Shelling/artillery/missile attack"


def test_vessel_and_sea_listings_have_feeds_like_bases_and_countries(shipping):
    for folder, title in (("vessels/amber-lantern", "Amber Lantern"), ("seas/red-sea", "Red Sea")):
        feed = (shipping / folder / "feed.xml").read_text(encoding="utf-8")
        assert f"<title>Shipping Atlas: {title}</title>" in feed and feed.count("<entry>") >= 1
        html = page(shipping, folder)
        assert 'type="application/atom+xml"' in html and "feed.xml" in html


def test_an_imo_number_with_a_final_line_break_is_refused_as_the_schema_refuses_it():
    from militia_atlas.core.fields import INVALID, Checker
    from militia_atlas.core.problems import Problems
    from militia_atlas.core.ship_fields import Imo

    problems = Problems()
    assert Imo().check("9123456\n", ("imo",), Checker("v.yml", problems, {}, {})) is INVALID
    assert Imo().check("9123456", ("imo",), Checker("v.yml", problems, {}, {})) == "9123456"
    assert len(problems) == 1
