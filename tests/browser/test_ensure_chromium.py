"""scripts/ensure_chromium.sh, which `make test` runs first: says what to install when Chromium is missing."""

from __future__ import annotations

import os
import subprocess

from conftest import ROOT

SCRIPT = ROOT / "scripts" / "ensure_chromium.sh"


def run(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT)], env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=60)


def test_a_broken_chromium_path_is_explained_and_tests_skip(tmp_path):
    # CHROMIUM_PATH set: the script never reaches for apt-get, so this test installs nothing.
    result = run({"CHROMIUM_PATH": str(tmp_path / "no-chromium"), "MILITIA_ATLAS_REQUIRE_BROWSER": ""})
    assert result.returncode == 0
    assert "does not start a Chromium" in result.stderr
    assert "Install it with:" in result.stderr or "Install your system's chromium" in result.stderr
    assert "will be skipped" in result.stderr


def test_ci_stops_when_chromium_is_missing(tmp_path):
    result = run({"CHROMIUM_PATH": str(tmp_path / "no-chromium"), "MILITIA_ATLAS_REQUIRE_BROWSER": "1"})
    assert result.returncode == 1
    assert "MILITIA_ATLAS_REQUIRE_BROWSER=1" in result.stderr


def test_a_working_chromium_passes_quietly(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\necho 'Chromium 1.0'\n")
    fake.chmod(0o755)
    result = run({"CHROMIUM_PATH": str(fake)})
    assert result.returncode == 0 and result.stderr == ""
