"""The relationship network: sponsors, umbrellas, members and fronts as a layered SVG diagram.

Drawn at build time (no script, no diagram library): a sponsor, umbrella or parent
group sits above the groups it backs, gathers or fronts for. Each group page shows
its own neighbourhood; `network/` shows every group that has a relation. Every box
links to the group's page, and the same relations follow as a plain list for screen
readers and for copying.
"""

from __future__ import annotations

from .index import entity_src
from .render import relative_url
from .text import attribute as esc
from .views import setting

PAGE_SRC = "network/index.md"
# relation field -> (edge class, how the lower group relates to the upper one)
RELATIONS = {"backed_by": ("backed", "is backed by"), "member_of": ("member", "is a member of"),
             "front_for": ("front", "is a front for")}
CHAR_W, PAD, GAP, ROW, BOX_H, MARGIN = 7.2, 10, 18, 80, 30, 10
MAX_LABEL = 30
MAX_GROUP_EDGES = 30  # relations drawn on one group's page


def label(group) -> str:
    text = group.short_name or group.name
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def all_edges(groups: dict) -> list:
    """(upper id, lower id, relation) for every relation between published groups, sorted."""
    edges = set()
    for group in groups.values():
        for relation in RELATIONS:
            for other in group.values.get(relation) or []:
                if other in groups and other != group.id:
                    edges.add((other, group.id, relation))
    return sorted(edges)


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

    def svg(self, diagram_id: str, title: str, href, current: str = "") -> str:
        description = f"{len(self.pos)} groups and {len(self.edges)} relations; listed in full below the diagram."
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


LEGEND = ('<p class="ma-network-legend">A line runs down from a group to the group it backs '
          '<span class="ma-key ma-key--backed"></span>, gathers as an umbrella '
          '<span class="ma-key ma-key--member"></span> or has as a front '
          '<span class="ma-key ma-key--front"></span>.</p>')


def figure(groups: dict, node_ids: list, edges: list, diagram_id: str, title: str, href, current="") -> str:
    diagram = Diagram(groups, node_ids, edges)
    return (f'<figure class="ma-network" id="{diagram_id}"><div class="ma-network-scroll">'
            f'{diagram.svg(diagram_id, title, href, current)}</div><figcaption>{esc(title)}</figcaption>'
            f'{LEGEND}<details class="ma-network-list"><summary>The relations as a list</summary>'
            f'{relation_list(groups, edges, href)}</details></figure>')


class NetworkView:
    def __init__(self, renderer):
        self.r = renderer
        self.groups = renderer.site.groups
        self.directory_urls = setting(renderer.settings, "directory_urls")
        self._edges = None

    @property
    def edges(self) -> list:
        if self._edges is None:
            self._edges = all_edges(self.groups)
        return self._edges

    def href(self, ident: str) -> str:
        return relative_url(self.r.current, entity_src("group", ident), self.directory_urls)

    def for_group(self, ident: str) -> str:
        """The group, its sponsors, umbrellas and parents, and the groups it backs, gathers or fronts for."""
        edges = [e for e in self.edges if ident in (e[0], e[1])]
        if not edges:
            return ""
        title = f"Relations of {self.groups[ident].name}"
        if len(edges) > MAX_GROUP_EDGES:
            # A sponsor of hundreds of groups: the profile page stays small; network/ has every relation.
            title += f": {MAX_GROUP_EDGES} of {len(edges)} shown, all are on the network page"
            edges = edges[:MAX_GROUP_EDGES]
        nodes = sorted({n for e in edges for n in e[:2]})
        return figure(self.groups, nodes, edges, "network", title, self.href, current=ident)

    def whole(self) -> str:
        nodes = sorted({n for e in self.edges for n in e[:2]})
        if not nodes:
            return "<p>No relations between groups are recorded yet.</p>"
        return figure(self.groups, nodes, self.edges, "network", "Relations between all groups", self.href)

    def unrelated(self) -> list:
        linked = {n for e in self.edges for n in e[:2]}
        return sorted((g for g in self.groups.values() if g.id not in linked), key=lambda g: g.name.lower())


def template_globals(renderer) -> dict:
    view = NetworkView(renderer)
    return {"group_network": view.for_group, "whole_network": view.whole, "unrelated_groups": view.unrelated}


def pages(renderer) -> list:
    return [renderer.render("network.md.j2", PAGE_SRC)]
