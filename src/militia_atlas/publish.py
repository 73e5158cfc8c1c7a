"""Stage 5, publish: the rendered files join an MkDocs build, or a plain source tree.

`add_files` and `page_markdown` serve the plugin; `generate` writes the same files
to a folder with an mkdocs.yml that needs no plugin of ours (Zensical, ProperDocs).
"""

from __future__ import annotations

import html
import json
import shutil
import threading
from functools import partial
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from . import citations, search, views
from .assets import STYLESHEET, static_files
from .engine import Result, Settings
from .parallel import Drawer
from .preview import FileMemory, remove_file, write_if_changed
from . import collector
from .index import FOLDERS, Site, attack_title, entity_src
from .links import replace_links
from .problems import InvalidSite
from .render import OutputFile, content_of, relative, relative_url
from .schema import KIND_RECORDS, schema_text

PLUGIN_NAME = "militia-atlas"
DRAFT_BANNER = ('!!! warning "Draft"\n    This page is a draft. It appears in previews only and is left out of the '
                'published site.\n\n')


def settings_from_config(config, plugin_config, drafts: bool) -> Settings:
    root = Path(config.config_file_path).resolve().parent
    templates = plugin_config.templates
    return Settings(
        root=root,
        entries_dir=(root / plugin_config.entries).resolve(),
        docs_dir=Path(config.docs_dir).resolve(),
        templates_dir=(root / templates).resolve() if templates else None,
        per_page=plugin_config.per_page,
        drafts=plugin_config.drafts if plugin_config.drafts is not None else drafts,
        directory_urls=config.use_directory_urls,
        site_name=config.site_name,
        site_url=config.site_url or "",
        map_tiles=plugin_config.map_tiles,
        tile_url=plugin_config.tile_url,
    )


def add_stylesheet(config) -> None:
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)


def extra_files(result: Result, settings: Settings, with_views: bool = True) -> list:
    """Files besides the Markdown pages: stylesheet, JSON Schemas, redirect pages, the views' data and feeds
    (those last with `with_views`; a live preview writes them after the pages, see `LaterFiles`)."""
    out = [OutputFile(src, text) for src, text in static_files().items()]
    for kind in KIND_RECORDS:
        out.append(OutputFile(f"schemas/{kind}.schema.json", schema_text(kind)))
    for old, ident in sorted(result.site.redirects.items()):
        entry = result.site.entities.get(ident)
        if entry is not None:
            out.append(redirect_page(FOLDERS[entry.kind], old, entity_src(entry.kind, ident), settings.directory_urls))
    return out + views.extra_files(result, settings) if with_views else out


def redirect_page(folder: str, old: str, target_src: str, directory_urls: bool) -> OutputFile:
    old_src = f"{folder}/{old}.md"
    src = f"{folder}/{old}/index.html" if directory_urls else f"{folder}/{old}.html"
    url = html.escape(relative_url(old_src, target_src, directory_urls), quote=True)
    text = (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Moved</title>'
            f'<meta name="robots" content="noindex"><link rel="canonical" href="{url}">'
            f'<meta http-equiv="refresh" content="0; url={url}"></head>\n'
            f'<body><p>This page has moved to <a href="{url}">{url}</a>.</p></body></html>\n')
    return OutputFile(src, text)


