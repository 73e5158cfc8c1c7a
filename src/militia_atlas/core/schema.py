"""The entry format as data: every field of every kind, its type, and its documentation.

One description drives three things, so they cannot drift apart: the validator
(`check`), the JSON Schemas editors' IDEs use (`json_schema`), and the field
reference in the editing guide (`label`, `doc`).
"""

from __future__ import annotations

import json

from .schema_hints import present
from .fields import (Bool, Coordinates, Country, Date, Field, Lang, ListOf, Markdown, Record, Ref, Tag, Text, Url,
                     Words)
from .research_fields import Casualties, IdOrRecord, SourceNumber
from .ship_fields import Imo, Sea

PRECISION = Words("exact", "approximate")

SOURCE = Record("source", [
    Field("publisher", Text(), "Who published it: `FDD's Long War Journal`, `Reuters`.", True),
    Field("title", Text(), "The title of the article, report or statement.", True),
    Field("url", Url(), "Where to read it (http or https). A source needs `url` or `citation`, or both."),
    Field("citation", Text(), "A full citation in free text, for sources with no web address. When given, the "
          "page's list of sources prints it instead of the citation made from the other fields."),
    Field("author", Text(), "Author or authors."),
    Field("date", Date(), "When it was published."),
    Field("archive_url", Url(), "An archived copy (http or https), e.g. on the Wayback Machine."),
    Field("accessed", Date(), "When you read it."),
], {"anyOf": [present("url"), present("citation")]})

LEADER = Record("leader", [
    Field("name", Text(), "The leader's name.", True),
    Field("role", Text(), "Title or role: `secretary-general`, `founder`."),
    Field("since", Date(), "Start of the role."),
    Field("until", Date(), "End of the role."),
])

DESIGNATION = Record("designation", [
    Field("by", Text(), "Who designated: `U.S. State Department`.", True),
    Field("designation", Text(), "What: `Foreign Terrorist Organization`.", True),
    Field("date", Date(), "When."),
])

LOCATION = Record("location", [
    Field("name", Text(), "Place name: `Erbil International Airport`.", True),
    Field("country", Country(), "Country slug. A location has exactly one of `country` or `sea`."),
    Field("sea", Sea(), "Sea area slug, for a place at sea (`red-sea`, `gulf-of-aden`): instead of `country`. "
          "The register of sea areas is in the editing guide; add more in `entries/seas.yml`."),
    Field("province", Text(), "Province or governorate."),
    Field("coordinates", Coordinates(), "`[lat, lon]`."),
    Field("coordinates_precision", PRECISION, "How precise the coordinates are."),
], {"oneOf": [present("country"), present("sea")]})

HISTORY_EVENT = Record("history event", [
    Field("date", Date(), "When: YYYY, YYYY-MM or YYYY-MM-DD.", True),
    Field("text", Markdown(), "What happened, in one or two sentences (Markdown; `[[id]]` links and `[^N]` "
          "markers work as in the summary).", True),
    Field("source", SourceNumber(), "The number of the source that says so: 1 for the first of `sources`."),
])

COMMON = [
    Field("summary", Markdown(), "The editor's own words. `[[id]]` and `[[id|text]]` link to other entries; "
          "`[^2]` cites the entry's second source at that statement (a numbered marker linked to it in the "
          "list of sources); raw HTML is removed; template syntax shows literally.", True),
    Field("sources", ListOf(SOURCE, "list of sources"), "At least one. Each needs `publisher` and `title`, "
          "and `url` or `citation`.", True),
    Field("tags", ListOf(Tag(), "list of text"), "Free tags; each gets a tag page at `tags/<slug>/`, titled with the tag as written (its first letter capitalised when written in lower case: `iran-backed militias` is titled `Iran-backed militias`). The slug is the tag's letters and digits of any script, lowercased (`إيران` stays Arabic), each run of other characters one `-`; tags with equal slugs are one tag. A tag needs a letter or digit, and a slug of at most 80 characters (a tag named `Index` is at `tags/index-tag/`: `tags/` lists them all)."),
    Field("draft", Bool(), "`true` keeps the entry out of published builds; previews show it with a banner."),
    Field("internal_notes", Text(), "Editorial notes. Never published anywhere."),
    Field("redirect_from", ListOf(Ref("old"), "list of old ids"), "Old ids of this entry; their URLs redirect here "
          "and `[[old-id]]` still links here."),
    Field("updated", Date(), "Last substantive revision (else the date of the file's last git commit)."),
]

