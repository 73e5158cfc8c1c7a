"""The `militia-atlas` command: validate, build, generate, new, schema."""

from __future__ import annotations

import argparse
import functools
import logging
import sys
from pathlib import Path

from .. import __version__
from ..core import collector
from ..core.engine import check
from ..core.outlines import coordinate_warnings
from ..core.problems import (InvalidSite, NotInstalled, as_github_annotations, as_github_warnings, as_json, as_text,
                             as_warning_line,
                             running_in_github_actions, safe_lines)
from ..core.settings import drafts_requested
from ..publish import site_dir
from ..publish.config import SiteNotFound, find_config, markdown_extensions, quick_settings, settings_from_config
from ..views.pipeline import page_link_problems
from . import acled, diff, linkcheck, synth


def main(argv=None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and getattr(args, "command", None) == "new" and not any(word.startswith("-") for word in extra):
        args.words += extra  # `new group --name X field=value`: argparse stops taking positionals at --name
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except SiteNotFound as error:
        print(safe_lines(f"error: {error}"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="militia-atlas", description="Research encyclopedias from YAML entries.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-f", "--config-file", metavar="MKDOCS_YML", help="the site's mkdocs.yml (default: ./mkdocs.yml)")
    # Every command takes -f too, after its name: one parent parser, given to each subparser as it is made.
    # SUPPRESS keeps a -f given before the command when none is given after it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-f", "--config-file", metavar="MKDOCS_YML", default=argparse.SUPPRESS,
                        help="the site's mkdocs.yml (default: ./mkdocs.yml; also accepted before the command)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND",
                                parser_class=functools.partial(argparse.ArgumentParser, parents=[common]))

    validate = sub.add_parser("validate", help="check every entry and page; no build")
    validate.add_argument("--format", choices=("text", "json", "github"), default=None,
                          help="output format (default: text, or GitHub annotations when GITHUB_ACTIONS=true)")
    validate.set_defaults(handler=cmd_validate)

    build = sub.add_parser("build", help="build the site; the previous site stays as it was if anything fails")
    build.add_argument("--site-dir", help="output folder (default: the config's site_dir)")
    build.add_argument("--no-strict", action="store_true", help="do not fail on MkDocs warnings")
    build.set_defaults(handler=cmd_build)

    generate = sub.add_parser("generate", help="write a plugin-free Markdown source tree")
    generate.add_argument("--out", required=True, help="folder to write mkdocs.yml and docs/ into")
    generate.set_defaults(handler=cmd_generate)

    new = sub.add_parser("new", help="write a new entry file from a scaffold")
    new.add_argument("kind", choices=("group", "base", "vessel", "attack"))
    new.add_argument("words", nargs="*", metavar="[ID] [FIELD=VALUE ...]",
                     help="the id (file name; default: made from --name, or today's date), then any fields, "
                          "e.g. base=al-shadadi weapons=drone,rocket")
    new.add_argument("--name", help="name of the group or base, or the attack's place")
    new.add_argument("--strike", action="store_true",
                     help="with `attack`: a strike by a state's forces on an armed group (writes `kind: strike`)")
    new.set_defaults(handler=cmd_new)

    schema = sub.add_parser("schema", help="write the JSON Schemas of the three kinds")
    schema.add_argument("--out", default="schemas", help="folder (default: schemas)")
    schema.add_argument("--fields-doc", metavar="PATH", help="also write the field reference page of the editing "
                        "guide (content/editing/fields.md)")
    schema.set_defaults(handler=cmd_schema)

    diff.add_parser(sub)
    linkcheck.add_parser(sub)
    synth.add_parser(sub)
    acled.add_parser(sub)
    return parser


def cmd_validate(args) -> int:
    config_file = find_config(args.config_file)
    settings = quick_settings(config_file, drafts_requested())
    with collector.paused():
        site, problems = check(settings)
        if not problems:  # as the build: generated pages are known once the entries are valid
            problems = page_link_problems(site, settings, markdown_extensions(config_file))
    output = args.format or ("github" if running_in_github_actions() else "text")
    warnings = coordinate_warnings(site, settings.root) if site is not None and output != "json" else []
    if output == "github" and warnings:
        print(as_github_warnings(warnings))
    elif warnings:
        print("\n".join(as_warning_line(warning) for warning in warnings))
    if output == "json":
        print(as_json(problems))
    elif problems:
        if output == "github":
            print(as_github_annotations(problems))
        print(as_text(problems), file=sys.stderr if output == "github" else sys.stdout)
    else:
        counted = f", {len(warnings)} warning{'s' if len(warnings) != 1 else ''}" if warnings else ""
        print(f"ok: {len(site.groups)} groups, {len(site.bases)} bases, {len(site.attacks)} attacks, "
              f"{len(site.articles)} articles; no errors{counted}")
    return 1 if problems else 0


def _setup_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO)
    logger.propagate = False


