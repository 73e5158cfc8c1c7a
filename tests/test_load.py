"""Loading: YAML text to plain values, every scalar kept as the editor wrote it."""

from __future__ import annotations

import tracemalloc

import pytest
import yaml
from conftest import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st

from militia_atlas.core.yaml_reader import PlainNull, MAX_DEPTH, YamlShapeError, describe_yaml_error, load_file, load_text, parse_yaml
from militia_atlas.core.locate import Locator
from militia_atlas.core.problems import Problems


def problems_of(text: str) -> list:
    problems = Problems()
    load_text(text, "x.yml", problems)
    return [str(p) for p in problems]


def test_text_is_kept_exactly_as_written():
    path = FIXTURES / "errors/text-kept-as-written/entries/groups/as-written.yml"
    data = load_file(path, "as-written.yml", Problems(), path.parent)
    assert data["name"] == "NO"
    assert data["short_name"] == "on"
    assert data["aliases"] == ["1e3", "0755", "2023-10-29", "true"]
    assert data["native_name"] == "1_000"
    assert data["summary"] == "0x1F"
    assert data["sources"][0]["title"] == "2023-10-29"
    path = path.with_name("null-words.yml")
    data = load_file(path, "null-words.yml", Problems(), path.parent)
    assert (data["name"], data["aliases"], data["short_name"]) == ("null", ["~", "Null"], "")


def test_only_dicts_lists_and_strings_come_out():
    data = parse_yaml("a: 1\nb: [yes, 2.5, 'null']\nc: {d: 2023-01-01}\ne:\n")
    assert data == {"a": "1", "b": ["yes", "2.5", "null"], "c": {"d": "2023-01-01"}, "e": ""}


def test_a_plain_null_is_nothing_as_in_yaml_and_a_quoted_one_is_text():
    data = parse_yaml("a: null\nb: [~, Null, NULL, \"null\", '~']\nnull: x\nc:\n  d: ~\n")
    assert data == {"a": "", "b": ["~", "Null", "NULL", "null", "~"], "null": "x", "c": {"d": ""}}
    assert [type(item) is PlainNull for item in data["b"]] == [True, True, True, False, False]


def test_a_bom_is_accepted_silently(tmp_path):
    path = tmp_path / "x.yml"
    path.write_bytes(b"\xef\xbb\xbfname: Alpha\n")
    problems = Problems()
    assert load_file(path, "x.yml", problems, tmp_path) == {"name": "Alpha"}
    assert not problems
    assert Locator().locate(path, ("name",)) == (1, 1)


def test_duplicate_keys_are_reported_with_both_lines_and_the_rest_is_still_read():
    problems = Problems()
    data = load_text("name: A\ntype: militia\nname: B\nsources:\n  - title: x\n    title: y\n", "x.yml", problems)
    assert data == {"name": "A", "type": "militia", "sources": [{"title": "x"}]}
    assert [str(p) for p in problems] == [
        "x.yml:3:1: duplicate key 'name': first on line 1, again on line 3 (keep one of the two and delete the other)",
        "x.yml:6:5: duplicate key 'title': first on line 5, again on line 6 (keep one of the two and delete the other)",
    ]


def test_without_a_list_for_them_duplicate_keys_raise():
    with pytest.raises(YamlShapeError, match="first on line 1, again on line 2"):
        parse_yaml("a: 1\na: 2\n")


@pytest.mark.parametrize("text, message", [
    ("a: &x 1\n", "anchors (&x) are not allowed"),
    ("a: [1]\nb: *x\n", "aliases (*x) are not allowed"),
    ("a: !!int 1\n", "explicit tags (!!int) are not allowed"),
    ("a: !custom 1\n", "explicit tags (!custom) are not allowed"),
    ("<<: {a: 1}\n", "merge keys (<<) are not allowed"),
    ("a: 1\n---\nb: 2\n", "the file holds more than one YAML document"),
    ("? [a, b]\n: c\n", "a key must be plain text"),
])
def test_yaml_features_an_entry_does_not_need_are_refused(text, message):
    with pytest.raises(YamlShapeError, match=message.replace("(", r"\(").replace(")", r"\)").replace("*", r"\*")):
        parse_yaml(text)


def test_a_quoted_merge_key_is_an_ordinary_key():
    assert parse_yaml('"<<": a\n') == {"<<": "a"}


