"""Data downloads: attacks, groups and bases as CSV, JSON and GeoJSON, with JSON Schemas.

One list of columns per kind drives the CSV header, the JSON records, their JSON
Schema and the documentation page, so the four cannot drift apart. The attacks also
come in ACLED's columns (see `acled_export.py` for the mapping), and every listing (a
group's, base's, country's or tag's attacks and articles) as its own small CSV.
Nothing here reads `internal_notes`; drafts never reach a published Site at all.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from functools import partial
from typing import Callable


from ..core.names import FOLDERS, attack_country, attack_kind, attack_point, attack_sea, attack_title, entity_src
from ..core.settings import setting
from ..render.outputs import PendingFile
from ..render.urls import absolute_page_url, absolute_url, file_url
from . import acled_export, research_downloads
from .helpers import drawn_globals, summary_text, updated

FOLDER = "downloads"
PAGE_SRC = f"{FOLDER}/index.md"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string, integer, number, boolean, date, list, records (a list of objects: `items`)
    doc: str
    get: Callable
    items: dict | None = None  # the JSON Schema of each object of a `records` column


def _text(value):
    return None if value in (None, "") else str(value)


def _date(value):
    return value.iso() if value else None


def _low(value):
    return value[0] if isinstance(value, tuple) else value


def _high(value):
    return value[1] if isinstance(value, tuple) else value


class Export:
    """The values behind every column, for one site and one build."""

    def __init__(self, site, settings):
        self.site, self.settings = site, settings

    def url(self, kind: str, ident: str) -> str:
        return absolute_page_url(self.settings, entity_src(kind, ident))

    def updated(self, entry):
        return _date(updated(self.site, self.settings, entry.updated, entry.path))

    def country_name(self, slug):
        return self.site.countries.get(slug, {}).get("name", slug) if slug else None

    def group_names(self, ids) -> list:
        return [self.site.groups[i].name for i in ids or [] if i in self.site.groups]


def sources_text(sources) -> list:
    out = []
    for source in sources or []:
        where = source.get("url") or source.get("citation") or ""
        out.append(f"{source['publisher']}: {source['title']}" + (f" <{where}>" if where else ""))
    return out


def common_columns() -> list:
    return [
        Column("tags", "list", "Free tags.", lambda x, e: list(e.tags or [])),
        Column("summary", "string", "The editor's summary as plain text.", lambda x, e: summary_text(x.site, e)),
        Column("sources", "list", "Each source as `publisher: title <url or citation>`.",
               lambda x, e: sources_text(e.sources)),
        Column("updated", "date", "Last substantive revision: the entry's `updated`, else its file's last commit.",
               lambda x, e: x.updated(e)),
    ]


ATTACK_COLUMNS = [
    Column("id", "string", "Stable id of the attack (its file name).", lambda x, a: a.id),
    Column("url", "string", "The attack's page.", lambda x, a: x.url("attack", a.id)),
    Column("date", "date", "Start date: YYYY-MM-DD, or YYYY-MM / YYYY when only that is known.",
           lambda x, a: a.date.iso()),
    Column("date_precision", "string", "`day`, `month` or `year`.", lambda x, a: a.date.precision),
    Column("approximate", "boolean", "`true` when the date is \"on or about\".", lambda x, a: bool(a.approximate)),
    Column("end_date", "date", "Last day of a multi-day event.", lambda x, a: _date(a.end_date)),
    Column("title", "string", "Headline.", lambda x, a: attack_title(a, x.site)),
    Column("base", "string", "Id of the base attacked, when the target is a base entry.", lambda x, a: _text(a.base)),
    Column("location", "string", "Name of the base or place attacked.",
           lambda x, a: x.site.bases[a.base].name if a.base in x.site.bases else (a.location or {}).get("name")),
    Column("country", "string", "Country slug.", lambda x, a: attack_country(a, x.site)),
    Column("country_name", "string", "Country name.", lambda x, a: x.country_name(attack_country(a, x.site))),
    Column("province", "string", "Province or governorate.", lambda x, a: _text(
        x.site.bases[a.base].province if a.base in x.site.bases else (a.location or {}).get("province"))),
    Column("latitude", "number", "WGS84 latitude (the location's, else the base's).",
           lambda x, a: (attack_point(a, x.site) or (None,))[0]),
    Column("longitude", "number", "WGS84 longitude.", lambda x, a: (attack_point(a, x.site) or (None, None))[1]),
    Column("claimed_by", "list", "Ids of the groups that claimed it.", lambda x, a: list(a.claimed_by or [])),
    Column("attributed_to", "list", "Ids of the groups officials or analysts blame.",
           lambda x, a: list(a.attributed_to or [])),
    Column("unclaimed", "boolean", "`true` when no group claimed it and none is blamed.",
           lambda x, a: not (a.claimed_by or a.attributed_to)),
    Column("confirmation", "string", "`confirmed`, `claim-only`, `media-only` or `denied`.",
           lambda x, a: _text(a.confirmation)),
    Column("weapons", "list", "Weapons used; empty when unknown.", lambda x, a: list(a.weapons or [])),
    Column("outcome", "string", "`impact`, `intercepted`, `failed` or `unknown`.", lambda x, a: _text(a.outcome)),
    Column("killed_min", "integer", "Killed, lower figure; empty when unknown (never 0 for unknown).",
           lambda x, a: _low(a.killed)),
    Column("killed_max", "integer", "Killed, higher figure (equal to killed_min unless a range).",
           lambda x, a: _high(a.killed)),
    Column("wounded_min", "integer", "Wounded, lower figure; empty when unknown.", lambda x, a: _low(a.wounded)),
    Column("wounded_max", "integer", "Wounded, higher figure.", lambda x, a: _high(a.wounded)),
    Column("casualty_note", "string", "Who the casualties were.", lambda x, a: _text(a.casualty_note)),
] + common_columns() + [
    Column("vessel", "string", "Id of the ship attacked, when the target is a vessel entry.", lambda x, a: _text(a.vessel)),
    Column("sea", "string", "Sea area slug, when it happened at sea.", lambda x, a: _text(attack_sea(a))),
    Column("coordinates_precision", "string", "`exact` or `approximate`: how precise the coordinates are.",
           lambda x, a: _text((a.location or {}).get("coordinates_precision") if (a.location or {}).get("coordinates")
                              else x.site.bases[a.base].coordinates_precision if a.base in x.site.bases else None)),
    Column("kind", "string", "`attack`, or `strike`: a strike by a state's forces on an armed group, counted apart.",
           lambda x, a: attack_kind(a)),
    Column("target_groups", "list", "Ids of the groups whose people or sites were hit.",
           lambda x, a: list(a.target_groups or [])),
    Column("attributions", "records", "Who blames whom: each `{group, by, certainty, source}` (`source`: the number "
           "of the attack's source that says so); in CSV `group by who (certainty, source N)`.",
           lambda x, a: research_downloads.attributions(a), research_downloads.ATTRIBUTION_ITEM),
    Column("disputed", "boolean", "`true` when sources differ (see `accounts`).", lambda x, a: bool(a.accounts)),
    Column("accounts", "records", "Each source's differing version: `{source, date, approximate, outcome, "
           "killed_min, killed_max, wounded_min, wounded_max, claim}`; in CSV `source N: ...`.",
           lambda x, a: research_downloads.accounts(a), research_downloads.ACCOUNT_ITEM),
]

GROUP_COLUMNS = [
    Column("id", "string", "Stable id of the group.", lambda x, g: g.id),
    Column("url", "string", "The group's page.", lambda x, g: x.url("group", g.id)),
    Column("name", "string", "Full name.", lambda x, g: g.name),
    Column("short_name", "string", "Abbreviation.", lambda x, g: _text(g.short_name)),
    Column("aliases", "list", "Other names and transliterations.", lambda x, g: list(g.aliases or [])),
    Column("native_name", "string", "Name in its own script.", lambda x, g: _text(g.native_name)),
    Column("type", "string", "`militia`, `umbrella`, `front`, `state-force` or `other`.", lambda x, g: g.type),
    Column("founded", "date", "When it was founded.", lambda x, g: _date(g.founded)),
    Column("dissolved", "date", "When it was dissolved.", lambda x, g: _date(g.dissolved)),
    Column("countries", "list", "Country slugs where it operates.", lambda x, g: list(g.countries or [])),
    Column("member_of", "list", "Ids of its umbrella groups.", lambda x, g: list(g.member_of or [])),
    Column("members", "list", "Ids of its member groups (derived).",
           lambda x, g: [m.id for m in x.site.members.get(g.id, [])]),
    Column("front_for", "list", "Ids of the groups it is a front for.", lambda x, g: list(g.front_for or [])),
    Column("backed_by", "list", "Ids of its sponsors.", lambda x, g: list(g.backed_by or [])),
    Column("leaders", "list", "Leaders' names.", lambda x, g: [leader["name"] for leader in g.leaders or []]),
    Column("designations", "list", "Each as `by: designation (date)`.",
           lambda x, g: [f"{d['by']}: {d['designation']}" + (f" ({d['date'].iso()})" if d.get("date") else "")
                         for d in g.designations or []]),
    Column("attacks", "integer", "Attacks it claimed or is blamed for (not strikes).",
           lambda x, g: len(x.site.attack_items("group", g.id))),
] + common_columns() + [
    Column("strikes", "integer", "Strikes it claimed or is blamed for.",
           lambda x, g: len(x.site.strike_items("group", g.id))),
    Column("attacks_against", "integer", "Attacks and strikes that hit it (`target_groups`).",
           lambda x, g: len(x.site.targeted.get(g.id, []))),
    Column("history", "records", "Dated events, oldest first: each `{date, text, source}`; in CSV "
           "`date: text (source N)`.", lambda x, g: research_downloads.history(x.site, g),
           research_downloads.HISTORY_ITEM),
]

BASE_COLUMNS = [
    Column("id", "string", "Stable id of the base.", lambda x, b: b.id),
    Column("url", "string", "The base's page.", lambda x, b: x.url("base", b.id)),
    Column("name", "string", "Name.", lambda x, b: b.name),
    Column("aliases", "list", "Other names.", lambda x, b: list(b.aliases or [])),
    Column("country", "string", "Country slug.", lambda x, b: b.country),
    Column("country_name", "string", "Country name.", lambda x, b: x.country_name(b.country)),
    Column("province", "string", "Province or governorate.", lambda x, b: _text(b.province)),
    Column("latitude", "number", "WGS84 latitude.", lambda x, b: b.coordinates[0] if b.coordinates else None),
    Column("longitude", "number", "WGS84 longitude.", lambda x, b: b.coordinates[1] if b.coordinates else None),
    Column("coordinates_precision", "string", "`exact` or `approximate`.",
           lambda x, b: _text(b.coordinates_precision)),
    Column("kind", "string", "What kind of site.", lambda x, b: _text(b.kind)),
    Column("status", "string", "`active`, `closed` or `handed-over`.", lambda x, b: _text(b.status)),
    Column("garrison", "list", "Forces present.", lambda x, b: list(b.garrison or [])),
    Column("opened", "date", "When it opened.", lambda x, b: _date(b.opened)),
    Column("closed_on", "date", "When it closed or was handed over.", lambda x, b: _date(b.closed_on)),
    Column("attacks", "integer", "Attacks recorded on it (not strikes).",
           lambda x, b: len(x.site.attack_items("base", b.id))),
] + common_columns()

VESSEL_COLUMNS = [
    Column("id", "string", "Stable id of the vessel.", lambda x, v: v.id),
    Column("url", "string", "The vessel's page.", lambda x, v: x.url("vessel", v.id)),
    Column("name", "string", "Name.", lambda x, v: v.name),
    Column("aliases", "list", "Former names, other spellings, hull numbers.", lambda x, v: list(v.aliases or [])),
    Column("imo", "string", "IMO number (7 digits).", lambda x, v: _text(v.imo)),
    Column("kind", "string", "`merchant` or `naval`.", lambda x, v: v.values["kind"]),
    Column("vessel_type", "string", "What kind of ship.", lambda x, v: _text(v.vessel_type)),
    Column("flag", "string", "Flag state: country slug.", lambda x, v: _text(v.flag)),
    Column("owner", "string", "Owner.", lambda x, v: _text(v.owner)),
    Column("operator", "string", "Operator or manager.", lambda x, v: _text(v.operator)),
    Column("attacks", "integer", "Attacks recorded on it.", lambda x, v: len(x.site.attack_items("vessel", v.id))),
] + common_columns()

LISTING_COLUMNS = [
    Column("kind", "string", "`attack`, `strike`, `article`, `group` or `base`.", lambda x, i: i.kind),
    Column("id", "string", "Id (for an article, its path).", lambda x, i: i.id),
    Column("date", "date", "Date, as precise as known; empty for a group or base.", lambda x, i: _date(i.date)),
    Column("title", "string", "Title.", lambda x, i: i.title),
    Column("url", "string", "Its page.", lambda x, i: absolute_page_url(x.settings, i.src)),
    Column("excerpt", "string", "The first words of its summary or text.", lambda x, i: i.excerpt),
]

TABLES = {"attacks": ATTACK_COLUMNS, "groups": GROUP_COLUMNS, "bases": BASE_COLUMNS, "vessels": VESSEL_COLUMNS}
JSON_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean",
              "date": "string", "list": "array", "records": "array"}


def records(columns: list, export: Export, rows) -> list:
    return [{c.name: c.get(export, row) for c in columns} for row in rows]


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_START):
        return "'" + text  # a spreadsheet would run it as a formula
    return text


def to_csv(header: list, rows: list) -> str:
    return cells_to_csv(header, [[csv_cell(row.get(name)) for name in header] for row in rows])


def cells_to_csv(header: list, rows: list) -> str:
    """CSV of rows already made of cells (csv_cell)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # without indent: the C encoder