def cmd_build(args) -> int:
    """mkdocs build into a fresh folder beside the target, switched in only when it succeeds (site_dir.py)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    _setup_logging()
    config_file = find_config(args.config_file)
    probe = load_mkdocs_config(config_file)
    target = Path(args.site_dir or probe.site_dir).resolve()  # a link to a folder: built beside that folder
    try:
        site_dir.check_output("build into", target, config_file, output_sources(config_file, probe))
        with site_dir.staging_for(target) as staging:
            config = load_config(str(config_file), site_dir=str(staging), strict=not args.no_strict)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
            site_dir.switch(staging, target)
    except site_dir.OutputRefused as error:
        print(safe_lines(f"error: {error}"), file=sys.stderr)
        return 2
    except (Abort, ConfigurationError) as error:
        print(safe_lines(f"error: {error}; the previous site in {target} was left as it was"), file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {site_dir.explain(error, target)}", file=sys.stderr)
        return 1
    print(f"built {target}", file=sys.stderr)
    return 0


def output_sources(config_file: Path, config) -> list:
    settings = quick_settings(config_file)
    return site_dir.site_sources(config_file, Path(config.docs_dir), settings.entries_dir, settings.templates_dir,
                                getattr(config.theme, "custom_dir", None))


def load_mkdocs_config(config_file: Path, **overrides):
    """MkDocs' own reading of mkdocs.yml; a broken file is explained, not a traceback."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    try:
        return load_config(str(config_file), **overrides)
    except (Abort, ConfigurationError) as error:
        raise SiteNotFound(f"{config_file.name}: {error}") from None


def cmd_generate(args) -> int:
    from mkdocs.exceptions import PluginError

    from ..views.pipeline import run
    from ..publish.files import generate
    from ..publish.plugin import MilitiaAtlasPlugin

    config_file = find_config(args.config_file)
    config = load_mkdocs_config(config_file)
    out = Path(args.out).resolve()
    try:
        site_dir.check_output("generate into", out, config_file, output_sources(config_file, config))
    except site_dir.OutputRefused as error:
        print(safe_lines(f"error: {error}"), file=sys.stderr)
        return 2
    plugin = next((p for p in config.plugins.values() if isinstance(p, MilitiaAtlasPlugin)), None)
    if plugin is None:
        print("error: mkdocs.yml does not list the militia-atlas plugin", file=sys.stderr)
        return 2
    settings = settings_from_config(config, plugin.config, drafts_requested())
    try:
        site_dir.check_build_config(config, settings)  # as the plugin refuses it
    except site_dir.OutputRefused as error:  # mkdocs.yml's site_dir is a source folder
        print(safe_lines(f"error: {error}"), file=sys.stderr)
        return 2
    try:
        with collector.paused():
            result = run(settings)
    except InvalidSite as error:
        print(as_text(error.problems), file=sys.stderr)
        return 1
    try:
        generate(config, result, settings, out)
    except InvalidSite as error:  # a hand-written page at a generated page's address
        print(as_text(error.problems), file=sys.stderr)
        return 1
    except (PluginError, NotInstalled) as error:  # e.g. the map's npm packages are not installed
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {site_dir.explain(error, out, generated=True)}", file=sys.stderr)
        return 1
    print(f"wrote {len(result.files)} pages to {Path(args.out) / 'docs'}; build with: "
          f"mkdocs build -f {Path(args.out) / 'mkdocs.yml'}", file=sys.stderr)
    return 0


def cmd_new(args) -> int:
    from .editor_settings import update_settings
    from .scaffold import as_strike, filled_in_date, mapped_schemas, parse_words, write_scaffold

    settings = quick_settings(find_config(args.config_file))
    try:
        ident, fields = parse_words(args.words)
        if args.strike:
            fields = as_strike(args.kind, fields)
        path = write_scaffold(settings, args.kind, ident, args.name, fields)
    except FileExistsError as error:
        print(f"error: {error} already exists; nothing was written", file=sys.stderr)
        return 1
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(path)
    if day := filled_in_date(args.kind, fields):
        print(f"date: {day} (today; change it if the attack was on another day)", file=sys.stderr)
    if schemas := mapped_schemas(settings):
        _say(update_settings(settings.root, settings.entries_dir, schemas))
    return 0


def _say(note: str) -> None:
    if note:
        print(note, file=sys.stderr)


def _site_of(config_file):
    """The site's settings when there is a site (schema also runs outside one: then None)."""
    try:
        return quick_settings(find_config(config_file))
    except SiteNotFound:
        if config_file:
            raise
        return None


def cmd_schema(args) -> int:
    from ..core.field_docs import fields_markdown
    from ..core.schema import KIND_RECORDS, schema_text
    from .editor_settings import update_settings

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for kind in KIND_RECORDS:
        (out / f"{kind}.schema.json").write_text(schema_text(kind), encoding="utf-8", newline="\n")
    print(f"wrote {len(KIND_RECORDS)} schemas to {out}")
    site = _site_of(args.config_file)
    if site is not None:
        _say(update_settings(site.root, site.entries_dir, str(out.resolve())))
    if args.fields_doc:
        Path(args.fields_doc).parent.mkdir(parents=True, exist_ok=True)
        Path(args.fields_doc).write_text(fields_markdown(), encoding="utf-8", newline="\n")
        print(f"wrote the field reference to {args.fields_doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
