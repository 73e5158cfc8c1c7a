"""Finding a site: its mkdocs.yml, and our plugin's settings in it."""

from __future__ import annotations

from pathlib import Path

from ..core.settings import Settings

PLUGIN_NAME = "militia-atlas"


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
    options = plugin_options(raw.get("plugins"))
    root = config_file.parent
    templates = options.get("templates")
    return Settings(
        root=root,
        entries_dir=(root / options.get("entries", "entries")).resolve(),
        docs_dir=(root / raw.get("docs_dir", "docs")).resolve(),
        templates_dir=(root / templates).resolve() if templates else None,
        per_page=int(options.get("per_page", 20)),
        drafts=bool(options.get("drafts")) if options.get("drafts") is not None else drafts,
        directory_urls=raw.get("use_directory_urls", True) is not False,
        site_name=str(raw.get("site_name", "")),
        site_url=str(raw.get("site_url") or ""),
    )


def plugin_options(plugins) -> dict:
    if isinstance(plugins, dict):
        return plugins.get(PLUGIN_NAME) or {}
    for item in plugins or []:
        if isinstance(item, dict) and PLUGIN_NAME in item:
            return item[PLUGIN_NAME] or {}
    return {}
