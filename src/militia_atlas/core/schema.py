"""The entry format as data: every field of every kind, its type, and its documentation.

One description drives three things, so they cannot drift apart: the validator
(`check`), the JSON Schemas editors' IDEs use (`json_schema`), and the field
reference in the editing guide (`label`, `doc`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .dates import parse_date
from .problems import did_you_mean, format_path
from .text import TAG_SLUG_LIMIT, slugify, tag_slug, tag_slug_too_long

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
LANG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
URL_RE = re.compile(r"^(https?)://[^\s/$.?#][^\s]*$", re.IGNORECASE)
INVALID = object()
DATE_SCHEMA_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
MAX_COUNT = 999_999_999
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # tab and line breaks are fine
CONTROL_FREE_PATTERN = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"
SUMMARY_PLACEHOLDER = "Write the summary here, in your own words."


class Values(dict):
    """Checked fields of a record; an absent optional field reads as None (`leader.since`)."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return self.get(name)


class Checker:
    """Collects problems for one file while its values are checked."""

    def __init__(self, file: str, problems, countries: dict):
        self.file, self.problems, self.countries = file, problems, countries

    def error(self, where: tuple, message: str, hint: str = "") -> object:
        self.problems.add(self.file, message, hint, where)
        return INVALID


def describe(value) -> str:
    if isinstance(value, dict):
        return "a mapping (key: value pairs)"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"


def flow(value) -> str:
    """A value as it would be written in YAML flow style: [2, many]."""
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    return str(value)


class FieldType:
    label = "value"

    def check(self, value, where: tuple, ctx: Checker):
        raise NotImplementedError

    def json_schema(self) -> dict:
        raise NotImplementedError

    def expect_text(self, value, where, ctx, what: str):
        if isinstance(value, str):
            return value
        return ctx.error(where, f"expected {what}, got {describe(value)}",
                         f"write {what} after the colon; put it in quotes if it starts with [, {{ or -")


class Text(FieldType):
    label = "text"

    def check(self, value, where, ctx):
        if self.expect_text(value, where, ctx, "text") is INVALID:
            return INVALID
        control = CONTROL_CHARACTER.search(value)
        if control:
            return ctx.error(where, f"the text contains a control character (U+{ord(control.group()):04X})",
                             "delete it: control characters are invisible and cannot be shown on a page")
        return value

    def json_schema(self):
        # An IDE reads `1e3` or `true` in a text field as a number or a boolean; we keep them as text.
        return {"type": ["string", "number", "boolean"], "pattern": CONTROL_FREE_PATTERN}


class Markdown(Text):
    label = "Markdown text"


class Tag(Text):
    """A free tag: its page is `tags/<slug>/`, so it needs a letter or digit, and a slug a file name can hold."""

    label = "text"

    def check(self, value, where, ctx):
        value = super().check(value, where, ctx)
        if value is INVALID:
            return INVALID
        slug = tag_slug(value)
        if not slug:
            return ctx.error(where, f"tag '{value}' has no letter or digit",
                             "a tag's page address is made of its letters and digits: write it in words, "
                             "like 'drone strikes'")
        if tag_slug_too_long(slug):
            return ctx.error(where, f"tag '{value}' is too long: its slug has {len(slug)} characters",
                             f"shorten the tag to at most {TAG_SLUG_LIMIT} letters, digits and hyphens")
        return value


class Bool(FieldType):
    label = "`true` or `false`"

    def check(self, value, where, ctx):
        if value in ("true", "false"):
            return value == "true"
        return ctx.error(where, f"expected true or false, got {describe(value)}", "write true or false, in lowercase")

    def json_schema(self):
        return {"type": "boolean"}


class Date(FieldType):
    label = "date (YYYY, YYYY-MM or YYYY-MM-DD)"

    def check(self, value, where, ctx):
        if self.expect_text(value, where, ctx, "a date") is INVALID:
            return INVALID
        try:
            return parse_date(value)
        except ValueError as error:
            return ctx.error(where, f"invalid date: {error}", "write YYYY-MM-DD, YYYY-MM or YYYY")

    def json_schema(self):
        return {"type": ["string", "integer"], "pattern": DATE_SCHEMA_PATTERN, "minimum": 1, "maximum": 9999}


