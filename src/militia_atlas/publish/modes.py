"""How a build's generated files reach MkDocs: one class per build mode, chosen once when the
plugin is configured (`build_mode`). The plugin only passes MkDocs' events on to its mode.

- `OneProcess` (`mkdocs build` on one core, or MILITIA_ATLAS_ONE_PROCESS=1): every page is drawn
  here, before MkDocs starts on them.
- `SecondProcess` (`mkdocs build` with a second core): a forked child draws the pages in the
  order MkDocs reads them, then the data files, while MkDocs works here (core.parallel.Drawer).
- `Preview` (`mkdocs serve`): an edit redraws only the pages that read what it changed
  (preview.memory), MkDocs' File and Page objects are kept between rebuilds, the data files
  follow in the background, and an invalid edit keeps the last valid version on show.

A published build's lifetime (the collector frozen, the child process) is one ExitStack,
closed when the build ends, whether it succeeded or not.
"""

from __future__ import annotations

from contextlib import ExitStack, contextmanager

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

from ..core import collector, parallel
from ..core.outlines import coordinate_warnings
from ..core.problems import InvalidSite, NotInstalled, as_warning_line
from ..preview.banner import with_banner
from ..preview.memory import Memory
from ..preview.watch import watch_folders
from ..render.outputs import PendingFile
from ..render.renderer import DrawLater, DrawNow
from ..views.pipeline import run, site_files
from .files import DrawnFile, add_files, drawing
from .site_dir import OutputRefused
from .preview_files import (FileMemory, LaterFiles, preview_folder, preview_log, quiet_dirty_notice,
                            read_skipped_titles, without_sitemap)

log = get_plugin_logger("militia_atlas.publish.plugin")


@contextmanager
def as_mkdocs_errors(what: str = "entries"):
    """Our errors as MkDocs shows a plugin's: every problem logged, then one PluginError."""
    try:
        yield
    except InvalidSite as error:
        for problem in error.problems:
            log.error(str(problem))
        raise PluginError(f"{len(error.problems)} error(s) in the {what}; see above.") from None
    except NotInstalled as error:  # the map's npm packages: MkDocs stops with this message
        raise PluginError(str(error)) from None
    except OutputRefused as error:  # site_dir is one of the site's own folders
        raise PluginError(str(error)) from None


def log_warnings(result, settings) -> None:
    """Warnings (a point outside its country) in the build log, at INFO: `--strict` stops on MkDocs
    warnings, and ours must never stop a build."""
    for warning in coordinate_warnings(result.site, settings.root):
        log.info(as_warning_line(warning))


def show_errors_on_pages(server, current_problems) -> None:
    """Every HTML page the live-reload server sends opens with the current errors (preview.banner).
    MkDocs' server adds its reload script to each page in `_inject_js_into_html`; without that
    method (another server), pages are served as they are and the errors stay in the log."""
    inject = getattr(server, "_inject_js_into_html", None)
    if inject is None:
        return

    def inject_with_banner(content, epoch):
        return inject(with_banner(content, current_problems()), epoch)

    server._inject_js_into_html = inject_with_banner


def build_mode(command: str, settings, config, dirty: bool = False):
    if command == "serve":
        return Preview(settings, config, dirty)
    return SecondProcess(settings) if parallel.available() else OneProcess(settings)


class OneProcess:
    """`mkdocs build`: every page drawn in this process."""

    def __init__(self, settings):
        self.settings = settings
        self.result = None
        self.lifetime = ExitStack()

    def run(self) -> None:
        """Load, validate, index and render, before MkDocs empties site_dir: a bad entry leaves the
        previous site untouched."""
        with as_mkdocs_errors(), collector.paused():
            self.result = self.render()
            log_warnings(self.result, self.settings)
        self.lifetime.enter_context(collector.frozen())  # the engine's results, left out of collections
        self.start()

    def render(self):
        return run(self.settings, sink=DrawNow())

    def start(self) -> None:
        pass

    def files(self, files, config):
        outputs = self.result.files + site_files(self.result, self.settings)
        with as_mkdocs_errors("pages"):
            return add_files(files, config, self.result, self.settings, outputs, lambda output: File.generated(
                config, output.src, content=output.content, inclusion=InclusionLevel.NOT_IN_NAV))

    def nav(self, nav, config):
        return nav

    def built(self, config) -> None:
        self.lifetime.close()

    def failed(self) -> None:
        self.lifetime.close()

    def serve(self, server):
        return server

    def stop(self) -> None:
        self.lifetime.close()


