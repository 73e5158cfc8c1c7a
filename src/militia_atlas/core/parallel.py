"""A published build's pages, drawn in a second process while MkDocs works in this one.

A published build spends most of its time in MkDocs turning each page's Markdown into HTML, one
page after another (~7 ms a page), and our drawing of those pages from templates (~1 ms a page,
13,000 pages at 10,000 attacks) used to come first, on the same core. Machines have two cores or
more, so once the index is built a child process (a fork: it inherits the index and the
templates; nothing is sent to it) draws every page in the order MkDocs will read them and writes
each one to a staging folder, then the views' data files (feeds, downloads, map data), while this
process runs MkDocs, which waits for a file only if it ever catches up with the child.

The output is the very same: `tests/test_build.py` compares a plugin build with `generate` byte
for byte, and `tests/test_parallel.py` with one drawn in a single process. If the child fails or
dies, the files it did not write are made here, so an error shows as it would have without it.
Without `fork` (Windows), on one core, or with MILITIA_ATLAS_ONE_PROCESS=1, every page is drawn
in this process before MkDocs starts, as a live preview always does. (MkDocs reads the files
through `publish.DrawnFile`.)

`split_map` shares a plain loop the same way: the load stage parses half the entry files of a
big site in a child, which sends its results back.
"""

from __future__ import annotations

import gc
import os
import pickle
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path


POLL_SECONDS = 0.002  # how often MkDocs, ahead of the child, looks for the page it needs


def available() -> bool:
    return (hasattr(os, "fork") and (os.cpu_count() or 1) > 1
            and os.environ.get("MILITIA_ATLAS_ONE_PROCESS", "").strip() not in ("1", "true", "yes"))


def split_map(function, items: list, minimum: int = 2000) -> list:
    """`[function(item) for item in items]`, the second half computed by a forked child and sent back
    pickled, when there are `minimum` items or more and a second core. The same results in the same
    order: anything wrong with the child (it failed, died, or sent something unreadable) and its
    half is computed here."""
    if len(items) < minimum or not available():
        return [function(item) for item in items]
    half = len(items) // 2
    reading, writing = os.pipe()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        status = 1
        try:
            os.close(reading)
            gc.disable()
            with os.fdopen(writing, "wb") as pipe:
                pickle.dump([function(item) for item in items[half:]], pipe, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(writing)
    first = [function(item) for item in items[:half]]
    try:
        with os.fdopen(reading, "rb") as pipe:
            second = pickle.load(pipe)
    except Exception:  # noqa: BLE001 - EOF or a broken pickle: the child failed
        second = None
    _, status = os.waitpid(pid, 0)
    if second is None or status != 0 or len(second) != len(items) - half:
        second = [function(item) for item in items[half:]]
    return first + second


class Drawer:
    """Files to make: `jobs` maps each src to a function giving its content (str or bytes)."""

    def __init__(self, jobs: dict):
        self.jobs = jobs
        self.folder = None
        self.pid = None
        self.child_status = None  # the child's exit status once it ended

    def start(self, order) -> None:
        """Fork the child; it makes the files in `order` (srcs: pages as MkDocs will read them first)."""
        self.folder = Path(tempfile.mkdtemp(prefix="militia-atlas-pages-"))
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # else the child's exit could write what this process had buffered
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            status = 1
            try:
                gc.disable()  # a short life: collections would only copy the parent's memory
                for src in order:
                    if os.getppid() != parent:  # the build was killed: nobody will read the rest
                        break
                    self._make(src)
                status = 0
            finally:
                os._exit(status)  # no atexit handlers, no flushing of the parent's buffers
        self.pid = pid

    def path(self, src: str) -> Path:
        return self.folder / src

    def _make(self, src: str) -> Path:
        content = self.jobs[src]()
        path = self.path(src)
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(path.name + ".part")
        part.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        os.replace(part, path)  # whole or absent: the parent never reads half a file
        return path

    def made(self, src: str) -> Path:
        """The file, made: the child's, waiting for it if need be, or made here when the child ended
        without making it."""
        path = self.path(src)
        while True:
            ended = self._child_ended()
            if path.exists():
                return path
            if ended:
                return self._make(src)
            time.sleep(POLL_SECONDS)

    def _child_ended(self) -> bool:
        if self.pid is not None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid != 0:
                self.pid, self.child_status = None, status
        return self.pid is None

    def finish(self) -> None:
        """Stop the child if it still runs (a build that failed early), and remove the staging folder."""
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGTERM)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
