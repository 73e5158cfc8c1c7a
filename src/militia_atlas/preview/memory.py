"""The live preview's memory between rebuilds, so that an edit costs what it changes.

`mkdocs serve` keeps one `Memory` for its whole session:

- `loaded`: parsed entry files, by file signature (load stage);
- `validated`: entries, by the parsed data they came from (validate stage), so an unchanged
  entry is the very same object in the next build;
- `pages`: every rendered page with what it read from the index (render stage);
- `files`: the generated files in the preview folder, and MkDocs' File and Page objects for
  them, kept from one build to the next while a file's content is the same (publish stage).

How a page knows what it read: the pages of a build are drawn from a view of the index
(`tracked`: a new Site whose containers, `site.attacks`, `site.listings`, `site.timeline`..., are
recording copies), so that each lookup is written down, a key at a time, or the whole container
when a template walks it; the index itself is never changed. While a page draws, the build
context (core.context.BuildContext.recording) carries the recorder too, for the values many
pages share and the excerpts they read. The next build compares each container with the last
one, key by key; a page is rendered again only when something it read changed, or its template
or the values it was given did. Everything else is served
from memory. A published build (`militia-atlas build`, `mkdocs build`) has no Memory and
renders every page.

What a page reads outside the index (settings, templates, git dates) does not change during a
session, except templates: a change to any template forgets every page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..core.index import Item
from ..render.outputs import OutputFile
from ..render.renderer import template_environment

WHOLE = "*"  # a read of a whole container (ids, tag slugs and list positions are never "*")


@dataclass
class Memory:
    loaded: dict = field(default_factory=dict)
    validated: dict = field(default_factory=dict)
    pages: "PageMemory" = field(default_factory=lambda: PageMemory())
    files: object = None  # publish.preview_files.FileMemory: MkDocs' File and Page objects kept between builds


class Recorder:
    """Collects the reads of the page being rendered. (Nothing else reads the index meanwhile: the
    preview's background writer of data files is stopped before a build starts.)"""

    def __init__(self):
        self.reads = None
        self.shared = {}  # key -> (value, the reads made to compute it)

    def read(self, name: str, key) -> None:
        if self.reads is not None:
            self.reads.add((name, key))

    def share(self, key, compute):
        """A value computed once per build for many pages: each page that uses it is recorded as
        reading what computing it read."""
        if key not in self.shared:
            outer, self.reads = self.reads, set()
            try:
                value = compute()
            finally:
                made, self.reads = self.reads, outer
            self.shared[key] = (value, frozenset(made))
        value, made = self.shared[key]
        if self.reads is not None:
            self.reads.update(made)
        return value


class TrackedDict(dict):
    """A dict that tells its recorder which keys were looked up."""

    def __init__(self, name: str, original: dict, recorder: Recorder):
        super().__init__(original)
        self._name, self._recorder = name, recorder
        self._original = original

    def __getitem__(self, key):
        self._recorder.read(self._name, key)
        return dict.__getitem__(self, key)

    def __missing__(self, key):  # as the original answers an absent key (core.index.Lists: an empty list)
        missing = getattr(type(self._original), "__missing__", None)
        if missing is None:
            raise KeyError(key)
        return missing(self._original, key)

    def get(self, key, default=None):
        self._recorder.read(self._name, key)
        return dict.get(self, key, default)

    def __contains__(self, key):
        self._recorder.read(self._name, key)
        return dict.__contains__(self, key)

    def _whole(self):
        self._recorder.read(self._name, WHOLE)

    def __iter__(self):
        self._whole()
        return dict.__iter__(self)

    def __len__(self):
        self._whole()
        return dict.__len__(self)

    def keys(self):
        self._whole()
        return dict.keys(self)

    def values(self):
        self._whole()
        return dict.values(self)

    def items(self):
        self._whole()
        return dict.items(self)


class TrackedList(list):
    """A list whose every use counts as a read of all of it."""

    def __init__(self, name: str, original: list, recorder: Recorder):
        super().__init__(original)
        self._name, self._recorder = name, recorder

    def _whole(self):
        self._recorder.read(self._name, WHOLE)

    def __iter__(self):
        self._whole()
        return list.__iter__(self)

    def __getitem__(self, index):
        self._whole()
        return list.__getitem__(self, index)

    def __len__(self):
        self._whole()
        return list.__len__(self)

    def __contains__(self, value):
        self._whole()
        return list.__contains__(self, value)

    def __reversed__(self):
        self._whole()
        return list.__reversed__(self)


def signature(value, memo: dict | None = None):
    """What a reader could see of a value, comparable with ==. Entries compare by their fields, and
    cheaply, by identity first, when the validate cache kept them. `memo` spares recomputing an Item
    met again (the same Item sits in several listings)."""
    kind = type(value)
    if kind is Item:
        if memo is None:
            return _item_signature(value)
        found = memo.get(id(value))
        if found is None:  # the memo holds the Item too, so that its id is not reused meanwhile
            found = memo[id(value)] = (value, _item_signature(value))
        return found[1]
    if kind in (list, tuple, TrackedList):
        return tuple([signature(v, memo) for v in list.__iter__(value)] if kind is TrackedList
                     else [signature(v, memo) for v in value])
    if isinstance(value, dict):
        return ("dict",) + tuple((k, signature(v, memo)) for k, v in dict.items(value))
    return value


def _item_signature(item: Item) -> tuple:
    # Not the excerpt: a page reads it on its own (BuildContext.read), so editing a summary does not
    # change every listing and timeline that merely counts or names the entry.
    return ("item", item.kind, item.id, item.src, item.date, item.title, item.approximate, item.byline,
            item.draft)


def excerpts(site) -> dict:
    """{(kind, id): what an Item's excerpt is made of}, for every listed Item: the "excerpts" container
    that pages read through Item.excerpt. An entry's excerpt is made of its summary and the names its
    `[[id]]` links read as, so those stand for it (making every excerpt would cost a conversion each)."""
    from ..core.links import find_links
    from ..core.names import link_name

    found = {}
    entities = dict(site.entities)
    for items in [*dict.values(site.listings), site.timeline]:
        for item in list.__iter__(items):
            key = (item.kind, item.id)
            if key in found:
                continue
            entry = entities.get(item.id) if item.kind != "article" else None
            if entry is None:
                found[key] = item.excerpt
            else:
                summary = entry.summary or ""
                found[key] = (summary, tuple((ident, link_name(site, ident, label))
                                             for ident, label, _, _ in find_links(summary)))
    return found


def snapshot(site, memo: dict | None = None) -> dict:
    """{container name: {key: signature}} for dicts, {container name: signature} for lists."""
    out, memo = {}, {} if memo is None else memo
    for name, value in list(vars(site).items()):
        if name.startswith("_"):
            continue
        if isinstance(value, dict):
            out[name] = {k: signature(v, memo) for k, v in dict.items(value)}
        elif isinstance(value, list):
            out[name] = signature(value, memo)
    out["excerpts"] = excerpts(site)
    return out


def changes(old: dict, new: dict) -> set:
    """The (container, key) pairs that differ between two snapshots, plus (container, WHOLE)
    for every container that changed at all."""
    changed = set()
    for name in old.keys() | new.keys():
        before, after = old.get(name), new.get(name)
        if isinstance(before, dict) and isinstance(after, dict):
            keys = {k for k in before.keys() | after.keys()
                    if k not in before or k not in after or before[k] != after[k]}
            changed.update((name, k) for k in keys)
            if keys:
                changed.add((name, WHOLE))
        elif before != after:
            changed.add((name, WHOLE))
    return changed


def tracked(site, recorder: Recorder):
    """A view of the index for the pages to read: a new Site whose containers are recording copies of
    the index's (same contents). `site` itself is left as it is."""
    copies = {}
    for name, value in vars(site).items():
        if name.startswith("_"):
            continue
        if isinstance(value, dict):
            copies[name] = TrackedDict(name, value, recorder)
        elif isinstance(value, list):
            copies[name] = TrackedList(name, value, recorder)
    return replace(site, **copies)


@dataclass
class Rendered:
    template: str
    values: object  # signature of the values the template was given
    reads: frozenset
    content: str


class PageMemory:
    """Rendered pages of the last build, and what each one read."""

    def __init__(self):
        self.pages = {}  # src -> Rendered
        self.last = {}  # snapshot of the last build's index
        self.templates = None
        self.changed = set()
        self.stale = set()
        self.readers = defaultdict(set)  # (container, key) -> sources of the pages that read it
        self.recorder = Recorder()
        self.rendered = 0  # pages rendered (not reused) in the current build: for tests and the log
        self.environments = {}  # templates folder -> Jinja environment, compiled templates and all
        self.memo = {}
        self.context = None  # the build's core.context.BuildContext: it carries the recorder while a page draws

    def environment(self, templates_dir):
        key = str(templates_dir) if templates_dir and Path(templates_dir).is_dir() else ""
        if key not in self.environments:
            self.environments[key] = template_environment(templates_dir)
        return self.environments[key]

    def begin(self, site, template_dirs: list):
        """Start a build: note what changed since the last one. Returns the view of the index the
        pages read (tracked)."""
        templates = template_signature(template_dirs)
        if templates != self.templates:
            self.pages.clear()
            self.readers.clear()
            self.environments.clear()  # a new override would not replace a compiled built-in template
            self.templates = templates
        self.memo = {}  # Item signatures of this build: listing pages show Items the snapshot saw
        new = snapshot(site, self.memo)
        self.changed = changes(self.last, new)
        self.last = new
        self.stale = set()  # pages that read something that changed
        for read in self.changed:
            self.stale.update(self.readers.get(read, ()))
        self.rendered = 0
        self.recorder = Recorder()
        self.context = site.context
        return tracked(site, self.recorder)

    def still_valid(self, src: str, template: str, values) -> Rendered | None:
        page = self.pages.get(src)
        if page is None or src in self.stale or page.template != template or page.values != values:
            return None
        return page

    def page(self, renderer, template: str, src: str, values: dict):
        """The live preview's page sink (render.renderer.DrawNow): the page from memory when nothing
        it read changed, else drawn with fresh view helpers (Renderer.draw_alone)."""
        return OutputFile(src, self.render(src, template, values, lambda: renderer.draw_alone(template, src, values)))

    def render(self, src: str, template: str, values: dict, draw) -> str:
        """The page's Markdown: from memory when nothing it read changed, else `draw()`."""
        key = signature(values, self.memo)
        page = self.still_valid(src, template, key)
        if page is not None:
            return page.content
        self.recorder.reads = reads = set()
        try:
            with self.context.recording(self.recorder):
                content = draw()
        finally:
            self.recorder.reads = None
        old = self.pages.get(src)
        for read in old.reads if old is not None else ():
            self.readers[read].discard(src)
        for read in reads:
            self.readers[read].add(src)
        self.pages[src] = Rendered(template, key, frozenset(reads), content)
        self.rendered += 1
        return content


def template_signature(folders: list) -> tuple:
    """Names, sizes and modification times of every template file: any edit forgets every page."""
    found = []
    for folder in folders:
        if folder and Path(folder).is_dir():
            for path in sorted(Path(folder).rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(found)
