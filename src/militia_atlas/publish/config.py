"""Finding a site: its mkdocs.yml, and our plugin's settings in it."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from ..core.problems import did_you_mean
from ..core.settings import OPTIONS, Option, Settings, settings_from

PLUGIN_NAME = "militia-atlas"


class AtLeast(c.Type):
    """A whole number of `minimum` or more (`per_page: 0` would give listings no pages at all)."""

    def __init__(self, minimum: int, default=None):
        super().__init__(int, default=default)
        self.minimum = minimum

    def run_validation(self, value):
        if isinstance(value, bool):
            raise ValidationError(f"Expected type: {int} but received: {type(value)}")
        value = super().run_validation(value)
        if value < self.minimum:
            raise ValidationError(f"must be {self.minimum} or more, got {value}")
        return value


def config_option(option: Option):
    """The MkDocs config option that checks one option of the table."""
    if option.minimum is not None:
        return AtLeast(option.minimum, default=option.default)
    if option.default is None:
        return c.Optional(c.Type(option.type))
    return c.Type(option.type, default=option.default)


# The plugin's options: the build (plugin.py) and `validate` (quick_settings) read them through this,
# made from the one table of options (core/settings.py).
MilitiaAtlasConfig = type("MilitiaAtlasConfig", (Config,), {
    "__doc__": "The militia-atlas plugin's options (core.settings.OPTIONS).",
    **{option.name: config_option(option) for option in OPTIONS},
})


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
    return settings_from(root, (root / raw.get("docs_dir", "docs")).resolve(), options, drafts,
                         directory_urls=raw.get("use_directory_urls", True) is not False,
                         site_name=str(raw.get("site_name", "")), site_url=str(raw.get("site_url") or ""))


def markdown_extensions(config_file: Path) -> list:
    """mkdocs.yml's `markdown_extensions`, as written (for `validate`: it reads pages as the build does)."""
    from mkdocs.utils.yaml import yaml_load

    try:
        with open(config_file, "rb") as handle:
            raw = yaml_load(handle) or {}
    except Exception:  # quick_settings has read it already; a tag it cannot resolve here leaves the defaults
        return []
    found = raw.get("markdown_extensions") if isinstance(raw, dict) else None
    return found if isinstance(found, list) else []


def settings_from_config(config, plugin_config, drafts: bool) -> Settings:
    """Settings from MkDocs' own reading of mkdocs.yml (the plugin's `on_config`)."""
    return settings_from(Path(config.config_file_path).resolve().parent, Path(config.docs_dir).resolve(),
                         plugin_config, drafts, directory_urls=config.use_directory_urls,
                         site_name=config.site_name, site_url=config.site_url)


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