class Words(FieldType):
    """One word from a fixed vocabulary."""

    def __init__(self, *words: str):
        self.words = words
        self.label = "one of " + ", ".join(f"`{w}`" for w in words)

    def check(self, value, where, ctx):
        if self.expect_text(value, where, ctx, "a word") is INVALID:
            return INVALID
        if value in self.words:
            return value
        hint = did_you_mean(value, self.words) or "use one of: " + ", ".join(self.words)
        return ctx.error(where, f"'{value}' is not one of the allowed words", hint)

    def json_schema(self):
        return {"enum": list(self.words)}


class Ref(FieldType):
    """The id of another entry. Whether it exists is checked by the index stage."""

    def __init__(self, kind: str):
        self.kind = kind
        self.label = f"{kind} id"

    def check(self, value, where, ctx):
        if self.expect_text(value, where, ctx, f"a {self.kind} id") is INVALID:
            return INVALID
        if not ID_RE.match(value):
            slug = slugify(value)
            hint = "ids are lowercase letters, digits and hyphens, like kataib-hezbollah"
            return ctx.error(where, f"'{value}' is not a valid id", hint + (f"; did you mean '{slug}'?" if slug else ""))
        return value

    def json_schema(self):
        return {"type": "string", "pattern": ID_RE.pattern}


class Country(FieldType):
    label = "country slug"

    def check(self, value, where, ctx):
        if self.expect_text(value, where, ctx, "a country") is INVALID:
            return INVALID
        if value in ctx.countries:
            return value
        hint = did_you_mean(value, ctx.countries) or "countries are slugs of English short names, like iraq or united-states; add new ones in entries/countries.yml"
        return ctx.error(where, f"unknown country '{value}'", hint)

    def json_schema(self):
        return {"type": "string", "pattern": ID_RE.pattern}


class Url(FieldType):
    label = "http(s) URL"

    def check(self, value, where, ctx):
        if self.expect_text(value, where, ctx, "a URL") is INVALID:
            return INVALID
        if URL_RE.match(value.strip()) and value == value.strip():
            return value
        scheme = value.split(":", 1)[0].lower() if ":" in value else ""
        if scheme and scheme not in ("http", "https"):
            return ctx.error(where, f"'{scheme}:' links are not allowed", "use a full http:// or https:// address")
        return ctx.error(where, f"'{value}' is not a full web address", "use a full address starting with https://")

    def json_schema(self):
        return {"type": "string", "pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/$.?#][^\s]*$"}


class Lang(FieldType):
    label = "BCP 47 language tag"

    def check(self, value, where, ctx):
        if self.expect_text(value, where, ctx, "a language tag") is INVALID:
            return INVALID
        if LANG_RE.match(value):
            return value
        return ctx.error(where, f"'{value}' is not a language tag", "use a BCP 47 tag such as ar, fa, ku or ar-IQ")

    def json_schema(self):
        return {"type": "string", "pattern": LANG_RE.pattern}


def _count(text: str):
    return int(text) if isinstance(text, str) and re.fullmatch(r"\d{1,9}", text) else None


class Casualties(FieldType):
    label = "whole number >= 0, or `[min, max]`"

    def check(self, value, where, ctx):
        if isinstance(value, list):
            if len(value) != 2 or any(_count(v) is None for v in value):
                if any(isinstance(v, str) and v.startswith("-") for v in value):
                    return ctx.error(where, "casualty figures cannot be negative", "use 0 or more")
                return ctx.error(where, f"expected [min, max] with two whole numbers, got {flow(value)}",
                                 "write a range as [2, 5]")
            low, high = (_count(v) for v in value)
            if low > high:
                return ctx.error(where, f"range [{low}, {high}] has min greater than max", f"write [{high}, {low}]")
            return (low, high) if low != high else low
        if isinstance(value, str) and value.lstrip().startswith("-") and _count(value.lstrip()[1:]) is not None:
            return ctx.error(where, f"casualty figures cannot be negative, got {value}",
                             "use 0 or more; leave the field out when unknown")
        number = _count(value)
        if number is None:
            return ctx.error(where, f"expected a whole number or [min, max], got {describe(value)}",
                             "write 3, or [2, 5] for a range; leave the field out when unknown")
        return number

    def json_schema(self):
        count = {"type": "integer", "minimum": 0, "maximum": MAX_COUNT}
        return {"oneOf": [count, {"type": "array", "items": count, "minItems": 2, "maxItems": 2}]}


