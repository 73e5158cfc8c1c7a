"""Past MkDocs 1.6: the plugin builds the example site under ProperDocs, the maintained fork of MkDocs 1.x,
in its own venv without MkDocs (`make properdocs`, part of `make test`; docs-dev/FUTURE.md)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, copy_example

VENV = ROOT / ".venv-properdocs"
PROPERDOCS = VENV / "bin" / "properdocs"

if not PROPERDOCS.exists():
    if os.environ.get("CI") or os.environ.get("GITHUB_ACTIONS"):
        raise RuntimeError(f"{PROPERDOCS} is missing: `make test` makes it with `make properdocs`")
    pytest.skip(f"no {VENV.name}: run `make properdocs` (or `make test`) to create it", allow_module_level=True)


def in_venv(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "DISABLE_MKDOCS_2_WARNING": "true"}
    return subprocess.run([str(VENV / "bin" / args[0]), *args[1:]], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


def test_the_properdocs_venv_has_no_mkdocs():
    result = in_venv("python", "-c", "import importlib.util as u; print(u.find_spec('mkdocs'))", cwd=ROOT)
    assert result.stdout.strip() == "None", result.stdout + result.stderr
    versions = in_venv("python", "-m", "pip", "list", "--format", "freeze", cwd=ROOT).stdout
    assert "properdocs==1.6.7" in versions


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("properdocs"))
    result = in_venv("properdocs", "build", "--strict", "-f", "mkdocs.yml", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def tree(site: Path) -> set:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def without_generator(html: str) -> str:
    return re.sub(r'<meta name="generator" content="[^"]*">', "", html)


def test_properdocs_builds_the_same_site_as_mkdocs(properdocs_site, example_site):
    assert tree(properdocs_site) == tree(example_site)
    for page in ("index.html", "groups/kataib-hezbollah/index.html", "attacks/index.html", "map/index.html"):
        assert (properdocs_site / page).is_file(), page
        assert without_generator((properdocs_site / page).read_text(encoding="utf-8")) == \
            without_generator((example_site / page).read_text(encoding="utf-8")), page
    assert "ProperDocs 1.6.7" in (properdocs_site / "index.html").read_text(encoding="utf-8")


def test_the_command_line_works_with_properdocs_alone(tmp_path):
    root = copy_example(tmp_path / "example")
    result = in_venv("militia-atlas", "validate", cwd=root)
    assert result.returncode == 0 and "no errors" in result.stdout, result.stdout + result.stderr
    result = in_venv("militia-atlas", "build", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "site/groups/kataib-hezbollah/index.html").is_file()
    assert "ProperDocs" in (root / "site/index.html").read_text(encoding="utf-8")
