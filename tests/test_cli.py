"""The command line never answers a mistake with a traceback."""

from __future__ import annotations

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
