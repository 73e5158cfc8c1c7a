"""Helpers the views share: settings with their defaults, URLs between pages, values computed
once per build (summaries as plain text, last-updated dates)."""

from __future__ import annotations


from ..core.settings import setting

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
