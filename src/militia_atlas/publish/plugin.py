"""Stage 5, publish (MkDocs face): MkDocs' events passed on to the build mode (modes.py). No logic
of its own."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin

from ..core.settings import drafts_requested
from . import site_dir
from .config import MilitiaAtlasConfig, settings_from_config
from .files import add_stylesheet, hand_written_markdown
from .modes import as_mkdocs_errors, build_mode


class MilitiaAtlasPlugin(BasePlugin[MilitiaAtlasConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.command, self.dirty = "build", False
        self.mode = None  # OneProcess, SecondProcess or Preview: chosen once, at the first on_config

    def on_startup(self, *, command, dirty):
        self.on_shutdown()  # MkDocs keeps one instance of the plugin per process: a session starts afresh
        self.command, self.dirty = command, dirty

    def on_shutdown(self):
        if self.mode is not None:
            self.mode.stop()
        self.mode = None

    def on_config(self, config):
        settings = settings_from_config(config, self.config, self.command == "serve" or drafts_requested())
        with as_mkdocs_errors():
            site_dir.check_build_config(config, settings)
        add_stylesheet(config)
        if self.mode is None:
            self.mode = build_mode(self.command, settings, config, self.dirty)
        self.mode.settings = settings  # `mkdocs serve` reads mkdocs.yml again before each rebuild
        return config

    def on_pre_build(self, *, config):
        self.mode.run()

    def on_files(self, files, *, config):
        return self.mode.files(files, config)

    def on_nav(self, nav, *, config, files):
        return self.mode.nav(nav, config)

    def on_page_markdown(self, markdown, *, page, config, files):
        return hand_written_markdown(markdown, page, config, self.mode.result.site, self.mode.settings)

    def on_post_build(self, *, config):
        self.mode.built(config)

    def on_build_error(self, *, error):
        self.mode.failed()

    def on_serve(self, server, *, config, builder):
        return self.mode.serve(server)
