"""A site's settings: one table of the plugin's options, and the Settings a build reads.

`OPTIONS` is the only description of the plugin's options (Datasette keeps its settings the
same way). From it come the typed MkDocs config class the plugin declares and `validate` checks
mkdocs.yml with (publish.config.MilitiaAtlasConfig), the Settings both read them into
(`settings_from`), and the options table of the README (`options_markdown`); a test holds
all of them to it.
"""

from __future__ import annotations

import os
from dataclasses import MISSING, dataclass, fields
from pathlib import Path

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


@dataclass(frozen=True)
class Option:
    """One option of the plugin, under `militia-atlas:` in mkdocs.yml's `plugins:`."""

    name: str
    type: type  # str, int or bool
    default: object  # None: the option may be left empty, and then means what `description` says
    description: str
    minimum: int | None = None  # whole numbers only


OPTIONS = (
    Option("entries", str, "entries", "Folder of YAML entries, relative to mkdocs.yml."),
    Option("templates", str, None, "Folder of your own versions of any template in `src/militia_atlas/templates/` "
           "(a file of the same name replaces the built-in one), relative to mkdocs.yml."),
    Option("per_page", int, 20, "Items per listing page (1 or more).", minimum=1),
    Option("drafts", bool, None, "Show drafts. Empty: only in `mkdocs serve`, or with `MILITIA_ATLAS_DRAFTS=1`."),
    Option("map_tiles", bool, True, "Maps load tiles from `tile_url` when online; `false` draws the offline "
           "outlines only and makes no outside request."),
    Option("tile_url", str, OSM_TILES, "Tile URL template for the maps."),
    Option("git_dates", bool, True, "An entry's last update, when it has no `updated`, is its file's last git "
           "commit; `false` leaves it out."),
)


@dataclass
class Settings:
    """Where a site's inputs are, and how to build it: the site's own settings from mkdocs.yml,
    then one field per option of OPTIONS (`entries` and `templates` as absolute folders)."""

    root: Path  # the folder holding mkdocs.yml; file names in messages are relative to it
    entries_dir: Path
    docs_dir: Path
    templates_dir: Path | None = None
    per_page: int = 20
    drafts: bool = False
    directory_urls: bool = True
    site_name: str = ""
    site_url: str = ""  # absolute base URL for feeds, canonical links and citations; "" leaves them relative
    map_tiles: bool = True
    tile_url: str = OSM_TILES
    git_dates: bool = True


def settings_from(root: Path, docs_dir: Path, options, drafts: bool, directory_urls: bool = True,
                  site_name: str = "", site_url: str = "") -> Settings:
    """Settings from the site's own settings and the plugin's checked `options` (any object with
    one attribute per option). `drafts`: whether drafts show when the `drafts` option is empty."""
    templates = options.templates
    return Settings(
        root=root,
        entries_dir=(root / options.entries).resolve(),
        docs_dir=docs_dir,
        templates_dir=(root / templates).resolve() if templates else None,
        per_page=options.per_page,
        drafts=options.drafts if options.drafts is not None else drafts,
        directory_urls=directory_urls,
        site_name=site_name or "",
        site_url=site_url or "",
        map_tiles=options.map_tiles,
        tile_url=options.tile_url,
        git_dates=options.git_dates,
    )


def drafts_requested() -> bool:
    return os.environ.get("MILITIA_ATLAS_DRAFTS", "").strip().lower() in ("1", "true", "yes")


DEFAULTS = {f.name: (None if f.default is MISSING else f.default) for f in fields(Settings)}


def setting(settings, name: str):
    """A build setting, or its default when rendering without Settings (direct render calls)."""
    value = getattr(settings, name, None) if settings is not None else None
    return DEFAULTS[name] if value is None else value


def options_markdown() -> str:
    """The options as the README shows them."""
    rows = ["| option | default | what it does |", "|---|---|---|"]
    for option in OPTIONS:
        if option.default is None:
            default = "empty"
        else:
            default = f"`{str(option.default).lower() if option.type is bool else option.default}`"
        rows.append(f"| `{option.name}` | {default} | {option.description} |")
    return "\n".join(rows) + "\n"
