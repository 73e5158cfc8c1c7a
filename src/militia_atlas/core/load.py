"""Stage 1, load: every entry file of entries/ read into plain values (core/yaml_reader.py),
with stray files reported; a live preview's cache skips files whose signature did not change.
Line and column numbers of problems found later are looked up again only when they have to be
reported (core/locate.py).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

from .parallel import split_map
from .problems import Problems
from .yaml_reader import load_file

KINDS = {"groups": "group", "bases": "base", "vessels": "vessel", "attacks": "attack"}
ENTRY_SUFFIXES = (".yml", ".yaml")
COUNTRY_FILES = ("countries.yml", "countries.yaml")
REGISTER_FILES = COUNTRY_FILES + ("seas.yml", "seas.yaml")  # the files that live in entries/ itself
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"
RESERVED_IDS = {"index", "page", "feed", "tags"}


@dataclass
class RawEntry:
    """One entry file as read from disk: its kind, id (the file stem) and values."""

    kind: str
    id: str
    path: Path
    display_path: str
    data: object  # dict on success, None when the file could not be read


# -- finding files -------------------------------------------------------------------

def find_entry_files(entries_dir: Path) -> list:
    """Every *.yml / *.yaml file under entries/<kind>/, in a stable order, as (folder, Path)."""
    return [(folder, Path(root) / name) for folder, root, name in walk_entry_files(entries_dir)]


def walk_entry_files(entries_dir: Path):
    """(folder, directory, file name) of every entry file, as `find_entry_files`; no Path made."""
    for folder in KINDS:
        base = entries_dir / folder
        if not base.is_dir():
            continue
        for root, dirs, files in os.walk(base, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.endswith(ENTRY_SUFFIXES) and not name.startswith("."):
                    yield folder, root, name


def check_stray_files(entries_dir: Path, display_root: Path, problems: Problems) -> None:
    """Entry-like files the site would silently ignore: a misnamed folder, a capitalised extension."""
    if not entries_dir.is_dir():
        return
    for child in sorted(entries_dir.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_file() and child.name.lower().endswith(ENTRY_SUFFIXES) and child.name not in REGISTER_FILES:
            problems.add(_display(child, display_root), "this file is not in a folder of entries",
                         "move it to entries/groups/, entries/bases/, entries/vessels/ or entries/attacks/ "
                         "(only countries.yml and seas.yml live in entries/ itself)", line=1, col=1)
        elif child.is_dir() and child.name not in KINDS and _holds_yaml(child):
            folder = (get_close_matches(child.name.lower(), list(KINDS), n=1, cutoff=0.6) or ["groups"])[0]
            problems.add(_display(child, display_root) + "/", f"'{child.name}' is not a folder of entries, "
                         "so the files in it are ignored", f"rename it to {folder}/ (folders: groups, bases, "
                         "vessels, attacks)", line=1, col=1)
    for folder in KINDS:
        for root, dirs, files in os.walk(entries_dir / folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.lower().endswith(ENTRY_SUFFIXES) and not name.endswith(ENTRY_SUFFIXES):
                    path = Path(root) / name
                    problems.add(_display(path, display_root), "the file extension is not lowercase, so the "
                                 "file is ignored", f"rename it to {path.stem}.yml", line=1, col=1)


def _holds_yaml(folder: Path) -> bool:
    return any(name.lower().endswith(ENTRY_SUFFIXES) for _, _, files in os.walk(folder) for name in files)


def load_entries(entries_dir: Path, display_root: Path, problems: Problems, cache: dict | None = None) -> list:
    """Every entry file under entries_dir as a RawEntry (data None where it could not be read).

    With a `cache` (kept by the live preview between rebuilds), a file whose size and
    modification time are unchanged is not read again.
    """
    check_stray_files(entries_dir, display_root, problems)
    places = list(walk_entry_files(entries_dir))
    if cache is not None:
        entries = []
        for folder, directory, name in places:
            path, display, data = _load_cached(directory, name, display_root, problems, entries_dir, cache)
            entries.append(RawEntry(KINDS[folder], path.stem, path, display, data))
        return entries

    def load_one(place) -> tuple:
        folder, directory, name = place
        path = Path(directory) / name
        display, found = _display(path, display_root), Problems()
        return RawEntry(KINDS[folder], path.stem, path, display, load_file(path, display, found, entries_dir)), found.items

    entries = []
    for entry, found in split_map(load_one, places):  # at 10,000 files, half of them parsed on the second core
        entries.append(entry)
        problems.items.extend(found)
    return entries


def _load_cached(directory: str, name: str, display_root: Path, problems: Problems, root: Path, cache: dict):
    """(path, display name, data) of one entry file, read again only when its signature changed.
    Strings for keys, and the Path kept: making and hashing 10,000 Paths cost ~0.2 s a rebuild."""
    key = (directory, name, str(display_root))
    hit = cache.get(key)
    path, display = (hit[0], hit[1]) if hit is not None else (Path(directory) / name, None)
    if display is None:
        display = _display(path, display_root)
    try:
        info = os.lstat(os.path.join(directory, name))
        signature = (info.st_mtime_ns, info.st_size, info.st_ino)
    except OSError:
        return path, display, load_file(path, display, problems, root)
    if hit is not None and hit[2] == signature and not stat.S_ISLNK(info.st_mode):
        problems.items.extend(hit[4])
        return path, display, hit[3]
    found = Problems()
    data = load_file(path, display, found, root)
    problems.extend(found)
    cache[key] = (path, display, signature, data, list(found.items))
    return path, display, data


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
