"""URLs and paging: where a page's source sits, the URL MkDocs gives it, and the relative links
between pages. Pure functions of paths (and of the site_url setting): no page, no index."""

from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import quote

from ..core.names import entity_src
from ..core.settings import setting


def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a Markdown source path, relative to the site root: percent-encoded, as
    MkDocs writes it (a tag page `tags/إيران.md` is at `tags/%D8%A5%D9%8A%D8%B1%D8%A7%D9%86/`)."""
    stem = src[:-3]
    if stem == "index" or stem.endswith("/index"):
        return url_path(stem[: -len("index")])
    return url_path(stem + "/" if directory_urls else stem + ".html")


def url_path(path: str) -> str:
    """A site path as a URL path: non-ASCII characters percent-encoded (ids and slugs hold nothing else to encode)."""
    return path if path.isascii() else quote(path, safe="/")


@lru_cache(maxsize=1 << 16)  # pure, and called ~15 times a page: posixpath.relpath is slow
def relative(from_src: str, to_src: str) -> str:
    """A relative .md link, as MkDocs resolves it from the page's source file."""
    return relpath(to_src, posixpath.dirname(from_src) or ".")


def relpath(path: str, start: str) -> str:
    """posixpath.relpath for relative paths, without its abspath calls (~26,000 a build at 10,000 attacks)."""
    if path.startswith("/") or start.startswith("/"):
        return posixpath.relpath(path, start)
    there = [part for part in path.split("/") if part and part != "."]
    here = [part for part in start.split("/") if part and part != "."]
    if ".." in there or ".." in here:
        return posixpath.relpath(path, start)
    common = 0
    for mine, theirs in zip(here, there):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."


@lru_cache(maxsize=1 << 16)
def relative_url(from_src: str, to_src: str, directory_urls: bool = True) -> str:
    """A relative URL between built pages, for links inside raw HTML."""
    here, there = page_url(from_src, directory_urls), page_url(to_src, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    path = relpath(there or ".", base.rstrip("/") or ".")
    if there.endswith("/") or not there:
        path = path.rstrip("/") + "/"
    return "./" if path == "./" else path


def safe_href(url: str) -> str:
    return quote(url, safe=":/?#@!$&'*+,;=%-._~")


def listing_src(kind: str, ident: str, number: int) -> str:
    first = entity_src(kind, ident)
    return first if number == 1 else f"{first[:-3]}/page/{number}.md"


def targeted_src(ident: str, number: int) -> str:
    """Where the attacks and strikes against a group are listed: its own page first (a section),
    then `groups/<id>/targeted/page/N.md`."""
    return f"groups/{ident}.md" if number == 1 else f"groups/{ident}/targeted/page/{number}.md"


def index_src(folder: str, number: int) -> str:
    """Page `number` of a folder's own paginated list: `<folder>/index.md`, then `<folder>/page/N.md`."""
    return f"{folder}/index.md" if number == 1 else f"{folder}/page/{number}.md"


def newer_older(page_src, number: int, count: int) -> dict:
    """The pager of page `number` of `count`, newest first; `page_src(n)` is page n's source.
    `pages`: (number, source) of each page the pager names, None where it leaves pages out."""
    return {
        "number": number,
        "count": count,
        "newer": page_src(number - 1) if number > 1 else None,
        "older": page_src(number + 1) if number < count else None,
        "pages": [(shown, page_src(shown)) if shown else None for shown in page_numbers(number, count)],
    }


def page_numbers(number: int, count: int, around: int = 1) -> list:
    """The page numbers a pager shows: the first, the last and `around` on each side of the current
    one, None for each gap (`1 2 None 9`); a gap of one page shows that page instead."""
    shown = sorted({1, count} | set(range(max(1, number - around), min(count, number + around) + 1)))
    out = []
    for page in shown:
        if out and page - out[-1] == 2:
            out.append(page - 1)
        elif out and page - out[-1] > 2:
            out.append(None)
        out.append(page)
    return out


def chunks(items: list, size: int) -> list:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


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
