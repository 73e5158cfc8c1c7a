"""Charts: attacks per week, stacked by country (or sea area) or by weapon, drawn at build time as
SVG. Strikes (`kind: strike`) are counted apart: a chart counts attacks, or strikes. A record longer
than MAX_WEEKS gets a second chart beside the weekly one: every month of its whole span.
A category has one colour everywhere (core/palette.py), never one that depends on its rank.

No script and no chart library: each chart is an accessible SVG (title, description)
with its numbers repeated in a table. A chart aggregates by week, so its size follows
the number of weeks and categories, never the number of attacks.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from ..core.names import attack_country, attack_sea, plural, weapon_name
from ..core.palette import colour
from ..core.text import attribute as esc
from .helpers import drawn_globals

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 12, 30
MAX_SLOT = 36  # widest bar slot, so a few weeks do not fill the whole width
MAX_CATEGORIES = 6  # the largest ones; the rest are drawn together as "Other"
MAX_WEEKS = 104  # a longer record shows its latest two years; the timeline counts every month
SEVERAL = "Several weapons"
UNKNOWN = "Unknown"


def week_of(date: dt.date) -> dt.date:
    """The Monday that starts the (ISO) week of date."""
    return date - dt.timedelta(days=date.weekday())


def month_of(date: dt.date) -> dt.date:
    return date.replace(day=1)


def next_month(date: dt.date) -> dt.date:
    return date.replace(year=date.year + 1, month=1) if date.month == 12 else date.replace(month=date.month + 1)


def next_week(date: dt.date) -> dt.date:
    return date + dt.timedelta(days=7)


def weapon_category(attack) -> str:
    weapons = [w for w in attack.weapons or [] if w != "unknown"]
    if not weapons:
        return UNKNOWN
    return weapon_name(weapons[0]) if len(weapons) == 1 else SEVERAL


class WeeklyChart:
    """Counts per (week, category) for the attacks of one scope (the latest MAX_WEEKS weeks)."""

    period, precisions, limit = "week", ("day",), MAX_WEEKS

    @staticmethod
    def start_of(date: dt.date) -> dt.date:
        return week_of(date)

    @staticmethod
    def after(date: dt.date) -> dt.date:
        return next_week(date)

    def __init__(self, attacks: list, category_of):
        self.counts = Counter()
        self.undated = 0
        for attack in attacks:
            if attack.date.precision not in self.precisions:
                self.undated += 1  # known only to the month or year: no week (or month) to put it in
                continue
            self.counts[(self.start_of(attack.date.start), category_of(attack))] += 1
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
            day = weeks[0]
            while day <= weeks[-1]:
                self.weeks.append(day)
                day = self.after(day)
            self.weeks = self.weeks[-self.limit:] if self.limit else self.weeks
        self.earlier = sum(count for (week, _), count in self.counts.items() if self.weeks and week < self.weeks[0])
        self.counts = Counter({key: count for key, count in self.counts.items() if key[0] >= self.weeks[0]}
                              if self.weeks else {})
        self.week_totals = dict.fromkeys(self.weeks, 0)
        for (week, _), count in self.counts.items():
            self.week_totals[week] += count

    @property
    def total(self) -> int:
        return sum(self.week_totals.values())


class MonthlyChart(WeeklyChart):
    """Counts per (month, category) over the whole span: `weeks` are the first days of its months."""

    period, precisions, limit = "month", ("day", "month"), None

    @staticmethod
    def start_of(date: dt.date) -> dt.date:
        return month_of(date)

    @staticmethod
    def after(date: dt.date) -> dt.date:
        return next_month(date)


def nice_top(value: int) -> int:
    """A round axis maximum at or above value."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 4:
            return -(-value // step) * step
    return value


def svg(chart: WeeklyChart, chart_id: str, title: str, noun: str = "attack", family: str = "") -> str:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = nice_top(max(chart.week_totals.values()))
    slot = min(plot_w / len(chart.weeks), MAX_SLOT)
    bar = max(slot * 0.8, 0.5)
    busiest = max(chart.weeks, key=lambda w: (chart.week_totals[w], w))
    period = chart.period
    periods = f"{len(chart.weeks)} {period}" + ("s" if len(chart.weeks) != 1 else "")
    desc = (f"Stacked bar chart of {plural(chart.total, noun, grouped=False)} in {periods}, from the {period} of "
            f"{chart.weeks[0].isoformat()} to the {period} of {chart.weeks[-1].isoformat()}. The busiest {period}, "
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
    for category in chart.categories:
        out.append(f'<path class="ma-bars" data-category="{esc(category)}" fill="{colour(family, category)}" '
                   f'd="{"".join(segments[category])}"><title>{esc(category)}: {plural(totals[category], noun, grouped=False)}</title>'
                   "</path>")
    out += _time_labels(chart.weeks, slot, by_year=chart.period == "month" and len(chart.weeks) > 24)
    out.append("</svg>")
    return "".join(out)


def _time_labels(starts_of_periods: list, slot: float, by_year: bool = False) -> list:
    """Month (or, over a long span, year) names under the bars; every other one is `minor`, left
    out on a phone, where the labels are drawn larger (militia-atlas.css)."""
    def changed(i, day):
        previous = starts_of_periods[i - 1] if i else None
        return previous is None or (day.year != previous.year if by_year else day.month != previous.month)

    starts = [(i, day) for i, day in enumerate(starts_of_periods) if changed(i, day)]
    step = max(1, -(-len(starts) // 8))
    labels = []
    for number, (i, day) in enumerate(starts[::step]):
        x = LEFT + i * slot
        minor = " ma-axis--minor" if number % 2 else ""
        text = str(day.year) if by_year else day.strftime("%b %Y")
        labels.append(f'<text class="ma-axis{minor}" x="{x:.1f}" y="{HEIGHT - 10}">{text}</text>')
    return labels


def legend(chart: WeeklyChart, family: str = "") -> str:
    keys = "".join(f'<li><span class="ma-swatch" style="background:{colour(family, c)}"></span>'
                   f'{esc(c)}</li>' for c in chart.categories)
    return f'<ul class="ma-legend">{keys}</ul>'


def table(chart: WeeklyChart, title: str, noun: str = "attack") -> str:
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in chart.categories)
    rows = []
    monthly = chart.period == "month"
    for week in chart.weeks:
        if not chart.week_totals[week]:
            continue
        cells = "".join(f"<td>{chart.counts.get((week, c), 0)}</td>" for c in chart.categories)
        label = week.strftime("%Y-%m") if monthly else week.isoformat()
        rows.append(f'<tr><th scope="row">{label}</th>{cells}<td>{chart.week_totals[week]}</td></tr>')
    what = f"months with {noun}s" if monthly else f"weeks with {noun}s; weeks start on Monday"
    return (f'<details class="ma-chart-data"><summary>The numbers as a table</summary>'
            f'<table><caption>{esc(title)} ({what})</caption>'
            f'<thead><tr><th scope="col">{"Month" if monthly else "Week of"}</th>{head}<th scope="col">Total</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></details>')


def place_category(bases: dict, countries: dict, seas: dict):
    """An attack's country by name, else its sea area's, else Unknown."""
    def category_of(attack):
        slug = attack_country(attack, bases)
        if slug:
            return countries.get(slug, {}).get("name", slug)
        sea = attack_sea(attack)
        return seas.get(sea, {}).get("name", sea) if sea else UNKNOWN
    return category_of


def drawn(chart: WeeklyChart, chart_id: str, title: str, notes: list, noun: str, family: str) -> str:
    note = f'<p class="ma-chart-note">Not shown: {"; ".join(notes)}.</p>' if notes else ""
    # A figure holds the drawing and its caption only: HTML allows no note or disclosure beside them.
    return (f'<div class="ma-chart" id="{chart_id}"><figure>{svg(chart, chart_id, title, noun, family)}'
            f'<figcaption>{esc(title)}{legend(chart, family)}</figcaption></figure>{note}{table(chart, title, noun)}</div>')


def figure(attacks: list, by: str, bases: dict, countries: dict, chart_id: str, scope: str = "",
           noun: str = "attack", seas: dict | None = None) -> str:
    category_of = weapon_category if by == "weapon" else place_category(bases, countries, seas or {})
    family = "weapon" if by == "weapon" else "country"
    chart = WeeklyChart(attacks, category_of)
    title = f"{noun.capitalize()}s per week{' ' + scope if scope else ''}, by {by}"
    if not chart.weeks:
        return f'<p class="ma-chart-empty">{esc(title)}: no {noun} with a known day yet.</p>'
    notes = []
    if chart.earlier:
        notes.append(f"{plural(chart.earlier, noun, grouped=False)} before the latest {MAX_WEEKS} weeks "
                     "(the monthly chart counts them)")
    if chart.undated:
        notes.append(f"{plural(chart.undated, noun, grouped=False)} known only to the month or year")
    weekly = drawn(chart, chart_id, title, notes, noun, family)
    if not chart.earlier:
        return weekly
    whole = MonthlyChart(attacks, category_of)
    monthly_title = f"{noun.capitalize()}s per month{' ' + scope if scope else ''}, by {by}"
    monthly_notes = [f"{plural(whole.undated, noun, grouped=False)} known only to the year"] if whole.undated else []
    return weekly + drawn(whole, f"{chart_id}-monthly", monthly_title, monthly_notes, noun, family)


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
        return figure(attacks, by, site.bases, site.countries, chart_id, scope, noun, site.seas)

    return drawn_globals(renderer, {"weekly_chart": weekly_chart})
