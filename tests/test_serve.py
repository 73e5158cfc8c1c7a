"""The live preview: a real `mkdocs serve` follows entry edits, survives a bad one, and resumes."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import BIN, copy_fixture


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
        [str(BIN / "mkdocs"), "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
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
