"""Past MkDocs 1.6 without plugins: `generate` output builds with Zensical as the registry serves it (0.0.73),
in its own venv (`make zensical`, part of `make test`; docs-dev/FUTURE.md)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, copy_example, run_cli

VENV = ROOT / ".venv-zensical"
ZENSICAL = VENV / "bin" / "zensical"

if not ZENSICAL.exists():
    if os.environ.get("CI") or os.environ.get("GITHUB_ACTIONS"):
        raise RuntimeError(f"{ZENSICAL} is missing: `make test` makes it with `make zensical`")
    pytest.skip(f"no {VENV.name}: run `make zensical` (or `make test`) to create it", allow_module_level=True)


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("zensical") / "example")
    out = root.parent / "generated"
    run_cli("generate", "--out", str(out), cwd=root, check=True)
    result = subprocess.run([str(ZENSICAL), "build", "-f", "mkdocs.yml"], cwd=out, capture_output=True, text=True,
                            timeout=600, env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"})
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "site"


def pages(site: Path) -> set:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_zensical_is_the_pinned_version():
    result = subprocess.run([str(ZENSICAL), "--version"], capture_output=True, text=True, timeout=60)
    assert "0.0.73" in result.stdout


def test_zensical_builds_every_page_of_the_generated_tree(zensical_site, example_site):
    assert pages(zensical_site) == pages(example_site)
    group = (zensical_site / "groups/kataib-hezbollah/index.html").read_text(encoding="utf-8")
    assert "Kata'ib Hezbollah" in group or "Kata&#39;ib Hezbollah" in group
    attack_ids = {p.stem for p in (ROOT / "entries/attacks").glob("*.yml")}
    assert attack_ids and all(f"attacks/{ident}/index.html" in pages(zensical_site) for ident in attack_ids)


def test_zensical_keeps_font_false(zensical_site):
    for page in ("index.html", "groups/kataib-hezbollah/index.html"):
        html = (zensical_site / page).read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html
