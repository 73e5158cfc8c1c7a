"""Reading an entry file: YAML text becomes plain values (every scalar kept as text).

libyaml's parser produces a stream of events; we build dicts, lists and strings from
it ourselves, with an explicit stack. So duplicate keys, anchors, aliases and explicit
tags are errors, no scalar is ever turned into a bool, number or date behind the
editor's back, an alias bomb is refused at its first anchor (nothing is ever
expanded), and deep nesting cannot exhaust the stack. libyaml's own error messages are
turned into ones an editor can act on (`YAML_PROBLEMS`).
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import Problems
from .yaml_mistakes import recognise

Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
MAX_DEPTH = 20
MAX_FILE_BYTES = 256 * 1024

# libyaml's wording -> what an editor can act on. First match wins; `problem` is matched, else `context`.
YAML_PROBLEMS = (
    ("found a tab character", "YAML syntax error: a tab character is used for indentation",
     "indent with spaces, never tabs"),
    ("found unexpected end of stream", "YAML syntax error: a quoted text is never closed",
     "add the closing quote, or remove the opening one"),
    ("found unknown escape character", "YAML syntax error: a backslash in double quotes starts an invalid escape",
     "write \\\\ for a backslash, or use single quotes"),
    ("did not find expected hexdecimal number", "YAML syntax error: a backslash in double quotes starts an "
     "invalid escape", "write \\\\ for a backslash, or use single quotes"),
    ("found invalid Unicode character escape code", "YAML syntax error: a \\u escape names no valid character",
     "check the hexadecimal digits after \\u"),
    ("mapping values are not allowed", "YAML syntax error: a colon followed by a space inside a value",
     "put the whole value in quotes"),
    ("found character that cannot start any token", "YAML syntax error: a value starts with a character "
     "YAML reserves (such as ` or @)", "put the whole value in quotes"),
    ("block sequence entries are not allowed", "YAML syntax error: a `- item` list starts on the line of its key",
     "start the list on the next line, indented, or write [a, b]"),
    ("did not find expected ',' or ']'", "YAML syntax error: a [list] is never closed",
     "close it with ], and separate items with commas"),
    ("did not find expected ',' or '}'", "YAML syntax error: a {mapping} is never closed",
     "close it with }, and separate fields with commas"),
    ("could not find expected ':'", "YAML syntax error: a line is neither `field: value` nor the continuation "
     "of a value", "add the missing colon, or indent the line under its field"),
    ("did not find expected key", "YAML syntax error: a line does not line up with the fields around it",
     "check the indentation: fields of one mapping start in the same column"),
    ("did not find expected '-' indicator", "YAML syntax error: a line does not line up with the list items "
     "around it", "check the indentation: items of one list start with `-` in the same column"),
)
UNCLOSED_QUOTE = YAML_PROBLEMS[1][1]




class YamlShapeError(Exception):
    def __init__(self, message: str, hint: str, mark):
        super().__init__(message)
        self.message, self.hint, self.mark = message, hint, mark


@dataclass(frozen=True)
class DuplicateKey:
    """A key written twice in one mapping: the first value is kept, the problem reported."""

    key: str
    first_line: int  # 1-based
    mark: object  # of the second key




def read_text(path: Path, display: str, problems: Problems, root: Path):
    """The file's text, or None with a problem explaining why it cannot be read."""
    if path.is_symlink() and not _is_inside(path.resolve(), root.resolve()):
        problems.add(display, "this file is a symlink that leads outside entries/",
                     "replace the link with the file itself", line=1, col=1)
        return None
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            problems.add(display, "this is not a regular file", "an entry is a plain text file; replace it with one",
                         line=1, col=1)
            return None
        if info.st_size > MAX_FILE_BYTES:
            problems.add(display, f"file is {info.st_size:,} bytes, over the limit of {MAX_FILE_BYTES:,}",
                         "an entry should be a few kilobytes; move long text into an article in content/",
                         line=1, col=1)
            return None
        data = path.read_bytes()
    except OSError as error:
        problems.add(display, f"cannot read the file: {error.strerror}", "check that it exists and is readable",
                     line=1, col=1)
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte-order mark carries no content: accepted as written by many editors
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, col = _byte_position(data, error.start)
        problems.add(display, f"the file is not valid UTF-8 (byte 0x{data[error.start]:02x})",
                     "save the file as UTF-8", line=line, col=col)
        return None


