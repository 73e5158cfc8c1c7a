"""The relationship network: sponsors, umbrellas, members and fronts as a layered SVG diagram.

Drawn at build time (no script, no diagram library): a sponsor, umbrella or parent
group sits above the groups it backs, gathers or fronts for. Each group page shows
its own neighbourhood (at most MAX_GROUP_EDGES relations). Every box links to the
group's page, and the drawn relations follow as a plain list for screen readers and
for copying.

No page grows with the number of groups. `network/` draws the whole network while it
is small (at most MAX_NETWORK_GROUPS groups and MAX_NETWORK_EDGES relations), and
lists the groups with no recorded relation below it, as long as they fit on one page.
Past that, the diagram shows the most-connected groups (`core`: the groups with the
most relations, and the relations between them; sorted by name on ties) and every
relation and every unrelated group is listed, `per_page × LISTING_PAGES` items a page,
on `network/index.md`, `network/page/2.md`, ... Relations are listed by the upper
group (sponsor, umbrella, parent), so all the groups one sponsor backs sit together,
and a capped group diagram links to the network page where its own list starts.
"""

from __future__ import annotations

from ..core.index import relation_edges
from ..core.names import entity_src
from ..render.urls import chunks, index_src, newer_older, relative_url
from ..core.text import attribute as esc
from ..core.settings import setting
from .helpers import drawn_globals

PAGE_SRC = "network/index.md"
DIAGRAM_ID = "network-diagram"  # not "network": the id MkDocs gives a "Network" heading
# relation field -> (edge class, how the lower group relates to the upper one, how the upper relates to the lower)
RELATIONS = {"backed_by": ("backed", "is backed by", "backs"), "member_of": ("member", "is a member of", "gathers"),
             "front_for": ("front", "is a front for", "has as a front")}
CHAR_W, PAD, GAP, ROW, BOX_H, MARGIN = 7.2, 10, 18, 80, 30, 10
MAX_LABEL = 30
MAX_GROUP_EDGES = 30  # relations drawn on one group's page
MAX_NETWORK_GROUPS = 30  # groups drawn on network/
MAX_NETWORK_EDGES = 60  # relations drawn on network/
LISTING_PAGES = 5  # × per_page: relations and unrelated groups listed on one network page


def page_src(number: int) -> str:
    return index_src("network", number)


def label(group) -> str:
    text = group.short_name or group.name
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def all_edges(groups: dict) -> list:
    """(upper id, lower id, relation) for every relation between published groups, sorted (the
    index's `site.relations`)."""
    return relation_edges(groups)


def degrees(edges: list) -> dict:
    count = {}
    for upper, lower, _ in edges:
        count[upper] = count.get(upper, 0) + 1
        count[lower] = count.get(lower, 0) + 1
    return count


def core(groups: dict, edges: list, max_groups: int = MAX_NETWORK_GROUPS,
         max_edges: int = MAX_NETWORK_EDGES) -> list:
    """The relations to draw on network/: all of them when they fit, else the most-connected groups'.

    The max_groups groups with the most relations (ties: by name, then id), topped up with their
    best-connected neighbours when some of them have no relation among themselves; then the
    relations between the chosen groups, those of the busiest groups first, at most max_edges."""
    nodes = {n for e in edges for n in e[:2]}
    if len(nodes) <= max_groups and len(edges) <= max_edges:
        return edges
    degree = degrees(edges)

    def rank(n):
        return (-degree[n], groups[n].name.lower(), n)
    chosen = set(sorted(nodes, key=rank)[:max_groups])
    linked = {n for u, lower, _ in edges if u in chosen and lower in chosen for n in (u, lower)}
    chosen &= linked
    while len(chosen) < max_groups:
        ties = {}
        for upper, lower, _ in edges:
            if (upper in chosen) != (lower in chosen):
                outside = lower if upper in chosen else upper
                ties[outside] = ties.get(outside, 0) + 1
        if not ties:
            break
        chosen.add(min(ties, key=lambda n: (-ties[n],) + rank(n)))
    inner = [e for e in edges if e[0] in chosen and e[1] in chosen]
    inner.sort(key=lambda e: (-(degree[e[0]] + degree[e[1]]),) + rank(e[0]) + rank(e[1]) + (e[2],))
    return sorted(inner[:max_edges])


