"""Stage 3, index: resolve every reference and derive what no editor types twice.

Inverse relations (members, fronts, sponsored groups), listings per group, base,
country and tag, first and last attacks, counts, and previous/next attack in time.
"""

from __future__ import annotations

from functools import cached_property, partial
from collections import defaultdict
from dataclasses import dataclass, field

from .articles import Page, excerpt_source
from .context import BuildContext
from .dates import PartialDate
from .links import find_links, linked
from .names import FOLDERS, attack_country, attack_kind, attack_sea, attack_title, display_name, entity_src, tag_slug
from .problems import Problems, did_you_mean
from .text import shorten

RELATIONS = ("member_of", "front_for", "backed_by")


class Lists(dict):
    """{key: [entries]} in which a key with none reads as an empty list (a group with no members),
    without being added: reading the index never changes it (a defaultdict would grow as pages read it)."""

    def __missing__(self, key):
        return []


@dataclass
class Item:
    """One line of a listing: an attack, a strike or an article, newest first."""

    kind: str
    id: str
    src: str
    date: PartialDate | None
    title: str
    _excerpt: object  # the text, or a function giving it: made on first use (`validate` never needs one)
    approximate: bool = False
    byline: str = ""
    draft: bool = False
    context: BuildContext | None = field(default=None, repr=False, compare=False)  # an excerpt read is recorded

    @property
    def excerpt(self) -> str:
        if self.context is not None:
            self.context.read("excerpts", (self.kind, self.id))
        if callable(self._excerpt):
            self._excerpt = self._excerpt()
        return self._excerpt

    @cached_property  # an attack's Item sits in up to five listings, each sorted by it
    def sort_key(self):
        if self.date is None:  # undated entries (a group with no founding date) go last
            return (1, 0, 0, self.id)
        return (0, *self.date.newest_first_key(), self.id)


@dataclass
class Site:
    """Everything the render stage needs, resolved and sorted."""

    groups: dict
    bases: dict
    attacks: dict
    articles: list
    pages: list
    countries: dict
    redirects: dict
    previews_drafts: bool
    members: dict = field(default_factory=Lists)  # umbrella id -> its member groups
    fronts: dict = field(default_factory=Lists)  # group id -> the groups that are its fronts
    sponsored: dict = field(default_factory=Lists)  # sponsor id -> the groups it backs
    relations: list = field(default_factory=list)  # (upper id, lower id, field) of every relation between published groups
    listings: dict = field(default_factory=dict)  # (kind, id) -> [Item]
    attack_groups: dict = field(default_factory=dict)  # attack id -> [group ids]
    country_groups: dict = field(default_factory=Lists)
    country_bases: dict = field(default_factory=Lists)
    tags: dict = field(default_factory=dict)  # slug -> display name
    timeline: list = field(default_factory=list)  # attacks and strikes, newest first
    attack_timeline: list = field(default_factory=list)  # the attacks only (Item.kind "attack"), newest first
    strike_timeline: list = field(default_factory=list)  # the strikes only (`kind: strike`), newest first
    targeted: dict = field(default_factory=dict)  # group id -> [Items]: attacks and strikes that hit it (target_groups)
    neighbours: dict = field(default_factory=dict)  # attack id -> (previous, next)
    vessels: dict = field(default_factory=dict)  # id -> vessel entry
    seas: dict = field(default_factory=dict)  # the register of sea areas: slug -> {name, point}

    entities: dict | None = None  # id -> entry, every kind: made from the above unless given
    names: dict | None = None  # id -> (kind, display name), every kind: what a link to an entry reads (see named)
    attack_item: dict = field(default_factory=dict)  # attack id -> its Item
    context: BuildContext = field(default_factory=BuildContext)  # what this build's pages share

    def __post_init__(self):
        if self.entities is None:  # given when a live preview makes a recording view of the index (preview.memory.tracked)
            self.entities = {**self.groups, **self.bases, **self.vessels, **self.attacks}
        if self.names is None:
            self.names = {ident: (entry.kind, display_name(entry, self)) for ident, entry in self.entities.items()}

    def resolve(self, ident: str):
        """The entry for an id or an old id from redirect_from, else None."""
        ident = self.redirects.get(ident, ident)
        return self.entities.get(ident)

    def named(self, ident: str):
        """(kind, id, display name) of the entry for an id or an old id, else None. A link reads this,
        not the whole entry: a live preview then redraws a page that links an entry only when the
        entry's name changes, not its summary."""
        ident = self.redirects.get(ident, ident)
        found = self.names.get(ident)
        return (found[0], ident, found[1]) if found else None

    def attack_items(self, kind: str, ident: str) -> list:
        """The attacks in a listing: strikes and articles are counted apart."""
        return [item for item in self.listings.get((kind, ident), []) if item.kind == "attack"]

    def strike_items(self, kind: str, ident: str) -> list:
        return [item for item in self.listings.get((kind, ident), []) if item.kind == "strike"]

    def umbrella_member_attacks(self, group_id: str) -> int:
        seen = set()
        for member in self.members.get(group_id, []):
            seen.update(item.id for item in self.attack_items("group", member.id))
        return len(seen)


