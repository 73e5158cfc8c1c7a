"""render/page_links.py: `validate` finds the links of hand-written pages MkDocs' strict build stops on,
and passes the ones it builds."""

from __future__ import annotations

from conftest import FIXTURES, copy_fixture, run_cli, run_mkdocs, write_tree

GROUP = (FIXTURES / "errors" / "broken-page-links" / "entries" / "groups" / "alpha-group.yml").read_text(encoding="utf-8")

GOOD_NOTE = """\
---
title: A note
date: 2023-10-02
---

# A note

## Early years

See [[alpha-group]], [the group](../groups/alpha-group.md), [all groups](../groups/index.md),
[the about page](../about.md), [its history](../about.md#history), [early years](#early-years),
[this page](note.md), [a site](https://example.org/nowhere.md), [mail](mailto:desk@example.org)
and [the feed](../feed.xml); [how to cite it](#cite-this-page) is added by the build.

![a map](../images/map.png)

`[in code](nowhere.md)`

```
![in a block](missing.png)
```
"""


def test_a_page_whose_links_all_reach_the_site_passes_validate_and_builds_strictly(tmp_path):
    root = copy_fixture("errors/broken-page-links", tmp_path / "site")
    (root / "expected.txt").unlink()
    (root / "content" / "about.md").write_text("# About\n\n## History\n\nBack to [the note](articles/note.md).\n",
                                               encoding="utf-8")
    write_tree(root, {"content/articles/note.md": GOOD_NOTE})
    (root / "content" / "images").mkdir()
    (root / "content" / "images" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = run_cli("validate", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    build = run_mkdocs("build", "--strict", cwd=root)
    assert build.returncode == 0, build.stderr[-3000:]


def test_each_broken_link_of_the_fixture_is_one_mkdocs_stops_on(tmp_path):
    """The fixture's expected lines and MkDocs' own warnings name the same links, page by page."""
    root = copy_fixture("errors/broken-page-links", tmp_path / "site")
    expected = (root / "expected.txt").read_text(encoding="utf-8").splitlines()
    (root / "expected.txt").unlink()
    build = run_mkdocs("build", "--strict", cwd=root)
    assert build.returncode != 0
    ours = sorted((line.split(":")[0].removeprefix("content/"), line.split("'")[1]) for line in expected)
    warned = sorted((line.split("'")[1], line.split("'")[3]) for line in build.stderr.splitlines()
                    if line.startswith("WARNING") and "Doc file" in line)
    assert ours == warned


def test_a_page_with_no_body_passes(tmp_path):
    root = copy_fixture("errors/broken-page-links", tmp_path / "site")
    (root / "expected.txt").unlink()
    (root / "content" / "about.md").write_text("", encoding="utf-8")
    (root / "content" / "articles" / "note.md").write_text("---\ntitle: A note\ndate: 2023-10-02\n---\n\n\n",
                                                           encoding="utf-8")
    result = run_cli("validate", cwd=root)
    assert (result.returncode, result.stderr) == (0, ""), result.stdout + result.stderr
