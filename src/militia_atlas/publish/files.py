"""Stage 5, publish: the rendered files join an MkDocs build, or a plain source tree.

`add_files` and `hand_written_markdown` serve the plugin's build modes (modes.py); `generate` writes the same files
to a folder with an mkdocs.yml that needs no plugin of ours (Zensical, ProperDocs).
"""

from __future__ import annotations

import html
import json
import os
import shutil
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from .. import views
from ..core.index import Site
from ..core.links import replace_links
from ..core.names import display_name, entity_src
from ..core.parallel import Drawer
from ..core.problems import InvalidSite, NotInstalled
from ..core.settings import Settings
from ..render.assets import STYLESHEET
from ..render.outputs import PendingFile, content_of
from ..render.urls import relative
from ..views import citations, profiles
from ..render.addresses import taken_addresses
from ..views.pipeline import Result, address_problems, site_files
from . import search, site_dir
from .drawn_pages import give_drawn_pages

PLUGIN_NAME = "militia-atlas"
DRAFT_BANNER = ('!!! warning "Draft"\n    This page is a draft. It appears in previews only and is left out of the '
                'published site.\n\n')


def add_stylesheet(config) -> None:
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)


def add_files(files, config, result: Result, settings: Settings, outputs: list, make_file):
    """The generated files (`outputs`) join MkDocs' own, each made a File by the build mode's
    `make_file` (publish/modes.py); a hand-written file may not take a generated one's address.
    Drafts of content/ are left out of a published build."""
    check_addresses(files, config, result, settings, outputs)
    taken = files.src_uris
    for output in outputs:
        if output.src not in taken:
            files.append(make_file(output))
    files = Files(sorted(files, key=walk_order))
    give_drawn_pages(files, config, [output.src for output in outputs if output.src.endswith(".md")])
    if not settings.drafts:
        for page in result.site.pages:
            if page.draft:  # any page of content/, article or not
                file = files.get_file_from_path(page.src)
                if file is not None:
                    file.inclusion = InclusionLevel.EXCLUDED
    return files


def check_addresses(files, config, result: Result, settings: Settings, outputs: list) -> None:
    """InvalidSite when a hand-written file of docs_dir has the address of a generated one."""
    hand_written = []
    for file in files:
        if hand_written_file(file, config):
            path = Path(file.abs_src_path)
            shown = path.relative_to(settings.root).as_posix() if path.is_relative_to(settings.root) else str(path)
            hand_written.append((file.src_uri, shown))
    problems = taken_addresses(hand_written, [output.src for output in outputs], result.site, settings.directory_urls)
    if problems:
        raise InvalidSite(problems.sorted())


class DrawnFile(File):
    """A generated file the second process makes (core.parallel.Drawer): MkDocs reading or copying
    it waits for it."""

    drawer: Drawer | None = None

    @classmethod
    def made_by(cls, drawer: Drawer, config, src: str) -> "DrawnFile":
        file = cls.generated(config, src, abs_src_path=str(drawer.path(src)), inclusion=InclusionLevel.NOT_IN_NAV)
        file.drawer = drawer
        return file

    @property
    def content_string(self) -> str:
        return self.made().read_bytes().decode("utf-8")

    @property
    def content_bytes(self) -> bytes:
        return self.made().read_bytes()

    def copy_file(self, dirty: bool = False) -> None:
        self.abs_src_path = str(self.made())
        super().copy_file(dirty)

    def made(self) -> Path:
        try:
            return self.drawer.made(self.src_uri)
        except InvalidSite as error:  # a template that cannot draw the page: MkDocs stops with this message
            raise PluginError("\n".join(str(problem) for problem in error.problems)) from None
        except NotInstalled as error:
            raise PluginError(str(error)) from None


@contextmanager
def drawing(result: Result, settings: Settings):
    """A published build's pages, then the views' data files, made by a second process, the pages in
    the order MkDocs reads them (core/parallel.py), while the build lasts: yields (drawer, the data
    files, PendingFiles); the child is stopped and its folder removed after."""
    jobs, order, data_files = drawing_jobs(result, settings)
    drawer = Drawer(jobs)
    drawer.start(order)
    try:
        yield drawer, data_files
    finally:
        drawer.finish()


