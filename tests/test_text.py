"""Editor text on a page: sanitized Markdown, literal template syntax, escaped inline text."""

from __future__ import annotations

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from militia_atlas.core import text
from militia_atlas.core.text import attribute, front_matter_text, inline, markdown_to_html, plain_text, shorten, slugify, yaml_string


@pytest.mark.parametrize("source, expected", [
    ("**bold** and *it*", "<p><strong>bold</strong> and <em>it</em></p>"),
    ("[site](https://example.org)", '<p><a href="https://example.org" rel="noopener">site</a></p>'),
    ("[mail](mailto:a@example.org)", '<p><a href="mailto:a@example.org" rel="noopener">mail</a></p>'),
    ("[rel](../groups/kh/)", '<p><a href="../groups/kh/" rel="noopener">rel</a></p>'),
    ("[x](javascript:alert(1))", '<p><a rel="noopener">x</a></p>'),
    ("[x](data:text/html,hi)", '<p><a rel="noopener">x</a></p>'),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', '<p><a rel="noopener">x</a></p>'),
    ("<script>alert(1)</script>\n\nafter", "<p>after</p>"),
    ('<img src="x" onerror="alert(1)">', "<p></p>"),
    ('<b onclick="alert(1)">b</b>', "<p><b>b</b></p>"),
    ("{{ 7*7 }}", "<p>&#123;&#123; 7*7 &#125;&#125;</p>"),
    ("{% include 'x' %}", "<p>&#123;&#37; include 'x' &#37;&#125;</p>"),
    ("{# note #}", "<p>&#123;&#35; note &#35;&#125;</p>"),
    ("`{{ x }}`", "<p><code>&#123;&#123; x &#125;&#125;</code></p>"),
])
def test_markdown_is_sanitized(source, expected):
    assert markdown_to_html(source).strip() == expected


def test_template_syntax_stays_literal_when_the_page_is_rendered_as_a_template():
    import jinja2

    html = markdown_to_html("Total: {{ 7*7 }} {% if true %}yes{% endif %}")
    assert jinja2.Template(html).render() == html  # nothing left for Jinja to evaluate
    assert "49" not in jinja2.Template(html).render()


@pytest.mark.parametrize("value, expected", [
    ("<b>x</b> & y", "&lt;b&gt;x&lt;/b&gt; &amp; y"),
    ("*a* _b_ `c` [d](e) | f", "&#42;a&#42; &#95;b&#95; &#96;c&#96; &#91;d&#93;(e) &#124; f"),
    ("{{ 7*7 }}", "&#123;&#123; 7&#42;7 &#125;&#125;"),
    ("C# ends with a hash #", "C&#35; ends with a hash &#35;"),
    ("- not a list", "&#45; not a list"),
    ("+ not a list", "&#43; not a list"),
    ("1. not a list", "1&#46; not a list"),
    ("2023) not a list", "2023&#41; not a list"),
    ("2023 is fine", "2023 is fine"),
    ("-1 stays", "-1 stays"),
    ("many\n  lines\tand  spaces", "many lines and spaces"),
])
def test_inline_shows_any_text_literally(value, expected):
    assert inline(value) == expected


@pytest.mark.parametrize("value", ["C# and F#", "- item", "1. first", "> quote", "# heading", "<b>", "**x**",
                                   "a | b", "{{ x }}", "~~no~~", "==mark==", "^sup^", "[[id]]", "\\*"])
def test_inline_text_reads_the_same_after_markdown(value):
    for template in ("# {}", "{}", "| a |\n|---|\n| {} |", "- {}"):
        html = markdown.markdown(template.format(inline(value)), extensions=["tables"])
        plain = text.html.unescape(text.nh3.clean(html, tags=set()))
        assert value in plain, (template, html)


def test_attribute_escapes_quotes_and_template_syntax():
    assert attribute('a "b" <c> {{ d }}') == "a &quot;b&quot; &lt;c&gt; &#123;&#123; d &#125;&#125;"


@pytest.mark.parametrize("source, expected", [
    ("An attack on Base 1.", "An attack on Base 1."),
    ("**Bold** and <b>tags</b> &amp; [a link](https://x.org)", "Bold and tags & a link"),
    ("- one\n- two", "one two"),
    ("# Heading\n\ntext", "Heading text"),
])
def test_plain_text(source, expected):
    assert plain_text(source) == expected


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("ab1 .,'\n-+>#*_[]<&|:!\t") + ["    ", "1. ", "\n\n"]), max_size=30).map("".join))
def test_plain_text_fast_path_gives_what_the_converter_gives(source):
    text._converter.reset()
    slow = " ".join(text.html.unescape(text.nh3.clean(text._converter.convert(source), tags=set())).split())
    assert plain_text(source) == slow


def test_shorten_cuts_at_a_word():
    assert shorten("one two three", 8) == "one two…"
    assert shorten("short", 8) == "short"


@pytest.mark.parametrize("name, slug", [
    ("Kata'ib Hezbollah", "kataib-hezbollah"), ("Ḥarakat al-Nujabā’", "harakat-al-nujaba"),
    ("  Spaces  and -- dashes ", "spaces-and-dashes"), ("كتائب", ""), ("x" * 100, "x" * 80),
])
def test_slugify(name, slug):
    assert slugify(name) == slug


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_yaml_string_reads_back_exactly_with_either_yaml_reader(value):
    for loader in (yaml.SafeLoader, yaml.CSafeLoader):
        assert yaml.load(f"v: {yaml_string(value)}\n", Loader=loader) == {"v": value}


def test_front_matter_text_is_html_escaped_for_the_theme():
    quoted = front_matter_text('"><script>alert(1)</script>')
    assert yaml.safe_load(f"title: {quoted}")["title"] == "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"


PROSE_BITS = list("ab Z1.,;:'\"()%/?+-\n") + ["\n\n", "\n\n\n", "  ", " \n", "كتائب", "é", "\xa0", "\u2028", "\t", "*", "_",
                                             "1. ", "2) ", "- ", "[", "]", "[Kata'ib (KH)](../../groups/kh/)",
                                             "[N](zqmalinkz0z)", "[x](https://e.org)", "[x](a b)", "](", "&", "<",
                                             "{{", "%}", "#", "=", "---", "\x00", "\r", "\ufeff", "\u200b", "!["]


def _converted(source: str) -> str:
    text._converter.reset()
    return text._sanitize(text._converter.convert(source))


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PROSE_BITS), max_size=25).map("".join))
def test_prose_written_directly_is_what_markdown_and_nh3_give(source):
    prose = text._prose_html(source)
    if prose is not None:
        assert prose == _converted(source)


def test_ordinary_summaries_are_prose():
    for source in ("A reported attack near Raqqa (الرقة), at [Camp Raqqa](../../bases/camp-raqqa/), linked to\n"
                   "[Kata'ib Hezbollah](zqmalinkz0z). Counter-drone systems engaged 3 \"projectiles\"; 40% fell.\n\n"
                   "Second paragraph: more.", "One line.", ""):
        assert text._prose_html(source) == _converted(source)
        assert text._prose_html(source) is not None
    assert text._prose_html("Reports disagree: *5* rockets") is None
