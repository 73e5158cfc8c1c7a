"""`militia-atlas synth`: a deterministic, valid, realistic synthetic site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from militia_atlas.core.yaml_reader import parse_yaml
from militia_atlas.core.schema import KIND_RECORDS
from militia_atlas.core.fields import ListOf, Record
from militia_atlas.commands.synth import write_site

from conftest import run_cli


def tree(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synth") / "site"
    write_site(root, attacks=120, seed=7)
    return root


def test_same_seed_writes_the_same_bytes_and_another_seed_does_not(small, tmp_path):
    write_site(tmp_path / "again", attacks=120, seed=7)
    write_site(tmp_path / "other", attacks=120, seed=8)
    assert tree(small) == tree(tmp_path / "again")
    assert tree(small) != tree(tmp_path / "other")


def test_sizes_follow_the_attack_count(small):
    entries = small / "entries"
    assert len(list((entries / "attacks").glob("*.yml"))) == 120
    assert len(list((entries / "groups").glob("*.yml"))) == 120 // 30
    assert len(list((entries / "bases").glob("*.yml"))) == 120 // 40


def test_the_synthetic_site_validates_without_errors(small):
    result = run_cli("validate", cwd=small)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"ok: 4 groups, 3 bases, 1\d\d attacks", result.stdout)


def _field_types(record: Record, values: dict, seen: set) -> None:
    for name, value in values.items():
        kind = record.by_name[name].type
        seen.add(type(kind).__name__)
        inner = kind.item if isinstance(kind, ListOf) else kind
        if isinstance(kind, ListOf):
            seen.add(type(inner).__name__)
        if isinstance(inner, Record):
            for item in value if isinstance(value, list) else [value]:
                _field_types(inner, item, seen)


def _all_types(record: Record, seen: set) -> None:
    for spec in record.fields:
        seen.add(type(spec.type).__name__)
        inner = spec.type.item if isinstance(spec.type, ListOf) else spec.type
        seen.add(type(inner).__name__)
        if isinstance(inner, Record):
            _all_types(inner, seen)


def test_every_field_kind_of_the_entry_format_is_used(small):
    used, defined = set(), set()
    for kind, record in KIND_RECORDS.items():
        _all_types(record, defined)
        for path in (small / "entries" / f"{kind}s").glob("*.yml"):
            _field_types(record, parse_yaml(path.read_text(encoding="utf-8")), used)
    assert defined - used == set()


def test_names_dates_and_figures_are_realistic_and_awkward(small):
    texts = "\n".join(p.read_text(encoding="utf-8") for p in (small / "entries").rglob("*.yml"))
    kh = parse_yaml((small / "entries" / "groups" / "kataib-hezbollah.yml").read_text(encoding="utf-8"))
    assert (kh["short_name"], kh["native_name"]) == ("KH", "كتائب حزب الله")
    assert "Hezbollah Brigades" in kh["aliases"]
    assert re.search(r"^date: \d{4}-\d{2}$", texts, re.MULTILINE), "a month-precision date"
    assert re.search(r"^approximate: true$", texts, re.MULTILINE)
    assert re.search(r"^(killed|wounded): \[\d+, \d+\]$", texts, re.MULTILINE), "a casualty range"
    assert re.search(r"[\u0600-\u06ff]", texts), "Arabic script"
    assert re.search(r"\{\{|\{%|<script>|\"NO\"|\"0755\"|\"on\"|\"1e3\"|\"null\"", texts), "an awkward string"


def test_cli_refuses_to_overwrite_entries_without_force(tmp_path):
    first = run_cli("synth", "--attacks", "30", "--out", "site", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    marker = tmp_path / "site" / "entries" / "groups" / "kataib-hezbollah.yml"
    marker.write_text("name: mine\n", encoding="utf-8")
    again = run_cli("synth", "--attacks", "30", "--out", "site", cwd=tmp_path)
    assert again.returncode == 1 and "--force" in again.stderr and "Traceback" not in again.stderr
    assert marker.read_text(encoding="utf-8") == "name: mine\n"
    forced = run_cli("synth", "--attacks", "30", "--out", "site", "--force", cwd=tmp_path)
    assert forced.returncode == 0 and "Kata'ib Hezbollah" in marker.read_text(encoding="utf-8")


class Requests(__import__("html.parser").parser.HTMLParser):
    """Every URL a browser fetches by itself while loading a page: src, resource links, inline CSS,
    and the map's tile server."""

    RESOURCE_RELS = {"stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch", "icon", "modulepreload",
                     "manifest", "apple-touch-icon"}

    def __init__(self):
        super().__init__()
        self.urls = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.in_style = tag == "style"
        for name in ("src", "srcset", "poster", "data-tiles"):
            if values.get(name):
                self.urls += [part.split()[0] for part in values[name].split(",") if part.strip()]
        if tag == "link" and set((values.get("rel") or "").lower().split()) & self.RESOURCE_RELS:
            self.urls.append(values.get("href") or "")
        if values.get("style"):
            self.urls += re.findall(r"url\(\s*['\"]?([^'\")\s]+)", values["style"])

    def handle_data(self, data):
        if self.in_style:
            self.urls += re.findall(r"(?:url\(\s*['\"]?|@import\s+['\"])([^'\")\s]+)", data)

    def handle_endtag(self, tag):
        self.in_style = False


def off_site_requests(html: str) -> list:
    from urllib.parse import urlsplit

    parser = Requests()
    parser.feed(html)
    return [url for url in parser.urls if urlsplit(url).netloc or url.startswith("//")]


def test_the_request_finder_sees_what_material_loads_from_google_fonts():
    page = ('<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>'
            '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
            '<link rel="stylesheet" href="../assets/main.css"><a href="https://example.com/source">source</a>'
            '<div data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"></div>')
    assert sorted(off_site_requests(page)) == ["https://fonts.googleapis.com/css?family=Roboto",
                                               "https://fonts.gstatic.com",
                                               "https://tile.openstreetmap.org/{z}/{x}/{y}.png"]


def test_a_built_synthetic_site_requests_nothing_from_elsewhere(tmp_path):
    root = tmp_path / "site"
    write_site(root, attacks=40, seed=3)
    run_cli("build", cwd=root, check=True)
    pages = sorted((root / "site").rglob("*.html"))
    assert len(pages) > 40
    found = {page.relative_to(root / "site").as_posix(): off_site_requests(page.read_text(encoding="utf-8"))
             for page in pages}
    assert {page: urls for page, urls in found.items() if urls} == {}
