"""`militia-atlas validate`: every bad input a fixture, every message and line exact.

Each folder under tests/fixtures/errors/ is a small site; its expected.txt holds the exact
lines `validate` prints for it, one problem a line (empty: the site is valid). Most cases
run the engine in-process (the same `check` the command calls); a handful run the real
command, so the printed format, the count line and the exit code are checked too.
"""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, copy_fixture, run_cli, write_tree

from militia_atlas.publish.config import quick_settings
from militia_atlas.core.engine import check

ERROR_CASES = sorted(p.name for p in (FIXTURES / "errors").iterdir() if p.is_dir())
THROUGH_THE_CLI = {"yaml-tab-indentation", "unknown-reference", "future-date", "bom-accepted", "symlink-outside",
                   "alias-bomb", "broken-page-links", "template-replaces-nothing"}
BUILD_DAY = "1767225600"  # 2026-01-01, as run_cli sets it

VALID_GROUP = """\
name: Alpha Group
type: militia
summary: A group.
sources:
  - publisher: Reuters
    title: A report
    url: https://example.org/report
"""


def expected_lines(case: str) -> list:
    return (FIXTURES / "errors" / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def validate_in_process(root, monkeypatch) -> list:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY)
    _, problems = check(quick_settings(root / "mkdocs.yml"))
    return [str(problem) for problem in problems]


def count_line(count: int) -> str:
    return f"{count} error{'s' if count != 1 else ''} found"


@pytest.mark.parametrize("case", ERROR_CASES)
def test_error_case_reports_exactly_the_expected_lines(case, tmp_path, monkeypatch):
    root = copy_fixture(f"errors/{case}", tmp_path / case)
    (root / "expected.txt").unlink()
    expected = expected_lines(case)
    if case in THROUGH_THE_CLI:
        result = run_cli("validate", cwd=root)
        assert "Traceback" not in result.stdout + result.stderr
        if expected:
            assert result.returncode == 1
            assert result.stdout.splitlines() == expected + [count_line(len(expected))]
        else:
            assert result.returncode == 0, result.stdout
            assert result.stdout.startswith("ok: ")
    else:
        assert validate_in_process(root, monkeypatch) == expected


def test_every_listed_case_of_the_issue_has_a_fixture():
    wanted = {
        "yaml-tab-indentation", "yaml-unclosed-quote", "empty-file", "top-level-not-mapping", "not-utf8",
        "bom-accepted", "duplicate-key", "text-kept-as-written", "unknown-key", "missing-required", "wrong-type",
        "vocabulary", "id-uppercase", "id-spaces", "id-dots", "duplicate-id-across-kinds",
        "duplicate-id-extensions", "duplicate-id-case", "unknown-reference", "own-umbrella", "member-of-cycle",
        "impossible-date", "end-date-before-date", "future-date", "latitude-out-of-range",
        "longitude-out-of-range", "negative-casualties", "casualty-range-reversed",
        "source-without-url-or-citation", "javascript-url", "data-url", "relative-url", "base-and-location",
        "no-target", "unknown-link-in-summary", "unknown-link-in-article", "alias-bomb", "file-too-large",
        "symlink-outside", "vessel-and-base", "location-country-and-sea", "unknown-sea", "bad-imo",
        "sea-slug-reserved", "unknown-vessel", "location-incomplete", "all-errors-at-once",
    }
    assert wanted <= set(ERROR_CASES)
    for case in ERROR_CASES:
        assert (FIXTURES / "errors" / case / "expected.txt").is_file(), case


def test_duplicate_key_names_both_lines():
    (line,) = expected_lines("duplicate-key")
    assert line.startswith("entries/groups/twice.yml:4:1: ")
    assert "first on line 1, again on line 4" in line


