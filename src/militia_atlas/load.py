"""Stage 1, load: YAML entry files become plain values (every scalar kept as text).

libyaml's composer (when present) builds the node tree; we walk it ourselves so that
duplicate keys, aliases and explicit tags are errors and no scalar is ever turned
into a bool, number or date behind the editor's back. Line and column numbers are
looked up again only when a problem has to be reported (see `Locator`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import Problems

Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

KINDS = {"groups": "group", "bases": "base", "attacks": "attack"}
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"
RESERVED_IDS = {"index", "page", "feed", "tags"}
MAX_FILE_BYTES = 256 * 1024
STR_TAG = "tag:yaml.org,2002:str"
PLAIN_TAGS = {STR_TAG, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


@dataclass
class RawEntry:
    """One entry file as read from disk: its kind, id (the file stem) and values."""

    kind: str
    id: str
    path: Path
    display_path: str
    data: object  # dict on success, None when the file could not be read


class YamlShapeError(Exception):
    def __init__(self, message: str, hint: str, mark):
        super().__init__(message)
        self.message, self.hint, self.mark = message, hint, mark


def find_entry_files(entries_dir: Path) -> list:
    """Every *.yml / *.yaml file under entries/<kind>/, in a stable order."""
    found = []
    for folder in KINDS:
        base = entries_dir / folder
        if not base.is_dir():
            continue
        for root, dirs, files in os.walk(base, followlinks=False):
            dirs.sort()
            for name in sorted(files):
                if name.endswith((".yml", ".yaml")) and not name.startswith("."):
                    found.append((folder, Path(root) / name))
    return found


def read_text(path: Path, display: str, problems: Problems, root: Path):
    """The file's text, or None with a problem explaining why it cannot be read."""
    if path.is_symlink():
        target = path.resolve()
        if not _is_inside(target, root.resolve()):
            problems.add(display, "this file is a symlink that leads outside entries/",
                         "replace the link with the file itself", line=1, col=1)
            return None
    try:
        size = path.stat().st_size
    except OSError as error:
        problems.add(display, f"cannot read the file: {error.strerror}", "check that it exists and is readable",
                     line=1, col=1)
        return None
    if size > MAX_FILE_BYTES:
        problems.add(display, f"file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}",
                     "an entry should be a few kilobytes; move long text into an article in content/", line=1, col=1)
        return None
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte-order mark carries no content: accepted as written by many editors
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problems.add(display, f"the file is not valid UTF-8 (byte 0x{data[error.start]:02x})",
                     "save the file as UTF-8", line=line, col=col)
        return None


def _is_inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def parse_yaml(text: str):
    """Text to plain values: dicts, lists and strings only. Raises yaml.YAMLError or YamlShapeError."""
    if "&" in text or "*" in text or "!" in text:
        _refuse_anchors_and_tags(text)
    node = yaml.compose(text, Loader=Loader)
    if node is None:
        return None
    return _value(node, set())


def _refuse_anchors_and_tags(text: str) -> None:
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.AliasEvent):
            raise YamlShapeError("aliases (*name) are not allowed",
                                 "write the value out in full", event.start_mark)
        anchor = getattr(event, "anchor", None)
        if anchor:
            raise YamlShapeError(f"anchors (&{anchor}) are not allowed", "remove the anchor and write values out in full",
                                 event.start_mark)
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise YamlShapeError(f"explicit tags ({tag}) are not allowed",
                                 "remove the tag; write the value as plain text", event.start_mark)


def _value(node, seen: set):
    if id(node) in seen:
        raise YamlShapeError("aliases (*name) are not allowed", "write the value out in full", node.start_mark)
    if node.tag not in PLAIN_TAGS:
        raise YamlShapeError(f"explicit tags ({node.tag}) are not allowed",
                             "remove the tag; write the value as plain text", node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        return node.value
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        return [_value(item, seen) for item in node.value]
    mapping, first_seen = {}, {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlShapeError("a key must be plain text", "write keys as `name: value`", key_node.start_mark)
        key = key_node.value
        if key == "<<":
            raise YamlShapeError("merge keys (<<) are not allowed", "write every field out in full",
                                 key_node.start_mark)
        if key in first_seen:
            first = first_seen[key].start_mark.line + 1
            raise YamlShapeError(f"duplicate key '{key}' (also on line {first})",
                                 "keep one of the two and delete the other", key_node.start_mark)
        first_seen[key] = key_node
        mapping[key] = _value(value_node, seen)
    return mapping


def load_file(path: Path, display: str, problems: Problems, root: Path):
    """One entry file to a dict, or None with problems added."""
    text = read_text(path, display, problems, root)
    if text is None:
        return None
    try:
        data = parse_yaml(text)
    except YamlShapeError as error:
        problems.add(display, error.message, error.hint, line=error.mark.line + 1, col=error.mark.column + 1)
        return None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message, hint = explain_yaml_error(error, text)
        problems.add(display, message, hint, line=mark.line + 1 if mark else 1, col=mark.column + 1 if mark else 1)
        return None
    except yaml.YAMLError as error:
        problems.add(display, f"YAML error: {error}", "check the file's syntax", line=1, col=1)
        return None
    if data is None or data == "":
        problems.add(display, "the file is empty", "fill it in, or start from `militia-atlas new`", line=1, col=1)
        return None
    if not isinstance(data, dict):
        what = "a list" if isinstance(data, list) else "a single value"
        problems.add(display, f"the top level is {what}, not a mapping of fields",
                     "write one `field: value` per line, starting at the left margin", line=1, col=1)
        return None
    return data


def explain_yaml_error(error, text: str):
    """libyaml's wording, turned into what an editor can act on."""
    problem = (error.problem or "").strip()
    mark = error.problem_mark
    line_text = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
    if "\t" in line_text[: (mark.column + 1) if mark else 0] or "found character '\\t'" in problem:
        return ("YAML syntax error: a tab character is used for indentation",
                "indent with spaces, never tabs")
    if "expected a single document" in str(error):
        return ("the file holds more than one YAML document (a second `---`)",
                "keep one entry per file; delete the extra `---` and what follows, or move it to its own file")
    if "found unexpected end of stream" in problem and "quoted scalar" in (error.context or ""):
        return ("YAML syntax error: a quoted text is never closed",
                "add the closing quote, or remove the opening one")
    context = f"{error.context}, " if error.context else ""
    return (f"YAML syntax error: {context}{problem}".rstrip(", "),
            "check indentation, colons and quotes around this spot")


def load_entries(entries_dir: Path, display_root: Path, problems: Problems) -> list:
    """Every entry file under entries_dir as a RawEntry (data None where it could not be read)."""
    entries = []
    for folder, path in find_entry_files(entries_dir):
        display = _display(path, display_root)
        data = load_file(path, display, problems, entries_dir)
        entries.append(RawEntry(KINDS[folder], path.stem, path, display, data))
    return entries


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


class Locator:
    """Finds the line and column of a field path in a file, re-reading it with marks on demand."""

    def __init__(self):
        self._trees = {}

    def locate(self, path: Path, where: tuple):
        tree = self._tree(path)
        if tree is None:
            return 1, 1
        node, key_node = tree, None
        for part in where:
            child = _child(node, part)
            if child is None:
                break
            key_node, node = child
        mark = (key_node or node).start_mark
        return mark.line + 1, mark.column + 1

    def _tree(self, path: Path):
        if path not in self._trees:
            try:
                text = path.read_bytes().decode("utf-8-sig")
                self._trees[path] = yaml.compose(text, Loader=Loader)
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
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
    return located
