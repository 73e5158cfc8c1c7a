"""The output folder (`publish/site_dir.py`): never a source folder, switched in one atomic step, one build
at a time, and a clear line (never a traceback) when the disk is full or read-only.

Every case runs the real `militia-atlas build` (or `generate`, or plain `mkdocs build`) on a
small site; the kill test kills real builds with SIGKILL.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import BIN, MINIMAL_MKDOCS, copy_fixture, run_cli, run_mkdocs

from militia_atlas.commands import cli
from militia_atlas.publish import site_dir as sitedir

SWITCH_MARKER = "militia-atlas test: switching"


def tree(folder: Path) -> dict:
    """{relative path: sha256} of every file under folder (following a link at the top)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith((".site.new-", ".site.old-")))


def small_site(root: Path, **mkdocs_changes) -> Path:
    copy_fixture("basic", root)
    text = MINIMAL_MKDOCS.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    text = text.replace("  - search\n", "")  # a cheaper build: the kill test makes 23
    text = text.replace("  - militia-atlas\n", "  - militia-atlas:\n      templates: templates\n")
    for key, value in mkdocs_changes.items():
        text += f"{key}: {value}\n"
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    for folder in ("overrides", "templates", ".git"):
        (root / folder).mkdir(exist_ok=True)
        (root / folder / "KEEP.txt").write_text(f"an editor's file in {folder}\n", encoding="utf-8")
    return root


# -- item 4: an output folder that is, holds or lies inside the sources is refused ----------------

UNSAFE_OUTPUTS = [".", "..", "entries", "entries/groups", "content", "content/articles", "overrides", "templates",
                  ".git", ".git/site"]


def assert_refused(result, everything_before: dict, workspace: Path) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: refusing to "), result.stderr
    assert tree(workspace) == everything_before  # nothing deleted, nothing added


@pytest.mark.parametrize("output", UNSAFE_OUTPUTS)
def test_build_refuses_a_source_folder_as_its_output(tmp_path, output):
    root = small_site(tmp_path / "project")
    before = tree(tmp_path)
    assert_refused(run_cli("build", "--site-dir", output, cwd=root), before, tmp_path)


@pytest.mark.parametrize("output", [".", "..", "entries", "content", "templates", "overrides"])
def test_generate_refuses_a_source_folder_as_its_output(tmp_path, output):
    root = small_site(tmp_path / "project")
    before = tree(tmp_path)
    assert_refused(run_cli("generate", "--out", output, cwd=root), before, tmp_path)


@pytest.mark.parametrize("site_dir", ["entries", "templates", "overrides"])  # `.`: MkDocs itself refuses
def test_site_dir_in_mkdocs_yml_is_checked_too(tmp_path, site_dir):
    root = small_site(tmp_path / "project", site_dir=site_dir)
    before = tree(tmp_path)
    assert_refused(run_cli("build", cwd=root), before, tmp_path)


def test_plain_mkdocs_build_with_our_plugin_refuses_the_entries_folder(tmp_path):
    root = small_site(tmp_path / "project", site_dir="entries")
    before = tree(root / "entries")
    result = run_mkdocs("build", cwd=root)
    assert result.returncode != 0
    assert "refusing to build into" in result.stderr and "entries folder" in result.stderr
    assert tree(root / "entries") == before


def test_a_folder_beside_the_sources_is_fine(tmp_path):
    root = small_site(tmp_path / "project")
    run_cli("build", "--site-dir", "public", cwd=root, check=True)
    assert (root / "public" / "index.html").is_file()
    assert (root / "entries" / "groups" / "member-militia.yml").is_file()


# -- item 5: one atomic switch, leftovers cleaned, one build at a time -----------------------------

def change_entries(root: Path, round_number: int) -> None:
    """A new version of the entries, so that every build makes a site unlike the one before."""
    group = root / "entries" / "groups" / "sponsor-corps.yml"
    text = group.read_text(encoding="utf-8").split("\nsummary:", 1)
    group.write_text(f"{text[0]}\nsummary: Sponsor of militias, version {round_number}.\n"
                     f"{text[1].split(chr(10), 1)[1]}", encoding="utf-8")


