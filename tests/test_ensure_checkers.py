"""scripts/ensure_checkers.sh, which `make test` runs: Java, Node.js and Lighthouse for the HTML checks."""

from __future__ import annotations

import os
import shutil
import subprocess

from conftest import ROOT

SCRIPT = ROOT / "scripts" / "ensure_checkers.sh"
TOOLS = ("bash", "cat", "cp", "cut", "dirname", "grep", "mkdir", "rm", "sha256sum")


def bare_path(tmp_path) -> str:
    """A PATH with the shell's basic tools, no java, node or npm, and an `id` that is not root (no apt-get)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for tool in TOOLS:
        (folder / tool).symlink_to(shutil.which(tool))
    fake_id = folder / "id"
    fake_id.write_text("#!/bin/sh\necho 1000\n")
    fake_id.chmod(0o755)
    return str(folder)


def run(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([shutil.which("bash"), str(SCRIPT)], env={**os.environ, **env}, capture_output=True,
                          text=True, timeout=120)


def test_missing_tools_are_named_with_how_to_install_them_and_tests_skip(tmp_path):
    result = run({"PATH": bare_path(tmp_path), "MILITIA_ATLAS_REQUIRE_BROWSER": ""})
    assert result.returncode == 0, result.stderr
    assert "apt-get install default-jre-headless" in result.stderr
    assert "apt-get install nodejs npm" in result.stderr
    assert "will be skipped" in result.stderr


def test_ci_stops_when_a_tool_is_missing(tmp_path):
    result = run({"PATH": bare_path(tmp_path), "MILITIA_ATLAS_REQUIRE_BROWSER": "1"})
    assert result.returncode == 1
    assert "MILITIA_ATLAS_REQUIRE_BROWSER=1" in result.stderr