def relation_edges(groups: dict) -> list:
    """(upper id, lower id, relation field) for every relation between published groups, sorted: a
    sponsor above the group it backs (`backed_by`), an umbrella above its member, a group above its front."""
    edges = set()
    for group in groups.values():
        for relation in RELATIONS:
            for other in group.values.get(relation) or []:
                if other in groups and other != group.id:
                    edges.add((other, group.id, relation))
    return sorted(edges)


class Indexer:
    def __init__(self, entries: list, pages: list, countries: dict, problems: Problems, previews_drafts: bool,
                 registered=(), seas: dict | None = None, partial=()):
        self.problems = problems
        self.partial = list(partial)  # the valid parts of entries with errors: only their references are checked
        # Ids of files that exist but failed their own checks: those files report their own errors,
        # so references to them are not reported again ("no cascade").
        self.registered = set(registered) - {e.id for e in entries}
        self.previews_drafts = previews_drafts
        self.all_ids = {e.id: e for e in entries}
        published = [e for e in entries if previews_drafts or not e.draft]
        self.drafts = {e.id for e in entries if e.draft and not previews_drafts}
        self.redirects = self._redirects(entries)
        by_kind = {kind: {} for kind in ("group", "base", "vessel", "attack")}
        for entry in sorted(published, key=lambda e: e.id):
            by_kind[entry.kind][entry.id] = entry
        articles = [p for p in pages if p.is_article and p.meta and (previews_drafts or not p.draft)]
        self.site = Site(by_kind["group"], by_kind["base"], by_kind["attack"], articles, pages, countries,
                         self.redirects, previews_drafts, vessels=by_kind["vessel"], seas=seas or {})

    def _redirects(self, entries: list) -> dict:
        redirects, live = {}, {e.id for e in entries}
        for entry in entries:
            for position, old in enumerate(entry.redirect_from or []):
                where = ("redirect_from", position)
                if old in live:
                    self.problems.add(entry.file, f"old id '{old}' is the id of a live entry",
                                      "an old id must be free; remove it from redirect_from", where)
                elif old in redirects:
                    self.problems.add(entry.file, f"old id '{old}' is already claimed by '{redirects[old]}'",
                                      "each old id redirects to one entry", where)
                else:
                    redirects[old] = entry.id
        return redirects

    def build(self) -> Site:
        self.check_references()
        self.check_cycles()
        self.check_summary_links()
        self.check_pages()
        self.derive_relations()
        self.derive_listings()
        return self.site

    # -- checks ---------------------------------------------------------------

    def check_ref(self, file: str, where: tuple, ident: str, kind: str, problems_kind: str = "") -> bool:
        target = self.redirects.get(ident, ident)
        entry = self.all_ids.get(target)
        if entry is None and target in self.registered:
            return False
        if entry is None:
            choices = [i for i, e in self.all_ids.items() if e.kind == kind] + [e.id for e in self.partial if e.kind == kind] \
                or list(self.all_ids)
            hint = did_you_mean(ident, choices) or f"no {kind} has this id; check the file names in entries/{FOLDERS[kind]}/"
            self.problems.add(file, f"unknown {kind} '{ident}'", hint, where)
            return False
        if entry.kind != kind:
            self.problems.add(file, f"'{ident}' is a {entry.kind}, not a {kind}", f"use the id of a {kind} here", where)
            return False
        if target in self.drafts:
            self.problems.add(file, f"'{ident}' is a draft, and drafts are not published",
                              f"publish {entry.file} (remove `draft: true`) or remove this reference", where)
            return False
        return True

    def checked_entries(self) -> list:
        """Every entry whose references are checked: the indexed ones, and the valid parts of the others."""
        return list(self.site.entities.values()) + self.partial

    def check_references(self) -> None:
        for entry in self.checked_entries():
            for relation in RELATIONS + ("claimed_by", "attributed_to", "target_groups"):
                if relation == "attributed_to" and entry.attributions:  # the items, where the editor wrote them
                    for position, item in enumerate(entry.attributions):
                        self.check_ref(entry.file, (relation, position, "group"), item["group"], "group")
                    continue
                for position, ident in enumerate(entry.values.get(relation) or []):
                    self.check_ref(entry.file, (relation, position), ident, "group")
            if entry.kind == "attack" and entry.base:
                self.check_ref(entry.file, ("base",), entry.base, "base")
            if entry.kind == "attack" and entry.vessel:
                self.check_ref(entry.file, ("vessel",), entry.vessel, "vessel")
        for page in self.site.articles:
            for key, kind in (("groups", "group"), ("bases", "base"), ("attacks", "attack")):
                for position, ident in enumerate(page.meta.get(key) or []):
                    if not self.check_ref(page.file, (key, position), ident, kind):
                        self._locate_last_in_front_matter(page, key)

    def _locate_last_in_front_matter(self, page: Page, key: str) -> None:
        problem = self.problems.items[-1]
        lines = page.text.splitlines()
        for number, text in enumerate(lines[: page.body_start_line], start=1):
            if text.startswith(f"{key}:"):
                self.problems.items[-1] = problem.located(number, 1)
                return

    def check_cycles(self) -> None:
        groups = self.site.groups
        for relation in RELATIONS:
            reported = set()
            for start in sorted(groups):
                path = self._cycle_from(start, relation)
                if path and frozenset(path) not in reported:
                    reported.add(frozenset(path))
                    first = groups[path[0]]
                    chain = " → ".join(path + [path[0]])
                    position = (first.values.get(relation) or []).index(path[1] if len(path) > 1 else path[0])
                    self.problems.add(first.file, f"{relation} forms a cycle: {chain}",
                                      f"a group cannot be, directly or through others, its own {relation} target; "
                                      "remove one link of the chain", (relation, position))

    def _cycle_from(self, start: str, relation: str):
        groups = self.site.groups
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for nxt in sorted(groups[node].values.get(relation) or [] if node in groups else []):
                if nxt == start and len(path) > 1:
                    return path
                if nxt not in seen and nxt in groups and nxt != node:
                    seen.add(nxt)
                    stack.append((nxt, path + [nxt]))
        return None

    def check_summary_links(self) -> None:
        from .locate import Locator

        locator = Locator()
        for entry in self.checked_entries():
            seen = defaultdict(int)
            for ident, _, _, _ in find_links(entry.summary or ""):
                occurrence, seen[ident] = seen[ident], seen[ident] + 1
                if self.redirects.get(ident, ident) in self.all_ids and ident not in self.drafts:
                    continue
                if ident in self.registered:
                    continue
                line, col = locator.locate_in_value(entry.path, ("summary",), f"[[{ident}", occurrence)
                self._unknown_link(entry.file, ident, line, col, ("summary",))

    def check_pages(self) -> None:
        for page in self.site.pages:
            for ident, _, line, col in find_links(page.body):
                if ident in self.registered:
                    continue
                if self.redirects.get(ident, ident) not in self.all_ids or ident in self.drafts:
                    self._unknown_link(page.file, ident, page.body_start_line + line, col + 1, ())

    def _unknown_link(self, file: str, ident: str, line: int, col: int, where: tuple) -> None:
        if ident in self.drafts:
            self.problems.add(file, f"[[{ident}]] links to a draft, and drafts are not published",
                              "publish that entry or remove the link", where, line, col)
            return
        hint = did_you_mean(ident, list(self.all_ids) + list(self.redirects)) or "check the id: it is the file name without .yml"
        self.problems.add(file, f"[[{ident}]] links to an unknown id", hint, where, line, col)

    # -- derived --------------------------------------------------------------

    def derive_relations(self) -> None:
        site = self.site
        members, fronts, sponsored = defaultdict(list), defaultdict(list), defaultdict(list)
        country_groups, country_bases = defaultdict(list), defaultdict(list)
        for group in site.groups.values():
            for umbrella in group.member_of or []:
                members[umbrella].append(group)
            for parent in group.front_for or []:
                fronts[parent].append(group)
            for sponsor in group.backed_by or []:
                sponsored[sponsor].append(group)
            for country in group.countries or []:
                country_groups[country].append(group)
        for base in site.bases.values():
            country_bases[base.country].append(base)
        site.members, site.fronts, site.sponsored = Lists(members), Lists(fronts), Lists(sponsored)
        site.relations = relation_edges(site.groups)
        site.country_groups, site.country_bases = Lists(country_groups), Lists(country_bases)

    def derive_listings(self) -> None:
        site = self.site
        listings = defaultdict(list)
        tag_names = defaultdict(set)
        targeted = defaultdict(list)
        for attack in site.attacks.values():
            item = Item(attack_kind(attack), attack.id, entity_src("attack", attack.id), attack.date,
                        attack_title(attack, site), partial(self.excerpt, attack.summary),
                        bool(attack.approximate), draft=attack.draft, context=site.context)
            groups = sorted(set((attack.claimed_by or []) + (attack.attributed_to or [])))
            site.attack_groups[attack.id] = [self.redirects.get(g, g) for g in groups]
            for group in site.attack_groups[attack.id]:
                listings[("group", group)].append(item)
            for group in dict.fromkeys(self.redirects.get(g, g) for g in attack.values.get("target_groups") or []):
                targeted[group].append(item)
            if attack.base:
                listings[("base", self.redirects.get(attack.base, attack.base))].append(item)
            if attack.vessel:
                listings[("vessel", self.redirects.get(attack.vessel, attack.vessel))].append(item)
            country = attack_country(attack, site)
            if country:
                listings[("country", country)].append(item)
            sea = attack_sea(attack)
            if sea:
                listings[("sea", sea)].append(item)
            site.timeline.append(item)
            site.attack_item[attack.id] = item
        for entry in site.entities.values():
            for tag in entry.tags or []:
                slug = tag_slug(tag)
                tag_names[slug].add(tag)
                listings[("tag", slug)].append(self._entity_item(entry) if entry.kind != "attack" else
                                               site.attack_item[entry.id])
        for page in site.articles:
            item = self._article_item(page)
            for key, kind in (("groups", "group"), ("bases", "base"), ("attacks", "attack")):
                for ident in page.meta.get(key) or []:
                    listings[(kind, self.redirects.get(ident, ident))].append(item)
            for tag in page.meta.get("tags") or []:
                tag_names[tag_slug(tag)].add(tag)
                listings[("tag", tag_slug(tag))].append(item)
        site.tags = {slug: sorted(names)[0] for slug, names in sorted(tag_names.items())}
        site.listings = {key: sorted(items, key=lambda i: i.sort_key) for key, items in listings.items()}
        site.targeted = {group: sorted(items, key=lambda i: i.sort_key) for group, items in sorted(targeted.items())}
        site.timeline.sort(key=lambda i: i.sort_key)
        site.attack_timeline = [item for item in site.timeline if item.kind == "attack"]
        site.strike_timeline = [item for item in site.timeline if item.kind == "strike"]
        for timeline in (site.attack_timeline, site.strike_timeline):  # an attack's neighbours are attacks
            for position, item in enumerate(timeline):
                newer = timeline[position - 1] if position > 0 else None
                older = timeline[position + 1] if position + 1 < len(timeline) else None
                site.neighbours[item.id] = (older, newer)

    def excerpt(self, markdown: str | None) -> str:
        """Plain text for listings: `[[id]]` links become their label or the entry's name.

        From the conversion the page and feeds use too (links.Linked)."""
        return shorten(linked(self.site, markdown).plain())

    def _entity_item(self, entry) -> Item:
        return Item(entry.kind, entry.id, entity_src(entry.kind, entry.id), entry.updated, entry.name,
                    partial(self.excerpt, entry.summary), draft=entry.draft, context=self.site.context)

    def _article_item(self, page: Page) -> Item:
        meta = page.meta
        return Item("article", page.src, page.src, meta["date"], meta["title"],
                    partial(self.excerpt, excerpt_source(page)), byline=", ".join(meta.get("authors") or []),
                    draft=page.draft, context=self.site.context)


def build_index(entries: list, pages: list, countries: dict, problems: Problems, previews_drafts: bool,
                registered=(), seas: dict | None = None, partial=()) -> Site:
    """`registered`: every id with a file, valid or not (see Indexer.registered); `seas`: the register of
    sea areas (core/seas.py); `partial`: the valid parts of entries with errors, whose references are
    checked too (never indexed)."""
    return Indexer(entries, pages, countries, problems, previews_drafts, registered, seas, partial).build()
