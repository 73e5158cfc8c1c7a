"""Publishing quality: values for the page head, passed through each page's front matter.

Generated pages get `ma_og_type`, `ma_jsonld` (schema.org: Organization for a group,
Place for a base or country, Event for an attack), `ma_feed` and `ma_modified`; the
theme override (overrides/main.html, block `extrahead`) turns them into Open Graph
tags, JSON-LD and feed links. MkDocs and Material already write the meta
description (from `description`), the canonical URL (from `site_url`), sitemap.xml
and 404.html; redirect pages for `redirect_from` are written by publish.py.
"""

from __future__ import annotations

import json

from ..core.names import attack_country, attack_title, entity_src
from ..core.text import yaml_string
from ..render.urls import canonical_url
from .helpers import drawn_globals, summary_text, updated

SCHEMA = "https://schema.org"


def without_empty(value):
    """The value with None, "" and empty lists left out of every mapping (a URL unknown without site_url)."""
    if isinstance(value, dict):
        return {k: without_empty(v) for k, v in value.items() if v not in (None, "", [])}
    if isinstance(value, list):
        return [without_empty(v) for v in value]
    return value


def safe_json(value) -> str:
    """JSON that cannot close a <script> element, as a YAML-safe one-line string."""
    text = json.dumps(without_empty(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _place(name: str, coordinates, country: dict | None, province) -> dict:
    place = {"@type": "Place", "name": name}
    if coordinates:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": coordinates[0], "longitude": coordinates[1]}
    address = {"@type": "PostalAddress"}
    if country and country.get("iso"):
        address["addressCountry"] = country["iso"]
    if province:
        address["addressRegion"] = province
    if len(address) > 1:
        place["address"] = address
    return place


class Metadata:
    def __init__(self, renderer):
        self.r = renderer
        self.site = renderer.site
        self.settings = renderer.settings

    def url(self, kind: str, ident: str):
        return canonical_url(self.settings, entity_src(kind, ident)) or None

    def org(self, ident: str) -> dict:
        group = self.site.groups[ident]
        return {"@type": "Organization", "name": group.name, "url": self.url("group", ident)}

    def group(self, g) -> dict:
        data = {"@type": "Organization", "name": g.name, "url": self.url("group", g.id),
                "description": summary_text(self.site, g)}
        names = ([g.short_name] if g.short_name else []) + list(g.aliases or [])
        if names:
            data["alternateName"] = names
        if g.founded:
            data["foundingDate"] = g.founded.iso()
        if g.dissolved:
            data["dissolutionDate"] = g.dissolved.iso()
        for key, ids in (("memberOf", g.member_of), ("sponsor", g.backed_by),
                         ("member", [m.id for m in self.site.members.get(g.id, [])])):
            linked = [self.org(i) for i in ids or [] if i in self.site.groups]
            if linked:
                data[key] = linked
        return data

    def base(self, b) -> dict:
        data = _place(b.name, b.coordinates, self.site.countries.get(b.country), b.province)
        data.update(url=self.url("base", b.id), description=summary_text(self.site, b))
        if b.aliases:
            data["alternateName"] = list(b.aliases)
        return data

    def vessel(self, v) -> dict:
        data = {"@type": "Vehicle", "name": v.name, "url": self.url("vessel", v.id),
                "description": summary_text(self.site, v)}
        if v.aliases:
            data["alternateName"] = list(v.aliases)
        if v.imo:
            data["identifier"] = {"@type": "PropertyValue", "propertyID": "IMO", "value": v.imo}
        return data

    def attack(self, a) -> dict:
        bases = self.site.bases
        if a.base and a.base in bases:
            b = bases[a.base]
            location = _place(b.name, b.coordinates, self.site.countries.get(b.country), b.province)
            location["url"] = self.url("base", b.id)
        else:
            loc = a.location or {}
            location = _place(loc.get("name", ""), loc.get("coordinates"),
                              self.site.countries.get(attack_country(a, self.site)), loc.get("province"))
        data = {"@type": "Event", "name": attack_title(a, self.site), "startDate": a.date.iso(),
                "url": self.url("attack", a.id), "location": location, "description": summary_text(self.site, a)}
        if a.end_date:
            data["endDate"] = a.end_date.iso()
        return data

    def country(self, slug: str) -> dict:
        country = self.site.countries.get(slug, {})
        data = {"@type": "Country", "name": country.get("name", slug), "url": self.url("country", slug)}
        if country.get("iso"):
            data["identifier"] = country["iso"]
        return data

    def jsonld(self, values: dict):
        entry, kind = values.get("entry"), values.get("kind")
        if values.get("number", 1) != 1:
            return None  # later listing pages describe nothing new
        if entry is not None and getattr(entry, "kind", None) in ("group", "base", "vessel", "attack"):
            return getattr(self, entry.kind)(entry)
        if kind == "country":
            return self.country(values["ident"])
        return None

    def front_matter(self, title: str, description: str = "") -> str:
        values = self.r.current_values
        lines = [f"ma_og_type: {'website' if self.r.current == 'index.md' else 'article'}"]
        data = self.jsonld(values)
        if data is not None:
            lines.append(f"ma_jsonld: {yaml_string(safe_json({'@context': SCHEMA, **data}))}")  # any text: YAML-safe
        feed = self.feed(values)
        if feed:
            lines.append(f"ma_feed: {json.dumps(feed)}")
        entry = values.get("entry")
        if entry is not None and getattr(entry, "kind", None) in ("group", "base", "vessel", "attack"):
            modified = updated(self.site, self.settings, entry.updated, entry.path)
            if modified:
                lines.append(f"ma_modified: {json.dumps(modified.iso())}")
        return "\n".join(lines)

    def feed(self, values: dict) -> str:
        feed_path = self.r.env.globals.get("feed_path")
        kind = values.get("kind")
        if feed_path is None or kind is None:
            return ""
        return feed_path(kind, values.get("ident"))


def template_globals(renderer) -> dict:
    # Front-matter lines, not HTML: as they are in an HTML template too (never escaped).
    return drawn_globals(renderer, {"page_meta": Metadata(renderer).front_matter})
