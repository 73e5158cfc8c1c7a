"""The commonest YAML mistakes, told by what they look like rather than where libyaml gave up.

libyaml reports the spot where it could go no further, often lines after the mistake and in
words about indentation. For three mistakes editors make all the time, the tokens read before
that spot show what really happened: a quote inside a quoted text closed it early
(`'Kata'ib'`), a quote left open ran on to the next quote lines below, a field indented more
than the one above it became part of that field's value.
"""

from __future__ import annotations

import re

import yaml

Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
LOOKS_LIKE_STRUCTURE = re.compile(rf"^\s*(- |{KEY}:( |$))")
KEY_LINE = re.compile(rf"^(\s*(?:- )*)({KEY}):(.*)$")


def recognise(error, text: str):
    """(message, hint, line, col) for one of the common mistakes behind a libyaml error, else None."""
    mark = error.problem_mark
    if mark is None:
        return None
    lines = text.splitlines()
    quoted = [token for token in _tokens(text) if isinstance(token, yaml.ScalarToken) and token.style in ("'", '"')]
    return (_closed_early(quoted, mark, lines) or _over_indented(error, mark, lines)
            or _not_closed_on_its_line(quoted, mark, lines))


def _tokens(text: str) -> list:
    tokens = []
    try:
        for token in yaml.scan(text, Loader=Loader):
            tokens.append(token)
    except yaml.YAMLError:
        pass  # the tokens up to the mistake are what tell it
    return tokens


def _closed_early(quoted: list, mark, lines: list):
    """`name: 'Kata'ib Ashab al-Kahf'`: the quote inside ended the text, and more text follows it."""
    for token in quoted:
        start, end = token.start_mark, token.end_mark
        if start.line != end.line or end.line != mark.line:
            continue
        line = lines[end.line]
        after = line[end.column:end.column + 1]
        if not after or after in " \t#,]}:":
            continue
        quote = token.style
        closing = line.rfind(quote)
        inner = line[start.column + 1:closing] if closing > end.column else line[start.column + 1:]
        if quote == "'":
            fixed = "'" + inner.replace("'", "''") + "'"
            return ("YAML syntax error: an apostrophe inside 'single quotes' ends the text there",
                    f"write each apostrophe inside twice: {fixed}, or put the value in \"double quotes\"",
                    end.line + 1, end.column)
        fixed = '"' + inner.replace('"', '\\"') + '"'
        return ('YAML syntax error: a quote inside "double quotes" ends the text there',
                f"write each quote inside as \\\": {fixed}, or put the value in 'single quotes'",
                end.line + 1, end.column)
    return None


def _not_closed_on_its_line(quoted: list, mark, lines: list):
    """A quote left open on line 5 runs on to the next quote, on line 15, where libyaml gives up."""
    for token in reversed(quoted):
        start, end = token.start_mark, token.end_mark
        if start.line == end.line or end.line > mark.line:
            continue
        if not any(LOOKS_LIKE_STRUCTURE.match(line) for line in lines[start.line + 1:end.line + 1]):
            continue  # a text that goes on over several lines on purpose
        quote = token.style
        return ("YAML syntax error: a quoted text is not closed on its line",
                f"add the closing {quote} at the end of line {start.line + 1}: "
                f"YAML read on to the next {quote} on line {end.line + 1}",
                start.line + 1, start.column + 1)
    return None


def _over_indented(error, mark, lines: list):
    """`  founded: 2003` under `summary: A group.`: read as a colon inside the summary."""
    if "mapping values are not allowed" not in (error.problem or "") or mark.line >= len(lines):
        return None
    line = lines[mark.line]
    before = line[:mark.column]
    key = before.strip()
    if not re.fullmatch(KEY, key) or line[mark.column:mark.column + 1] != ":":
        return None
    indent = len(before) - len(before.lstrip())
    above = next((lines[n] for n in range(mark.line - 1, -1, -1)
                  if lines[n].strip() and not lines[n].lstrip().startswith("#")), "")
    match = KEY_LINE.match(above)
    if not match or not match.group(3).strip() or match.group(3).strip()[0] in "|>":
        return None
    column = len(match.group(1))
    if indent <= column:
        return None
    return ("YAML syntax error: a field is indented more than the field above it",
            f"start `{key}:` in the same column as `{match.group(2)}:`, column {column + 1}",
            mark.line + 1, indent + 1)
