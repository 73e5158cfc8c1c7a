"""The live preview's memory: after any edit, the pages it gives are exactly a fresh build's.

Each test builds a small synthetic site once with a Memory (as `mkdocs serve` does), edits the
entries the way an editor would, and compares every page against a build without memory.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import copy_fixture, write_tree
from militia_atlas.commands import synth
from militia_atlas.core.problems import InvalidSite
from militia_atlas.preview.memory import Memory, TrackedDict, TrackedList, changes, snapshot
from militia_atlas.publish.config import quick_settings
from militia_atlas.views import pipeline as engine


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pristine")
    synth.write_site(root, attacks=60, seed=7)
    return root


@pytest.fixture
def site_root(pristine, tmp_path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(pristine, root)
    return root


def pages(result) -> dict:
    return {f.src: f.content for f in result.files}


def fresh(settings) -> dict:
    return pages(engine.run(settings))


def touch(path: Path) -> None:
    # Two saves within the file system's clock tick would look unchanged to the load cache.
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))


def rewrite(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(old, new, text, count=count, flags=re.MULTILINE)
    assert changed != text, f"edit did nothing in {path.name}: {old!r}"
    path.write_text(changed, encoding="utf-8")
    touch(path)


def files(root: Path, kind: str) -> list:
    return sorted((root / "entries" / kind).glob("*.yml"))


def assert_same_as_fresh(settings, memory) -> int:
    remembered = pages(engine.run(settings, memory))
    expected = fresh(settings)
    assert remembered.keys() == expected.keys()
    different = [src for src in expected if remembered[src] != expected[src]]
    assert not different, f"stale pages in the preview: {different[:5]}"
    return memory.pages.rendered


def test_summary_edit_renders_few_pages_and_matches_a_fresh_build(site_root):
    settings = quick_settings(site_root / "mkdocs.yml", drafts=True)
    memory = Memory()
    total = len(engine.run(settings, memory).files)
    assert memory.pages.rendered == total
    assert_same_as_fresh(settings, memory)
    assert memory.pages.rendered == 0  # nothing changed: every page from memory

    attack = files(site_root, "attacks")[10]
    rewrite(attack, r"^summary: \|\n", "summary: |\n  A new first sentence.\n")
    rendered = assert_same_as_fresh(settings, memory)
    assert 0 < rendered < total / 4, (rendered, total)


def move_attack(root: Path, attack: Path) -> None:
    current = re.search(r"^base: (.*)$", attack.read_text(encoding="utf-8"), re.MULTILINE)
    other = next(path.stem for path in files(root, "bases") if not current or path.stem != current.group(1))
    if current:
        rewrite(attack, r"^base: .*$", f"base: {other}")
    else:
        rewrite(attack, r"^location:\n(  .*\n)+", f"base: {other}\n")


EDITS = {
    "attack date moves it in time": lambda root: rewrite(files(root, "attacks")[5], r"^date: .*$", "date: 2020-02-03"),
    "attack gets another base": lambda root: move_attack(root, files(root, "attacks")[6]),
    "base renamed (attack titles change)": lambda root: rewrite(files(root, "bases")[0], r"^name: .*$", 'name: "Renamed Base"'),
    "group renamed": lambda root: rewrite(files(root, "groups")[0], r"^name: .*$", 'name: "Renamed Group"'),
    "attack deleted": lambda root: files(root, "attacks")[3].unlink(),
    "attack added": lambda root: shutil.copyfile(files(root, "attacks")[8], root / "entries" / "attacks" / "2021-01-01-new-one.yml"),
    "summary links another entry": lambda root: rewrite(
        files(root, "attacks")[12], r"^summary: \|\n", f"summary: |\n  See [[{files(root, 'groups')[1].stem}]].\n"),
    "tag added": lambda root: rewrite(files(root, "attacks")[14], r"^tags:\n", 'tags:\n  - "brand new tag"\n'),
    "claim changed": lambda root: rewrite(
        files(root, "attacks")[20], r"^claimed_by:\n", f"claimed_by:\n  - {files(root, 'groups')[-1].stem}\n"),
    "group summary edited": lambda root: rewrite(files(root, "groups")[2], r"^summary: \|\n", "summary: |\n  Edited.\n"),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_every_kind_of_edit_gives_the_fresh_build(site_root, edit):
    settings = quick_settings(site_root / "mkdocs.yml", drafts=True)
    memory = Memory()
    engine.run(settings, memory)
    EDITS[edit](site_root)
    assert_same_as_fresh(settings, memory)


def test_a_series_of_edits_and_a_broken_one(site_root):
    settings = quick_settings(site_root / "mkdocs.yml", drafts=True)
    memory = Memory()
    engine.run(settings, memory)
    for name in sorted(EDITS):
        EDITS[name](site_root)
        assert_same_as_fresh(settings, memory)
    broken = files(site_root, "attacks")[0]
    original = broken.read_text(encoding="utf-8")
    rewrite(broken, r"^date: .*$", "date: not a date")
    with pytest.raises(InvalidSite):
        engine.run(settings, memory)
    broken.write_text(original.replace("summary: |\n", "summary: |\n  Fixed.\n", 1), encoding="utf-8")
    touch(broken)
    assert_same_as_fresh(settings, memory)


def test_a_template_change_renders_every_page_again(site_root):
    settings = quick_settings(site_root / "mkdocs.yml", drafts=True)
    templates = site_root / "templates"
    templates.mkdir()
    settings.templates_dir = templates
    memory = Memory()
    total = len(engine.run(settings, memory).files)
    package = Path(engine.__file__).parent.parent / "templates" / "attack.html.j2"
    (templates / "attack.html.j2").write_text(package.read_text(encoding="utf-8") + "\nOverridden.\n", encoding="utf-8")
    result = engine.run(settings, memory)
    assert memory.pages.rendered == total
    assert all(f.content.endswith("Overridden.\n") for f in result.files if f.src.startswith("attacks/2"))
    assert pages(result) == fresh(settings)


def test_tracked_containers_record_what_is_read():
    from militia_atlas.preview.memory import WHOLE, Recorder

    recorder = Recorder()
    recorder.reads = set()
    table = TrackedDict("groups", {"kh": 1}, recorder)
    assert table["kh"] == 1 and table.get("x") is None and "y" not in table
    assert recorder.reads == {("groups", "kh"), ("groups", "x"), ("groups", "y")}
    recorder.reads = set()
    list(table.values())
    row = TrackedList("timeline", [1, 2], recorder)
    assert row[0] == 1
    assert recorder.reads == {("groups", WHOLE), ("timeline", WHOLE)}


def test_changes_name_the_keys_that_differ():
    class Site:
        def __init__(self, groups, articles):
            self.groups, self.articles = groups, articles
            self.listings, self.entities, self.timeline = {}, {}, []

    old = snapshot(Site({"a": "A", "b": "B"}, [1, 2]))
    new = snapshot(Site({"a": "A", "b": "B2", "c": "C"}, [1, 2]))
    from militia_atlas.preview.memory import WHOLE

    assert changes(old, new) == {("groups", "b"), ("groups", "c"), ("groups", WHOLE)}
    assert changes(new, new) == set()
    assert changes(new, snapshot(Site({"a": "A", "b": "B2", "c": "C"}, [1]))) == {("articles", WHOLE)}


def dirty_build(root: Path, site_dir: Path, plugins=None):
    """One `mkdocs serve --dirty` rebuild, as MkDocs' server makes it: a fresh config each time, the
    same plugin instances."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir))
    if plugins is None:
        config.plugins.on_startup(command="serve", dirty=True)
    else:
        config.plugins = plugins
    config.site_url = "http://127.0.0.1:8000/"
    build(config, serve_url=config.site_url, dirty=True)
    return config.plugins


