"""The research views, one module each, joined to the render and publish stages here.

A view module may define any of:
  template_globals(renderer) -> dict    functions the page templates call (timeline, chart, map...)
  pages(renderer) -> list               pages of its own (the whole map, the network...), as the renderer gives them
  extra_files(result, settings) -> list other files (data downloads, feeds, scripts): OutputFiles, or
                                        PendingFiles made when needed (render/outputs.py)

The renderer is given `VIEWS` (render.Renderer calls their template_globals and pages), and both
publishing faces (the MkDocs plugin and `militia-atlas generate`) add `extra_files`, so every view
works in both.
"""

from __future__ import annotations

from ..render.outputs import made
from . import charts, citations, downloads, feeds, maps, network, overview, profiles, seo, sqlite, timelines

VIEWS = (timelines, charts, maps, network, downloads, sqlite, feeds, citations, seo, profiles, overview)


def extra_files(result, settings, lazy: bool = False) -> list:
    """Every view's data files, made; `lazy`: as the views give them, PendingFiles not made yet."""
    return [output for outputs in extra_files_by_view(result, settings, lazy) for output in outputs]


def extra_files_by_view(result, settings, lazy: bool = False):
    """Each view's extra files, one list at a time (the live preview can stop between two)."""
    for view in VIEWS:
        if hasattr(view, "extra_files"):
            outputs = view.extra_files(result, settings)
            yield outputs if lazy else [made(output) for output in outputs]
