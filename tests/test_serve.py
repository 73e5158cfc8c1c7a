"""The live preview: a real `mkdocs serve` follows entry edits, survives a bad one, and resumes."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import BIN, copy_fixture
from militia_atlas.publish.preview_files import preview_folder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.3)
    return None


@pytest.fixture
def server(tmp_path):
    root = copy_fixture("basic", tmp_path / "site-src")
    port = free_port()
    log = open(tmp_path / "serve.log", "w+")
    process = subprocess.Popen(
        # As `make serve`, and strict like the example site: MkDocs' own dirty-build notice must not abort it.
        [str(BIN / "mkdocs"), "serve", "--livereload", "--dirty", "--strict", "-a", f"127.0.0.1:{port}"],
        cwd=root, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    base = f"http://127.0.0.1:{port}/atlas/"
    try:
        assert wait_for(lambda: "River Base" in fetch(base + "bases/river-base/"), 60), Path(log.name).read_text()
        yield root, base, tmp_path / "serve.log"
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def test_preview_follows_edits_and_survives_a_bad_one(server):
    root, base, log = server
    entry = root / "entries/bases/river-base.yml"
    good = entry.read_text()

    entry.write_text(good.replace("name: River Base", "name: Renamed River Base"))
    assert wait_for(lambda: "Renamed River Base" in fetch(base + "bases/river-base/"), 30)

    entry.write_text(good.replace("name: River Base", "name: Broken\n  bad: [indent"))
    assert wait_for(lambda: "river-base.yml:" in log.read_text(), 30)
    text = log.read_text()
    assert "Traceback" not in text
    assert "keeps showing the last valid version" in text
    assert "Renamed River Base" in fetch(base + "bases/river-base/")

    entry.write_text(good.replace("name: River Base", "name: Fixed River Base"))
    assert wait_for(lambda: "Fixed River Base" in fetch(base + "bases/river-base/"), 30)


def test_preview_rewrites_only_the_pages_an_edit_changes(server):
    root, base, log = server
    pages = preview_folder(str(root / "mkdocs.yml"))
    untouched, touched = pages / "groups/sponsor-corps.md", pages / "bases/river-base.md"
    before = untouched.stat().st_mtime_ns, touched.stat().st_mtime_ns
    entry = root / "entries/bases/river-base.yml"
    entry.write_text(entry.read_text().replace("A base by the river.", "A base by the wide river."))
    assert wait_for(lambda: "wide river" in fetch(base + "bases/river-base/"), 30)
    assert untouched.stat().st_mtime_ns == before[0]
    assert touched.stat().st_mtime_ns != before[1]
    assert not any(p.name.startswith("militia-atlas-preview") for p in root.rglob("*"))


def test_preview_menus_keep_their_titles_and_data_files_follow_an_edit(server):
    root, base, log = server
    entry = root / "entries/bases/river-base.yml"
    entry.write_text(entry.read_text().replace("name: River Base", "name: Menu Check Base"))
    page = wait_for(lambda: (lambda text: "Menu Check Base" in text and text)(fetch(base + "bases/river-base/")), 30)
    assert page
    # The dirty rebuild skipped about.md; its menu entry must still read "About", never "None".
    assert re.search(r'md-ellipsis">\s*About\s*<', page), "the About page's menu title is missing"
    assert not re.search(r'md-ellipsis">\s*None\s*<', page)
    # Feeds and downloads are written after the pages, in the background; MkDocs still knows them,
    # so the downloads page's links to them are not reported missing.
    assert wait_for(lambda: "Menu Check Base" in fetch(base + "downloads/bases.csv"), 30)
    assert "not found among documentation files" not in log.read_text()


def test_a_preview_has_no_sitemap(server):
    root, base, log = server
    with pytest.raises(urllib.error.HTTPError):
        fetch(base + "sitemap.xml")


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_renamed_entry_moves_and_its_old_url_is_gone(server):
    root, base, log = server
    old, new = "attacks/2023-10-29-desert-road", "attacks/2023-10-29-desert-highway"
    assert "unclaimed roadside attack" in fetch(base + old + "/")
    (root / "entries" / f"{old}.yml").rename(root / "entries" / f"{new}.yml")
    assert wait_for(lambda: "unclaimed roadside attack" in fetch(base + new + "/"), 30), log.read_text()
    assert status(base + old + "/") == 404
    assert wait_for(lambda: "desert-road" not in fetch(base + "downloads/attacks.csv"), 30)


BANNER = 'id="militia-atlas-errors"'


def test_an_invalid_edit_shows_its_errors_on_every_previewed_page_until_it_is_fixed(server):
    root, base, log = server
    entry = root / "entries/bases/river-base.yml"
    good = entry.read_text()
    assert BANNER not in fetch(base + "bases/river-base/")

    entry.write_text(good.replace("kind: outpost", "kind: airbase"))
    page = wait_for(lambda: (lambda html: html if BANNER in html else None)(fetch(base + "bases/river-base/")), 30)
    assert page, log.read_text()
    banner = page[page.index(BANNER):]
    banner = banner[:banner.index("</section>")]
    assert "entries/bases/river-base.yml:6:1: kind: &#x27;airbase&#x27; is not one of the allowed words" in banner
    assert "1 error" in banner and "last valid version" in banner
    assert BANNER in fetch(base)  # every page, not only the entry's own
    assert "River Base" in page  # the last valid version, under the banner

    entry.write_text(good)
    assert wait_for(lambda: BANNER not in fetch(base + "bases/river-base/"), 30)
    assert BANNER not in fetch(base)
