"""A hand-written file may not take the address of a generated one.

MkDocs would quietly keep one of the two (before this check, a hand-written
`content/groups/kataib-hezbollah.md` replaced the group's profile and listing).
"""

from __future__ import annotations

from ..core.names import FOLDERS
from ..core.problems import Problems

KINDS_OF_FOLDERS = {folder: kind for kind, folder in FOLDERS.items()}
HINT = ("rename or move this file: a generated page cannot be replaced; to change how generated pages look, "
        "put your own version of their template in the site's templates folder")


def address(src: str, directory_urls: bool = True) -> str:
    """Where a docs file ends up in the built site, as a path from its root: a page's URL, another
    file's own path ("" is the home page)."""
    if src.endswith(".md"):
        stem = src[:-3]
    elif src == "index.html" or src.endswith("/index.html"):  # a redirect page
        stem = src[:-5]
    else:
        return src
    folder, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    return stem + "/" if directory_urls else stem + ".html"


def origin(src: str, site) -> str:
    """What made a generated file: an entry's page names the entry's file."""
    parts = src.split("/")
    kind = KINDS_OF_FOLDERS.get(parts[0])
    if len(parts) >= 2 and kind in ("group", "base", "vessel", "attack"):
        entry = site.entities.get(parts[1].removesuffix(".md"))
        if entry is not None and entry.kind == kind:
            return f"the page of {entry.file}"
    return f"the generated {'page' if src.endswith('.md') else 'file'} {src}"


def taken_addresses(hand_written: list, generated: list, site, directory_urls: bool = True) -> Problems:
    """A problem for each hand-written file ((src, file as shown) pairs) at the address of a generated one."""
    generated_at = {}
    for src in generated:
        generated_at.setdefault(address(src, directory_urls), src)
    problems = Problems()
    for src, shown in hand_written:
        where = address(src, directory_urls)
        if where in generated_at:
            other = generated_at[where]
            problems.add(shown, f"its address is also a generated page's: {where or 'the home page'}, "
                                f"{origin(other, site)}", HINT, line=1, col=1)
    return problems


def hand_written_files(docs_dir, root) -> list:
    """(src, file as shown) of every file of docs_dir, as MkDocs finds them (hidden ones left out)."""
    import os
    from pathlib import Path

    found = []
    for folder, dirs, files in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
            found.append((path.relative_to(docs_dir).as_posix(), shown))
    return found