def test_a_symlink_inside_entries_is_fine_and_one_leading_outside_is_not(tmp_path, monkeypatch):
    root = copy_fixture("errors/symlink-outside", tmp_path / "site")
    assert (root / "entries/groups/linked.yml").is_symlink()
    (root / "entries/groups/linked.yml").unlink()
    (root / "entries/groups/real.yml").write_text(VALID_GROUP, encoding="utf-8")
    (root / "entries/groups/linked.yml").symlink_to("real.yml")
    assert validate_in_process(root, monkeypatch) == []


def test_the_alias_bomb_is_refused(tmp_path, monkeypatch):
    root = copy_fixture("errors/alias-bomb", tmp_path / "site")
    problems = validate_in_process(root, monkeypatch)
    assert problems == expected_lines("alias-bomb")


def test_a_bad_file_causes_no_cascade_of_unknown_ids(tmp_path, monkeypatch):
    write_tree(tmp_path, {"mkdocs.yml": "site_name: t\ndocs_dir: content\nplugins: [militia-atlas]\n",
                          "entries/groups/alpha-group.yml": "name: Alpha Group\n",  # invalid: much is missing
                          "entries/groups/beta-group.yml": VALID_GROUP + "member_of: [alpha-group]\n",
                          "content/note.md": "See [[alpha-group]].\n"})
    problems = validate_in_process(tmp_path, monkeypatch)
    assert problems and all(p.startswith("entries/groups/alpha-group.yml:") for p in problems), problems


def test_all_problems_of_all_files_are_reported_in_one_run(tmp_path, monkeypatch):
    root = tmp_path
    write_tree(root, {"mkdocs.yml": "site_name: t\ndocs_dir: content\nplugins: [militia-atlas]\n"})
    cases = ("unknown-key", "no-target", "id-spaces", "not-utf8", "duplicate-key", "yaml-tab-indentation")
    for case in cases:  # no two of these share a file name
        copy_fixture(f"errors/{case}", root)
    expected = sorted(line for case in cases for line in expected_lines(case))
    assert len(expected) == 8
    assert validate_in_process(root, monkeypatch) == expected


def test_json_format_for_tools(tmp_path):
    root = copy_fixture("errors/vocabulary", tmp_path / "site")
    result = run_cli("validate", "--format", "json", cwd=root)
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert problems[0] == {
        "file": "entries/attacks/2023-10-01-test-base.yml", "line": 3, "col": 11, "field": "weapons[0]",
        "message": "'drones' is not one of the allowed words", "hint": "did you mean 'drone'?",
    }
    assert len(problems) == len(expected_lines("vocabulary"))


def test_json_format_on_a_valid_site_is_an_empty_list(tmp_path):
    root = copy_fixture("errors/bom-accepted", tmp_path / "site")
    result = run_cli("validate", "--format", "json", cwd=root)
    assert (result.returncode, json.loads(result.stdout)) == (0, [])


def test_github_actions_annotations(tmp_path):
    root = copy_fixture("errors/vocabulary", tmp_path / "site")
    result = run_cli("validate", cwd=root, env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first == ("::error file=entries/attacks/2023-10-01-test-base.yml,line=3,col=11::weapons[0]: "
                     "'drones' is not one of the allowed words (did you mean 'drone'?)")
    assert len(result.stdout.splitlines()) == len(expected_lines("vocabulary"))
    assert count_line(3) in result.stderr


def test_github_annotations_escape_what_would_break_the_command(tmp_path):
    from militia_atlas.core.problems import Problem, as_github_annotations

    line = as_github_annotations([Problem("a,b:c.yml", "50% off\nnext", "x", (), 2, 3)])
    assert line == "::error file=a%2Cb%3Ac.yml,line=2,col=3::50%25 off%0Anext (x)"


def test_config_file_option(tmp_path):
    root = copy_fixture("errors/no-target", tmp_path / "site")
    result = run_cli("validate", "-f", str(root / "mkdocs.yml"), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == expected_lines("no-target")[0]


def test_example_site_validates():
    from conftest import ROOT

    result = run_cli("validate", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