def drawing_jobs(result: Result, settings: Settings) -> tuple:
    """(jobs: src -> the function making its content, the order to make them in, the data files still
    to make) of a published build's second process: every page, in the order MkDocs reads them, then
    every view's data file."""
    jobs = {output.src: output.make for output in result.files if isinstance(output, PendingFile)}
    pages = sorted(jobs, key=walk_key)
    data = [output for output in views.extra_files(result, settings, lazy=True) if output.src not in jobs]
    jobs.update((output.src, partial(content_of, output)) for output in data)
    return jobs, pages + [output.src for output in data], [PendingFile(output.src, jobs[output.src]) for output in data]


# Front matter keys Material writes into the page as they are (`<title>{{ page.meta.title }}`,
# `<meta name="description" content="{{ page.meta.description }}">`, the nav's subtitle).
HEAD_TEXT_KEYS = ("title", "description", "author", "subtitle")


def escape_head_text(meta: dict) -> dict:
    """A hand-written page's title, description, author and subtitle HTML-escaped in its front matter
    values, as generated pages' are (text.front_matter_text): shown as written, never as markup."""
    for key in HEAD_TEXT_KEYS:
        value = meta.get(key)
        if value is not None:
            meta[key] = html.escape(str(value), quote=True)
    return meta


def hand_written_file(file, config) -> bool:
    """A file of the site's docs_dir (not one we generated, nor a theme's, nor the preview's)."""
    # MkDocs joins docs_dir (absolute) and the file's path: a string test, no file system call per file.
    docs_dir = os.path.normpath(config.docs_dir) + os.sep
    return bool(file.abs_src_path) and not file.generated_by and os.path.normpath(file.abs_src_path).startswith(docs_dir)


def escaped_front_matter(text: str) -> str:
    """A hand-written page's source for `generate`: its front matter rewritten with escape_head_text
    when that changes anything (plain MkDocs reads it without our plugin); else as it is."""
    from ..core.articles import FRONT_MATTER

    match = FRONT_MATTER.match(text)
    if not match:
        return text
    try:
        meta = yaml.safe_load(match.group(1) or "")  # as MkDocs reads it
    except yaml.YAMLError:
        return text
    if not isinstance(meta, dict) or escape_head_text(dict(meta)) == meta:
        return text
    dumped = yaml.safe_dump(escape_head_text(meta), allow_unicode=True, sort_keys=False, width=1 << 16)
    return f"---\n{dumped}---\n" + text[match.end():]


def walk_order(file) -> tuple:
    """The order MkDocs' own walk of docs_dir gives (folders sorted, a folder's files before its subfolders,
    index first), so generated pages land where they would if they were files on disk."""
    return walk_key(file.src_uri)


def walk_key(src: str) -> tuple:
    *folders, name = src.split("/")
    stem = name.rsplit(".", 1)[0]
    return (*((1, folder) for folder in folders), (0, stem not in ("index", "README"), name))


def hand_written_markdown(markdown: str, page, config, site: Site, settings: Settings) -> str:
    """A page's Markdown as MkDocs is about to convert it: a hand-written page's head text escaped,
    its `[[id]]` links made, its citation added (page_markdown)."""
    if hand_written_file(page.file, config):  # generated pages' front matter is escaped already
        escape_head_text(page.meta)
    return page_markdown(markdown, page.file.src_uri, site, settings)


def page_markdown(markdown: str, src: str, site: Site, settings: Settings | None = None) -> str:
    """`[[id]]` links in hand-written pages become relative .md links MkDocs checks; articles get
    "Cite this page" (with settings)."""
    def wiki(ident: str, label):
        entry = site.resolve(ident)
        if entry is None:  # a draft in a published build: the index stage reported it already
            return label or ident
        name = label or display_name(entry, site)
        return f"[{name}]({relative(src, entity_src(entry.kind, entry.id))})"

    page = next((p for p in site.pages if p.src == src), None)
    if page is None:  # a generated page: its links were made when it was rendered, as `generate` writes it
        return markdown
    text = replace_links(markdown, wiki)
    if page.draft:
        text = DRAFT_BANNER + text
    text = profiles.article_head(page, text)
    if settings is not None:
        text += citations.article_section(page, site, settings)
    return text


