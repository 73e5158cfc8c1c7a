#!/usr/bin/env python3
"""Time the render stage alone: draw every generated page of a site (and its attack pages apart), in one
process, after loading, validating and indexing it once. For template work (BENCHMARKS.md's optimisation log).

    .venv/bin/militia-atlas synth --attacks 2000 --seed 1 --out /tmp/s2000
    .venv/bin/python scripts/draw_bench.py /tmp/s2000 --passes 3          # min of 3 passes
    .venv/bin/python scripts/draw_bench.py /tmp/s2000 --dump pages.json   # every page, to compare before/after

The collector is off while timing, as in a build (core/collector.py).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path

from militia_atlas.commands.cli import drafts_requested, find_config, load_mkdocs_config, settings_from_config
from militia_atlas.publish.plugin import MilitiaAtlasPlugin
from militia_atlas.render.renderer import DrawLater
from militia_atlas.views.pipeline import run


def pending_pages(root: Path) -> list:
    config = load_mkdocs_config(find_config(str(root / "mkdocs.yml")))
    plugin = next(p for p in config.plugins.values() if isinstance(p, MilitiaAtlasPlugin))
    return run(settings_from_config(config, plugin.config, drafts_requested()), sink=DrawLater()).files


def is_attack_page(src: str) -> bool:
    return src.startswith("attacks/") and src != "attacks/index.md" and "/page/" not in src


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="a site's folder (with mkdocs.yml)")
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--dump", type=Path, help="write {page: text} of every page to this JSON file")
    args = parser.parse_args(argv)
    pages = pending_pages(args.root.resolve())
    attacks = [page for page in pages if is_attack_page(page.src)]
    gc.disable()
    for label, group in (("attack pages", attacks), ("all pages", pages)):
        times = []
        for _ in range(args.passes):
            started = time.perf_counter()
            for page in group:
                page.make()
            times.append(time.perf_counter() - started)
        print(f"{label}: {len(group)}, min {min(times):.3f} s of " + ", ".join(f"{t:.3f}" for t in times))
    if args.dump:
        made = {page.src: page.make() for page in pages}
        args.dump.write_text(json.dumps({src: text for src, text in made.items() if isinstance(text, str)}),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
