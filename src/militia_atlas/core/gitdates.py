"""When each file was last changed, from git: one `git log` for the whole site, not one per file.

An entry's own `updated` field wins over git (see `last_updated`). Outside a git
repository, or without git, there are no git dates and pages simply show none.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from functools import lru_cache
from pathlib import Path

from .dates import PartialDate, parse_date

MARK = "\x1e"  # starts each commit's line in the log; no file name starts with it


@lru_cache(maxsize=8)
def _git_dates(root: str, head: str) -> dict:
    try:
        log = subprocess.run(
            ["git", "-c", "core.quotePath=false", "log", "--no-renames", "--relative", "--name-only",
             f"--format={MARK}%cs", "--", "."],
            cwd=root, capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.SubprocessError):
        return {}
    if log.returncode != 0:
        return {}
    dates, current = {}, None
    for line in log.stdout.split("\n"):  # not splitlines(): it splits at MARK too
        if line.startswith(MARK):
            current = line[1:].strip()
        elif line and current and line not in dates:
            dates[line] = current  # newest commit first: the first date seen is the last change
    return dates


def _git_dir(root: Path) -> Path | None:
    for folder in (root, *root.parents):
        marker = folder / ".git"
        if marker.is_dir():
            return marker
        if marker.is_file():  # a worktree or submodule: "gitdir: <path>"
            text = marker.read_text(encoding="utf-8", errors="replace").strip()
            if text.startswith("gitdir:"):
                return (folder / text[len("gitdir:"):].strip()).resolve()
    return None


def _head(root: Path) -> str:
    """The current commit, read from .git without starting a process (this runs once per entry).

    The cached log is reused only while nothing new was committed; "" means no git repository."""
    git_dir = _git_dir(root)
    if git_dir is None:
        return ""
    try:
        head = (git_dir / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return ""
    if not head.startswith("ref:"):
        return head
    ref = head[len("ref:"):].strip()
    common = git_dir
    if (git_dir / "commondir").is_file():
        common = (git_dir / (git_dir / "commondir").read_text(encoding="utf-8").strip()).resolve()
    for folder in (git_dir, common):
        if (folder / ref).is_file():
            return (folder / ref).read_text(encoding="utf-8").strip()
        packed = folder / "packed-refs"
        if packed.is_file():
            for line in packed.read_text(encoding="utf-8").splitlines():
                if line.endswith(" " + ref):
                    return line.split(" ", 1)[0]
    return ""  # a branch with no commit yet


def git_dates(root: Path | None) -> dict:
    """{path relative to root (posix): 'YYYY-MM-DD'} for every committed file under root."""
    if root is None or not Path(root).is_dir():
        return {}
    resolved = Path(root).resolve()
    head = _head(resolved)
    return _git_dates(str(resolved), head) if head else {}


class GitDates:
    """The last-commit dates of one site's files, read once (one git process) for a whole build."""

    def __init__(self, root: Path | None):
        self.root = Path(root).resolve() if root else None
        self.dates = git_dates(self.root) if self.root else {}

    def last_updated(self, own, path: Path | None) -> PartialDate | None:
        """`own` (the entry's `updated`), else the date of the last commit of its file, else None."""
        if own:
            return own
        if path is None or not self.dates:
            return None
        path = Path(path)
        try:
            relative = path.relative_to(self.root)
        except ValueError:
            try:
                relative = path.resolve().relative_to(self.root)
            except ValueError:
                return None
        found = self.dates.get(relative.as_posix())
        return parse_date(found) if found else None


def as_datetime(date: PartialDate) -> dt.datetime:
    """Start of the day (UTC) a partial date begins on: for feeds' and JSON-LD's timestamps."""
    return dt.datetime.combine(date.start, dt.time(0, 0), dt.timezone.utc)
