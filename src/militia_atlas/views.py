"""The research views, one module each, joined to the render and publish stages here.

A view module may define any of:
  template_globals(renderer) -> dict    functions the page templates call (timeline, chart, map...)
  pages(renderer) -> list[OutputFile]   Markdown pages of its own (the whole map, the network...)
  extra_files(result, settings) -> list[OutputFile]   other files (data downloads, feeds, scripts);
                                        a content may be a function making it (render.made)

Both publishing faces (the MkDocs plugin and `militia-atlas generate`) go through
`Renderer.files` and `publish.extra_files`, so every view works in both.
"""

from __future__ import annotations

import posixpath

from .render import made, page_url, url_path

DEFAULTS = {"site_url": "", "directory_urls": True, "per_page": 20, "map_tiles": True, "site_name": "",
            "tile_url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "root": None, "git_dates": True}


def _modules():
    from . import charts, citations, downloads, feeds, maps, network, seo, timelines

    return (timelines, charts, maps, network, downloads, feeds, citations, seo)


def template_globals(renderer) -> dict:
    values = {}
    for view in _modules():
        if hasattr(view, "template_globals"):
            values.update(view.template_globals(renderer))
    return values


def pages(renderer) -> list:
    out = []
    for view in _modules():
        if hasattr(view, "pages"):
            out += view.pages(renderer)
    return out


def extra_files(result, settings, lazy: bool = False) -> list:
    """Every view's data files; `lazy`: their contents still functions to call (render.made)."""
    return [output for outputs in extra_files_by_view(result, settings, lazy) for output in outputs]


def extra_files_by_view(result, settings, lazy: bool = False):
    """Each view's extra files, one list at a time (the live preview can stop between two)."""
    for view in _modules():
        if hasattr(view, "extra_files"):
            outputs = view.extra_files(result, settings)
            yield outputs if lazy else [made(output) for output in outputs]


# -- helpers the views share -------------------------------------------------------------

def setting(settings, name: str):
    """A build setting, or its default when rendering without engine.Settings (direct render calls)."""
    value = getattr(settings, name, None) if settings is not None else None
    return DEFAULTS[name] if value is None else value


def page_folder(src: str, directory_urls: bool = True) -> str:
    """The URL folder a built page sits in, relative to the site root ('' for the root)."""
    here = page_url(src, directory_urls)
    return here if here.endswith("/") or not here else posixpath.dirname(here) + "/" if "/" in here else ""


def file_url(from_src: str, path: str, directory_urls: bool = True) -> str:
    """A relative URL from a built page to a file of the site (`downloads/attacks.csv`)."""
    folder = page_folder(from_src, directory_urls).rstrip("/") or "."
    target = posixpath.relpath(url_path(path) or ".", folder)
    return target + "/" if (path.endswith("/") or not path) and not target.endswith("/") else target


def root_url(from_src: str, directory_urls: bool = True) -> str:
    """The relative URL of the site root from a built page: `../../`, or `./` at the root."""
    return file_url(from_src, "", directory_urls)


def absolute_url(settings, path: str) -> str:
    """site_url + a path from the site root; the bare path when no site_url is set."""
    base = setting(settings, "site_url")
    return (base.rstrip("/") + "/" + path) if base else path


def absolute_page_url(settings, src: str) -> str:
    return absolute_url(settings, page_url(src, setting(settings, "directory_urls")))


def canonical_url(settings, src: str) -> str:
    """A page's full URL, or "" when the site has no site_url (citations and JSON-LD then leave it out)."""
    return absolute_page_url(settings, src) if setting(settings, "site_url") else ""


def link_name(site, ident: str, label) -> str:
    """What an `[[id]]` link reads as in plain text: its label, else the entry's name or title."""
    from .index import attack_title

    entry = site.resolve(ident)
    if label or entry is None:
        return label or ident
    return entry.name if entry.kind != "attack" else attack_title(entry, site.bases)


def plain_summary(site, markdown) -> str:
    """An entry's whole summary as plain text, `[[id]]` links read as names (downloads, JSON-LD)."""
    from .links import linked

    return linked(site, markdown).plain()  # the conversion the page and feeds use (links.Linked)


def build_cache(site) -> dict:
    """Values the views share within one build (git dates, plain summaries), kept on that build's Site.

    The render stage and publish.extra_files see the same Site object, and a new build has a new one,
    so nothing computed here outlives the build it belongs to."""
    return site.__dict__.setdefault("_views_cache", {})


def shared(site, key, compute):
    """A value many pages use, computed once per build. In a live preview each page using it is
    recorded as reading what computing it read (preview.Recorder.share), so use this, not
    build_cache, for anything computed from entries that more than one page shows."""
    recorder = getattr(site, "_recorder", None)
    if recorder is not None:
        return recorder.share(key, compute)
    cache = build_cache(site).setdefault("shared", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def summary_text(site, entry) -> str:
    """plain_summary of an entry, computed once per build."""
    return shared(site, ("summary", entry.id), lambda: plain_summary(site, entry.summary))


def updated(site, settings, own, path):
    """An entry's or article's last update: its own `updated`, else its file's last commit, else None."""
    from .gitdates import GitDates

    cache = build_cache(site)
    if "git" not in cache:
        cache["git"] = GitDates(setting(settings, "root") if setting(settings, "git_dates") else None)
    return cache["git"].last_updated(own, path)
