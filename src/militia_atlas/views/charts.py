"""Charts: attacks per week, stacked by country or by weapon, drawn at build time as SVG. Strikes
(`kind: strike`) are counted apart: a chart counts attacks, or strikes.

No script and no chart library: each chart is an accessible SVG (title, description)
with its numbers repeated in a table. A chart aggregates by week, so its size follows
the number of weeks and categories, never the number of attacks.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from ..core.names import attack_country, plural, weapon_name
from ..core.text import attribute as esc
from .helpers import drawn_globals

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 12, 30
MAX_SLOT = 36  # widest bar slot, so a few weeks do not fill the whole width
MAX_CATEGORIES = 6  # the largest ones; the rest are drawn together as "Other"
MAX_WEEKS = 104  # a longer record shows its latest two years; the timeline counts every month
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#7f7f7f")
SEVERAL = "Several weapons"
UNKNOWN = "Unknown"


def week_of(date: dt.date) -> dt.date:
    """The Monday that starts the (ISO) week of date."""
    return date - dt.timedelta(days=date.weekday())


def weapon_category(attack) -> str:
    weapons = [w for w in attack.weapons or [] if w != "unknown"]
    if not weapons:
        return UNKNOWN
    return weapon_name(weapons[0]) if len(weapons) == 1 else SEVERAL


class WeeklyChart:
    """Counts per (week, category) for the attacks of one scope."""

    def __init__(self, attacks: list, category_of):
        self.counts = Counter()
        self.undated = 0
        for attack in attacks:
            if attack.date.precision != "day":
                self.undated += 1  # known only to the month or year: no week to put it in
                continue
            self.counts[(week_of(attack.date.start), category_of(attack))] += 1
        totals = Counter()
        for (_, category), count in self.counts.items():
            totals[category] += count
        ranked = sorted(totals, key=lambda c: (-totals[c], c))
        self.categories = ranked[:MAX_CATEGORIES]
        if len(ranked) > MAX_CATEGORIES:
            self.categories.append("Other")
            keep = set(ranked[:MAX_CATEGORIES])
            merged = Counter()
            for (week, category), count in self.counts.items():
                merged[(week, category if category in keep else "Other")] += count
            self.counts = merged
        weeks = sorted({week for week, _ in self.counts})
        self.weeks = []
        if weeks:
            day = max(weeks[0], weeks[-1] - dt.timedelta(weeks=MAX_WEEKS - 1))
            while day <= weeks[-1]:
                self.weeks.append(day)
                day += dt.timedelta(days=7)
        self.earlier = sum(count for (week, _), count in self.counts.items() if self.weeks and week < self.weeks[0])
        self.counts = Counter({key: count for key, count in self.counts.items() if key[0] >= self.weeks[0]}
                              if self.weeks else {})
        self.week_totals = dict.fromkeys(self.weeks, 0)
        for (week, _), count in self.counts.items():
            self.week_totals[week] += count

    @property
    def total(self) -> int:
        return sum(self.week_totals.values())


def nice_top(value: int) -> int:
    """A round axis maximum at or above value."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 4:
            return -(-value // step) * step
    return value


def svg(chart: WeeklyChart, chart_id: str, title: str, noun: str = "attack") -> str:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = nice_top(max(chart.week_totals.values()))
    slot = min(plot_w / len(chart.weeks), MAX_SLOT)
    bar = max(slot * 0.8, 0.5)
    busiest = max(chart.weeks, key=lambda w: (chart.week_totals[w], w))
    weeks = f"{len(chart.weeks)} week" + ("s" if len(chart.weeks) != 1 else "")
    desc = (f"Stacked bar chart of {plural(chart.total, noun, grouped=False)} in {weeks}, from the week of "
            f"{chart.weeks[0].isoformat()} to the week of {chart.weeks[-1].isoformat()}. The busiest week, "
            f"starting {busiest.isoformat()}, had {chart.week_totals[busiest]}. Categories: "
            + ", ".join(chart.categories) + ".")
    out = [f'<svg class="ma-chart-svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
           f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{chart_id}-title">{esc(title)}</title>', f'<desc id="{chart_id}-desc">{esc(desc)}</desc>']
    for tick in (0, top // 2, top) if top > 1 else (0, top):
        y = TOP + plot_h - plot_h * tick / top
        out.append(f'<line class="ma-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
                   f'<text class="ma-axis" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    # One path per category (not one rect per bar) keeps a long chart small.
    segments = {category: [] for category in chart.categories}
    totals = dict.fromkeys(chart.categories, 0)
    for index, week in enumerate(chart.weeks):
        x = LEFT + index * slot + (slot - bar) / 2
        base = TOP + plot_h
        for category in chart.categories:
            count = chart.counts.get((week, category), 0)
            if count:
                height = plot_h * count / top
                base -= height
                totals[category] += count
                segments[category].append(f"M{x:.1f} {base:.1f}h{bar:.1f}v{height:.1f}h{-bar:.1f}z")
    for position, category in enumerate(chart.categories):
        out.append(f'<path class="ma-bars" data-category="{esc(category)}" fill="{PALETTE[position % len(PALETTE)]}" '
                   f'd="{"".join(segments[category])}"><title>{esc(category)}: {plural(totals[category], grouped=False)}</title>'
                   "</path>")
    out += _month_labels(chart.weeks, slot)
    out.append("</svg>")
    return "".join(out)


def _month_labels(weeks: list, slot: float) -> list:
    starts = [(i, w) for i, w in enumerate(weeks) if i == 0 or w.month != weeks[i - 1].month]
    step = max(1, -(-len(starts) // 8))
    labels = []
    for i, week in starts[::step]:
        x = LEFT + i * slot
        labels.append(f'<text class="ma-axis" x="{x:.1f}" y="{HEIGHT - 10}">{week.strftime("%b %Y")}</text>')
    return labels


def legend(chart: WeeklyChart) -> str:
    keys = "".join(f'<li><span class="ma-swatch" style="background:{PALETTE[i % len(PALETTE)]}"></span>'
                   f'{esc(c)}</li>' for i, c in enumerate(chart.categories))
    return f'<ul class="ma-legend">{keys}</ul>'


def table(chart: WeeklyChart, title: str, noun: str = "attack") -> str:
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in chart.categories)
    rows = []
    for week in chart.weeks:
        if not chart.week_totals[week]:
            continue
        cells = "".join(f"<td>{chart.counts.get((week, c), 0)}</td>" for c in chart.categories)
        rows.append(f'<tr><th scope="row">{week.isoformat()}</th>{cells}<td>{chart.week_totals[week]}</td></tr>')
    return (f'<details class="ma-chart-data"><summary>The numbers as a table</summary>'
            f'<table><caption>{esc(title)} (weeks with {noun}s; weeks start on Monday)</caption>'
            f'<thead><tr><th scope="col">Week of</th>{head}<th scope="col">Total</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></details>')


def figure(attacks: list, by: str, bases: dict, countries: dict, chart_id: str, scope: str = "",
           noun: str = "attack") -> str:
    if by == "weapon":
        category_of = weapon_category
    else:
        def category_of(attack):
            slug = attack_country(attack, bases)
            return countries.get(slug, {}).get("name", slug or UNKNOWN)
    chart = WeeklyChart(attacks, category_of)
    title = f"{noun.capitalize()}s per week{' ' + scope if scope else ''}, by {by}"
    if not chart.weeks:
        return f'<p class="ma-chart-empty">{esc(title)}: no {noun} with a known day yet.</p>'
    notes = []
    if chart.earlier:
        notes.append(f"{plural(chart.earlier, noun, grouped=False)} before the latest {MAX_WEEKS} weeks "
                     "(the timeline counts them)")
    if chart.undated:
        notes.append(f"{plural(chart.undated, noun, grouped=False)} known only to the month or year")
    note = f'<p class="ma-chart-note">Not shown: {"; ".join(notes)}.</p>' if notes else ""
    # A figure holds the drawing and its caption only: HTML allows no note or disclosure beside them.
    return (f'<div class="ma-chart" id="{chart_id}"><figure>{svg(chart, chart_id, title, noun)}'
            f'<figcaption>{esc(title)}{legend(chart)}</figcaption></figure>{note}{table(chart, title, noun)}</div>')


def template_globals(renderer) -> dict:
    site = renderer.site

    def weekly_chart(kind=None, ident=None, by: str = "country", noun: str = "attack") -> str:
        """The chart for the whole site (no kind), or for a group's, base's or country's attacks;
        `noun` "strike": the same for strikes."""
        if noun == "strike":
            items = site.strike_timeline if kind is None else site.strike_items(kind, ident)
        else:
            items = site.attack_timeline if kind is None else site.attack_items(kind, ident)
        attacks = [site.attacks[item.id] for item in items]
        entry = site.entities.get(ident) if kind in ("group", "base") else None
        scope = "" if entry is None else f"on {entry.name}" if kind == "base" else f"by {entry.name}"
        chart_id = f"chart-{by}" if noun == "attack" else f"chart-{noun}-{by}"
        return figure(attacks, by, site.bases, site.countries, chart_id, scope, noun)

    return drawn_globals(renderer, {"weekly_chart": weekly_chart})
