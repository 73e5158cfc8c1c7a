"""Drafts show in previews only; internal notes appear nowhere."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_fixture, run_cli, write_tree

DRAFT = """\
    date: 2023-10-28
    base: river-base
    draft: true
    title: DRAFTMARKER attack
    summary: DRAFTMARKER summary text.
    tags: [draftmarkertag]
    sources: [{publisher: Wire, title: DRAFTMARKER source, url: "https://example.org/draft"}]
    """
DRAFT_ARTICLE = """\
    ---
    title: DRAFTMARKER article
    date: 2023-10-31
    draft: true
    groups: [umbrella-front]
    ---
    # DRAFTMARKER article

    Unpublished DRAFTMARKER analysis.
    """


def with_drafts(root: Path) -> Path:
    copy_fixture("basic", root)
    write_tree(root, {"entries/attacks/2023-10-28-river-base.yml": DRAFT,
                      "content/articles/draft.md": DRAFT_ARTICLE})
    group = root / "entries/groups/sponsor-corps.yml"
    group.write_text(group.read_text() + "internal_notes: SECRETNOTE do not publish\n")
    return root


def files_containing(folder: Path, marker: str) -> list:
    return [p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and marker.lower().encode() in p.read_bytes().lower()]


def test_published_build_has_no_trace_of_drafts_or_notes(tmp_path):
    root = with_drafts(tmp_path / "site-src")
    run_cli("build", cwd=root, check=True)
    site = root / "site"
    assert (site / "attacks/2023-10-27-river-base/index.html").is_file()
    assert files_containing(site, "DRAFTMARKER") == []
    assert files_containing(site, "SECRETNOTE") == []
    assert not (site / "attacks/2023-10-28-river-base").exists()
    assert "draftmarkertag" not in (site / "tags/index.html").read_text()


def test_previews_show_drafts_with_a_banner(tmp_path):
    root = with_drafts(tmp_path / "site-src")
    run_cli("build", cwd=root, env={"MILITIA_ATLAS_DRAFTS": "1"}, check=True)
    page = (root / "site/attacks/2023-10-28-river-base/index.html").read_text()
    assert "DRAFTMARKER attack" in page and "This entry is a draft" in page
    article = (root / "site/articles/draft/index.html").read_text()
    assert "This page is a draft" in article
    assert files_containing(root / "site", "SECRETNOTE") == []


def test_a_published_entry_may_not_reference_a_draft(tmp_path):
    root = with_drafts(tmp_path / "site-src")
    write_tree(root, {"entries/attacks/2023-10-28-river-base.yml": DRAFT.replace("base: river-base", "base: draft-base"),
                      "entries/bases/draft-base.yml": """\
                          name: Draft Base
                          country: syria
                          draft: true
                          summary: Not yet.
                          sources: [{publisher: Wire, title: B, url: "https://example.org/b"}]
                          """})
    attack = root / "entries/attacks/2023-10-27-river-base.yml"
    attack.write_text(attack.read_text().replace("base: river-base", "base: draft-base"))
    result = run_cli("validate", cwd=root)
    assert result.returncode == 1
    assert ("entries/attacks/2023-10-27-river-base.yml:2:1: base: 'draft-base' is a draft, and drafts are not "
            "published (publish entries/bases/draft-base.yml (remove `draft: true`) or remove this reference)"
            ) in result.stdout
    assert run_cli("validate", cwd=root, env={"MILITIA_ATLAS_DRAFTS": "1"}).returncode == 0


DRAFT_PAGE = """\
    ---
    title: DRAFTMARKER notes
    draft: true
    ---
    # DRAFTMARKER notes

    Plain page, no article fields.
    """


def with_draft_page(root: Path) -> Path:
    copy_fixture("basic", root)
    write_tree(root, {"content/notes.md": DRAFT_PAGE})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "nav:\n  - Home: index.md\n  - About: about.md\n  - Notes: notes.md\n")
    return root


def test_a_plain_page_marked_draft_is_left_out_of_a_published_build(tmp_path):
    root = with_draft_page(tmp_path / "site-src")
    run_cli("build", cwd=root, check=True)  # strict: the nav's entry for the draft is no warning
    site = root / "site"
    assert (site / "about/index.html").is_file()
    assert not (site / "notes").exists()
    assert files_containing(site, "DRAFTMARKER") == []  # nor in search, sitemap or any page's nav


def test_a_plain_page_marked_draft_shows_in_previews_with_the_banner(tmp_path):
    root = with_draft_page(tmp_path / "site-src")
    run_cli("build", cwd=root, env={"MILITIA_ATLAS_DRAFTS": "1"}, check=True)
    page = (root / "site/notes/index.html").read_text()
    assert "DRAFTMARKER notes" in page and "This page is a draft" in page


def test_draft_on_a_plain_page_takes_true_or_false_only(tmp_path):
    root = with_draft_page(tmp_path / "site-src")
    (root / "content/notes.md").write_text(DRAFT_PAGE.replace("draft: true", "draft: yes").replace("    ", ""))
    result = run_cli("validate", cwd=root)
    assert result.returncode == 1
    assert "content/notes.md:3:1: draft: expected true or false, got 'yes' (write true or false, in lowercase)" \
        in result.stdout
