"""One table of the plugin's options (core/settings.py) feeds the plugin's typed config, the
reading `validate` makes of mkdocs.yml, the Settings both give, and the README's table."""

from __future__ import annotations

import dataclasses
import re

import pytest
from conftest import ROOT, copy_fixture
from mkdocs.config import load_config

from militia_atlas.core.settings import OPTIONS, Settings, options_markdown
from militia_atlas.publish.config import MilitiaAtlasConfig, quick_settings, settings_from_config

FIELDS = {"entries": "entries_dir", "templates": "templates_dir"}  # options held as absolute folders
NOT_DEFAULT = {str: "other", int: 7, bool: False}


def settings_field(option) -> str:
    return FIELDS.get(option.name, option.name)


def test_every_option_is_described_and_held_by_settings():
    names = {field.name for field in dataclasses.fields(Settings)}
    for option in OPTIONS:
        assert option.description.strip(), f"option {option.name} has no description"
        assert settings_field(option) in names, f"Settings has no field for option {option.name}"


def test_the_plugins_config_checks_exactly_the_options_with_their_defaults():
    config = MilitiaAtlasConfig()
    assert set(config._schema_keys) == {option.name for option in OPTIONS}
    config.load_dict({})
    errors, _ = config.validate()
    assert errors == []
    for option in OPTIONS:
        assert config[option.name] == option.default, option.name


def test_the_readme_shows_the_table_of_options():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"<!-- options:start -->\n(.*?)<!-- options:end -->", readme, re.DOTALL)
    assert shown is not None, "README.md has no options table between the options markers"
    assert shown.group(1) == options_markdown()


def every_option_set(tmp_path):
    """A site whose mkdocs.yml sets every option to a value other than its default."""
    root = copy_fixture("basic", tmp_path / "site")
    (root / "templates").mkdir()
    values = {}
    for option in OPTIONS:
        value = NOT_DEFAULT[option.type] if option.default is None or option.type is not bool else not option.default
        if option.name == "entries":
            value = "entries"  # the fixture's entries
        elif option.name == "templates":
            value = "templates"
        values[option.name] = value
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    options = "".join(f"      {name}: {str(value).lower() if isinstance(value, bool) else value}\n"
                      for name, value in values.items())
    text = text.replace("  - militia-atlas\n", "  - militia-atlas:\n" + options)
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    return root, values


def test_validate_and_the_build_read_every_option_the_same_way(tmp_path):
    root, values = every_option_set(tmp_path)
    quick = quick_settings(root / "mkdocs.yml", drafts=True)
    config = load_config(str(root / "mkdocs.yml"))
    plugin = config.plugins["militia-atlas"]
    built = settings_from_config(config, plugin.config, True)
    assert quick == built
    for option in OPTIONS:
        if option.name not in FIELDS:
            assert getattr(quick, option.name) == values[option.name], option.name


@pytest.mark.parametrize("option", [o for o in OPTIONS if o.minimum is not None], ids=lambda o: o.name)
def test_a_number_below_its_minimum_is_refused_by_both(tmp_path, option):
    from militia_atlas.publish.config import SiteNotFound

    root = copy_fixture("basic", tmp_path / "site")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("  - militia-atlas\n", f"  - militia-atlas:\n      {option.name}: {option.minimum - 1}\n")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    with pytest.raises(SiteNotFound, match=f"must be {option.minimum} or more"):
        quick_settings(root / "mkdocs.yml")
