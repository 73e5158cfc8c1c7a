"""The field reference page of the editing guide (content/editing/fields.md), generated from the
entry format (core/schema.py) so that the page and the validator cannot disagree."""

from __future__ import annotations

from .fields import ListOf, Record
from .schema import ARTICLE, KIND_RECORDS

FIELDS_DOC_INTRO = """\
---
search:
  exclude: true  # an editors' page: kept out of readers' search
title: Field reference
---

<!-- Generated from src/militia_atlas/core/schema.py by
     `militia-atlas schema --fields-doc content/editing/fields.md`. Do not edit by hand:
     a test fails when this page and the validator disagree. -->

# Field reference

Every field of every kind of entry, generated from the same description the validator and
the JSON Schemas use. A field marked **required** must be present and not empty; any
other field may be left out, and `field:` with nothing after it, `field: null` or `field: ~`
(what your editor offers) mean the same as leaving it out; so does an empty list. Text is kept exactly as written: `NO`, `on`, `1e3` or `2023-10-29` in a text field
are those characters. Dates are `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, quoted or not; booleans
are `true` or `false`.
"""

KIND_HEADINGS = (
    ("group", "Group", "entries/groups/<id>.yml", "Militias, umbrellas, fronts, state forces and sponsors."),
    ("base", "Base", "entries/bases/<id>.yml", "Bases and other fixed sites."),
    ("vessel", "Vessel", "entries/vessels/<id>.yml", "Ships: merchant vessels and warships, targets that move. "
     "A vessel's page lists the attacks on it, newest first."),
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
            parts.append(f"### Each {record.name} (in `{parent}`) {{ #{kind}-{record.name.replace(' ', '-')} }}\n")
            parts.append(_fields_table(record, KIND_RECORDS[kind]))
    parts.append("## Article front matter: `content/**/*.md` { #article }\n\n"
                 "A page with any of `date`, `groups`, `bases`, `attacks` or `authors` in its front matter "
                 "is an article: it is listed on the page of every entry it names, and shows its `date` and `authors` "
                 "under its title. Other keys (MkDocs' and "
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
        inner = getattr(inner, "record", inner)  # an id or a record (an attribution): the record's fields
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