def json_lines(values: list) -> str:
    """A JSON array written one item a line, keys sorted.

    `json.dumps(indent=...)` runs Python's pure-Python encoder (2.7 s at 10,000 attacks); each line
    here is the C encoder's, and the file stays readable and diffs by record."""
    if not values:
        return "[]"
    return "[\n" + ",\n".join(map(_ENCODER.encode, values)) + "\n]"


def to_json(value) -> str:
    """A list of records one a line (json_lines); anything else (a JSON Schema) indented."""
    if isinstance(value, list):
        return json_lines(value) + "\n"
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def to_geojson(items: list) -> str:
    """A FeatureCollection, one feature a line."""
    features = []
    for item in items:
        if item.get("latitude") is None or item.get("longitude") is None:
            continue
        properties = {k: v for k, v in item.items() if k not in ("latitude", "longitude")}
        features.append({"type": "Feature", "id": item["id"], "properties": properties,
                         "geometry": {"type": "Point", "coordinates": [item["longitude"], item["latitude"]]}})
    return '{"features": ' + json_lines(features) + ', "type": "FeatureCollection"}\n'


def json_schema(name: str, columns: list, settings) -> dict:
    properties = {}
    for column in columns:
        kind = JSON_TYPES[column.type]
        spec = {"type": [kind, "null"], "description": column.doc}
        if column.type == "list":
            spec = {"type": "array", "items": {"type": "string"}, "description": column.doc}
        elif column.type == "records":
            spec = {"type": "array", "items": column.items, "description": column.doc}
        elif column.type == "date":
            spec["pattern"] = r"^\d{4}(-\d{2}(-\d{2})?)?$"
        properties[column.name] = spec
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"militia-atlas {name} download",
        "type": "array",
        "items": {"type": "object", "additionalProperties": False, "required": [c.name for c in columns],
                  "properties": properties},
    }
    if setting(settings, "site_url"):
        schema["$id"] = absolute_url(settings, f"{FOLDER}/{name}.schema.json")
    return schema


