"""The package's layers, held as rules (docs-dev/ARCHITECTURE.md draws them).

Each folder of `src/militia_atlas/` is a layer; a module imports only from its own layer and the
layers below it, imports inside functions included (an import inside a function is still an
arrow); no two modules import each other, directly or round a circle; only the `publish` layer
(and the commands above it) may load MkDocs.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest
from conftest import ROOT

PACKAGE = ROOT / "src" / "militia_atlas"
LAYERS = ("core", "render", "views", "preview", "publish", "commands")  # bottom to top
MKDOCS_LAYERS = ("publish", "commands")
MAX_LINES = 400
MAX_PLUGIN_LINES = 100


def module_name(path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict:
    """{dotted name: path} of every module of the package."""
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path, known: set) -> set:
    """The package's modules that `name` imports, anywhere in its code."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                if f"{target}.{alias.name}" in known:
                    found.add(f"{target}.{alias.name}")
                elif target in known:
                    found.add(target)
    return found - {name}


def import_graph() -> dict:
    known = modules()
    return {name: imports_of(name, path, set(known)) for name, path in known.items()}


def layer(name: str) -> int:
    parts = name.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else -1


def cycles(graph: dict) -> list:
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_imports_inside_functions():
    graph = import_graph()
    assert "militia_atlas.core.names" in graph["militia_atlas.core.index"]
    assert all(name.startswith("militia_atlas") for name in graph)
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle():
    assert cycles(import_graph()) == []


def test_every_module_sits_in_a_layer():
    assert [name for name in modules() if layer(name) < 0] == ["militia_atlas"]


def test_each_layer_imports_only_from_itself_and_below():
    upward = [f"{name} -> {target}" for name, targets in import_graph().items()
              for target in sorted(targets) if layer(target) > layer(name)]
    assert upward == []


def test_only_the_publishing_layers_load_mkdocs():
    """Importing every module outside the MkDocs layers, all at once, loads no `mkdocs` module (so
    neither does importing any one of them)."""
    names = [name for name in modules() if layer(name) < 0 or LAYERS[layer(name)] not in MKDOCS_LAYERS]
    code = ("import importlib, json, sys\n"
            f"for name in {names!r}: importlib.import_module(name)\n"
            "print(json.dumps(sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith('mkdocs.'))))")
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                       check=True).stdout)
    assert len(names) > 20
    assert loaded == []


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_module_is_over_400_lines(name):
    lines = modules()[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines; split it by what its parts do"


def test_the_plugin_only_wires_events():
    path = PACKAGE / "publish" / "plugin.py"
    assert path.read_text(encoding="utf-8").count("\n") <= MAX_PLUGIN_LINES
