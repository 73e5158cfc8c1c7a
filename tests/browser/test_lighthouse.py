"""Lighthouse (12.2.3, mobile) on the pages readers land on: accessibility, best practices and SEO.

Lighthouse comes from tools/lighthouse/package-lock.json (`npm ci` into vendor/lighthouse/, by
scripts/ensure_checkers.sh in `make test`) and drives the browser tests' Chromium, started here
once for every page with every outside host unresolvable (scripts/lighthouse.py): the run is
offline, as the tests are (map tiles cannot load). Performance is not tested (it measures the
machine's load): `make bench` and `python scripts/lighthouse.py` report it. Each category must
score at least 95, and every audit that fails in them must be in KNOWN_FAILURES, with the reason.
"""

from __future__ import annotations

import re
import sys

import pytest

from conftest import ROOT, find_chromium, unavailable

sys.path.insert(0, str(ROOT / "scripts"))
import lighthouse as lh  # noqa: E402  (scripts/lighthouse.py: the same runner measures performance in make bench)

CATEGORIES = ("accessibility", "best-practices", "seo")
MINIMUM = 0.95
PAGES = lh.PAGES  # home, a group profile, an attack, the map and the timeline
TILES = "tile.openstreetmap.org"  # the example site's tile server, unreachable in these runs
# Audits allowed to fail, on which pages ("*": all), and why: points lost to Material's theme or
# to the offline run, never to our markup.
KNOWN_FAILURES = {
    "errors-in-console": (
        "map", "offline, the map asks the tile server for one tile, which fails, and Chromium logs every "
               "failed request as an error; the map then shows its country outlines and asks for nothing more "
               "(test_the_map_asks_once_for_tiles_offline). Online, tiles load and nothing is logged."),
}


@pytest.fixture(scope="module")
def devtools_port(tmp_path_factory):
    """One headless Chromium, offline, for every Lighthouse run; Lighthouse opens a fresh tab per page."""
    executable = find_chromium()
    if executable is None:
        unavailable("Chromium is not installed (see scripts/ensure_chromium.sh)")
    reason = lh.available()
    if reason:
        unavailable(f"{reason}; `make test` installs it")
    with lh.chromium(executable, tmp_path_factory.mktemp("lighthouse-profile")) as port:
        yield port


@pytest.fixture(scope="module")
def lighthouse(devtools_port, example_url, tmp_path_factory):
    """lighthouse(path) -> the report of one page (Lighthouse's JSON), made once per module."""
    folder = tmp_path_factory.mktemp("lighthouse")
    reports = {}

    def run(path: str) -> dict:
        if path not in reports:
            out = folder / ((re.sub(r"[^a-z0-9]+", "-", path) or "home") + ".json")
            reports[path] = lh.audit(example_url + path, devtools_port, out, CATEGORIES, audits=["network-requests"])
        return reports[path]

    return run


def failed_audits(report: dict) -> dict:
    """{audit id: what Lighthouse says} for every audit that costs points in the categories."""
    failed = {}
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                items = (audit.get("details") or {}).get("items") or []
                failed[ref["id"]] = f"{audit['title']}: " + "; ".join(
                    str(item.get("node", {}).get("snippet") or item.get("description") or item)[:200]
                    for item in items[:5])
    return failed


def allowed(audit: str, name: str) -> bool:
    pages, _ = KNOWN_FAILURES.get(audit, ("", ""))
    return pages == "*" or name in pages.split(",")


@pytest.mark.parametrize("name, path", PAGES, ids=[name for name, _ in PAGES])
def test_lighthouse_scores_and_audits(lighthouse, name, path):
    report = lighthouse(path)
    assert not report.get("runtimeError"), report.get("runtimeError")
    scores = {category: report["categories"][category]["score"] for category in CATEGORIES}
    unexpected = {audit: text for audit, text in failed_audits(report).items() if not allowed(audit, name)}
    low = {category: score for category, score in scores.items() if score is None or score < MINIMUM}
    if unexpected or low:
        pytest.fail(f"/{path} scores {scores}; failed audits:"
                    + "".join(f"\n  {audit}: {text}" for audit, text in unexpected.items()), pytrace=False)


def test_the_map_asks_once_for_tiles_offline(lighthouse):
    """Offline, one tile is asked for and fails; no other request to the tile server, no other error."""
    report = lighthouse("map/")
    requests = [item["url"] for item in report["audits"]["network-requests"]["details"]["items"]]
    errors = report["audits"]["errors-in-console"]["details"]["items"]
    tile_requests = [url for url in requests if TILES in url]
    assert len(tile_requests) == 1, tile_requests
    assert [(e["source"], e["sourceLocation"]["url"]) for e in errors] == [("network", tile_requests[0])], errors
