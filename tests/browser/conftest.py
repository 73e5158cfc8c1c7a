"""Real headless Chromium against built sites served on 127.0.0.1.

Debian's `chromium` is driven by Playwright for Python (`executable_path`: Playwright's own
browser download does not work here). Every request is routed: anything not to
127.0.0.1/localhost is aborted and recorded, and the `browser_page` fixture fails the test
when one happened, or when the page logged a console error or a request failed.
Screenshots go to test-artifacts/screenshots/ (the CI workflow uploads that folder).
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, copy_example, run_cli, unavailable, write_tree

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE = ROOT / "vendor" / "npm" / "axe-core" / "axe.min.js"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LARGE_GROUP = "kataib-hezbollah"
LARGE_ATTACKS = 45  # > 2 listing pages of 20 for one group
# Runs before any page script: marks <html data-ma-tiles="off"> as soon as the element exists.
TILES_OFF = """
new MutationObserver((changes, observer) => {
  if (document.documentElement) { document.documentElement.dataset.maTiles = 'off'; observer.disconnect(); }
}).observe(document, {childList: true});
"""
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


# -- serving built sites ----------------------------------------------------------------

class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # one line per request would drown pytest's output
        pass


class SiteServer:
    """A built site on http://127.0.0.1:<free port>/, served from a thread."""

    def __init__(self, folder: Path):
        handler = functools.partial(QuietHandler, directory=str(folder))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def example_url(example_site):
    with SiteServer(example_site) as server:
        yield server.url


def large_attack(number: int) -> str:
    day = 1 + number % 28
    month = 1 + (number // 28) % 12
    base = ("ain-al-asad-air-base", "al-shadadi", "omar-oil-field")[number % 3]
    weapons = ("drone", "rocket")[number % 2]
    return (f"date: 2024-{month:02d}-{day:02d}\nbase: {base}\nclaimed_by:\n  - {LARGE_GROUP}\n"
            f"weapons:\n  - {weapons}\nconfirmation: claim-only\noutcome: unknown\n"
            f"summary: Synthetic attack number {number} for the listing-page browser test.\n"
            "sources:\n  - publisher: Test desk\n    title: Synthetic report\n    url: https://example.org/report\n")


@pytest.fixture(scope="session")
def large_site(tmp_path_factory) -> Path:
    """The example site plus enough attacks for one group to fill three listing pages."""
    root = copy_example(tmp_path_factory.mktemp("large"))
    write_tree(root, {f"entries/attacks/2024-synthetic-{n:02d}.yml": large_attack(n) for n in range(LARGE_ATTACKS)})
    run_cli("build", cwd=root, check=True)
    return root / "site"


@pytest.fixture(scope="session")
def large_url(large_site):
    with SiteServer(large_site) as server:
        yield server.url


# -- the browser ------------------------------------------------------------------------

@pytest.fixture(scope="session", autouse=True)
def fresh_screenshots():
    """Screenshots of this run only: old ones would mislead a reviewer."""
    if SCREENSHOTS.is_dir():
        for old in SCREENSHOTS.glob("*.png"):
            old.unlink()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)


@dataclass
class Watch:
    """What went wrong while a page was open."""

    outside_requests: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    failed_responses: list = field(default_factory=list)

    def problems(self) -> list:
        return ([f"request to another host: {url}" for url in self.outside_requests]
                + [f"console error: {text}" for text in self.console_errors]
                + [f"HTTP {status}: {url}" for status, url in self.failed_responses])


class BrowserPage:
    """One browser tab in a fresh context; `open(path)` loads a page of the site at `base`."""

    def __init__(self, browser, base: str, tiles: bool = False, **context_options):
        self.base = base
        self.watch = Watch()
        self.context = browser.new_context(**context_options)
        if not tiles:  # maps draw country outlines only: no tile request leaves the machine
            self.context.add_init_script(TILES_OFF)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.page.on("console", lambda m: m.type == "error" and self.watch.console_errors.append(m.text))
        self.page.on("pageerror", lambda error: self.watch.console_errors.append(str(error)))
        self.page.on("response", lambda r: r.status >= 400 and self.watch.failed_responses.append((r.status, r.url)))

    def _route(self, route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.watch.outside_requests.append(route.request.url)
            route.abort()

    def open(self, path: str):
        response = self.page.goto(self.base + path.lstrip("/"), wait_until="load")
        assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
        return self.page

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def axe(self, impacts=("serious", "critical")) -> list:
        if not AXE.is_file():
            unavailable(f"axe-core is missing ({AXE}); run `make setup`")
        self.page.add_script_tag(path=str(AXE))
        violations = self.page.evaluate("""async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || ''))}));
        }""")
        return [v for v in violations if v["impact"] in impacts]

    def close(self):
        self.context.close()


@pytest.fixture
def open_browser(browser, example_url):
    """Factory: open_browser(base=..., **context options) -> BrowserPage. Fails the test on any problem."""
    opened = []

    def make(base: str = example_url, **options) -> BrowserPage:
        page = BrowserPage(browser, base, **options)
        opened.append(page)
        return page

    yield make
    problems = [problem for page in opened for problem in page.watch.problems()]
    for page in opened:
        page.close()
    assert not problems, "the browser saw problems:\n" + "\n".join(problems)
