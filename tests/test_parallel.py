"""A published build's pages drawn in a second process: the same site as one process draws, and
nothing lost when the child fails, dies or is left running."""

from __future__ import annotations

import os
import time
from functools import partial
from pathlib import Path

import pytest

from conftest import run_cli
from militia_atlas.core import parallel
from militia_atlas.views import pipeline as engine
from militia_atlas.commands import synth
from militia_atlas import views
from militia_atlas.publish.config import quick_settings
from militia_atlas.publish.files import drawing_jobs, walk_key
from militia_atlas.render.outputs import PendingFile
from militia_atlas.render.renderer import DrawLater

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the second process is a fork")


@pytest.fixture(scope="module")
def site_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("parallel")
    synth.write_site(root, attacks=80, seed=3)
    return root


def built_tree(folder: Path) -> dict:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file() and "pagefind" not in path.parts}


def test_two_processes_build_the_same_site_as_one(site_root, tmp_path):
    trees = {}
    for one_process in ("1", "0"):
        out = tmp_path / f"site-{one_process}"
        run_cli("build", "--site-dir", str(out), cwd=site_root, env={"MILITIA_ATLAS_ONE_PROCESS": one_process},
                check=True)
        trees[one_process] = built_tree(out)
    assert len(trees["1"]) > 300
    assert trees["0"].keys() == trees["1"].keys()
    assert [name for name in trees["1"] if trees["0"][name] != trees["1"][name]] == []


def jobs_of(root: Path):
    """(jobs, order) for a Drawer, as a published build makes them (publish.files.drawing_jobs)."""
    settings = quick_settings(root / "mkdocs.yml")
    result = engine.run(settings, sink=DrawLater())
    assert all(isinstance(output, PendingFile) for output in result.files)  # not drawn yet
    jobs, order, data_files = drawing_jobs(result, settings)
    assert order[:len(result.files)] == sorted((output.src for output in result.files), key=walk_key)  # pages first
    assert len(data_files) > 10 and all(isinstance(output, PendingFile) for output in data_files)  # made when needed
    return jobs, order


def made_now(root: Path) -> dict:
    settings = quick_settings(root / "mkdocs.yml")
    result = engine.run(settings)
    return {output.src: output.content for output in result.files + views.extra_files(result, settings)}


def as_bytes(content) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


def test_files_listed_for_later_are_the_files_made_now(site_root):
    jobs, order = jobs_of(site_root)
    assert {src: jobs[src]() for src in order} == made_now(site_root)


def test_the_child_makes_every_file_as_this_process_would(site_root):
    jobs, order = jobs_of(site_root)
    drawer = parallel.Drawer(jobs)
    drawer.start(order)
    try:
        assert {src: drawer.made(src).read_bytes() for src in order} == \
            {src: as_bytes(content) for src, content in made_now(site_root).items()}
    finally:
        drawer.finish()