class Coordinates(FieldType):
    label = "`[lat, lon]` (WGS84 decimal degrees)"

    def check(self, value, where, ctx):
        if not isinstance(value, list) or len(value) != 2:
            return ctx.error(where, f"expected [lat, lon], got {describe(value)}", "write [33.78, 42.44]")
        numbers = []
        for position, (part, name, limit) in enumerate(zip(value, ("latitude", "longitude"), (90, 180))):
            try:
                number = float(part) if isinstance(part, str) and re.fullmatch(r"[-+]?\d+(\.\d+)?", part) else None
            except ValueError:
                number = None
            if number is None:
                return ctx.error(where + (position,), f"{name} must be a number, got {describe(part)}",
                                 "write decimal degrees such as 33.78")
            if not -limit <= number <= limit:
                return ctx.error(where + (position,), f"{name} {part} is out of range",
                                 f"{name} is between -{limit} and {limit}; check the order is [lat, lon]")
            numbers.append(number)
        return tuple(numbers)

    def json_schema(self):
        return {"type": "array", "minItems": 2, "maxItems": 2,
                "prefixItems": [{"type": "number", "minimum": -90, "maximum": 90},
                                {"type": "number", "minimum": -180, "maximum": 180}]}


class ListOf(FieldType):
    def __init__(self, item: FieldType, label: str = ""):
        self.item = item
        self.label = label or f"list of {item.label}"

    def check(self, value, where, ctx):
        if value == "":
            return None
        if not isinstance(value, list):
            return ctx.error(where, f"expected a list, got {describe(value)}",
                             "write [a, b] or one `- item` per line")
        items, seen = [], {}
        for position, raw in enumerate(value):
            key = repr(raw)
            if key in seen:
                ctx.error(where + (position,), f"duplicate item {describe(raw)}, the same as "
                          f"{format_path(where + (seen[key],))}", "delete one of the two")
                continue
            seen[key] = position
            checked = self.item.check(raw, where + (position,), ctx)
            if checked is not INVALID:
                items.append(checked)
        return items or None

    def json_schema(self):
        return {"type": "array", "items": self.item.json_schema(), "uniqueItems": True}


@dataclass
class Field:
    name: str
    type: FieldType
    doc: str = ""
    required: bool = False


@dataclass
class Record(FieldType):
    """A mapping with known fields: an entry, a source, a leader..."""

    name: str
    fields: list = field(default_factory=list)
    rules: dict = field(default_factory=dict)  # JSON Schema for rules across fields (validate.py checks them)

    @property
    def label(self):
        return f"{self.name} (" + ", ".join(f.name for f in self.fields) + ")"

    @property
    def by_name(self) -> dict:
        return {f.name: f for f in self.fields}

    def check(self, value, where, ctx):
        if not isinstance(value, dict):
            return ctx.error(where, f"expected a {self.name} with fields "
                             + ", ".join(f.name for f in self.fields) + f", got {describe(value)}",
                             "write one `field: value` per line")
        known = self.by_name
        result = Values()
        for key, raw in value.items():
            if key not in known:
                hint = did_you_mean(key, known) or "allowed fields: " + ", ".join(known)
                ctx.error(where + (key,), f"unknown field '{key}'", hint)
                continue
            if raw == "":
                continue  # `field:` with nothing after it means the same as leaving it out
            checked = known[key].type.check(raw, where + (key,), ctx)
            if checked is not INVALID and checked is not None:
                result[key] = checked
        for spec in self.fields:
            if spec.required and spec.name not in value:
                ctx.error(where, f"missing required field '{spec.name}'", f"add `{spec.name}:` followed by {spec.type.label}")
            elif spec.required and value.get(spec.name) in ("", None, []):
                ctx.error(where + (spec.name,), f"'{spec.name}' is required and cannot be empty",
                          f"fill in {spec.type.label}")
        return result

    def json_schema(self):
        return {
            "type": "object",
            "additionalProperties": False,
            "required": [f.name for f in self.fields if f.required],
            "properties": {f.name: _property_schema(f) for f in self.fields},
            **self.rules,
        }


def _property_schema(spec: Field) -> dict:
    schema = spec.type.json_schema()
    if spec.required:
        if schema.get("type") == "array":
            schema = {**schema, "minItems": 1}
        elif "string" in schema.get("type", ()):
            schema = {**schema, "minLength": 1}
    else:
        # `field:` with nothing after it is read as null, and means the same as leaving the field out.
        schema = {"anyOf": [schema, {"type": "null"}]}
    return {**schema, "description": spec.doc, "markdownDescription": spec.doc}


