"""Data downloads (downloads.py, acled.py export): CSV, JSON, GeoJSON, JSON Schemas, listing CSVs."""

from __future__ import annotations

import csv
import io
import json

import jsonschema

from militia_atlas.views.acled_export import EXPORT_COLUMNS
from militia_atlas.views.downloads import TABLES
from views_html import page, resolve

ACLED_HEADER = ["event_date", "time_precision", "actor1", "assoc_actor_1", "country", "admin1", "location",
                "latitude", "longitude", "geo_precision", "source", "notes", "fatalities", "event_type",
                "sub_event_type", "actor2", "assoc_actor_2", "inter1", "inter2", "interaction"]


def read_csv(site, path: str) -> list:
    return list(csv.DictReader(io.StringIO((site / path).read_text(encoding="utf-8"), newline="")))


def read_json(site, path: str):
    return json.loads((site / path).read_text(encoding="utf-8"))


def by_id(rows: list) -> dict:
    return {row["id"]: row for row in rows}


def test_each_table_in_csv_and_json_matches_its_schema(views_site):
    counts = {"attacks": 14, "groups": 5, "bases": 3, "vessels": 0}
    for name, columns in TABLES.items():
        schema = read_json(views_site, f"downloads/{name}.schema.json")
        records = read_json(views_site, f"downloads/{name}.json")
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.validate(records, schema)
        rows = read_csv(views_site, f"downloads/{name}.csv")
        assert len(rows) == len(records) == counts[name], name
        header = next(csv.reader(io.StringIO((views_site / "downloads" / f"{name}.csv").read_text(encoding="utf-8"))))
        assert header == [c.name for c in columns]
        assert set(schema["items"]["properties"]) == set(schema["items"]["required"]) == set(header)
        assert schema["$id"] == f"https://example.org/atlas/downloads/{name}.schema.json"


def test_attack_values(views_site):
    rows = by_id(read_csv(views_site, "downloads/attacks.csv"))
    records = {r["id"]: r for r in read_json(views_site, "downloads/attacks.json")}
    assert "2023-12-24-draft" not in rows
    ranged = rows["2023-10-04-north"]
    assert (ranged["killed_min"], ranged["killed_max"], ranged["wounded_min"]) == ("1", "3", "")
    assert records["2023-10-04-north"]["killed_max"] == 3 and records["2023-10-04-north"]["wounded_min"] is None
    assert rows["2023-10-11-east"]["weapons"] == "drone; rocket"
    assert records["2023-10-11-east"]["attributed_to"] == ["brigade-one", "cover-name"]
    assert rows["2023-11-month"]["date_precision"] == "month"
    assert rows["2024-year"]["unclaimed"] == "true"
    assert rows["2023-10-02-north"]["url"] == "https://example.org/atlas/attacks/2023-10-02-north/"
    assert rows["2023-10-02-north"]["summary"] == "An attack near North Base."  # [[id]] read as the name
    # a spreadsheet must not run the editor's text as a formula; the JSON keeps it as written
    assert rows["2023-11-08-road"]["title"] == "'=SUM(1+1) roadside bomb"
    assert records["2023-11-08-road"]["title"] == "=SUM(1+1) roadside bomb"


def test_groups_and_bases(views_site):
    groups = by_id(read_csv(views_site, "downloads/groups.csv"))
    assert groups["umbrella-front"]["members"] == "brigade-one"
    assert groups["brigade-one"]["aliases"] == "First Brigade; Kata'ib Wahid"
    assert groups["brigade-one"]["attacks"] == "8"
    geo = read_json(views_site, "downloads/bases.geojson")
    assert {f["id"]: f["geometry"]["coordinates"] for f in geo["features"]} == {
        "east-base": [40.5, 35.0], "north-base": [44.01, 36.19]}
    attacks_geo = read_json(views_site, "downloads/attacks.geojson")
    assert len(attacks_geo["features"]) == 12


