"""Python's cyclic garbage collector, kept away from the engine's big, long-lived data.

A build holds every entry, index entry and rendered page until it ends, and each full
collection walks all of them, while the engine makes almost no reference cycles to collect.
Measured at 10,000 attacks: `engine.check` 2.45 s with the collector, 2.05 s without; in a
live-preview rebuild, collections took 1.6 to 3.6 s of 9 to 15 s. So the collector is paused
while the engine runs, and the engine's results are frozen (left out of collections, not
leaked: `thaw` gives them back) while MkDocs builds the pages.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def frozen():
    """Every object alive now left out of collections (not leaked: given back at the end)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def pause() -> None:
    """For a preview rebuild: no collection until `collect`, run once the pages are served."""
    gc.disable()


def collect() -> None:
    gc.unfreeze()
    gc.enable()
    gc.collect()
