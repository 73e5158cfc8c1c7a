"""The whole pipeline in one call: load -> validate -> index (core.engine.check) -> render, with
every view.

Both faces of publishing (the MkDocs plugin and the `generate` command) call `run`, so they
cannot disagree about what the site contains.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.engine import check
from ..core.index import Site
from ..core.problems import InvalidSite
from ..core.settings import Settings
from ..render.outputs import OutputFile
from ..render.renderer import page_jobs, render_site
from . import VIEWS


@dataclass
class Result:
    site: Site
    files: list = field(default_factory=list)  # OutputFiles; with `jobs`, pages' content is None: not drawn yet
    jobs: list | None = None  # [(template, src, values)] of the pages to draw with `renderer.draw`
    renderer: object = None


def run(settings: Settings, memory=None, draw_later: bool = False) -> Result:
    """Every generated file, or InvalidSite carrying every problem found.

    With a live preview's `memory` (preview.Memory), a page whose inputs did not change since
    the last run is taken from memory instead of being rendered again. With `draw_later`, pages
    are listed but not drawn: the Result's `jobs` say how (a published build draws them in a
    second process)."""
    site, problems = check(settings, memory)
    if problems:
        raise InvalidSite(problems)
    if draw_later:
        renderer, jobs = page_jobs(site, settings.templates_dir, settings.per_page, settings.directory_urls,
                                   settings.site_name, settings, VIEWS)
        return Result(site, [OutputFile(src, None) for _, src, _ in jobs], jobs, renderer)
    files = render_site(site, settings.templates_dir, settings.per_page, settings.directory_urls,
                        settings.site_name, settings, memory and memory.pages, VIEWS)
    return Result(site, files)
