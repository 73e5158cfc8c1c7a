"""The plugin's settings: `validate` reads them through the same typed config the build uses."""

from __future__ import annotations

import pytest

from conftest import MINIMAL_MKDOCS, copy_fixture, run_cli


def with_plugin_options(root, options: str):
    text = MINIMAL_MKDOCS.replace("  - militia-atlas\n", "  - militia-atlas:\n" + options)
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("options, expected", [
    ("      per_page: 0\n", "per_page: must be 1 or more"),
    ("      per_page: -3\n", "per_page: must be 1 or more"),
    ("      per_page: many\n", "per_page: Expected type: <class 'int'>"),
    ("      entriez: entries\n", "entriez: unknown option (did you mean 'entries'?)"),
    ("      drafts: maybe\n", "drafts: Expected type: <class 'bool'>"),
])
def test_validate_refuses_plugin_settings_the_build_refuses(tmp_path, options, expected):
    root = with_plugin_options(copy_fixture("basic", tmp_path / "site-src"), options)
    validated = run_cli("validate", cwd=root)
    assert validated.returncode == 2, validated.stdout
    assert "Traceback" not in validated.stdout + validated.stderr
    assert f"error: mkdocs.yml: plugin militia-atlas: {expected}" in validated.stderr
    built = run_cli("build", cwd=root)
    assert built.returncode != 0
    assert "Traceback" not in built.stdout + built.stderr
    assert not (root / "site").exists()


def test_good_plugin_settings_pass_validate(tmp_path):
    root = with_plugin_options(copy_fixture("basic", tmp_path / "site-src"), "      per_page: 1\n      drafts: false\n")
    validated = run_cli("validate", cwd=root)
    assert validated.returncode == 0, validated.stdout + validated.stderr
