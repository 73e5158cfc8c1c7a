#!/usr/bin/env python3
"""Lighthouse (mobile) scores of the example site's main pages, performance included.

Builds the example site into a scratch folder, serves it on 127.0.0.1 and runs Lighthouse
(vendor/lighthouse/, `bash scripts/ensure_checkers.sh`) against Debian's Chromium, offline: no
outside host resolves, so map tiles cannot load. Performance depends on the machine's load, so it
is measured here (and in `make bench`), never asserted in a test; tests/browser/test_lighthouse.py
checks the other three categories with the same helpers.

    python scripts/lighthouse.py          # prints a Markdown table
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LIGHTHOUSE = ROOT / "vendor" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # offline: no request leaves the machine
]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = [
    ("home", ""),
    ("group", "groups/kataib-hezbollah/"),
    ("attack", "attacks/2023-10-29-al-shadadi/"),
    ("map", "map/"),
    ("timeline", "timeline/"),
]


def find_chromium() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@contextlib.contextmanager
def chromium(executable: str, profile: Path):
    """A headless Chromium for Lighthouse to drive; yields its DevTools port."""
    browser = subprocess.Popen([executable, *CHROMIUM_ARGS, "--remote-debugging-port=0", f"--user-data-dir={profile}",
                                "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        port = None
        for line in browser.stderr:  # Chromium names its port on stderr before anything can connect
            found = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            if found:
                port = int(found.group(1))
                break
        if port is None:
            raise RuntimeError(f"Chromium did not start (exit code {browser.wait()})")
        # Keep draining stderr so that Chromium never blocks on a full pipe.
        threading.Thread(target=lambda: [None for _ in browser.stderr], daemon=True).start()
        yield port
    finally:
        browser.terminate()
        browser.wait(timeout=30)


def audit(url: str, port: int, out: Path, categories=CATEGORIES, audits=()) -> dict:
    """Lighthouse's JSON report of one page (a fresh tab of the browser at port)."""
    command = ["node", str(LIGHTHOUSE), url, f"--port={port}", "--output=json", f"--output-path={out}", "--quiet",
               "--only-categories=" + ",".join(categories)]
    if audits:
        command.append("--only-audits=" + ",".join(audits))  # with the categories' audits, not instead
    result = subprocess.run(command, capture_output=True, text=True, timeout=180)
    if result.returncode != 0 or not out.is_file():
        raise RuntimeError(f"Lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/geo+json",
                    "application/xml", "image/svg+xml")


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the built site as a static host such as GitHub Pages does: text compressed with gzip.

    Without it Lighthouse measures an uncompressed transfer no published site has (its
    `uses-text-compression` audit fails, and first paint waits for 140 KiB of Material's CSS)."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".geojson": "application/geo+json"}

    def log_message(self, format, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and wants_gzip and kind.startswith(COMPRESSED_TYPES)):
            return super().send_head()  # directories without their slash are redirected there
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(folder: Path):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def example_scores(work: Path) -> list:
    """[(page name, {category: score 0-100})] for PAGES of the example site, built in work/."""
    source = work / "example"
    shutil.rmtree(source, ignore_errors=True)
    source.mkdir(parents=True)
    for name in ("mkdocs.yml", "entries", "content", "overrides"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copyfile)(ROOT / name, source / name)
    subprocess.run([str(BIN / "militia-atlas"), "build"], cwd=source, check=True, capture_output=True,
                   env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"})
    rows = []
    with serve(source / "site") as url, chromium(find_chromium(), work / "profile") as port:
        for name, path in PAGES:
            report = audit(url + path, port, work / f"{name}.json")
            rows.append((name, {c: round(100 * report["categories"][c]["score"]) for c in CATEGORIES}))
    return rows


def table(rows: list) -> str:
    lines = ["| page | " + " | ".join(CATEGORIES) + " |", "|:--|" + "--:|" * len(CATEGORIES)]
    lines += [f"| {name} | " + " | ".join(str(scores[c]) for c in CATEGORIES) + " |" for name, scores in rows]
    return "\n".join(lines)


def available() -> str | None:
    """Why Lighthouse cannot run here, or None."""
    if not find_chromium():
        return "Chromium is not installed"
    if not shutil.which("node") or not LIGHTHOUSE.is_file():
        return "Lighthouse is not installed (bash scripts/ensure_checkers.sh)"
    return None


def main() -> int:
    reason = available()
    if reason:
        print(reason, file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as work:
        print(table(example_scores(Path(work))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
