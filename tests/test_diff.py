"""`militia-atlas diff BASE_REF`, run for real on a git repository each test creates."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import MINIMAL_MKDOCS, run_cli, write_tree

SOURCE = """\
sources:
  - publisher: Example News
    title: A report
    url: https://example.org/report
"""

GROUP = "name: {name}\ntype: militia\nsummary: A group.\n" + SOURCE
BASE = "name: {name}\ncountry: iraq\nsummary: A base.\n" + SOURCE
ATTACK = "date: 2023-10-29\nbase: al-asad\nsummary: An attack.\n{extra}" + SOURCE

BASE_TREE = {
    "mkdocs.yml": MINIMAL_MKDOCS,
    "entries/groups/kataib-hezbollah.yml": GROUP.format(name="Kata'ib Hezbollah"),
    "entries/groups/old-front.yml": GROUP.format(name="Old Front"),
    "entries/bases/al-asad.yml": BASE.format(name="Ain al-Asad Air Base"),
    "entries/bases/closed-post.yml": BASE.format(name="Closed Post"),
    "entries/attacks/2023-10-29-al-asad.yml": ATTACK.format(extra="claimed_by: [kataib-hezbollah]\n"),
    "entries/attacks/2023-10-30-al-asad.yml": ATTACK.format(extra="claimed_by: [kataib-hezbollah]\n"),
    "content/index.md": "# Home\n",
    "content/articles/old.md": "---\ntitle: An old article\ndate: 2023-10-30\n---\nText.\n",
}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    result = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return result.stdout


def make_repo(root: Path, files: dict = BASE_TREE, site: str = "") -> Path:
    """A git repository with one commit tagged `base`; returns the site folder inside it."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    write_tree(root / site, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "tag", "base")
    return root / site


def diff(site: Path, *args: str) -> subprocess.CompletedProcess:
    return run_cli("diff", *args, cwd=site)


