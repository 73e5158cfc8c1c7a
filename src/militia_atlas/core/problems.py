"""Problems found in an editor's input: what, where, and how to fix it."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field, replace

# What an editor's text must not bring into a report: control characters (a terminal runs ESC
# sequences), what readers take for a line end (U+0085, U+2028, U+2029: a new line could start
# a GitHub workflow command), and bidi controls (which reorder what the reader sees).
UNSAFE_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
OLD_STYLE_COMMAND = "##["  # the runner also reads `##[command]` anywhere in a line


def visible(text: str, keep: str = "") -> str:
    """Text with every unsafe character but those in `keep` shown as an escape (`\\n`, `\\x1b`, `\\u2028`)."""
    def escape(match) -> str:
        char = match.group()
        if char in keep:
            return char
        if char in SHORT_ESCAPES:
            return SHORT_ESCAPES[char]
        return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"

    return UNSAFE_CHARACTERS.sub(escape, str(text)).replace(OLD_STYLE_COMMAND, "##\\x5b")


def safe_line_start(line: str) -> str:
    """A line that does not start with `::`, however its first field (a file name) begins."""
    return "./" + line if line.lstrip().startswith("::") else line


def safe_lines(text: str) -> str:
    """Several lines of text from elsewhere (a YAML error and its snippet), each made safe."""
    return "\n".join(safe_line_start(visible(line)) for line in str(text).split("\n"))


@dataclass(frozen=True)
class Problem:
    """One error in one file. `where` is a field path inside the file's YAML."""

    file: str
    message: str
    hint: str = ""
    where: tuple = ()
    line: int = 0
    col: int = 0

    @property
    def field(self) -> str:
        return format_path(self.where)

    def located(self, line: int, col: int) -> "Problem":
        return replace(self, line=line, col=col)

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.col}: "
        if self.where:
            text += f"{self.field}: "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return safe_line_start(visible(text))

    def sort_key(self):
        return (self.file, self.line, self.col, self.message)


def format_path(path: tuple) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


@dataclass
class Problems:
    """Collects every problem of a run, so editors see them all at once."""

    items: list = field(default_factory=list)

    def add(self, file: str, message: str, hint: str = "", where: tuple = (), line: int = 0, col: int = 0) -> None:
        self.items.append(Problem(str(file), message, hint, tuple(where), line, col))

    def extend(self, other: "Problems") -> None:
        self.items.extend(other.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def sorted(self) -> list:
        return sorted(set(self.items), key=Problem.sort_key)


class NotInstalled(Exception):
    """Something the build needs is not installed on this machine (the map's npm packages)."""


class InvalidSite(Exception):
    """Raised when input has problems; carries every problem found."""

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the entries")


def did_you_mean(word: str, choices, cutoff: float = 0.6) -> str:
    import difflib

    matches = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=cutoff)
    return f"did you mean '{matches[0]}'?" if matches else ""


def as_text(problems: list) -> str:
    lines = [str(p) for p in problems]
    lines.append(f"{len(problems)} error{'s' if len(problems) != 1 else ''} found")
    return "\n".join(lines)


def as_json(problems: list) -> str:
    """JSON keeps the text exactly; its own escapes stand for what is unsafe to print (`\\n`, `\\u2028`)."""
    text = json.dumps(
        [
            {"file": p.file, "line": p.line, "col": p.col, "field": p.field, "message": p.message, "hint": p.hint}
            for p in problems
        ],
        ensure_ascii=False,
        indent=2,
    )
    # json.dumps escapes every C0 character inside strings: a raw "\n" left is the layout's own.
    text = UNSAFE_CHARACTERS.sub(lambda match: match.group() if match.group() == "\n" else f"\\u{ord(match.group()):04x}", text)
    return text.replace(OLD_STYLE_COMMAND, "##\\u005b")


def as_github_annotations(problems: list) -> str:
    def escape(text: str, is_property: bool = False) -> str:
        text = visible(text, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        if is_property:
            text = text.replace(":", "%3A").replace(",", "%2C")
        return text

    lines = []
    for p in problems:
        message = (f"{p.field}: " if p.where else "") + p.message + (f" ({p.hint})" if p.hint else "")
        lines.append(
            f"::error file={escape(p.file, True)},line={p.line},col={p.col}::{escape(message)}"
        )
    return "\n".join(lines)


def running_in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def as_warning_line(problem: Problem) -> str:
    """A warning as `validate` and the build log show it: like an error, with `warning:` after the place."""
    place = f"{problem.file}:{problem.line}:{problem.col}: "
    return safe_line_start(place + "warning: " + visible(str(problem)[len(place):]))


def as_github_warnings(problems: list) -> str:
    return "\n".join(line.replace("::error ", "::warning ", 1) for line in as_github_annotations(problems).splitlines())
