"""The Python pieces of HTML (render/fragments.py) give exactly what the Jinja macros they replaced gave,
for any text an editor may write: those macros are kept here as the oracle, drawn by the site's own
template environment (autoescape, the finalize that escapes text, trim_blocks)."""

from __future__ import annotations

import json

import jinja2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from conftest import SHARED, synthetic_renderer
from militia_atlas.core.dates import PartialDate
from militia_atlas.core.fields import Values
from militia_atlas.render import fragments

ORACLE = '''\
{% macro front_matter(title, description, meta) -%}
---
title: {{ title | json }}
{% if description %}
description: {{ description | json }}
{% endif %}
{{ meta | safe }}
ma_html: true
---
{%- endmacro %}

{% macro heading(level, text) -%}
{{ ("#" * level) | safe }} {{ text | inline }}
{%- endmacro %}

{% macro date_text(date, approximate=False) -%}
{{ date.human() }}{% if approximate %} (approx.){% endif %}{% if date.precision != "day" %} <span class="ma-precision">({{ date.precision }} only)</span>{% endif %}
{%- endmacro %}

{% macro sources_list(sources) -%}
## Sources

{# Numbered, each with an id that the page's [^N] markers link to. A source's own `citation`, when
   given, is its full citation: printed instead of the one made from its other fields. #}
<ol class="ma-sources">
{% for source in sources %}
<li id="source-{{ loop.index }}">{% if source.citation %}{{ source.citation }}{% if source.url %} <a href="{{ source.url | href }}">Online</a>.{% endif %}{% else %}{% if source.author %}{{ source.author }}, {% endif %}{% if source.url %}“<a href="{{ source.url | href }}">{{ source.title }}</a>”{% else %}“{{ source.title }}”{% endif %}, <em>{{ source.publisher }}</em>{% if source.date %}, {{ source.date.human() }}{% endif %}.{% endif %}{% if source.archive_url %} <a href="{{ source.archive_url | href }}">Archived copy</a>.{% endif %}{% if source.accessed %} Accessed {{ source.accessed.human() }}.{% endif %}</li>
{% endfor %}
</ol>
{%- endmacro %}

{% macro draft_banner(entry) -%}
{% if entry.draft %}
<div class="admonition warning">
<p class="admonition-title">Draft</p>
<p>This entry is a draft. It appears in previews only and is left out of the published site.</p>
</div>

{% endif %}
{%- endmacro %}

{% macro link_list(ids) -%}
{% for ident in ids %}{{ entity_link(ident) }}{% if not loop.last %}, {% endif %}{% endfor %}
{%- endmacro %}

{% macro facts_table(title) -%}
{# An entry's facts: the two-column table a Markdown `|:--|:--|` table made, cell by cell. #}
<table>
<thead>
<tr>
<th style="text-align: left;">{{ title }}</th>
<th style="text-align: left;"></th>
</tr>
</thead>
<tbody>
{{ caller() | trim }}
</tbody>
</table>
{%- endmacro %}

{% macro table_of(title, body) -%}
{% call facts_table(title) %}{{ body }}{% endcall %}
{%- endmacro %}

{% macro fact_row(label, value) -%}
<tr>
<td class="ma-label" style="text-align: left;">{{ label }}</td>
<td style="text-align: left;">{{ value }}</td>
</tr>
{%- endmacro %}

{% macro joined(values, separator=", ") -%}
{% for value in values %}{{ value }}{% if not loop.last %}{{ separator | safe }}{% endif %}{% endfor %}
{%- endmacro %}

{% macro tag_links(tags) -%}
{% if tags %}
<p><strong>Tags:</strong> {% for t in tags %}{{ link("tags/" ~ tag_slug(t) ~ ".md", t) }}{% if not loop.last %}, {% endif %}{% endfor %}</p>

{% endif %}
{%- endmacro %}
'''

CORPUS = ["", "plain", "Kata'ib Hezbollah", "كتائب حزب الله", "a & b <i>c</i> \"q\"", "{{ 7*7 }} {% x %} {# c #}",
          "# heading", "- list", "1. number", "  padded\n\nlines  ", "*star* _u_ `tick` [x](y) \\", "x\u2028y\u0085z",
          "&amp; &#35; &lt;", "https://example.org/a b?c=<d>&e=\"f\"#g"]
