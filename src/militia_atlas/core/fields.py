"""The kinds of value an entry's fields hold: each checks an editor's value (with a message and a
fix for each way it can be wrong) and describes itself as JSON Schema. `Record` is a mapping of
named fields; core/schema.py builds the entry format from these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import parse_date
from .problems import did_you_mean, format_path
from .schema_hints import with_example, with_hints
from .yaml_reader import PlainNull
from .text import TAG_SLUG_LIMIT, slugify, tag_slug, tag_slug_too_long

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
LANG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
URL_RE = re.compile(r"^(https?)://[^\s/$.?#][^\s]*$", re.IGNORECASE)
INVALID = object()
DECIMAL = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")  # as YAML 1.2 writes a number: 33.78, 1e-5
DATE_SCHEMA_PATTERN = r"^[1-9][0-9]{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
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

    def __init__(self, file: str, problems, countries: dict, seas: dict | None = None):
        self.file, self.problems, self.countries = file, problems, countries
        self._seas = seas

    @property
    def seas(self) -> dict:
        """The sea areas a `location.sea` may name (core/seas.py): the built-in register unless given."""
        if self._seas is None:
            from .seas import builtin_seas

            self._seas = builtin_seas()
        return self._seas

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
            if value != value.strip():
                raise ValueError(f"'{value}' is not a date")  # as an editor's IDE reads it: no spaces around
            return parse_date(value)
        except ValueError as error:
            return ctx.error(where, f"invalid date: {error}", "write YYYY-MM-DD, YYYY-MM or YYYY")

    def json_schema(self):
        return {"type": ["string", "integer"], "pattern": DATE_SCHEMA_PATTERN, "minimum": 1000, "maximum": 9999}


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
        if not ID_RE.fullmatch(value):  # fullmatch: `$` alone would let a final line break through
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
        if LANG_RE.fullmatch(value):
            return value
        return ctx.error(where, f"'{value}' is not a language tag", "use a BCP 47 tag such as ar, fa, ku or ar-IQ")

    def json_schema(self):
        return {"type": "string", "pattern": LANG_RE.pattern}


class Coordinates(FieldType):
    label = "`[lat, lon]` (WGS84 decimal degrees)"

    def check(self, value, where, ctx):
        if not isinstance(value, list) or len(value) != 2:
            return ctx.error(where, f"expected [lat, lon], got {describe(value)}", "write [33.78, 42.44]")
        numbers = []
        for position, (part, name, limit) in enumerate(zip(value, ("latitude", "longitude"), (90, 180))):
            try:
                number = float(part) if isinstance(part, str) and DECIMAL.fullmatch(part) else None
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
            if raw == "" or type(raw) is PlainNull:
                ctx.error(where + (position,), "the item is empty (YAML reads `null` or `~` as nothing)",
                          "fill it in or delete it; to write the word null or ~, put it in quotes")
                continue
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
        item = self.item.json_schema()
        item = {**item, "minLength": 1} if "string" in item.get("type", ()) else item  # an empty item is an error
        return {"type": "array", "items": item, "uniqueItems": True}


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
    schema = with_hints(spec.type, spec.type.json_schema())
    if spec.required:
        if schema.get("type") == "array":
            schema = {**schema, "minItems": 1}
        elif "string" in schema.get("type", ()):
            schema = {**schema, "minLength": 1}
    else:
        # `field:`, `field: null` and `field: ~` are read as null, and mean the same as leaving the field out.
        schema = {"anyOf": [schema, {"type": "null"}]}
    return {**schema, "description": spec.doc, "markdownDescription": with_example(spec.type, spec.doc)}
