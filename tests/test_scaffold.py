"""`militia-atlas new`: scaffolds with every required field, today's date, a schema line; never overwriting."""

from __future__ import annotations

import shutil

import jsonschema
import pytest
from conftest import ROOT, copy_fixture, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from test_schema import read_as_ide

from militia_atlas.core.yaml_reader import parse_yaml
from militia_atlas.core.text import yaml_string
from militia_atlas.core.schema import KIND_RECORDS, json_schema
from militia_atlas.core.fields import SUMMARY_PLACEHOLDER

TODAY = "2026-01-01"  # run_cli's SOURCE_DATE_EPOCH


@pytest.fixture
def site(tmp_path):
    """A valid little site (one group) with the project's schemas/ folder."""
    root = copy_fixture("errors/bom-accepted", tmp_path / "site")
    (root / "expected.txt").unlink()
    shutil.copytree(ROOT / "schemas", root / "schemas")
    (root / "entries/bases").mkdir()
    (root / "entries/bases/test-base.yml").write_text(
        "name: Test Base\ncountry: iraq\nsummary: A base.\nsources:\n"
        "  - publisher: Reuters\n    title: A report\n    url: https://example.org/report\n", encoding="utf-8")
    return root


def new(root, *args):
    result = run_cli("new", *args, cwd=root)
    assert "Traceback" not in result.stderr
    return result


def fill_placeholders(text: str) -> str:
    return (text.replace(SUMMARY_PLACEHOLDER, "Our own summary.")
            .replace('type: ""', "type: militia").replace('country: ""', "country: syria")
            .replace('base: ""', "base: test-base").replace('publisher: ""', "publisher: Reuters")
            .replace('title: ""', "title: A report").replace('url: ""', "url: https://example.org/r")
            .replace('name: ""', "name: A Name").replace('kind: ""', "kind: merchant"))


UNFILLED_ERRORS = {
    "group": ["3:1: name: 'name' is required and cannot be empty (fill in text)",
              "4:1: type: 'type' is required and cannot be empty (fill in one of `militia`, `umbrella`, `front`, "
              "`state-force`, `other`)"],
    "base": ["3:1: name: 'name' is required and cannot be empty (fill in text)",
             "4:1: country: 'country' is required and cannot be empty (fill in country slug)"],
    "vessel": ["3:1: name: 'name' is required and cannot be empty (fill in text)",
               "4:1: kind: 'kind' is required and cannot be empty (fill in one of `merchant`, `naval`)"],
    "attack": ["3:1: an attack needs a target: `base`, `vessel` or `location` (add `base: <base id>`, "
               "`vessel: <vessel id>`, or `location: {name: ..., country: ...}` (at sea, `sea:` instead of "
               "`country:`))"],
}
COMMON_UNFILLED = [
    "5:1: summary: the summary is still the placeholder written by `militia-atlas new` "
    "(replace it with a summary in your own words)",
    "8:5: sources[0].publisher: 'publisher' is required and cannot be empty (fill in text)",
    "8:5: sources[0]: a source needs a `url` or a `citation` (add the web address, or a full citation for "
    "printed or offline sources)",
    "9:5: sources[0].title: 'title' is required and cannot be empty (fill in text)",
]
NEW_IDS = {"group": "new-group", "base": "new-base", "vessel": "new-vessel", "attack": f"{TODAY}-new-place"}


