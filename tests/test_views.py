"""What every research view promises (views.py): no outside requests but map tiles, no drafts or
internal notes anywhere, byte-identical rebuilds, and the same files through `generate`."""

from __future__ import annotations

import re

from conftest import ROOT, copy_fixture, git_commit_all, run_cli
from views_html import parse

TEXT_SUFFIXES = {".html", ".xml", ".csv", ".json", ".geojson", ".js", ".css", ".txt"}
OUTSIDE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def text_files(site):
    return [p for p in sorted(site.rglob("*")) if p.is_file() and p.suffix in TEXT_SUFFIXES]


def test_pages_load_nothing_from_outside(views_site):
    """Scripts, styles, images and frames come from the site itself (tiles are the map's only exception)."""
    for path in views_site.rglob("*.html"):
        root = parse(path.read_text(encoding="utf-8"))
        loaded = [e.attrs.get("src", "") for e in root.find_all("script") + root.find_all("img")
                  + root.find_all("iframe") + root.find_all("source")]
        loaded += [e.attrs.get("href", "") for e in root.find_all("link")
                   if {"stylesheet", "preload", "icon", "modulepreload"} & set(e.attrs.get("rel", "").split())]
        outside = [url for url in loaded if OUTSIDE.match(url)]
        assert not outside, (path, outside)
    for css in views_site.rglob("militia-atlas*.css"):
        assert "url(http" not in css.read_text(encoding="utf-8")
    script = (views_site / "assets/militia-atlas/map.js").read_text(encoding="utf-8")
    assert "http" not in script.replace("https://www.openstreetmap.org/copyright", "")


def test_no_internal_notes_and_no_drafts_anywhere(views_site):
    for path in text_files(views_site):
        text = path.read_text(encoding="utf-8", errors="replace")
        assert "SECRET-NOTE-MARKER" not in text, path
        assert "DRAFT-ATTACK-MARKER" not in text and "2023-12-24-draft" not in text, path


def test_rebuilds_are_byte_identical(views_site, tmp_path):
    root = copy_fixture("views", tmp_path / "again")
    import shutil

    shutil.copytree(ROOT / "overrides", root / "overrides")
    git_commit_all(root)
    run_cli("build", cwd=root, check=True)
    first = {p.relative_to(views_site).as_posix(): p.read_bytes() for p in views_site.rglob("*") if p.is_file()}
    second = {p.relative_to(root / "site").as_posix(): p.read_bytes() for p in (root / "site").rglob("*")
              if p.is_file()}
    assert set(first) == set(second)
    differing = sorted(name for name in first if first[name] != second[name])
    assert differing == [], differing


def test_generate_writes_the_same_view_files(views_site, views_generated):
    for pattern in ("downloads/*", "**/feed.xml", "**/listing.csv", "assets/militia-atlas/map/*",
                    "assets/militia-atlas/vendor/leaflet/**/*"):
        files = [p for p in views_site.glob(pattern) if p.is_file()]
        assert files, pattern
        for path in files:
            relative = path.relative_to(views_site)
            if relative.suffix == ".html":
                continue
            assert (views_generated / relative).read_bytes() == path.read_bytes(), relative


VIEW_HELPERS = """{{ timeline("group", group) }}
{{ site_timeline() }}
{{ site_strike_timeline() }}
{{ timeline_filter() }}
{{ weapon_timeline("rocket") }}
{{ weekly_chart("group", group, "country") }}
{{ weekly_chart(None, None, "weapon") }}
{{ weekly_chart(None, None, "country", "strike") }}
{{ base_map(base) }}
{{ sea_map(sea) }}
{{ bases_map() }}
{{ site_map() }}
{{ group_network(group) }}
{{ whole_network() }}
{{ network_relations(relations) }}
{{ cite_this(base) }}
<p>{{ listing_csv("group", group) }} {{ feed_link("group", group) }}</p>
{{ page_meta("A title", "A description") }}
<a href="{{ download_url("downloads/attacks.csv") }}" id="{{ month_anchor(2024, 3) }}">{{ weapon_name("rocket") }}</a>
"""


def test_view_helpers_give_the_same_html_to_html_and_markdown_templates(tmp_path):
    """What a view draws is HTML: an HTML template (autoescaped) shows it as it is, not escaped as text."""
    from conftest import synthetic_renderer
    from militia_atlas.views import network

    templates = tmp_path / "templates"
    templates.mkdir()
    for name in ("probe.md.j2", "probe.html.j2"):
        (templates / name).write_text(VIEW_HELPERS, encoding="utf-8")
    site, renderer = synthetic_renderer(tmp_path / "site", 300, 1, templates_dir=templates)
    edges = network.all_edges(site.groups)
    group = max(site.groups, key=lambda ident: (sum(ident in edge[:2] for edge in edges),
                                                 len(site.attack_items("group", ident))))
    values = {"group": group, "base": next(b for b in site.bases.values() if b.coordinates), "sea": next(iter(site.seas)),
              "relations": edges[:5]}
    markdown = renderer.render("probe.md.j2", "groups/probe.md", **values).content
    html = renderer.render("probe.html.j2", "groups/probe.md", **values).content
    for drawn in ('<div class="ma-timeline"', '<form class="ma-filter"', '<div class="ma-chart"', '<div class="ma-map-block"',
                  '<div class="ma-network"', '<ul class="ma-relations', '<div class="ma-cite"', '<a class="ma-download"',
                  '<a class="ma-feed"'):
        assert drawn in markdown, drawn
    assert html == markdown