def layers(nodes: list, edges: list) -> dict:
    """Longest-path layering: a node sits one row below its lowest upper neighbour (cycles cut)."""
    uppers = {n: sorted({u for u, lower, _ in edges if lower == n}) for n in nodes}
    row, visiting = {}, set()

    def place(node: str) -> int:
        if node in row:
            return row[node]
        visiting.add(node)
        above = [place(u) for u in uppers[node] if u not in visiting]
        visiting.discard(node)
        row[node] = 1 + max(above) if above else 0
        return row[node]

    for node in nodes:
        place(node)
    return row


def order_rows(row: dict, edges: list, names: dict) -> list:
    """Rows of node ids, each ordered to keep edges short (two barycentre sweeps)."""
    count = max(row.values(), default=-1) + 1
    rows = [sorted((n for n in row if row[n] == r), key=lambda n: (names[n].lower(), n)) for r in range(count)]
    neighbours = {n: set() for n in row}
    for upper, lower, _ in edges:
        neighbours[upper].add(lower)
        neighbours[lower].add(upper)
    for sweep in (range(1, count), range(count - 2, -1, -1)):
        for r in sweep:
            ref = r - 1 if sweep.step == 1 else r + 1
            where = {n: i for i, n in enumerate(rows[ref])}

            def centre(n, where=where):
                linked = [where[m] for m in neighbours[n] if m in where]
                return sum(linked) / len(linked) if linked else float("inf")
            rows[r].sort(key=lambda n: (centre(n), names[n].lower(), n))
    return rows


class Diagram:
    def __init__(self, groups: dict, node_ids: list, edges: list):
        self.groups = groups
        self.edges = edges
        names = {n: label(groups[n]) for n in node_ids}
        self.rows = order_rows(layers(node_ids, edges), edges, names)
        self.width_of = {n: len(names[n]) * CHAR_W + 2 * PAD for n in node_ids}
        row_widths = [sum(self.width_of[n] for n in r) + GAP * (len(r) - 1) for r in self.rows]
        self.width = max(row_widths, default=0) + 2 * MARGIN
        self.height = len(self.rows) * ROW - (ROW - BOX_H) + 2 * MARGIN
        self.pos = {}
        for r, (nodes, row_width) in enumerate(zip(self.rows, row_widths)):
            x = MARGIN + (self.width - 2 * MARGIN - row_width) / 2
            for node in nodes:
                self.pos[node] = (x, MARGIN + r * ROW)
                x += self.width_of[node] + GAP

    def svg(self, diagram_id: str, title: str, href, current: str = "", complete: bool = True) -> str:
        description = (f"{len(self.pos)} groups and {len(self.edges)} relations; listed "
                       f"{'in full ' if complete else ''}below the diagram.")
        out = [f'<svg class="ma-network-svg" viewBox="0 0 {self.width:.0f} {self.height:.0f}" '
               f'width="{self.width:.0f}" role="group" aria-labelledby="{diagram_id}-title {diagram_id}-desc" '
               f'xmlns="http://www.w3.org/2000/svg">',
               f'<title id="{diagram_id}-title">{esc(title)}</title>',
               f'<desc id="{diagram_id}-desc">{esc(description)}</desc>']
        for upper, lower, relation in self.edges:
            (ux, uy), (lx, ly) = self.pos[upper], self.pos[lower]
            x1, y1 = ux + self.width_of[upper] / 2, uy + BOX_H
            x2, y2 = lx + self.width_of[lower] / 2, ly
            out.append(f'<line class="ma-edge ma-edge--{RELATIONS[relation][0]}" x1="{x1:.1f}" y1="{y1:.1f}" '
                       f'x2="{x2:.1f}" y2="{y2:.1f}"/>')
        for node, (x, y) in sorted(self.pos.items()):
            group = self.groups[node]
            classes = f"ma-node ma-node--{esc(group.type)}" + (" ma-node--current" if node == current else "")
            out.append(f'<a href="{esc(href(node))}" class="{classes}" data-group="{esc(node)}">'
                       f'<title>{esc(group.name)} ({esc(group.type.replace("-", " "))})</title>'
                       f'<rect x="{x:.1f}" y="{y:.1f}" width="{self.width_of[node]:.1f}" height="{BOX_H}" rx="4"/>'
                       f'<text x="{x + self.width_of[node] / 2:.1f}" y="{y + BOX_H / 2 + 4:.1f}" '
                       f'text-anchor="middle">{esc(label(group))}</text></a>')
        out.append("</svg>")
        return "".join(out)


