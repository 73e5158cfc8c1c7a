"""Render stage: URL arithmetic, and golden Markdown output for a small fixture tree.

After an intended change to templates, refresh the goldens with
`.venv/bin/python -m pytest tests/test_render.py --update-goldens` and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from militia_atlas.core.settings import Settings
from militia_atlas.views.pipeline import run
from militia_atlas.render.urls import page_url, relative, relative_url

FIXTURE = Path(__file__).parent / "fixtures" / "basic"
GOLDEN = Path(__file__).parent / "golden" / "basic"


@pytest.mark.parametrize("src, url", [
    ("index.md", ""), ("groups/index.md", "groups/"), ("groups/kh.md", "groups/kh/"),
    ("groups/kh/page/2.md", "groups/kh/page/2/"),
])
def test_page_url(src, url):
    assert page_url(src) == url


def test_relative_links_between_sources_and_pages():
    assert relative("groups/kh.md", "attacks/a.md") == "../attacks/a.md"
    assert relative("groups/kh/page/2.md", "attacks/a.md") == "../../../attacks/a.md"
    assert relative_url("groups/kh.md", "attacks/a.md") == "../../attacks/a/"
    assert relative_url("groups/kh/page/2.md", "groups/kh.md") == "../../"
    assert relative_url("index.md", "attacks/a.md") == "attacks/a/"


def rendered() -> dict:
    settings = Settings(root=FIXTURE, entries_dir=FIXTURE / "entries", docs_dir=FIXTURE / "content",
                        site_name="Test atlas", git_dates=False)  # goldens must not change when files are committed
    return {f.src: f.content for f in run(settings).files}


def test_generated_markdown_matches_goldens(update_goldens):
    files = rendered()
    if update_goldens:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for src, content in files.items():
            (GOLDEN / src).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / src).write_text(content, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
                for p in GOLDEN.rglob("*.md")}
    assert sorted(files) == sorted(expected), "pages added or removed: run with --update-goldens and review"
    for src, content in files.items():
        assert content == expected[src], f"{src} differs from its golden: run with --update-goldens and review"


def fact_row(label: str, value: str) -> str:
    """A row of an entry's facts table, as the page draws it."""
    return f'<td class="ma-label" style="text-align: left;">{label}</td>\n<td style="text-align: left;">{value}</td>'


def test_entry_text_reaches_pages_escaped():
    files = rendered()
    group = files["groups/umbrella-front.md"]
    assert "# Umbrella Front" in group
    assert '<p class="ma-native" lang="ar" dir="auto">جبهة المظلة</p>' in group
    attack = files["attacks/2023-10-27-river-base.md"]
    assert fact_row("Wounded", "2–5") in attack
    assert fact_row("Killed", "0") in attack
    unclaimed = files["attacks/2023-10-29-desert-road.md"]
    assert "<strong>Unclaimed</strong>" in unclaimed and fact_row("Killed", "Unknown") in unclaimed
    assert "on or about" in unclaimed or "(approx.)" in unclaimed


def test_relpath_matches_posixpath_on_random_paths():
    import posixpath
    import random

    from militia_atlas.render.urls import relpath

    rng = random.Random(5)
    parts = ["a", "b", "groups", "kh", "page", "2", ".", "..", "", "x.md"]
    for _ in range(20000):
        path = "/".join(rng.choice(parts) for _ in range(rng.randint(0, 5))) or "."
        start = "/".join(rng.choice(parts) for _ in range(rng.randint(0, 5))) or "."
        assert relpath(path, start) == posixpath.relpath(path, start), (path, start)


def test_an_html_template_links_a_page_to_its_address_and_a_file_to_itself():
    from militia_atlas.core.engine import check
    from militia_atlas.render.renderer import Renderer

    settings = Settings(root=FIXTURE, entries_dir=FIXTURE / "entries", docs_dir=FIXTURE / "content", git_dates=False)
    site, problems = check(settings)
    assert not problems
    renderer = Renderer(site)
    renderer.html, renderer.current = True, "groups/umbrella-front.md"
    assert renderer.link("attacks/index.md", "All <attacks>") == '<a href="../../attacks/">All &lt;attacks&gt;</a>'
    assert renderer.link("downloads/attacks.csv", "CSV") == '<a href="../../downloads/attacks.csv">CSV</a>'


def test_a_template_global_given_twice_is_refused():
    """Which of two same-named globals a page saw would depend on the order they were set in (a live
    preview sets the views' again for each page): the renderer refuses the second one."""
    from types import SimpleNamespace

    from militia_atlas.core.engine import check
    from militia_atlas.render.renderer import Renderer

    settings = Settings(root=FIXTURE, entries_dir=FIXTURE / "entries", docs_dir=FIXTURE / "content", git_dates=False)
    site, problems = check(settings)
    assert not problems
    assert "date_html" in Renderer(site).view_globals()
    clashing = SimpleNamespace(__name__="clashing", template_globals=lambda renderer: {"date_html": str})
    with pytest.raises(ValueError, match="date_html"):
        Renderer(site, views=(clashing,))
