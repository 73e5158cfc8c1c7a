"""The editor's schema mapping (commands/editor_settings.py): `.vscode/settings.json` `yaml.schemas`.

Checked with the real yaml-language-server (the one VS Code's YAML extension runs), driven over LSP
as VS Code drives it: every existing entry, with no `$schema` line, gets diagnostics and completion.
"""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import ROOT, run_cli, unavailable
from lsp_client import LanguageServer, missing

SHIPPED = ROOT / ".vscode/settings.json"
MISTAKES = {  # an existing entry of each kind, with one mistake an editor makes, and the words the server says
    "groups": ("irgc.yml", "\ntype: ", "\ntpye: ", "Property tpye is not allowed."),
    "bases": ("ain-al-asad-air-base.yml", "\ncountry: iraq", "\ncountry: [iraq]", "Incorrect type. Expected \"string\"."),
    "attacks": ("2023-10-29-al-shadadi.yml", "\noutcome: ", "\noutcome: sunk #", "Value is not accepted."),
}


@pytest.fixture
def example(tmp_path):
    """The example site's entries, schemas and editor settings, as an editor opens the repository."""
    root = tmp_path / "site"
    for folder in ("entries", "schemas", ".vscode"):
        if (ROOT / folder).is_dir():  # without .vscode/ the tests below fail, not this fixture
            shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture
def server(example):
    if why := missing():
        unavailable(why)
    path = example / ".vscode/settings.json"
    settings = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    language_server = LanguageServer(example)
    # VS Code sends its settings by section: "yaml.schemas" in settings.json is yaml -> schemas
    language_server.start({"yaml": {"schemas": settings.get("yaml.schemas", {}), "validate": True,
                                    "completion": True, "hover": True}})
    yield language_server
    language_server.close()


def test_an_existing_entry_with_a_mistake_gets_a_diagnostic_at_the_mistake(example, server):
    for folder, (name, right, wrong, message) in MISTAKES.items():
        path = example / "entries" / folder / name
        text = path.read_text(encoding="utf-8")
        assert "$schema" not in text and right in text
        path.write_text(text.replace(right, wrong, 1), encoding="utf-8")
        mistake_line = text[:text.index(right)].count("\n") + 1
        diagnostics = server.diagnostics(server.open(path))
        assert [d["range"]["start"]["line"] for d in diagnostics if message in d["message"]] == [mistake_line], (
            folder, diagnostics)


def test_completion_in_an_existing_entry_offers_its_fields(example, server):
    path = example / "entries/groups/irgc.yml"
    text = path.read_text(encoding="utf-8")
    uri = server.open(path)
    server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")  # the schema is read by then
    result = server.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                        "position": {"line": text.count("\n"), "character": 0}})
    labels = {item["label"] for item in (result["items"] if isinstance(result, dict) else result)}
    assert {"member_of", "backed_by", "leaders", "dissolved"} <= labels, labels


def test_the_shipped_mapping_is_what_schema_writes(example):
    shutil.rmtree(example / ".vscode", ignore_errors=True)
    result = run_cli("schema", "--out", "schemas", cwd=example)
    assert result.returncode == 0, result.stderr
    assert "wrote the editor's schema mapping (yaml.schemas) to .vscode/settings.json" in result.stderr
    assert (example / ".vscode/settings.json").read_text(encoding="utf-8") == SHIPPED.read_text(encoding="utf-8")
    again = run_cli("schema", "--out", "schemas", cwd=example)
    assert "yaml.schemas" not in again.stderr, "an unchanged mapping is not rewritten"


def test_other_settings_are_kept_and_an_old_mapping_of_the_same_files_is_replaced(example):
    settings = example / ".vscode/settings.json"
    settings.write_text(json.dumps({"editor.tabSize": 4, "yaml.schemas": {
        "https://example.org/old/group.schema.json": ["entries/groups/*.yml"], "other.json": ["notes/*.yml"]}}))
    assert run_cli("new", "group", "new-group", cwd=example).returncode == 0
    written = json.loads(settings.read_text(encoding="utf-8"))
    assert written["editor.tabSize"] == 4
    assert written["yaml.schemas"] == {"other.json": ["notes/*.yml"],
                                       **json.loads(SHIPPED.read_text(encoding="utf-8"))["yaml.schemas"]}


def test_settings_with_comments_are_left_alone_and_the_command_says_what_to_add(example):
    settings = example / ".vscode/settings.json"
    settings.write_text('// mine\n{"editor.tabSize": 4}\n')
    result = run_cli("schema", "--out", "schemas", cwd=example)
    assert result.returncode == 0
    assert settings.read_text() == '// mine\n{"editor.tabSize": 4}\n'
    assert ".vscode/settings.json was left as it is (not plain JSON: Expecting value at line 1)" in result.stderr
    assert '"schemas/group.schema.json": [' in result.stderr


def test_a_site_with_its_entries_elsewhere_maps_that_folder(tmp_path):
    root = tmp_path / "site"
    (root / "data/groups").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - militia-atlas:\n      entries: data\n")
    assert run_cli("schema", "--out", "editor/schemas", cwd=root).returncode == 0
    schemas = json.loads((root / ".vscode/settings.json").read_text())["yaml.schemas"]
    assert schemas["editor/schemas/group.schema.json"] == ["data/groups/*.yml", "data/groups/*.yaml"]


PATTERN_MISTAKES = {  # a value that breaks a field's pattern, and the human message the server shows for it
    "attacks/2023-10-29-al-shadadi.yml": ("date: 2023-10-29\n", "date: 2023-13-45\n",
                                          "Not a date: write YYYY-MM-DD, YYYY-MM or YYYY, like 2023-10-29"),
    "groups/irgc.yml": ("\nnative_name_lang: fa\n", "\nnative_name_lang: Persian\n",
                        "Not a language tag: use a BCP 47 tag such as ar, fa, ku or ar-IQ."),
    "bases/ain-al-asad-air-base.yml": ("\ncountry: iraq", "\ncountry: Iraq", "Not a country slug"),
}


def test_a_value_that_breaks_a_pattern_gets_a_human_message_not_a_regular_expression(example, server):
    for name, (right, wrong, message) in PATTERN_MISTAKES.items():
        path = example / "entries" / name
        text = path.read_text(encoding="utf-8")
        assert right in text, name
        path.write_text(text.replace(right, wrong, 1), encoding="utf-8")
        first_wrong_line = wrong.strip("\n").split("\n")[0]
        changed = text.replace(right, wrong, 1)
        line = changed[:changed.index(first_wrong_line)].count("\n")
        diagnostics = server.diagnostics(server.open(path))
        assert [d["range"]["start"]["line"] for d in diagnostics if message in d["message"]] == [line], (
            name, diagnostics)
        assert not any("pattern" in d["message"] for d in diagnostics), diagnostics


def test_hover_on_a_pattern_field_shows_an_example(example, server):
    path = example / "entries/attacks/2023-10-29-al-shadadi.yml"
    text = path.read_text(encoding="utf-8")
    uri = server.open(path)
    server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    line = text[:text.index("date:")].count("\n")
    result = server.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                   "position": {"line": line, "character": 1}})
    assert "Example: `2023-10-29`" in json.dumps(result), result
