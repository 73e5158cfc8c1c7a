"""The SQLite download (views/sqlite.py): the JSON downloads' data as linked tables, searchable, same bytes twice."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

from conftest import run_cli

from militia_atlas.views.downloads import TABLES

DB = "downloads/militia-atlas.db"


def read_json(site, path: str):
    return json.loads((site / path).read_text(encoding="utf-8"))


def query(path, sql: str, *args) -> list:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        return connection.execute(sql, args).fetchall()


def test_tables_hold_what_the_json_downloads_hold(views_site):
    db = views_site / DB
    for name in TABLES:
        records = read_json(views_site, f"downloads/{name}.json")
        assert query(db, f"SELECT count(*) FROM {name}") == [(len(records),)], name
        assert sorted(r for (r,) in query(db, f"SELECT id FROM {name}")) == sorted(r["id"] for r in records)
    attacks = read_json(views_site, "downloads/attacks.json")
    for record in attacks:
        assert query(db, "SELECT date, base, killed_min, unclaimed, weapons FROM attacks WHERE id = ?", record["id"]) == [
            (record["date"], record["base"], record["killed_min"], int(record["unclaimed"]),
             json.dumps(record["weapons"], ensure_ascii=False))]


def test_a_join_gives_each_groups_claimed_attacks_as_the_json_says(views_site):
    db = views_site / DB
    attacks = read_json(views_site, "downloads/attacks.json")
    for group in read_json(views_site, "downloads/groups.json"):
        expected = sorted(a["id"] for a in attacks if group["id"] in a["claimed_by"])
        found = query(db, "SELECT attacks.id FROM attacks JOIN claims ON claims.attack_id = attacks.id "
                          "JOIN groups ON groups.id = claims.group_id WHERE groups.name = ? ORDER BY attacks.id",
                      group["name"])
        assert [a for (a,) in found] == expected, group["id"]
    assert query(db, "SELECT count(*) FROM claims") == [(sum(len(a["claimed_by"]) for a in attacks),)]
    memberships = sorted((g["id"], u) for g in read_json(views_site, "downloads/groups.json") for u in g["member_of"])
    assert query(db, "SELECT group_id, umbrella_id FROM memberships ORDER BY 1, 2") == memberships
    assert memberships, "the fixture should have a membership to check"


def test_full_text_search_finds_a_group_by_alias_and_foreign_keys_hold(views_site):
    db = views_site / DB
    assert query(db, "SELECT kind, id FROM search WHERE search MATCH ?", '"Kata\'ib Wahid"') == [("group", "brigade-one")]
    assert ("base", "north-base") in query(db, "SELECT kind, id FROM search WHERE search MATCH 'northern'")
    assert query(db, "PRAGMA foreign_key_check") == []
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    assert query(db, "PRAGMA journal_mode") == [("delete",)]
    internal = query(db, "SELECT count(*) FROM search WHERE search MATCH 'SECRET'")
    assert internal == [(0,)], "internal notes must never be published"


def test_two_builds_give_identical_bytes(views_root, tmp_path):
    first = (views_root / "site" / DB).read_bytes()
    run_cli("build", "--site-dir", str(tmp_path / "again"), cwd=views_root, check=True)
    assert (tmp_path / "again" / DB).read_bytes() == first


def test_the_downloads_page_links_the_database(views_site):
    page = (views_site / "downloads" / "index.html").read_text(encoding="utf-8")
    assert 'href="militia-atlas.db"' in page and "datasette militia-atlas.db" in page
