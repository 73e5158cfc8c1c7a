"""Helpers the views share: settings with their defaults, URLs between pages, values computed
once per build (summaries as plain text, last-updated dates)."""

from __future__ import annotations

from functools import wraps

from markupsafe import Markup

from ..core.settings import setting


def drawn_html(renderer, function):
    """A view's helper that draws HTML, for both kinds of template: while an HTML template draws
    (renderer.html), its HTML as Markup, so autoescape leaves it as it is; in a Markdown template,
    the same string, which Markdown passes through as raw HTML."""
    @wraps(function)
    def drawn(*args, **kwargs):
        result = function(*args, **kwargs)
        return Markup(result) if renderer.html and isinstance(result, str) else result
    return drawn


def drawn_globals(renderer, functions: dict) -> dict:
    """{name: drawn_html(function)} for the helpers of a view's template_globals that give HTML."""
    return {name: drawn_html(renderer, function) for name, function in functions.items()}

def plain_summary(site, markdown) -> str:
    """An entry's whole summary as plain text, `[[id]]` links read as names (downloads, JSON-LD)."""
    from ..core.links import linked

    return linked(site, markdown).plain()  # the conversion the page and feeds use (links.Linked)


def summary_text(site, entry) -> str:
    """plain_summary of an entry, computed once per build."""
    return site.context.shared(("summary", entry.id), lambda: plain_summary(site, entry.summary))


def updated(site, settings, own, path):
    """An entry's or article's last update: its own `updated`, else its file's last commit, else None."""
    from ..core.gitdates import GitDates

    cache = site.context.cache
    if "git" not in cache:
        cache["git"] = GitDates(setting(settings, "root") if setting(settings, "git_dates") else None)
    return cache["git"].last_updated(own, path)
