"""Swapped coordinates (issue 16 item 5): a point outside its entry's country is a warning, with the swap
suggested when the swapped point falls inside; never an error, and no check without the outlines."""

from __future__ import annotations

from conftest import MINIMAL_MKDOCS, ROOT, copy_example, run_cli, run_mkdocs, write_tree

from militia_atlas.core.engine import check
from militia_atlas.core.outlines import coordinate_warnings
from militia_atlas.publish.config import quick_settings

SOURCES = """\
summary: S.
sources:
  - publisher: Reuters
    title: A report
    url: https://example.org/report
"""
TOWER_22 = "name: Tower 22\ncountry: jordan\ncoordinates: [38.71, 33.32]\n" + SOURCES
AIR_BASE = "name: An Air Base\ncountry: iraq\ncoordinates: [33.80, 42.44]\n" + SOURCES
ATTACK = ("date: 2024-01-28\nlocation:\n  name: Somewhere\n  country: syria\n  coordinates: [31.0, 35.0]\n"
          + SOURCES)
WARNING_22 = ("entries/bases/tower-22.yml:3:1: warning: coordinates: [38.71, 33.32] is outside Jordan "
              "(did you swap latitude and longitude? [33.32, 38.71] is in Jordan)")


def site(tmp_path, files: dict):
    return write_tree(tmp_path / "site", {"mkdocs.yml": MINIMAL_MKDOCS, "content/notes.md": "# Notes\n", **files})


def test_swapped_coordinates_are_a_warning_with_the_swap(tmp_path):
    root = site(tmp_path, {"entries/bases/tower-22.yml": TOWER_22, "entries/bases/an-air-base.yml": AIR_BASE})
    result = run_cli("validate", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert WARNING_22 in result.stdout.splitlines()
    assert result.stdout.splitlines()[-1].endswith("no errors, 1 warning")


def test_an_attack_location_outside_its_country_is_a_warning_without_a_swap_when_that_does_not_help(tmp_path):
    root = site(tmp_path, {"entries/attacks/2024-01-28-somewhere.yml": ATTACK})
    result = run_cli("validate", cwd=root)
    assert result.returncode == 0
    assert ("entries/attacks/2024-01-28-somewhere.yml:5:3: warning: location.coordinates: [31.0, 35.0] is "
            "outside Syria (check the coordinates and the country)") in result.stdout.splitlines()


def test_a_point_near_a_border_or_coast_is_fine_and_so_is_every_example_entry(tmp_path):
    near = "name: Near\ncountry: iraq\ncoordinates: [36.39, 42.45]\n" + SOURCES  # by the Syrian border
    root = site(tmp_path, {"entries/bases/near.yml": near, "entries/bases/an-air-base.yml": AIR_BASE})
    assert "warning" not in run_cli("validate", cwd=root).stdout
    example = copy_example(tmp_path / "example")
    result = run_cli("validate", cwd=example)
    assert result.returncode == 0 and "warning" not in result.stdout, result.stdout


def test_without_the_outlines_the_check_is_skipped_quietly(tmp_path, monkeypatch):
    root = site(tmp_path, {"entries/bases/tower-22.yml": TOWER_22})
    checked, problems = check(quick_settings(root / "mkdocs.yml"))
    assert problems == [] and len(coordinate_warnings(checked, root)) == 1
    monkeypatch.setenv("MILITIA_ATLAS_VENDOR", str(tmp_path / "nothing"))
    assert coordinate_warnings(checked, root) == []


def test_github_format_makes_a_warning_annotation(tmp_path):
    root = site(tmp_path, {"entries/bases/tower-22.yml": TOWER_22})
    result = run_cli("validate", "--format", "github", cwd=root)
    assert result.returncode == 0
    assert "::warning file=entries/bases/tower-22.yml,line=3,col=1::coordinates: [38.71, 33.32] is outside" \
        in result.stdout


def test_the_strict_build_logs_the_warning_and_does_not_fail(tmp_path):
    root = site(tmp_path, {"entries/bases/tower-22.yml": TOWER_22})
    result = run_mkdocs("build", "--strict", cwd=root, env={"MILITIA_ATLAS_VENDOR": str(ROOT / "vendor/npm")})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "INFO    -  militia_atlas: " + WARNING_22 in result.stderr.splitlines(), result.stderr[-3000:]