def test_a_child_that_dies_halfway_leaves_the_rest_to_this_process(site_root, monkeypatch):
    jobs, order = jobs_of(site_root)
    expected = {src: as_bytes(jobs[src]()) for src in order}
    original, made = parallel.Drawer._make, []

    def die_halfway(self, src):
        if len(made) == len(order) // 2 and os.getpid() != parent:
            os._exit(9)  # as if killed: no exception, no cleanup
        made.append(src)
        return original(self, src)

    parent = os.getpid()
    monkeypatch.setattr(parallel.Drawer, "_make", die_halfway)
    drawer = parallel.Drawer(jobs)
    drawer.start(order)
    try:
        assert {src: drawer.made(src).read_bytes() for src in order} == expected
        assert made == order[len(order) // 2:]  # this process made exactly what the child did not
        assert os.waitstatus_to_exitcode(drawer.child_status) == 9
    finally:
        folder = drawer.folder
        drawer.finish()
    assert not folder.exists()


def test_an_error_in_the_child_is_raised_here_when_its_page_is_read(site_root):
    jobs, order = jobs_of(site_root)
    broken = order[len(order) // 3]

    def fails():
        raise ValueError(f"cannot draw {broken}")

    jobs[broken] = fails
    drawer = parallel.Drawer(jobs)
    drawer.start(order)
    try:
        assert drawer.made(order[0]).exists()
        with pytest.raises(ValueError, match="cannot draw"):
            drawer.made(broken)
        assert drawer.made(order[-1]).exists()  # the child stopped at the broken page: made here
    finally:
        drawer.finish()


def test_finish_stops_a_child_still_drawing(site_root, monkeypatch):
    jobs, order = jobs_of(site_root)

    def never_done(self, src):
        time.sleep(60)

    monkeypatch.setattr(parallel.Drawer, "_make", never_done)
    drawer = parallel.Drawer(jobs)
    drawer.start(order)
    pid = drawer.pid
    drawer.finish()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # stopped and reaped: no zombie left behind


def test_one_process_when_asked(monkeypatch):
    monkeypatch.setenv("MILITIA_ATLAS_ONE_PROCESS", "1")
    assert not parallel.available()
    monkeypatch.setenv("MILITIA_ATLAS_ONE_PROCESS", "")
    assert parallel.available() == ((os.cpu_count() or 1) > 1)


def test_a_page_comes_back_from_the_child_exactly_as_drawn():
    texts = {"a.md": "\ufeffstarts with a byte-order mark\n", "b/c.md": "line\r\nends\rodd\u2028ly\x00 \U0001f600 كتائب",
             "d.md": "", "e.md": "x" * 200_000}
    drawer = parallel.Drawer({src: partial(str, text) for src, text in texts.items()})
    drawer.start(sorted(texts, key=walk_key))
    try:
        assert {src: drawer.made(src).read_bytes().decode("utf-8") for src in texts} == texts
        deadline = time.monotonic() + 30
        while not drawer._child_ended() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert os.waitstatus_to_exitcode(drawer.child_status) == 0
    finally:
        drawer.finish()


def test_split_map_gives_what_a_loop_gives_and_survives_a_failing_child():
    items = list(range(5000))
    assert parallel.split_map(lambda n: (n, str(n) * 3), items, minimum=10) == [(n, str(n) * 3) for n in items]
    parent = os.getpid()

    def fails_in_the_child(n):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return n * 2

    assert parallel.split_map(fails_in_the_child, items, minimum=10) == [n * 2 for n in items]

    def dies_in_the_child(n):
        if os.getpid() != parent:
            os._exit(3)
        return -n

    assert parallel.split_map(dies_in_the_child, items, minimum=10) == [-n for n in items]


@pytest.mark.parametrize("case", sorted(path.name for path in (Path(__file__).parent / "fixtures" / "errors").iterdir()))
def test_loading_in_two_processes_gives_the_same_entries_and_problems(case, monkeypatch):
    root = Path(__file__).parent / "fixtures" / "errors" / case
    if not (root / "entries").is_dir():
        pytest.skip("no entries folder")
    assert_one_and_two_processes_agree(root, monkeypatch)


def test_a_synthetic_site_loads_the_same_in_two_processes(site_root, monkeypatch):
    assert_one_and_two_processes_agree(site_root, monkeypatch)


def assert_one_and_two_processes_agree(root: Path, monkeypatch) -> None:
    import datetime as dt

    from militia_atlas.core.countries import load_countries
    from militia_atlas.core.load import load_entries
    from militia_atlas.core.problems import Problems
    from militia_atlas.core.validate import validate_entries

    results = []  # validated too: what the next stage makes of the entries must not differ either
    for minimum in (10**9, 0):
        monkeypatch.setattr(parallel.split_map, "__defaults__", (minimum,))
        problems = Problems()
        countries = load_countries(root / "entries", root, problems)
        raw = load_entries(root / "entries", root, problems)
        entries = validate_entries(raw, countries, dt.date(2026, 1, 1), problems)
        results.append(([(e.kind, e.id, e.path, e.display_path, e.data) for e in raw],
                        [(e.kind, e.id, e.path, e.file, e.values, vars(e)) for e in entries], problems.items))
    assert results[0] == results[1]
    assert results[0][1] or results[0][2]  # something was loaded and checked