def billion_laughs(levels: int) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_before_anything_is_expanded():
    text = billion_laughs(30)  # 9**30 strings if it were ever expanded
    tracemalloc.start()
    with pytest.raises(YamlShapeError, match="anchors"):
        parse_yaml(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 1_000_000  # nothing was expanded: 9**30 strings would not fit in any memory


def test_an_alias_bomb_with_the_anchors_late_in_the_file_is_refused_too():
    text = "name: x\n" * 1 + "tags:\n" + "".join(f"  - t{i}\n" for i in range(500)) + billion_laughs(20)
    with pytest.raises(YamlShapeError, match="anchors"):
        parse_yaml(text)


@pytest.mark.parametrize("nesting", ["[" * 100_000 + "]" * 100_000, "{a: " * 50_000 + "1" + "}" * 50_000,
                                     "\n  " + "- " * 1000 + "x"])
def test_deep_nesting_is_refused_without_exhausting_the_stack(nesting):
    assert len(problems_of("a: " + nesting + "\n")) == 1
    with pytest.raises(YamlShapeError, match=f"nested more than {MAX_DEPTH} levels deep"):
        parse_yaml("a: " + nesting + "\n")


def test_nesting_an_entry_really_uses_is_fine():
    text = "location:\n  name: x\n  coordinates: [1, 2]\nsources:\n  - publisher: a\n    title: [b]\n"
    assert parse_yaml(text)["location"]["coordinates"] == ["1", "2"]


@pytest.mark.parametrize("text, expected", [
    ("a: b\n\t- c\n", "x.yml:2:1: YAML syntax error: a tab character is used for indentation"),
    ('a: "b\nc: d\n', "x.yml:1:4: YAML syntax error: a quoted text is never closed"),
    ("a: b: c\n", "x.yml:1:5: YAML syntax error: a colon followed by a space inside a value"),
    ("a: `b`\n", "x.yml:1:4: YAML syntax error: a value starts with a character YAML reserves"),
    ("a: [b, c\nd: e\n", "x.yml:2:2: YAML syntax error: a [list] is never closed"),
    ("a: {b: c\n", "x.yml:2:1: YAML syntax error: a {mapping} is never closed"),
    ('a: "C:\\Users"\n', "x.yml:1:9: YAML syntax error: a backslash in double quotes starts an invalid escape"),
    ('a: "\\q"\n', "x.yml:1:5: YAML syntax error: a backslash in double quotes starts an invalid escape"),
    ("a: b\n  c: d\n", "x.yml:2:3: YAML syntax error: a field is indented more than the field above it"),
    ("a:\n  - b\n c: d\n", "x.yml:3:2: YAML syntax error: a line does not line up with the fields around it"),
    ("a: - b\n", "x.yml:1:4: YAML syntax error: a `- item` list starts on the line of its key"),
    ("a: b\x07c\n", "x.yml:1:5: the file contains a control character (U+0007) that YAML does not allow"),
    ("a: é\x07\n", "x.yml:1:5: the file contains a control character (U+0007) that YAML does not allow"),
])
def test_yaml_syntax_errors_are_explained_at_the_right_spot(text, expected):
    (problem,) = problems_of(text)
    assert problem.startswith(expected + " ("), problem


def test_non_utf8_names_the_byte_and_its_position(tmp_path):
    path = tmp_path / "x.yml"
    path.write_bytes("name: ü\n".encode() + b"type: caf\xe9\n")
    problems = Problems()
    assert load_file(path, "x.yml", problems, tmp_path) is None
    assert [str(p) for p in problems] == ["x.yml:2:10: the file is not valid UTF-8 (byte 0xe9) (save the file as UTF-8)"]


def test_a_utf16_file_is_not_utf8(tmp_path):
    path = tmp_path / "x.yml"
    path.write_bytes("name: a\n".encode("utf-16"))
    problems = Problems()
    assert load_file(path, "x.yml", problems, tmp_path) is None
    assert "not valid UTF-8 (byte 0xff)" in str(problems.items[0])


def test_a_fifo_is_not_read(tmp_path):
    import os

    os.mkfifo(tmp_path / "x.yml")
    problems = Problems()
    assert load_file(tmp_path / "x.yml", "x.yml", problems, tmp_path) is None  # and it did not block
    assert "not a regular file" in str(problems.items[0])


def test_a_dangling_symlink_is_explained(tmp_path):
    (tmp_path / "x.yml").symlink_to(tmp_path / "missing.yml")
    problems = Problems()
    assert load_file(tmp_path / "x.yml", "x.yml", problems, tmp_path) is None
    assert "cannot read the file: No such file or directory" in str(problems.items[0])


def test_locator_finds_keys_items_and_the_mapping_for_missing_fields(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("# comment\nname: a\nsources:\n  - title: t\n    url: u\ntags: [a, b]\n")
    locator = Locator()
    assert locator.locate(path, ("name",)) == (2, 1)
    assert locator.locate(path, ("sources", 0, "url")) == (5, 5)
    assert locator.locate(path, ("sources", 0)) == (4, 5)
    assert locator.locate(path, ("tags", 1)) == (6, 11)
    assert locator.locate(path, ()) == (2, 1)
    assert locator.locate(path, ("absent", 3)) == (2, 1)


@pytest.mark.parametrize("summary, line, col", [
    ("summary: |\n  one [[a]]\n  two [[b]] [[b]]\n", 3, 13),
    ("summary: >\n  one [[a]]\n  two [[b]] [[b]]\n", 3, 13),
    ('summary: "one [[a]] two [[b]] [[b]]"\n', 1, 31),
    ("summary: one [[a]]\n  two [[b]] [[b]]\n", 2, 13),
])
def test_locate_in_value_finds_the_nth_link_whatever_the_scalar_style(tmp_path, summary, line, col):
    path = tmp_path / "x.yml"
    path.write_text("name: a\n" + summary)
    line += 1
    assert Locator().locate_in_value(path, ("summary",), "[[b", 1) == (line, col)


def test_describe_yaml_error_covers_every_error_parse_yaml_raises():
    for text in ("a: &x 1\n", "a: [\n", "a: \x07\n", "a: 1\na: 2\n"):
        try:
            parse_yaml(text)
        except (yaml.YAMLError, YamlShapeError) as error:
            message, hint, line, col = describe_yaml_error(error, text)
            assert message and hint and line >= 1 and col >= 1
        else:
            raise AssertionError(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab: -[]{},'\"&*!|>#?\n\t\\%@`~\u00e9\x07\ufeff")), max_size=80))
def test_any_text_gives_values_or_a_located_problem_never_a_crash(text):
    problems = Problems()
    data = load_text(text, "x.yml", problems)
    assert (data is None) == bool(problems)
    for problem in problems:
        assert problem.line >= 1 and problem.col >= 1 and problem.message and problem.hint


TEXT = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x85\u2028\u2029")  # line breaks to YAML


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.text(TEXT, max_size=10), lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(TEXT, max_size=5), inner, max_size=3), max_leaves=10))
def test_parse_yaml_reads_back_what_a_yaml_writer_wrote(value):
    text = yaml.safe_dump({"v": value}, allow_unicode=True)
    try:
        assert parse_yaml(text) == {"v": value}
    except (yaml.YAMLError, YamlShapeError):  # e.g. a character YAML cannot hold
        pass