def _byte_position(data: bytes, offset: int):
    """1-based line and column (in characters) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, col


def _is_inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def parse_yaml(text: str, duplicates: list | None = None):
    """Text to plain values: dicts, lists and strings only. Raises yaml.YAMLError or YamlShapeError.

    A duplicate key raises too, unless a `duplicates` list is given: then each is appended to it,
    the first value is kept, and parsing goes on.
    """
    # One flat loop over libyaml's events with an explicit stack: no recursion, and fast
    # (this is most of the time `validate` spends on a large site).
    stack, result, documents = [], None, 0
    for event in yaml.parse(text, Loader=Loader):
        kind = type(event)
        if kind is _SCALAR:
            if event.anchor or event.tag is not None:
                _refuse_anchor_and_tag(event)
            value = event.value
            if value in _NULL_WORDS and not event.style and not _is_key(stack):
                value = _plain_null(value, stack)
        elif kind is _MAPPING_START or kind is _SEQUENCE_START:
            if event.anchor or event.tag is not None:
                _refuse_anchor_and_tag(event)
            if stack and stack[-1].key is None and type(stack[-1].value) is dict:
                raise YamlShapeError("a key must be plain text", "write keys as `name: value`", event.start_mark)
            if len(stack) >= MAX_DEPTH:
                raise YamlShapeError(f"values are nested more than {MAX_DEPTH} levels deep",
                                     "an entry needs a few levels at most; check the brackets and indentation",
                                     event.start_mark)
            stack.append(_Frame({}, {}) if kind is _MAPPING_START else _Frame([], None))
            continue
        elif kind is _MAPPING_END or kind is _SEQUENCE_END:
            value = stack.pop().value
        elif kind is _ALIAS:
            raise YamlShapeError(f"aliases (*{event.anchor}) are not allowed", "write the value out in full",
                                 event.start_mark)
        elif kind is _DOCUMENT_START:
            documents += 1
            if documents > 1:
                raise YamlShapeError("the file holds more than one YAML document (a second `---`)",
                                     "keep one entry per file; delete the extra `---` and what follows, "
                                     "or move it to its own file", event.start_mark)
            continue
        else:
            continue
        if not stack:
            result = value
            continue
        top = stack[-1]
        if type(top.value) is list:
            top.value.append(value)
        elif top.key is None:
            _take_key(top, value, event, duplicates)
        else:
            if not top.skip:
                top.value[top.key] = value
            top.key, top.skip = None, False
    return result


_NULL_WORDS = frozenset(("null", "Null", "NULL", "~"))


class PlainNull(str):
    """A plain `null`, `Null`, `NULL` or `~` in a list: YAML's null, which every editor's YAML tool reads
    as nothing. Still the text as written (`[40, null]` is "at least 40" to a casualty figure), but
    marked, so that a list of values can tell it from a quoted "null"."""

    __slots__ = ()


def _plain_null(word: str, stack: list):
    """As a field's value, the same as writing nothing (""); in a list, the word marked as a null."""
    return PlainNull(word) if stack and type(stack[-1].value) is list else ""


def _is_key(stack: list) -> bool:
    return bool(stack) and stack[-1].key is None and type(stack[-1].value) is dict


_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_MAPPING_START, _MAPPING_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_DOCUMENT_START = yaml.DocumentStartEvent


class _Frame:
    """A mapping or list being built; for a mapping, the key waiting for its value."""

    __slots__ = ("value", "key", "skip", "first_lines")

    def __init__(self, value, first_lines):
        self.value, self.key, self.skip, self.first_lines = value, None, False, first_lines


def _take_key(frame: _Frame, key: str, event, duplicates) -> None:
    if key == "<<" and event.implicit[0]:
        raise YamlShapeError("merge keys (<<) are not allowed", "write every field out in full", event.start_mark)
    if key in frame.first_lines:
        duplicate = DuplicateKey(key, frame.first_lines[key], event.start_mark)
        if duplicates is None:
            raise YamlShapeError(duplicate_message(duplicate), DUPLICATE_HINT, event.start_mark)
        duplicates.append(duplicate)
        frame.skip = True
    else:
        frame.first_lines[key] = event.start_mark.line + 1
    frame.key = key


