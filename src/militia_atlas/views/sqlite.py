"""The whole dataset as one SQLite file, `downloads/militia-atlas.db`, for Datasette or any SQL client.

The attacks, groups, bases and vessels tables have the columns of the JSON downloads (downloads.TABLES), so the
two agree by construction; a list column that links entries (claims, attributions, memberships, fronts,
sponsors) or names them (aliases, tags, sources) becomes its own table with foreign keys instead, and
the other lists (weapons, countries, leaders...) stay JSON arrays in their column. `search` is an FTS5
index of names, aliases and summaries.

Built with the standard library's sqlite3 in a temporary file. The bytes are the same for the same
entries: rows go in in a fixed order, the page size and journal mode are set, and VACUUM rewrites the
file last (SQLite's header also holds the library's version number, so a different SQLite may differ).
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile

from ..render.outputs import PendingFile
from .downloads import FOLDER, TABLES, Export, records

DB_PATH = f"{FOLDER}/militia-atlas.db"
SQL_TYPES = {"string": "TEXT", "date": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER",
             "list": "TEXT", "records": "TEXT"}
# (table, kind of the entry, its list column, table of the ids listed, column naming them, doc)
LINKS = (
    ("claims", "attacks", "claimed_by", "groups", "group_id", "An attack claimed by a group."),
    ("attributions", "attacks", "attributed_to", "groups", "group_id", "An attack blamed on a group."),
    ("targets", "attacks", "target_groups", "groups", "group_id", "An attack or strike that hit a group."),
    ("memberships", "groups", "member_of", "groups", "umbrella_id", "A group member of an umbrella."),
    ("fronts", "groups", "front_for", "groups", "for_group_id", "A group that is a front for another."),
    ("sponsors", "groups", "backed_by", "groups", "sponsor_id", "A group backed by another (its sponsor)."),
)
NAMED = (("aliases", ("groups", "bases", "vessels")), ("tags", ("attacks", "groups", "bases", "vessels")))
DERIVED = {"members"}  # memberships read the other way: no column of its own


def owner_column(table: str) -> str:
    return table[:-1] + "_id"  # attacks -> attack_id


def schema_statements() -> list:
    statements = []
    for table, columns in TABLES.items():
        defs = ["id TEXT PRIMARY KEY"]
        for column in columns[1:]:
            if column.name in DERIVED or _linked(table, column.name):
                continue
            sql = f"{column.name} {SQL_TYPES[column.type]}"
            if table == "attacks" and column.name in ("base", "vessel"):
                sql += f" REFERENCES {column.name}s(id)"
            defs.append(sql)
        statements.append(f"CREATE TABLE {table} ({', '.join(defs)}) STRICT")
    for name, owner, _, target, column, _ in LINKS:
        own = owner_column(owner)
        statements.append(f"CREATE TABLE {name} ({own} TEXT NOT NULL REFERENCES {owner}(id), "
                          f"{column} TEXT NOT NULL REFERENCES {target}(id), PRIMARY KEY ({own}, {column})) STRICT")
        statements.append(f"CREATE INDEX {name}_by_{column} ON {name}({column})")
    for field, owners in NAMED:
        for owner in owners:
            own = owner_column(owner)
            value = field[:-1] if field != "aliases" else "alias"
            statements.append(f"CREATE TABLE {owner[:-1]}_{field} ({own} TEXT NOT NULL REFERENCES {owner}(id), "
                              f"{value} TEXT NOT NULL, PRIMARY KEY ({own}, {value})) STRICT")
    for owner in TABLES:
        own = owner_column(owner)
        statements.append(f"CREATE TABLE {owner[:-1]}_sources ({own} TEXT NOT NULL REFERENCES {owner}(id), "
                          "position INTEGER NOT NULL, publisher TEXT, title TEXT, url TEXT, citation TEXT, "
                          f"accessed TEXT, PRIMARY KEY ({own}, position)) STRICT")
    statements.append("CREATE VIRTUAL TABLE search USING fts5(kind UNINDEXED, id UNINDEXED, name, aliases, summary)")
    return statements


def _linked(table: str, column: str) -> bool:
    return (any(owner == table and field == column for _, owner, field, *_ in LINKS)
            or column in ("aliases", "tags", "sources"))


def _cell(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _text(value):
    if value is None or value == "":
        return None
    return value.iso() if hasattr(value, "iso") else str(value)


def fill(connection, site, settings) -> None:
    export = Export(site, settings)
    entries = {"attacks": [site.attacks[i.id] for i in site.timeline],
               "groups": sorted(site.groups.values(), key=lambda g: g.id),
               "bases": sorted(site.bases.values(), key=lambda b: b.id),
               "vessels": sorted(site.vessels.values(), key=lambda v: v.id)}
    rows = {table: records(TABLES[table], export, entries[table]) for table in TABLES}
    ids = {table: {row["id"] for row in rows[table]} for table in TABLES}
    for table in ("bases", "vessels", "groups", "attacks"):  # an attack's base and vessel first, for its foreign keys
        columns = TABLES[table]
        names = [c.name for c in columns if c.name not in DERIVED and (c.name == "id" or not _linked(table, c.name))]
        connection.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                               [[_cell(row[name]) for name in names] for row in rows[table]])
    for name, owner, field, target, column, _ in LINKS:
        pairs = sorted({(row["id"], other) for row in rows[owner] for other in row[field] if other in ids[target]})
        connection.executemany(f"INSERT INTO {name} VALUES (?, ?)", pairs)
    for field, owners in NAMED:
        for owner in owners:
            pairs = sorted({(row["id"], value) for row in rows[owner] for value in row[field]})
            connection.executemany(f"INSERT INTO {owner[:-1]}_{field} VALUES (?, ?)", pairs)
    for owner in TABLES:
        connection.executemany(f"INSERT INTO {owner[:-1]}_sources VALUES (?, ?, ?, ?, ?, ?, ?)", [
            (entry.id, position, *(_text(source.get(key)) for key in ("publisher", "title", "url", "citation",
                                                                       "accessed")))
            for entry in entries[owner] for position, source in enumerate(entry.sources or [])])
    connection.executemany("INSERT INTO search VALUES (?, ?, ?, ?, ?)", [
        (owner[:-1], row["id"], row.get("name") or row.get("title"),
         " ; ".join((row.get("aliases") or []) + ([row["imo"]] if row.get("imo") else [])), row["summary"]) for owner in TABLES for row in rows[owner]])


def database_bytes(site, settings) -> bytes:
    handle, path = tempfile.mkstemp(suffix=".db")
    os.close(handle)
    try:
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            connection.execute("PRAGMA page_size = 4096")
            connection.execute("PRAGMA journal_mode = DELETE")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("BEGIN")
            for statement in schema_statements():
                connection.execute(statement)
            fill(connection, site, settings)
            connection.execute("COMMIT")
            connection.execute("VACUUM")
        finally:
            connection.close()
        with open(path, "rb") as file:
            return file.read()
    finally:
        os.unlink(path)


def extra_files(result, settings) -> list:
    return [PendingFile(DB_PATH, lambda: database_bytes(result.site, settings))]
