"""What one build shares between its pages, held in one object the build passes around.

Each build makes a new index (core.index.Site) with a new BuildContext, so nothing kept here
outlives the build it belongs to. In a live preview, the preview's recorder is set here while
a page draws (`recording`): every value many pages share is then recorded as read by each page
that uses it (preview.memory.Recorder.share), and so is every excerpt a page reads. This is the
one place a page's reads go besides the index's own containers: nothing is stashed on the index,
its entries or the renderer (tests/test_context.py).
"""

from __future__ import annotations

from contextlib import contextmanager


class BuildContext:
    def __init__(self):
        self.shared_values = {}  # key -> a value computed from entries that several pages show
        self.cache = {}  # values that depend on no entry (git dates): never recorded as read
        self.recorder = None  # preview.memory.Recorder while a live preview renders, else None

    def shared(self, key, compute):
        """A value many pages use, computed once per build. Use this, not `cache`, for anything
        computed from entries that more than one page shows, so that a live preview knows which
        pages read what it was computed from."""
        if self.recorder is not None:  # the recorder learns what computing it read; later readers outside a page reuse it
            return self.shared_values.setdefault(key, self.recorder.share(key, compute))
        if key not in self.shared_values:
            self.shared_values[key] = compute()
        return self.shared_values[key]

    @contextmanager
    def recording(self, recorder):
        """While one page draws in a live preview: shared values and excerpts are recorded by `recorder`
        (preview.memory.Recorder), and by nothing once the page is drawn."""
        self.recorder = recorder
        try:
            yield
        finally:
            self.recorder = None

    def read(self, container: str, key) -> None:
        """Note that the page being rendered read `key` of `container` (in a live preview)."""
        if self.recorder is not None:
            self.recorder.read(container, key)
