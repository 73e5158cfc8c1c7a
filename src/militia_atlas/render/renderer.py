"""Stage 4, render: the index becomes pages through Jinja templates.

Templates live in `templates/`; a site overrides any of them by putting a file of
the same name in its own templates folder (like Material's `custom_dir`). The templates
(`*.html.j2`) draw each page body as HTML with Markdown heading lines (render/drawn.py), so
MkDocs runs no Markdown on generated pages. Entry text reaches a page only through the
escaping below (autoescape, `text.html_text`) or `summary_html`, never as template source.
"""

from __future__ import annotations

import html
import re
from functools import partial
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..core import text
from ..core.footnotes import drop_marker_html, link_markers
from ..core.dates import MONTHS
from ..core.index import Site
from ..core.links import linked, replace_links
from ..core.names import (FOLDERS, attack_country, attack_title, casualties, display_name, entity_src, humanize,
                          is_strike, plural, tag_slug, weapon_name)
from ..core.problems import InvalidSite, Problems, did_you_mean
from .outputs import OutputFile, PendingFile
from . import research
from .urls import chunks, file_url, index_src, listing_src, newer_older, relative, relative_url, safe_href, targeted_src


def template_environment(templates_dir: Path | None = None) -> jinja2.Environment:
    """The built-in templates, overridden by any file of the same name in the site's templates folder."""
    loaders = [jinja2.PackageLoader("militia_atlas", "templates")]
    if templates_dir and templates_dir.is_dir():
        loaders.insert(0, jinja2.FileSystemLoader(str(templates_dir)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False, default=False),
        finalize=_html_text,
    )
    env.filters.update(
        inline=_markup_in_html(text.inline), attr=_markup_in_html(text.attribute),
        json=_markup_in_html(text.front_matter_text),  # title and description: HTML-escaped, YAML-safe
        href=safe_href, casualties=casualties, humanize=humanize, plural=plural,
        weapon_name=weapon_name, drop_markers=drop_marker_html,  # descriptions: a summary without its markers
    )
    return env


@jinja2.pass_eval_context
def _html_text(eval_ctx, value):
    """In an HTML template (`*.html.j2`), text is shown as written: HTML-escaped, on one line, and
    with template syntax neutralised (text.attribute); what the helpers give as Markup is HTML already."""
    if eval_ctx.autoescape and isinstance(value, str) and not isinstance(value, Markup):
        return Markup(text.html_text(value))
    return value


def _markup_in_html(function):
    """A filter whose result is ready for the page: Markup in an HTML template, so it is not escaped twice."""
    @jinja2.pass_eval_context
    def wrapped(eval_ctx, value, *args):
        result = function(value, *args)
        return Markup(result) if eval_ctx.autoescape else result
    return wrapped


def is_html_template(name: str) -> bool:
    """A template drawing HTML (the page body is block-level HTML and Markdown heading lines, render/drawn.py)."""
    return name.endswith(".html.j2")


LINE_START_HASH = re.compile(r"^#", re.MULTILINE)
BUILT_IN_TEMPLATES = Path(__file__).parent.parent / "templates"


def override_problems(templates_dir: Path | None, root: Path | None = None) -> Problems:
    """A file of the site's templates folder that replaces no built-in template would be silently unused:
    say so, naming the template it most likely meant (the built-in pages are HTML templates, `*.html.j2`)."""
    problems = Problems()
    if not templates_dir or not Path(templates_dir).is_dir():
        return problems
    built_in = sorted(path.name for path in BUILT_IN_TEMPLATES.iterdir() if path.name.endswith(".j2"))
    for path in sorted(Path(templates_dir).rglob("*.j2")):
        name = path.relative_to(templates_dir).as_posix()
        if name in built_in:
            continue
        shown = path.relative_to(root).as_posix() if root and path.is_relative_to(root) else str(path)
        html_name = name.replace(".md.j2", ".html.j2")
        hint = (f"the built-in page is now an HTML template, {html_name}: write yours as HTML under that name"
                if html_name in built_in else did_you_mean(name, built_in)
                or "name it after one of the built-in templates: " + ", ".join(built_in))
        problems.add(shown, f"template {name} replaces no built-in template, so it would not be used", hint,
                     line=1, col=1)
    return problems


