"""scripts/preview_size.py: does the built site fit in a Cloudflare Pages deployment (20,000 files)?"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

SCRIPT = ROOT / "scripts" / "preview_size.py"


def site_of(root: Path, files: int) -> Path:
    root.mkdir(parents=True)
    (root / "index.html").write_text("<p>home</p>", encoding="utf-8")
    for number in range(files - 1):
        path = root / f"section-{number % 3}" / f"page-{number}" / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("<p>page</p>", encoding="utf-8")
    return root


def run(site: Path, *args: str, output: Path | None = None) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", **({"GITHUB_OUTPUT": str(output)} if output else {})}
    return subprocess.run([sys.executable, str(SCRIPT), str(site), *args], capture_output=True, text=True,
                          env=env, timeout=60)


def outputs(path: Path) -> dict:
    return dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines())


def test_a_site_within_the_limit_fits(tmp_path):
    site = site_of(tmp_path / "site", 12)
    result = run(site, "--limit", "12", output=tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert outputs(tmp_path / "out") == {"files": "12", "limit": "12", "fits": "true"}
    assert "12 files" in result.stdout


def test_a_site_over_the_limit_does_not_fit_and_says_what_to_do(tmp_path):
    site = site_of(tmp_path / "site", 13)
    (site / ".hidden").write_text("counted too", encoding="utf-8")
    result = run(site, "--limit", "12", output=tmp_path / "out")
    assert result.returncode == 0, result.stderr  # not a failure: the artifact is the preview then
    assert outputs(tmp_path / "out") == {"files": "14", "limit": "12", "fits": "false"}
    assert "14 files" in result.stdout and "more than" in result.stdout and "artifact" in result.stdout


def test_the_default_limit_is_cloudflare_pages_20000(tmp_path):
    site = site_of(tmp_path / "site", 3)
    run(site, output=tmp_path / "out")
    assert outputs(tmp_path / "out")["limit"] == "20000"


def test_no_site_is_a_clear_error(tmp_path):
    result = run(tmp_path / "missing")
    assert result.returncode == 2 and "no built site" in result.stderr and "Traceback" not in result.stderr
