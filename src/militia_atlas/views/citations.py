"""Cite this page: a Chicago-style line and a BibTeX record, with the stable URL and the last update.

The last update is the entry's (or article's) own `updated`, else the date of its
file's last git commit (gitdates.py), else it is left out: never the build date.
"""

from __future__ import annotations

import html
import re

from ..core.names import display_name, entity_src
from ..core.text import attribute as esc
from ..render.urls import canonical_url
from ..core.settings import setting
from .helpers import drawn_globals, updated

BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bibtex_escape(text: str) -> str:
    def one(match):
        char = match.group(1)
        return {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}.get(char, "\\" + char)
    return BIBTEX_SPECIAL.sub(one, " ".join(str(text).split()))


def bibtex_key(site_name: str, ident: str) -> str:
    prefix = re.sub(r"[^a-z0-9]+", "-", (site_name or "atlas").lower()).strip("-") or "atlas"
    return f"{prefix}:{re.sub(r'[^A-Za-z0-9:._-]+', '-', ident).strip('-')}"


def chicago(site_name: str, title: str, url: str, updated) -> str:
    """Chicago (notes-bibliography) for a web page with no author: Site. “Title.” Last modified Date. URL."""
    line = f"{site_name}. “{title.rstrip('.')}.”"
    if updated:
        line += f" Last modified {updated.human()}."
    return f"{line} {url}." if url else line


def bibtex(site_name: str, ident: str, title: str, url: str, updated) -> str:
    fields = [("title", "{" + bibtex_escape(title) + "}"), ("author", "{{" + bibtex_escape(site_name) + "}}")]
    if url:
        fields += [("howpublished", "{\\url{" + url + "}}"), ("url", "{" + url + "}")]
    if updated:
        fields.append(("year", "{" + str(updated.year) + "}"))
        if updated.month:
            fields.append(("month", BIBTEX_MONTHS[updated.month - 1]))
        fields.append(("note", "{Last modified " + updated.iso() + "}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{bibtex_key(site_name, ident)},\n{body}\n}}"


def cite_html(site_name: str, ident: str, title: str, url: str, updated) -> str:
    """The block under a `## Cite this page` heading (raw HTML: entry text is escaped here)."""
    modified = (f'<p class="ma-updated">Last updated: <time datetime="{updated.iso()}">{esc(updated.human())}'
                f"</time></p>") if updated else ""
    return (f'<div class="ma-cite">{modified}'
            f'<p class="ma-cite-chicago">{esc(chicago(site_name, title, url, updated))}</p>'
            f'<pre class="ma-cite-bibtex"><code>{esc_keep_lines(bibtex(site_name, ident, title, url, updated))}'
            f"</code></pre></div>")


def esc_keep_lines(text: str) -> str:
    """HTML-escaped, line breaks kept, braces as entities so no template engine reads `{{` as its own."""
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")


def section(site_name: str, ident: str, title: str, url: str, updated) -> str:
    return "## Cite this page\n\n" + cite_html(site_name, ident, title, url, updated) + "\n"


def entry_updated(site, entry, settings):
    return updated(site, settings, entry.updated, entry.path)


def article_section(page, site, settings) -> str:
    """The cite block for a hand-written article (publish.page_markdown appends it)."""
    if not page.is_article or not page.meta:
        return ""
    changed = updated(site, settings, page.meta.get("updated"), page.path) or page.meta["date"]
    url = canonical_url(settings, page.src)
    return "\n\n" + section(setting(settings, "site_name") or "Research atlas", page.src[:-3], page.meta["title"],
                            url, changed)


def template_globals(renderer) -> dict:
    site_name = renderer.env.globals.get("site_name") or "Research atlas"

    def cite_this(entry) -> str:
        title = display_name(entry, renderer.site)
        url = canonical_url(renderer.settings, entity_src(entry.kind, entry.id))
        return section(site_name, entry.id, title, url, entry_updated(renderer.site, entry, renderer.settings))

    return drawn_globals(renderer, {"cite_this": cite_this})
