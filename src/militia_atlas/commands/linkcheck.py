"""`militia-atlas check-links`: every internal link and anchor of a built site leads somewhere.

Reads the HTML files of a built site (no server, no network): each `href` / `src`
that stays inside the site must name a file that exists, and each `#fragment`
must name an `id` (or `<a name>`) on the page it points to. Links to other hosts
are not followed; links to the site's own `site_url` count as internal.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {
    "a": "href", "area": "href", "link": "href",
    "img": "src", "script": "src", "iframe": "src", "source": "src", "video": "src", "audio": "src",
    "embed": "src", "track": "src",
}
RESOURCE_HINTS = {"preconnect", "dns-prefetch"}
SKIPPED_SCHEMES = {"mailto", "tel", "javascript", "data", "blob", "about"}


@dataclass(frozen=True)
class Link:
    url: str
    line: int
    col: int


@dataclass(frozen=True)
class Broken:
    page: str  # path of the HTML file, relative to the site folder
    link: Link
    reason: str

    def __str__(self) -> str:
        return f"{self.page}:{self.link.line}:{self.link.col}: {self.link.url}: {self.reason}"


class PageScanner(HTMLParser):
    """Collects the link targets and the anchor names of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list = []
        self.anchors: set = set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.anchors.add(values["id"])
        if tag == "a" and values.get("name"):
            self.anchors.add(values["name"])
        attribute = LINK_ATTRIBUTES.get(tag)
        url = values.get(attribute) if attribute else None
        if url is None:
            return
        if tag == "link" and set((values.get("rel") or "").lower().split()) & RESOURCE_HINTS:
            return
        line, col = self.getpos()
        self.links.append(Link(url.strip(), line, col + 1))

    handle_startendtag = handle_starttag


@dataclass
class Scanned:
    links: list
    anchors: set


class SiteChecker:
    def __init__(self, site_dir: Path, site_url: str | None = None):
        self.site_dir = site_dir.resolve()
        parts = urlsplit(site_url or "")
        self.site_host = parts.netloc.lower()
        self.base_path = "/" + parts.path.strip("/") + "/" if parts.path.strip("/") else "/"
        self.pages: dict = {}
        self.link_count = 0

    def scan(self, relative: str) -> Scanned:
        if relative not in self.pages:
            scanner = PageScanner()
            scanner.feed((self.site_dir / relative).read_text(encoding="utf-8", errors="replace"))
            scanner.close()
            self.pages[relative] = Scanned(scanner.links, scanner.anchors)
        return self.pages[relative]

    def html_files(self) -> list:
        found = []
        for root, dirs, files in os.walk(self.site_dir):
            dirs.sort()
            for name in sorted(files):
                if name.endswith(".html"):
                    found.append((Path(root) / name).relative_to(self.site_dir).as_posix())
        return found

    def check(self) -> list:
        broken = []
        for page in self.html_files():
            seen = set()
            for link in self.scan(page).links:
                if link.url in seen:
                    continue
                seen.add(link.url)
                reason = self.check_link(page, link.url)
                if reason:
                    broken.append(Broken(page, link, reason))
        return broken

    def check_link(self, page: str, url: str) -> str | None:
        target = self.internal_target(page, url)
        if target is None:
            return None
        self.link_count += 1
        path, fragment = target
        if path.startswith("/"):
            return "the URL has an empty path segment ('//'); write the path without it"
        file = self.existing_file(path)
        if file is None:
            return f"no such file or page in the site (looked for {path or '/'})"
        if not fragment or fragment.startswith(":~:") or not file.endswith(".html"):
            return None
        if fragment not in self.scan(file).anchors:
            return f"no anchor '#{fragment}' on {file}"
        return None

    def internal_target(self, page: str, url: str):
        """(site-relative path, fragment) of a link inside the site, or None for other links."""
        if not url:
            return None
        parts = urlsplit(url)
        if parts.scheme and parts.scheme.lower() in SKIPPED_SCHEMES:
            return None
        if parts.scheme or parts.netloc:
            if not self.site_host or parts.netloc.lower() != self.site_host:
                return None
            if not (parts.path + "/").startswith(self.base_path):
                return None
            path = parts.path[len(self.base_path):] if len(parts.path) >= len(self.base_path) else ""
        elif parts.path.startswith("/"):
            path = parts.path[len(self.base_path):] if parts.path.startswith(self.base_path) else parts.path[1:]
        elif not parts.path:
            path = page
        else:
            path = os.path.normpath(os.path.join(os.path.dirname(page), unquote(parts.path))).replace(os.sep, "/")
            if parts.path.endswith("/"):
                path += "/"
            return ("" if path in (".", "./") else path), unquote(parts.fragment)
        return unquote(path), unquote(parts.fragment)

    def existing_file(self, path: str) -> str | None:
        candidate = (self.site_dir / path).resolve()
        if not candidate.is_relative_to(self.site_dir):
            return None  # above the site's root
        if path == "" or path.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        if not candidate.is_file():
            return None
        return candidate.relative_to(self.site_dir).as_posix()


def check_site(site_dir: Path, site_url: str | None = None) -> tuple:
    """(broken links, number of pages, number of internal links checked)."""
    checker = SiteChecker(site_dir, site_url)
    broken = checker.check()
    return broken, len(checker.pages), checker.link_count


def site_from_config(config_file: str | None):
    """(site_dir, site_url) from mkdocs.yml, or (None, None) when there is none."""
    from mkdocs.utils.yaml import yaml_load

    path = Path(config_file) if config_file else Path("mkdocs.yml")
    if not path.is_file():
        return None, None
    with open(path, "rb") as handle:
        raw = yaml_load(handle) or {}
    site_dir = (path.resolve().parent / str(raw.get("site_dir") or "site"))
    return site_dir, raw.get("site_url")


def add_parser(sub) -> None:
    parser = sub.add_parser("check-links", help="check every internal link and anchor of a built site")
    parser.add_argument("site_dir", nargs="?", help="the built site (default: site_dir of mkdocs.yml)")
    parser.add_argument("--site-url", help="the site's public URL; links to it count as internal "
                                           "(default: site_url of mkdocs.yml)")
    parser.set_defaults(handler=cmd_check_links)


def cmd_check_links(args) -> int:
    config_dir, config_url = site_from_config(args.config_file)
    site_dir = Path(args.site_dir) if args.site_dir else config_dir
    if site_dir is None:
        print("error: no site folder given and no mkdocs.yml here; pass the folder, e.g. "
              "`militia-atlas check-links site`", file=sys.stderr)
        return 2
    if not (site_dir / "index.html").is_file():
        print(f"error: {site_dir} holds no built site (no index.html); build it first with "
              "`militia-atlas build`", file=sys.stderr)
        return 2
    broken, pages, links = check_site(site_dir, args.site_url or config_url)
    for item in broken:
        print(item)
    summary = f"checked {links} internal links on {pages} pages: {len(broken)} broken"
    print(summary, file=sys.stderr if broken else sys.stdout)
    return 1 if broken else 0
