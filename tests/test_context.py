"""The build context's rules (core/context.py, docs-dev/ARCHITECTURE.md "The build context"): the index
builds the Site and never touches an entry; rendering, the live preview's included, reads the Site and
never changes it; what a page read reaches the preview through the context, not through state stashed
on other objects."""

from __future__ import annotations

import ast
import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from militia_atlas.commands import synth
from militia_atlas.core.engine import check
from militia_atlas.core.countries import load_countries
from militia_atlas.core.dates import build_date
from militia_atlas.core.index import build_index
from militia_atlas.core.load import load_entries
from militia_atlas.core.problems import Problems
from militia_atlas.core.seas import load_seas
from militia_atlas.core.validate import validate_entries
from militia_atlas.preview.memory import Memory, TrackedDict, TrackedList, snapshot
from militia_atlas.publish.config import quick_settings
from militia_atlas.render.renderer import render_site
from militia_atlas.views import VIEWS
from militia_atlas.views.pipeline import run

PACKAGE = ROOT / "src" / "militia_atlas"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("context")
    synth.write_site(root, attacks=40, seed=3)
    return root


def containers(site) -> dict:
    """{name: (the container object, its type)} of every container of the index."""
    return {name: (value, type(value)) for name, value in vars(site).items() if isinstance(value, (dict, list))}


def render(site, settings, sink=None) -> list:
    return render_site(site, settings.templates_dir, settings.per_page, settings.directory_urls,
                       settings.site_name, settings, sink, VIEWS)


def test_indexing_leaves_every_entry_as_validate_made_it(synthetic):
    settings = quick_settings(synthetic / "mkdocs.yml")
    problems = Problems()
    countries = load_countries(settings.entries_dir, settings.root, problems)
    seas = load_seas(settings.entries_dir, settings.root, problems)
    raw = load_entries(settings.entries_dir, settings.root, problems)
    entries = validate_entries(raw, countries, build_date(), problems, seas=seas)
    before = {entry.id: dict(vars(entry)) for entry in entries}
    site = build_index(entries, [], countries, problems, False, {r.id for r in raw}, seas)
    assert not problems.items
    assert any(attack.vessel for attack in site.attacks.values())  # the title of an attack on a ship
    assert {entry.id: vars(entry) for entry in entries} == before


@pytest.mark.parametrize("preview", [False, True], ids=["build", "preview"])
def test_rendering_never_changes_the_index(synthetic, preview):
    """Neither a build nor a live preview (which records each page's reads) swaps or changes the
    index's containers: they are the same plain objects, with the same contents, after every page."""
    settings = quick_settings(synthetic / "mkdocs.yml")
    memory = Memory() if preview else None
    for _ in range(2 if preview else 1):  # the second preview build reuses pages from memory
        site, problems = check(settings, memory)
        assert not problems
        held, seen = containers(site), snapshot(site)
        files = render(site, settings, memory.pages if preview else None)
        assert files
        assert containers(site) == held
        assert not any(isinstance(value, (TrackedDict, TrackedList)) for value, _ in held.values())
        assert snapshot(site) == seen
        assert site.context.recorder is None  # the recorder is the preview's while pages draw, then gone


def test_a_preview_still_records_what_each_page_read(synthetic, tmp_path):
    """The other side of the rule above: with the index untouched, the preview's memory still knows
    which pages read an entry, so an edit to it redraws those pages (and only those)."""
    root = tmp_path / "site"
    shutil.copytree(synthetic, root)
    settings = quick_settings(root / "mkdocs.yml")
    memory = Memory()
    site, _ = check(settings, memory)
    render(site, settings, memory.pages)
    group = sorted(site.groups)[0]
    readers = memory.pages.readers[("groups", group)] | memory.pages.readers[("entities", group)]
    assert f"groups/{group}.md" in readers


# -- no stashed state: an AST walk over the package, like tests/test_architecture.py ------------------

# Objects of MkDocs (not ours) that the preview refreshes in place: MkDocs holds them between builds.
MKDOCS_OBJECTS = {("publish/preview_files.py", "vars(kept.page).clear"), ("publish/preview_files.py", "vars(kept.page).update")}