def diff_json(site: Path, ref: str = "base") -> dict:
    result = diff(site, ref, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def statuses(report: dict) -> dict:
    return {(c["kind"], c["id"]): c["status"] for c in report["changes"]}


def test_nothing_changed(tmp_path):
    site = make_repo(tmp_path / "repo")
    report = diff_json(site)
    assert report["changes"] == []
    markdown = diff(site, "base", "--format", "markdown").stdout
    assert "No entry or page changed." in markdown


def test_added_changed_and_removed_entries_and_pages(tmp_path):
    site = make_repo(tmp_path / "repo")
    write_tree(site, {
        "entries/groups/new-front.yml": GROUP.format(name="New Front"),
        "entries/groups/kataib-hezbollah.yml": GROUP.format(name="Kata'ib Hezbollah").replace(
            "A group.", "A group founded in 2003."),
        "content/articles/new.md": "---\ntitle: A new article\ndate: 2023-11-01\n---\nText.\n",
    })
    (site / "entries/bases/closed-post.yml").unlink()
    (site / "content/articles/old.md").write_text("---\ntitle: An old article\ndate: 2023-10-30\n---\nNew text.\n")

    report = diff_json(site)

    assert statuses(report) == {
        ("group", "new-front"): "added",
        ("group", "kataib-hezbollah"): "changed",
        ("base", "closed-post"): "removed",
        ("page", "articles/new.md"): "added",
        ("page", "articles/old.md"): "changed",
    }
    by_id = {c["id"]: c for c in report["changes"]}
    assert by_id["kataib-hezbollah"]["fields"] == ["summary"]
    assert by_id["articles/old.md"]["fields"] == ["text"]
    assert by_id["new-front"]["url"] == "groups/new-front/"
    assert by_id["articles/new.md"]["url"] == "articles/new/"
    assert by_id["new-front"]["path"] == "entries/groups/new-front.yml"


def test_layout_and_comments_alone_are_no_change(tmp_path):
    site = make_repo(tmp_path / "repo")
    path = site / "entries/groups/old-front.yml"
    path.write_text("# reviewed 2024-01-01\n" + path.read_text().replace("type: militia", "type:   'militia'"))
    assert diff_json(site)["changes"] == []


def test_markdown_comment_links_to_preview_pages(tmp_path):
    site = make_repo(tmp_path / "repo")
    write_tree(site, {"entries/groups/new-front.yml": GROUP.format(name="New [Front]")})
    (site / "entries/groups/old-front.yml").unlink()

    result = diff(site, "base", "--format", "markdown", "--preview-url", "https://pr-7.atlas.pages.dev")

    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("<!-- militia-atlas-diff -->")
    assert "1 added, 0 changed, 1 removed." in text
    assert "[New \\[Front\\]](https://pr-7.atlas.pages.dev/groups/new-front/)" in text
    assert "**Old Front**" in text and "groups/old-front/" not in text  # removed pages have no link


def test_flags_new_unclaimed_attacks_and_entries_without_sources(tmp_path):
    site = make_repo(tmp_path / "repo")
    write_tree(site, {
        "entries/attacks/2023-11-01-al-asad.yml": ATTACK.format(extra=""),  # new and unclaimed
        "entries/attacks/2023-11-02-al-asad.yml": ATTACK.format(extra="attributed_to: [kataib-hezbollah]\n"),
        "entries/attacks/2023-10-30-al-asad.yml": ATTACK.format(extra="claimed_by: []\n"),  # claim taken away
        "entries/bases/no-sources.yml": "name: No Sources\ncountry: iraq\nsummary: A base.\n",
    })

    report = diff_json(site)

    assert report["unclaimed_attacks"] == ["entries/attacks/2023-10-30-al-asad.yml",
                                           "entries/attacks/2023-11-01-al-asad.yml"]
    assert report["without_sources"] == ["entries/bases/no-sources.yml"]
    markdown = diff(site, "base", "--format", "markdown").stdout
    assert "Unclaimed attack: **2023-11-01-al-asad**" in markdown
    assert "No sources: Base **No Sources**" in markdown


def test_an_attack_unclaimed_before_is_not_flagged_again(tmp_path):
    files = {**BASE_TREE, "entries/attacks/2023-10-29-al-asad.yml": ATTACK.format(extra="")}
    site = make_repo(tmp_path / "repo", files)
    path = site / "entries/attacks/2023-10-29-al-asad.yml"
    path.write_text(path.read_text().replace("An attack.", "An attack at night."))
    report = diff_json(site)
    assert statuses(report) == {("attack", "2023-10-29-al-asad"): "changed"}
    assert report["unclaimed_attacks"] == []


def test_drafts_are_listed_without_a_link(tmp_path):
    site = make_repo(tmp_path / "repo")
    write_tree(site, {"entries/groups/draft-group.yml": GROUP.format(name="Draft Group") + "draft: true\n"})
    report = diff_json(site)
    [change] = report["changes"]
    assert change["draft"] is True and change["url"] is None
    markdown = diff(site, "base", "--format", "markdown", "--preview-url", "https://p.example").stdout
    assert "**Draft Group**" in markdown and "draft: not published" in markdown


def test_unreadable_files_are_reported_not_a_traceback(tmp_path):
    site = make_repo(tmp_path / "repo")
    write_tree(site, {"entries/groups/broken.yml": "name: [unclosed\n"})
    result = diff(site, "base")
    assert result.returncode == 0, result.stderr
    assert "A entries/groups/broken.yml" in result.stdout
    assert "entries/groups/broken.yml: cannot be read" in result.stdout


def test_site_in_a_subfolder_of_the_repository(tmp_path):
    site = make_repo(tmp_path / "repo", site="atlas")
    (site / "entries/groups/old-front.yml").unlink()
    report = diff_json(site)
    assert [(c["status"], c["path"]) for c in report["changes"]] == [("removed", "atlas/entries/groups/old-front.yml")]


def test_compares_with_an_older_commit(tmp_path):
    site = make_repo(tmp_path / "repo")
    write_tree(site, {"entries/groups/second.yml": GROUP.format(name="Second")})
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "second")
    assert statuses(diff_json(site, "HEAD")) == {}
    assert statuses(diff_json(site, "HEAD~1")) == {("group", "second"): "added"}


