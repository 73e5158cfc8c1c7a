"""publish/drawn_pages.py: a generated page drawn as HTML reaches MkDocs finished, with no Markdown run on it;
plain MkDocs (the `generate` tree) runs Markdown on the same body and gives the same page."""

from __future__ import annotations

import re

import pytest
from conftest import copy_fixture, run_cli, run_mkdocs

# A site's own version of the listing continuation. Its last line breaks the rules of a drawn body
# (render/drawn.py): Markdown would make it a paragraph with emphasis, so it shows which way the page went.
OVERRIDE = """{% import "_macros.html.j2" as m with context %}
{{ m.front_matter(ident ~ " — page " ~ number) }}

{{ m.heading(1, ident ~ ": page " ~ number) }}

<p class="probe">{{ link(FOLDERS[kind] ~ "/" ~ ident ~ ".md", "back") }}</p>

## Items

{{ m.listing(items) }}
*not converted*
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = copy_fixture("basic", tmp_path_factory.mktemp("drawn"))
    (root / "templates").mkdir()
    (root / "templates" / "listing_page.html.j2").write_text(OVERRIDE, encoding="utf-8")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("  - militia-atlas\n", "  - militia-atlas:\n      templates: templates\n"
                                                    "      per_page: 1\n"), encoding="utf-8")
    built = run_mkdocs("build", "--strict", cwd=root)
    assert built.returncode == 0, built.stdout + built.stderr
    return root


def continuation(folder) -> str:
    return (folder / "groups" / "umbrella-front" / "page" / "2" / "index.html").read_text(encoding="utf-8")


def test_the_plugin_runs_no_markdown_on_a_page_drawn_as_html(site):
    html = continuation(site / "site")
    assert "\n*not converted*" in html and "<em>not converted</em>" not in html
    assert '<p class="probe"><a href="../../">back</a></p>' in html


def test_its_heading_lines_get_ids_and_the_table_of_contents(site):
    html = continuation(site / "site")
    assert '<h2 id="items">Items</h2>' in html  # the site's `toc` has no permalinks
    assert re.search(r'<a href="#items" class="md-nav__link">', html), "the table of contents lists the heading"


def test_plain_mkdocs_converts_the_same_body_with_markdown(site, tmp_path):
    run_cli("generate", "--out", str(tmp_path / "generated"), cwd=site, check=True)
    built = run_mkdocs("build", "-f", str(tmp_path / "generated" / "mkdocs.yml"), cwd=tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    html = continuation(tmp_path / "generated" / "site")
    assert "<p><em>not converted</em></p>" in html  # the rule broken on purpose shows; the rest is the same:
    plugin = continuation(site / "site").replace("\n*not converted*", "\n<p><em>not converted</em></p>")
    assert _content(html) == _content(plugin)


def _content(html: str) -> str:
    return html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>\n", 1)[0]


def test_an_editors_code_block_with_a_line_starting_with_hash_stays_code(tmp_path):
    """A `# comment` line in a summary's code block would start a line of the page: not a heading."""
    root = copy_fixture("basic", tmp_path / "site")
    group = root / "entries" / "groups" / "member-militia.yml"
    text = group.read_text(encoding="utf-8")
    group.write_text(text.replace("summary: |\n", "summary: |\n  Code:\n\n      x = 1\n      # not a heading\n\n", 1),
                     encoding="utf-8")
    built = run_mkdocs("build", "--strict", cwd=root)
    assert built.returncode == 0, built.stdout + built.stderr
    html = (root / "site" / "groups" / "member-militia" / "index.html").read_text(encoding="utf-8")
    assert "<code>x = 1\n&#35; not a heading" in html and 'id="not-a-heading"' not in html