class DrawNow:
    """A page sink (the one a build mode chooses): where each page goes once the renderer lists it.
    DrawNow draws it at once (`mkdocs build` on one core, `generate`); DrawLater leaves it to be drawn
    when needed (a published build's second process, core/parallel.py); the live preview's
    preview.memory.PageMemory draws only pages whose inputs changed."""

    def environment(self, templates_dir):
        return template_environment(templates_dir)

    def begin(self, site, template_dirs: list):
        """The index the pages read: the index itself (a live preview's sink gives a recording view of it)."""
        return site

    def page(self, renderer, template: str, src: str, values: dict) -> OutputFile:
        return OutputFile(src, renderer.draw(template, src, values))


class DrawLater(DrawNow):
    def page(self, renderer, template: str, src: str, values: dict) -> PendingFile:
        return PendingFile(src, partial(renderer.draw, template, src, values))


class Renderer:
    def __init__(self, site: Site, templates_dir: Path | None = None, per_page: int = 20,
                 directory_urls: bool = True, site_name: str = "", settings=None, sink=None, views=()):
        self.views = views  # the research views (views.VIEWS): their template globals and pages
        self.sink = sink if sink is not None else DrawNow()  # where each page goes: see DrawNow
        self.settings = settings  # engine.Settings, for the research views (site_url, map options)
        self.per_page = per_page
        self.directory_urls = directory_urls
        # What the pages read: `site`, or a live preview's recording view of it (the index is never changed).
        self.site = self.sink.begin(site, [templates_dir, Path(__file__).parent.parent / "templates"])
        # A live preview keeps its environment, and so its compiled templates, while no template changes.
        self.env = self.sink.environment(templates_dir)
        self.env.globals.update(site=self.site, site_name=site_name or "Research atlas", FOLDERS=FOLDERS, MONTHS=MONTHS, tag_slug=tag_slug,
                                is_strike=is_strike)
        self.current = ""
        self.html = False  # the page being drawn is drawn as HTML (is_html_template)
        self._summary_cache = (None, "")
        self.current_values = {}
        self.env.globals.update(self.view_globals())

    def view_globals(self) -> dict:
        """The functions the views give the templates (timeline, chart, map...). A name given twice is
        refused: which one a page saw would depend on the order the globals were set in, and a live
        preview sets the views' again for each page it draws."""
        values = dict(research.template_globals(self))
        for view in self.views:
            if hasattr(view, "template_globals"):
                given = view.template_globals(self)
                twice = sorted(set(given) & set(values))
                if twice:
                    raise ValueError(f"template globals given twice ({view.__name__}): {', '.join(twice)}")
                values.update(given)
        return values

    # -- helpers exposed to templates ----------------------------------------------

    def link(self, target_src: str, label: str) -> str:
        if self.html:  # a page's source (`groups/kh.md`) links to its page, any other file to itself
            url = (relative_url if target_src.endswith(".md") else file_url)(self.current, target_src, self.directory_urls)
            return Markup(f'<a href="{html.escape(url)}">{text.html_text(label)}</a>')
        return f"[{text.inline(label)}]({relative(self.current, target_src)})"

    def entity_link(self, ident: str) -> str:
        found = self.site.named(ident)
        if found is None:
            return Markup(text.html_text(ident)) if self.html else text.inline(ident)
        kind, ident, name = found
        return self.link(entity_src(kind, ident), name)

    def country_link(self, slug: str) -> str:
        return self.link(entity_src("country", slug), self.country_name(slug))

    def country_name(self, slug: str) -> str:
        return self.site.countries.get(slug, {}).get("name", slug)

    def sea_link(self, slug: str) -> str:
        return self.link(entity_src("sea", slug), self.sea_name(slug))

    def sea_name(self, slug: str) -> str:
        return self.site.seas.get(slug, {}).get("name", slug)

    def summary_html(self, entry) -> str:
        # A page may show a summary twice (description and body): convert it once per page.
        key = (entry.kind, entry.id, self.current)
        if self._summary_cache[0] != key:
            self._summary_cache = (key, self._summary_html(entry))
        return Markup(self._summary_cache[1]) if self.html else self._summary_cache[1]

    def _summary_html(self, entry) -> str:
        return self.markdown_html(entry.summary)

    def markdown_html(self, source: str | None) -> str:
        """An entry's Markdown (a summary, a history event) for this page: `[[id]]` links relative to it,
        `[^N]` markers linked to the page's numbered sources."""
        html = link_markers(self._markdown_html(source))
        # A page drawn as HTML reads a line starting with # as a heading (render/drawn.py): one in an
        # editor's code block is written as a character reference, which shows the same.
        return LINE_START_HASH.sub("&#35;", html) if self.html else html

    def _markdown_html(self, source: str | None) -> str:
        # One conversion serves this page, the feeds and the excerpts (links.Linked); else convert directly.
        summary = linked(self.site, source)
        found = summary.html([relative_url(self.current, target, self.directory_urls) for target in summary.targets],
                             unresolved_inline=True)
        if found is not None:
            return found

        def wiki(ident: str, label):
            target = self.site.resolve(ident)
            name = label or (display_name(target, self.site) if target else ident)
            if target is None:
                return text.inline(name)
            url = relative_url(self.current, entity_src(target.kind, target.id), self.directory_urls)
            return f"[{name}]({url})"

        return text.markdown_to_html(replace_links(source or "", wiki))

    def _context(self, src: str, **values) -> dict:
        self.current = src
        self.current_values = values
        return dict(page_src=src, link=self.link, entity_link=self.entity_link, country_link=self.country_link,
                    country_name=self.country_name, sea_link=self.sea_link, sea_name=self.sea_name,
                    summary_html=self.summary_html,
                    attack_title=lambda a: attack_title(a, self.site),
                    attack_country=lambda a: attack_country(a, self.site), targeted=self.targeted, **values)

    def render(self, template: str, src: str, **values):
        """The page `src`, drawn from `template` with `values`, as the build's sink gives it."""
        return self.sink.page(self, template, src, values)

    def draw(self, template: str, src: str, values: dict) -> str:
        self.html = is_html_template(template)
        try:
            return self.env.get_template(template).render(self._context(src, **values))
        except Exception as error:  # noqa: BLE001 - a site's own template can fail anyhow: say where, no traceback
            raise template_failure(error, template, src, self.settings) from None

    def draw_alone(self, template: str, src: str, values: dict) -> str:
        """`draw` with fresh view helpers, so that the preview records every read this page depends on
        (a helper's memo of an earlier page would hide its reads; values shared on purpose go
        through views.shared, which replays them)."""
        self.env.globals.update(self.view_globals())
        return self.draw(template, src, values)

    # -- pages ----------------------------------------------------------------------

    def files(self) -> list:
        out = [self.render("home.html.j2", "index.md")]
        out += self.entity_pages("group", self.site.groups, "group.html.j2")
        out += self.targeted_pages()
        out += self.entity_pages("base", self.site.bases, "base.html.j2")
        out += self.entity_pages("vessel", self.site.vessels, "vessel.html.j2")
        out += [self.render("attack.html.j2", entity_src("attack", a.id), entry=a) for a in self.site.attacks.values()]
        countries = sorted({k for (kind, k) in self.site.listings if kind == "country"}
                           | set(self.site.country_groups) | set(self.site.country_bases))
        out += self.entity_pages("country", {c: c for c in countries}, "country.html.j2")
        seas = sorted(ident for (kind, ident) in self.site.listings if kind == "sea")  # sea areas with attacks
        out += self.entity_pages("sea", {slug: self.site.seas.get(slug, {"name": slug}) for slug in seas}, "sea.html.j2")
        out += self.entity_pages("tag", {slug: slug for slug in self.site.tags}, "tag.html.j2")
        for kind, entities in (("groups", self.site.groups), ("bases", self.site.bases),
                               ("vessels", self.site.vessels)):  # by name, as Jinja's `sort` did
            ids = [e.id for e in sorted(entities.values(), key=lambda e: e.name.lower())]
            out += self.index_pages(kind, f"{kind}_index.html.j2", ids)
        out += self.index_pages("countries", "countries_index.html.j2", countries)
        out += self.index_pages("seas", "seas_index.html.j2", sorted(seas, key=lambda slug: self.sea_name(slug).lower()))
        out += self.index_pages("tags", "tags_index.html.j2", list(self.site.tags))
        out += self.timeline_pages()
        for view in self.views:
            if hasattr(view, "pages"):
                out += view.pages(self)
        return out

    def entity_pages(self, kind: str, entities: dict, template: str) -> list:
        out = []
        for ident, entry in entities.items():
            items = self.site.listings.get((kind, ident), [])
            pages = chunks(items, self.per_page)
            for number, page_items in enumerate(pages, start=1):
                src = listing_src(kind, ident, number)
                pager = self.pager(kind, ident, number, len(pages))
                name = "" if number == 1 else "listing_page.html.j2"
                out.append(self.render(name or template, src, entry=entry, kind=kind, ident=ident,
                                       items=page_items, total=len(items), pager=pager, number=number))
        return out

    def targeted(self, ident: str, number: int = 1) -> dict:
        """Page `number` of the attacks and strikes against a group (`target_groups`), listed apart from
        its own: {items, total, pager}; the first page is a section of the group's page."""
        items = self.site.targeted.get(ident, [])
        pages = chunks(items, self.per_page)
        return {"items": pages[number - 1], "total": len(items), "number": number,
                "pager": newer_older(lambda n: targeted_src(ident, n), number, len(pages))}

    def targeted_pages(self) -> list:
        out = []
        for ident in self.site.targeted:
            if ident not in self.site.groups:
                continue
            count = len(chunks(self.site.targeted[ident], self.per_page))
            out += [self.render("targeted_page.html.j2", targeted_src(ident, number), entry=self.site.groups[ident],
                                number=number) for number in range(2, count + 1)]
        return out

    def index_pages(self, folder: str, template: str, ids: list) -> list:
        """The index of every group, base, country or tag (`ids`, in the order shown), `per_page × 5`
        a page: `<folder>/index.md`, then `<folder>/page/2.md`... No entity page can sit there: "page"
        is a reserved id, and a country's or tag's own pages are `<folder>/<slug>.md` and
        `<folder>/<slug>/page/N.md`, one level above and below."""
        size = self.per_page * 5
        pages = chunks(ids, size)

        def src(number: int) -> str:
            return index_src(folder, number)

        out = []
        for number, page_ids in enumerate(pages, start=1):
            pager = {
                "number": number, "count": len(pages), "total": len(ids),
                "first": (number - 1) * size + 1, "last": (number - 1) * size + len(page_ids),
                "previous": src(number - 1) if number > 1 else None,
                "next": src(number + 1) if number < len(pages) else None,
                "home": src(1),
            }
            out.append(self.render(template, src(number), ids=page_ids, pager=pager))
        return out

    def pager(self, kind: str, ident: str, number: int, count: int) -> dict:
        return newer_older(lambda n: listing_src(kind, ident, n), number, count)

    def timeline_pages(self) -> list:
        items = self.site.timeline
        pages = chunks(items, self.per_page * 5)
        month_counts, month_strikes = {}, {}
        for item in items:
            key = (item.date.year, item.date.month)
            month_counts[key] = month_counts.get(key, 0) + 1
            if item.kind == "strike":  # listed with the attacks, counted apart
                month_strikes[key] = month_strikes.get(key, 0) + 1
        strikes = len(self.site.strike_timeline)
        out = []
        for number, page_items in enumerate(pages, start=1):
            pager = newer_older(lambda n: index_src("attacks", n), number, len(pages))
            out.append(self.render("attacks_index.html.j2", index_src("attacks", number), items=page_items, pager=pager,
                                   month_counts=month_counts, month_strikes=month_strikes,
                                   total=len(items) - strikes, strikes=strikes))
        return out