if (SHARED / "corpora" / "blns.json").is_file():
    CORPUS += json.loads((SHARED / "corpora" / "blns.json").read_text(encoding="utf-8"))[::7]

texts = st.one_of(st.sampled_from(CORPUS), st.text(max_size=40))
values = st.one_of(texts, texts.map(Markup), st.integers(), st.none())
dates = st.builds(PartialDate, st.integers(1900, 2100), st.one_of(st.none(), st.integers(1, 12)),
                  st.one_of(st.none(), st.integers(1, 28))).filter(lambda d: d.month or not d.day)
maybe = lambda strategy: st.one_of(st.none(), strategy)  # noqa: E731
sources = st.builds(lambda *fields: Values({k: v for k, v in zip(SOURCE_FIELDS, fields) if v is not None}),
                    maybe(texts), maybe(texts), maybe(texts), maybe(texts), maybe(texts), maybe(dates),
                    maybe(texts), maybe(dates))
SOURCE_FIELDS = ("publisher", "title", "author", "url", "citation", "date", "archive_url", "accessed")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


class Entry:
    def __init__(self, draft):
        self.draft = draft


@pytest.fixture(scope="module")
def drawing(tmp_path_factory):
    """(oracle module, the fragments' template globals) over a small synthetic site, as a page draws them."""
    site, renderer = synthetic_renderer(tmp_path_factory.mktemp("fragments"), attacks=20, seed=3)
    renderer.html, renderer.current = True, "attacks/x.md"
    env = renderer.env.overlay(loader=jinja2.DictLoader({"oracle.html.j2": ORACLE}))
    oracle = env.get_template("oracle.html.j2").make_module(renderer._context("attacks/x.md"))
    renderer.html = True
    return oracle, renderer.env.globals, site


def same(oracle_output, ours) -> None:
    assert isinstance(ours, Markup)
    assert str(ours) == str(oracle_output)


@SETTINGS
@given(title=texts, description=texts, meta=texts, level=st.integers(1, 6))
def test_front_matter_and_heading(drawing, title, description, meta, level):
    oracle, made, _ = drawing
    same(oracle.front_matter(title, description, meta), made["front_matter_html"](title, description, meta))
    same(oracle.heading(level, title), made["heading_html"](level, title))


@SETTINGS
@given(date=dates, approximate=st.booleans())
def test_date(drawing, date, approximate):
    oracle, made, _ = drawing
    same(oracle.date_text(date, approximate), made["date_html"](date, approximate))


@SETTINGS
@given(rows=st.lists(st.tuples(values, values), max_size=4), title=values)
def test_facts_table_and_rows(drawing, rows, title):
    oracle, made, _ = drawing
    drawn_rows = [made["fact_row_html"](label, value) for label, value in rows]
    for (label, value), ours in zip(rows, drawn_rows):
        same(oracle.fact_row(label, value), ours)
    body = Markup("\n").join(drawn_rows) + Markup("\n")  # a template's rows, one a line
    same(oracle.table_of(title, body), made["facts_table_html"](title, [body]))


@SETTINGS
@given(items=st.lists(values, max_size=5), separator=st.sampled_from([", ", " · ", " and "]))
def test_joined(drawing, items, separator):
    oracle, made, _ = drawing
    same(oracle.joined(items, separator), made["joined_html"](items, separator))


@SETTINGS
@given(listed=st.lists(sources, max_size=4))
def test_sources(drawing, listed):
    oracle, made, _ = drawing
    same(oracle.sources_list(listed), made["sources_html"](listed))


@SETTINGS
@given(names=st.lists(texts, max_size=4), known=st.lists(st.integers(0, 200), max_size=4))
def test_links(drawing, names, known):
    oracle, made, site = drawing
    ids = sorted(site.entities)
    some = [ids[n % len(ids)] for n in known] + names
    same(oracle.link_list(some), made["link_list_html"](some))
    tags = [name for name in names if name.strip()]
    same(oracle.tag_links(tags), made["tag_links_html"](tags))


def test_draft_banner(drawing):
    oracle, made, _ = drawing
    for draft in (True, False):
        same(oracle.draft_banner(Entry(draft)), made["draft_banner_html"](Entry(draft)))
