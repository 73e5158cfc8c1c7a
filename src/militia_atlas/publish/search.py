"""Search with Pagefind: an index built from the finished HTML, loaded by readers in small chunks.

Material's `search` plugin writes one JSON file holding every page (14.8 MB at 10,000
pages), and every reader downloads all of it. Pagefind indexes the built site instead
and a reader's first search loads only the chunks its words need.

The `militia-atlas-search` plugin (list it in mkdocs.yml instead of `search`) puts
Material's header search box on every page (static/pagefind-search.js) and runs Pagefind
over site_dir after each build (`on_post_build`; in `mkdocs serve` in the background, so a
preview never waits for its index). It changes no page: what is indexed is decided by the
generated pages themselves and by the selectors below, so a `militia-atlas generate` tree
built with plain MkDocs and `python -m pagefind` (which reads the pagefind.yml written
beside it) gets the same site and the same index.

- Group and base pages carry their names (name, short name, aliases, native name) as hidden
  text of the highest weight and as the result's `names` metadata (`_macros.html.j2`,
  `search_names`), so "KH", "Hezbollah Brigades" or "كتائب حزب الله" find Kata'ib Hezbollah.
- Listing continuations (`.../page/N/`) sit inside `.ma-search-skip`: indexed with no words.
- Listing items, pagers, charts, diagrams, timelines, citations and `¶` permalinks are skipped,
  and so are labels (`.ma-label`, table heads).
- Pages whose front matter says `search: {exclude: true}` (the editors' pages) have their content
  inside `data-pagefind-ignore="all"` (`overrides/main.html`): indexed with no words, they match no search.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

log = get_plugin_logger(__name__)

PLUGIN_NAME = "militia-atlas-search"
SCRIPT = "assets/militia-atlas/pagefind-search.js"
# What Pagefind skips inside a page: `¶` permalinks would glue onto heading words
# ("hezbollah¶"); listing items and pagers repeat text whose own pages are indexed; charts,
# network diagrams and timelines are mostly numbers and month names: their 2,000 words on a
# busy group's page pushed it below its own offshoots for a search of its alias (measured);
# "cite this page" repeats the title and address in three citation styles; `.ma-search-skip`
# wraps whole pages that only continue a listing.
# `.ma-label` cells and table heads are labels ("Killed", "Weapons"): found on every entry page, they made
# "killed" match 62 pages of which most only say "Killed: unknown" (measured); readers search for content.
# Material's "Back to top" button (`.md-top`) put three words on every page.
IGNORED_CLASSES = ("headerlink", "ma-item", "ma-pager", "ma-chart", "ma-network", "ma-timeline", "ma-cite",
                   "ma-search-skip", "md-skip", "ma-label", "md-top")
IGNORED_SELECTORS = [f".{name}" for name in IGNORED_CLASSES] + ["thead"]


def script_text() -> str:
    return resources.files("militia_atlas").joinpath("static/pagefind-search.js").read_text(encoding="utf-8")


def pagefind_command(site_dir: Path, quiet: bool = True) -> list:
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir)]
    for selector in IGNORED_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command + (["--silent"] if quiet else [])


def index_site(site_dir: Path) -> float:
    """Run Pagefind over a built site; returns the seconds it took. Raises PluginError on failure."""
    started = time.perf_counter()
    try:
        result = subprocess.run(pagefind_command(site_dir), capture_output=True, text=True, timeout=1800)
    except FileNotFoundError as error:  # pragma: no cover - the interpreter itself is missing
        raise PluginError(f"cannot run Pagefind: {error}") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise PluginError("Pagefind could not index the site: " + " | ".join(detail) +
                          " (is the `pagefind[bin]` package installed? pip install 'pagefind[bin]')")
    return time.perf_counter() - started


def pagefind_config_text() -> str:
    """pagefind.yml for a plain MkDocs build of `generate` output (Pagefind reads it from the working folder)."""
    lines = ["# Read by `python -m pagefind` run from this folder, after `mkdocs build`.", "site: site",
             "exclude_selectors:"]
    lines += [f"  - {json.dumps(selector)}" for selector in IGNORED_SELECTORS]
    return "\n".join(lines) + "\n"


def add_to_generated_tree(config, docs_dir: Path, out_dir: Path) -> None:
    """`generate` output keeps Pagefind search: the box's script, its config line, and pagefind.yml."""
    if PLUGIN_NAME not in config.plugins:
        return
    script = docs_dir / SCRIPT
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(script_text(), encoding="utf-8", newline="\n")
    (out_dir / "pagefind.yml").write_text(pagefind_config_text(), encoding="utf-8")
    scripts = [str(s) for s in config.extra_javascript if str(s) != SCRIPT] + [SCRIPT]
    with open(out_dir / "mkdocs.yml", "a", encoding="utf-8") as handle:
        handle.write("# Search: after `mkdocs build`, run `python -m pagefind` here (pip install 'pagefind[bin]').\n")
        handle.write("extra_javascript:\n" + "".join(f"  - {json.dumps(s)}\n" for s in scripts))


class SearchConfig(Config):
    enabled = c.Type(bool, default=True)
    """Run Pagefind after each build (the search box is added either way)."""


class PagefindSearchPlugin(BasePlugin[SearchConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.serving = False
        self.background = None

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"

    def on_config(self, config):
        if "search" in config.plugins or "material/search" in config.plugins:
            log.warning("both `search` and `militia-atlas-search` are listed in mkdocs.yml; remove `search`, "
                        "whose single index file every reader downloads")
        if SCRIPT not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(SCRIPT)
        return config

    def on_files(self, files, *, config):
        if files.get_file_from_path(SCRIPT) is None:
            files.append(File.generated(config, SCRIPT, content=script_text(), inclusion=InclusionLevel.NOT_IN_NAV))
        return files

    def on_post_build(self, *, config):
        if not self.config.enabled:
            return
        site_dir = Path(config.site_dir)
        if self.serving:
            self._index_in_background(site_dir)
            return
        seconds = index_site(site_dir)
        log.info(f"Pagefind indexed the site in {seconds:.2f} seconds")

    def _index_in_background(self, site_dir: Path) -> None:
        # A preview shows a changed page at once; its search catches up when Pagefind is done.
        if self.background is not None and self.background.poll() is None:
            self.background.kill()
            self.background.wait()
        self.background = subprocess.Popen(pagefind_command(site_dir), stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL)

    def on_shutdown(self):
        if self.background is not None and self.background.poll() is None:
            self.background.kill()
            self.background.wait()