SOURCE = Record("source", [
    Field("publisher", Text(), "Who published it: `FDD's Long War Journal`, `Reuters`.", True),
    Field("title", Text(), "The title of the article, report or statement.", True),
    Field("url", Url(), "Where to read it (http or https). A source needs `url` or `citation`, or both."),
    Field("citation", Text(), "A full citation in free text, for sources with no web address."),
    Field("author", Text(), "Author or authors."),
    Field("date", Date(), "When it was published."),
    Field("archive_url", Url(), "An archived copy (http or https), e.g. on the Wayback Machine."),
    Field("accessed", Date(), "When you read it."),
], {"anyOf": [{"required": ["url"]}, {"required": ["citation"]}]})

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
    Field("country", Country(), "Country slug.", True),
    Field("province", Text(), "Province or governorate."),
    Field("coordinates", Coordinates(), "`[lat, lon]`."),
])

COMMON = [
    Field("summary", Markdown(), "The editor's own words. `[[id]]` and `[[id|text]]` link to other entries; "
          "raw HTML is removed; template syntax shows literally.", True),
    Field("sources", ListOf(SOURCE, "list of sources"), "At least one. Each needs `publisher` and `title`, "
          "and `url` or `citation`.", True),
    Field("tags", ListOf(Tag(), "list of text"), "Free tags; each gets a tag page at `tags/<slug>/`, titled with the tag as written. The slug is the tag's letters and digits of any script, lowercased (`إيران` stays Arabic), each run of other characters one `-`; tags with equal slugs are one tag. A tag needs a letter or digit, and a slug of at most 80 characters (a tag named `Index` is at `tags/index-tag/`: `tags/` lists them all)."),
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
] + COMMON)

BASE = Record("base", [
    Field("name", Text(), "`Ain al-Asad Air Base`.", True),
    Field("aliases", ListOf(Text(), "list of text"), "Other names: `Al Asad Airbase`."),
    Field("country", Country(), "Country slug.", True),
    Field("province", Text(), "Province or governorate: `Anbar`."),
    Field("coordinates", Coordinates(), "`[lat, lon]` in WGS84 decimal degrees."),
    Field("coordinates_precision", Words("exact", "approximate"), "How precise the coordinates are."),
    Field("garrison", ListOf(Text(), "list of text"), "Forces present: `U.S. forces`."),
    Field("kind", Words("air-base", "garrison", "mission-support-site", "outpost", "landing-zone",
                        "diplomatic", "other"), "What kind of site."),
    Field("status", Words("active", "closed", "handed-over"), "Current status."),
    Field("opened", Date(), "When it opened."),
    Field("closed_on", Date(), "When it closed or was handed over."),
] + COMMON)

WEAPONS = ("drone", "rocket", "mortar", "ballistic-missile", "cruise-missile", "ied", "small-arms", "airstrike",
           "other", "unknown")

ATTACK = Record("attack", [
    Field("date", Date(), "When; `YYYY-MM` or `YYYY` when only that is known. Not after the build date.", True),
    Field("approximate", Bool(), "`true` for \"on or about\"."),
    Field("end_date", Date(), "Last day of a multi-day event; not before `date`."),
    Field("title", Text(), "Headline; by default made from weapons and target."),
    Field("base", Ref("base"), "The base attacked. Exactly one of `base` or `location`."),
    Field("location", LOCATION, "A target that is not a base: `name` and `country` required, "
          "`province`, `coordinates`."),
    Field("claimed_by", ListOf(Ref("group"), "list of group ids"), "Who claimed it."),
    Field("confirmation", Words("confirmed", "claim-only", "media-only", "denied"),
          "Whether officials confirmed it happened."),
    Field("attributed_to", ListOf(Ref("group"), "list of group ids"),
          "Who officials or analysts blame (cite it in `sources`)."),
    Field("weapons", ListOf(Words(*WEAPONS), "list of " + ", ".join(f"`{w}`" for w in WEAPONS)),
          "Absent means unknown."),
    Field("outcome", Words("impact", "intercepted", "failed", "unknown"), "What happened."),
    Field("killed", Casualties(), "Absent means unknown, never zero."),
    Field("wounded", Casualties(), "Absent means unknown, never zero."),
    Field("casualty_note", Text(), "Who the casualties were."),
] + COMMON, {"oneOf": [{"required": ["base"]}, {"required": ["location"]}]})

