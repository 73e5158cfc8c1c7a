"""The live preview's watch on the entries and templates folders.

MkDocs' server finds changes by polling: every 0.5 s it lists and stats every watched file.
At 10,000 attacks one such pass over `entries/` takes ~0.1 s of Python (and again while a
rebuild runs, competing with it), and an edit waits for the next pass. So the entries and
templates folders are watched with the system's file events instead (inotify on Linux, FSEvents
on macOS, through watchdog, which MkDocs already installs), and a change wakes MkDocs' build loop
the way its own watcher does. Where the system refuses (no inotify, its watch limit reached) or
the server is not the one MkDocs 1.6 has, the folders go to MkDocs' polling watch as before;
MILITIA_ATLAS_POLL=1 asks for it (a network drive that sends no events).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

CHANGES = frozenset({"created", "modified", "moved", "deleted"})  # not "opened"/"closed": the build reads entries


class EventWatch:
    """Wakes `server`'s build loop when a file under the watched folders changes."""

    def __init__(self, server, observer_class=None):
        if observer_class is None:
            from watchdog.observers import Observer as observer_class
        self.server = server
        self.observer = observer_class()
        self.observer.daemon = True

    def schedule(self, folders) -> None:
        from watchdog.events import FileSystemEventHandler

        handler = FileSystemEventHandler()
        handler.on_any_event = self._changed
        for folder in folders:
            self.observer.schedule(handler, str(folder), recursive=True)
        self.observer.start()

    def _changed(self, event) -> None:
        if event.is_directory or event.event_type not in CHANGES:
            return
        wake(self.server)

    def stop(self) -> None:
        self.observer.stop()


def wake(server) -> None:
    # What MkDocs' own watcher callback does (mkdocs/livereload/__init__.py, LiveReloadServer.watch).
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


def can_wake(server) -> bool:
    return isinstance(getattr(server, "_rebuild_cond", None), threading.Condition) and hasattr(server, "_want_rebuild")


def watch_folders(server, folders, observer_class=None) -> EventWatch | None:
    """Watch `folders` with file events; returns the watch to stop on shutdown, or None when the
    folders went to MkDocs' polling watch instead."""
    folders = [Path(folder) for folder in folders if folder]
    if can_wake(server) and all(folder.is_dir() for folder in folders) and not polling_requested():
        event_watch = None
        try:
            event_watch = EventWatch(server, observer_class)
            event_watch.schedule(folders)
            return event_watch
        except Exception:  # noqa: BLE001 - any refusal (OSError from inotify, a missing backend) falls back
            if event_watch is not None:
                _stop_quietly(event_watch)
    for folder in folders:
        server.watch(str(folder))
    return None


def polling_requested() -> bool:
    """MILITIA_ATLAS_POLL=1: a folder whose file system sends no events (some network drives)."""
    return os.environ.get("MILITIA_ATLAS_POLL", "").strip().lower() in ("1", "true", "yes")


def _stop_quietly(event_watch: EventWatch) -> None:
    try:
        event_watch.stop()
    except Exception:  # noqa: BLE001 - it never started
        pass
