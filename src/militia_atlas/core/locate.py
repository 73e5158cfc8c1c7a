"""Where a problem is: the line and column of a field path in an entry file.

The load stage keeps no positions (it would cost every build for the few files with a
problem); a problem found later names its field path, and `locate_problems` reads that
file again, with marks, only when it has to be reported.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .yaml_reader import Loader


class Locator:
    """Finds the line and column of a field path in a file, re-reading it with marks on demand."""

    def __init__(self):
        self._trees = {}
        self._texts = {}

    def locate(self, path: Path, where: tuple):
        node, key_node = self._find(path, where)
        if node is None:
            return 1, 1
        mark = (key_node or node).start_mark
        return mark.line + 1, mark.column + 1

    def locate_in_value(self, path: Path, where: tuple, needle: str, occurrence: int = 0):
        """Line and column of the n-th `needle` inside a scalar's source text (for `[[id]]` in a summary)."""
        node, key_node = self._find(path, where)
        if node is None:
            return 1, 1
        text = self._texts[path]
        start, end = node.start_mark.index, node.end_mark.index
        position = start - 1
        for _ in range(occurrence + 1):
            position = text.find(needle, position + 1, end)
            if position < 0:
                mark = (key_node or node).start_mark
                return mark.line + 1, mark.column + 1
        line_start = text.rfind("\n", 0, position) + 1
        return text.count("\n", 0, position) + 1, position - line_start + 1

    def _find(self, path: Path, where: tuple):
        tree = self._tree(path)
        if tree is None:
            return None, None
        node, key_node = tree, None
        for part in where:
            child = _child(node, part)
            if child is None:
                break
            key_node, node = child
        return node, key_node

    def _tree(self, path: Path):
        if path not in self._trees:
            try:
                text = path.read_bytes().decode("utf-8-sig")
                self._texts[path] = text
                self._trees[path] = yaml.compose(text, Loader=Loader)
            except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
                self._trees[path] = None
        return self._trees[path]


def _child(node, part):
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                return key_node, value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return None, node.value[part]
    return None


def locate_problems(problems: list, paths: dict) -> list:
    """Fill in line and column for problems that only know their field path."""
    locator = Locator()
    located = []
    for problem in problems:
        if problem.line == 0 and problem.file in paths:
            line, col = locator.locate(paths[problem.file], problem.where)
            problem = problem.located(line, col)
        elif problem.line == 0:
            problem = problem.located(1, 1)
        located.append(problem)
    return sorted(located, key=lambda p: p.sort_key())
