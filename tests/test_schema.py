"""The JSON Schemas: generated from the validator's own field list, committed, published, and in agreement.

An editor's IDE reads an entry with a YAML 1.2 parser (yaml-language-server), so here an
entry is read the same way before a standard validator (jsonschema) checks it: plain
`true` is a boolean, `12` a number, `2023-10-29` a string.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from textwrap import dedent

import jsonschema
import pytest
import yaml
from conftest import BIN, FIXTURES, ROOT, run_cli

from militia_atlas.core.schema import KIND_RECORDS, json_schema, schema_text
from militia_atlas.core.field_docs import fields_markdown

KIND_FOLDERS = {"groups": "group", "bases": "base", "attacks": "attack"}
ERRORS = FIXTURES / "errors"

# Cases whose rule JSON Schema can express: the schema must reject the files they name.
SCHEMA_CAN_EXPRESS = {
    "unknown-key", "missing-required", "wrong-type", "vocabulary", "latitude-out-of-range",
    "longitude-out-of-range", "negative-casualties", "source-without-url-or-citation", "javascript-url",
    "data-url", "relative-url", "base-and-location", "no-target", "empty-required-values", "duplicate-list-item",
    "bad-language-tag", "location-incomplete", "empty-list-items",
}
# Files the validator accepts and the schema cannot (none since plain `null` means nothing to both).
KNOWN_DISAGREEMENTS = set()


# -- reading YAML as an IDE does (YAML 1.2 core schema) ---------------------------------

CORE_NULL = re.compile(r"^(?:null|Null|NULL|~|)$")
CORE_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
CORE_INT = re.compile(r"^[-+]?[0-9]+$")
CORE_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")


def core_value(node):
    if isinstance(node, yaml.MappingNode):
        return {key.value: core_value(value) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [core_value(item) for item in node.value]
    text = node.value
    if node.style not in (None, ""):  # quoted or block: always a string
        return text
    if CORE_NULL.match(text):
        return None
    if text in CORE_BOOL:
        return CORE_BOOL[text]
    if CORE_INT.match(text):
        return int(text)
    if CORE_FLOAT.match(text):
        return float(text)
    return text


def read_as_ide(path: Path):
    return core_value(yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.BaseLoader))


def schema_errors(kind: str, instance) -> list:
    validator = jsonschema.Draft202012Validator(json_schema(kind))
    return [error.message for error in validator.iter_errors(instance)]


# -- generated, committed, published ------------------------------------------------

def test_committed_schemas_are_what_the_command_writes(tmp_path):
    run_cli("schema", "--out", str(tmp_path / "schemas"), cwd=tmp_path, check=True)
    for kind in KIND_RECORDS:
        written = (tmp_path / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
        committed = (ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
        assert written == schema_text(kind)
        assert committed == written, "schemas/ is out of date: run `militia-atlas schema --out schemas`"


def test_committed_field_reference_is_generated_from_the_field_list():
    committed = (ROOT / "content/editing/fields.md").read_text(encoding="utf-8")
    assert committed == fields_markdown(), (
        "content/editing/fields.md is out of date: run "
        "`militia-atlas schema --out schemas --fields-doc content/editing/fields.md`")


def test_field_reference_names_every_field_of_every_record():
    page = fields_markdown()
    for record in list(KIND_RECORDS.values()):
        for spec in record.fields:
            assert f"| `{spec.name}` |" in page
            inner = getattr(spec.type, "item", spec.type)
            for sub in getattr(inner, "fields", []):
                assert f"| `{sub.name}` |" in page, (record.name, spec.name, sub.name)


@pytest.mark.parametrize("kind", sorted(KIND_RECORDS))
def test_schemas_are_valid_draft_2020_12(kind):
    jsonschema.Draft202012Validator.check_schema(json_schema(kind))


def test_schemas_are_published_with_the_site(example_site):
    for kind in KIND_RECORDS:
        published = (example_site / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
        assert published == (ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")


def test_schema_documents_every_field():
    for kind, record in KIND_RECORDS.items():
        properties = json_schema(kind)["properties"]
        assert list(properties) == [spec.name for spec in record.fields]
        assert all(properties[name]["description"] for name in properties)


# -- agreement with the validator ---------------------------------------------------

def example_entries():
    return sorted((ROOT / "entries").glob("*/*.y*ml"))


@pytest.mark.parametrize("path", example_entries(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_example_entry_passes_its_schema(path):
    assert schema_errors(KIND_FOLDERS[path.parent.name], read_as_ide(path)) == []


def test_standard_cli_validator_agrees_on_the_example_entries():
    for folder, kind in KIND_FOLDERS.items():
        files = sorted(str(p) for p in (ROOT / "entries" / folder).glob("*.yml"))
        result = subprocess.run([str(BIN / "check-jsonschema"), "--schemafile",
                                 str(ROOT / "schemas" / f"{kind}.schema.json"), *files],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr


def fixture_files():
    for case in sorted(p for p in ERRORS.iterdir() if p.is_dir()):
        named = {line.split(":", 1)[0] for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines()}
        for folder, kind in KIND_FOLDERS.items():
            for path in sorted((case / "entries" / folder).glob("*")):
                if path.is_file() and not path.is_symlink():
                    relative = path.relative_to(case).as_posix()
                    yield pytest.param(case.name, kind, path, relative in named, id=f"{case.name}/{relative}")


@pytest.mark.parametrize("case, kind, path, validator_rejects", list(fixture_files()))
def test_schema_and_validator_agree_on_the_fixtures(case, kind, path, validator_rejects):
    if f"{case}/{path.relative_to(ERRORS / case).as_posix()}" in KNOWN_DISAGREEMENTS:
        assert not validator_rejects and schema_errors(kind, read_as_ide(path))  # still a disagreement
        return
    if not validator_rejects:
        assert schema_errors(kind, read_as_ide(path)) == [], "the validator accepts this file; the schema must too"
    elif case in SCHEMA_CAN_EXPRESS:
        assert schema_errors(kind, read_as_ide(path)), "the validator rejects this file; the schema must too"


def test_a_full_entry_of_every_kind_passes_both(tmp_path, monkeypatch):
    from militia_atlas.publish.config import quick_settings
    from militia_atlas.core.engine import check

    files = {
        "entries/groups/umbrella.yml": "name: Umbrella\ntype: umbrella\nsummary: U.\n" + SOURCES,
        "entries/groups/full-group.yml": """\
            name: Full Group
            short_name: FG
            aliases: [The Full, 1e3]
            native_name: مجموعة
            native_name_lang: ar-IQ
            type: militia
            founded: 2003
            dissolved: 2020-05
            countries: [iraq, syria]
            member_of: [umbrella]
            front_for: []
            backed_by: [umbrella]
            leaders:
              - name: A Leader
                role: founder
                since: 2003-01-01
                until: 2019
            designations:
              - {by: Someone, designation: Something, date: 2009-06-24}
            summary: |
              Text with [[umbrella]].
            sources:
              - publisher: P
                title: T
                citation: A book, page 3.
                author: Au
                date: 2020
                archive_url: https://web.archive.org/x
                accessed: 2023-11-01
            tags: [a tag]
            draft: false
            internal_notes: notes
            redirect_from: [old-full-group]
            updated: 2024-01
            """,
        "entries/bases/full-base.yml": dedent("""\
            name: Full Base
            aliases: [FB]
            country: iraq
            province: Anbar
            coordinates: [33.8, -42]
            coordinates_precision: exact
            garrison: [U.S. forces]
            kind: air-base
            status: handed-over
            opened: 2003
            closed_on: 2021-12-09
            summary: A base.
            """) + SOURCES,
        "entries/attacks/2023-10-01-full.yml": dedent("""\
            date: 2023-10-01
            approximate: true
            end_date: 2023-10-02
            title: A title
            location: {name: Somewhere, country: syria, province: Hasakah, coordinates: [36.5, 40.7]}
            claimed_by: [full-group]
            confirmation: claim-only
            attributed_to: [umbrella]
            weapons: [drone, cruise-missile]
            outcome: intercepted
            killed: 0
            wounded: [2, 5]
            casualty_note: Soldiers.
            summary: An attack.
            """) + SOURCES,
    }
    from conftest import write_tree

    write_tree(tmp_path, {"mkdocs.yml": "site_name: t\ndocs_dir: content\nplugins: [militia-atlas]\n", **files})
    (tmp_path / "content").mkdir()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    _, problems = check(quick_settings(tmp_path / "mkdocs.yml"))
    assert [str(p) for p in problems] == []
    for relative in files:
        path = tmp_path / relative
        assert schema_errors(KIND_FOLDERS[path.parent.name], read_as_ide(path)) == [], relative


SOURCES = """\
sources:
  - publisher: Reuters
    title: A report
    url: https://example.org/report
"""


def test_schema_flags_the_mistakes_an_ide_should_underline():
    base = {"name": "B", "country": "iraq", "summary": "S",
            "sources": [{"publisher": "P", "title": "T", "url": "https://x.org"}]}
    assert schema_errors("base", base) == []
    for change in ({"coordinates": [91, 0]}, {"coordinates": [0, 181]}, {"kind": "airbase"},
                   {"opened": "2023-13"}, {"aliases": ["a", "a"]}, {"status": None, "extra": 1},
                   {"sources": []}, {"sources": [{"publisher": "P", "title": "T"}]},
                   {"sources": [{"publisher": "P", "title": "T", "url": "javascript:alert(1)"}]}):
        assert schema_errors("base", {**base, **change}), change
    assert schema_errors("base", {**base, "status": None}) == []  # `status:` left empty is allowed


def test_schema_json_is_stable_and_sorted():
    for kind in KIND_RECORDS:
        text = schema_text(kind)
        assert json.loads(text) == json_schema(kind)
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