def template_failure(error: Exception, template: str, src: str, settings=None) -> InvalidSite:
    """The error of a template that could not draw a page, as a problem in the template's file."""
    file, line = template_position(error, template)
    root = getattr(settings, "root", None)
    if root is not None and Path(file).is_absolute() and Path(file).is_relative_to(root):
        file = Path(file).relative_to(root).as_posix()
    problems = Problems()
    problems.add(str(file), f"the template could not draw {src}: {type(error).__name__}: {error}",
                 "fix the template (a file in the site's templates folder replaces the built-in one of the same name)",
                 line=line, col=1)
    return InvalidSite(problems.items)


def template_position(error: Exception, template: str) -> tuple:
    """(file, line) in the template where `error` happened: Jinja gives template frames their file's
    name and line."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return error.filename, error.lineno or 1
    found = (template, 1)
    frame = error.__traceback__
    while frame is not None:
        if frame.tb_frame.f_code.co_filename.endswith(".j2"):
            found = (frame.tb_frame.f_code.co_filename, frame.tb_lineno)
        frame = frame.tb_next
    return found


def render_site(site: Site, templates_dir: Path | None = None, per_page: int = 20,
                directory_urls: bool = True, site_name: str = "", settings=None, sink=None, views=()) -> list:
    """Every page of the site, as `sink` gives them (DrawNow when None)."""
    return Renderer(site, templates_dir, per_page, directory_urls, site_name, settings, sink, views).files()
