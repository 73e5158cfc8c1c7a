"""The output folder of `build` and `generate`: never a source folder, replaced in one atomic step.

Refusing sources: a build empties its output folder and `generate` rewrites `docs/` and
`mkdocs.yml` in its own, so an output folder that is, holds or lies inside what the site is
made from (the folder of mkdocs.yml, docs_dir, the entries, the templates, the theme's
custom_dir, `.git`) is refused before anything is written. The folder of mkdocs.yml itself
may hold the output (`site/` is the default); it may not be it, nor lie inside it.

The switch: the new site is built in a hidden sibling, `.site.new-XXXX`, then exchanged with
`site/` by one `renameat2(RENAME_EXCHANGE)` (Linux 3.15+, on ext4, xfs, btrfs, tmpfs, overlayfs
...): at every moment `site/` is a complete site, the old one or the new one, and it stays a
real folder, so `python3 -m http.server -d site`, rsync, CI artifact uploads and anything else
that reads it see nothing new. The old site, now under the hidden name, is removed afterwards.
A symlink as `site` (to a versioned folder) would give the same atomicity everywhere, but makes
`site` a link for every tool that reads it, and the first build over an existing real folder
could not be made atomic. So: the exchange where the system has it (macOS: `renamex_np` with
RENAME_SWAP), else two renames (`site` to `.site.old-XXXX`, the new one to `site`); a kill
between those two leaves no `site/`, and the next build first puts the old one back.

Leftovers of killed builds (`.site.new-*`, `.site.old-*`) are removed at the start of the next
build, under a lock (`fcntl.flock` on the folder that holds `site/`: no lock file) that also
makes a second build into the same folder wait for the first instead of both failing. The lock
goes with the process, so a killed build never leaves it held. `site` as a link to a folder elsewhere stays a
link: the build happens beside the folder it points to.

MILITIA_ATLAS_TEST_SWITCH_DELAY (seconds) slows the switch down for tests that kill a build
inside it (`tests/test_sitedir.py`).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import stat
import sys
import tempfile
import time
from pathlib import Path

TEST_DELAY = "MILITIA_ATLAS_TEST_SWITCH_DELAY"
UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}
AT_FDCWD = -100
RENAME_EXCHANGE = 2  # Linux
RENAME_SWAP = 2  # macOS renamex_np
DISK_FULL = {errno.ENOSPC, errno.EDQUOT}
NOT_ALLOWED = {errno.EACCES, errno.EPERM}


class OutputRefused(Exception):
    """The output folder is one the site is made from (exit status 2)."""


# -- which folders an output may not touch ------------------------------------------------------

def site_sources(config_file: Path, docs_dir: Path, entries_dir: Path, templates_dir: Path | None,
                 custom_dir) -> list:
    """(what, folder) pairs of everything a site is made from, beside the folder of mkdocs.yml."""
    root = Path(config_file).resolve().parent
    found = [("docs_dir", docs_dir), ("entries folder", entries_dir), ("templates folder", templates_dir),
             ("theme's custom_dir", custom_dir)]
    found += [("git repository", folder / ".git") for folder in (root, *root.parents)
              if folder == root or (folder / ".git").exists()][:2]
    return [(what, Path(folder).resolve()) for what, folder in found if folder]


def check_output(action: str, output: Path, config_file: Path, sources: list) -> None:
    """Raise OutputRefused if `output` is, holds or lies inside a source folder."""
    output = Path(output).resolve()
    root = Path(config_file).resolve().parent
    relation = _relation(output, root)
    if relation in ("is", "contains"):
        raise OutputRefused(f"refusing to {action} {output}: it {relation} the folder of mkdocs.yml ({root}), "
                            f"and everything in it would be deleted; choose another folder, such as {root / 'site'}")
    for what, folder in sources:
        relation = _relation(output, folder)
        if relation:
            raise OutputRefused(f"refusing to {action} {output}: it {relation} the {what} ({folder}), "
                                f"and everything in it would be deleted; choose another folder, such as {root / 'site'}")
    if output.exists() and not output.is_dir():
        raise OutputRefused(f"refusing to {action} {output}: it is a file, not a folder; "
                            f"remove it or choose another folder")


def check_build_config(config, settings) -> None:
    """The plugin's check of MkDocs' site_dir, so that a plain `mkdocs build` refuses the same folders."""
    if config.config_file_path and config.site_dir:
        sources = site_sources(config.config_file_path, settings.docs_dir, settings.entries_dir,
                               settings.templates_dir, getattr(config.theme, "custom_dir", None))
        check_output("build into", Path(config.site_dir), Path(config.config_file_path), sources)


def _relation(output: Path, folder: Path) -> str:
    if output == folder:
        return "is"
    if output in folder.parents:
        return "contains"
    if folder in output.parents:
        return "is inside"
    return ""


# -- building into a staging folder, under the lock ------------------------------------------------

@contextlib.contextmanager
def staging_for(target: Path):
    """A fresh hidden folder beside `target` to build into, with the lock held and leftovers gone.

    The folder is removed on the way out unless `switch` moved it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target):
        clean_leftovers(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
        try:
            yield staging
        finally:
            if staging.exists():
                remove(staging)


HELD_LOCKS = set()  # open folders whose flock this process holds


def _drop_locks_in_child() -> None:
    """A forked child (parallel.py) shares the lock; it lets go, so that killing the build frees it."""
    for descriptor in HELD_LOCKS:
        with contextlib.suppress(OSError):
            os.close(descriptor)
    HELD_LOCKS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_locks_in_child)