GROUP = Record("group", [
    Field("name", Text(), "Full name: `Kata'ib Hezbollah`.", True),
    Field("short_name", Text(), "`KH`; used in tables and charts."),
    Field("aliases", ListOf(Text(), "list of text"), "Other names, transliterations, translations; searchable."),
    Field("native_name", Text(), "The name in its own script, e.g. Arabic."),
    Field("native_name_lang", Lang(), "Language of `native_name` (BCP 47); default `ar`."),
    Field("type", Words("militia", "umbrella", "front", "state-force", "other"), "What kind of group.", True),
    Field("founded", Date(), "When it was founded."),
    Field("dissolved", Date(), "When it was dissolved."),
    Field("countries", ListOf(Country(), "list of country slugs"), "Where it operates."),
    Field("member_of", ListOf(Ref("group"), "list of group ids"), "Umbrellas it belongs to."),
    Field("front_for", ListOf(Ref("group"), "list of group ids"), "Larger groups it is a front or offshoot of."),
    Field("backed_by", ListOf(Ref("group"), "list of group ids"), "Sponsors (e.g. `irgc`)."),
    Field("leaders", ListOf(LEADER, "list of leaders"), "Each: `name` (required), `role`, `since`, `until`."),
    Field("designations", ListOf(DESIGNATION, "list of designations"),
          "Each: `by` and `designation` (required), `date`."),
    Field("history", ListOf(HISTORY_EVENT, "list of history events"),
          "Dated events in the group's life (founding, renaming, mergers, leaders killed): each `date` and "
          "`text` (required), `source` (the number of one of the entry's sources). Shown as a dated list, "
          "oldest first."),
] + COMMON)

BASE = Record("base", [
    Field("name", Text(), "`Ain al-Asad Air Base`.", True),
    Field("aliases", ListOf(Text(), "list of text"), "Other names: `Al Asad Airbase`."),
    Field("country", Country(), "Country slug.", True),
    Field("province", Text(), "Province or governorate: `Anbar`."),
    Field("coordinates", Coordinates(), "`[lat, lon]` in WGS84 decimal degrees."),
    Field("coordinates_precision", PRECISION, "How precise the coordinates are."),
    Field("garrison", ListOf(Text(), "list of text"), "Forces present: `U.S. forces`."),
    Field("kind", Words("air-base", "garrison", "mission-support-site", "outpost", "landing-zone",
                        "diplomatic", "other"), "What kind of site."),
    Field("status", Words("active", "closed", "handed-over"), "Current status."),
    Field("opened", Date(), "When it opened."),
    Field("closed_on", Date(), "When it closed or was handed over."),
] + COMMON)

VESSEL = Record("vessel", [
    Field("name", Text(), "The ship's name: `Galaxy Leader`.", True),
    Field("aliases", ListOf(Text(), "list of text"), "Former names, other spellings, a warship's hull number "
          "(`DDG-87`); searchable."),
    Field("imo", Imo(), "IMO number: 7 digits (`9237307`), without the letters IMO; searchable."),
    Field("kind", Words("merchant", "naval"), "`merchant` for a commercial ship, `naval` for a warship.", True),
    Field("vessel_type", Text(), "What kind of ship: `car carrier`, `bulk carrier`, `oil tanker`, `destroyer`."),
    Field("flag", Country(), "Flag state: a country slug."),
    Field("owner", Text(), "Owner, as the sources name it."),
    Field("operator", Text(), "Operator or manager, as the sources name it."),
] + COMMON)

WEAPONS = ("drone", "rocket", "mortar", "ballistic-missile", "cruise-missile", "ied", "small-arms", "airstrike",
           "other", "unknown")
WEAPONS = ("drone", "rocket", "mortar", "ballistic-missile", "cruise-missile", "anti-ship-missile",
           "uncrewed-surface-vessel", "boarding", "ied", "small-arms", "airstrike", "other", "unknown")
OUTCOMES = ("impact", "intercepted", "missed", "failed", "seized", "unknown")

ATTRIBUTION = Record("attribution", [
    Field("group", Ref("group"), "The group blamed.", True),
    Field("by", Text(), "Who blames it, as it reads after \"by\": `U.S. Department of Defense`, `analysts`."),
    Field("certainty", Words("stated", "suspected"), "`stated`: said as fact; `suspected`: said as likely."),
    Field("source", SourceNumber(), "The number of the source that says so: 1 for the first of `sources`."),
])

ACCOUNT = Record("account", [
    Field("source", SourceNumber(), "The number of the source whose version this is.", True),
    Field("date", Date(), "The date this source gives."),
    Field("approximate", Bool(), "`true` when this source gives the date as \"on or about\"."),
    Field("outcome", Words(*OUTCOMES), "The outcome this source gives."),
    Field("killed", Casualties(), "The killed this source gives."),
    Field("wounded", Casualties(), "The wounded this source gives."),
    Field("claim", Text(), "What this source says, in short: `two direct hits`."),
], {"minProperties": 2})  # a source and what it says differently (validate: research_rules)
ACCOUNT_FIELDS = tuple(f.name for f in ACCOUNT.fields if f.name != "source")