def add_files(files, config, result: Result, settings: Settings, preview_dir: Path | None = None,
              memory: "FileMemory | None" = None, later: "LaterFiles | None" = None, drawer=None):
    """Add every generated file; a hand-written file of the same name wins.

    With `preview_dir` and the preview's `memory` (the live preview), files are written there, and
    rewritten only when their content changed, so that `mkdocs serve --dirty` rebuilds just the pages
    an edit touched (see preview.FileMemory). With `later`, the views' data files are written after
    the build (see LaterFiles). With a `drawer` (parallel.Drawer), pages not drawn yet (content
    None) and the views' data files are read from it when MkDocs reads or copies them.
    """
    outputs = result.files + extra_files(result, settings, with_views=later is None and drawer is None)
    taken = files.src_uris
    if later is not None and preview_dir is not None:
        outputs += later.to_register(result, settings, hand_written=taken)
    if drawer is not None:
        outputs += drawer.data_files
    if memory is not None:
        memory.begin()
    for output in outputs:
        if output.src in taken:
            continue
        if preview_dir is None and output.content is None:
            file = DrawnFile.generated(config, output.src, abs_src_path=str(drawer.path(output.src)),
                                       inclusion=InclusionLevel.NOT_IN_NAV)
            file.drawer = drawer
        elif preview_dir is None:
            file = File.generated(config, output.src, content=output.content, inclusion=InclusionLevel.NOT_IN_NAV)
        else:
            file = memory.file(config, preview_dir, output.src, output.content)
        files.append(file)
    files = Files(sorted(files, key=walk_order))
    if memory is not None:
        memory.drop_missing(config, preview_dir)
    if not settings.drafts:
        for page in result.site.pages:
            if page.is_article and page.draft:
                file = files.get_file_from_path(page.src)
                if file is not None:
                    file.inclusion = InclusionLevel.EXCLUDED
    return files


class DrawnFile(File):
    """A generated file the Drawer makes: MkDocs reading or copying it waits for it."""

    drawer: Drawer | None = None

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


def start_drawing(result: Result, settings: Settings) -> Drawer | None:
    """A published build's pages, then the views' data files, made by a second process: the pages in
    the order MkDocs reads them (parallel.py). None when the Result's pages are drawn already."""
    if result.jobs is None:
        return None
    jobs = {src: partial(result.renderer.draw, template, src, values) for template, src, values in result.jobs}
    pages = sorted(jobs, key=walk_key)
    data = [output for output in views.extra_files(result, settings, lazy=True) if output.src not in jobs]
    jobs.update((output.src, partial(content_of, output)) for output in data)
    drawer = Drawer(jobs)
    drawer.data_files = [OutputFile(output.src, None) for output in data]
    drawer.start(pages + [output.src for output in data])
    return drawer