def start_build(root: Path, delay: str) -> subprocess.Popen:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "MILITIA_ATLAS_TEST_SWITCH_DELAY": delay}
    return subprocess.Popen([str(BIN / "militia-atlas"), "build"], cwd=root, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def wait_for_switch(build: subprocess.Popen) -> None:
    for line in build.stderr:
        if SWITCH_MARKER in line:
            return


def kill(build: subprocess.Popen) -> None:
    try:
        os.killpg(build.pid, signal.SIGKILL)  # the build and the child that draws its pages
    except ProcessLookupError:
        pass
    build.wait()
    build.stderr.close()


def test_sigkill_at_20_random_moments_leaves_the_old_or_the_new_site(tmp_path):
    root = small_site(tmp_path / "project")
    delay = 0.15
    rng = random.Random(11)
    expected = {}  # version of the entries -> the site they make, from builds that were not killed
    for version in (0, 1):
        change_entries(root, version)
        started = time.monotonic()
        run_cli("build", cwd=root, check=True)
        duration = time.monotonic() - started
        expected[version] = tree(root / "site")
    assert expected[0] != expected[1]
    current, outcomes = 1, {"old": 0, "new": 0}
    for kill_number in range(20):
        new = 1 - current
        change_entries(root, new)
        build = start_build(root, str(delay))
        if kill_number % 3 == 1:  # inside the switch: from the moment the new site is complete
            wait_for_switch(build)
            time.sleep(rng.uniform(0, 2.5 * delay))
        else:  # anywhere in the build
            time.sleep(rng.uniform(0, duration))
        kill(build)
        assert (root / "site").is_dir(), f"no site/ after kill {kill_number}"
        now = tree(root / "site")
        assert now in (expected[current], expected[new]), f"a mixed site after kill {kill_number}"
        if now == expected[new]:
            current = new
        outcomes["new" if current == new else "old"] += 1
    assert outcomes["old"] and outcomes["new"], outcomes  # kills landed before and after the switch
    run_cli("build", cwd=root, check=True)
    assert tree(root / "site") == expected[new]
    assert leftovers(root) == []
    assert not any(name.startswith(".site") for name in os.listdir(root))  # no lock file either


def test_a_killed_builds_leftovers_are_removed_by_the_next_build(tmp_path):
    root = small_site(tmp_path / "project")
    for name in (".site.new-abc123", ".site.old-def456/site"):
        (root / name).mkdir(parents=True)
        (root / name / "index.html").write_text("half a site", encoding="utf-8")
    run_cli("build", cwd=root, check=True)
    assert leftovers(root) == []
    assert "half a site" not in (root / "site" / "index.html").read_text(encoding="utf-8")


def test_two_builds_at_once_into_one_folder_both_succeed_one_after_the_other(tmp_path):
    root = small_site(tmp_path / "project")
    builds = [start_build(root, "0.5") for _ in range(2)]  # both reach the lock at about the same time
    outputs = [build.communicate()[1] for build in builds]
    assert [build.returncode for build in builds] == [0, 0], outputs
    assert not any("Traceback" in output for output in outputs)
    assert sum("waiting: another militia-atlas build is running in" in output for output in outputs) == 1, outputs
    assert leftovers(root) == []
    assert (root / "site" / "index.html").is_file()


def test_a_site_folder_that_is_a_link_stays_a_link(tmp_path):
    root = small_site(tmp_path / "project")
    served = tmp_path / "www" / "atlas"
    served.mkdir(parents=True)
    (root / "site").symlink_to(served)
    run_cli("build", cwd=root, check=True)
    assert (root / "site").is_symlink()
    assert (served / "index.html").is_file()
    assert leftovers(tmp_path / "www") == []


def test_without_an_atomic_exchange_the_switch_still_works(tmp_path, monkeypatch):
    def unsupported(first, second):
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(sitedir, "exchange", unsupported)
    target, staging = tmp_path / "site", tmp_path / ".site.new-x"
    for folder, text in ((target, "old"), (staging, "new")):
        folder.mkdir()
        (folder / "index.html").write_text(text, encoding="utf-8")
    sitedir.switch(staging, target)
    assert (target / "index.html").read_text(encoding="utf-8") == "new"
    assert leftovers(tmp_path) == []


def test_a_site_left_aside_by_a_killed_fallback_switch_is_put_back(tmp_path):
    aside = tmp_path / ".site.old-x"
    aside.mkdir()
    (aside / "index.html").write_text("old", encoding="utf-8")
    sitedir.clean_leftovers(tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []


# -- item 12: a full disk, a read-only folder, a permission error -----------------------------------

def published_site(root: Path) -> dict:
    """A previous site (hand-made: what matters is that it stays as it was)."""
    for page, text in (("index.html", "<h1>Atlas</h1>"), ("groups/index.html", "<h1>Groups</h1>")):
        (root / "site" / page).parent.mkdir(parents=True, exist_ok=True)
        (root / "site" / page).write_text(text, encoding="utf-8")
    return tree(root / "site")


def build_in_process(root: Path, monkeypatch, capsys) -> tuple:
    mkdocs_log = logging.getLogger("mkdocs")
    for name in ("handlers", "level", "propagate"):  # cli.main sets them; put them back afterwards
        monkeypatch.setattr(mkdocs_log, name, getattr(mkdocs_log, name))
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("MILITIA_ATLAS_ONE_PROCESS", "1")
    code = cli.main(["build"])
    return code, capsys.readouterr().err


def fail_writes_after(monkeypatch, count: int, number: int, message: str) -> None:
    from mkdocs import utils

    calls = {"n": 0}
    real_write = utils.write_file

    def failing_write(content, output_path):
        calls["n"] += 1
        if calls["n"] > count:
            raise OSError(number, message, output_path)
        return real_write(content, output_path)

    monkeypatch.setattr(utils, "write_file", failing_write)


def one_error_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, stderr
    return errors[0]


def test_a_full_disk_is_one_clear_line_and_the_old_site_stays(tmp_path, monkeypatch, capsys):
    root = small_site(tmp_path / "project")
    old = published_site(root)
    fail_writes_after(monkeypatch, 5, errno.ENOSPC, "No space left on device")
    code, stderr = build_in_process(root, monkeypatch, capsys)
    line = one_error_line(stderr)
    assert code == 1
    assert "No space left on device" in line and str(root) in line and "free some disk space" in line
    assert tree(root / "site") == old
    assert leftovers(root) == []


@pytest.mark.parametrize("number, fix", [(errno.EACCES, "make"), (errno.EROFS, "read-only")])
def test_a_folder_that_cannot_be_written_is_one_clear_line(tmp_path, monkeypatch, capsys, number, fix):
    root = small_site(tmp_path / "project")
    old = published_site(root)

    def refused(*args, **kwargs):
        raise OSError(number, os.strerror(number), str(root / ".site.new-x"))

    monkeypatch.setattr(sitedir.tempfile, "mkdtemp", refused)
    code, stderr = build_in_process(root, monkeypatch, capsys)
    line = one_error_line(stderr)
    assert code == 1
    assert os.strerror(number) in line and str(root) in line and fix in line
    assert tree(root / "site") == old


@pytest.fixture
def tiny_disk(tmp_path):
    """A real 2 MB tmpfs (root only; skipped where mounting is not allowed, as in most containers)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount_point)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def test_a_real_full_disk_leaves_the_old_site(tmp_path, tiny_disk):
    root = small_site(tmp_path / "project")
    target = tiny_disk / "site"
    target.mkdir()
    (target / "index.html").write_text("the published site\n", encoding="utf-8")
    (tiny_disk / "ballast").write_bytes(b"\0" * 1024 * 1024)  # the site (~4 MB) does not fit beside it
    result = run_cli("build", "--site-dir", str(target), cwd=root)
    line = one_error_line(result.stderr)
    assert result.returncode == 1
    assert "No space left on device" in line and str(tiny_disk) in line
    assert tree(target) == {"index.html": hashlib.sha256(b"the published site\n").hexdigest()}
    assert leftovers(tiny_disk) == []


def test_a_real_read_only_disk_leaves_the_old_site(tmp_path, tiny_disk):
    root = small_site(tmp_path / "project")
    target = tiny_disk / "site"
    target.mkdir()
    (target / "index.html").write_text("the published site\n", encoding="utf-8")
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)], check=True)
    result = run_cli("build", "--site-dir", str(target), cwd=root)
    line = one_error_line(result.stderr)
    assert result.returncode == 1
    assert "Read-only file system" in line and str(tiny_disk) in line
    assert (target / "index.html").read_text(encoding="utf-8") == "the published site\n"


def test_as_a_user_a_read_only_folder_leaves_the_old_site(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders; see the tmpfs test above")
    root = small_site(tmp_path / "project")
    run_cli("build", cwd=root, check=True)
    old = tree(root / "site")
    os.chmod(root, 0o555)
    try:
        result = run_cli("build", cwd=root)
    finally:
        os.chmod(root, 0o755)
    line = one_error_line(result.stderr)
    assert result.returncode == 1 and "Permission denied" in line and str(root) in line
    assert tree(root / "site") == old
