"""Timelines: attacks counted by year, then month.

One global timeline page (`timeline/`) whose filters combine in place: group, target
(base or vessel), country or sea, weapon, kind (attack or strike) and a date range. Its
script (static/militia-atlas-timeline.js) fetches one data file (timeline_data.py),
fills the drop-downs with every value, and draws the matching months and attacks; the
filter is kept in the URL's query, so a reload or a shared link shows the same choice.
The page itself carries no attack: its size follows the number of months.

Without script, the static pages are the filter: each facet is a page (the group's,
base's or country's own page carries its timeline; weapons get `timeline/weapon/<weapon>/`),
linked from the page, at most MAX_FILTER_CHOICES of each kind (those with the most attacks,
ties by name), then a link to the index of them all.

Strikes (`kind: strike`) are counted apart: every timeline counts attacks, and the global page
has a timeline of strikes of its own.
"""

from __future__ import annotations

from collections import Counter
from functools import partial
from importlib import resources

from ..core.dates import MONTHS
from ..core.names import entity_src, plural, weapon_name
from ..core.schema import WEAPONS
from ..core.settings import setting
from ..core.text import attribute as esc
from ..render.outputs import OutputFile, PendingFile
from ..render.urls import file_url, listing_src, relative_url, root_url
from .helpers import drawn_globals
from .timeline_data import DATA, timeline_json

SCRIPT = "assets/militia-atlas/timeline.js"
FILTERS = (("group", "Group", "All groups"), ("target", "Target (base or vessel)", "All targets"),
           ("place", "Country or sea", "All countries and seas"), ("weapon", "Weapon", "All weapons"),
           ("kind", "Kind", "Attacks and strikes"))

INDEX_SRC = "timeline/index.md"
ATTACKS_PER_INDEX_PAGE = 5  # × per_page: the page size of attacks/index.md (Renderer.timeline_pages)
MAX_FILTER_CHOICES = 30  # groups, bases or countries offered by one drop-down of the filter
FACET_INDEXES = {"group": ("groups/index.md", "groups"), "base": ("bases/index.md", "bases"),
                 "country": ("countries/index.md", "countries")}


def weapon_src(weapon: str) -> str:
    return f"timeline/weapon/{weapon}.md"


def month_anchor(year: int, month: int | None) -> str:
    return f"m-{year:04d}-{month:02d}" if month else f"m-{year:04d}"


def month_counts(items: list) -> dict:
    """{(year, month or None): attacks}, for attack Items."""
    return Counter((item.date.year, item.date.month) for item in items)


def first_positions(items: list) -> dict:
    """{(year, month): position of the month's first item in a newest-first list}."""
    first = {}
    for position, item in enumerate(items):
        first.setdefault((item.date.year, item.date.month), position)
    return first


def weapon_attacks(site) -> dict:
    """{weapon: [attack Items, newest first]}; attacks without weapons count as `unknown`. Not strikes."""
    found = {}
    for item in site.attack_timeline:
        for weapon in site.attacks[item.id].weapons or ["unknown"]:
            found.setdefault(weapon, []).append(item)
    return found