KIND_RECORDS = {"group": GROUP, "base": BASE, "attack": ATTACK}

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


# -- the field reference of the editing guide ------------------------------------------

FIELDS_DOC_INTRO = """\
---
title: Field reference
---

<!-- Generated from src/militia_atlas/schema.py by
     `militia-atlas schema --fields-doc content/editing/fields.md`. Do not edit by hand:
     a test fails when this page and the validator disagree. -->

# Field reference

Every field of every kind of entry, generated from the same description the validator and
the JSON Schemas use. A field marked **required** must be present and not empty; any
other field may be left out, and `field:` with nothing after it means the same as leaving
it out. Text is kept exactly as written: `NO`, `on`, `1e3` or `2023-10-29` in a text field
are those characters. Dates are `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, quoted or not; booleans
are `true` or `false`.
"""

KIND_HEADINGS = (
    ("group", "Group", "entries/groups/<id>.yml", "Militias, umbrellas, fronts, state forces and sponsors."),
    ("base", "Base", "entries/bases/<id>.yml", "Bases and other fixed sites."),
    ("attack", "Attack", "entries/attacks/<id>.yml", "Attacks and strikes. Convention for the id: "
     "`YYYY-MM-DD-<place>[-n]`."),
)


def fields_markdown() -> str:
    """The field reference page of the editing guide (content/editing/fields.md)."""
    parts = [FIELDS_DOC_INTRO]
    for kind, title, path, about in KIND_HEADINGS:
        parts.append(f"## {title}: `{path}` {{ #{kind} }}\n\n{about}\n")
        parts.append(_fields_table(KIND_RECORDS[kind], KIND_RECORDS[kind]))
        for record, parent in _sub_records(KIND_RECORDS[kind]):
            parts.append(f"### Each {record.name} (in `{parent}`) {{ #{kind}-{record.name} }}\n")
            parts.append(_fields_table(record, KIND_RECORDS[kind]))
    parts.append("## Article front matter: `content/**/*.md` { #article }\n\n"
                 "A page with any of `date`, `groups`, `bases`, `attacks` or `authors` in its front matter "
                 "is an article: it is listed on the page of every entry it names. Other keys (MkDocs' and "
                 "Material's own) pass through unchecked, except keys starting with `ma_`, which the generator "
                 "keeps for its own use (an error). `draft: true` keeps any page of `content/` out of a published "
                 "build, article or not. A page may not sit at the address of a page the site generates "
                 "(`content/groups/<id>.md`, `content/tags/<slug>.md`, `content/attacks/index.md`...).\n")
    parts.append(_fields_table(ARTICLE, ARTICLE))
    parts.append("## Countries: `entries/countries.yml` { #countries }\n\n"
                 "Optional. The project ships every ISO 3166-1 country; this file adds to or renames them. "
                 "Each key is a country slug (1 to 80 lowercase letters, digits and hyphens, starting with a letter "
                 "or digit; not `index`, `page`, `feed` or `tags`), its value a mapping:\n\n"
                 "| Field | Type | Required | What it holds |\n|---|---|---|---|\n"
                 "| `name` | text | **required** | The name shown on the site. |\n"
                 "| `iso` | text | | ISO 3166 code, if there is one. |\n\n"
                 "```yaml\nkurdistan-region: {name: Kurdistan Region, iso: IQ-KR}\n```\n")
    return "\n".join(parts)


def _sub_records(record: Record):
    for spec in record.fields:
        inner = spec.type.item if isinstance(spec.type, ListOf) else spec.type
        if isinstance(inner, Record):
            yield inner, spec.name


def _fields_table(record: Record, kind_record: Record) -> str:
    rows = ["| Field | Type | Required | What it holds |", "|---|---|---|---|"]
    for spec in record.fields:
        required = "**required**" if spec.required else ""
        label = spec.type.name if isinstance(spec.type, Record) else spec.type.label
        rows.append(f"| `{spec.name}` | {_cell(label)} | {required} | {_cell(spec.doc)} |")
    return "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    """Text for a table cell: a `|` outside code would end the cell (inside code it is kept as is)."""
    parts = text.split("`")
    return "`".join(part if inside else part.replace("|", "\\|") for inside, part in
                    ((position % 2 == 1, part) for position, part in enumerate(parts)))