@pytest.mark.parametrize("ref", ["no-such-branch", "--help", "HEAD~5"])
def test_unknown_ref_is_a_clean_error(tmp_path, ref):
    site = make_repo(tmp_path / "repo")
    result = diff(site, ref) if not ref.startswith("-") else diff(site, "--", ref)
    assert result.returncode == 2
    assert f"unknown git ref '{ref}'" in result.stderr or f"'{ref}' is not a git ref" in result.stderr
    assert "Traceback" not in result.stderr


def test_not_a_git_repository_is_a_clean_error(tmp_path):
    site = write_tree(tmp_path / "plain", {k: v for k, v in BASE_TREE.items()})
    result = diff(site, "main")
    assert result.returncode == 2
    assert "is not inside a git repository" in result.stderr
    assert "Traceback" not in result.stderr


# -- a comment GitHub accepts, however large the change ------------------------------------

GITHUB_COMMENT_LIMIT = 65536


def add_attacks(site: Path, count: int, unclaimed_every: int = 3) -> None:
    for number in range(count):
        day = f"2024-{1 + number // 28 % 12:02d}-{1 + number % 28:02d}"
        extra = "" if number % unclaimed_every == 0 else "claimed_by: [kataib-hezbollah]\n"
        text = ATTACK.format(extra=extra).replace("2023-10-29", day).replace("An attack.",
                                                                            f"Attack number {number} near the base.")
        (site / "entries/attacks" / f"{day}-al-asad-{number:03d}.yml").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def large_change(tmp_path_factory) -> Path:
    site = make_repo(tmp_path_factory.mktemp("large") / "repo")
    add_attacks(site, 600)
    return site


def test_a_600_entry_change_makes_a_comment_github_accepts(large_change, tmp_path):
    full = tmp_path / "site-changes-full.md"
    result = diff(large_change, "base", "--format", "markdown", "--preview-url", "https://pr-7.atlas.pages.dev",
                  "--full", str(full), "--full-url", "https://github.com/o/r/actions/runs/1")
    assert result.returncode == 0, result.stderr
    comment = result.stdout
    assert len(comment) <= 60_000 < GITHUB_COMMENT_LIMIT
    assert comment.startswith("<!-- militia-atlas-diff -->")
    assert "600 added, 0 changed, 0 removed." in comment
    assert "| Attack | 600 | 0 | 0 |" in comment  # counts per kind, whatever is cut
    assert "https://github.com/o/r/actions/runs/1" in comment and "site-changes-full.md" in comment
    shown = [line for line in comment.splitlines() if line.startswith("- Attack ")]
    assert 0 < len(shown) < 600
    assert shown == sorted(shown)  # the first rows, in the full list's order
    whole = full.read_text(encoding="utf-8")
    assert len([line for line in whole.splitlines() if line.startswith("- Attack ")]) == 600
    assert len(whole) > 60_000
    assert all(line in whole for line in shown)
    assert whole.count(":warning: Unclaimed attack") == 200


def test_the_limit_can_be_set_and_a_small_change_is_never_cut(tmp_path):
    site = make_repo(tmp_path / "repo")
    add_attacks(site, 30)
    small = diff(site, "base", "--format", "markdown").stdout
    assert "too long" not in small and small.count("- Attack ") == 30
    capped = diff(site, "base", "--format", "markdown", "--max-chars", "2500").stdout
    assert len(capped) <= 2500 and "too long" in capped
    assert "| Attack | 30 | 0 | 0 |" in capped and 0 < capped.count("- Attack ") < 30


def test_full_writes_the_whole_list_in_any_format(large_change, tmp_path):
    full = tmp_path / "changes.json"
    result = diff(large_change, "base", "--format", "json", "--full", str(full))
    assert result.returncode == 0, result.stderr
    assert json.loads(full.read_text(encoding="utf-8")) == json.loads(result.stdout)
    assert len(json.loads(result.stdout)["changes"]) == 600
