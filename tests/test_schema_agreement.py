"""The validator and the JSON Schemas agree on what is valid (issue 16 item 2).

The same documents go to both: every entry file of every fixture under tests/fixtures/, and
documents generated from the schemas themselves (hypothesis-jsonschema). The validator judges
one file on its own (what `validate` checks without the other entries: references, duplicate
ids and `[[links]]` need the whole site and no schema can see them); the schema judges the
file as the editor's IDE reads it (YAML 1.2: `null`, `~` and an empty value are null).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import FIXTURES
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from test_schema import KIND_FOLDERS, core_value, read_as_ide

from militia_atlas.core.countries import builtin_countries
from militia_atlas.core.load import RawEntry
from militia_atlas.core.problems import Problems
from militia_atlas.core.schema import json_schema
from militia_atlas.core.validate import validate_entry
from militia_atlas.core.yaml_reader import load_text

TODAY = dt.date(2026, 1, 1)
COUNTRIES = builtin_countries()

# The deliberate differences: rules of the validator no JSON Schema can express, so a document
# the schema accepts may still get exactly these messages from the validator (and only these).
DELIBERATE = [
    r"unknown country '",                  # the register is data (entries/countries.yml adds to it), not a schema
    r"unknown sea area '",                 # the same for seas (entries/seas.yml)
    r"source \d+ is out of range: this entry has",  # a source number against the length of `sources`
    r"cites source \d+, but this entry has",         # a [^N] marker in Markdown text, against `sources` too
    r"is not a source number",             # [^0], [^x]: inside Markdown text, which the schema leaves free
    r"is in the future \(build date",      # depends on the day of the build
    r" is before ",                        # one date field against another (end_date, closed_on, until, dissolved)
    r"range \[\d+, \d+\] has min greater than max",  # one item against the other
    r"tag '.*' (has no letter or digit|is too long)",  # the slug of a tag is computed
    r"the summary is still the placeholder",
    r"is a reserved id",                   # reserved ids in redirect_from
    r"cannot be in its own",               # needs the file's own id
    r"is also in claimed_by: a group does not claim",  # one list against another
    r"does not exist \(",                  # 2023-02-30: calendar arithmetic, not a pattern
]
# Fixture files the validator rejects for a reason that lies outside any schema: the file's YAML
# itself (the IDE's YAML parser reports these, not the schema), its name, or the other entries.
OUTSIDE_THE_SCHEMA = {
    "alias-bomb", "control-character", "deep-nesting", "duplicate-key", "empty-file", "file-too-large",
    "multiple-documents", "not-utf8", "top-level-not-mapping", "yaml-anchor-tag-merge", "yaml-tab-indentation",
    "yaml-unclosed-quote", "yaml-apostrophe-in-single-quotes", "yaml-unclosed-double-quote",
    "yaml-over-indented-key", "symlink-outside",
}


def validator_problems(kind: str, text: str) -> list:
    """Every message the validator gives one file, judged on its own."""
    problems = Problems()
    data = load_text(text, "entry.yml", problems)
    if data is not None:
        validate_entry(RawEntry(kind, "entry", Path("entry.yml"), "entry.yml", data), COUNTRIES, TODAY, problems)
    return [problem.message for problem in problems.items]


def ide_reads(text: str):
    return core_value(yaml.compose(text, Loader=yaml.BaseLoader))


def ecma(pattern: str) -> str:
    """A pattern as JavaScript reads it, where the IDE runs: a final `$` is the end of the text (Python's `$`
    also matches before a final line break). All our patterns end with `$`."""
    return re.sub(r"\$$", r"\\Z", pattern)


def _pattern_as_in_javascript(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not re.search(ecma(pattern), instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


IdeValidator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern_as_in_javascript})


def schema_accepts(kind: str, instance) -> bool:
    return IdeValidator(json_schema(kind)).is_valid(instance)


def deliberate(message: str) -> bool:
    return any(re.search(pattern, message) for pattern in DELIBERATE)


def fixture_files():
    for folder in ("errors", "basic", "views", "safety"):
        for path in sorted((FIXTURES / folder).glob("**/entries/*/*")):
            kind = KIND_FOLDERS.get(path.parent.name)
            case = path.relative_to(FIXTURES / folder).parts[0]
            if kind and path.is_file() and not path.is_symlink() and case not in OUTSIDE_THE_SCHEMA:
                yield pytest.param(kind, path, id=path.relative_to(FIXTURES).as_posix())


@pytest.mark.parametrize("kind, path", list(fixture_files()))
def test_validator_and_schema_agree_on_every_fixture_file(kind, path):
    messages = validator_problems(kind, path.read_text(encoding="utf-8-sig"))
    if schema_accepts(kind, read_as_ide(path)):
        assert [m for m in messages if not deliberate(m)] == [], "the schema accepts this file"
    else:
        assert messages, "the schema rejects this file; the validator accepts it"


@pytest.mark.parametrize("kind", sorted(set(KIND_FOLDERS.values())))
def test_an_explicit_null_means_the_same_to_both(kind):
    """The language server offers `null` for every optional field: it means the field is absent."""
    schema = json_schema(kind)
    optional = [name for name in schema["properties"] if name not in schema["required"]]
    text = {"group": "name: G\ntype: militia\n", "base": "name: B\ncountry: iraq\n",
            "attack": "date: 2024-01-01\nbase: tower-22\n"}[kind] + SOURCES
    for name in (name for name in optional if f"\n{name}:" not in "\n" + text):
        for written in ("null", "~", "Null", "NULL", ""):
            document = text + f"{name}: {written}\n"
            assert validator_problems(kind, document) == [], (name, written)
            assert schema_accepts(kind, ide_reads(document)), (name, written)


def test_a_quoted_null_is_text_and_a_plain_null_in_a_list_is_an_empty_item():
    group = "name: G\ntype: militia\n" + SOURCES
    assert validator_problems("group", group + "short_name: 'null'\n") == []
    assert validator_problems("group", group + "aliases: [a, null]\n") == [
        "the item is empty (YAML reads `null` or `~` as nothing)"]
    assert not schema_accepts("group", ide_reads(group + "aliases: [a, null]\n"))
    assert validator_problems("group", "name: ~\ntype: militia\n" + SOURCES) == [
        "'name' is required and cannot be empty"]


SOURCES = "summary: S.\nsources:\n  - publisher: P\n    title: T\n    url: https://example.org/\n"


def as_editor_writes(instance) -> str:
    return yaml.safe_dump(instance, allow_unicode=True, sort_keys=False)


def from_schema(schema: dict):
    """Documents a JSON Schema accepts, for the parts of JSON Schema ours use.

    (hypothesis-jsonschema 0.23.1, the newest, installs but fails inside the pinned Hypothesis
    6.170: `'many' object has no attribute 'more'`.)"""
    return _value(schema)


def _value(schema: dict):
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "anyOf" in schema and "properties" not in schema:
        return st.one_of([_value(option) for option in schema["anyOf"]])
    if "oneOf" in schema and "properties" not in schema:
        valid = jsonschema.Draft202012Validator(schema).is_valid
        return st.one_of([_value(option) for option in schema["oneOf"]]).filter(valid)
    kinds = schema.get("type", "string")
    return st.one_of([_of_type(kind, schema) for kind in ([kinds] if isinstance(kinds, str) else kinds)])


def _of_type(kind: str, schema: dict):
    if kind == "object":
        choices = schema.get("anyOf") or schema.get("oneOf") or [{"required": []}]
        return st.one_of([_object(schema, choice) for choice in choices])
    if kind == "array":
        if "prefixItems" in schema:
            return st.tuples(*map(_value, schema["prefixItems"])).map(list)
        items = _value(schema.get("items", {}))
        return st.lists(items, min_size=schema.get("minItems", 0), max_size=schema.get("maxItems", 3),
                        unique_by=repr if schema.get("uniqueItems") else None)
    if kind in ("integer", "number"):
        low, high = schema.get("minimum", -10**6), schema.get("maximum", 10**6)
        if kind == "integer":
            return st.integers(low, high)
        return st.floats(low, high, allow_nan=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    text = st.from_regex(ecma(schema["pattern"])) if "pattern" in schema else st.text()
    return text.filter(lambda value: len(value) >= schema.get("minLength", 0))


def _object(schema: dict, choice: dict):
    """An object with the fields one option of its anyOf/oneOf requires (and, for oneOf, none of the others')."""
    required = schema.get("required", []) + choice["required"]
    excluded = {name for other in schema.get("oneOf", []) for name in other["required"]} - set(required)
    optional = [name for name in schema["properties"] if name not in required and name not in excluded]
    written = {name for name, rule in choice.get("properties", {}).items() if rule == {"not": {"enum": [None, ""]}}}
    value = {name: _value(schema["properties"][name]) for name in schema["properties"]}
    value.update({name: value[name].filter(lambda v: v not in (None, "")) for name in written})
    return st.fixed_dictionaries({name: value[name] for name in required},
                                 optional={name: value[name] for name in optional})


@pytest.mark.parametrize("kind", sorted(set(KIND_FOLDERS.values())))
def test_documents_generated_from_the_schema_pass_the_validator(kind):
    @settings(max_examples=40, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
    @given(from_schema(json_schema(kind)))
    def check(instance):
        text = as_editor_writes(instance)
        assume(schema_accepts(kind, ide_reads(text)))  # PyYAML writes YAML 1.1: `0788` is text to it, 788 to the IDE
        assert [m for m in validator_problems(kind, text) if not deliberate(m)] == [], text

    check()
