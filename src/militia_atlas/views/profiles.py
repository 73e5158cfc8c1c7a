"""What an entity page shows above and beside its list (issue 15): the last update, a group's tallies
split into claimed and attributed, its deadliest attacks, a country's armed groups apart from state
forces, a tag's title, and an article's date and byline. The listing items themselves are
render/listing.py's."""

from __future__ import annotations

from ..core.articles import FRONT_MATTER
from ..core.dates import PartialDate
from ..core.names import lowest_count
from ..core.text import html_text, inline
from ..render import listing
from .helpers import drawn_globals, updated

STATE_FORCE = "state-force"  # a group `type` (ENTRY_FORMAT.md): a state's forces, not an armed group
DEADLIEST = 3


def own_dates(value):
    """Every date an entry's own fields give (its sources', history's, accounts'...), at any depth."""
    if isinstance(value, PartialDate):
        yield value
    elif isinstance(value, dict):
        for one in value.values():
            yield from own_dates(one)
    elif isinstance(value, (list, tuple)):
        for one in value:
            yield from own_dates(one)


def last_updated(site, settings, entry) -> PartialDate | None:
    """The entry's `updated`, else its file's last commit, else the newest date its own data gives
    (never the file's modification time: the same entries and history give the same page)."""
    found = updated(site, settings, entry.updated, entry.path)
    if found:
        return found
    dates = list(own_dates(entry.values))
    return max(dates, key=lambda date: (date.end, date.start)) if dates else None


def tallies(site, group_id: str) -> dict:
    """A group's attacks counted by how they are tied to it: claimed (by it), else attributed (by
    certainty: stated, suspected, or not said). An attack both claimed and attributed counts as claimed."""
    counts = {"claimed": 0, "attributed": 0, "stated": 0, "suspected": 0, "unspecified": 0}
    for item in site.attack_items("group", group_id):
        attack = site.attacks[item.id]
        if group_id in (attack.claimed_by or []):
            counts["claimed"] += 1
            continue
        counts["attributed"] += 1
        certainty = next((one.get("certainty") for one in attack.attributions or []
                          if site.redirects.get(one.get("group"), one.get("group")) == group_id), None)
        counts[certainty or "unspecified"] += 1
    return counts


def toll(attack) -> int:
    """Killed and wounded as at least known (a range counts its lowest figure); 0 when unknown."""
    return sum(lowest_count(attack.values.get(field)) or 0 for field in ("killed", "wounded"))


def deadliest(site, kind: str, ident: str, count: int = DEADLIEST) -> list:
    """The listing's attacks and strikes with the highest known toll, highest first (newest first among
    equals); only those with someone killed or wounded."""
    hit = [(toll(site.attacks[item.id]), position, item)
           for position, item in enumerate(site.listings.get((kind, ident), []))
           if item.kind in ("attack", "strike") and toll(site.attacks[item.id]) > 0]
    return [item for _, _, item in sorted(hit, key=lambda one: (-one[0], one[1]))[:count]]


def most_recent_hurt(site, kind: str, ident: str):
    """The newest attack or strike of the listing with someone known killed or wounded, or None."""
    return next((item for item in site.listings.get((kind, ident), [])
                 if item.kind in ("attack", "strike") and toll(site.attacks[item.id]) > 0), None)


def deadliest_html(renderer, kind: str, ident: str) -> str:
    """The deadliest attacks, each `date: linked title (toll)`, then the most recent one with casualties
    when it is not among them; "" when none is known to have hurt anyone."""
    top = deadliest(renderer.site, kind, ident)
    if not top:
        return ""
    html = '<ol class="ma-deadliest">\n' + "\n".join(f"<li>{_toll_row(renderer, item)}</li>" for item in top) + "\n</ol>\n"
    recent = most_recent_hurt(renderer.site, kind, ident)
    if recent is not None and recent not in top:
        html += f'<p class="ma-recent-major">Most recent with casualties: {_toll_row(renderer, recent)}</p>\n'
    return html


def _toll_row(renderer, item) -> str:
    attack = renderer.site.attacks[item.id]
    return (f"{listing.date_html(item.date, item.approximate)}: {renderer.link(item.src, item.title)}"
            f" ({listing.toll_text(attack)})")


def country_groups(site, country: str) -> dict:
    """A country's groups: {"armed": militias, umbrellas, fronts...; "state": state forces}."""
    groups = site.country_groups.get(country) or []
    return {"armed": [g for g in groups if g.type != STATE_FORCE], "state": [g for g in groups if g.type == STATE_FORCE]}


def tag_title(site, slug: str) -> str:
    """A tag as a page title: as written, its first letter capitalised when written in lower case."""
    name = site.tags.get(slug, slug)
    return name[:1].upper() + name[1:] if name[:1].islower() else name


def article_head(page, markdown: str) -> str:
    """An article's Markdown with its title and, under it, its date and byline. Material shows the
    front matter's title as the heading only when the page has none: the heading is written here."""
    byline = article_byline(page)
    if not byline:
        return markdown
    head = FRONT_MATTER.match(markdown)  # `generate` writes the page with its front matter
    if head:
        return markdown[:head.end()] + article_head(page, markdown[head.end():])
    first = markdown.lstrip("\n")
    if first.startswith("# "):
        title_line, _, rest = first.partition("\n")
        return f"{title_line}\n\n{byline}{rest.lstrip(chr(10))}"
    return f"# {inline(page.meta['title'])}\n\n{byline}{markdown}"


def article_byline(page) -> str:
    """The date and authors under an article's title, as HTML ("" for a page that is no article)."""
    if not page.is_article or not page.meta or not page.meta.get("date"):
        return ""
    authors = ", ".join(page.meta.get("authors") or [])
    line = listing.date_html(page.meta["date"]) + (" · by " + html_text(authors) if authors else "")
    return f'<p class="ma-byline">{line}</p>\n\n'


def template_globals(renderer) -> dict:
    site, settings = renderer.site, renderer.settings
    plain = {
        "last_updated": lambda entry: last_updated(site, settings, entry),
        "tallies": lambda group_id: tallies(site, group_id),
        "country_groups": lambda country: country_groups(site, country),
        "tag_title": lambda slug: tag_title(site, slug),
    }
    html = drawn_globals(renderer, {
        "deadliest_html": lambda kind, ident: deadliest_html(renderer, kind, ident),
    })
    return {**plain, **html, **listing.template_globals(renderer)}