def relation_list(groups: dict, edges: list, href) -> str:
    items = []
    for upper, lower, relation in sorted(edges, key=lambda e: (groups[e[1]].name.lower(), e[2], e[0])):
        items.append(f'<li data-relation="{relation}"><a href="{esc(href(lower))}">{esc(groups[lower].name)}</a> '
                     f'{RELATIONS[relation][1]} <a href="{esc(href(upper))}">{esc(groups[upper].name)}</a></li>')
    return f'<ul class="ma-relations">{"".join(items)}</ul>'


def listing_order(groups: dict, edges: list) -> list:
    """Every relation in the network pages' order: by upper group, relation, then lower group."""
    kinds = list(RELATIONS)

    def key(edge):
        upper, lower, relation = edge
        return (groups[upper].name.lower(), upper, kinds.index(relation), groups[lower].name.lower(), lower)
    return sorted(edges, key=key)


def anchor(ident: str) -> str:
    """The id of the first relation an upper group has on the network pages."""
    return f"from-{ident}"


def upper_list(groups: dict, edges: list, href, starts=frozenset()) -> str:
    """Relations as `Upper backs Lower`, in the order given (the network pages' listing).

    `starts`: the relations that begin an upper group's run, which carry its anchor."""
    items = []
    for edge in edges:
        upper, lower, relation = edge
        ident = f' id="{anchor(upper)}"' if edge in starts else ""
        items.append(f'<li{ident} data-relation="{relation}"><a href="{esc(href(upper))}">'
                     f'{esc(groups[upper].name)}</a> {RELATIONS[relation][2]} '
                     f'<a href="{esc(href(lower))}">{esc(groups[lower].name)}</a></li>')
    return f'<ul class="ma-relations ma-relations--all">{"".join(items)}</ul>'


LEGEND = ('<p class="ma-network-legend">A line runs down from a group to the group it backs '
          '<span class="ma-key ma-key--backed"></span>, gathers as an umbrella '
          '<span class="ma-key ma-key--member"></span> or has as a front '
          '<span class="ma-key ma-key--front"></span>.</p>')


def figure(groups: dict, node_ids: list, edges: list, diagram_id: str, title: str, href, current="",
           more: str = "", complete: bool = True, listed: bool = True) -> str:
    """`more`: HTML after the caption's title (a link to the full list when the diagram is capped).
    `listed`: the drawn relations follow as a list (left out where the page lists every relation anyway)."""
    diagram = Diagram(groups, node_ids, edges)
    listing = (f'<details class="ma-network-list"><summary>The relations as a list</summary>'
               f'{relation_list(groups, edges, href)}</details>') if listed else ""
    # A figure holds the drawing and its caption only: HTML allows no legend or disclosure beside them.
    return (f'<div class="ma-network" id="{diagram_id}"><figure><div class="ma-network-scroll">'
            f'{diagram.svg(diagram_id, title, href, current, complete)}</div>'
            f'<figcaption>{esc(title)}{more}</figcaption></figure>{LEGEND}{listing}</div>')


