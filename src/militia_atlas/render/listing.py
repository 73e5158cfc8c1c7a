"""Listing items, the most-drawn HTML of a build (every group, base, country, sea, tag and home page
shows up to `per_page` of them): drawn here in Python, not by a Jinja macro.

An item is its linked title, a meta line that says what a reader needs to tell one "Drone attack on
Ain al-Asad Air Base" from the next (date, kind, who claimed it or is blamed with what certainty,
where, weapons, killed and wounded when known, whether sources differ, the source's publisher), then
its excerpt. Every editor's value is escaped here (text.html_text) or linked by the renderer.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from ..core.names import attack_target, casualties, humanize, weapon_name
from ..core.text import html_text
from .urls import page_url, relative_url

SEPARATOR = " · "


def date_html(date, approximate=False) -> str:
    """A date as the templates' `date_text` writes it, inside its <time>."""
    text = date.human() + (" (approx.)" if approximate else "")
    if date.precision != "day":
        text += f' <span class="ma-precision">({date.precision} only)</span>'
    return f'<time datetime="{date.iso()}">{text}</time>'


def listing_html(renderer, items) -> Markup:
    """The <article> of each item, newest first as given."""
    return Markup("".join(item_html(renderer, item) for item in items))


def item_html(renderer, item) -> str:
    excerpt = item.excerpt
    return (f'<article class="ma-item ma-item--{item.kind}">\n'
            f"<h3>{renderer.link(item.src, item.title)}</h3>\n"
            f'<p class="ma-meta">{SEPARATOR.join(meta_parts(renderer, item))}</p>\n'
            + (f"<p>{html_text(excerpt)}</p>\n" if excerpt else "")
            + "</article>\n")


def meta_parts(renderer, item) -> list:
    parts = [date_html(item.date, item.approximate)] if item.date else []
    parts.append(html_text(humanize(item.kind)))
    if item.byline:
        parts.append("by " + html_text(item.byline))
    attack = renderer.site.attacks.get(item.id) if item.kind in ("attack", "strike") else None
    if attack is not None:
        parts += attack_parts(renderer, attack)
    if item.draft:
        parts.append('<strong class="ma-draft-label">Draft</strong>')
    return parts


def attack_parts(renderer, attack) -> list:
    """Who, where, weapons, toll, disagreement and source of an attack: each part only when known."""
    parts = [who_html(renderer, attack), where_html(renderer, attack), weapons_text(attack), toll_text(attack)]
    if attack.accounts:
        parts.append("sources differ")
    parts.append(publishers_text(attack))
    return [part for part in parts if part]


def who_html(renderer, attack) -> str:
    """`Claimed by A · Attributed to B (suspected)`, or `Unclaimed`: claims and attributions never merged."""
    claimed = [str(renderer.entity_link(ident)) for ident in attack.claimed_by or []]
    attributions = attack.attributions or [{"group": ident} for ident in attack.attributed_to or []]
    blamed = [str(renderer.entity_link(one["group"])) + (f" ({html_text(one['certainty'])})" if one.get("certainty")
                                                          else "")
              for one in attributions if one.get("group")]
    said = (["Claimed by " + ", ".join(claimed)] if claimed else []) + \
        (["Attributed to " + ", ".join(blamed)] if blamed else [])
    return SEPARATOR.join(said) or "Unclaimed"


def where_html(renderer, attack) -> str:
    """The base or ship hit, then the country or sea area it lies in."""
    place = ""
    if attack.base and renderer.site.named(attack.base) is not None:
        place = str(renderer.entity_link(attack.base))
    elif attack.vessel and renderer.site.named(attack.vessel) is not None:
        place = str(renderer.entity_link(attack.vessel))
    elif attack.location:
        place = html_text(attack.location["name"])
    area = area_html(renderer, attack)
    return ", ".join(part for part in (place, area) if part)


def area_html(renderer, attack) -> str:
    base = renderer.site.resolve(attack.base) if attack.base else None
    if base is not None and base.kind == "base":
        return str(renderer.country_link(base.country))
    location = attack.location or {}
    if location.get("country"):
        return str(renderer.country_link(location["country"]))
    if location.get("sea"):
        return str(renderer.sea_link(location["sea"]))
    return ""


def weapons_text(attack) -> str:
    """`Drone, rocket`; nothing when the weapons are unknown."""
    names = [weapon_name(one) for one in attack.weapons or [] if one != "unknown"]
    names = names[:1] + [name if name.isupper() else name[0].lower() + name[1:] for name in names[1:]]
    return html_text(", ".join(names)) if names else ""