@pytest.mark.parametrize("kind", sorted(KIND_RECORDS))
def test_scaffold_has_schema_line_required_fields_and_todays_date(site, kind):
    result = new(site, kind, NEW_IDS[kind])
    assert result.returncode == 0, result.stderr
    path = site / "entries" / f"{kind}s" / f"{NEW_IDS[kind]}.yml"
    assert result.stdout.strip() == str(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"
    assert (path.parent / "../../schemas" / f"{kind}.schema.json").resolve().is_file()
    data = parse_yaml(path.read_text(encoding="utf-8"))
    required = [spec.name for spec in KIND_RECORDS[kind].fields if spec.required]
    assert set(required) <= set(data)
    assert data["sources"][0]["accessed"] == TODAY
    if kind == "attack":
        assert data["date"] == TODAY and "base" in data


@pytest.mark.parametrize("kind", sorted(KIND_RECORDS))
def test_an_unfilled_scaffold_gives_clear_errors(site, kind):
    new(site, kind, NEW_IDS[kind])
    result = run_cli("validate", cwd=site)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    file = f"entries/{kind}s/{NEW_IDS[kind]}.yml:"
    expected = [file + line for line in UNFILLED_ERRORS[kind] + COMMON_UNFILLED]
    assert result.stdout.splitlines()[:-1] == sorted(expected, key=_line_order)


def _line_order(text: str):
    _, line, col, _ = text.split(":", 3)
    return int(line), int(col)


@pytest.mark.parametrize("kind", sorted(KIND_RECORDS))
def test_a_filled_in_scaffold_validates_and_passes_its_schema(site, kind):
    new(site, kind, NEW_IDS[kind])
    path = site / "entries" / f"{kind}s" / f"{NEW_IDS[kind]}.yml"
    unfilled = read_as_ide(path)
    path.write_text(fill_placeholders(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_cli("validate", cwd=site)
    assert result.returncode == 0, result.stdout
    validator = jsonschema.Draft202012Validator(json_schema(kind))
    assert list(validator.iter_errors(read_as_ide(path))) == []
    assert list(validator.iter_errors(unfilled)), "the IDE should flag the unfilled scaffold too"


def test_fields_on_the_command_line_are_written_and_checked(site):
    result = new(site, "attack", "--name", "Test Base", "date=2023-10-29", "base=test-base",
                 "weapons=drone,rocket", "killed=1,3", "confirmation=claim-only")
    assert result.returncode == 0, result.stderr
    path = site / "entries/attacks/2023-10-29-test-base.yml"
    data = parse_yaml(path.read_text(encoding="utf-8"))
    assert (data["date"], data["base"], data["weapons"], data["killed"]) == (
        "2023-10-29", "test-base", ["drone", "rocket"], ["1", "3"])
    path.write_text(fill_placeholders(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert run_cli("validate", cwd=site).returncode == 0


def test_a_name_with_quotes_and_apostrophes_is_written_exactly(site):
    result = new(site, "group", "--name", "Kata'ib \"Test\": Ḥezbollah", "aliases=KT, Kata'ib")
    assert result.returncode == 0, result.stderr
    path = site / "entries/groups/kataib-test-hezbollah.yml"
    data = parse_yaml(path.read_text(encoding="utf-8"))
    assert data["name"] == "Kata'ib \"Test\": Ḥezbollah" and data["aliases"] == ["KT", "Kata'ib"]


def test_bad_fields_are_refused_and_nothing_is_written(site):
    result = new(site, "attack", "weapons=drones", "kiled=2", "location=Erbil")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: weapons[0]: 'drones' is not one of the allowed words (did you mean 'drone'?); "
        "kiled: unknown field 'kiled' (did you mean 'killed'?); "
        "location: 'location' has fields of its own (fill it in in the file)")
    assert not (site / "entries/attacks").exists()


@pytest.mark.parametrize("kind, ident", [("group", "alpha-group"), ("base", "with-bom"), ("attack", "old-name"),
                                         ("group", "with-bom")])
def test_never_overwrites_an_id_in_any_kind_extension_or_case(site, kind, ident):
    existing = site / "entries/groups/with-bom.yml"
    before = existing.read_bytes()
    (site / "entries/groups/alpha-group.yaml").write_text("name: x\n", encoding="utf-8")
    (site / "entries/bases/Old-Name.yml").write_text("name: x\n", encoding="utf-8")
    result = new(site, kind, ident)
    assert result.returncode == 1
    assert "already exists; nothing was written" in result.stderr
    assert existing.read_bytes() == before
    assert (site / "entries/groups/alpha-group.yaml").read_text() == "name: x\n"


def test_an_invalid_id_is_refused_with_a_suggestion(site):
    result = new(site, "group", "Kataib Hezbollah")
    assert result.returncode == 2
    assert "did you mean 'kataib-hezbollah'?" in result.stderr
    result = new(site, "group", "index")
    assert result.returncode == 2 and "is not a valid id" in result.stderr


def test_a_group_needs_an_id_or_a_name(site):
    result = new(site, "group")
    assert (result.returncode, result.stderr.strip()) == (2, "error: give the new group an id or a --name")


def test_without_a_local_schemas_folder_the_published_schema_is_used(site):
    shutil.rmtree(site / "schemas")
    new(site, "base", "new-base")
    first = (site / "entries/bases/new-base.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=https://example.org/atlas/schemas/base.schema.json"


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_yaml_string_reads_back_exactly(text):
    assert parse_yaml(f"a: {yaml_string(text)}\n") == {"a": text}


def test_an_unknown_base_or_group_is_refused_with_a_suggestion_and_nothing_is_written(site):
    result = new(site, "attack", "date=2024-01-28", "base=test-bse", "claimed_by=with-bom,nobody-here")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: base: no base 'test-bse' in entries/bases/ (did you mean 'test-base'?); "
        "claimed_by[1]: no group 'nobody-here' in entries/groups/ "
        "(add it first with `militia-atlas new group nobody-here`, or check the id)")
    assert not (site / "entries/attacks").exists()
    result = new(site, "group", "new-front", "member_of=with-bomb")
    assert result.returncode == 2
    assert "member_of[0]: no group 'with-bomb' in entries/groups/ (did you mean 'with-bom'?)" in result.stderr
    assert not (site / "entries/groups/new-front.yml").exists()


def test_a_date_filled_in_for_the_editor_is_said(site):
    result = new(site, "attack", "base=test-base")
    assert result.returncode == 0, result.stderr
    assert f"date: {TODAY} (today; change it if the attack was on another day)" in result.stderr
    result = new(site, "attack", "date=2024-01-28", "base=test-base")
    assert result.returncode == 0, result.stderr
    assert "today" not in result.stderr


def test_an_old_id_from_redirect_from_is_accepted_as_validate_accepts_it(site):
    base = site / "entries/bases/test-base.yml"
    base.write_text(base.read_text(encoding="utf-8") + "redirect_from: [old-test-base]\n", encoding="utf-8")
    result = new(site, "attack", "date=2024-01-28", "base=old-test-base")
    assert result.returncode == 0, result.stderr
