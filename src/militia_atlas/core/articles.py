"""Hand-written pages in content/: their front matter, excerpts and `[[id]]` links."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .yaml_reader import YamlShapeError, describe_yaml_error, parse_yaml
from .problems import Problems
from .schema import ARTICLE, ARTICLE_KEYS
from .fields import INVALID, Bool, Checker

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
MORE = "<!-- more -->"
ARTICLE_MARKERS = {"date", "groups", "bases", "attacks", "authors"}
# The generator passes values to the page head through front matter keys of its own (seo.py, overrides/main.html:
# ma_og_type, ma_jsonld, ma_feed, ma_modified); the whole ma_ prefix is kept for it.
RESERVED_PREFIX = "ma_"


@dataclass
class Page:
    """A Markdown file under content/ (docs_dir)."""

    src: str  # path relative to docs_dir, with forward slashes
    path: Path
    file: str  # as shown in messages
    text: str
    body_start_line: int  # 1-based line where the body starts
    meta: dict = field(default_factory=dict)  # article fields, checked
    is_article: bool = False

    @property
    def body(self) -> str:
        return "\n".join(self.text.splitlines()[self.body_start_line - 1:])

    @property
    def id(self) -> str:
        return self.src

    @property
    def draft(self) -> bool:
        return bool(self.meta.get("draft"))


def find_pages(docs_dir: Path) -> list:
    pages = []
    for root, dirs, files in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".md"):
                pages.append(Path(root) / name)
    return pages


def read_pages(docs_dir: Path, display_root: Path, countries: dict, problems: Problems) -> list:
    pages = []
    for path in find_pages(docs_dir):
        src = path.relative_to(docs_dir).as_posix()
        display = path.relative_to(display_root).as_posix() if path.is_relative_to(display_root) else str(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            problems.add(display, "the file is not valid UTF-8", "save the file as UTF-8", line=1, col=1)
            continue
        pages.append(read_page(src, path, display, text, countries, problems))
    return pages


def read_page(src, path, display, text, countries, problems) -> Page:
    match = FRONT_MATTER.match(text)
    if not match:
        return Page(src, path, display, text, 1)
    body_start = text[: match.end()].count("\n") + 1
    page = Page(src, path, display, text, body_start)
    try:
        raw = parse_yaml(match.group(1) or "")  # depth-limited, aliases refused: safe on any input
        raw = {} if raw is None else raw
    except (yaml.YAMLError, YamlShapeError) as error:
        message, hint, line, col = describe_yaml_error(error, match.group(1) or "")
        problems.add(display, f"front matter: {message}", hint, line=line + 1, col=col)
        return page
    if not isinstance(raw, dict):
        problems.add(display, "front matter must be a mapping of fields", "write one `field: value` per line",
                     line=2, col=1)
        return page
    _check_reserved_keys(raw, display, match.group(1) or "", problems)
    if ARTICLE_MARKERS & raw.keys():
        page.is_article = True
        known = {key: value for key, value in raw.items() if key in ARTICLE_KEYS}
        before = len(problems)
        checked = ARTICLE.check(known, (), Checker(display, problems, countries))
        page.meta = checked if len(problems) == before else {}
        for problem in problems.items[before:]:
            problems.items[problems.items.index(problem)] = _in_front_matter(problem, match.group(1) or "")
    elif "draft" in raw:  # any page can be a draft, not only an article
        draft = Bool().check(raw["draft"], ("draft",), Checker(display, problems, countries))
        if draft is True:
            page.meta = {"draft": True}
        elif draft is INVALID:
            problems.items[-1] = _in_front_matter(problems.items[-1], match.group(1) or "")
    return page


def _check_reserved_keys(raw: dict, display: str, front_matter: str, problems: Problems) -> None:
    for key in raw:
        if str(key).startswith(RESERVED_PREFIX):
            problems.add(display, f"front matter: '{key}' is reserved: the generator sets it for its own use",
                         f"remove the line; keys starting with {RESERVED_PREFIX} cannot be set in front matter",
                         line=_key_line(front_matter, str(key)), col=1)


def _key_line(front_matter: str, key: str) -> int:
    """The line of `key:` in the .md file (front matter starts on line 2), else line 2."""
    for offset, text in enumerate(front_matter.splitlines()):
        if text.startswith(f"{key}:"):
            return offset + 2
    return 2


def _in_front_matter(problem, front_matter: str):
    """Front matter problems carry a field path; turn it into a line in the .md file."""
    if problem.line:
        return problem
    line = 2
    if problem.where:
        key = str(problem.where[0])
        for offset, text in enumerate(front_matter.splitlines()):
            if text.startswith(f"{key}:"):
                line = offset + 2
                break
    return problem.located(line, 1)


def excerpt_source(page: Page) -> str:
    """The article's excerpt: up to `<!-- more -->`, else its first paragraph (headings skipped)."""
    body = page.body
    if MORE in body:
        text = body.split(MORE, 1)[0]
    else:
        blocks = [block.strip() for block in re.split(r"\n\s*\n", body) if block.strip()]
        text = next((b for b in blocks if not b.startswith(("#", "<!--", "!!!", "```"))), "")
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")).strip()
