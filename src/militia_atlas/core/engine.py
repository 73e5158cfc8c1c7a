"""Stages 1 to 3 in one call: load -> validate -> index.

Everything that checks a site (`validate`, the build, the live preview) goes through `check`,
so they cannot disagree about what is wrong. Rendering the checked site is the next layer's
work (views.pipeline.run).
"""

from __future__ import annotations

from .articles import read_pages
from .countries import load_countries
from .dates import build_date
from .index import build_index
from .load import load_entries
from .locate import locate_problems
from .problems import Problems
from .seas import load_seas
from .settings import Settings
from .validate import validate_entries


def check(settings: Settings, memory=None):
    """Load, validate and index. Returns (site or None, located problems).

    A live preview's `memory` (preview.Memory: its `loaded` and `validated` caches) skips
    re-reading and re-checking unchanged entry files."""
    problems = Problems()
    countries = load_countries(settings.entries_dir, settings.root, problems)
    seas = load_seas(settings.entries_dir, settings.root, problems)
    raw = load_entries(settings.entries_dir, settings.root, problems, memory and memory.loaded)
    partial = []  # the valid parts of files with errors: their references are checked too
    entries = validate_entries(raw, countries, build_date(), problems, memory and memory.validated, seas, partial)
    pages = read_pages(settings.docs_dir, settings.root, countries, problems) if settings.docs_dir.is_dir() else []
    site = build_index(entries, pages, countries, problems, settings.drafts, {r.id for r in raw}, seas, partial)
    paths = {r.display_path: r.path for r in raw}
    return site, locate_problems(Problems(problems.items).sorted(), paths)
