"""Every page type validates with the Nu HTML Checker (vnu.jar, pinned in npm-packages.json).

One checker run per site (the JVM takes seconds to start): the example site, every page, and a
synthetic site (`militia-atlas synth --attacks 300`), every page but most attack pages, which all
come from one template. Only errors count (`--errors-only`); any error that is not in
MATERIAL_ERRORS below fails the test. Java comes from Debian (`make test` installs it when root,
scripts/ensure_checkers.sh); without it the test skips and says why, unless
MILITIA_ATLAS_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, browser_required, copy_fixture, run_cli

VNU = ROOT / "vendor" / "npm" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SYNTHETIC_ATTACK_PAGES = 30  # of about 300: the same template; every other page is checked

# Material's own markup (mkdocs-material's templates, pinned in requirements.lock), not ours:
# (message pattern, pattern of the offending markup, why it is Material's).
MATERIAL_ERRORS = [
    (r"Attribute “autocomplete” is only allowed when the input type is",
     r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"',
     "main.html: the drawer and search toggles are checkboxes with autocomplete=\"off\", so that Firefox "
     "does not restore an open drawer when going back"),
    (r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
     r'<label class="md-nav__(link|title)[^"]*" for="__(nav_\d+|toc)"',
     "partials/nav-item.html and toc.html: navigation labels point at Material's hidden toggle checkboxes "
     "(CSS-only menus), or at the table-of-contents toggle on pages that have no table of contents"),
    (r"Bad value “” for attribute “tabindex” on element “label”",
     r'<label class="md-nav__link" for="__nav_\d+" id="__nav_\d+_label" tabindex="">',
     "partials/nav-item.html: with navigation.sections, section labels get an empty tabindex"),
]


def materials(message: dict) -> bool:
    extract = message.get("extract", "")
    return any(re.search(text, message["message"]) and re.search(markup, extract)
               for text, markup, _ in MATERIAL_ERRORS)


def java() -> str:
    found = shutil.which("java")
    reason = None
    if found is None:
        reason = ("Java is not installed; install Debian's default-jre-headless "
                  "(`make test` installs it itself when run as root)")
    elif not VNU.is_file():
        reason = f"the Nu HTML Checker is missing ({VNU}); run `make setup`"
    if reason:
        if browser_required():
            pytest.fail(f"the HTML check cannot run: {reason}", pytrace=False)
        pytest.skip(f"HTML check skipped: {reason}")
    return found


def nu_errors(pages: list[Path]) -> list[dict]:
    """The checker's errors for every page, in one run."""
    result = subprocess.run([java(), "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
                            capture_output=True, text=True, timeout=600)
    # Nu writes its JSON report to stderr, and exits 1 when it found errors.
    assert result.returncode in (0, 1), result.stderr[-2000:]
    return [m for m in json.loads(result.stderr)["messages"] if m["type"] in ("error", "non-document-error")]


def describe(errors: list[dict], site: Path) -> str:
    prefix = re.escape(site.resolve().as_posix())
    return "\n".join(f"{re.sub(f'^file:.*?{prefix}/', '', m.get('url', ''))}:{m.get('lastLine', '?')}: {m['message']}\n"
                     f"    {m.get('extract', '').strip()[:160]}" for m in errors[:40])


def pages_of(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def broken_page(folder: Path, site: Path) -> Path:
    """A copy of the home page with one error of ours put back, to prove the check catches it."""
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "broken.html"
    home = (site / "index.html").read_text(encoding="utf-8")
    page.write_text(home.replace("<article", '<div markdown="1"></div><article', 1), encoding="utf-8")
    return page


def check(site: Path, pages: list[Path], tmp_path: Path, every_known_error_occurs: bool = False) -> None:
    canary = broken_page(tmp_path / "canary", site)
    errors = nu_errors([*pages, canary])
    caught = [m for m in errors if m.get("url", "").endswith("/canary/broken.html")]
    assert any("“markdown”" in m["message"] for m in caught), "the checker missed an error put there on purpose"
    checked = [m for m in errors if m not in caught]
    ours = [m for m in checked if not materials(m)]
    if ours:
        pytest.fail(f"{len(ours)} HTML errors of ours in {len(pages)} pages:\n{describe(ours, site)}", pytrace=False)
    if not every_known_error_occurs:
        return
    unused = [reason for text, markup, reason in MATERIAL_ERRORS
              if not any(re.search(text, m["message"]) and re.search(markup, m.get("extract", "")) for m in checked)]
    assert not unused, f"known Material errors that no longer occur (remove them from the list): {unused}"


EXAMPLE_PAGE_TYPES = [
    "index.html", "groups/kataib-hezbollah/index.html", "bases/al-shadadi/index.html",
    "attacks/2023-10-29-al-shadadi/index.html", "countries/iraq/index.html", "tags/iran-backed-militias/index.html",
    "groups/index.html", "bases/index.html", "attacks/index.html", "countries/index.html", "tags/index.html",
    "timeline/index.html", "map/index.html", "network/index.html", "downloads/index.html",
    "articles/militias-keep-up-attacks/index.html", "editing/index.html", "editing/fields/index.html",
    "editing/errors/index.html",
]


def test_every_page_of_the_example_site_is_valid_html(example_site, tmp_path):
    pages = pages_of(example_site)
    missing = [p for p in EXAMPLE_PAGE_TYPES if example_site / p not in pages]
    assert not missing, f"page types the check would miss: {missing}"
    check(example_site, pages, tmp_path, every_known_error_occurs=True)  # it uses every feature listed


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synthetic-html")
    run_cli("synth", "--attacks", "300", "--out", str(root / "synth"), cwd=root, check=True)
    run_cli("build", cwd=root / "synth", check=True)
    return root / "synth" / "site"


def test_every_page_type_of_a_synthetic_site_is_valid_html(synthetic_site, tmp_path):
    pages = pages_of(synthetic_site)
    attacks = [p for p in pages if re.fullmatch(r"attacks/[^/]+/index\.html", p.relative_to(synthetic_site).as_posix())
               and p.parent.name != "page"]
    pages = [p for p in pages if p not in attacks] + attacks[::max(1, len(attacks) // SYNTHETIC_ATTACK_PAGES)]
    kinds = {p.relative_to(synthetic_site).parts[0] for p in pages}
    assert {"attacks", "groups", "bases", "countries", "tags", "timeline"} <= kinds
    assert any("page" in p.relative_to(synthetic_site).parts for p in pages), "no listing page N"
    check(synthetic_site, sorted(pages), tmp_path)


@pytest.fixture(scope="module")
def shipping_site(tmp_path_factory) -> Path:
    root = copy_fixture("shipping", tmp_path_factory.mktemp("shipping-html"))
    run_cli("build", cwd=root, check=True)
    return root / "site"


def test_vessel_and_sea_pages_are_valid_html(shipping_site, tmp_path):
    pages = [shipping_site / page / "index.html" for page in (
        "vessels", "vessels/amber-lantern", "vessels/quill-harbour", "seas", "seas/red-sea",
        "attacks/2024-01-10-amber-lantern", "attacks/2024-02-02-quill-harbour", "downloads",
        "attacks/2024-03-01-copper-wren", "attacks/2024-03-05-coastal-radar", "groups/tidal-front", "")]
    check(shipping_site, pages, tmp_path)
def test_research_pages_are_valid_html(tmp_path):
    """The accounts fixture: a "Sources differ" table, source markers, attributions, a group's history."""
    from conftest import copy_fixture

    root = copy_fixture("accounts", tmp_path / "accounts")
    run_cli("build", cwd=root, check=True)
    site = root / "site"
    pages = [site / "attacks/2024-01-10-harbor-base/index.html", site / "groups/alpha-front/index.html",
             site / "attacks/2024-02-01-gulf-boarding/index.html"]
    check(site, pages, tmp_path)
