"""render/drawn.py puts a page drawn as HTML together as Markdown would, without running Markdown on it."""

from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from militia_atlas.render.drawn import HeadingWriter, page_html, split_body

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.superfences"]
CONFIGS = {"toc": {"permalink": True}}

BLOCKS = [
    '<p class="ma-meta">Drone · <a href="../x/">Kata\'ib &amp; co</a></p>',
    '<div class="ma-summary">\n<p>One.</p>\n\n<p>Two <em>words</em>.</p>\n</div>',
    '<ul>\n<li>x</li>\n<li>y</li>\n</ul>',
    '<table>\n<thead>\n<tr><th>Profile</th><th></th></tr>\n</thead>\n<tbody>\n<tr><td>a</td><td>b</td></tr>\n</tbody>\n</table>',
    '<article class="ma-item">\n<h3><a href="../../attacks/a/">Attack on A</a></h3>\n<p>Text *not emphasis*.</p>\n</article>',
    '<nav class="ma-pager" aria-label="Listing pages">\n<a href="page/2/">Older →</a>\n</nav>',
    '<div class="admonition warning">\n<p class="admonition-title">Draft</p>\n<p>This entry is a draft.</p>\n</div>',
    '<details class="ma-table">\n<summary>Numbers</summary>\n\n<table>\n<tr><td>1</td></tr>\n</table>\n\n</details>',
    '<ol>\n<li id="source-1">“Title”, <em>Wire</em>.</li>\n</ol>',
]
HEADINGS = ["# Kata'ib Hezbollah", "## Sources", "## Attacks and articles (12)", "## Timeline", "### Map & more",
            "## Attacks per week", "## Relations"]


def markdown_html(body: str) -> tuple:
    converter = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    return converter.convert(body), converter.toc_tokens


pieces = st.lists(st.one_of(st.sampled_from(BLOCKS), st.sampled_from(HEADINGS)), min_size=1, max_size=12)
gaps = st.lists(st.sampled_from(["\n", "\n\n", "\n\n\n"]), min_size=12, max_size=12)


@settings(max_examples=300, deadline=None)
@given(pieces, gaps, st.sampled_from(["", "\n", "\n\n"]))
def test_a_drawn_body_becomes_what_markdown_makes_of_it(parts, between, end):
    body = "".join(part + gap for part, gap in zip(parts, between))[:-1] + end
    html, tokens = page_html(body, HeadingWriter(EXTENSIONS, CONFIGS))
    assert (html, tokens) == markdown_html(body)


def test_repeated_headings_are_numbered_as_markdown_numbers_them():
    body = "## Sources\n\n<p>a</p>\n\n## Sources\n\n<p>b</p>\n"
    writer = HeadingWriter(EXTENSIONS, CONFIGS)
    writer.headings(["## Sources"])  # a line drawn before, on another page, is not numbered there
    assert page_html(body, writer) == markdown_html(body)
    assert 'id="sources_1"' in page_html(body, writer)[0]


def test_without_permalinks_the_headings_have_none():
    body = "# Title\n\n<p>a</p>\n\n## Part\n"
    html, _ = page_html(body, HeadingWriter(["toc"], {}))
    assert html == markdown.Markdown(extensions=["toc"]).convert(body)
    assert "headerlink" not in html


def test_the_blocks_are_not_converted():
    html, _ = page_html('<p>*not emphasis* and `no code`</p>\n\n## Part\n', HeadingWriter(EXTENSIONS, CONFIGS))
    assert html.startswith("<p>*not emphasis* and `no code`</p>\n\n<h2 id=\"part\">")


def test_a_body_splits_into_headings_and_html():
    segments = split_body("# A\n<p>x</p>\n\n## B\n<p>y</p>")
    assert [s.heading for s in segments] == ["# A", "", "## B", ""]
    assert segments[1].lines == ["<p>x</p>", ""]