def test_a_dirty_rebuild_keeps_unchanged_files_and_their_pages_as_mkdocs_made_them(site_root, tmp_path):
    site_dir = tmp_path / "served"
    plugins = dirty_build(site_root, site_dir)
    memory = plugins["militia-atlas"].mode.memory.files
    kept = dict(memory.files)
    attack = files(site_root, "attacks")[10]
    attack_src, other_src = f"attacks/{attack.stem}.md", f"attacks/{files(site_root, 'attacks')[30].stem}.md"
    other_html = site_dir / "attacks" / files(site_root, "attacks")[30].stem / "index.html"
    assert kept[other_src].page.content is not None  # the first build rendered every page
    before = other_html.stat().st_mtime_ns

    rewrite(attack, r"^summary: \|\n", "summary: |\n  A sentence added in the preview.\n")
    old_content = dict(memory.written)
    dirty_build(site_root, site_dir, plugins)

    assert "A sentence added in the preview." in (site_dir / "attacks" / attack.stem / "index.html").read_text()
    assert memory.files[attack_src] is not kept[attack_src]  # changed: a new File, a new Page
    unchanged = memory.files[other_src]
    assert unchanged is kept[other_src] and unchanged.unchanged and not unchanged.is_modified()
    assert unchanged.page is kept[other_src].page
    # Put back as MkDocs made it: nothing of the first build's rendering is left on the kept Page.
    assert unchanged.page.content is None and unchanged.page.markdown is None and unchanged.page.toc == []
    assert other_html.stat().st_mtime_ns == before  # not rebuilt
    renewed = {src for src, file in kept.items() if memory.files[src] is not file}
    assert renewed == {src for src in kept if memory.written.get(src) != old_content.get(src)}
    assert 0 < len(renewed) < len(kept) / 2


