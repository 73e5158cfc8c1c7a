"""What `validate` prints cannot be read as a GitHub workflow command or a terminal escape.

Entry text (keys, values) and file names reach the report. In every format they are escaped:
control characters, line and paragraph separators and bidi controls are shown as `\\n`,
`\\x1b`, `\\u2028`, ...; JSON and the GitHub format use their own escapes for line ends
(`\\n`, `%0A`) and show the rest the same way. Each case writes a
hostile site and runs the real command in each format.
"""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from conftest import copy_fixture, run_cli

from militia_atlas.core.problems import Problem, as_github_annotations, as_json, as_text, visible

FORGED_KEY = "zz\n::warning file=README.md,line=1::FORGED"
HOSTILE_KEYS = {
    "newline": FORGED_KEY,
    "carriage-return": "cr\r::add-mask::secret",
    "escape": "esc\x1b[2J\x1b]0;pwned\x07",
    "next-line": "nel\x85::warning::FORGED",
    "line-separator": "ls\u2028::warning::FORGED",
    "paragraph-separator": "ps\u2029::error file=README.md::FORGED",
    "bidi-override": "bidi\u202e::gninraw",
    "old-style-command": "old ##[warning]FORGED",
}
OUR_ANNOTATION = re.compile(r"::error file=entries/[^,]*,line=\d+,col=\d+::\S")
LINE_BREAKS_AND_BIDI = set("\x85\u2028\u2029\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def yaml_double_quoted(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid YAML double-quoted scalar, escapes and all


def hostile_site(root):
    copy_fixture("basic", root)
    group = root / "entries" / "groups" / "sponsor-corps.yml"
    extra = "".join(f"{yaml_double_quoted(key)}: x\n" for key in HOSTILE_KEYS.values())
    group.write_text(group.read_text(encoding="utf-8") + extra, encoding="utf-8")
    newline_name = root / "entries" / "groups" / "bad\n::warning file=README.md::FORGED.yml"
    newline_name.write_text("name: X\n", encoding="utf-8")
    return root


def assert_nothing_forged(output: str) -> None:
    for line in output.splitlines():  # splitlines also breaks at U+0085, U+2028, ... as some readers do
        stripped = line.lstrip()
        if stripped.startswith("::"):
            assert OUR_ANNOTATION.match(stripped), f"a forged workflow command: {line!r}"
        assert "##[" not in line, f"an old-style workflow command: {line!r}"
    raw = [char for char in output if (unicodedata.category(char) == "Cc" and char != "\n")
           or char in LINE_BREAKS_AND_BIDI]
    assert raw == [], f"raw control characters reach the output: {raw!r}"


@pytest.mark.parametrize("output_format", ["text", "json", "github"])
def test_validate_output_forges_no_command_and_no_escape(tmp_path, output_format):
    root = hostile_site(tmp_path / "site")
    result = run_cli("validate", "--format", output_format, cwd=root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert_nothing_forged(result.stdout)
    assert_nothing_forged(result.stderr)
    shown = result.stdout + result.stderr
    assert "FORGED" in shown  # the hostile text is reported, not dropped
    if output_format == "github":
        annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
        assert len(annotations) == len(HOSTILE_KEYS) + 4  # each key; the file name (its id, three missing fields)
    if output_format == "json":
        problems = json.loads(result.stdout)
        messages = " ".join(problem["message"] for problem in problems)
        assert FORGED_KEY in messages  # a tool gets the key exactly as written, through JSON's own escapes
        assert any("\n" in problem["file"] for problem in problems)


def test_validate_in_github_actions_escapes_the_plain_report_too(tmp_path):
    root = hostile_site(tmp_path / "site")
    result = run_cli("validate", cwd=root, env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    assert_nothing_forged(result.stdout)
    assert_nothing_forged(result.stderr)
    assert "zz\\n::warning file=README.md" in result.stderr  # shown, escaped, in the log


def test_control_characters_are_shown_as_escapes():
    assert visible("a\nb\r\tc\x1b[0m\x7f\x85") == "a\\nb\\r\\tc\\x1b[0m\\x7f\\x85"
    assert visible("x\u2028y\u2029z\u202e") == "x\\u2028y\\u2029z\\u202e"
    assert visible("Kata'ib Hezbollah \u0643\u062a\u0627\u0626\u0628 \u200c \U0001f600") == (
        "Kata'ib Hezbollah \u0643\u062a\u0627\u0626\u0628 \u200c \U0001f600")  # letters of any script, ZWNJ, emoji


def test_every_format_escapes_a_problem_with_a_newline():
    problem = Problem("entries/groups/a\nb.yml", "unknown field 'x\n::warning::y'", "", ("x\n",), 1, 2)
    assert "\n" not in as_text([problem]).split("\n", 1)[0] + "|"  # one line for the problem
    assert as_text([problem]).splitlines()[0] == (
        "entries/groups/a\\nb.yml:1:2: x\\n: unknown field 'x\\n::warning::y'")
    assert len(as_json([problem]).splitlines()) == 10  # JSON keeps its own escapes: no extra line
    assert as_github_annotations([problem]) == (  # the runner's own escapes for what it reads as line ends
        "::error file=entries/groups/a%0Ab.yml,line=1,col=2::x%0A: unknown field 'x%0A::warning::y'")
    odd = Problem("entries/groups/a\x1b.yml", "k\u2028::warning::y", "", (), 1, 2)
    assert as_github_annotations([odd]) == "::error file=entries/groups/a\\x1b.yml,line=1,col=2::k\\u2028::warning::y"


def test_a_line_never_starts_with_two_colons():
    problem = Problem("::warning file=x::FORGED.yml", "m", "", (), 1, 1)
    assert not as_text([problem]).lstrip().startswith("::")
