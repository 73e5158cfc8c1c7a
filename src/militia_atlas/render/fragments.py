"""Small pieces of HTML that every entry page draws many times (fact rows, dates, lists of links, the
sources), made in Python rather than by Jinja macros: a macro call costs a new template context,
and an attack page made ~70 of them (issue 13, BENCHMARKS.md's optimisation log).

Each piece gives exactly the bytes its macro in `_macros.html.j2` gave (the macros now call these),
and escapes text as the HTML templates do (`shown`: render.renderer's finalize)."""

from __future__ import annotations

from markupsafe import Markup, escape

from ..core.names import tag_slug
from ..core.text import front_matter_text, html_text, inline
from .urls import safe_href


def shown(value) -> str:
    """A value as `{{ value }}` shows it in an HTML template: Markup as it is, text escaped on one line."""
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, str):
        return html_text(value)
    return str(escape(value))


def front_matter(title, description, meta, pager_lines="") -> Markup:
    """A page's front matter: title, description, the page's metadata lines (`meta`: views.seo's page_meta),
    a listing page's neighbours (`pager_lines`: render.listing's pager_meta) and the mark of a body drawn as HTML."""
    out = f"---\ntitle: {front_matter_text(title)}\n"
    if description:
        out += f"description: {front_matter_text(description)}\n"
    out += f"{meta}\n"
    if pager_lines:
        out += f"{pager_lines}\n"
    return Markup(f"{out}ma_html: true\n---")


def heading(level: int, text) -> Markup:
    """A Markdown heading line (MkDocs gives it its id and permalink, render/drawn.py)."""
    return Markup("#" * level + " " + inline(text))


def date_html(date, approximate=False) -> Markup:
    out = html_text(date.human())
    if approximate:
        out += " (approx.)"
    if date.precision != "day":
        out += f' <span class="ma-precision">({html_text(date.precision)} only)</span>'
    return Markup(out)


def fact_row(label, value) -> Markup:
    return Markup(f'<tr>\n<td class="ma-label" style="text-align: left;">{shown(label)}</td>\n'
                  f'<td style="text-align: left;">{shown(value)}</td>\n</tr>')


def facts_table(title, rows) -> Markup:
    """An entry's facts: the two-column table a Markdown `|:--|:--|` table made, from its rows (fact_row)."""
    body = "\n".join(str(row) for row in rows).strip()
    return Markup(f'<table>\n<thead>\n<tr>\n<th style="text-align: left;">{shown(title)}</th>\n'
                  f'<th style="text-align: left;"></th>\n</tr>\n</thead>\n<tbody>\n{body}\n</tbody>\n</table>')


def joined(values, separator=", ") -> Markup:
    """Each value shown as text, between separators (template literals, written as they are)."""
    return Markup(str(separator).join(shown(value) for value in values))


def draft_banner(entry) -> Markup:
    if not entry.draft:
        return Markup("")
    return Markup('<div class="admonition warning">\n<p class="admonition-title">Draft</p>\n'
                  "<p>This entry is a draft. It appears in previews only and is left out of the published site.</p>\n"
                  "</div>\n\n")


def source_item(number: int, source) -> str:
    """One source of the numbered list; its own `citation`, when given, is printed instead of the one
    made from its other fields."""
    url = source.get("url")
    online = f' <a href="{html_text(safe_href(url))}">' if url else ""
    if source.get("citation"):
        out = shown(source["citation"]) + (f"{online}Online</a>." if url else "")
    else:
        author = source.get("author")
        out = f"{shown(author)}, " if author else ""
        title = shown(source.get("title"))
        out += f"“{online[1:]}{title}</a>”" if url else f"“{title}”"
        out += f", <em>{shown(source.get('publisher'))}</em>"
        if source.get("date"):
            out += ", " + html_text(source["date"].human())
        out += "."
    if source.get("archive_url"):
        out += f' <a href="{html_text(safe_href(source["archive_url"]))}">Archived copy</a>.'
    if source.get("accessed"):
        out += f" Accessed {html_text(source['accessed'].human())}."
    return f'<li id="source-{number}">{out}</li>\n'


def sources_list(sources) -> Markup:
    """The `## Sources` heading and the numbered list, each with the id the page's [^N] markers link to."""
    items = "".join(source_item(number, source) for number, source in enumerate(sources, start=1))
    return Markup(f'## Sources\n\n<ol class="ma-sources">\n{items}</ol>')


class Fragments:
    """The pieces that link: they draw links relative to the page being drawn, through the renderer."""

    def __init__(self, renderer):
        self.renderer = renderer

    def link_list(self, ids) -> Markup:
        return Markup(", ".join(str(self.renderer.entity_link(ident)) for ident in ids))

    def tag_links(self, tags) -> Markup:
        if not tags:
            return Markup("")
        links = ", ".join(str(self.renderer.link(f"tags/{tag_slug(tag)}.md", tag)) for tag in tags)
        return Markup(f"<p><strong>Tags:</strong> {links}</p>\n\n")


def template_globals(renderer) -> dict:
    pieces = Fragments(renderer)
    return {"front_matter_html": front_matter, "heading_html": heading, "date_html": date_html, "fact_row_html": fact_row, "facts_table_html": facts_table,
            "joined_html": joined, "draft_banner_html": draft_banner, "sources_html": sources_list,
            "link_list_html": pieces.link_list, "tag_links_html": pieces.tag_links}