def test_files_are_not_kept_after_a_build_that_did_not_end(tmp_path):
    from mkdocs.config import load_config

    from militia_atlas.publish.preview_files import FileMemory

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    config.plugins._current_plugin = None  # as while MkDocs runs an event
    memory = FileMemory()
    memory.begin()
    first = memory.file(config, tmp_path / "preview", "a.md", "text")
    memory.end()
    memory.begin()
    assert memory.file(config, tmp_path / "preview", "a.md", "text") is first  # the build ended: kept
    memory.begin()  # ... but this one failed before its end
    again = memory.file(config, tmp_path / "preview", "a.md", "text")
    assert again is not first and not again.unchanged
    assert memory.file(config, tmp_path / "preview", "b.md", "other") is not None
    memory.end()
    memory.begin()
    assert memory.file(config, tmp_path / "preview", "a.md", "changed") is not again


SHORT_LIVED_GROUP = """\
name: Short-Lived Group
type: militia
summary: A group that an editor adds, then deletes.
sources:
  - publisher: Test Wire
    title: Report
    url: https://example.org/short-lived
tags: [Short-lived tag]
"""
SHORT_LIVED_ATTACK = """\
date: 2023-11-05
location: {name: Short-lived checkpoint, country: iraq}
claimed_by: [short-lived-group]
summary: The one attack the short-lived group claimed; it gives the group a feed.
sources:
  - publisher: Test Wire
    title: Report
    url: https://example.org/short-lived-attack
"""


def built_files(folder: Path) -> set:
    """Every file of a served site, but the search index (Pagefind writes it in the background)."""
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*")
            if path.is_file() and not path.relative_to(folder).as_posix().startswith("pagefind/")}


def data_files_written(plugins) -> None:
    later = plugins["militia-atlas"].mode.later_files
    if later.thread is not None:
        later.thread.join()


def test_a_deleted_or_renamed_entry_leaves_the_preview_folder_and_the_served_site(site_root, tmp_path):
    site_dir = tmp_path / "served"
    write_tree(site_root, {"entries/groups/short-lived-group.yml": SHORT_LIVED_GROUP,
                           "entries/attacks/2023-11-05-short-lived.yml": SHORT_LIVED_ATTACK})
    plugins = dirty_build(site_root, site_dir)
    data_files_written(plugins)
    preview = plugins["militia-atlas"].mode.folder
    attack = files(site_root, "attacks")[10]
    old, new = attack.stem, attack.stem + "-renamed"
    gone = ["groups/short-lived-group/index.html", "groups/short-lived-group/feed.xml",
            "tags/short-lived-tag/index.html", "attacks/2023-11-05-short-lived/index.html",
            f"attacks/{old}/index.html"]
    gone_sources = ["groups/short-lived-group.md", "groups/short-lived-group/feed.xml", f"attacks/{old}.md"]
    assert all((site_dir / path).is_file() for path in gone)
    assert all((preview / src).is_file() for src in gone_sources)

    (site_root / "entries/groups/short-lived-group.yml").unlink()
    (site_root / "entries/attacks/2023-11-05-short-lived.yml").unlink()
    attack.rename(attack.with_name(f"{new}.yml"))
    redirected = files(site_root, "attacks")[20]  # renamed the documented way: its old URL redirects
    redirected.with_name(f"{redirected.stem}-moved.yml").write_text(
        redirected.read_text(encoding="utf-8") + f"redirect_from: [{redirected.stem}]\n", encoding="utf-8")
    redirected.unlink()
    dirty_build(site_root, site_dir, plugins)
    data_files_written(plugins)

    assert [path for path in gone if (site_dir / path).exists()] == []
    assert [src for src in gone_sources if (preview / src).exists()] == []
    assert not (site_dir / "groups/short-lived-group").exists()  # no empty folder left either
    assert "Short-Lived Group" not in (site_dir / "downloads/groups.csv").read_text(encoding="utf-8")
    assert (site_dir / f"attacks/{new}/index.html").is_file() and (preview / f"attacks/{new}.md").is_file()
    assert "This page has moved" in (site_dir / f"attacks/{redirected.stem}/index.html").read_text(encoding="utf-8")
    # The served site holds exactly what a new preview of the same entries would serve.
    fresh_dir = tmp_path / "fresh"
    data_files_written(dirty_build(site_root, fresh_dir))
    assert built_files(site_dir) == built_files(fresh_dir)


def test_a_new_preview_session_clears_what_the_last_one_left_in_the_preview_folder(tmp_path):
    root = copy_fixture("basic", tmp_path / "site")
    plugins = dirty_build(root, tmp_path / "first")
    data_files_written(plugins)
    preview = plugins["militia-atlas"].mode.folder
    assert (preview / "attacks/2023-10-29-desert-road.md").is_file()
    (root / "entries/attacks/2023-10-29-desert-road.yml").unlink()
    data_files_written(dirty_build(root, tmp_path / "second"))  # `mkdocs serve` again, after the edit
    assert not (preview / "attacks/2023-10-29-desert-road.md").exists()
    assert (preview / "attacks/2023-10-27-river-base.md").is_file()
