"""The whole pipeline in one call: load -> validate -> index -> render.

Both faces of publishing (the MkDocs plugin and the `generate` command) call
`run`, so they cannot disagree about what the site contains.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .articles import read_pages
from .countries import load_countries
from .dates import build_date
from .index import Site, build_index
from .load import load_entries, locate_problems
from .preview import Memory
from .problems import InvalidSite, Problems
from .render import OutputFile, page_jobs, render_site
from .validate import validate_entries


@dataclass
class Settings:
    """Where a site's inputs are, and how to build it."""

    root: Path  # the folder holding mkdocs.yml; file names in messages are relative to it
    entries_dir: Path
    docs_dir: Path
    templates_dir: Path | None = None
    per_page: int = 20
    drafts: bool = False
    directory_urls: bool = True
    site_name: str = ""
    site_url: str = ""  # absolute base URL for feeds, canonical links and citations; "" leaves them relative
    map_tiles: bool = True  # False: maps draw country outlines only and make no outside request
    tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    git_dates: bool = True  # last-updated dates from git when an entry has no `updated`


@dataclass
class Result:
    site: Site
    files: list = field(default_factory=list)  # OutputFiles; with `jobs`, pages' content is None: not drawn yet
    jobs: list | None = None  # [(template, src, values)] of the pages to draw with `renderer.draw`
    renderer: object = None


def drafts_requested() -> bool:
    return os.environ.get("MILITIA_ATLAS_DRAFTS", "").strip().lower() in ("1", "true", "yes")


def check(settings: Settings, memory: Memory | None = None):
    """Load, validate and index. Returns (site or None, located problems).

    A live preview's `memory` skips re-reading and re-checking unchanged entry files."""
    problems = Problems()
    countries = load_countries(settings.entries_dir, settings.root, problems)
    raw = load_entries(settings.entries_dir, settings.root, problems, memory and memory.loaded)
    entries = validate_entries(raw, countries, build_date(), problems, memory and memory.validated)
    pages = read_pages(settings.docs_dir, settings.root, countries, problems) if settings.docs_dir.is_dir() else []
    site = build_index(entries, pages, countries, problems, settings.drafts, {r.id for r in raw})
    paths = {r.display_path: r.path for r in raw}
    return site, locate_problems(Problems(problems.items).sorted(), paths)


def run(settings: Settings, memory: Memory | None = None, draw_later: bool = False) -> Result:
    """Every generated file, or InvalidSite carrying every problem found.

    With a live preview's `memory`, a page whose inputs did not change since the last run is
    taken from memory instead of being rendered again. With `draw_later`, pages are listed but
    not drawn: the Result's `jobs` say how (a published build draws them in a second process)."""
    site, problems = check(settings, memory)
    if problems:
        raise InvalidSite(problems)
    if draw_later:
        renderer, jobs = page_jobs(site, settings.templates_dir, settings.per_page, settings.directory_urls,
                                   settings.site_name, settings)
        return Result(site, [OutputFile(src, None) for _, src, _ in jobs], jobs, renderer)
    files = render_site(site, settings.templates_dir, settings.per_page, settings.directory_urls,
                        settings.site_name, settings, memory and memory.pages)
    return Result(site, files)


def generated_sources(site: Site, settings: Settings) -> list:
    """Every file a build generates (pages, redirect pages, static and data files), without making any."""
    from . import views
    from .publish import extra_files

    _, jobs = page_jobs(site, settings.templates_dir, settings.per_page, settings.directory_urls, settings.site_name,
                        settings)
    result = Result(site, [OutputFile(src, None) for _, src, _ in jobs])
    outputs = result.files + extra_files(result, settings, with_views=False) + views.extra_files(result, settings, lazy=True)
    return [output.src for output in outputs]


def address_problems(site: Site, settings: Settings, generated: list | None = None) -> list:
    """Hand-written files of docs_dir at the address of a generated file (addresses.py)."""
    from .addresses import hand_written_files, taken_addresses

    if not settings.docs_dir.is_dir():
        return []
    hand_written = hand_written_files(settings.docs_dir, settings.root)
    if not hand_written:
        return []
    if generated is None:
        generated = generated_sources(site, settings)
    return taken_addresses(hand_written, generated, site, settings.directory_urls).sorted()
