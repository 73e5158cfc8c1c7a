"""Stage 5, publish (MkDocs face): wires MkDocs events to the engine. No logic of its own."""

from __future__ import annotations


from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger

from ..core import collector, parallel
from ..core.problems import InvalidSite, NotInstalled
from ..core.settings import drafts_requested
from ..preview.memory import Memory
from ..preview.watch import watch_folders
from ..views.pipeline import run
from . import files as publish
from . import site_dir
from .config import MilitiaAtlasConfig, settings_from_config
from .preview_files import FileMemory, LaterFiles, preview_folder, preview_log, quiet_dirty_notice, read_skipped_titles, without_sitemap

log = get_plugin_logger(__name__)


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
        self.later_files = LaterFiles()  # the preview's data files, written after each build

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"
        # MkDocs keeps one instance of this plugin per process: a new session starts from nothing.
        self.later_files.stop()
        self.later_files = LaterFiles()
        if self.serving:
            self.memory = Memory(files=FileMemory())
            if dirty:
                quiet_dirty_notice()

    def on_shutdown(self):
        if self.event_watch is not None:
            self.event_watch.stop()
        self.later_files.stop()
        self.memory = None

    def on_config(self, config):
        self.settings = settings_from_config(config, self.config, self.serving or drafts_requested())
        try:
            site_dir.check_build_config(config, self.settings)
        except site_dir.OutputRefused as error:
            raise PluginError(str(error)) from None
        publish.add_stylesheet(config)
        if self.serving:
            self.preview_dir = preview_folder(config.config_file_path)
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
        except NotInstalled as error:  # the map's npm packages: MkDocs stops with this message
            raise PluginError(str(error)) from None

    def on_files(self, files, *, config):
        try:
            return self._files(files, config)
        except NotInstalled as error:  # the map's npm packages: MkDocs stops with this message
            raise PluginError(str(error)) from None
        except InvalidSite as error:  # a hand-written page at a generated page's address
            for problem in error.problems:
                log.error(str(problem))
            raise PluginError(f"{len(error.problems)} error(s) in the pages; see above.") from None

    def _files(self, files, config):
        if not self.serving:
            return publish.add_files(files, config, self.result, self.settings, drawer=self.drawer)
        files = publish.add_files(files, config, self.result, self.settings, self.preview_dir, self.memory.files,
                                  self.later_files)
        return without_sitemap(config, files)

    def on_nav(self, nav, *, config, files):
        if self.serving:
            self.memory.files.note_pages()
            read_skipped_titles(nav, config)
        return nav

    def on_page_markdown(self, markdown, *, page, config, files):
        if publish.hand_written_file(page.file, config):  # generated pages' front matter is escaped already
            publish.escape_head_text(page.meta)
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