def toll_text(attack) -> str:
    """`3 killed, at least 40 wounded`; a count nobody gave is left out, never shown as zero."""
    counts = [f"{casualties(attack.values.get(field))} {field}" for field in ("killed", "wounded")
              if attack.values.get(field) is not None]
    return html_text(", ".join(counts))


def publishers_text(attack) -> str:
    publishers = list(dict.fromkeys(source["publisher"] for source in attack.sources or [] if source.get("publisher")))
    return html_text(", ".join(publishers))


def template_globals(renderer) -> dict:
    return {"listing_html": lambda items: listing_html(renderer, items),
            "pager_html": lambda pager: pager_html(renderer, pager),
            "pager_meta": lambda pager: pager_meta(renderer, pager),
            "attacks_table_html": lambda items: attacks_table_html(renderer, items),
            "by_month": by_month}


def pager_html(renderer, pager) -> Markup:
    """A listing's pager: newer and older pages (`rel="prev"`/`"next"`), and the page numbers, the
    current one marked, gaps as an ellipsis (urls.page_numbers). Nothing for a listing of one page."""
    if pager["count"] <= 1:
        return Markup("")
    parts = []
    if pager["newer"]:
        parts.append(_page_link(renderer, pager["newer"], "← Newer", ' rel="prev"'))
    for shown in pager["pages"]:
        if shown is None:
            parts.append('<span class="ma-pager-gap">…</span>')
        elif shown[0] == pager["number"]:
            parts.append(f'<span aria-current="page">{shown[0]}</span>')
        else:
            parts.append(_page_link(renderer, shown[1], str(shown[0]), f' aria-label="Page {shown[0]}"'))
    if pager["older"]:
        parts.append(_page_link(renderer, pager["older"], "Older →", ' rel="next"'))
    items = "\n".join(f"<li>{part}</li>" for part in parts)
    return Markup(f'<nav class="ma-pager" aria-label="Listing pages, page {pager["number"]} of {pager["count"]}">\n'
                  f"<ul>\n{items}\n</ul>\n</nav>\n")


def _page_link(renderer, src: str, label: str, attributes: str) -> str:
    return f'<a href="{html_text(relative_url(renderer.current, src, renderer.directory_urls))}"{attributes}>{label}</a>'


def pager_meta(renderer, pager) -> Markup:
    """Front matter lines naming the previous and next pages, for `<link rel>` in the head
    (overrides/main.html): paths from the site root, as MkDocs' `url` filter reads them."""
    lines = [f"ma_{rel}: {json.dumps(page_url(src, renderer.directory_urls))}" for rel, src in (("prev", pager.get("newer")),
                                                                       ("next", pager.get("older"))) if src]
    return Markup("\n".join(lines))


ATTACK_COLUMNS = ("Date", "Target", "Who", "Weapons", "Casualties", "Source")


def attacks_table_html(renderer, items) -> Markup:
    """One month of the attacks index as a table: date, target (linked to the attack), who, weapons,
    casualties and source; what is unknown says so."""
    head = "".join(f'<th scope="col">{label}</th>' for label in ATTACK_COLUMNS)
    rows = "\n".join(attack_row_html(renderer, item) for item in items)
    # Material's own wrappers of a wide table: it scrolls sideways inside the page on a phone
    return Markup('<div class="md-typeset__scrollwrap"><div class="md-typeset__table">\n'
                  f'<table class="ma-attacks">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n'
                  "</div></div>\n")


def attack_row_html(renderer, item) -> str:
    attack = renderer.site.attacks[item.id]
    target = renderer.link(item.src, attack_target(renderer.site, attack))
    if item.kind == "strike":
        target = f"<strong>Strike:</strong> {target}"
    toll = toll_text(attack) or "Unknown"
    if attack.accounts:
        toll += " (sources differ)"
    cells = [date_html(item.date, item.approximate), target, who_html(renderer, attack),
             weapons_text(attack) or "Unknown", toll, publishers_text(attack)]
    if item.draft:
        cells[1] += ' <strong class="ma-draft-label">Draft</strong>'
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def by_month(items) -> list:
    """[((year, month), items)] in the order given (newest first); month None when only the year is known."""
    months = []
    for item in items:
        key = (item.date.year, item.date.month)
        if not months or months[-1][0] != key:
            months.append((key, []))
        months[-1][1].append(item)
    return months
