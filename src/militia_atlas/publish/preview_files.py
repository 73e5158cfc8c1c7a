"""The live preview's side of MkDocs (`mkdocs serve`): generated files kept between rebuilds,
data files written after each build, and MkDocs' log kept quiet about what we handle."""

from __future__ import annotations

import logging
import os
import threading
from functools import partial
from pathlib import Path

from mkdocs.structure.files import File, InclusionLevel

from .. import views
from ..core import collector
from ..render.outputs import PendingFile
from ..views.pipeline import Result
from ..core.settings import Settings
from .files import escape_head_text


DIRTY_NOTICE = "A 'dirty' build is being performed"


class QuietDirtyNotice(logging.Filter):
    """MkDocs warns on every `--dirty` build that navigation and links may be wrong; in a site with
    `strict: true` that warning aborts the preview. Ours makes a dirty build right where it
    matters (every page an edit touches is rebuilt, menus keep their titles, search re-indexes
    the whole site), so the notice only hides real warnings in the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_NOTICE)


def quiet_dirty_notice() -> None:
    build_log = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, QuietDirtyNotice) for f in build_log.filters):
        build_log.addFilter(QuietDirtyNotice())


def preview_log() -> logging.Logger:
    """Where the preview reports entry errors while it keeps showing the last valid version: beside
    MkDocs' log, not in it, so that a site with `strict: true` does not count them and abort the
    rebuild (MkDocs' server then hangs until the error is fixed)."""
    logger = logging.getLogger("militia_atlas.preview")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("ERROR   -  militia_atlas: %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    return logger


class PreviewFile(File):
    """A generated file of the live preview, backed by its copy in the preview folder."""

    unchanged = False  # the same content as in the last complete build, whose output is in site_dir

    def is_modified(self) -> bool:
        # Spares MkDocs two stat calls per page, twice a build (13,000 pages at 10,000 attacks).
        return not self.unchanged and super().is_modified()


class FileMemory:
    """The preview's generated files: each written to the preview folder only when its content
    changed (so MkDocs' dirty build rebuilds just those), and the MkDocs `File` of each kept from
    one build to the next while its content is the same, with the `Page` MkDocs made for it: a
    new build would otherwise make 13,000 of each at 10,000 attacks (~0.6 s). A kept Page is put
    back as it was before MkDocs rendered it.

    A file an earlier build had and this one has not (the pages of a renamed or deleted entry) is
    deleted from the preview folder and from the served folder: MkDocs' dirty build never deletes,
    and its old URL would keep serving the old page."""

    def __init__(self):
        self.written = {}  # src -> content of the file in the preview folder
        self.files = {}  # src -> PreviewFile of the last build
        self.fresh = {}  # src -> the attributes of its Page as MkDocs made it, before rendering
        self.complete = False  # the last build ended: every page's output in site_dir is current
        self.reusable = False  # this build may reuse the last one's files
        self.current = set()  # sources of this build's generated files
        self.swept = False  # files a previous session left in the preview folder are deleted

    def begin(self) -> None:
        self.reusable, self.complete = self.complete, False
        self.current = set()

    def file(self, config, folder: Path, src: str, content) -> File:
        """The File for `src` in this build. Content None: a file written elsewhere (LaterFiles)."""
        self.current.add(src)
        same = content is not None and self.written.get(src) == content
        if content is not None and not same:
            write_if_changed(folder / src, content)
            self.written[src] = content
        kept = self.files.get(src)
        if (same or content is None) and kept is not None and self.reusable:
            kept.unchanged = same  # a data file (None) is compared by modification time, as MkDocs does
            fresh = self.fresh.get(src)
            if fresh is not None and kept.page is not None:
                vars(kept.page).clear()
                vars(kept.page).update(fresh)
            return kept
        file = PreviewFile.generated(config, src, abs_src_path=str(folder / src), inclusion=InclusionLevel.NOT_IN_NAV)
        self.files[src] = file
        self.fresh.pop(src, None)
        return file

    def note_pages(self) -> None:
        """After MkDocs made the Pages of this build (before it renders any): remember new ones as made."""
        for src, file in self.files.items():
            if src not in self.fresh and file.page is not None:
                self.fresh[src] = dict(vars(file.page))

    def end(self) -> None:
        self.complete = True

    def drop_missing(self, config, folder: Path) -> list:
        """Forget the generated files of earlier builds that this build has not, and delete them from
        the preview folder and from site_dir. Returns their sources. (Before MkDocs writes anything:
        a file of this build served at the same URL, such as a redirect page at a renamed entry's
        old URL, is new, so MkDocs writes it after.)"""
        gone = sorted(set(self.files) - self.current)
        for src in gone:
            old = self.files.pop(src)
            self.written.pop(src, None)
            self.fresh.pop(src, None)
            remove_file(folder, src)
            remove_file(Path(config.site_dir), old.dest_uri)
        if not self.swept:
            self.swept = True
            self._sweep(folder)
        return gone

    def _sweep(self, folder: Path) -> None:
        """Delete what an earlier session left in the preview folder and this one does not make."""
        if not folder.is_dir():
            return
        for path in list(folder.rglob("*")):
            src = path.relative_to(folder).as_posix()
            if path.is_file() and src not in self.current:
                remove_file(folder, src)


def remove_file(root: Path, src: str) -> None:
    """Delete root/src if it is there, then its folders that this leaves empty, up to root."""
    path = root / src
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    for parent in path.parents:
        if parent == root or root not in parent.parents:
            break
        try:
            os.rmdir(parent)
        except OSError:  # not empty (or gone already)
            break


def write_if_changed(path: Path, content) -> Path:
    """Write only when different, so an unchanged page keeps its modification time."""
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return path
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


class LaterFiles:
    """In a live preview, the views' data files (feeds, downloads, map and timeline data) are
    written after each build, in the background, to the preview folder and straight into the
    served folder: an edit shows on its pages first, and its data files follow a few seconds later
    (~4 s at 10,000 attacks). The first build writes them with the pages, so that MkDocs knows
    every file the pages link to. A published build always writes them with the pages.
    A data file the entries no longer make (the feed of a deleted group) is deleted from both
    folders once a complete pass has written all the others."""

    def __init__(self, preview_dir: Path | None = None):
        self.preview_dir = preview_dir
        self.thread = None
        self.cancelled = threading.Event()
        self.known = None  # sources of the data files written so far
        self.hand_written = frozenset()  # sources of the site's own files: they win over data files

    def to_register(self, result: Result, settings: Settings, hand_written=frozenset()) -> list:
        """The data files for MkDocs' file list: made now the first time, else the ones already
        written (PendingFiles: LaterFiles writes them after the build)."""
        self.hand_written = frozenset(hand_written)
        if self.known is None:
            made = views.extra_files(result, settings)
            self.known = {output.src for output in made}
            return made
        return [PendingFile(src, partial(self.written, src)) for src in sorted(self.known)]

    def written(self, src: str) -> bytes:
        """A data file as LaterFiles wrote it."""
        return (self.preview_dir / src).read_bytes()

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
            escape_head_text(page.meta)


def preview_folder(config_file: str) -> Path:
    """Where the live preview keeps its generated pages: outside the site's own folders."""
    import hashlib
    import tempfile

    key = hashlib.sha256(str(Path(config_file).resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"militia-atlas-preview-{key}"