def test_stray_files_are_reported_not_silently_ignored(tmp_path):
    from militia_atlas.core.load import load_entries

    entries = tmp_path / "entries"
    for relative in ("attack/x.yml", "groups/a.YAML", "bases/b.yml", "c.yml", "countries.yml", "notes/readme.md"):
        (entries / relative).parent.mkdir(parents=True, exist_ok=True)
        (entries / relative).write_text("name: x\n")
    problems = Problems()
    raw = load_entries(entries, tmp_path, problems)
    assert [r.id for r in raw] == ["b"]
    assert sorted(f"{p.file}: {p.message}" for p in problems) == [
        "entries/attack/: 'attack' is not a folder of entries, so the files in it are ignored",
        "entries/c.yml: this file is not in a folder of entries",
        "entries/groups/a.YAML: the file extension is not lowercase, so the file is ignored",
    ]
    assert "rename it to attacks/" in problems.items[0].hint


def test_the_preview_cache_rereads_only_changed_files(tmp_path, monkeypatch):
    import militia_atlas.core.load as load_module
    from militia_atlas.core.problems import Problems

    folder = tmp_path / "entries" / "groups"
    folder.mkdir(parents=True)
    (folder / "a.yml").write_text("name: A\n")
    (folder / "b.yml").write_text("name: B\nname: again\n")
    reads = []
    real = load_module.load_file
    monkeypatch.setattr(load_module, "load_file", lambda path, *rest: reads.append(path.name) or real(path, *rest))
    cache = {}
    first = Problems()
    load_module.load_entries(tmp_path / "entries", tmp_path, first, cache)
    assert sorted(reads) == ["a.yml", "b.yml"] and len(first) == 1
    reads.clear()
    (folder / "a.yml").write_text("name: A changed\n")
    second = Problems()
    entries = load_module.load_entries(tmp_path / "entries", tmp_path, second, cache)
    assert reads == ["a.yml"]
    assert next(e for e in entries if e.id == "a").data == {"name": "A changed"}
    assert [p.message for p in second] == [p.message for p in first]
