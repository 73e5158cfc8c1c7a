"""The whole pipeline in one call: load -> validate -> index (core.engine.check) -> render, with
every view.

Both faces of publishing (the MkDocs plugin and the `generate` command) call `run`, so they
cannot disagree about what the site contains.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from ..core.engine import check
from ..core.index import Site
from ..core.names import FOLDERS, entity_src
from ..core.problems import InvalidSite
from ..core.schema import KIND_RECORDS, schema_text
from ..core.settings import Settings
from ..render.addresses import hand_written_files, taken_addresses
from ..render.page_links import link_problems
from ..render.assets import static_files
from ..render.outputs import OutputFile
from ..render.renderer import DrawLater, DrawNow, override_problems, render_site
from ..render.urls import relative_url
from . import VIEWS, citations, extra_files as views_extra_files


@dataclass
class Result:
    site: Site
    files: list = field(default_factory=list)  # the pages: OutputFiles, or PendingFiles with a DrawLater sink


def run(settings: Settings, memory=None, sink=None) -> Result:
    """Every generated page, or InvalidSite carrying every problem found.

    `sink` (render.renderer.DrawNow, DrawLater, or a live preview's PageMemory) says what becomes
    of each page: the build mode chooses it (publish/modes.py). With a live preview's `memory`
    (preview.Memory), what is unchanged since the last run is reused, and its pages are its sink."""
    site, problems = check(settings, memory)
    problems = problems or override_problems(settings.templates_dir, settings.root).sorted()
    if problems:
        raise InvalidSite(problems)
    if sink is None:
        sink = memory.pages if memory is not None else DrawNow()
    files = render_site(site, settings.templates_dir, settings.per_page, settings.directory_urls,
                        settings.site_name, settings, sink, VIEWS)
    return Result(site, files)


def site_files(result: Result, settings: Settings, with_views: bool = True) -> list:
    """Files besides the Markdown pages: stylesheet, JSON Schemas, redirect pages, the views' data and feeds
    (those last with `with_views`; a live preview writes them after the pages, see `LaterFiles`)."""
    out = [OutputFile(src, text) for src, text in static_files().items()]
    for kind in KIND_RECORDS:
        out.append(OutputFile(f"schemas/{kind}.schema.json", schema_text(kind)))
    for old, ident in sorted(result.site.redirects.items()):
        entry = result.site.entities.get(ident)
        if entry is not None:
            out.append(redirect_page(FOLDERS[entry.kind], old, entity_src(entry.kind, ident), settings.directory_urls))
    return out + views_extra_files(result, settings) if with_views else out


def redirect_page(folder: str, old: str, target_src: str, directory_urls: bool) -> OutputFile:
    old_src = f"{folder}/{old}.md"
    src = f"{folder}/{old}/index.html" if directory_urls else f"{folder}/{old}.html"
    url = html.escape(relative_url(old_src, target_src, directory_urls), quote=True)
    text = (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Moved</title>'
            f'<meta name="robots" content="noindex"><link rel="canonical" href="{url}">'
            f'<meta http-equiv="refresh" content="0; url={url}"></head>\n'
            f'<body><p>This page has moved to <a href="{url}">{url}</a>.</p></body></html>\n')
    return OutputFile(src, text)


def generated_sources(site: Site, settings: Settings) -> list:
    """Every file a build generates (pages, redirect pages, static and data files), without making any."""
    result = Result(site, render_site(site, settings.templates_dir, settings.per_page, settings.directory_urls,
                                      settings.site_name, settings, DrawLater(), VIEWS))
    outputs = result.files + site_files(result, settings, with_views=False) + views_extra_files(result, settings, lazy=True)
    return [output.src for output in outputs]


def address_problems(site: Site, settings: Settings, generated: list | None = None) -> list:
    """Hand-written files of docs_dir at the address of a generated file (render/addresses.py)."""
    if not settings.docs_dir.is_dir():
        return []
    hand_written = hand_written_files(settings.docs_dir, settings.root)
    if not hand_written:
        return []
    if generated is None:
        generated = generated_sources(site, settings)
    return taken_addresses(hand_written, generated, site, settings.directory_urls).sorted()


def page_link_problems(site: Site, settings: Settings, markdown_extensions=None) -> list:
    """Problems of `validate` once the entries are valid: hand-written files at a generated file's address,
    else links and images of hand-written pages to no file of the site (render/page_links.py; the build
    leaves those to MkDocs' own link validation)."""
    overrides = override_problems(settings.templates_dir, settings.root).sorted()
    if overrides or not settings.docs_dir.is_dir():
        return overrides
    generated = generated_sources(site, settings)
    problems = address_problems(site, settings, generated)
    if problems:
        return problems
    hand_written = hand_written_files(settings.docs_dir, settings.root)
    added = {page.src: citations.article_section(page, site, settings) for page in site.pages}
    return link_problems(settings.docs_dir, hand_written, generated, markdown_extensions, added).sorted()
