"""The preview's watch on entries: file events wake MkDocs' real build loop; reads do not; a refusal falls back to polling."""

from __future__ import annotations

import time

from mkdocs.livereload import LiveReloadServer

from militia_atlas.preview.watch import watch_folders


def make_server(tmp_path):
    return LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))


def woken(server, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with server._rebuild_cond:
            if server._want_rebuild:
                return True
        time.sleep(0.02)
    return False


def test_an_edit_wakes_the_build_loop_without_mkdocs_polling(tmp_path):
    entries = tmp_path / "entries" / "attacks"
    entries.mkdir(parents=True)
    entry = entries / "a.yml"
    entry.write_text("id: a\n")
    server = make_server(tmp_path)
    event_watch = watch_folders(server, [tmp_path / "entries", None])
    try:
        assert event_watch is not None
        assert str(tmp_path / "entries") not in server._watched_paths  # not in MkDocs' polling pass
        entry.read_text()  # the build reads every entry: that must not start another build
        assert not woken(server, 0.5)
        entry.write_text("id: a\nname: changed\n")
        assert woken(server, 5)
    finally:
        event_watch.stop()


def test_a_new_entry_in_a_new_folder_wakes_it(tmp_path):
    (tmp_path / "entries").mkdir()
    server = make_server(tmp_path)
    event_watch = watch_folders(server, [tmp_path / "entries"])
    try:
        (tmp_path / "entries" / "bases").mkdir()
        time.sleep(0.2)
        assert not woken(server, 0.1)  # a folder alone is no change to build
        (tmp_path / "entries" / "bases" / "b.yml").write_text("id: b\n")
        assert woken(server, 5)
    finally:
        event_watch.stop()


class RefusingObserver:
    def __init__(self):
        self.daemon = False

    def schedule(self, handler, path, recursive=False):
        raise OSError(28, "inotify watch limit reached")

    def stop(self):
        pass


def test_a_refused_event_watch_falls_back_to_mkdocs_polling(tmp_path):
    (tmp_path / "entries").mkdir()
    (tmp_path / "templates").mkdir()
    server = make_server(tmp_path)
    assert watch_folders(server, [tmp_path / "entries", tmp_path / "templates"], RefusingObserver) is None
    assert set(server._watched_paths) == {str(tmp_path / "entries"), str(tmp_path / "templates")}


def test_a_missing_folder_or_an_unknown_server_is_polled(tmp_path):
    (tmp_path / "entries").mkdir()
    server = make_server(tmp_path)
    assert watch_folders(server, [tmp_path / "entries", tmp_path / "no-such-templates"]) is None
    assert str(tmp_path / "entries") in server._watched_paths

    class OtherServer:
        def __init__(self):
            self.watched = []

        def watch(self, path):
            self.watched.append(path)

    other = OtherServer()
    assert watch_folders(other, [tmp_path / "entries"]) is None
    assert other.watched == [str(tmp_path / "entries")]


def test_polling_on_request(tmp_path, monkeypatch):
    (tmp_path / "entries").mkdir()
    server = make_server(tmp_path)
    monkeypatch.setenv("MILITIA_ATLAS_POLL", "1")
    assert watch_folders(server, [tmp_path / "entries"]) is None
    assert str(tmp_path / "entries") in server._watched_paths
