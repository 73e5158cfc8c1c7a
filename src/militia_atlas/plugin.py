"""Stage 5, publish (MkDocs face): wires MkDocs events to the engine. No logic of its own."""

from __future__ import annotations


from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger

from . import publish
from .engine import drafts_requested, run
from . import collector, parallel
from .preview import Memory, preview_log, quiet_dirty_notice
from .problems import InvalidSite
from .watch import watch_folders

log = get_plugin_logger(__name__)


class MilitiaAtlasConfig(Config):
    entries = c.Type(str, default="entries")
    """Folder of YAML entries, relative to mkdocs.yml."""
    templates = c.Optional(c.Type(str))
    """Folder of templates overriding the built-in ones, relative to mkdocs.yml."""
    per_page = c.Type(int, default=20)
    """Items per listing page."""
    drafts = c.Optional(c.Type(bool))
    """Show drafts. Default: only in `mkdocs serve` or with MILITIA_ATLAS_DRAFTS=1."""
    map_tiles = c.Type(bool, default=True)
    """Maps load OpenStreetMap tiles when online; false draws country outlines only (no outside request)."""
    tile_url = c.Type(str, default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    """Tile URL template for the maps."""


class MilitiaAtlasPlugin(BasePlugin[MilitiaAtlasConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.serving = False
        self.settings = None
        self.result = None
        self.memory = None  # what a live preview keeps between rebuilds (preview.Memory)
        self.preview_dir = None
        self.event_watch = None  # the entries' watch in a live preview (watch.EventWatch)
        self.drawer = None  # a published build's pages and data files, made in a second process (parallel.Drawer)
        self.later_files = publish.LaterFiles()  # the preview's data files, written after each build

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"
        # MkDocs keeps one instance of this plugin per process: a new session starts from nothing.
        self.later_files.stop()
        self.later_files = publish.LaterFiles()
        if self.serving:
            self.memory = Memory()
            if dirty:
                quiet_dirty_notice()

    def on_shutdown(self):
        if self.event_watch is not None:
            self.event_watch.stop()
        self.later_files.stop()
        self.memory = None

    def on_config(self, config):
        self.settings = publish.settings_from_config(config, self.config, self.serving or drafts_requested())
        publish.add_stylesheet(config)
        if self.serving:
            self.preview_dir = publish.preview_folder(config.config_file_path)
            self.later_files.preview_dir = self.preview_dir
        return config

    def on_pre_build(self, *, config):
        self.later_files.stop()
        if self.serving:
            collector.pause()
        # Runs before MkDocs empties site_dir: a bad entry leaves the previous site untouched.
        try:
            with collector.paused():
                self.result = run(self.settings, self.memory, draw_later=not self.serving and parallel.available())
            if not self.serving:
                collector.freeze()
                self.drawer = publish.start_drawing(self.result, self.settings)
        except InvalidSite as error:
            if self.serving and self.result is not None:
                keeping = preview_log()
                for problem in error.problems:
                    keeping.error(str(problem))
                keeping.error("Fix the error(s) above; the preview keeps showing the last valid version.")
                return
            for problem in error.problems:
                log.error(str(problem))
            raise PluginError(f"{len(error.problems)} error(s) in the entries; see above.") from None

    def on_files(self, files, *, config):
        if not self.serving:
            return publish.add_files(files, config, self.result, self.settings, drawer=self.drawer)
        files = publish.add_files(files, config, self.result, self.settings, self.preview_dir, self.memory.files,
                                  self.later_files)
        return publish.without_sitemap(config, files)

    def on_nav(self, nav, *, config, files):
        if self.serving:
            self.memory.files.note_pages()
            publish.read_skipped_titles(nav, config)
        return nav

    def on_page_markdown(self, markdown, *, page, config, files):
        return publish.page_markdown(markdown, page.file.src_uri, self.result.site, self.settings)

    def on_post_build(self, *, config):
        if self.serving and self.result is not None:
            self.memory.files.end()
            self.later_files.start(self.result, self.settings, config.site_dir, log.error)  # collects when done
        else:
            self._end_build()

    def on_build_error(self, *, error):
        self._end_build()

    def _end_build(self):
        if self.drawer is not None:
            self.drawer.finish()
            self.drawer = None
        # A preview paused the collector for the rebuild; a published build froze the engine's results.
        if self.serving:
            collector.collect()
        else:
            collector.thaw()

    def on_serve(self, server, *, config, builder):
        self.event_watch = watch_folders(server, [self.settings.entries_dir, self.settings.templates_dir])
        return server