def written_from_outside(tree: ast.AST) -> list:
    """Each place that writes into another object's attributes by the back door: `x.__dict__[...] = `,
    `x.__dict__.setdefault(...)`, `vars(x).update(...)`, `setattr(x, ...)` where x is not `self`, and
    any assignment to an attribute of the index (`site.x = `, `renderer.site.x = `, `x.context.y = `)."""
    found = []

    def own(node) -> bool:
        return isinstance(node, ast.Name) and node.id == "self"

    def back_door(node) -> bool:  # x.__dict__ or vars(x), x not self
        if isinstance(node, ast.Attribute) and node.attr == "__dict__":
            return not own(node.value)
        return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "vars"
                and len(node.args) == 1 and not own(node.args[0]))

    def into_index(target) -> bool:
        node = target.value if isinstance(target, ast.Attribute) else None
        while isinstance(node, ast.Attribute):
            if node.attr in ("site", "context"):
                return True
            node = node.value
        return isinstance(node, ast.Name) and node.id == "site"

    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(target, ast.Subscript) and back_door(target.value) or into_index(target):
                    found.append(ast.unparse(target))
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "setattr" and node.args and not own(node.args[0]):
                found.append(ast.unparse(func) + "(" + ast.unparse(node.args[0]) + ")")
            elif isinstance(func, ast.Attribute) and back_door(func.value) and func.attr not in ("get", "items", "keys", "values"):
                found.append(ast.unparse(func))
    return found


def test_the_walk_finds_each_back_door():
    code = ("attack.__dict__['t'] = 1\nrenderer.__dict__.setdefault('v', 2)\nsetattr(site, 'groups', {})\n"
            "vars(page).update({})\nsite.context.recorder = r\nsite.groups = {}\nself.__dict__['ok'] = 1\n"
            "setattr(self, 'ok', 1)\nx = vars(site).items()\nown = self.__dict__\n")
    assert written_from_outside(ast.parse(code)) == [
        "attack.__dict__['t']", "site.context.recorder", "site.groups",
        "renderer.__dict__.setdefault", "setattr(site)", "vars(page).update"]


def test_no_module_writes_into_other_objects():
    """State a page depends on goes through the build context (core/context.py), never onto an
    entry, the index or the renderer from outside; only the index stage builds the index."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        for place in written_from_outside(ast.parse(path.read_text(encoding="utf-8"))):
            if (name, place) in MKDOCS_OBJECTS:
                continue
            if name == "core/index.py" and place.startswith("site."):  # the Indexer building its Site
                continue
            found.append(f"{name}: {place}")
    assert found == []


@pytest.fixture(scope="module")
def many_groups(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("groups")
    synth.write_site(root, attacks=360, seed=3)  # 12 groups
    return root


def test_a_summary_edit_of_one_group_redraws_few_group_pages(many_groups, tmp_path):
    """What many pages share is recorded as read by each of them (BuildContext.shared): the network's
    relations are a container of the index (`site.relations`), so a group page depends on the
    relations, not on every field of every group, and one group's summary edit does not redraw every
    group page."""
    root = tmp_path / "site"
    shutil.copytree(many_groups, root)
    settings = quick_settings(root / "mkdocs.yml")
    memory = Memory()
    run(settings, memory)
    before = dict(memory.pages.pages)
    group = sorted((root / "entries" / "groups").glob("*.yml"))[0]
    group.write_text(group.read_text(encoding="utf-8").replace("summary: |\n", "summary: |\n  New words.\n", 1),
                     encoding="utf-8")
    stat = group.stat()
    os.utime(group, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    site = run(settings, memory).site
    redrawn = [src for src, page in memory.pages.pages.items() 
               if src.startswith("groups/") and src.count("/") == 1 and before.get(src) is not page]
    assert len(site.groups) >= 10
    assert f"groups/{group.stem}.md" in redrawn
    assert len(redrawn) < len(site.groups) / 2, redrawn
