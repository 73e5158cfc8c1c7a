"""A site's settings: where its inputs are, and how to build it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULTS = {"site_url": "", "directory_urls": True, "per_page": 20, "map_tiles": True, "site_name": "",
            "tile_url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "root": None, "git_dates": True}


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


def drafts_requested() -> bool:
    return os.environ.get("MILITIA_ATLAS_DRAFTS", "").strip().lower() in ("1", "true", "yes")


def setting(settings, name: str):
    """A build setting, or its default when rendering without engine.Settings (direct render calls)."""
    value = getattr(settings, name, None) if settings is not None else None
    return DEFAULTS[name] if value is None else value
