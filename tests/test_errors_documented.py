"""Every error message the code can produce is in the editing guide (content/editing/errors.md).

The messages are found in the source itself: every `problems.add(file, message, ...)`,
`checker.error(where, message, ...)` and `YamlShapeError(message, ...)` call, the YAML
syntax table, the messages built in load.py's describe functions, and the errors of the
`new` command and of finding mkdocs.yml. An f-string becomes a pattern (`unknown field '…'`)
that one example in the guide must match; and every example in the guide must match a
message the code can still produce, so the page cannot go stale either.
"""

from __future__ import annotations

import ast
import re

import pytest
from conftest import FIXTURES, ROOT

from militia_atlas.core.yaml_reader import YAML_PROBLEMS

SOURCE = ROOT / "src" / "militia_atlas"
GUIDE = ROOT / "content" / "editing" / "errors.md"
MESSAGE_ARGUMENT = {"add": 1, "error": 1, "YamlShapeError": 0}
# Calls that pass on a message built elsewhere, where that message is collected instead.
PASS_THROUGH = {
    ("yaml_reader.py", "message"),  # from describe_yaml_error, collected below
    ("yaml_reader.py", "duplicate_message(duplicate)"),  # its return value is collected below
    ("fields.py", "message"),  # Checker.error itself
}
BUILDERS = {("yaml_mistakes.py", "_closed_early"), ("yaml_mistakes.py", "_not_closed_on_its_line"),
            ("yaml_mistakes.py", "_over_indented")}
BUILDERS |= {("outlines.py", "_outside")}  # a warning, in the guide's table of warnings
BUILDERS |= {("yaml_reader.py", "describe_yaml_error"), ("yaml_reader.py", "explain_yaml_error"), ("yaml_reader.py", "duplicate_message")}
RAISED = {("scaffold.py", "ValueError"), ("config.py", "SiteNotFound")}
RAISED |= {("site_dir.py", "OutputRefused")}  # build and generate: an output folder that is a source
BUILDERS |= {("site_dir.py", "explain")}  # build and generate: a full disk, a read-only folder
PRINTED_BY_NEW = "… already exists; nothing was written"


def template(node):
    """An expression building a message, as a pattern with … for what varies; None if it is not one."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "…" for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = template(node.left), template(node.right)
        if left is not None or right is not None:
            return (left if left is not None else "…") + (right if right is not None else "…")
    return None


def code_messages() -> set:
    found, unknown = set(), []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                found |= _call_message(path.name, node, unknown)
            elif isinstance(node, ast.FunctionDef) and (path.name, node.name) in BUILDERS:
                found |= _returned_messages(node)
    assert unknown == [], f"messages built in a way this test cannot read: {unknown}"
    found |= {message for _, message, _ in YAML_PROBLEMS}
    found.add(PRINTED_BY_NEW)
    return found


def _call_message(module: str, node: ast.Call, unknown: list) -> set:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if (module, name) in RAISED and node.args:
        message = template(node.args[0])  # `"; ".join(...)` of field problems is no template: skipped
        return {message} if message not in (None, "…") else set()
    position = MESSAGE_ARGUMENT.get(name)
    if position is None or len(node.args) <= position or (name != "YamlShapeError" and len(node.args) < 2):
        return set()
    message = template(node.args[position])
    if message is None:
        if (module, ast.unparse(node.args[position])) not in PASS_THROUGH:
            unknown.append(f"{module}:{node.lineno}: {ast.unparse(node.args[position])}")
        return set()
    return {message}


def _returned_messages(function: ast.FunctionDef) -> set:
    found = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Return) and node.value is not None:
            value = node.value.elts[0] if isinstance(node.value, ast.Tuple) else node.value
            message = template(value)
            if message is not None and message != "…":
                found.add(message)
    return found


def pattern(message: str) -> re.Pattern:
    return re.compile(".*?".join(re.escape(part) for part in message.split("…")), re.DOTALL)


def documented_examples() -> list:
    """The message column of every table in the guide: `` message `` in the first cell."""
    return re.findall(r"^\| `` (.+?) `` \|", GUIDE.read_text(encoding="utf-8"), re.MULTILINE)


def test_the_scan_finds_the_messages_it_should():
    messages = code_messages()
    assert "unknown field '…'" in messages
    assert "duplicate key '…': first on line …, again on line …" in messages
    assert "YAML syntax error: …" in messages
    assert "a source needs a `url` or a `citation`" in messages
    assert len(messages) > 80


@pytest.mark.parametrize("message", sorted(code_messages()))
def test_every_message_the_code_can_produce_is_documented(message):
    examples = documented_examples()
    assert any(pattern(message).fullmatch(example) for example in examples), (
        f"add an example of this message, with its fix, to content/editing/errors.md: {message}")


def test_every_documented_message_can_still_be_produced():
    messages = code_messages()
    stale = [example for example in documented_examples()
             if not any(pattern(message).fullmatch(example) for message in messages)]
    assert stale == []


def test_every_message_of_the_error_fixtures_is_documented():
    examples = documented_examples()
    messages = code_messages()
    with_hint = [re.compile(pattern(known).pattern + r"(?: \(.*\))?", re.DOTALL) for known in messages]
    for expected in sorted((FIXTURES / "errors").glob("*/expected.txt")):
        for line in expected.read_text(encoding="utf-8").splitlines():
            text = re.sub(r"^[^:]+:\d+:\d+: ", "", line)
            without_field = text.split(": ", 1)[-1]
            assert any(known.fullmatch(text) or known.fullmatch(without_field) for known in with_hint), line
    assert len(examples) == len(set(examples)), "an example is listed twice"


def test_bom_design_decision_is_documented():
    assert "byte-order mark (BOM)" in GUIDE.read_text(encoding="utf-8")


def test_the_editing_guide_is_in_the_site_nav_in_its_own_section_for_editors_at_the_end():
    import yaml

    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert list(config["nav"][-1]) == ["For editors"], "editors' pages leave the readers' sections"
    editing = config["nav"][-1]["For editors"]
    assert editing == ["editing/index.md", "editing/fields.md", "editing/vessels-and-seas.md", "editing/sources.md",
                       "editing/errors.md", "editing/import.md", "editing/strikes.md", "contributing/previews.md"]
    readers = yaml.safe_dump(config["nav"][:-1])
    assert "editing/" not in readers and "contributing/" not in readers
    for page in editing:
        assert (ROOT / "content" / page).is_file()