DUPLICATE_HINT = "keep one of the two and delete the other"


def duplicate_message(duplicate: DuplicateKey) -> str:
    return f"duplicate key '{duplicate.key}': first on line {duplicate.first_line}, again on line {duplicate.mark.line + 1}"


def _refuse_anchor_and_tag(event) -> None:
    if event.anchor:
        raise YamlShapeError(f"anchors (&{event.anchor}) are not allowed",
                             "remove the anchor and write values out in full", event.start_mark)
    if event.tag is not None:
        tag = event.tag.replace("tag:yaml.org,2002:", "!!")  # as the editor wrote it
        raise YamlShapeError(f"explicit tags ({tag}) are not allowed",
                             "remove the tag; write the value as plain text", event.start_mark)


def load_file(path: Path, display: str, problems: Problems, root: Path):
    """One entry file to a dict, or None with problems added."""
    text = read_text(path, display, problems, root)
    if text is None:
        return None
    return load_text(text, display, problems)


def load_text(text: str, display: str, problems: Problems):
    """An entry's text to a dict, or None with problems added. Duplicate keys are reported, not fatal."""
    duplicates = []
    try:
        data = parse_yaml(text, duplicates)
    except (yaml.YAMLError, YamlShapeError) as error:
        message, hint, line, col = describe_yaml_error(error, text)
        problems.add(display, message, hint, line=line, col=col)
        return None
    for duplicate in duplicates:
        problems.add(display, duplicate_message(duplicate), DUPLICATE_HINT,
                     line=duplicate.mark.line + 1, col=duplicate.mark.column + 1)
    if data is None or data == "":
        problems.add(display, "the file is empty", "fill it in, or start from `militia-atlas new`", line=1, col=1)
        return None
    if not isinstance(data, dict):
        what = "a list" if isinstance(data, list) else "a single value"
        problems.add(display, f"the top level is {what}, not a mapping of fields",
                     "write one `field: value` per line, starting at the left margin", line=1, col=1)
        return None
    return data


def describe_yaml_error(error, text: str):
    """(message, hint, line, col) for anything parse_yaml raised on `text`."""
    if isinstance(error, YamlShapeError):
        return error.message, error.hint, error.mark.line + 1, error.mark.column + 1
    if isinstance(error, yaml.MarkedYAMLError):
        recognised = recognise(error, text)
        if recognised:
            return recognised
        mark = error.problem_mark or error.context_mark
        message, hint = explain_yaml_error(error, text)
        if message == UNCLOSED_QUOTE and error.context_mark:
            mark = error.context_mark  # the opening quote, not the end of the file
        return message, hint, (mark.line + 1 if mark else 1), (mark.column + 1 if mark else 1)
    if isinstance(error, yaml.reader.ReaderError):
        code = ord(error.character) if isinstance(error.character, str) else error.character
        line, col = _byte_position(text.encode("utf-8", errors="surrogatepass"), error.position)
        return (f"the file contains a control character (U+{code:04X}) that YAML does not allow",
                "delete it: control characters are invisible and cannot be shown on a page",
                line, col)
    return f"YAML error: {error}", "check the file's syntax", 1, 1


def explain_yaml_error(error, text: str):
    """libyaml's wording, turned into what an editor can act on: (message, hint)."""
    problem = (error.problem or "").strip()
    mark = error.problem_mark
    lines = text.splitlines()
    line_text = lines[mark.line] if mark and mark.line < len(lines) else ""
    if mark and "\t" in line_text[: mark.column + 1] and not line_text[: mark.column].strip():
        return YAML_PROBLEMS[0][1], YAML_PROBLEMS[0][2]
    for needle, message, hint in YAML_PROBLEMS:
        if needle in problem:
            return message, hint
    words = ", ".join(part for part in (error.context, problem) if part)
    return "YAML syntax error: " + words, "check indentation, colons and quotes around this spot"