class TimelineView:
    def __init__(self, renderer):
        self.r = renderer
        self.site = renderer.site
        self.directory_urls = setting(renderer.settings, "directory_urls")

    def url(self, target_src: str) -> str:
        return relative_url(self.r.current, target_src, self.directory_urls)

    # -- where a month's attacks are listed ---------------------------------------------

    def global_month_link(self):
        first = first_positions(self.site.timeline)
        size = self.r.per_page * ATTACKS_PER_INDEX_PAGE

        def link(key):
            number = first[key] // size + 1
            src = "attacks/index.md" if number == 1 else f"attacks/page/{number}.md"
            return self.url(src) + "#" + month_anchor(*key)
        return link

    def listing_month_link(self, kind: str, ident: str):
        first = first_positions(self.site.listings.get((kind, ident), []))
        return lambda key: self.url(listing_src(kind, ident, first[key] // self.r.per_page + 1))

    # -- HTML -------------------------------------------------------------------------

    def html(self, items: list, month_link=None, label: str = "Timeline", noun: str = "attack",
             static: bool = False) -> str:
        counts = month_counts(items)
        marker = " data-ma-static" if static else ""  # the filter's script hides it when it draws its own
        if not counts:
            return f'<p class="ma-timeline-empty"{marker}>No {noun}s recorded yet.</p>'
        peak = max(counts.values())
        years = sorted({year for year, _ in counts}, reverse=True)
        lines = [f'<div class="ma-timeline" role="group" aria-label="{esc(label)}"{marker}>']
        for year in years:
            # newest first; "month unknown" after the months of its year, as in listings
            months = sorted((m for y, m in counts if y == year), key=lambda m: m or 0, reverse=True)
            total = sum(counts[(year, m)] for m in months)
            lines.append(f'<details class="ma-timeline-year" open><summary><strong>{year}</strong> '
                         f'<span class="ma-count">{plural(total, noun, grouped=False)}</span></summary>')
            lines.append('<ol class="ma-timeline-months">')
            for month in months:
                count = counts[(year, month)]
                name = MONTHS[month - 1] if month else "Month unknown"
                label_html = esc(name)
                if month_link is not None:
                    label_html = f'<a href="{esc(month_link((year, month)))}">{label_html}</a>'
                width = max(2, round(100 * count / peak))
                lines.append(f'<li data-month="{year:04d}-{month:02d}" data-count="{count}">' if month else
                             f'<li data-month="{year:04d}" data-count="{count}">')
                lines.append(f'<span class="ma-timeline-label">{label_html}</span> '
                             f'<span class="ma-bar" style="width:{width}%" aria-hidden="true"></span> '
                             f'<span class="ma-count">{count}</span></li>')
            lines.append("</ol></details>")
        lines.append("</div>")
        return "\n".join(lines)

    def for_entity(self, kind: str, ident: str) -> str:
        items = self.site.attack_items(kind, ident)
        return self.html(items, self.listing_month_link(kind, ident) if items else None)

    def for_site(self) -> str:
        attacks = self.site.attack_timeline
        return self.html(attacks, self.global_month_link() if attacks else None, static=True)

    def strikes_for_site(self) -> str:
        strikes = self.site.strike_timeline
        return self.html(strikes, self.global_month_link() if strikes else None, "Timeline of strikes", "strike",
                         static=True)

    def filter_form(self) -> str:
        """The filter, shown by its script once the data has come; without script, links to the facet pages."""
        src = self.r.current
        lines = [f'<form class="ma-filter" data-ma-timeline hidden aria-label="Filter the timeline" '
                 f'data-data="{esc(file_url(src, DATA, self.directory_urls))}" '
                 f'data-root="{esc(root_url(src, self.directory_urls))}">']
        for name, label, everything in FILTERS:
            lines.append(f'<label>{esc(label)} <select name="{name}"><option value="">{esc(everything)}</option>'
                         "</select></label>")
        lines.append('<label>From <input type="date" name="from"></label>')
        lines.append('<label>To <input type="date" name="to"></label>')
        lines.append('<button type="reset" class="md-button">Show everything</button>')
        lines.append("</form>")
        lines.append('<div id="ma-timeline-results" class="ma-filter-results" hidden>'
                     '<p role="status" aria-live="polite"></p><div class="ma-filter-chart"></div>'
                     '<ol class="ma-results"></ol>'
                     '<button type="button" class="md-button ma-more" hidden>Show more</button>'
                     '<div class="ma-filter-months"></div></div>')
        lines.append("<noscript>")
        for title, choices, more in self.facets():
            links = " · ".join(f'<a href="{esc(url)}">{esc(name)}</a>'
                               for name, url in choices + ([more] if more else []))
            lines.append(f"<p><strong>{esc(title)}:</strong> {links}</p>")
        lines.append("</noscript>")
        lines.append(f'<script src="{esc(file_url(src, SCRIPT, self.directory_urls))}" defer></script>')
        return "\n".join(lines)

    def facets(self) -> list:
        """[(title, [(name, url)], more)]: `more` is (text, url of the index of them all) or None."""
        site = self.site

        def entity_choices(kind: str, entities) -> list:
            named = sorted(((name, ident) for ident, name in entities), key=lambda pair: (pair[0].lower(), pair[1]))
            return [(name, self.url(entity_src(kind, ident)) + "#timeline") for name, ident in named]

        def bounded(kind: str, entities: list) -> tuple:
            """The MAX_FILTER_CHOICES with the most attacks, by name; then a way to all of them."""
            counted = [(ident, name, len(site.attack_items(kind, ident))) for ident, name in entities]
            counted = [entry for entry in counted if entry[2]]
            top = sorted(counted, key=lambda e: (-e[2], e[1].lower(), e[0]))[:MAX_FILTER_CHOICES]
            more = None
            if len(counted) > len(top):
                src, plural_name = FACET_INDEXES[kind]
                more = (f"{len(counted) - len(top):,} more: the list of {plural_name}…", self.url(src))
            return entity_choices(kind, [(ident, name) for ident, name, _ in top]), more

        listed = {kind: {ident for (k, ident) in site.listings if k == kind} for kind in ("group", "base", "country")}
        weapons = site.context.shared("weapon_attacks", lambda: weapon_attacks(site))
        return [
            ("Group", *bounded("group", [(g.id, g.name) for g in site.groups.values() if g.id in listed["group"]])),
            ("Base", *bounded("base", [(b.id, b.name) for b in site.bases.values() if b.id in listed["base"]])),
            ("Country", *bounded("country", [(c, site.countries.get(c, {}).get("name", c))
                                             for c in sorted(listed["country"])])),
            ("Weapon", [(weapon_name(w), self.url(weapon_src(w))) for w in WEAPONS if w in weapons], None),
        ]


def template_globals(renderer) -> dict:
    view = TimelineView(renderer)
    weapons = {}

    def weapon_timeline(weapon: str) -> str:
        if not weapons:
            weapons.update(renderer.site.context.shared("weapon_attacks", lambda: weapon_attacks(renderer.site)))
        return view.html(weapons.get(weapon, []), label=f"Timeline of {weapon_name(weapon).lower()} attacks")

    drawn = drawn_globals(renderer, {"timeline": view.for_entity, "site_timeline": view.for_site,
                                     "site_strike_timeline": view.strikes_for_site, "timeline_filter": view.filter_form,
                                     "weapon_timeline": weapon_timeline})
    return {**drawn, "weapon_name": weapon_name, "month_anchor": month_anchor}


def extra_files(result, settings) -> list:
    script = resources.files("militia_atlas").joinpath("static/militia-atlas-timeline.js").read_text(encoding="utf-8")
    return [OutputFile(SCRIPT, script),
            PendingFile(DATA, partial(timeline_json, result.site, setting(settings, "directory_urls")))]


def pages(renderer) -> list:
    out = [renderer.render("timeline.html.j2", INDEX_SRC, weapon=None)]
    for weapon in sorted(weapon_attacks(renderer.site)):
        out.append(renderer.render("timeline.html.j2", weapon_src(weapon), weapon=weapon))
    return out