# -- generate: the same pages as a plain MkDocs source tree ----------------------------

def generate(config, result: Result, settings: Settings, out_dir: Path) -> None:
    """Write docs/, a copy of the site's config and an mkdocs.yml without our plugin."""
    outputs = result.files + site_files(result, settings)
    problems = address_problems(result.site, settings, [output.src for output in outputs])
    if problems:  # before anything is written
        raise InvalidSite(problems)
    out_dir = out_dir.resolve()
    sources = site_dir.site_sources(config.config_file_path, settings.docs_dir, settings.entries_dir,
                                   settings.templates_dir, getattr(config.theme, "custom_dir", None))
    site_dir.check_output("generate into", out_dir, Path(config.config_file_path), sources)  # docs/ is emptied
    docs = out_dir / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    written = set()
    for page in result.site.pages:
        if page.draft and not settings.drafts:
            continue
        _write(docs / page.src, page_markdown(escaped_front_matter(page.text), page.src, result.site, settings))
        written.add(page.src)
    for path in sorted(settings.docs_dir.rglob("*")):
        src = path.relative_to(settings.docs_dir).as_posix()
        if path.is_file() and src not in written and not path.name.endswith(".md"):
            (docs / src).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, docs / src)
            written.add(src)
    for output in outputs:
        if output.src not in written:
            _write(docs / output.src, output.content)
    _write_config(config, settings, out_dir)
    search.add_to_generated_tree(config, docs, out_dir)  # Pagefind search box, pagefind.yml


def _write(path: Path, text) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):  # files copied as they are (the map library)
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="\n")


def _write_config(config, settings: Settings, out_dir: Path) -> None:
    source = Path(config.config_file_path)
    shutil.copyfile(source, out_dir / "mkdocs.base.yml")
    custom_dir = config.theme.custom_dir if hasattr(config.theme, "custom_dir") else None
    if custom_dir and Path(custom_dir).is_dir():
        relative_dir = Path(custom_dir).resolve().relative_to(settings.root)
        shutil.copytree(custom_dir, out_dir / relative_dir, dirs_exist_ok=True)
    lines = [
        "# Written by `militia-atlas generate`: the site's own mkdocs.yml (mkdocs.base.yml) without the",
        "# militia-atlas plugin, over docs/ holding the hand-written and the generated pages.",
        "INHERIT: mkdocs.base.yml",
        "docs_dir: docs",
        "site_dir: site",
        yaml.serialize(_plugins_without_ours(source.read_text(encoding="utf-8"))).rstrip(),
        "extra_css:",
        *[f"  - {json.dumps(str(css))}" for css in list(config.extra_css) + ([STYLESHEET] if STYLESHEET not in config.extra_css else [])],
    ]
    (out_dir / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _plugins_without_ours(config_text: str):
    """The `plugins:` node of the site's config, tags and all, minus our plugin."""
    root = yaml.compose(config_text, Loader=yaml.SafeLoader)
    plugins = yaml.SequenceNode("tag:yaml.org,2002:seq", [], flow_style=False)
    for key, value in root.value:
        if key.value == "plugins" and isinstance(value, yaml.SequenceNode):
            plugins.value = [item for item in value.value
                             if _plugin_name(item) not in (PLUGIN_NAME, search.PLUGIN_NAME)]
    key = yaml.ScalarNode("tag:yaml.org,2002:str", "plugins")
    return yaml.MappingNode("tag:yaml.org,2002:map", [(key, plugins)], flow_style=False)


def _plugin_name(node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.MappingNode) and node.value:
        return node.value[0][0].value
    return ""
