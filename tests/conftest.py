"""Shared test helpers: small sites written on the fly, and one build of the example site per run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BIN = Path(sys.executable).parent
SHARED = ROOT.parent / "shared"

MINIMAL_MKDOCS = """\
site_name: Test atlas
site_url: https://example.org/atlas/
docs_dir: content
theme:
  name: material
plugins:
  - search
  - militia-atlas
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc
validation:
  links:
    not_found: warn
    anchors: warn
    unrecognized_links: warn
"""


def write_tree(root: Path, files: dict) -> Path:
    """Write {relative path: text} under root (text is dedented)."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def copy_fixture(name: str, dest: Path) -> Path:
    """A fixture folder copied to dest, with a minimal mkdocs.yml and content/ if it has none."""
    shutil.copytree(FIXTURES / name, dest, dirs_exist_ok=True, symlinks=True)  # symlinks stay links
    if not (dest / "mkdocs.yml").exists():
        (dest / "mkdocs.yml").write_text(MINIMAL_MKDOCS, encoding="utf-8")
    (dest / "content").mkdir(exist_ok=True)
    return dest


def synthetic_renderer(root: Path, attacks: int, seed: int, **settings_overrides):
    """(site, Renderer) over a `synth` site written to root, as the engine makes them, with some
    settings overridden (per_page...): for tests of one page's size as the site grows."""
    import dataclasses

    from militia_atlas.core import engine
    from militia_atlas.commands.synth import write_site
    from militia_atlas.publish.config import quick_settings
    from militia_atlas.render.renderer import Renderer
    from militia_atlas.views import VIEWS

    write_site(root, attacks=attacks, seed=seed)
    settings = dataclasses.replace(quick_settings(root / "mkdocs.yml"), **settings_overrides)
    site, problems = engine.check(settings)
    assert not problems
    return site, Renderer(site, settings.templates_dir, settings.per_page, settings.directory_urls,
                          settings.site_name, settings, views=VIEWS)


def run_cli(*args, cwd: Path, env: dict | None = None, check: bool = False) -> subprocess.CompletedProcess:
    """Run the real `militia-atlas` command."""
    full_env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", **(env or {})}
    full_env.pop("GITHUB_ACTIONS", None) if "GITHUB_ACTIONS" not in (env or {}) else None
    result = subprocess.run([str(BIN / "militia-atlas"), *args], cwd=cwd, env=full_env, capture_output=True,
                            text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"militia-atlas {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def run_mkdocs(*args, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", **(env or {})}
    return subprocess.run([str(BIN / "mkdocs"), *args], cwd=cwd, env=full_env, capture_output=True, text=True,
                          timeout=600)


def copy_example(dest: Path) -> Path:
    """The example site's sources (mkdocs.yml, entries/, content/, overrides) copied to dest."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "entries", "content", "overrides", "templates"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        elif source.is_file():
            shutil.copyfile(source, dest / name)
    return dest


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example site built once per test run with `militia-atlas build`; returns the site/ folder."""
    root = copy_example(tmp_path_factory.mktemp("example"))
    run_cli("build", cwd=root, check=True)
    return root / "site"


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="rewrite tests/golden/ from the current output instead of comparing")


@pytest.fixture
def update_goldens(request) -> bool:
    return request.config.getoption("--update-goldens")


# -- the research views (tests/test_timelines.py, test_charts.py, test_maps.py, ...) ---------

VIEWS_COMMIT_DATE = "2024-02-03T12:00:00+00:00"  # every fixture file's "last commit"


def git_commit_all(root: Path, date: str = VIEWS_COMMIT_DATE) -> None:
    """Make root a git repository whose one commit (at a fixed date) holds every file."""
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "fixture"]):
        subprocess.run(["git", *identity, *command], cwd=root, env=env, check=True, capture_output=True)


@pytest.fixture(scope="session")
def views_root(tmp_path_factory) -> Path:
    """tests/fixtures/views (with the project's theme overrides) in a git repository, built once.

    The site is at <root>/site; per_page is 2 and map tiles are off (see its mkdocs.yml)."""
    root = copy_fixture("views", tmp_path_factory.mktemp("views"))
    shutil.copytree(ROOT / "overrides", root / "overrides")
    git_commit_all(root)
    run_cli("build", cwd=root, check=True)
    return root


@pytest.fixture(scope="session")
def views_site(views_root) -> Path:
    return views_root / "site"


@pytest.fixture(scope="session")
def views_generated(views_root) -> Path:
    """The same fixture through `militia-atlas generate` and a plain `mkdocs build`; returns its site/."""
    out = views_root.parent / "views-generated"
    run_cli("generate", "--out", str(out), cwd=views_root, check=True)
    built = run_mkdocs("build", cwd=out)
    assert built.returncode == 0, built.stderr
    return out / "site"


# -- the browser, shared by tests/browser/ and the search tests ---------------------------------

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
INSTALL_HINT = ("install Debian's Chromium with `sudo apt-get install chromium` (or set CHROMIUM_PATH to a "
                "Chromium binary); `make test` installs it itself when run as root")


def find_chromium() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def browser_required() -> bool:
    """In CI a missing browser is a failure, never a silent skip."""
    return os.environ.get("MILITIA_ATLAS_REQUIRE_BROWSER", "") == "1"


def unavailable(reason: str):
    if browser_required():
        pytest.fail(f"browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")



@pytest.fixture(scope="session")
def browser():
    executable = find_chromium()
    if executable is None and os.environ.get("CHROMIUM_PATH"):
        unavailable(f"CHROMIUM_PATH={os.environ['CHROMIUM_PATH']} is not an executable file; {INSTALL_HINT}")
    if executable is None:
        unavailable(f"Chromium is not installed; {INSTALL_HINT}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is missing; run `make setup`")
    with sync_playwright() as playwright:
        # launch() gives every run a fresh, temporary user-data dir of its own.
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()