class NetworkView:
    """The network's helpers for the page being drawn. The plan of network/, which several pages use,
    is computed once per build through the build context (BuildContext.shared), so that a live
    preview records what each page read to make it."""

    def __init__(self, renderer):
        self.r = renderer
        self.groups = renderer.site.groups
        self.directory_urls = setting(renderer.settings, "directory_urls")

    @property
    def edges(self) -> list:
        # The index's container, not all_edges(groups): a page then depends on the relations alone,
        # not on every field of every group (a live preview redraws it only when a relation changes).
        return self.r.site.relations

    def href(self, ident: str) -> str:
        return relative_url(self.r.current, entity_src("group", ident), self.directory_urls)

    def url(self, src: str) -> str:
        return relative_url(self.r.current, src, self.directory_urls)

    # -- what network/ draws and lists -------------------------------------------------

    def plan(self) -> dict:
        """drawn: the diagram's relations; pages: [(relations, unrelated groups)] per network page,
        or None when everything fits on network/index.md as diagram and list (small sites)."""
        return self.r.site.context.shared(("network", "plan"), self._plan)

    def _plan(self) -> dict:
        drawn = core(self.groups, self.edges)
        alone = self.unrelated()
        size = self.r.per_page * LISTING_PAGES
        pages = None
        if len(drawn) < len(self.edges) or len(alone) > size:
            items = [("relation", e) for e in listing_order(self.groups, self.edges)]
            items += [("group", g) for g in alone]
            pages = [([v for k, v in chunk if k == "relation"], [v for k, v in chunk if k == "group"])
                     for chunk in chunks(items, size)]
        first_page, starts = {}, set()
        for number, (relations, groups) in enumerate(pages or [], start=1):
            for edge in relations:
                if edge[0] not in first_page:
                    first_page[edge[0]] = number
                    starts.add(edge)
            for group in groups:
                first_page.setdefault(group.id, number)
        for number, (relations, _) in enumerate(pages or [], start=1):
            for _, lower, _ in relations:
                first_page.setdefault(lower, number)
        return {"drawn": drawn, "pages": pages, "first_page": first_page, "starts": starts,
                "anchored": {edge[0] for edge in starts},
                "total": len(self.edges), "alone": len(alone)}

    def page_of(self, ident: str) -> str:
        """The network page that lists a group's relations (where its list as sponsor, umbrella or parent starts)."""
        return page_src(self.plan()["first_page"].get(ident, 1))

    def for_group(self, ident: str) -> str:
        """The group, its sponsors, umbrellas and parents, and the groups it backs, gathers or fronts for."""
        edges = [e for e in self.edges if ident in (e[0], e[1])]
        if not edges:
            return ""
        title = f"Relations of {self.groups[ident].name}"
        more = ""
        if len(edges) > MAX_GROUP_EDGES:
            # A sponsor of hundreds of groups: the profile page stays small; the network pages list every relation.
            title += f": {MAX_GROUP_EDGES} of {len(edges)} shown"
            target = self.url(self.page_of(ident))
            if ident in self.plan()["anchored"]:
                target += "#" + anchor(ident)
            more = f' (<a href="{esc(target)}">all are on the network pages</a>)'
            edges = edges[:MAX_GROUP_EDGES]
        nodes = sorted({n for e in edges for n in e[:2]})
        return figure(self.groups, nodes, edges, DIAGRAM_ID, title, self.href, current=ident, more=more,
                      complete=not more)

    def whole(self) -> str:
        """network/'s diagram: every relation while they fit, else the most-connected groups."""
        drawn = self.plan()["drawn"]
        nodes = sorted({n for e in drawn for n in e[:2]})
        if not nodes:
            return "<p>No relations between groups are recorded yet.</p>"
        title = "Relations between all groups"
        if len(drawn) < len(self.edges):
            title = (f"The {len(nodes)} most-connected groups: {len(drawn)} of {len(self.edges)} relations "
                     "drawn, all are listed below")
        complete = len(drawn) == len(self.edges)
        return figure(self.groups, nodes, drawn, DIAGRAM_ID, title, self.href, complete=complete, listed=complete)

    def listed_relations(self, edges: list) -> str:
        return upper_list(self.groups, edges, self.href, self.plan()["starts"])

    def unrelated(self) -> list:
        linked = {n for e in self.edges for n in e[:2]}
        return sorted((g for g in self.groups.values() if g.id not in linked), key=lambda g: (g.name.lower(), g.id))


def template_globals(renderer) -> dict:
    view = NetworkView(renderer)
    # unrelated_groups: every one (a custom network template of before the pagination may still call it)
    return {**drawn_globals(renderer, {"group_network": view.for_group, "whole_network": view.whole,
                                       "network_relations": view.listed_relations}),
            "unrelated_groups": view.unrelated, "network_page": view.page_of}


def pages(renderer) -> list:
    plan = NetworkView(renderer).plan()
    if plan["pages"] is None:
        return [renderer.render("network.html.j2", PAGE_SRC, number=1, pager=None, relations=None, alone=None,
                                relation_total=plan["total"], alone_total=plan["alone"])]
    out = []
    count = len(plan["pages"])
    for number, (relations, alone) in enumerate(plan["pages"], start=1):
        pager = newer_older(page_src, number, count)
        out.append(renderer.render("network.html.j2", page_src(number), number=number, pager=pager,
                                   relations=relations, alone=alone, relation_total=plan["total"],
                                   alone_total=plan["alone"]))
    return out