def listing_path(kind: str, ident: str) -> str:
    return f"{FOLDERS[kind]}/{ident}/listing.csv"


def extra_files(result, settings) -> list:
    site = result.site
    export = Export(site, settings)
    rows = {"attacks": [site.attacks[i.id] for i in site.timeline],
            "groups": sorted(site.groups.values(), key=lambda g: g.id),
            "bases": sorted(site.bases.values(), key=lambda b: b.id),
            "vessels": sorted(site.vessels.values(), key=lambda v: v.id)}
    out = []
    # Each content is a function (made when needed, see render.made); a table serves three files.
    tables = {}

    def table(name: str) -> list:
        if name not in tables:
            tables[name] = records(TABLES[name], export, rows[name])
        return tables[name]

    for name, columns in TABLES.items():
        header = [c.name for c in columns]
        out.append(PendingFile(f"{FOLDER}/{name}.csv", partial(lambda n, h: to_csv(h, table(n)), name, header)))
        out.append(PendingFile(f"{FOLDER}/{name}.json", partial(lambda n: to_json(table(n)), name)))
        out.append(PendingFile(f"{FOLDER}/{name}.schema.json", partial(lambda n, c: to_json(json_schema(n, c, settings)),
                                                                      name, columns)))
        if name in ("attacks", "bases"):
            out.append(PendingFile(f"{FOLDER}/{name}.geojson", partial(lambda n: to_geojson(table(n)), name)))
    out.append(PendingFile(f"{FOLDER}/attacks-acled.csv", lambda: to_csv(
        list(acled_export.EXPORT_COLUMNS), [acled_export.export_row(site, attack) for attack in rows["attacks"]])))
    listing_header = [c.name for c in LISTING_COLUMNS]
    cells = {}  # an attack is in its groups', base's, country's and tags' lists: its row is made once

    def listing_row(item) -> list:
        key = (item.kind, item.id)
        if key not in cells:
            cells[key] = [csv_cell(c.get(export, item)) for c in LISTING_COLUMNS]
        return cells[key]

    for (kind, ident), items in sorted(site.listings.items()):
        if kind in ("group", "base", "vessel", "country", "sea", "tag"):
            out.append(PendingFile(listing_path(kind, ident), partial(lambda i: cells_to_csv(listing_header,
                                                                                       map(listing_row, i)), items)))
    return out


def template_globals(renderer) -> dict:
    directory_urls = setting(renderer.settings, "directory_urls")

    def download_url(path: str) -> str:
        return file_url(renderer.current, path, directory_urls)

    def listing_csv(kind: str, ident: str) -> str:
        if not renderer.site.listings.get((kind, ident)):
            return ""
        return f'<a class="ma-download" href="{download_url(listing_path(kind, ident))}" download>This list as CSV</a>'

    return {"download_url": download_url, **drawn_globals(renderer, {"listing_csv": listing_csv}),
            "download_tables": TABLES, "acled_columns": acled_export.EXPORT_COLUMNS, "listing_columns": LISTING_COLUMNS}


def pages(renderer) -> list:
    return [renderer.render("downloads.html.j2", PAGE_SRC)]