class LaterFiles:
    """In a live preview, the views' data files (feeds, downloads, map and timeline data) are
    written after each build, in the background, to the preview folder and straight into the
    served folder: an edit shows on its pages first, and its data files follow a few seconds later
    (~4 s at 10,000 attacks). The first build writes them with the pages, so that MkDocs knows
    every file the pages link to. A published build always writes them with the pages.
    A data file the entries no longer make (the feed of a deleted group) is deleted from both
    folders once a complete pass has written all the others."""

    def __init__(self):
        self.preview_dir = None  # set by the plugin when it serves
        self.thread = None
        self.cancelled = threading.Event()
        self.known = None  # sources of the data files written so far
        self.hand_written = frozenset()  # sources of the site's own files: they win over data files

    def to_register(self, result: Result, settings: Settings, hand_written=frozenset()) -> list:
        """The data files for MkDocs' file list: made now the first time, else the ones already
        written (content None: LaterFiles writes them after the build)."""
        self.hand_written = frozenset(hand_written)
        if self.known is None:
            made = views.extra_files(result, settings)
            self.known = {output.src for output in made}
            return made
        return [OutputFile(src, None) for src in sorted(self.known)]

    def start(self, result: Result, settings: Settings, site_dir: str, on_error) -> None:
        self.stop()
        self.cancelled = threading.Event()
        self.thread = threading.Thread(target=self._write, args=(result, settings, Path(site_dir), self.cancelled, on_error),
                                       name="militia-atlas-data-files", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        """Abandon the files still to write (a newer build is starting), and wait for the writer."""
        if self.thread is not None:
            self.cancelled.set()
            self.thread.join()
            self.thread = None

    def _write(self, result: Result, settings: Settings, site_dir: Path, cancelled, on_error) -> None:
        try:
            made = set()
            for outputs in views.extra_files_by_view(result, settings):
                for output in outputs:
                    if cancelled.is_set():
                        return
                    if output.src in self.hand_written:
                        continue
                    if self.preview_dir is not None:  # first, so the served copy is the newer one
                        write_if_changed(self.preview_dir / output.src, output.content)
                    write_if_changed(site_dir / output.src, output.content)
                    self.known.add(output.src)
                    made.add(output.src)
            self._delete_unmade(made, site_dir)
        except Exception as error:  # a thread's exception would vanish: say it in the serve log
            on_error(f"data files (feeds, downloads) were not refreshed: {type(error).__name__}: {error}")
        finally:
            collector.collect()  # the collection the rebuild skipped (collector.pause)

    def _delete_unmade(self, made: set, site_dir: Path) -> None:
        for src in sorted(self.known - made - self.hand_written):
            if self.preview_dir is not None:
                remove_file(self.preview_dir, src)
            remove_file(site_dir, src)
        self.known = made


def without_sitemap(config, files):
    """A preview needs no sitemap: rendering it lists every page on every rebuild (13,000 at 10,000
    attacks), and a dirty build's sitemap would list only the rebuilt pages anyway. (Once it is no
    static template, MkDocs would copy the theme's unrendered sitemap.xml: that file goes too.)"""
    config.theme.static_templates.discard("sitemap.xml")
    template = files.get_file_from_path("sitemap.xml")
    if template is not None:
        files.remove(template)
    return files


def read_skipped_titles(nav, config) -> None:
    """`mkdocs serve --dirty` reads only the pages an edit touched; the others in the nav would show
    "None" as their title in every rebuilt page's menu. Read those pages' sources for their titles."""
    for page in nav.pages:
        if page.markdown is None and not page.file.is_modified():
            page.read_source(config)


def preview_folder(config_file: str) -> Path:
    """Where the live preview keeps its generated pages: outside the site's own folders."""
    import hashlib
    import tempfile

    key = hashlib.sha256(str(Path(config_file).resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"militia-atlas-preview-{key}"


def walk_order(file) -> tuple:
    """The order MkDocs' own walk of docs_dir gives (folders sorted, a folder's files before its subfolders,
    index first), so generated pages land where they would if they were files on disk."""
    return walk_key(file.src_uri)


def walk_key(src: str) -> tuple:
    *folders, name = src.split("/")
    stem = name.rsplit(".", 1)[0]
    return (*((1, folder) for folder in folders), (0, stem not in ("index", "README"), name))


def page_markdown(markdown: str, src: str, site: Site, settings: Settings | None = None) -> str:
    """`[[id]]` links in hand-written pages become relative .md links MkDocs checks; articles get
    "Cite this page" (with settings)."""
    def wiki(ident: str, label):
        entry = site.resolve(ident)
        if entry is None:  # a draft in a published build: the index stage reported it already
            return label or ident
        name = label or (entry.name if entry.kind != "attack" else attack_title(entry, site.bases))
        return f"[{name}]({relative(src, entity_src(entry.kind, entry.id))})"

    page = next((p for p in site.pages if p.src == src), None)
    if page is None:  # a generated page: its links were made when it was rendered, as `generate` writes it
        return markdown
    text = replace_links(markdown, wiki)
    if page.draft:
        text = DRAFT_BANNER + text
    if settings is not None:
        text += citations.article_section(page, site, settings)
    return text


# -- generate: the same pages as a plain MkDocs source tree ----------------------------

def generate(config, result: Result, settings: Settings, out_dir: Path) -> None:
    """Write docs/, a copy of the site's config and an mkdocs.yml without our plugin."""
    out_dir = out_dir.resolve()
    docs = out_dir / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    written = set()
    for page in result.site.pages:
        if page.is_article and page.draft and not settings.drafts:
            continue
        _write(docs / page.src, page_markdown(page.text, page.src, result.site, settings))
        written.add(page.src)
    for path in sorted(settings.docs_dir.rglob("*")):
        src = path.relative_to(settings.docs_dir).as_posix()
        if path.is_file() and src not in written and not path.name.endswith(".md"):
            (docs / src).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, docs / src)
            written.add(src)
    for output in result.files + extra_files(result, settings):
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
