"""The editing guide's tutorial (content/editing/index.md) runs as written.

The page's fenced blocks marked with an HTML comment are the tutorial's steps, in order:
  <!-- tutorial -->                ```sh     run, in the site's folder, as the editor would type it
  <!-- tutorial: write PATH -->    ```yaml   the file as the editor saves it
  <!-- tutorial: apply PATH -->    ```diff   the editor's change: each `-` line becomes the `+` line after it
  <!-- tutorial: output -->        ```text   exactly what the command before printed
  <!-- tutorial: preview -->       ```sh     the live preview: checked with a build of the same site instead
The site is a copy of the example site in a new git repository whose `main` holds it as it was.
"""

from __future__ import annotations

import os
import re
import subprocess

from conftest import BIN, ROOT, copy_example

GUIDE = ROOT / "content/editing/index.md"
STEP = re.compile(r"<!-- tutorial(?:: (\w+)(?: (\S+))?)? -->\n```(\w+)\n(.*?)\n```", re.S)
GIT_IDENTITY = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
                "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
                "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "commit.gpgsign", "GIT_CONFIG_VALUE_0": "false",
                "GIT_AUTHOR_DATE": "2026-01-01T12:00:00+00:00", "GIT_COMMITTER_DATE": "2026-01-01T12:00:00+00:00"}


def tutorial_steps() -> list:
    return [(action or "run", path, language, body) for action, path, language, body in STEP.findall(
        GUIDE.read_text(encoding="utf-8"))]


def shell(site, script: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **GIT_IDENTITY, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
           "SOURCE_DATE_EPOCH": "1767225600"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(["bash", "-e", "-c", script], cwd=site, env=env, capture_output=True, text=True,
                          timeout=300)


def apply(path, diff: str) -> None:
    text = path.read_text(encoding="utf-8")
    lines = diff.splitlines()
    for old, new in zip(lines[::2], lines[1::2]):
        assert old.startswith("-") and new.startswith("+"), "a tutorial diff is `-old` then `+new` lines"
        assert old[1:] + "\n" in text, f"the tutorial changes a line the file does not have: {old[1:]}"
        text = text.replace(old[1:] + "\n", new[1:] + "\n", 1)
    path.write_text(text, encoding="utf-8")


def test_the_tutorial_covers_every_step():
    steps = tutorial_steps()
    commands = "\n".join(body for action, _, _, body in steps if action == "run")
    for needed in ("militia-atlas new group", "militia-atlas new base", "militia-atlas new attack",
                   "militia-atlas validate", "git commit", "militia-atlas diff main"):
        assert needed in commands, needed
    assert [action for action, *_ in steps].count("preview") == 1
    assert any(action == "output" and "1 error found" in body for action, _, _, body in steps), "a real mistake"
    assert any(action == "apply" for action, *_ in steps), "and its fix"


def test_the_tutorial_runs_as_written(tmp_path):
    site = copy_example(tmp_path / "site")
    assert shell(site, "git init -q -b main && git add -A && git commit -q -m 'The site as it was'").returncode == 0
    last = None
    written = []
    for number, (action, path, language, body) in enumerate(tutorial_steps(), 1):
        where = f"step {number} ({action} {language}): {body[:60]!r}"
        if action == "write":
            (site / path).write_text(body + "\n", encoding="utf-8")
            written.append(path)
        elif action == "apply":
            apply(site / path, body)
        elif action == "output":
            assert last is not None and last.stdout == body + "\n", (where, last and last.stdout, last and last.stderr)
            last = None
        elif action == "preview":
            last = shell(site, "militia-atlas build")
            assert last.returncode == 0, (where, last.stderr)
            check_preview(site / "site", written)
        else:
            if last is not None:
                assert last.returncode == 0, (where, last.stdout, last.stderr)
            last = shell(site, body)
            assert "Traceback" not in last.stderr, (where, last.stderr)
    assert last is None or last.returncode == 0


def check_preview(built, written: list) -> None:
    """Each entry the tutorial wrote has its page; the attack is linked from its base's and group's pages."""
    pages = {}
    for path in written:
        _, folder, name = path.split("/")
        page = built / folder / name.removesuffix(".yml") / "index.html"
        assert page.is_file(), path
        pages[folder] = page.read_text(encoding="utf-8")
    attack = written[[p.split("/")[1] for p in written].index("attacks")].split("/")[2].removesuffix(".yml")
    assert f"attacks/{attack}/" in pages["bases"]
    claimed = (built / "groups/islamic-resistance-in-iraq/index.html").read_text(encoding="utf-8")
    assert f"attacks/{attack}/" in claimed
