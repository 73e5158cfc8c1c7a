"""Finding a site: its mkdocs.yml, and our plugin's settings in it."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from ..core.problems import did_you_mean
from ..core.settings import Settings

PLUGIN_NAME = "militia-atlas"


class AtLeastOne(c.Type):
    """A whole number of 1 or more (`per_page: 0` would give listings no pages at all)."""

    def __init__(self, default=None):
        super().__init__(int, default=default)

    def run_validation(self, value):
        if isinstance(value, bool):
            raise ValidationError(f"Expected type: {int} but received: {type(value)}")
        value = super().run_validation(value)
        if value < 1:
            raise ValidationError(f"must be 1 or more, got {value}")
        return value


class MilitiaAtlasConfig(Config):
    """The plugin's options: the build (plugin.py) and `validate` (quick_settings) read them through this."""

    entries = c.Type(str, default="entries")
    """Folder of YAML entries, relative to mkdocs.yml."""
    templates = c.Optional(c.Type(str))
    """Folder of templates overriding the built-in ones, relative to mkdocs.yml."""
    per_page = AtLeastOne(default=20)
    """Items per listing page."""
    drafts = c.Optional(c.Type(bool))
    """Show drafts. Default: only in `mkdocs serve` or with MILITIA_ATLAS_DRAFTS=1."""
    map_tiles = c.Type(bool, default=True)
    """Maps load OpenStreetMap tiles when online; false draws country outlines only (no outside request)."""
    tile_url = c.Type(str, default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    """Tile URL template for the maps."""


class SiteNotFound(Exception):
    pass


def find_config(path: str | None) -> Path:
    config = Path(path) if path else Path("mkdocs.yml")
    if not config.is_file():
        where = f"'{path}'" if path else "mkdocs.yml in the current folder"
        raise SiteNotFound(f"cannot find {where}; run from the site's root, or pass -f path/to/mkdocs.yml")
    return config.resolve()


def quick_settings(config_file: Path, drafts: bool = False) -> Settings:
    """Settings read straight from mkdocs.yml, without starting MkDocs (fast, for `validate`)."""
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import yaml_load

    import yaml

    try:
        with open(config_file, "rb") as handle:
            raw = yaml_load(handle) or {}
    except (yaml.YAMLError, OSError, ConfigurationError) as error:
        raise SiteNotFound(f"{config_file.name} cannot be read: {error}") from None
    if not isinstance(raw, dict):
        raise SiteNotFound(f"{config_file.name} is not a mapping of settings")
    options = checked_options(plugin_options(raw.get("plugins")), config_file)
    root = config_file.parent
    templates = options.templates
    return Settings(
        root=root,
        entries_dir=(root / options.entries).resolve(),
        docs_dir=(root / raw.get("docs_dir", "docs")).resolve(),
        templates_dir=(root / templates).resolve() if templates else None,
        per_page=options.per_page,
        drafts=options.drafts if options.drafts is not None else drafts,
        directory_urls=raw.get("use_directory_urls", True) is not False,
        site_name=str(raw.get("site_name", "")),
        site_url=str(raw.get("site_url") or ""),
        map_tiles=options.map_tiles,
        tile_url=options.tile_url,
    )


def checked_options(options, config_file: Path) -> MilitiaAtlasConfig:
    """The plugin's options checked as MkDocs checks them for the build; an unknown option is an error,
    as it is in the (strict) build."""
    if not isinstance(options, dict):
        raise SiteNotFound(f"{config_file.name}: plugin {PLUGIN_NAME}: its options must be a mapping of "
                           "`option: value`")
    config = MilitiaAtlasConfig()
    config.load_dict(options)
    errors, warnings = config.validate()
    for key, error in errors:
        raise SiteNotFound(f"{config_file.name}: plugin {PLUGIN_NAME}: {key}: {error}")
    for key in options:
        if key not in config._schema_keys:
            hint = did_you_mean(str(key), config._schema_keys) or "options: " + ", ".join(sorted(config._schema_keys))
            raise SiteNotFound(f"{config_file.name}: plugin {PLUGIN_NAME}: {key}: unknown option ({hint})")
    return config


def plugin_options(plugins) -> dict:
    if isinstance(plugins, dict):
        return plugins.get(PLUGIN_NAME) or {}
    for item in plugins or []:
        if isinstance(item, dict) and PLUGIN_NAME in item:
            return item[PLUGIN_NAME] or {}
    return {}