ATTACK = Record("attack", [
    Field("kind", Words("attack", "strike"), "`attack` (the default) or `strike`: a strike by a state's forces on an "
          "armed group (e.g. a U.S. retaliatory strike). Strikes are listed and counted apart from attacks "
          "everywhere: home numbers, tallies, charts, timelines, feeds and downloads say which is which."),
    Field("date", Date(), "When; `YYYY-MM` or `YYYY` when only that is known. Not after the build date.", True),
    Field("approximate", Bool(), "`true` for \"on or about\"."),
    Field("end_date", Date(), "Last day of a multi-day event; not before `date`."),
    Field("title", Text(), "Headline; by default made from weapons and target."),
    Field("base", Ref("base"), "The base attacked. Exactly one of `base`, `vessel` or `location` names the target."),
    Field("vessel", Ref("vessel"), "The ship attacked (a vessel id); may come with a `location` saying where it was."),
    Field("location", LOCATION, "Where it happened, when the target is not a base: `name` required, and exactly one "
          "of `country` or `sea`; `province`, `coordinates`, `coordinates_precision`. With `vessel`, where the ship was."),
    Field("target_groups", ListOf(Ref("group"), "list of group ids"),
          "Groups whose people or sites were hit (ACLED's second actor); a group's page lists the attacks and "
          "strikes against it apart from its own."),
    Field("claimed_by", ListOf(Ref("group"), "list of group ids"), "Who claimed it (for a strike: whose forces "
          "carried it out, e.g. `us-military`)."),
    Field("confirmation", Words("confirmed", "claim-only", "media-only", "denied"),
          "Whether officials confirmed it happened."),
    Field("attributed_to", ListOf(IdOrRecord(Ref("group"), ATTRIBUTION, "group"),
                                  "list of group ids or of `{group, by, certainty, source}`"),
          "Who officials or analysts blame: a group id, or `{group, by, certainty, source}` saying who blames "
          "it (`by: U.S. Department of Defense`), how sure they are (`certainty: stated` or `suspected`) and "
          "which of the entry's sources says so (`source: 2`). Plain ids and full items may be mixed."),
    Field("weapons", ListOf(Words(*WEAPONS), "list of " + ", ".join(f"`{w}`" for w in WEAPONS)),
          "Absent means unknown."),
    Field("outcome", Words(*OUTCOMES), "What happened. `missed`: reached no target; `failed`: malfunctioned or "
          "did not go off; `seized`: a ship or people taken."),
    Field("killed", Casualties(), "Absent means unknown, never zero. `[40, null]` is \"at least 40\"."),
    Field("wounded", Casualties(), "Absent means unknown, never zero. `[4, null]` is \"at least 4\"."),
    Field("casualty_note", Text(), "Who the casualties were."),
    Field("accounts", ListOf(ACCOUNT, "list of accounts"),
          "Where sources disagree with the fields above (which hold the editors' best reading): each "
          "`source` (required: the number of one of the entry's sources) and that source's version, any of "
          "`date`, `approximate`, `outcome`, `killed`, `wounded`, `claim`. The page shows a \"Sources differ\" "
          "table; downloads flag the attack as disputed."),
] + COMMON, {"oneOf": [present("base"), present("vessel"), {**present("location"), "not": present("vessel")}]})

KIND_RECORDS = {"group": GROUP, "base": BASE, "vessel": VESSEL, "attack": ATTACK}

ARTICLE = Record("article", [
    Field("title", Text(), "Headline.", True),
    Field("date", Date(), "Publication date.", True),
    Field("authors", ListOf(Text(), "list of text"), "Byline."),
    Field("groups", ListOf(Ref("group"), "list of group ids"), "Groups the article is about."),
    Field("bases", ListOf(Ref("base"), "list of base ids"), "Bases the article is about."),
    Field("attacks", ListOf(Ref("attack"), "list of attack ids"), "Attacks the article is about."),
    Field("tags", ListOf(Tag(), "list of text"), "Tags, as for entries: each needs a letter or digit."),
    Field("draft", Bool(), "`true` keeps the article out of published builds."),
    Field("updated", Date(), "Last substantive revision."),
])
ARTICLE_KEYS = {f.name for f in ARTICLE.fields}


def json_schema(kind: str, base_url: str = "") -> dict:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"militia-atlas {kind} entry",
        **KIND_RECORDS[kind].json_schema(),
    }
    if base_url:
        schema["$id"] = f"{base_url.rstrip('/')}/schemas/{kind}.schema.json"
    return schema


def schema_text(kind: str) -> str:
    """The JSON Schema file of a kind, exactly as committed in schemas/ and published with the site."""
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