def test_acled_columns(views_site):
    text = (views_site / "downloads/attacks-acled.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0].split(",") == ACLED_HEADER == list(EXPORT_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 14
    by = {(r["event_date"], r["location"]): r for r in rows}
    month = by[("2023-11-01", "North Base")]
    approx = [r for r in rows if r["event_date"] == "2023-11-01" and r["time_precision"] == "2"]
    assert month is not None and len(approx) == 1
    assert {r["time_precision"] for r in rows if r["event_date"] == "2023-11-01"} == {"2", "3"}
    joint = by[("2023-10-11", "East Base")]
    assert (joint["actor1"], joint["assoc_actor_1"]) == ("Brigade One", "Cover Name Group")
    assert (joint["geo_precision"], joint["country"], joint["admin1"]) == ("2", "Syria", "Deir ez-Zor")
    assert by[("2023-10-04", "North Base")]["fatalities"] == "1"  # the lower figure of [1, 3]
    assert by[("2023-10-02", "North Base")]["geo_precision"] == "1"
    assert by[("2024-01-15", "East Base")]["fatalities"] == ""  # unknown is never 0
    road = by[("2023-11-08", "Desert Road")]
    assert (road["latitude"], road["geo_precision"]) == ("", "3")
    assert by[("2024-01-01", "East Base")]["actor1"] == "Unidentified Armed Group (Syria)"


def test_listing_pages_offer_their_own_list(views_site):
    for url_path, count in (("groups/brigade-one/", 9), ("bases/north-base/", 6), ("countries/syria/", 6),
                            ("tags/test-tag/", 20)):
        link = page(views_site, url_path).find("a", class_="ma-download")
        path = resolve(url_path, link.attrs["href"])
        assert path == url_path + "listing.csv"
        rows = read_csv(views_site, path)
        assert len(rows) == count, url_path
        assert list(rows[0]) == ["kind", "id", "date", "title", "url", "excerpt"]
    tag_kinds = {r["kind"] for r in read_csv(views_site, "tags/test-tag/listing.csv")}
    assert tag_kinds == {"attack", "group", "article"}
    for url_path, target in (("attacks/", "downloads/attacks.csv"), ("groups/", "downloads/groups.csv"),
                             ("bases/", "downloads/bases.csv")):
        link = page(views_site, url_path).find("a", class_="ma-download")
        assert resolve(url_path, link.attrs["href"]) == target


def test_downloads_page_documents_every_column(views_site):
    text = page(views_site, "downloads/").text()
    for columns in TABLES.values():
        for column in columns:
            assert column.name in text
    for name in EXPORT_COLUMNS:
        assert name in text
    links = {resolve("downloads/", a.attrs["href"]) for a in page(views_site, "downloads/").find_all("a")
             if a.attrs.get("href", "").endswith((".csv", ".json", ".geojson"))}
    assert {"downloads/attacks-acled.csv", "downloads/bases.geojson", "downloads/groups.schema.json"} <= links
    assert all((views_site / path).is_file() for path in links)


def test_json_files_hold_one_record_a_line(views_site):
    # one array of records (the downloads page's words), each record on a line of its own, keys sorted
    for path, key in (("downloads/attacks.json", None), ("downloads/groups.json", None),
                      ("downloads/attacks.geojson", "features")):
        text = (views_site / path).read_text(encoding="utf-8")
        data = json.loads(text)
        records = data if key is None else data[key]
        lines = text.splitlines()
        assert len(lines) == len(records) + 2 and text.endswith("\n")
        assert [json.loads(line.rstrip(",")) for line in lines[1:-1]] == records
        assert all(list(record) == sorted(record) for record in records)


def test_to_json_gives_the_same_data_as_the_indented_encoder():
    from militia_atlas.views.downloads import to_geojson, to_json

    rows = [{"id": "a", "name": "كتائب \"x\" \u2028 \x07", "latitude": 1.5, "longitude": -2.25, "tags": ["t"],
             "killed_min": None, "approximate": True}, {"id": "b", "latitude": None, "longitude": None}]
    assert json.loads(to_json(rows)) == json.loads(json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=True))
    assert to_json([]) == "[]\n"
    geo = json.loads(to_geojson(rows))
    assert geo["type"] == "FeatureCollection" and [f["id"] for f in geo["features"]] == ["a"]
    assert geo["features"][0]["geometry"] == {"type": "Point", "coordinates": [-2.25, 1.5]}
    assert json.loads(to_geojson([])) == {"features": [], "type": "FeatureCollection"}