class SecondProcess(OneProcess):
    """`mkdocs build` with a second core: the pages drawn by a forked child (core.parallel)."""

    def __init__(self, settings):
        super().__init__(settings)
        self.drawer, self.data_files = None, []

    def render(self):
        return run(self.settings, sink=DrawLater())

    def start(self) -> None:
        with as_mkdocs_errors():
            self.drawer, self.data_files = self.lifetime.enter_context(drawing(self.result, self.settings))

    def files(self, files, config):
        outputs = self.result.files + site_files(self.result, self.settings, with_views=False) + self.data_files

        def make(output):
            if isinstance(output, PendingFile):
                return DrawnFile.made_by(self.drawer, config, output.src)
            return File.generated(config, output.src, content=output.content, inclusion=InclusionLevel.NOT_IN_NAV)

        with as_mkdocs_errors("pages"):
            return add_files(files, config, self.result, self.settings, outputs, make)


def written_now(output):
    """A file's content, or None for a data file that LaterFiles writes after the build."""
    return None if isinstance(output, PendingFile) else output.content


class Preview:
    """`mkdocs serve`: what the preview keeps between rebuilds, and the data files written after."""

    def __init__(self, settings, config, dirty: bool):
        self.settings = settings
        self.result = None
        self.memory = Memory(files=FileMemory())
        self.folder = preview_folder(config.config_file_path)
        self.later_files = LaterFiles(self.folder)
        self.event_watch = None
        self.problems = []  # of the last rebuild, shown on every page served (preview.banner)
        if dirty:
            quiet_dirty_notice()

    def run(self) -> None:
        self.later_files.stop()
        collector.pause()  # no collection until the data files are written (LaterFiles)
        try:
            with collector.paused():
                self.result = run(self.settings, self.memory, sink=self.memory.pages)
                log_warnings(self.result, self.settings)
            self.problems = []
        except InvalidSite as error:
            self.problems = list(error.problems)
            if self.result is None:  # nothing valid to keep showing
                with as_mkdocs_errors():
                    raise
            # Beside MkDocs' log, not in it: a site with `strict: true` would count them and abort.
            keeping = preview_log()
            for problem in error.problems:
                keeping.error(str(problem))
            keeping.error("Fix the error(s) above; the preview keeps showing the last valid version.")
        except NotInstalled:
            with as_mkdocs_errors():
                raise

    def files(self, files, config):
        outputs = self.result.files + site_files(self.result, self.settings, with_views=False)
        outputs += self.later_files.to_register(self.result, self.settings, hand_written=files.src_uris)
        memory = self.memory.files
        with as_mkdocs_errors("pages"):
            memory.begin()
            files = add_files(files, config, self.result, self.settings, outputs,
                              lambda output: memory.file(config, self.folder, output.src, written_now(output)))
        memory.drop_missing(config, self.folder)
        return without_sitemap(config, files)

    def nav(self, nav, config):
        self.memory.files.note_pages()
        read_skipped_titles(nav, config)
        return nav

    def built(self, config) -> None:
        self.memory.files.end()
        self.later_files.start(self.result, self.settings, config.site_dir, log.error)  # collects when done

    def failed(self) -> None:
        collector.collect()

    def serve(self, server):
        self.event_watch = watch_folders(server, [self.settings.entries_dir, self.settings.templates_dir])
        show_errors_on_pages(server, lambda: self.problems)
        return server

    def stop(self) -> None:
        if self.event_watch is not None:
            self.event_watch.stop()
        self.later_files.stop()