@contextlib.contextmanager
def _locked(target: Path):
    """Hold a lock on the folder that holds `target` (a folder of its own: no lock file is left behind)."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock, the rest works the same
        yield
        return
    folder = os.open(target.parent, os.O_RDONLY)
    HELD_LOCKS.add(folder)
    try:
        try:
            fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting: another militia-atlas build is running in {target.parent}; this one starts when it ends",
                  file=sys.stderr, flush=True)
            fcntl.flock(folder, fcntl.LOCK_EX)
        yield
    finally:
        HELD_LOCKS.discard(folder)
        os.close(folder)  # and with it the lock, as when the process is killed


def clean_leftovers(target: Path) -> None:
    """Put back a site a killed two-rename switch left aside, then remove what killed builds left."""
    aside = sorted(target.parent.glob(f".{target.name}.old-*"), key=lambda path: path.stat().st_mtime)
    if not os.path.lexists(target) and aside:
        newest = aside.pop()
        inner = newest / "site"  # where the two-rename swap of earlier versions put it
        if inner.is_dir() and os.listdir(newest) == ["site"]:
            os.rename(inner, target)
            aside.append(newest)
        else:
            os.rename(newest, target)
    for leftover in aside + list(target.parent.glob(f".{target.name}.new-*")):
        remove(leftover)


def remove(folder: Path) -> None:
    """Remove a folder, read-only parts too; what cannot be removed now goes at the next build."""
    def make_writable_and_retry(function, path, _):
        with contextlib.suppress(OSError):
            os.chmod(os.path.dirname(path), stat.S_IRWXU)
            if os.path.isdir(path) and not os.path.islink(path):
                os.chmod(path, stat.S_IRWXU)
            function(path)

    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    else:
        shutil.rmtree(folder, onerror=make_writable_and_retry)


# -- the switch ------------------------------------------------------------------------------------

def switch(staging: Path, target: Path) -> None:
    """Make the complete site in `staging` the one at `target`, in one atomic step where possible."""
    _test_pause(announce=True)
    if not os.path.lexists(target):
        os.rename(staging, target)  # nothing to replace: a rename is atomic
        return
    try:
        exchange(staging, target)
    except OSError as error:
        if error.errno not in UNSUPPORTED:
            raise
        _switch_in_two_renames(staging, target)
        return
    _test_pause()
    remove(staging)  # the old site, now under the staging folder's name


def _switch_in_two_renames(staging: Path, target: Path) -> None:
    aside = target.parent / f".{target.name}.old-{os.getpid()}"
    os.rename(target, aside)
    _test_pause()
    os.rename(staging, target)
    remove(aside)


def exchange(first: Path, second: Path) -> None:
    """Swap two paths in one step; OSError(EINVAL or ENOSYS) where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except (OSError, TypeError):  # Windows
        raise OSError(errno.ENOSYS, "no atomic exchange of two paths on this system") from None
    a, b = os.fsencode(first), os.fsencode(second)
    if hasattr(libc, "renameat2"):
        result = libc.renameat2(AT_FDCWD, a, AT_FDCWD, b, ctypes.c_uint(RENAME_EXCHANGE))
    elif hasattr(libc, "renamex_np"):
        result = libc.renamex_np(a, b, ctypes.c_uint(RENAME_SWAP))
    else:
        raise OSError(errno.ENOSYS, "no atomic exchange of two paths on this system")
    if result != 0:
        number = ctypes.get_errno()
        raise OSError(number, os.strerror(number), str(first), None, str(second))


def _test_pause(announce: bool = False) -> None:
    delay = os.environ.get(TEST_DELAY)
    if delay:
        if announce:
            print("militia-atlas test: switching", file=sys.stderr, flush=True)
        time.sleep(float(delay))


# -- what went wrong, in one line --------------------------------------------------------------------

def explain(error: OSError, target: Path, generated: bool = False) -> str:
    """One line for a failed write or read: where, why, what to do (and that the old site stays).

    `target` is the site folder of a build, or the output folder of `generate`."""
    from ..core.problems import visible

    reason = error.strerror or str(error)
    path = Path(os.path.abspath(error.filename)) if error.filename else target
    folder = target if generated else target.parent
    written = _is_output(path, target, generated)
    if error.errno in NOT_ALLOWED and not written:
        fix = f"make {visible(path)} readable for you"
    elif error.errno in DISK_FULL:
        fix = "free some disk space (a build needs room for a second copy of the site) and try again"
    elif error.errno == errno.EROFS:
        fix = "the disk is mounted read-only: choose a folder on another disk"
    elif error.errno in NOT_ALLOWED:
        fix = f"make {visible(folder)} writable for you, or choose another folder"
    else:
        fix = "check the disk, then try again"
    kept = "" if generated else f"; the previous site in {visible(target)} was left as it was"
    if written:
        return f"cannot write in {visible(folder)}: {reason}; {fix}{kept}"
    return f"cannot read {visible(path)}: {reason}; {fix}{kept}"


def _is_output(path: Path, target: Path, generated: bool) -> bool:
    if path == target or target in path.parents or path in target.parents:
        return True
    if generated or target.parent not in path.parents:
        return False
    return path.relative_to(target.parent).parts[0].startswith(f".{target.name}.")  # staging, lock
