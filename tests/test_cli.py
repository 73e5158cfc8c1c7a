"""The command line never answers a mistake with a traceback."""

from __future__ import annotations

import pytest

from conftest import copy_fixture, run_cli


def test_no_mkdocs_yml_is_explained(tmp_path):
    result = run_cli("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert "cannot find mkdocs.yml in the current folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_mkdocs_yml_is_explained(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: [unclosed\n")
    for command in ("validate", "build", "generate"):
        args = (command, "--out", str(tmp_path / "out")) if command == "generate" else (command,)
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode in (1, 2), command
        assert "mkdocs.yml" in result.stderr and "Traceback" not in result.stderr, command


def test_config_file_option_finds_the_site_from_elsewhere(tmp_path):
    root = copy_fixture("basic", tmp_path / "site-src")
    result = run_cli("-f", str(root / "mkdocs.yml"), "validate", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 groups, 1 bases, 3 attacks, 1 articles" in result.stdout


def test_generate_reports_entry_errors_without_writing(tmp_path):
    root = copy_fixture("basic", tmp_path / "site-src")
    (root / "entries/groups/sponsor-corps.yml").write_text("name: Sponsor\n")
    result = run_cli("generate", "--out", str(tmp_path / "out"), cwd=root)
    assert result.returncode == 1
    assert "entries/groups/sponsor-corps.yml:1:1: missing required field 'type'" in result.stderr
    assert not (tmp_path / "out").exists()


# -- -f/--config-file before and after every command ------------------------------------

MINIMAL_ARGUMENTS = {  # what each command needs besides -f, to parse
    "validate": [], "build": [], "generate": ["--out", "out"], "new": ["group", "--name", "X"],
    "schema": [], "diff": ["origin/main"], "check-links": [], "synth": ["--attacks", "5"],
    "import": ["acled", "rows.csv"],
}


def commands_of(parser) -> dict:
    import argparse

    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices


def test_every_command_is_listed_here():
    from militia_atlas.commands.cli import build_parser

    assert set(commands_of(build_parser())) == set(MINIMAL_ARGUMENTS)


@pytest.mark.parametrize("command", sorted(MINIMAL_ARGUMENTS))
@pytest.mark.parametrize("spelling", ["-f", "--config-file"])
def test_config_file_is_accepted_before_and_after_every_command(command, spelling):
    from militia_atlas.commands.cli import build_parser

    rest = MINIMAL_ARGUMENTS[command]
    for words in ([spelling, "site/mkdocs.yml", command, *rest], [command, spelling, "site/mkdocs.yml", *rest],
                  [command, *rest, spelling, "site/mkdocs.yml"]):
        args = build_parser().parse_args(words)
        assert args.command == command and args.config_file == "site/mkdocs.yml", words
    assert build_parser().parse_args([command, *rest]).config_file is None


def test_generate_and_build_take_the_config_file_after_the_command(tmp_path):
    root = copy_fixture("basic", tmp_path / "site-src")
    result = run_cli("generate", "-f", str(root / "mkdocs.yml"), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "out" / "mkdocs.yml").is_file()
    result = run_cli("build", "-f", str(root / "mkdocs.yml"), "--site-dir", str(tmp_path / "built"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "built" / "index.html").is_file()
    result = run_cli("new", "base", "-f", str(root / "mkdocs.yml"), "--name", "Camp Elsewhere", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "entries" / "bases" / "camp-elsewhere.yml").is_file()
